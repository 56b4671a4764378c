#include <gtest/gtest.h>

#include <atomic>

#include "common/error.h"
#include "exec/tests/exec_test_util.h"

namespace tarn::exec::testing {
namespace {

using plan::JoinType;
using plan::PlanKind;
using Strs = std::vector<std::string>;

TEST(OperatorsTest, FilterProjectLimit) {
  PlanPtr in = Values({Longs({1, 2, 3, 4, 5, std::nullopt})});
  auto filter = Node(PlanKind::kFilter, in->schema, {in});
  filter->condition = Gt(Col(in, 0), plan::Int64Literal(1));
  auto project = Node(PlanKind::kProject, {{"y", DataType::Long(), true}}, {filter});
  project->exprs = {Add(Col(in, 0), plan::Int64Literal(10))};
  EXPECT_EQ(RunPlan(project), (Strs{"12", "13", "14", "15"}));
  auto limit = Node(PlanKind::kLimit, project->schema, {project});
  limit->limit = 2;
  limit->offset = 1;
  EXPECT_EQ(RunPlan(limit, 1), (Strs{"13", "14"}));
  limit->limit = -1;
  limit->offset = 3;
  EXPECT_EQ(RunPlan(limit, 2), (Strs{"15"}));
}

TEST(OperatorsTest, AggregateGroupsNullKeysTogether) {
  PlanPtr in = Values({Longs({1, std::nullopt, 1, std::nullopt, 2}), Longs({10, 20, std::nullopt, 40, 50})});
  auto agg = Node(PlanKind::kAggregate, {{"k", DataType::Long(), true}, {"s", DataType::Long(), true}, {"c", DataType::Long(), true}}, {in});
  agg->group_by = {Col(in, 0)};
  agg->aggregates = {Agg("sum", Col(in, 1)), Agg("count", Col(in, 1))};
  EXPECT_EQ(Sorted(RunPlan(agg, 2)), (Strs{"1|10|1", "2|50|1", "NULL|60|2"}));
}

TEST(OperatorsTest, GlobalAggregateOnEmptyInputHasOneRow) {
  PlanPtr in = Values({Longs({})});
  auto agg = Node(PlanKind::kAggregate, {{"s", DataType::Long(), true}, {"c", DataType::Long(), true}}, {in});
  agg->aggregates = {Agg("sum", Col(in, 0)), Agg("count", Col(in, 0))};
  EXPECT_EQ(RunPlan(agg), (Strs{"NULL|0"}));
  // Grouped aggregate over nothing: no rows.
  auto grouped = Node(PlanKind::kAggregate, {{"k", DataType::Long(), true}, {"c", DataType::Long(), true}}, {in});
  grouped->group_by = {Col(in, 0)};
  grouped->aggregates = {Agg("count", Col(in, 0))};
  EXPECT_EQ(RunPlan(grouped), Strs{});
}

TEST(OperatorsTest, AggregateDistinctAndFilter) {
  PlanPtr in = Values({Longs({1, 1, 1, 2, 2}), Longs({5, 5, 6, 7, 7})});
  auto agg = Node(PlanKind::kAggregate, {{"k", DataType::Long(), true}, {"d", DataType::Long(), true}, {"f", DataType::Long(), true}}, {in});
  agg->group_by = {Col(in, 0)};
  agg->aggregates = {Agg("sum", Col(in, 1), /*distinct=*/true), Agg("sum", Col(in, 1), false, Gt(Col(in, 1), plan::Int64Literal(5)))};
  EXPECT_EQ(Sorted(RunPlan(agg, 2)), (Strs{"1|11|6", "2|7|14"}));
}

std::shared_ptr<PlanNode> JoinNode(JoinType type, PlanPtr l, PlanPtr r, bool keys = true) {
  auto join = Node(PlanKind::kJoin, plan::JoinOutputSchema(type, l->schema, r->schema), {l, r});
  join->join_type = type;
  if (keys) {
    join->left_keys = {Col(l, 0)};
    join->right_keys = {Col(r, 0)};
  }
  return join;
}

TEST(OperatorsTest, HashJoinTypesWithNulls) {
  PlanPtr l = Values({Longs({1, 2, std::nullopt, 4}), Strings({"a", "b", "n", "d"})});
  PlanPtr r = Values({Longs({1, 1, std::nullopt, 3}), Strings({"x", "y", "m", "z"})});
  EXPECT_EQ(Sorted(RunPlan(JoinNode(JoinType::kInner, l, r))), (Strs{"1|a|1|x", "1|a|1|y"}));
  EXPECT_EQ(Sorted(RunPlan(JoinNode(JoinType::kLeft, l, r))),
            (Strs{"1|a|1|x", "1|a|1|y", "2|b|NULL|NULL", "4|d|NULL|NULL", "NULL|n|NULL|NULL"}));
  EXPECT_EQ(Sorted(RunPlan(JoinNode(JoinType::kRight, l, r))),
            (Strs{"1|a|1|x", "1|a|1|y", "NULL|NULL|3|z", "NULL|NULL|NULL|m"}));
  EXPECT_EQ(Sorted(RunPlan(JoinNode(JoinType::kFull, l, r))),
            (Strs{"1|a|1|x", "1|a|1|y", "2|b|NULL|NULL", "4|d|NULL|NULL", "NULL|NULL|3|z", "NULL|NULL|NULL|m",
                  "NULL|n|NULL|NULL"}));
  EXPECT_EQ(Sorted(RunPlan(JoinNode(JoinType::kLeftSemi, l, r))), (Strs{"1|a"}));
  EXPECT_EQ(Sorted(RunPlan(JoinNode(JoinType::kLeftAnti, l, r))), (Strs{"2|b", "4|d", "NULL|n"}));
  EXPECT_EQ(Sorted(RunPlan(JoinNode(JoinType::kMark, l, r))), (Strs{"1|a|true", "2|b|false", "4|d|false", "NULL|n|false"}));
  // NOT IN with a NULL on the right: nothing.
  EXPECT_EQ(RunPlan(JoinNode(JoinType::kNullAwareAnti, l, r)), Strs{});
  // Without NULL on the right, NULL on the left is still dropped.
  PlanPtr r2 = Values({Longs({1, 3}), Strings({"x", "z"})});
  EXPECT_EQ(Sorted(RunPlan(JoinNode(JoinType::kNullAwareAnti, l, r2))), (Strs{"2|b", "4|d"}));
  // Empty right: every left row, NULL keys included.
  PlanPtr empty = Values({Longs({}), Strings({})});
  EXPECT_EQ(RunPlan(JoinNode(JoinType::kNullAwareAnti, l, empty)).size(), 4u);
  EXPECT_EQ(RunPlan(JoinNode(JoinType::kInner, l, empty)), Strs{});
  EXPECT_EQ(RunPlan(JoinNode(JoinType::kLeft, l, empty)).size(), 4u);
  EXPECT_EQ(RunPlan(JoinNode(JoinType::kRight, empty, r)).size(), 4u);
  EXPECT_EQ(RunPlan(JoinNode(JoinType::kFull, empty, empty)), Strs{});
  EXPECT_EQ(RunPlan(JoinNode(JoinType::kLeftAnti, l, empty)).size(), 4u);
}

TEST(OperatorsTest, HashJoinNullSafeResidualAndBuildLeft) {
  PlanPtr l = Values({Longs({1, std::nullopt, 2}), Longs({10, 20, 30})});
  PlanPtr r = Values({Longs({1, std::nullopt, 2}), Longs({5, 6, 99})});
  auto join = JoinNode(JoinType::kInner, l, r);
  join->null_safe = {true};
  EXPECT_EQ(Sorted(RunPlan(join)), (Strs{"1|10|1|5", "2|30|2|99", "NULL|20|NULL|6"}));
  // Residual: l.c1 > r.c1 (columns: l0, l1, r0, r1).
  join->condition = Gt(plan::ColumnRef(1, DataType::Long()), plan::ColumnRef(3, DataType::Long()));
  EXPECT_EQ(Sorted(RunPlan(join)), (Strs{"1|10|1|5", "NULL|20|NULL|6"}));
  auto left_join = JoinNode(JoinType::kLeft, l, r);
  left_join->condition = join->condition;
  left_join->broadcast_left = true;
  EXPECT_EQ(Sorted(RunPlan(left_join, 1)), (Strs{"1|10|1|5", "2|30|NULL|NULL", "NULL|20|NULL|NULL"}));
}

TEST(OperatorsTest, NestedLoopJoins) {
  PlanPtr l = Values({Longs({1, 5, std::nullopt})});
  PlanPtr r = Values({Longs({3, 4})});
  auto cross = JoinNode(JoinType::kCross, l, r, false);
  EXPECT_EQ(RunPlan(cross).size(), 6u);
  auto theta = JoinNode(JoinType::kLeft, l, r, false);
  theta->condition = Gt(plan::ColumnRef(0, DataType::Long()), plan::ColumnRef(1, DataType::Long()));
  EXPECT_EQ(Sorted(RunPlan(theta)), (Strs{"1|NULL", "5|3", "5|4", "NULL|NULL"}));
  auto full = JoinNode(JoinType::kFull, l, r, false);
  full->condition = Lt(plan::ColumnRef(0, DataType::Long()), plan::ColumnRef(1, DataType::Long()));
  EXPECT_EQ(Sorted(RunPlan(full)), (Strs{"1|3", "1|4", "5|NULL", "NULL|NULL"}));
  auto anti = JoinNode(JoinType::kLeftAnti, l, r, false);
  anti->condition = full->condition;
  EXPECT_EQ(Sorted(RunPlan(anti)), (Strs{"5", "NULL"}));
  auto naaj = JoinNode(JoinType::kNullAwareAnti, l, r, false);
  naaj->condition = Eq(plan::ColumnRef(0, DataType::Long()), plan::ColumnRef(1, DataType::Long()));
  EXPECT_EQ(Sorted(RunPlan(naaj)), (Strs{"1", "5"}));  // NULL = x is unknown → dropped
}

TEST(OperatorsTest, SortIsStableWithNullOrdering) {
  PlanPtr in = Values({Longs({2, std::nullopt, 1, 2, std::nullopt, 1}), Strings({"a", "b", "c", "d", "e", "f"})});
  auto sort = Node(PlanKind::kSort, in->schema, {in});
  sort->sort_keys = {{Col(in, 0), true, true}};
  EXPECT_EQ(RunPlan(sort, 2), (Strs{"NULL|b", "NULL|e", "1|c", "1|f", "2|a", "2|d"}));
  sort->sort_keys = {{Col(in, 0), false, false}};
  EXPECT_EQ(RunPlan(sort, 4), (Strs{"2|a", "2|d", "1|c", "1|f", "NULL|b", "NULL|e"}));
  sort->sort_keys = {{Col(in, 0), true, false}, {Col(in, 1), false, true}};
  EXPECT_EQ(RunPlan(sort), (Strs{"1|f", "1|c", "2|d", "2|a", "NULL|e", "NULL|b"}));
  // Top-N (Limit over Sort) keeps ties in input order.
  sort->sort_keys = {{Col(in, 0), true, false}};
  auto limit = Node(PlanKind::kLimit, in->schema, {sort});
  limit->limit = 3;
  limit->offset = 1;
  EXPECT_EQ(RunPlan(limit, 1), (Strs{"1|f", "2|a", "2|d"}));
}

TEST(OperatorsTest, SetOperationsAndDistinct) {
  PlanPtr l = Values({Longs({1, 1, 2, std::nullopt, std::nullopt, 3})});
  PlanPtr r = Values({Longs({1, std::nullopt, 3, 3, 4})});
  auto op = [&](const std::string& name, bool all) {
    auto node = Node(PlanKind::kSetOperation, l->schema, {l, r});
    node->set_op = name;
    node->all = all;
    return Sorted(RunPlan(node, 2));
  };
  EXPECT_EQ(op("INTERSECT", false), (Strs{"1", "3", "NULL"}));
  EXPECT_EQ(op("INTERSECT", true), (Strs{"1", "3", "NULL"}));
  EXPECT_EQ(op("EXCEPT", false), (Strs{"2"}));
  EXPECT_EQ(op("EXCEPT", true), (Strs{"1", "2", "NULL"}));
  EXPECT_EQ(op("UNION", false), (Strs{"1", "2", "3", "4", "NULL"}));
  auto distinct = Node(PlanKind::kDistinct, l->schema, {l});
  EXPECT_EQ(RunPlan(distinct, 2), (Strs{"1", "2", "NULL", "3"}));
  auto uni = Node(PlanKind::kUnion, l->schema, {l, r});
  EXPECT_EQ(RunPlan(uni).size(), 11u);
}

TEST(OperatorsTest, GenerateOuterAndExpand) {
  using Arr = std::vector<std::optional<int64_t>>;
  PlanPtr in = Values({LongArrays({Arr{1, 2}, Arr{}, std::nullopt})});
  auto gen = std::make_shared<BoundGenerator>();
  gen->output = {{"col", DataType::Long(), true}};
  gen->kernel = [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    GeneratorOutput out;
    VectorPtr values = Vector::Make(DataType::Long(), 0);
    const Vector& a = *args[0];
    for (size_t r = 0; r < rows; ++r) {
      if (a.IsNull(r)) continue;
      size_t i = a.RowIndex(r);
      for (int32_t k = a.Base().offsets()[i]; k < a.Base().offsets()[i + 1]; ++k) {
        values->AppendFrom(a.Base().child(0), k);
        out.parent_rows.push_back(static_cast<uint32_t>(r));
      }
    }
    out.columns = {values};
    return out;
  };
  Schema schema = in->schema;
  schema.push_back({"col", DataType::Long(), true});
  auto node = Node(PlanKind::kGenerate, schema, {in});
  node->generator = gen;
  node->generator_name = "explode";
  node->generator_args = {Col(in, 0)};
  EXPECT_EQ(RunPlan(node), (Strs{"[1, 2]|1", "[1, 2]|2"}));
  node->outer = true;
  EXPECT_EQ(RunPlan(node), (Strs{"[1, 2]|1", "[1, 2]|2", "[]|NULL", "NULL|NULL"}));

  PlanPtr nums = Values({Longs({1, 2})});
  auto expand = Node(PlanKind::kExpand, {{"a", DataType::Long(), true}, {"g", DataType::Long(), true}}, {nums});
  expand->projections = {{Col(nums, 0), plan::Int64Literal(0)}, {plan::NullLiteral(DataType::Long()), plan::Int64Literal(1)}};
  EXPECT_EQ(RunPlan(expand), (Strs{"1|0", "2|0", "NULL|1", "NULL|1"}));
}

TEST(OperatorsTest, SampleIsDeterministic) {
  std::vector<std::optional<int64_t>> values;
  for (int i = 0; i < 1000; ++i) values.push_back(i);
  PlanPtr in = Values({Longs(values)});
  auto sample = Node(PlanKind::kSample, in->schema, {in});
  sample->sample_fraction = 0.3;
  sample->sample_seed = 42;
  Strs first = RunPlan(sample, 100);
  EXPECT_EQ(first, RunPlan(sample, 100));
  EXPECT_GT(first.size(), 200u);
  EXPECT_LT(first.size(), 400u);
}

TEST(OperatorsTest, ScalarSubquery) {
  PlanPtr one = Values({Longs({7})});
  PlanPtr two = Values({Longs({7, 8})});
  PlanPtr none = Values({Longs({})});
  PlanPtr in = Values({Longs({1, 2})});
  auto sub = [](PlanPtr plan) {
    auto e = std::make_shared<plan::Expr>();
    e->kind = plan::ExprKind::kScalarSubquery;
    e->type = DataType::Long();
    e->subquery = plan;
    return e;
  };
  EXPECT_EQ(EvalRows(in, Add(Col(in, 0), sub(one))), (Strs{"8", "9"}));
  EXPECT_EQ(EvalRows(in, sub(none)), (Strs{"NULL", "NULL"}));
  try {
    EvalRows(in, sub(two));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(ErrorClassName(e.info().error_class), "SCALAR_SUBQUERY_TOO_MANY_ROWS");
  }
}

TEST(OperatorsTest, Cancellation) {
  PlanPtr in = Values({Longs({1, 2, 3})});
  std::atomic<bool> cancel{true};
  ExecOptions options;
  options.cancel = &cancel;
  try {
    ExecuteToBatch(in, options);
    FAIL() << "expected cancellation";
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kOperationCancelled);
  }
}

TEST(OperatorsTest, ExplainTree) {
  PlanPtr in = Values({Longs({1}), Longs({2})});
  auto filter = Node(PlanKind::kFilter, in->schema, {in});
  filter->condition = Gt(Col(in, 1), plan::Int64Literal(5));
  auto project = Node(PlanKind::kProject, {{"c0", DataType::Long(), true}, {"c", DataType::Long(), true}}, {filter});
  project->exprs = {Col(in, 0), Add(Col(in, 1), plan::Int64Literal(1))};
  auto join = JoinNode(JoinType::kInner, project, in);
  EXPECT_EQ(plan::ExplainPlan(*join),
            "Join Inner, (c0#0 = c0#0)\n"
            ":- Project [c0#0, (c1#1 + 1) AS c]\n"
            ":  +- Filter (c1#1 > 5)\n"
            ":     +- LocalRelation [c0#0, c1#1]\n"
            "+- LocalRelation [c0#0, c1#1]");
}


TEST(OperatorsTest, ManyGroupsAndLargeJoins) {
  // 5000 groups (table growth, several state chunks), small batches.
  std::vector<std::optional<int64_t>> keys, ones;
  for (int i = 0; i < 20000; ++i) {
    keys.push_back(i % 5000);
    ones.push_back(1);
  }
  PlanPtr in = Values({Longs(keys), Longs(ones)});
  auto agg = Node(PlanKind::kAggregate, {{"k", DataType::Long(), true}, {"c", DataType::Long(), true}}, {in});
  agg->group_by = {Col(in, 0)};
  agg->aggregates = {Agg("count", Col(in, 1))};
  Strs rows = RunPlan(agg, 1000);
  ASSERT_EQ(rows.size(), 5000u);
  for (const auto& row : rows) EXPECT_EQ(row.substr(row.find('|')), "|4");
  // Join producing more pairs than a batch: 20000 x 4 matches.
  std::vector<std::optional<int64_t>> build;
  for (int i = 0; i < 5000; ++i) build.push_back(i);
  PlanPtr r = Values({Longs(build)});
  auto join = JoinNode(JoinType::kInner, in, r);
  EXPECT_EQ(RunPlan(join, 512).size(), 20000u);
  auto semi = JoinNode(JoinType::kLeftSemi, r, in);
  EXPECT_EQ(RunPlan(semi, 512).size(), 5000u);
}

TEST(OperatorsTest, OneRowRelationAndCast) {
  auto one = Node(PlanKind::kValues, {}, {});
  one->num_values_rows = 1;
  auto project = Node(PlanKind::kProject, {{"x", DataType::Long(), true}, {"s", DataType::String(), true}}, {one});
  project->exprs = {plan::Int64Literal(1), plan::Cast(plan::Int64Literal(42), DataType::String())};
  EXPECT_EQ(RunPlan(project), (Strs{"1|42"}));
}

}  // namespace
}  // namespace tarn::exec::testing
