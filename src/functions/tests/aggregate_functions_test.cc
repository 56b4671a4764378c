// Aggregate functions driven the way the executor drives them: states in
// memory we own, Update over batches, Merge of partial states, Finalize.
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>

#include "common/error.h"
#include "functions/builtins.h"
#include "functions/tests/function_test_util.h"
#include "types/decimal.h"

namespace tarn {
namespace {

using testing::MakeVector;
using testing::TextAt;
using testing::Texts;

// One aggregate state in aligned memory we own.
class State {
 public:
  explicit State(const AggregateFunction& fn) : fn_(fn) {
    size_t align = fn.state_align();
    size_t size = (std::max<size_t>(fn.state_size(), 1) + align - 1) / align * align;
    data_ = static_cast<uint8_t*>(std::aligned_alloc(align, size));
    fn_.Init(data_);
  }
  ~State() {
    if (fn_.needs_destroy()) fn_.Destroy(data_);
    std::free(data_);
  }
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  uint8_t* get() const { return data_; }

 private:
  const AggregateFunction& fn_;
  uint8_t* data_;
};

// Only this group's functions, so a broken registration elsewhere cannot
// hide aggregate results.
const FunctionRegistry& Registry() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    RegisterAggregateFunctions(r);
    return r;
  }();
  return registry;
}

std::shared_ptr<const AggregateFunction> Bind(const std::string& name, const std::vector<VectorPtr>& args,
                                              const FunctionContext& ctx = {}) {
  const FunctionInfo* info = Registry().Find(name);
  EXPECT_NE(info, nullptr) << name;
  if (info == nullptr) return nullptr;
  EXPECT_EQ(info->kind, FunctionKind::kAggregate) << name;
  EXPECT_EQ(info->group, "agg_funcs") << name;
  std::vector<ArgType> types;
  for (const VectorPtr& arg : args) types.push_back({arg->type(), true, arg->size() == 1 ? arg : nullptr});
  auto fn = info->aggregate(types, ctx);
  for (size_t i = 0; i < args.size(); ++i)
    EXPECT_EQ(fn->arg_types()[i], args[i]->type()) << name << " argument " << i << " needs a cast";
  return fn;
}

void UpdateRange(const AggregateFunction& fn, uint8_t* state, const std::vector<VectorPtr>& args, size_t begin,
                 size_t end, size_t rows) {
  std::vector<VectorPtr> slice;
  for (const VectorPtr& arg : args) slice.push_back(Vector::View(arg, begin, end - begin));
  std::vector<uint8_t*> states(end - begin, state);
  (void)rows;
  fn.Update(states.data(), std::span<const VectorPtr>(slice), end - begin);
}

VectorPtr FinalizeOne(const AggregateFunction& fn, const uint8_t* state) {
  VectorPtr out = Vector::Make(fn.result_type(), 1);
  fn.Finalize(&state, 1, *out);
  EXPECT_EQ(out->size(), 1u);
  return out;
}

size_t RowCount(const std::vector<VectorPtr>& args, size_t rows) {
  if (!args.empty()) rows = args[0]->size();
  return rows;
}

// Runs `name` as a global aggregate twice, in one pass and as two partial
// states merged, checks that both agree and returns the result as text.
// `rows` is the row count for count(*) (no arguments).
// Floating-point moments merged from partial states differ from one pass in
// the last bits (as in Spark, where results depend on the partitioning):
// `exact` false compares the split runs numerically.
std::string Agg(const std::string& name, const std::vector<VectorPtr>& args, const FunctionContext& ctx = {},
                size_t rows = 0, bool exact = true) {
  auto fn = Bind(name, args, ctx);
  if (!fn) return "<unbound>";
  size_t n = RowCount(args, rows);
  State one(*fn);
  UpdateRange(*fn, one.get(), args, 0, n, n);
  std::string single = TextAt(*FinalizeOne(*fn, one.get()), 0);
  // Split in two (also the empty prefix and suffix), merge, compare.
  for (size_t split : {size_t{0}, n / 2, n}) {
    State left(*fn), right(*fn);
    UpdateRange(*fn, left.get(), args, 0, split, n);
    UpdateRange(*fn, right.get(), args, split, n, n);
    fn->Merge(left.get(), right.get());
    std::string merged = TextAt(*FinalizeOne(*fn, left.get()), 0);
    if (exact || merged == "NULL" || single == "NULL") EXPECT_EQ(merged, single) << name << " split at " << split;
    else EXPECT_NEAR(std::stod(merged), std::stod(single), 1e-12 * std::fabs(std::stod(single))) << name;
  }
  return single;
}

// Every row in its own partial state, merged in order into an empty one: how
// Spark computed its documented examples (one row per partition).
std::string AggRowWise(const std::string& name, const std::vector<VectorPtr>& args) {
  auto fn = Bind(name, args);
  if (!fn) return "<unbound>";
  State total(*fn);
  for (size_t i = 0; i < args[0]->size(); ++i) {
    State row(*fn);
    UpdateRange(*fn, row.get(), args, i, i + 1, 0);
    fn->Merge(total.get(), row.get());
  }
  return TextAt(*FinalizeOne(*fn, total.get()), 0);
}

std::string ResultType(const std::string& name, const std::vector<VectorPtr>& args, const FunctionContext& ctx = {}) {
  auto fn = Bind(name, args, ctx);
  return fn ? fn->result_type().ToString() : "<unbound>";
}

template <typename T>
using Values = std::vector<std::optional<T>>;

VectorPtr Ints(const Values<int32_t>& values) { return MakeVector<int32_t>(DataType::Int(), values); }
VectorPtr Longs(const Values<int64_t>& values) { return MakeVector<int64_t>(DataType::Long(), values); }
VectorPtr Doubles(const Values<double>& values) { return MakeVector<double>(DataType::Double(), values); }
VectorPtr Strings(const Values<std::string>& values) { return MakeVector<std::string>(DataType::String(), values); }
// Decimals from text at the type's scale.
VectorPtr Decimals(int precision, int scale, const Values<std::string>& texts) {
  DataType type = DataType::Decimal(precision, scale);
  VectorPtr out = Vector::Make(type, texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    if (!texts[i]) {
      out->SetNull(i);
      continue;
    }
    auto value = ParseDecimal(*texts[i], precision, scale);
    EXPECT_TRUE(value.has_value()) << *texts[i];
    if (precision <= kMaxInt64DecimalPrecision) out->values<int64_t>()[i] = static_cast<int64_t>(*value);
    else out->values<int128_t>()[i] = *value;
  }
  return out;
}

FunctionContext Legacy() {
  FunctionContext ctx;
  ctx.ansi = false;
  return ctx;
}

ErrorClass ErrorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.info().error_class;
  }
  return ErrorClass::kInternalError;
}

constexpr int64_t kMaxLong = std::numeric_limits<int64_t>::max();

// --- count ------------------------------------------------------------------------

TEST(AggregateCountTest, StarCountsEveryRow) {
  EXPECT_EQ(Agg("count", {}, {}, 4), "4");
  EXPECT_EQ(Agg("count", {}, {}, 0), "0");
}

TEST(AggregateCountTest, CountsRowsWhereAllArgumentsAreNonNull) {
  EXPECT_EQ(Agg("count", {Ints({std::nullopt, 5, 5, 20})}), "3");
  EXPECT_EQ(Agg("count", {Ints({1, std::nullopt, 3, 4}), Strings({"a", "b", std::nullopt, "d"})}), "2");
  EXPECT_EQ(Agg("count", {Ints({})}), "0");
  EXPECT_EQ(ResultType("count", {Ints({1})}), "bigint");
}

TEST(AggregateCountTest, GroupedUpdateUsesOneStatePerRow) {
  auto fn = Bind("count", {Ints({1})});
  State a(*fn), b(*fn);
  VectorPtr values = Ints({1, std::nullopt, 3, 4, 5});
  uint8_t* states[] = {a.get(), a.get(), b.get(), a.get(), b.get()};
  std::vector<VectorPtr> args{values};
  fn->Update(states, std::span<const VectorPtr>(args), 5);
  const uint8_t* finals[] = {a.get(), b.get()};
  VectorPtr out = Vector::Make(fn->result_type(), 2);
  fn->Finalize(finals, 2, *out);
  EXPECT_EQ(Texts(*out), (std::vector<std::string>{"2", "2"}));
}

TEST(AggregateCountTest, ReadsConstantAndDictionaryArguments) {
  VectorPtr constant = Vector::MakeConstant(Ints({7}), 0, 3);
  auto fn = Bind("sum", {Longs({1})});
  State s(*fn);
  std::vector<VectorPtr> args{Vector::MakeConstant(Longs({7}), 0, 3)};
  std::vector<uint8_t*> states(3, s.get());
  fn->Update(states.data(), std::span<const VectorPtr>(args), 3);
  EXPECT_EQ(TextAt(*FinalizeOne(*fn, s.get()), 0), "21");
  EXPECT_EQ(Agg("count", {constant}), "3");
}

// --- sum ----------------------------------------------------------------------

TEST(AggregateSumTest, SparkExamples) {
  EXPECT_EQ(Agg("sum", {Longs({5, 10, 15})}), "30");
  EXPECT_EQ(Agg("sum", {Longs({std::nullopt, 10, 15})}), "25");
  EXPECT_EQ(Agg("sum", {Longs({std::nullopt, std::nullopt})}), "NULL");
  EXPECT_EQ(Agg("sum", {Longs({})}), "NULL");
  EXPECT_EQ(Agg("sum", {Doubles({0.5, 0.25, std::nullopt})}), "0.75");
}

TEST(AggregateSumTest, ResultTypes) {
  EXPECT_EQ(ResultType("sum", {Longs({1})}), "bigint");
  EXPECT_EQ(ResultType("sum", {Doubles({1})}), "double");
  EXPECT_EQ(ResultType("sum", {Decimals(10, 2, {"1"})}), "decimal(20,2)");
  EXPECT_EQ(ResultType("sum", {Decimals(30, 5, {"1"})}), "decimal(38,5)");
  // Integral inputs are cast to bigint, strings to double.
  auto fn = Bind("sum", {Longs({1})});
  const FunctionInfo* info = Registry().Find("sum");
  auto from_int = info->aggregate({ArgType{DataType::Int(), true, nullptr}}, {});
  EXPECT_EQ(from_int->arg_types()[0], DataType::Long());
  auto from_string = info->aggregate({ArgType{DataType::String(), true, nullptr}}, {});
  EXPECT_EQ(from_string->result_type(), DataType::Double());
  EXPECT_THROW(info->aggregate({ArgType{DataType::Boolean(), true, nullptr}}, {}), FunctionBindError);
  EXPECT_THROW(info->aggregate({}, {}), Error);  // WRONG_NUM_ARGS
}

TEST(AggregateSumTest, LongOverflowRaisesInAnsiWrapsInLegacyAndIsNullInTrySum) {
  VectorPtr values = Longs({kMaxLong, 1});
  EXPECT_EQ(ErrorOf([&] { Agg("sum", {values}); }), ErrorClass::kArithmeticOverflow);
  EXPECT_EQ(Agg("sum", {values}, Legacy()), "-9223372036854775808");
  EXPECT_EQ(Agg("try_sum", {values}), "NULL");
  EXPECT_EQ(Agg("try_sum", {Longs({5, 10, 15})}), "30");
}

TEST(AggregateSumTest, Decimals) {
  EXPECT_EQ(Agg("sum", {Decimals(10, 2, {"1.25", std::nullopt, "-0.50", "100.00"})}), "100.75");
  EXPECT_EQ(Agg("sum", {Decimals(10, 2, {})}), "NULL");
  EXPECT_EQ(Agg("sum", {Decimals(30, 1, {"12345678901234567890123456789.5", "0.5"})}),
            "12345678901234567890123456790.0");
}

TEST(AggregateSumTest, DecimalOverflowRaisesInAnsiAndIsNullInLegacy) {
  std::string big(38, '9');
  VectorPtr values = Decimals(38, 0, {big, "1"});
  EXPECT_EQ(ErrorOf([&] { Agg("sum", {values}); }), ErrorClass::kArithmeticOverflow);
  EXPECT_EQ(Agg("sum", {values}, Legacy()), "NULL");
  EXPECT_EQ(Agg("try_sum", {values}), "NULL");
  // The largest values that fit do not overflow.
  EXPECT_EQ(Agg("sum", {Decimals(38, 0, {big, "-1"})}), std::string(37, '9') + "8");
}

TEST(AggregateSumTest, Intervals) {
  VectorPtr months = MakeVector<int32_t>(DataType::YearMonthInterval(), {14, 10, std::nullopt});
  EXPECT_EQ(Agg("sum", {months}), "INTERVAL '2-0' YEAR TO MONTH");
  VectorPtr micros = MakeVector<int64_t>(DataType::DayTimeInterval(), {1500000, 2500000});
  EXPECT_EQ(Agg("sum", {micros}), "INTERVAL '0 00:00:04' DAY TO SECOND");
  VectorPtr big = MakeVector<int32_t>(DataType::YearMonthInterval(), {std::numeric_limits<int32_t>::max(), 1});
  EXPECT_EQ(ErrorOf([&] { Agg("sum", {big}, Legacy()); }), ErrorClass::kArithmeticOverflow);
  EXPECT_EQ(Agg("try_sum", {big}), "NULL");
}

// --- avg ----------------------------------------------------------------------

TEST(AggregateAvgTest, SparkExamples) {
  const FunctionInfo* info = Registry().Find("avg");
  auto from_int = info->aggregate({ArgType{DataType::Int(), true, nullptr}}, {});
  EXPECT_EQ(from_int->arg_types()[0], DataType::Double());
  EXPECT_EQ(Agg("avg", {Doubles({1, 2, 3})}), "2.0");
  EXPECT_EQ(Agg("avg", {Doubles({1, 2, std::nullopt})}), "1.5");
  EXPECT_EQ(Agg("mean", {Doubles({1, 2, std::nullopt})}), "1.5");
  EXPECT_EQ(Agg("avg", {Doubles({})}), "NULL");
  EXPECT_EQ(Agg("try_avg", {Doubles({1, 2, 3})}), "2.0");
}

TEST(AggregateAvgTest, DecimalsRoundHalfUpAtScalePlusFour) {
  EXPECT_EQ(ResultType("avg", {Decimals(10, 2, {"1"})}), "decimal(14,6)");
  EXPECT_EQ(ResultType("avg", {Decimals(38, 36, {"1"})}), "decimal(38,38)");
  EXPECT_EQ(Agg("avg", {Decimals(10, 2, {"1.00", "2.00", "2.00"})}), "1.666667");
  EXPECT_EQ(Agg("avg", {Decimals(10, 2, {"-1.00", "-2.00", "-2.00"})}), "-1.666667");
  EXPECT_EQ(Agg("avg", {Decimals(10, 0, {"1", "2"})}), "1.5000");
  EXPECT_EQ(Agg("avg", {Decimals(10, 2, {std::nullopt})}), "NULL");
  // 2/3 rounds up in the last place, 1/3 down.
  EXPECT_EQ(Agg("avg", {Decimals(5, 0, {"2", "0", "0"})}), "0.6667");
  EXPECT_EQ(Agg("avg", {Decimals(5, 0, {"1", "0", "0"})}), "0.3333");
}

TEST(AggregateAvgTest, DecimalOverflow) {
  std::string big(38, '9');
  VectorPtr values = Decimals(38, 0, {big, big});
  EXPECT_EQ(ErrorOf([&] { Agg("avg", {values}); }), ErrorClass::kArithmeticOverflow);
  EXPECT_EQ(Agg("avg", {values}, Legacy()), "NULL");
  EXPECT_EQ(Agg("try_avg", {values}), "NULL");
  // avg(decimal(38,0)) is decimal(38,4): a sum that fits may still overflow the average.
  EXPECT_EQ(ResultType("avg", {Decimals(38, 0, {"1"})}), "decimal(38,4)");
  EXPECT_EQ(Agg("avg", {Decimals(38, 0, {big, "-1"})}, Legacy()), "NULL");
  EXPECT_EQ(Agg("avg", {Decimals(38, 0, {"3", "4"})}), "3.5000");
}

TEST(AggregateAvgTest, Intervals) {
  VectorPtr months = MakeVector<int32_t>(DataType::YearMonthInterval(), {1, 2});
  EXPECT_EQ(Agg("avg", {months}), "INTERVAL '0-2' YEAR TO MONTH");  // 1.5 rounds half-up
  VectorPtr micros = MakeVector<int64_t>(DataType::DayTimeInterval(), {-1, -2});
  EXPECT_EQ(Agg("avg", {micros}), "INTERVAL '-0 00:00:00.000002' DAY TO SECOND");
}

// --- min / max ------------------------------------------------------------------

TEST(AggregateMinMaxTest, Numbers) {
  EXPECT_EQ(Agg("min", {Ints({10, -1, 20})}), "-1");
  EXPECT_EQ(Agg("max", {Ints({10, 50, 20})}), "50");
  EXPECT_EQ(Agg("max", {Ints({std::nullopt, std::nullopt})}), "NULL");
  EXPECT_EQ(Agg("min", {Ints({})}), "NULL");
  EXPECT_EQ(ResultType("max", {Ints({1})}), "int");
  EXPECT_EQ(Agg("max", {Decimals(20, 2, {"1.50", "-3.00", "1.49"})}), "1.50");
}

TEST(AggregateMinMaxTest, NaNIsTheLargestDouble) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(Agg("max", {Doubles({1.0, nan, 2.0})}), "NaN");
  EXPECT_EQ(Agg("min", {Doubles({1.0, nan, -2.0})}), "-2.0");
}

TEST(AggregateMinMaxTest, StringsOwnTheirBytes) {
  std::string long_a = "a string longer than twelve bytes";
  std::string long_b = "b string longer than twelve bytes";
  EXPECT_EQ(Agg("max", {Strings({long_a, std::nullopt, long_b, "apple"})}), long_b);
  EXPECT_EQ(Agg("min", {Strings({long_b, long_a, "b"})}), long_a);
  EXPECT_EQ(Agg("min", {Strings({"é", "z"})}), "z");  // unsigned byte order
  // The state outlives the input vector.
  auto fn = Bind("max", {Strings({"x"})});
  State s(*fn);
  {
    std::vector<VectorPtr> args{Strings({long_a})};
    uint8_t* states[] = {s.get()};
    fn->Update(states, std::span<const VectorPtr>(args), 1);
  }
  EXPECT_EQ(TextAt(*FinalizeOne(*fn, s.get()), 0), long_a);
}

TEST(AggregateMinMaxTest, Arrays) {
  VectorPtr arrays = Vector::Make(DataType::Array(DataType::Int()), 0);
  auto append = [&](std::vector<int32_t> values) {
    VectorPtr row = Vector::Make(DataType::Array(DataType::Int()), 1);
    for (int32_t v : values) row->child(0).AppendFrom(*Ints({v}), 0);
    row->offsets()[1] = static_cast<int32_t>(values.size());
    arrays->AppendFrom(*row, 0);
  };
  append({1, 2});
  append({1});
  append({0, 5, 6});
  EXPECT_EQ(Agg("max", {arrays}), "[1, 2]");
  EXPECT_EQ(Agg("min", {arrays}), "[0, 5, 6]");
}

// --- count_if / bool / bit --------------------------------------------------------

VectorPtr Bools(const Values<bool>& values) { return MakeVector<bool>(DataType::Boolean(), values); }

TEST(AggregateLogicTest, CountIfBoolAndBit) {
  EXPECT_EQ(Agg("count_if", {Bools({std::nullopt, true, false, true})}), "2");
  EXPECT_EQ(Agg("count_if", {Bools({})}), "0");
  EXPECT_EQ(Agg("bool_and", {Bools({true, std::nullopt, true})}), "true");
  EXPECT_EQ(Agg("every", {Bools({true, false, true})}), "false");
  EXPECT_EQ(Agg("bool_or", {Bools({std::nullopt, false, true})}), "true");
  EXPECT_EQ(Agg("some", {Bools({false, false, std::nullopt})}), "false");
  EXPECT_EQ(Agg("any", {Bools({std::nullopt})}), "NULL");
  EXPECT_EQ(Agg("bit_and", {Ints({3, 5})}), "1");
  EXPECT_EQ(Agg("bit_or", {Ints({3, 5, std::nullopt})}), "7");
  EXPECT_EQ(Agg("bit_xor", {Ints({3, 5})}), "6");
  EXPECT_EQ(Agg("bit_xor", {Ints({})}), "NULL");
}

// --- first / last / any_value / min_by / max_by ------------------------------------

VectorPtr Flag(bool value) { return Bools({value}); }

TEST(AggregateSelectTest, FirstAndLast) {
  // A 1-row flag argument is a constant; repeat it to the batch size.
  auto with_flag = [](VectorPtr values, bool flag) {
    return std::vector<VectorPtr>{values, Vector::MakeConstant(Flag(flag), 0, values->size())};
  };
  VectorPtr values = Ints({std::nullopt, 5, 20, std::nullopt});
  EXPECT_EQ(Agg("first", {Ints({10, 5, 20})}), "10");
  EXPECT_EQ(Agg("first", {values}), "NULL");
  EXPECT_EQ(Agg("last", {values}), "NULL");
  EXPECT_EQ(Agg("last_value", {Ints({10, 5, 20})}), "20");
  EXPECT_EQ(Agg("any_value", {Ints({10, 5, 20})}), "10");
  EXPECT_EQ(Agg("first", {Ints({})}), "NULL");
  // ignoreNulls must be a literal: bind with the 1-row constant.
  const FunctionInfo* first = Registry().Find("first");
  std::vector<ArgType> types{{DataType::Int(), true, nullptr}, {DataType::Boolean(), false, Flag(true)}};
  auto fn = first->aggregate(types, {});
  State s(*fn);
  auto args = with_flag(values, true);
  std::vector<uint8_t*> states(values->size(), s.get());
  fn->Update(states.data(), std::span<const VectorPtr>(args), values->size());
  EXPECT_EQ(TextAt(*FinalizeOne(*fn, s.get()), 0), "5");
  std::vector<ArgType> not_literal{{DataType::Int(), true, nullptr}, {DataType::Boolean(), true, nullptr}};
  EXPECT_THROW(first->aggregate(not_literal, {}), FunctionBindError);

  const FunctionInfo* last = Registry().Find("last");
  auto last_fn = last->aggregate(types, {});
  State t(*last_fn);
  last_fn->Update(states.data(), std::span<const VectorPtr>(args), values->size());
  EXPECT_EQ(TextAt(*FinalizeOne(*last_fn, t.get()), 0), "NULL");  // t was not updated
  std::vector<uint8_t*> t_states(values->size(), t.get());
  last_fn->Update(t_states.data(), std::span<const VectorPtr>(args), values->size());
  EXPECT_EQ(TextAt(*FinalizeOne(*last_fn, t.get()), 0), "20");
}

TEST(AggregateSelectTest, FirstKeepsLongStrings) {
  std::string long_a = "a string longer than twelve bytes";
  EXPECT_EQ(Agg("first", {Strings({long_a, "b"})}), long_a);
  EXPECT_EQ(Agg("last", {Strings({"b", long_a})}), long_a);
}

TEST(AggregateSelectTest, MinByMaxBy) {
  VectorPtr x = Strings({"a", "b", "c", "d"});
  VectorPtr y = Ints({10, 50, 20, std::nullopt});
  EXPECT_EQ(Agg("min_by", {x, y}), "a");
  EXPECT_EQ(Agg("max_by", {x, y}), "b");
  EXPECT_EQ(Agg("max_by", {Strings({"p", std::nullopt}), Ints({1, 2})}), "NULL");  // x may be NULL
  EXPECT_EQ(Agg("min_by", {Strings({}), Ints({})}), "NULL");
  EXPECT_EQ(Agg("max_by", {Ints({1, 2, 3}), Strings({"x", "zz", "z"})}), "2");
}

// --- statistics ---------------------------------------------------------------------

TEST(AggregateStatsTest, SparkExamples) {
  VectorPtr one_two_three = Doubles({1, 2, 3});
  EXPECT_EQ(Agg("stddev_pop", {one_two_three}), "0.816496580927726");
  EXPECT_EQ(Agg("stddev_samp", {one_two_three}), "1.0");
  EXPECT_EQ(Agg("stddev", {one_two_three}), "1.0");
  EXPECT_EQ(Agg("std", {one_two_three}), "1.0");
  EXPECT_EQ(Agg("var_pop", {one_two_three}), "0.6666666666666666");
  EXPECT_EQ(Agg("var_samp", {one_two_three}), "1.0");
  EXPECT_EQ(Agg("variance", {one_two_three}), "1.0");
  EXPECT_EQ(AggRowWise("skewness", {Doubles({-10, -20, 100, 1000})}), "1.1135657469022013");
  EXPECT_EQ(AggRowWise("skewness", {Doubles({-1000, -100, 10, 20})}), "-1.1135657469022011");
  EXPECT_EQ(AggRowWise("kurtosis", {Doubles({-10, -20, 100, 1000})}), "-0.7014368047529618");
  EXPECT_EQ(AggRowWise("kurtosis", {Doubles({1, 10, 100, 10, 1})}), "0.19432323191698986");
  // One pass: the same up to the last bits.
  EXPECT_EQ(Agg("kurtosis", {Doubles({-10, -20, 100, 1000})}, {}, 0, false), "-0.7014368047529609");
  EXPECT_EQ(Agg("skewness", {Doubles({-10, -20, 100, 1000})}, {}, 0, false), "1.1135657469022011");
  EXPECT_EQ(Agg("covar_pop", {Doubles({1, 2, 3}), Doubles({1, 2, 3})}), "0.6666666666666666");
  EXPECT_EQ(Agg("covar_samp", {Doubles({1, 2, 3}), Doubles({1, 2, 3})}), "1.0");
  EXPECT_EQ(Agg("corr", {Doubles({3, 3, 6}), Doubles({2, 3, 4})}), "0.8660254037844387");
}

TEST(AggregateStatsTest, NullForEmptyAndSingleRowSamples) {
  EXPECT_EQ(Agg("stddev_samp", {Doubles({})}), "NULL");
  EXPECT_EQ(Agg("stddev_samp", {Doubles({4})}), "NULL");
  EXPECT_EQ(Agg("var_samp", {Doubles({4, std::nullopt})}), "NULL");
  EXPECT_EQ(Agg("stddev_pop", {Doubles({4})}), "0.0");
  EXPECT_EQ(Agg("skewness", {Doubles({4, 4})}), "NULL");
  EXPECT_EQ(Agg("covar_samp", {Doubles({1}), Doubles({2})}), "NULL");
  EXPECT_EQ(Agg("covar_pop", {Doubles({1, std::nullopt}), Doubles({std::nullopt, 2})}), "NULL");
  EXPECT_EQ(Agg("corr", {Doubles({1}), Doubles({2})}), "NULL");
}

// Spark's documented results up to the last bits, which depend on how rows
// were split into partial aggregates.
void ExpectClose(const std::string& actual, const std::string& expected) {
  if (expected == "NULL" || actual == "NULL") {
    EXPECT_EQ(actual, expected);
    return;
  }
  EXPECT_NEAR(std::stod(actual), std::stod(expected), 1e-14) << actual << " vs " << expected;
}

TEST(AggregateStatsTest, Regression) {
  // (y, x) pairs from Spark's examples.
  VectorPtr y = Doubles({1, 2, 2, 2});
  VectorPtr x = Doubles({2, 2, 3, 4});
  VectorPtr x_null = Doubles({2, std::nullopt, 3, 4});
  VectorPtr y2 = Doubles({1, 2, std::nullopt, 2});
  EXPECT_EQ(Agg("regr_count", {y, x}), "4");
  EXPECT_EQ(Agg("regr_count", {y, x_null}), "3");
  EXPECT_EQ(Agg("regr_count", {y2, x_null}), "2");
  EXPECT_EQ(Agg("regr_avgx", {y, x}), "2.75");
  EXPECT_EQ(Agg("regr_avgx", {y, x_null}), "3.0");
  EXPECT_EQ(Agg("regr_avgx", {y2, x_null}), "3.0");
  EXPECT_EQ(Agg("regr_avgy", {y, x}), "1.75");
  EXPECT_EQ(Agg("regr_avgy", {y, x_null}), "1.6666666666666667");
  EXPECT_EQ(Agg("regr_avgy", {y2, x_null}), "1.5");
  ExpectClose(AggRowWise("regr_r2", {y, x}), "0.2727272727272727");
  ExpectClose(AggRowWise("regr_r2", {y, x_null}), "0.7500000000000001");
  ExpectClose(AggRowWise("regr_r2", {y2, x_null}), "1.0");
  ExpectClose(AggRowWise("regr_sxx", {y, x}), "2.75");
  ExpectClose(AggRowWise("regr_sxx", {y, x_null}), "2.0");
  ExpectClose(AggRowWise("regr_sxy", {y, x}), "0.75");
  ExpectClose(AggRowWise("regr_sxy", {y, x_null}), "1.0");
  ExpectClose(AggRowWise("regr_syy", {y, x}), "0.75");
  ExpectClose(AggRowWise("regr_syy", {y, x_null}), "0.6666666666666666");
  ExpectClose(AggRowWise("regr_syy", {y2, x_null}), "0.5");
  EXPECT_EQ(Agg("regr_slope", {Doubles({1, 2, 3}), Doubles({1, 2, 3})}), "1.0");
  EXPECT_EQ(Agg("regr_intercept", {Doubles({1, 2, 3}), Doubles({1, 2, 3})}), "0.0");
  EXPECT_EQ(Agg("regr_slope", {Doubles({1}), Doubles({std::nullopt})}), "NULL");
  EXPECT_EQ(Agg("regr_intercept", {Doubles({std::nullopt}), Doubles({1})}), "NULL");
  EXPECT_EQ(Agg("regr_avgx", {Doubles({1}), Doubles({std::nullopt})}), "NULL");
  EXPECT_EQ(ResultType("regr_avgx", {Decimals(10, 2, {"1"}), Decimals(10, 2, {"1"})}), "decimal(14,6)");
}

// --- collect / mode / percentile ------------------------------------------------------

TEST(AggregateCollectTest, CollectListAndSet) {
  EXPECT_EQ(Agg("collect_list", {Ints({1, 2, std::nullopt, 1})}), "[1, 2, 1]");
  EXPECT_EQ(Agg("array_agg", {Ints({})}), "[]");
  EXPECT_EQ(Agg("collect_set", {Ints({1, 2, std::nullopt, 1})}), "[1, 2]");
  std::string long_a = "a string longer than twelve bytes";
  EXPECT_EQ(Agg("collect_set", {Strings({long_a, "b", long_a})}), "[" + long_a + ", b]");
  EXPECT_EQ(ResultType("collect_list", {Ints({1})}), "array<int>");
}

TEST(AggregateCollectTest, Mode) {
  EXPECT_EQ(Agg("mode", {Ints({0, 10, 10})}), "10");
  EXPECT_EQ(Agg("mode", {Ints({0, 10, 10, std::nullopt, std::nullopt, std::nullopt})}), "10");
  EXPECT_EQ(Agg("mode", {Ints({})}), "NULL");
  EXPECT_EQ(Agg("mode", {Ints({3, 1, 3, 1})}), "1");  // ties: the smallest
  EXPECT_EQ(Agg("mode", {Strings({"x", "y", "y"})}), "y");
}

TEST(AggregateCollectTest, PercentileAndMedian) {
  const FunctionInfo* info = Registry().Find("percentile");
  auto bind = [&](VectorPtr percentage) {
    return info->aggregate({{DataType::Double(), true, nullptr}, {percentage->type(), false, percentage}}, {});
  };
  auto run = [&](std::shared_ptr<const AggregateFunction> fn, VectorPtr values) {
    State s(*fn);
    std::vector<VectorPtr> args{values, Vector::MakeNull(fn->arg_types()[1], values->size())};
    std::vector<uint8_t*> states(values->size(), s.get());
    fn->Update(states.data(), std::span<const VectorPtr>(args), values->size());
    return TextAt(*FinalizeOne(*fn, s.get()), 0);
  };
  EXPECT_EQ(run(bind(Doubles({0.3})), Doubles({0, 10})), "3.0");
  EXPECT_EQ(run(bind(Doubles({0.5})), Doubles({1, 2, 3, 4})), "2.5");
  EXPECT_EQ(run(bind(Doubles({1.0})), Doubles({1, 2, 3, std::nullopt})), "3.0");
  EXPECT_EQ(run(bind(Doubles({0.5})), Doubles({})), "NULL");
  EXPECT_THROW(bind(Doubles({1.5})), FunctionBindError);
  VectorPtr array = Vector::Make(DataType::Array(DataType::Double()), 1);
  array->child(0).AppendFrom(*Doubles({0.25}), 0);
  array->child(0).AppendFrom(*Doubles({0.75}), 0);
  array->offsets()[1] = 2;
  EXPECT_EQ(run(bind(array), Doubles({0, 10})), "[2.5, 7.5]");
  EXPECT_EQ(Agg("median", {Doubles({0, 10})}), "5.0");
  EXPECT_EQ(Agg("median", {Doubles({5, 1, 3, std::nullopt})}), "3.0");
  EXPECT_EQ(Agg("median", {Doubles({})}), "NULL");
}

// --- approx_count_distinct ------------------------------------------------------------

TEST(AggregateSketchTest, ApproxCountDistinct) {
  EXPECT_EQ(Agg("approx_count_distinct", {Ints({1, 1, 2, 2, 3})}), "3");
  EXPECT_EQ(Agg("approx_count_distinct", {Ints({})}), "0");
  EXPECT_EQ(Agg("approx_count_distinct", {Ints({std::nullopt})}), "0");
  EXPECT_EQ(Agg("approx_count_distinct", {Strings({"a", "b", "a", "a string longer than twelve bytes"})}), "3");
  EXPECT_EQ(Agg("approx_count_distinct", {Doubles({0.0, -0.0, 1.5})}), "2");
  Values<int64_t> many;
  for (int64_t i = 0; i < 5000; ++i) many.push_back(i % 2000);
  int64_t estimate = std::stoll(Agg("approx_count_distinct", {Longs(many)}));
  EXPECT_NEAR(static_cast<double>(estimate), 2000.0, 2000.0 * 0.15);
}

}  // namespace
}  // namespace tarn
