// Where runtime filters are planned: the probe side's scan of every hash join
// that drops unmatched probe rows, through filters, projections, other joins'
// surviving sides and aggregates' grouping keys; never for preserved or anti
// sides, computed or null-safe keys, or aggregated columns. The build side of a
// join above a filtering join (semi-join reduction), built after it.
#include <gtest/gtest.h>

#include "plan/physical_plan.h"
#include "plan/runtime_filter_planner.h"

namespace tarn::plan {
namespace {

class NamedTable : public TableProvider {
 public:
  explicit NamedTable(int64_t rows) : rows_(rows) {
    schema_ = {{"k", DataType::Long(), true, ""}, {"v", DataType::String(), true, ""}};
  }
  const Schema& schema() const override { return schema_; }
  std::string description() const override { return "parquet [/t]"; }
  std::optional<int64_t> row_count() const override { return rows_; }
  std::unique_ptr<BatchStream> Scan(const ScanSpec&) const override { return nullptr; }

 private:
  int64_t rows_;
  Schema schema_;
};

std::shared_ptr<PlanNode> Node(PlanKind kind, Schema schema, std::vector<PlanPtr> children) {
  auto node = std::make_shared<PlanNode>();
  node->kind = kind;
  node->schema = std::move(schema);
  node->children = std::move(children);
  return node;
}

PlanPtr Scan(int64_t rows) {
  auto table = std::make_shared<NamedTable>(rows);
  auto node = Node(PlanKind::kScan, table->schema(), {});
  node->scan_columns = {0, 1};
  node->table = table;
  return node;
}

std::shared_ptr<PlanNode> Join(JoinType type, PlanPtr left, PlanPtr right, ExprPtr left_key = nullptr) {
  auto join = Node(PlanKind::kJoin, JoinOutputSchema(type, left->schema, right->schema), {left, right});
  join->join_type = type;
  join->left_keys = {left_key ? left_key : ColumnRef(0, DataType::Long())};
  join->right_keys = {ColumnRef(0, DataType::Long())};
  join->null_safe = {false};
  return join;
}

// Every scan of the physical plan with its runtime filters, in pre-order.
void Scans(const PhysicalNode& node, std::vector<const PhysicalNode*>* out) {
  if (node.kind == PhysicalKind::kScan) out->push_back(&node);
  for (const PhysicalPtr& child : node.children) Scans(*child, out);
}

struct Planned {
  PhysicalPlan plan;
  std::vector<const PhysicalNode*> scans;
  size_t filters(size_t scan) const { return scans.at(scan)->runtime_filters.size(); }
};

Planned Plan(const PlanPtr& logical, bool enabled = true) {
  PhysicalPlanOptions options;
  options.runtime_filters = enabled;
  Planned planned{PlanPhysical(logical, options), {}};
  Scans(*planned.plan.root, &planned.scans);
  return planned;
}

TEST(RuntimeFilterPlannerTest, InnerJoinFiltersTheProbeScan) {
  Planned p = Plan(Join(JoinType::kInner, Scan(1000000), Scan(10)));
  ASSERT_EQ(p.scans.size(), 2u);
  ASSERT_EQ(p.filters(0), 1u);  // the big (probe) side
  EXPECT_EQ(p.filters(1), 0u);
  const RuntimeFilterTarget& target = p.scans[0]->runtime_filters[0];
  EXPECT_EQ(target.column, 0);
  EXPECT_EQ(target.key, 0u);
  ASSERT_NE(target.join, nullptr);
  EXPECT_EQ(target.join->runtime_filters.size(), 1u);
  EXPECT_EQ(target.join->runtime_filters[0].id, target.id);
  EXPECT_EQ(target.join->kind, PhysicalKind::kBroadcastHashJoin);

  EXPECT_EQ(Plan(Join(JoinType::kInner, Scan(1000000), Scan(10)), /*enabled=*/false).filters(0), 0u);
}

TEST(RuntimeFilterPlannerTest, OnlyWhereUnmatchedProbeRowsAreDropped) {
  // Build right, probe left: semi joins and right joins (left is null-producing) filter the left scan.
  EXPECT_EQ(Plan(Join(JoinType::kLeftSemi, Scan(1000), Scan(10))).filters(0), 1u);
  EXPECT_EQ(Plan(Join(JoinType::kRight, Scan(1000), Scan(10))).filters(0), 1u);
  // Left (preserved), full, anti, null-aware anti and mark joins keep unmatched probe rows.
  for (JoinType type : {JoinType::kLeft, JoinType::kFull, JoinType::kLeftAnti, JoinType::kNullAwareAnti,
                        JoinType::kMark}) {
    Planned p = Plan(Join(type, Scan(1000), Scan(10)));
    EXPECT_EQ(p.filters(0) + p.filters(1), 0u) << JoinTypeName(type);
  }
}

TEST(RuntimeFilterPlannerTest, ComputedAndNullSafeKeysGetNone) {
  auto computed = Join(JoinType::kInner, Scan(1000), Scan(10),
                       std::make_shared<Expr>(*ColumnRef(0, DataType::Long())));
  auto call = std::make_shared<Expr>();
  call->kind = ExprKind::kCall;
  call->name = "+";
  call->type = DataType::Long();
  call->args = {ColumnRef(0, DataType::Long()), ColumnRef(0, DataType::Long())};
  computed->left_keys = {call};
  EXPECT_EQ(Plan(computed).filters(0), 0u);

  auto null_safe = Join(JoinType::kInner, Scan(1000), Scan(10));
  null_safe->null_safe = {true};
  EXPECT_EQ(Plan(null_safe).filters(0), 0u);
}

TEST(RuntimeFilterPlannerTest, FollowsProjectionsFiltersAndGroupingKeys) {
  // Project [v, k AS kk] over a filter over the scan: key kk (position 1) is scan column 0.
  auto filter = Node(PlanKind::kFilter, Scan(1000)->schema, {Scan(1000)});
  filter->condition = BoolLiteral(true);
  auto project = Node(PlanKind::kProject, {{"v", DataType::String(), true, ""}, {"kk", DataType::Long(), true, ""}},
                      {filter});
  project->exprs = {ColumnRef(1, DataType::String()), ColumnRef(0, DataType::Long())};
  Planned p = Plan(Join(JoinType::kInner, project, Scan(10), ColumnRef(1, DataType::Long())));
  ASSERT_EQ(p.filters(0), 1u);
  EXPECT_EQ(p.scans[0]->runtime_filters[0].column, 0);

  // A grouping key column: a key's input rows only make its own group.
  auto aggregate = Node(PlanKind::kAggregate, {{"k", DataType::Long(), true, ""}}, {Scan(1000)});
  aggregate->group_by = {ColumnRef(0, DataType::Long())};
  Planned grouped = Plan(Join(JoinType::kInner, aggregate, Scan(10)));
  ASSERT_EQ(grouped.filters(0), 1u);
  EXPECT_EQ(grouped.scans[0]->runtime_filters[0].column, 0);
  // A computed grouping key is not a scan column.
  auto computed = Node(PlanKind::kAggregate, {{"k", DataType::Long(), true, ""}}, {Scan(1000)});
  auto negate = std::make_shared<Expr>();
  negate->kind = ExprKind::kCall;
  negate->name = "-";
  negate->type = DataType::Long();
  negate->args = {ColumnRef(0, DataType::Long())};
  computed->group_by = {negate};
  EXPECT_EQ(Plan(Join(JoinType::kInner, computed, Scan(10))).filters(0), 0u);
}

void HashJoins(const PhysicalNode& node, std::vector<const PhysicalNode*>* out) {
  if (node.kind == PhysicalKind::kBroadcastHashJoin || node.kind == PhysicalKind::kShuffledHashJoin)
    out->push_back(&node);
  for (const PhysicalPtr& child : node.children) HashJoins(*child, out);
}

TEST(RuntimeFilterPlannerTest, SemiJoinReductionOfABuildSide) {
  // (big JOIN small) LEFT JOIN (SELECT k FROM mid GROUP BY k) ON big.k = k: the
  // left join builds the aggregate; its probe keys are all among small's keys,
  // so the inner join's filter also reaches mid's scan, and builds first.
  auto inner = Join(JoinType::kInner, Scan(1000000), Scan(10));
  auto aggregate = Node(PlanKind::kAggregate, {{"k", DataType::Long(), true, ""}}, {Scan(100000)});
  aggregate->group_by = {ColumnRef(0, DataType::Long())};
  Planned p = Plan(Join(JoinType::kLeft, inner, aggregate));
  ASSERT_EQ(p.scans.size(), 3u);
  std::vector<const PhysicalNode*> joins;
  HashJoins(*p.plan.root, &joins);
  ASSERT_EQ(joins.size(), 2u);  // the left join, then the inner one
  EXPECT_EQ(p.filters(0), 1u);  // big: the inner join's own filter
  EXPECT_EQ(p.filters(1), 0u);
  ASSERT_EQ(p.filters(2), 1u);  // mid, under the aggregate the left join builds
  EXPECT_EQ(p.scans[2]->runtime_filters[0].join, joins[1]);
  EXPECT_EQ(joins[1]->runtime_filters.size(), 2u);
  EXPECT_EQ(OrderJoinBuilds(joins), (std::vector<const PhysicalNode*>{joins[1], joins[0]}));
  EXPECT_EQ(OrderJoinBuilds({joins[1], joins[0]}), (std::vector<const PhysicalNode*>{joins[1], joins[0]}));

  // Keyed on small's column (the inner join's build key, as TPC-H q17 joins on
  // p_partkey): its values are small's keys all the same.
  auto on_build_key = Join(JoinType::kLeft, Join(JoinType::kInner, Scan(1000000), Scan(10)), aggregate,
                           ColumnRef(2, DataType::Long()));
  Planned q = Plan(on_build_key);
  std::vector<const PhysicalNode*> q_joins;
  HashJoins(*q.plan.root, &q_joins);
  ASSERT_EQ(q.filters(2), 1u);
  EXPECT_EQ(q.scans[2]->runtime_filters[0].join, q_joins.at(1));

  // A full join keeps unmatched build rows: no reduction.
  Planned full = Plan(Join(JoinType::kFull, Join(JoinType::kInner, Scan(1000000), Scan(10)), aggregate));
  EXPECT_EQ(full.filters(2), 0u);
}

TEST(RuntimeFilterPlannerTest, ThroughTheSurvivingSideOfAnotherJoin) {
  // (big JOIN mid) JOIN small: the outer key is big's column, so big's scan
  // gets the outer join's filter as well as the inner one's.
  auto inner = Join(JoinType::kInner, Scan(1000000), Scan(1000));
  Planned p = Plan(Join(JoinType::kInner, inner, Scan(10)));
  ASSERT_EQ(p.scans.size(), 3u);
  EXPECT_EQ(p.filters(0), 2u);
  // Through a left join only from its preserved side.
  auto left = Join(JoinType::kLeft, Scan(1000000), Scan(1000));
  auto outer = Join(JoinType::kInner, left, Scan(10), ColumnRef(2, DataType::Long()));
  Planned q = Plan(outer);
  EXPECT_EQ(q.filters(0), 0u);  // left's probe keeps unmatched rows
  EXPECT_EQ(q.filters(1), 0u);  // right columns of a left join are null-extended
}

}  // namespace
}  // namespace tarn::plan
