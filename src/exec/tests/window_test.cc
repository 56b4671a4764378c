#include <gtest/gtest.h>

#include "exec/tests/exec_test_util.h"

namespace tarn::exec::testing {
namespace {

using plan::FrameBound;
using plan::PlanKind;
using Kind = FrameBound::Kind;
using Strs = std::vector<std::string>;

class LongSum : public AggregateFunction {
 public:
  LongSum() {
    result_type_ = DataType::Long();
    arg_types_ = {DataType::Long()};
  }
  size_t state_size() const override { return 16; }
  void Init(uint8_t* state) const override { std::memset(state, 0, 16); }
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    for (size_t i = 0; i < rows; ++i) {
      if (args[0]->IsNull(i)) continue;
      auto* s = reinterpret_cast<int64_t*>(states[i]);
      s[0] += args[0]->ValueAt<int64_t>(i);
      s[1] = 1;
    }
  }
  void Merge(uint8_t*, const uint8_t*) const override {}
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      auto* s = reinterpret_cast<const int64_t*>(states[i]);
      if (!s[1]) out.SetNull(i);
      else out.values<int64_t>()[i] = s[0];
    }
  }
};

// Input: partition p, order key o, value v (rows deliberately unsorted).
PlanPtr Input() {
  return Values({Strings({"a", "b", "a", "a", "b", "a"}), Longs({3, 1, 1, 2, std::nullopt, 2}), Longs({30, 100, 10, 20, 200, 21})});
}

// One window call; output column "w" appended.
std::vector<std::string> Window(plan::WindowCall call, const std::string& type = "long") {
  PlanPtr in = Input();
  call.partition_by = {Col(in, 0)};
  call.order_by = {{Col(in, 1), true, true}};
  if (call.type.id() == TypeId::kNull) call.type = type == "int" ? DataType::Int() : type == "double" ? DataType::Double() : DataType::Long();
  Schema schema = in->schema;
  schema.push_back({"w", call.type, true});
  auto node = Node(PlanKind::kWindow, schema, {in});
  node->windows = {call};
  return RunPlan(node, 2);
}

plan::WindowCall Fn(const std::string& name, std::vector<ExprPtr> args = {}) {
  plan::WindowCall call;
  call.function = name;
  call.args = std::move(args);
  return call;
}

// Rows come back in input order: (a,3), (b,1), (a,1), (a,2), (b,NULL), (a,2).
TEST(WindowTest, Ranking) {
  EXPECT_EQ(Window(Fn("row_number"), "int"), (Strs{"a|3|30|4", "b|1|100|2", "a|1|10|1", "a|2|20|2", "b|NULL|200|1", "a|2|21|3"}));
  EXPECT_EQ(Window(Fn("rank"), "int"), (Strs{"a|3|30|4", "b|1|100|2", "a|1|10|1", "a|2|20|2", "b|NULL|200|1", "a|2|21|2"}));
  EXPECT_EQ(Window(Fn("dense_rank"), "int"), (Strs{"a|3|30|3", "b|1|100|2", "a|1|10|1", "a|2|20|2", "b|NULL|200|1", "a|2|21|2"}));
  EXPECT_EQ(Window(Fn("percent_rank"), "double")[0], "a|3|30|1.0");
  EXPECT_EQ(Window(Fn("cume_dist"), "double")[3], "a|2|20|0.75");
  EXPECT_EQ(Window(Fn("ntile", {plan::Int64Literal(3)}), "int"),
            (Strs{"a|3|30|3", "b|1|100|2", "a|1|10|1", "a|2|20|1", "b|NULL|200|1", "a|2|21|2"}));
}

TEST(WindowTest, LagLeadAndValues) {
  PlanPtr in = Input();
  EXPECT_EQ(Window(Fn("lag", {Col(in, 2)})), (Strs{"a|3|30|21", "b|1|100|200", "a|1|10|NULL", "a|2|20|10", "b|NULL|200|NULL", "a|2|21|20"}));
  EXPECT_EQ(Window(Fn("lead", {Col(in, 2), plan::Int64Literal(2), plan::Int64Literal(-1)})),
            (Strs{"a|3|30|-1", "b|1|100|-1", "a|1|10|21", "a|2|20|30", "b|NULL|200|-1", "a|2|21|-1"}));
  auto first = Fn("first_value", {Col(in, 2)});
  EXPECT_EQ(Window(first)[0], "a|3|30|10");
  // last_value with the default RANGE frame: up to the last peer.
  EXPECT_EQ(Window(Fn("last_value", {Col(in, 2)})), (Strs{"a|3|30|30", "b|1|100|100", "a|1|10|10", "a|2|20|21", "b|NULL|200|200", "a|2|21|21"}));
  auto nth = Fn("nth_value", {Col(in, 2), plan::Int64Literal(2)});
  nth.frame.end = {Kind::kUnboundedFollowing, nullptr};
  EXPECT_EQ(Window(nth)[1], "b|1|100|100");
}

TEST(WindowTest, AggregateFrames) {
  PlanPtr in = Input();
  plan::WindowCall sum;
  sum.aggregate = std::make_shared<LongSum>();
  sum.args = {Col(in, 2)};
  // Default frame (RANGE UNBOUNDED PRECEDING .. CURRENT ROW) includes peers.
  EXPECT_EQ(Window(sum), (Strs{"a|3|30|81", "b|1|100|300", "a|1|10|10", "a|2|20|51", "b|NULL|200|200", "a|2|21|51"}));
  // ROWS running sum: peers do not share.
  sum.frame.rows = true;
  EXPECT_EQ(Window(sum), (Strs{"a|3|30|81", "b|1|100|300", "a|1|10|10", "a|2|20|30", "b|NULL|200|200", "a|2|21|51"}));
  // ROWS 1 PRECEDING .. 1 FOLLOWING (sliding).
  sum.frame.start = {Kind::kPreceding, plan::Int64Literal(1)};
  sum.frame.end = {Kind::kFollowing, plan::Int64Literal(1)};
  EXPECT_EQ(Window(sum), (Strs{"a|3|30|51", "b|1|100|300", "a|1|10|30", "a|2|20|51", "b|NULL|200|300", "a|2|21|71"}));
  // Whole partition.
  sum.frame.start = {Kind::kUnboundedPreceding, nullptr};
  sum.frame.end = {Kind::kUnboundedFollowing, nullptr};
  EXPECT_EQ(Window(sum)[2], "a|1|10|81");
  // RANGE 1 PRECEDING .. CURRENT ROW over keys 1,2,2,3 (NULL key: its own peers).
  sum.frame.rows = false;
  sum.frame.start = {Kind::kPreceding, plan::Int64Literal(1)};
  sum.frame.end = {Kind::kCurrentRow, nullptr};
  EXPECT_EQ(Window(sum), (Strs{"a|3|30|71", "b|1|100|100", "a|1|10|10", "a|2|20|51", "b|NULL|200|200", "a|2|21|51"}));
  // Empty frame: ROWS UNBOUNDED PRECEDING .. 5 PRECEDING → NULL.
  sum.frame.rows = true;
  sum.frame.start = {Kind::kUnboundedPreceding, nullptr};
  sum.frame.end = {Kind::kPreceding, plan::Int64Literal(5)};
  EXPECT_EQ(Window(sum)[0], "a|3|30|NULL");
}

}  // namespace
}  // namespace tarn::exec::testing
