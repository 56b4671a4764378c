// percentile_approx / approx_percentile and listagg / string_agg, driven the
// way the executor drives aggregates (Init, Update, Merge, Finalize).
#include <cstdlib>
#include <memory>

#include "functions/builtins.h"
#include "functions/tests/function_test_util.h"
#include "types/decimal.h"

namespace tarn {
namespace {

using testing::MakeVector;
using testing::TextAt;

const FunctionRegistry& Registry() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    RegisterAggregateFunctions(r);
    return r;
  }();
  return registry;
}

class State {
 public:
  explicit State(std::shared_ptr<const AggregateFunction> fn) : fn_(std::move(fn)) {
    size_t align = fn_->state_align();
    size_t size = (std::max<size_t>(fn_->state_size(), 1) + align - 1) / align * align;
    data_ = static_cast<uint8_t*>(std::aligned_alloc(align, size));
    fn_->Init(data_);
  }
  ~State() {
    if (fn_->needs_destroy()) fn_->Destroy(data_);
    std::free(data_);
  }
  uint8_t* get() const { return data_; }

 private:
  std::shared_ptr<const AggregateFunction> fn_;
  uint8_t* data_;
};

std::shared_ptr<const AggregateFunction> Bind(const std::string& name, const std::vector<VectorPtr>& args) {
  const FunctionInfo* info = Registry().Find(name);
  EXPECT_NE(info, nullptr) << name;
  std::vector<ArgType> types;
  for (size_t i = 0; i < args.size(); ++i) types.push_back({args[i]->type(), true, i > 0 ? args[i] : nullptr});
  return info->aggregate(types, FunctionContext{});
}

// Runs `name` over the rows of `value` (split into `parts` partial states
// merged at the end) with the constant `extra` arguments; returns the text.
std::string Agg(const std::string& name, VectorPtr value, std::vector<VectorPtr> extra, size_t parts = 1) {
  std::vector<VectorPtr> bind_args{value};
  for (auto& e : extra) bind_args.push_back(e);
  auto fn = Bind(name, bind_args);
  size_t rows = value->size();
  std::vector<std::unique_ptr<State>> states;
  for (size_t p = 0; p < parts; ++p) {
    states.push_back(std::make_unique<State>(fn));
    size_t begin = rows * p / parts, end = rows * (p + 1) / parts;
    std::vector<VectorPtr> args{Vector::View(value, begin, end - begin)};
    for (auto& e : extra) args.push_back(Vector::MakeConstant(e, 0, end - begin));
    std::vector<uint8_t*> ptrs(end - begin, states.back()->get());
    fn->Update(ptrs.data(), std::span<const VectorPtr>(args), end - begin);
  }
  State total(fn);
  for (auto& s : states) fn->Merge(total.get(), s->get());
  VectorPtr out = Vector::Make(fn->result_type(), 1);
  const uint8_t* ptr = parts == 1 ? states[0]->get() : total.get();
  fn->Finalize(&ptr, 1, *out);
  return TextAt(*out, 0);
}

VectorPtr Ints(std::vector<std::optional<int32_t>> v) { return MakeVector<int32_t>(DataType::Int(), v); }
VectorPtr Dbl(double d) { return MakeVector<double>(DataType::Double(), {d}); }
VectorPtr Acc(int32_t a) { return MakeVector<int32_t>(DataType::Int(), {a}); }
VectorPtr DoubleArray(std::vector<double> values) {
  VectorPtr out = Vector::Make(DataType::Array(DataType::Double(), false), 1);
  out->offsets()[0] = 0;
  out->offsets()[1] = static_cast<int32_t>(values.size());
  out->child(0).Resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) out->child(0).values<double>()[i] = values[i];
  return out;
}

TEST(PercentileApprox, SparkExamples) {
  EXPECT_EQ(Agg("percentile_approx", Ints({0, 1, 2, 10}), {DoubleArray({0.5, 0.4, 0.1}), Acc(100)}), "[1, 1, 0]");
  EXPECT_EQ(Agg("percentile_approx", Ints({0, 6, 7, 9, 10}), {Dbl(0.5), Acc(100)}), "7");
  EXPECT_EQ(Agg("approx_percentile", Ints({0, 6, 7, 9, 10}), {Dbl(0.5)}), "7");
}

TEST(PercentileApprox, RankRuleIsCeilOfPTimesN) {
  // Values 1..10: rank ceil(p * 10), the value at that 1-based rank.
  VectorPtr v = Ints({10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
  EXPECT_EQ(Agg("percentile_approx", v, {Dbl(0.0)}), "1");
  EXPECT_EQ(Agg("percentile_approx", v, {Dbl(0.25)}), "3");
  EXPECT_EQ(Agg("percentile_approx", v, {Dbl(0.5)}), "5");
  EXPECT_EQ(Agg("percentile_approx", v, {Dbl(0.51)}), "6");
  EXPECT_EQ(Agg("percentile_approx", v, {Dbl(1.0)}), "10");
  EXPECT_EQ(Agg("percentile_approx", v, {DoubleArray({0.9, 0.1, 0.5})}), "[9, 1, 5]");
}

TEST(PercentileApprox, NullsEmptyAndMerge) {
  EXPECT_EQ(Agg("percentile_approx", Ints({std::nullopt, 3, std::nullopt, 1, 2}), {Dbl(0.5)}), "2");
  EXPECT_EQ(Agg("percentile_approx", Ints({std::nullopt, std::nullopt}), {Dbl(0.5)}), "NULL");
  EXPECT_EQ(Agg("percentile_approx", Ints({std::nullopt}), {DoubleArray({0.5})}), "NULL");
  // Partial states merged: exact on small inputs.
  std::vector<std::optional<int32_t>> values;
  for (int i = 100; i >= 1; --i) values.push_back(i);
  EXPECT_EQ(Agg("percentile_approx", Ints(values), {Dbl(0.5)}, 3), "50");
  EXPECT_EQ(Agg("percentile_approx", Ints(values), {DoubleArray({0.01, 0.99, 0.37})}, 4), "[1, 99, 37]");
}

TEST(PercentileApprox, TypesKeepTheInputType) {
  VectorPtr dates = MakeVector<int32_t>(DataType::Date(), {18000, 19000, 20000});
  EXPECT_EQ(Agg("percentile_approx", dates, {Dbl(0.5)}), "2022-01-08");
  VectorPtr dec = MakeVector<int64_t>(DataType::Decimal(5, 2), {115, 250, 399});
  EXPECT_EQ(Agg("percentile_approx", dec, {Dbl(0.5)}), "2.50");
  EXPECT_EQ(Agg("percentile_approx", dec, {Dbl(0.1)}), "1.15");
  VectorPtr dbl = MakeVector<double>(DataType::Double(), {1.5, -2.25, 3.0});
  EXPECT_EQ(Agg("percentile_approx", dbl, {Dbl(0.0)}), "-2.25");
  VectorPtr big = MakeVector<int64_t>(DataType::Long(), {1LL << 40, 3, 5});
  EXPECT_EQ(Agg("percentile_approx", big, {Dbl(1.0)}), "1099511627776");
}

TEST(PercentileApprox, LargeInputStaysWithinError) {
  // 200000 values through head-buffer inserts and compressions: within 1/accuracy of the rank.
  std::vector<std::optional<int32_t>> values;
  for (int i = 0; i < 200000; ++i) values.push_back((i * 7919) % 200000);
  int32_t median = std::stoi(Agg("percentile_approx", Ints(values), {Dbl(0.5), Acc(100)}, 2));
  EXPECT_NEAR(median, 100000, 200000 / 100 + 1);
  int32_t p90 = std::stoi(Agg("percentile_approx", Ints(values), {Dbl(0.9), Acc(1000)}));
  EXPECT_NEAR(p90, 180000, 200000 / 1000 + 1);
}

TEST(PercentileApprox, BindErrors) {
  auto bind = [](std::vector<VectorPtr> args) { return Bind("percentile_approx", args); };
  EXPECT_THROW(bind({Ints({1}), Dbl(1.5)}), FunctionBindError);
  EXPECT_THROW(bind({Ints({1}), DoubleArray({0.5, -0.1})}), FunctionBindError);
  EXPECT_THROW(bind({Ints({1}), Dbl(0.5), Acc(0)}), FunctionBindError);
  EXPECT_THROW(bind({MakeVector<std::string>(DataType::String(), {"a"}), Dbl(0.5)}), FunctionBindError);
  auto fn = bind({Ints({1}), Dbl(0.5)});
  EXPECT_EQ(fn->result_type(), DataType::Int());
  EXPECT_TRUE(fn->needs_destroy());
  EXPECT_EQ(bind({Ints({1}), DoubleArray({0.5})})->result_type(), DataType::Array(DataType::Int(), false));
}

VectorPtr Strs(std::vector<std::optional<std::string>> v) { return MakeVector<std::string>(DataType::String(), v); }

TEST(ListAgg, ConcatenatesInInputOrder) {
  EXPECT_EQ(Agg("listagg", Strs({"a", "b", "c"}), {}), "abc");
  EXPECT_EQ(Agg("string_agg", Strs({"a", std::nullopt, "b"}), {Strs({", "})}), "a, b");
  EXPECT_EQ(Agg("listagg", Strs({"x", "", "z"}), {Strs({"|"})}), "x||z");
  EXPECT_EQ(Agg("listagg", Strs({std::nullopt, std::nullopt}), {Strs({","})}), "NULL");
  EXPECT_EQ(Agg("listagg", Strs({"é", "日本"}), {Strs({"→"})}), "é→日本");
  EXPECT_EQ(Agg("listagg", Strs({"1", "2", "3", "4", "5"}), {Strs({","})}, 3), "1,2,3,4,5");
  EXPECT_EQ(Agg("listagg", Strs({"a", "b"}), {MakeVector<std::string>(DataType::String(), {std::nullopt})}), "ab");
}

TEST(ListAgg, BinaryAndErrors) {
  VectorPtr bin = MakeVector<std::string>(DataType::Binary(), {"ab", "cd"});
  auto fn = Bind("listagg", {bin, MakeVector<std::string>(DataType::Binary(), {"-"})});
  EXPECT_EQ(fn->result_type(), DataType::Binary());
  EXPECT_EQ(Agg("listagg", bin, {MakeVector<std::string>(DataType::Binary(), {"-"})}), "[61 62 2D 63 64]");
  EXPECT_THROW(Bind("listagg", {bin, Strs({","})}), FunctionBindError);
  EXPECT_THROW(Bind("listagg", {Strs({"a"}), Strs({","}), Strs({","})}), Error);
}

}  // namespace
}  // namespace tarn
