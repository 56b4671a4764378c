#include <cmath>
#include <limits>

#include "common/error.h"
#include "functions/tests/function_test_util.h"

namespace tarn {
namespace {

using testing::CallScalar;
using testing::MakeVector;
using testing::Texts;
using Strings = std::vector<std::string>;

VectorPtr Doubles(std::vector<std::optional<double>> v) { return MakeVector<double>(DataType::Double(), v); }
VectorPtr Ints(std::vector<std::optional<int32_t>> v) { return MakeVector<int32_t>(DataType::Int(), v); }
VectorPtr Longs(std::vector<std::optional<int64_t>> v) { return MakeVector<int64_t>(DataType::Long(), v); }
VectorPtr Decimals(int p, int s, std::vector<std::optional<int64_t>> v) {
  return MakeVector<int64_t>(DataType::Decimal(p, s), v);
}
VectorPtr Str(std::vector<std::optional<std::string_view>> v) { return MakeVector<std::string_view>(DataType::String(), v); }

FunctionContext Legacy() {
  FunctionContext ctx;
  ctx.ansi = false;
  return ctx;
}

TEST(MathFunctionsTest, UnaryDoubles) {
  EXPECT_EQ(Texts(*CallScalar("sqrt", {Doubles({4, -1, std::nullopt})})), (Strings{"2.0", "NaN", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("cbrt", {Doubles({27})})), (Strings{"3.0"}));
  EXPECT_EQ(Texts(*CallScalar("ln", {Doubles({1, 0, -1})})), (Strings{"0.0", "NULL", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("log10", {Doubles({10})})), (Strings{"1.0"}));
  EXPECT_EQ(Texts(*CallScalar("log2", {Doubles({2})})), (Strings{"1.0"}));
  EXPECT_EQ(Texts(*CallScalar("log1p", {Doubles({0, -1})})), (Strings{"0.0", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("log", {Doubles({10, 0}), Doubles({100, 5})})), (Strings{"2.0", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("log", {Doubles({1})})), (Strings{"0.0"}));
  EXPECT_EQ(Texts(*CallScalar("exp", {Doubles({0})})), (Strings{"1.0"}));
  EXPECT_EQ(Texts(*CallScalar("expm1", {Doubles({0})})), (Strings{"0.0"}));
  EXPECT_EQ(Texts(*CallScalar("pow", {Doubles({2, 1}), Doubles({3, std::numeric_limits<double>::infinity()})})),
            (Strings{"8.0", "NaN"}));
  EXPECT_EQ(Texts(*CallScalar("power", {Doubles({2}), Doubles({-1})})), (Strings{"0.5"}));
  EXPECT_EQ(Texts(*CallScalar("signum", {Doubles({40, -2, 0})})), (Strings{"1.0", "-1.0", "0.0"}));
  EXPECT_EQ(Texts(*CallScalar("sign", {Doubles({-7})})), (Strings{"-1.0"}));
  EXPECT_EQ(Texts(*CallScalar("degrees", {Doubles({M_PI})})), (Strings{"180.0"}));
  EXPECT_EQ(Texts(*CallScalar("radians", {Doubles({180})})), (Strings{"3.141592653589793"}));
  EXPECT_EQ(Texts(*CallScalar("cos", {Doubles({0})})), (Strings{"1.0"}));
  EXPECT_EQ(Texts(*CallScalar("cot", {Doubles({1})})), (Strings{"0.6420926159343306"}));
  EXPECT_EQ(Texts(*CallScalar("asinh", {Doubles({0})})), (Strings{"0.0"}));
  EXPECT_EQ(Texts(*CallScalar("acosh", {Doubles({1})})), (Strings{"0.0"}));
  EXPECT_EQ(Texts(*CallScalar("atanh", {Doubles({0})})), (Strings{"0.0"}));
  EXPECT_EQ(Texts(*CallScalar("atan2", {Doubles({0}), Doubles({0})})), (Strings{"0.0"}));
  EXPECT_EQ(Texts(*CallScalar("hypot", {Doubles({3}), Doubles({4})})), (Strings{"5.0"}));
  EXPECT_EQ(Texts(*CallScalar("rint", {Doubles({12.5, 13.5})})), (Strings{"12.0", "14.0"}));
  EXPECT_EQ(Texts(*CallScalar("pi", {})), (Strings{"3.141592653589793"}));
  EXPECT_EQ(Texts(*CallScalar("e", {})), (Strings{"2.718281828459045"}));
}

TEST(MathFunctionsTest, AbsNegativeOverflow) {
  EXPECT_EQ(Texts(*CallScalar("abs", {Ints({-1, 2, std::nullopt})})), (Strings{"1", "2", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("negative", {Ints({1})})), (Strings{"-1"}));
  EXPECT_EQ(Texts(*CallScalar("positive", {Ints({1})})), (Strings{"1"}));
  EXPECT_EQ(Texts(*CallScalar("abs", {Decimals(5, 2, {-125})})), (Strings{"1.25"}));
  EXPECT_THROW(CallScalar("abs", {Ints({INT32_MIN})}), Error);
  EXPECT_EQ(Texts(*CallScalar("abs", {Ints({INT32_MIN})}, Legacy())), (Strings{"-2147483648"}));
}

TEST(MathFunctionsTest, RoundDoubles) {
  EXPECT_EQ(Texts(*CallScalar("round", {Doubles({2.5, -2.5, 0.125, 1.005})})), (Strings{"3.0", "-3.0", "0.0", "1.0"}));
  EXPECT_EQ(Texts(*CallScalar("round", {Doubles({0.125, 1.005, 31.415}), Ints({2})})),
            (Strings{"0.13", "1.01", "31.42"}));
  EXPECT_EQ(Texts(*CallScalar("round", {Doubles({31.415}), Ints({-1})})), (Strings{"30.0"}));
  EXPECT_EQ(Texts(*CallScalar("bround", {Doubles({2.5, 3.5, -2.5})})), (Strings{"2.0", "4.0", "-2.0"}));
  EXPECT_EQ(Texts(*CallScalar("bround", {Doubles({0.125}), Ints({2})})), (Strings{"0.12"}));
  EXPECT_EQ(Texts(*CallScalar("round", {Ints({125, -125}), Ints({-1})})), (Strings{"130", "-130"}));
  EXPECT_EQ(Texts(*CallScalar("bround", {Ints({25}), Ints({-1})})), (Strings{"20"}));
  EXPECT_EQ(Texts(*CallScalar("round", {Doubles({std::nan("")})})), (Strings{"NaN"}));
}

TEST(MathFunctionsTest, RoundDecimalsExactly) {
  VectorPtr r = CallScalar("round", {Decimals(5, 3, {2345, -2345, 99999}), Ints({2})});
  EXPECT_EQ(r->type(), DataType::Decimal(5, 2));
  EXPECT_EQ(Texts(*r), (Strings{"2.35", "-2.35", "100.00"}));
  r = CallScalar("round", {Decimals(5, 3, {2345}), Ints({-1})});
  EXPECT_EQ(r->type(), DataType::Decimal(3, 0));
  EXPECT_EQ(Texts(*r), (Strings{"0"}));
  r = CallScalar("bround", {Decimals(3, 1, {25, 35})});
  EXPECT_EQ(Texts(*r), (Strings{"2", "4"}));
}

TEST(MathFunctionsTest, CeilFloor) {
  VectorPtr r = CallScalar("ceil", {Doubles({-0.1, 5, 1.2})});
  EXPECT_EQ(r->type(), DataType::Long());
  EXPECT_EQ(Texts(*r), (Strings{"0", "5", "2"}));
  EXPECT_EQ(Texts(*CallScalar("floor", {Doubles({-0.1, 5})})), (Strings{"-1", "5"}));
  EXPECT_EQ(Texts(*CallScalar("ceiling", {Longs({7})})), (Strings{"7"}));
  r = CallScalar("ceil", {Decimals(5, 4, {31411})});
  EXPECT_EQ(r->type(), DataType::Decimal(2, 0));
  EXPECT_EQ(Texts(*r), (Strings{"4"}));
  r = CallScalar("ceil", {Decimals(5, 4, {31411}), Ints({3})});
  EXPECT_EQ(Texts(*r), (Strings{"3.142"}));
  EXPECT_EQ(Texts(*CallScalar("ceil", {Decimals(5, 4, {31411}), Ints({-3})})), (Strings{"1000"}));
  EXPECT_EQ(Texts(*CallScalar("floor", {Decimals(5, 4, {31411}), Ints({-3})})), (Strings{"0"}));
  EXPECT_EQ(Texts(*CallScalar("floor", {Decimals(5, 4, {-31411}), Ints({1})})), (Strings{"-3.2"}));
}

TEST(MathFunctionsTest, ModPmod) {
  EXPECT_EQ(Texts(*CallScalar("pmod", {Ints({7, -7, INT32_MIN}), Ints({3, 3, -1})})), (Strings{"1", "2", "0"}));
  EXPECT_EQ(Texts(*CallScalar("pmod", {Ints({10, -10}), Ints({3, 3})})), (Strings{"1", "2"}));
  EXPECT_EQ(Texts(*CallScalar("pmod", {Doubles({-7.5}), Doubles({2})})), (Strings{"0.5"}));
  EXPECT_THROW(CallScalar("pmod", {Ints({1}), Ints({0})}), Error);
  EXPECT_EQ(Texts(*CallScalar("pmod", {Ints({1}), Ints({0})}, Legacy())), (Strings{"NULL"}));
  VectorPtr r = CallScalar("pmod", {Decimals(3, 1, {-25}), Decimals(3, 2, {100})});
  EXPECT_EQ(Texts(*r), (Strings{"0.50"}));
}

TEST(MathFunctionsTest, GreatestLeast) {
  EXPECT_EQ(Texts(*CallScalar("greatest", {Ints({10, std::nullopt, std::nullopt}), Ints({9, 3, std::nullopt}),
                                           Ints({2, 1, std::nullopt})})),
            (Strings{"10", "3", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("least", {Str({"b", "a"}), Str({"a", std::nullopt})})), (Strings{"a", "a"}));
  EXPECT_EQ(Texts(*CallScalar("greatest", {Doubles({1}), Doubles({std::nan("")})})), (Strings{"NaN"}));
  EXPECT_THROW(CallScalar("greatest", {Ints({1})}), Error);
}

TEST(MathFunctionsTest, Bits) {
  EXPECT_EQ(Texts(*CallScalar("bit_count", {Ints({0, 7, -1})})), (Strings{"0", "3", "64"}));
  EXPECT_EQ(Texts(*CallScalar("bit_get", {Ints({11, 11}), Ints({0, 2})})), (Strings{"1", "0"}));
  EXPECT_THROW(CallScalar("getbit", {Ints({11}), Ints({32})}), Error);
  EXPECT_EQ(Texts(*CallScalar("shiftleft", {Ints({2}), Ints({1})})), (Strings{"4"}));
  EXPECT_EQ(Texts(*CallScalar("shiftright", {Ints({-4}), Ints({1})})), (Strings{"-2"}));
  EXPECT_EQ(Texts(*CallScalar("shiftrightunsigned", {Ints({-4}), Ints({1})})), (Strings{"2147483646"}));
  EXPECT_EQ(Texts(*CallScalar("shiftleft", {Longs({1}), Ints({65})})), (Strings{"2"}));
}

TEST(MathFunctionsTest, ConvBinFactorialWidthBucket) {
  EXPECT_EQ(Texts(*CallScalar("conv", {Str({"100", "-10", "zz", "12x", ""}), Ints({2, 16, 36, 10, 10}),
                                       Ints({10, -10, 10, 16, 2})})),
            (Strings{"4", "-16", "1295", "C", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("conv", {Str({"-10"}), Ints({16}), Ints({10})})), (Strings{"18446744073709551600"}));
  EXPECT_EQ(Texts(*CallScalar("conv", {Str({"FFFFFFFFFFFFFFFFFF"}), Ints({16}), Ints({10})}, Legacy())),
            (Strings{"18446744073709551615"}));
  EXPECT_THROW(CallScalar("conv", {Str({"FFFFFFFFFFFFFFFFFF"}), Ints({16}), Ints({10})}), Error);
  EXPECT_EQ(Texts(*CallScalar("bin", {Longs({13, -13, 0})})),
            (Strings{"1101", "1111111111111111111111111111111111111111111111111111111111110011", "0"}));
  EXPECT_EQ(Texts(*CallScalar("factorial", {Ints({5, 21, 0})})), (Strings{"120", "NULL", "1"}));
  EXPECT_EQ(Texts(*CallScalar("width_bucket", {Doubles({5.3, -2.1, 10, -0.9}), Doubles({0.2, 0, 0, 5.2}),
                                               Doubles({10.6, 10, 10, 0.5}), Longs({5, 4, 4, 2})})),
            (Strings{"3", "0", "5", "3"}));
}

TEST(MathFunctionsTest, TryArithmetic) {
  EXPECT_EQ(Texts(*CallScalar("try_add", {Ints({1, INT32_MAX}), Ints({2, 1})})), (Strings{"3", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("try_subtract", {Ints({INT32_MIN}), Ints({1})})), (Strings{"NULL"}));
  EXPECT_EQ(Texts(*CallScalar("try_multiply", {Longs({INT64_MAX, 3}), Longs({2, 3})})), (Strings{"NULL", "9"}));
  EXPECT_EQ(Texts(*CallScalar("try_divide", {Doubles({3, 1}), Doubles({2, 0})})), (Strings{"1.5", "NULL"}));
  VectorPtr r = CallScalar("try_add", {Decimals(3, 1, {15}), Decimals(3, 2, {125})});
  EXPECT_EQ(r->type(), DataType::Decimal(5, 2));
  EXPECT_EQ(Texts(*r), (Strings{"2.75"}));
  r = CallScalar("try_divide", {Decimals(3, 0, {1}), Decimals(3, 0, {3})});
  EXPECT_EQ(Texts(*r), (Strings{"0.333333"}));
}

TEST(MathFunctionsTest, RandomMatchesSparkSeeds) {
  // PySpark's documented examples: rand(42) / randn(42) over two rows of one partition.
  auto two_rows = [](const std::string& name) {
    const FunctionInfo* info = FunctionRegistry::Builtin().Find(name);
    VectorPtr seed = MakeVector<int32_t>(DataType::Int(), {42});
    BoundScalar bound = info->scalar({{DataType::Int(), false, seed}}, {});
    std::vector<VectorPtr> args = {Vector::MakeConstant(seed, 0, 2)};
    return Texts(*bound.kernel(std::span<const VectorPtr>(args), 2, {}));
  };
  Strings r1 = two_rows("rand");
  EXPECT_EQ(r1[0].substr(0, 14), "0.619189370225") << r1[0];
  EXPECT_EQ(r1[1].substr(0, 15), "0.5096018842446") << r1[1];
  Strings r2 = two_rows("randn");
  EXPECT_EQ(r2[0].substr(0, 14), "2.384479054241") << r2[0];
  EXPECT_EQ(r2[1].substr(0, 15), "0.1920934041293") << r2[1];
  const FunctionInfo* info = FunctionRegistry::Builtin().Find("random");
  ASSERT_NE(info, nullptr);
  BoundScalar bound = info->scalar({}, {});
  EXPECT_FALSE(bound.deterministic);
  VectorPtr r = bound.kernel({}, 100, {});
  for (size_t i = 0; i < 100; ++i) {
    double v = r->ValueAt<double>(i);
    EXPECT_TRUE(v >= 0 && v < 1);
  }
}

}  // namespace
}  // namespace tarn
