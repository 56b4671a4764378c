// The physical planner's decisions (join strategy by the broadcast
// threshold, build side, top-N, nested-loop joins, LocalTableScan) and the
// EXPLAIN text of physical plans and statistics.
#include "plan/physical_plan.h"

#include <gtest/gtest.h>

#include "plan/optimizer.h"

namespace tarn::plan {
namespace {

// A table that only describes itself: planning never scans.
class SizedTable : public TableProvider {
 public:
  SizedTable(std::string description, int64_t rows) : description_(std::move(description)), rows_(rows) {
    schema_ = {{"k", DataType::Long(), true, ""}, {"v", DataType::String(), true, ""}};
  }
  const Schema& schema() const override { return schema_; }
  std::string description() const override { return description_; }
  std::optional<int64_t> row_count() const override { return rows_; }
  std::unique_ptr<BatchStream> Scan(const ScanSpec&) const override { return nullptr; }

 private:
  std::string description_;
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

// A scan of (k bigint, v string): 8 + 8 + 20 = 36 bytes a row.
PlanPtr Scan(int64_t rows, const std::string& description = "parquet [/data/t]") {
  auto table = std::make_shared<SizedTable>(description, rows);
  auto node = Node(PlanKind::kScan, table->schema(), {});
  node->scan_columns = {0, 1};
  node->table = table;
  return node;
}

PlanPtr Values(size_t rows) {
  auto node = Node(PlanKind::kValues, {{"col1", DataType::Long(), true, ""}}, {});
  node->num_values_rows = rows;
  node->values = {Vector::Make(DataType::Long(), rows)};
  return node;
}

std::shared_ptr<PlanNode> Join(JoinType type, PlanPtr left, PlanPtr right, bool keys = true) {
  auto join = Node(PlanKind::kJoin, JoinOutputSchema(type, left->schema, right->schema), {left, right});
  join->join_type = type;
  if (keys) {
    join->left_keys = {ColumnRef(0, DataType::Long())};
    join->right_keys = {ColumnRef(0, DataType::Long())};
    join->null_safe = {false};
  }
  return join;
}

// A physical plan that keeps its logical plan alive. -> and * give the
// operator under test: the root, or the top of the pipeline under a root
// Exchange (exchanges are tested on their own).
struct Planned {
  PhysicalPlan plan;
  const PhysicalNode* top() const {
    const PhysicalNode* root = plan.root.get();
    return root->kind == PhysicalKind::kExchange ? root->children.at(0).get() : root;
  }
  const PhysicalNode* operator->() const { return top(); }
  const PhysicalNode& operator*() const { return *top(); }
};

Planned Plan(const PlanPtr& plan, int64_t threshold = 10 * 1024 * 1024) {
  PhysicalPlanOptions options;
  options.auto_broadcast_join_threshold = threshold;
  return {PlanPhysical(plan, options)};
}

std::shared_ptr<PlanNode> Sort(PlanPtr child) {
  auto sort = Node(PlanKind::kSort, child->schema, {child});
  sort->sort_keys = {{ColumnRef(0, DataType::Long()), false, false}};
  return sort;
}

std::shared_ptr<PlanNode> Limit(PlanPtr child, int64_t limit, int64_t offset = 0) {
  auto node = Node(PlanKind::kLimit, child->schema, {child});
  node->limit = limit;
  node->offset = offset;
  return node;
}

TEST(PhysicalPlanTest, HashJoinIsBroadcastWhenTheBuildSideIsWithinTheThreshold) {
  // Build side: the right scan, 100 rows × 36 bytes = 3600 bytes.
  PlanPtr join = Join(JoinType::kLeft, Scan(1000), Scan(100));
  EXPECT_EQ(EstimateStatistics(*join->children[1]).size_in_bytes, 3600);
  EXPECT_EQ(Plan(join)->kind, PhysicalKind::kBroadcastHashJoin);
  EXPECT_EQ(Plan(join, 3600)->kind, PhysicalKind::kBroadcastHashJoin);
  EXPECT_EQ(Plan(join, 3599)->kind, PhysicalKind::kShuffledHashJoin);
  EXPECT_EQ(Plan(join, -1)->kind, PhysicalKind::kShuffledHashJoin);
  EXPECT_EQ(Plan(join)->build_side, BuildSide::kRight);
}

TEST(PhysicalPlanTest, BuildSide) {
  // Inner joins build the side with fewer estimated rows.
  Planned inner = Plan(Join(JoinType::kInner, Scan(10), Scan(1000000)));
  EXPECT_EQ(inner->build_side, BuildSide::kLeft);
  EXPECT_EQ(inner->kind, PhysicalKind::kBroadcastHashJoin);
  EXPECT_EQ(Plan(Join(JoinType::kInner, Scan(1000000), Scan(10)))->build_side, BuildSide::kRight);
  // Outer joins build the right side unless a hint says otherwise; semi
  // joins ignore the hint and build the right side unless the left one is
  // clearly (2x) smaller.
  EXPECT_EQ(Plan(Join(JoinType::kLeft, Scan(10), Scan(1000000)))->build_side, BuildSide::kRight);
  auto hinted = Join(JoinType::kLeft, Scan(10), Scan(1000000));
  hinted->broadcast_left = true;
  EXPECT_EQ(Plan(hinted)->build_side, BuildSide::kLeft);
  auto semi = Join(JoinType::kLeftSemi, Scan(1000000), Scan(600000));
  semi->broadcast_left = true;
  Planned semi_plan = Plan(semi);
  EXPECT_EQ(semi_plan->build_side, BuildSide::kRight);
  // 600,000 × 36 bytes is over 10 MB.
  EXPECT_EQ(semi_plan->kind, PhysicalKind::kShuffledHashJoin);
  EXPECT_EQ(Plan(Join(JoinType::kLeftSemi, Scan(400000), Scan(1000000)))->build_side, BuildSide::kLeft);
  EXPECT_EQ(Plan(Join(JoinType::kLeftAnti, Scan(10), Scan(1000000)))->build_side, BuildSide::kLeft);
  EXPECT_EQ(Plan(Join(JoinType::kLeftAnti, Scan(600000), Scan(1000000)))->build_side, BuildSide::kRight);
  // NOT IN and mark joins always build the right side.
  EXPECT_EQ(Plan(Join(JoinType::kNullAwareAnti, Scan(10), Scan(1000000)))->build_side, BuildSide::kRight);
  EXPECT_EQ(Plan(Join(JoinType::kMark, Scan(10), Scan(1000000)))->build_side, BuildSide::kRight);
}

TEST(PhysicalPlanTest, JoinsWithoutEquiKeysAreNestedLoops) {
  auto small = Join(JoinType::kInner, Scan(1000000), Scan(10), /*keys=*/false);
  EXPECT_EQ(Plan(small)->kind, PhysicalKind::kBroadcastNestedLoopJoin);
  // Two large sides of an inner join: a cartesian product.
  EXPECT_EQ(Plan(small, -1)->kind, PhysicalKind::kCartesianProduct);
  auto cross = Join(JoinType::kCross, Scan(1000000), Scan(2000000), /*keys=*/false);
  EXPECT_EQ(Plan(cross)->kind, PhysicalKind::kCartesianProduct);
  // Outer joins have no cartesian form.
  auto outer = Join(JoinType::kLeft, Scan(1000000), Scan(2000000), /*keys=*/false);
  EXPECT_EQ(Plan(outer)->kind, PhysicalKind::kBroadcastNestedLoopJoin);
}

TEST(PhysicalPlanTest, LimitOverSortIsTopN) {
  auto sort = Sort(Scan(1000));
  Planned top = Plan(Limit(sort, 10, 5));
  ASSERT_EQ(top->kind, PhysicalKind::kTakeOrderedAndProject);
  EXPECT_EQ(top->top_n, 15);
  EXPECT_EQ(top->sort, sort.get());
  EXPECT_EQ(top->project, nullptr);
  ASSERT_EQ(top->children.size(), 1u);
  // The scan is a parallel pipeline whose workers keep their own top 15.
  ASSERT_EQ(top->children[0]->kind, PhysicalKind::kExchange);
  const PhysicalNode& local = *top->children[0]->children.at(0);
  EXPECT_EQ(local.kind, PhysicalKind::kSort);
  EXPECT_EQ(local.top_n, 15);
  EXPECT_EQ(local.logical, sort.get());
  EXPECT_EQ(local.children.at(0)->kind, PhysicalKind::kScan);

  // A Project between the Limit and the Sort is folded in.
  auto project = Node(PlanKind::kProject, {{"k", DataType::Long(), true, ""}}, {sort});
  project->exprs = {ColumnRef(0, DataType::Long())};
  Planned projected = Plan(Limit(project, 3));
  ASSERT_EQ(projected->kind, PhysicalKind::kTakeOrderedAndProject);
  EXPECT_EQ(projected->project, project.get());
  EXPECT_EQ(projected->top_n, 3);

  // OFFSET alone is no top-N.
  EXPECT_EQ(Plan(Limit(sort, -1, 5))->kind, PhysicalKind::kCollectLimit);
}

TEST(PhysicalPlanTest, LimitAtTheRootCollectsElsewhereIsGlobal) {
  EXPECT_EQ(Plan(Limit(Scan(10), 5))->kind, PhysicalKind::kCollectLimit);
  auto filter = Node(PlanKind::kFilter, Scan(10)->schema, {Limit(Scan(10), 5)});
  filter->condition = BoolLiteral(true);
  Planned plan = Plan(filter);
  ASSERT_EQ(plan->children.size(), 1u);
  EXPECT_EQ(plan->children[0]->kind, PhysicalKind::kGlobalLimit);
}

TEST(PhysicalPlanTest, ValuesAndDistinct) {
  PlanPtr values = Values(3);
  EXPECT_EQ(Plan(values)->kind, PhysicalKind::kLocalTableScan);
  EXPECT_EQ(Plan(values)->logical, values.get());
  auto distinct = Node(PlanKind::kDistinct, values->schema, {values});
  Planned plan = Plan(distinct);
  EXPECT_EQ(plan->kind, PhysicalKind::kHashAggregate);
  EXPECT_EQ(ExplainPhysical(*plan), "HashAggregate(keys=[col1#0], functions=[])\n+- LocalTableScan [col1#0]");
}

TEST(PhysicalPlanTest, ExplainText) {
  auto scan = std::static_pointer_cast<const PlanNode>(Scan(1000));
  auto filtered = std::make_shared<PlanNode>(*scan);
  filtered->scan_filters = {{0, ScanFilter::Op::kGt, "5"}, {1, ScanFilter::Op::kIsNotNull, ""}};
  auto join = Join(JoinType::kInner, filtered, Values(2));
  Planned plan = Plan(Limit(join, 7));
  EXPECT_EQ(ExplainPhysical(*plan),
            "CollectLimit 7\n"
            "+- Exchange SinglePartition\n"
            "   +- BroadcastHashJoin [k#0], [col1#0], Inner, BuildRight RuntimeFilters: [rf0]\n"
            "      :- FileScan parquet [/data/t][k#0,v#1] PushedFilters: [GreaterThan(k,5), IsNotNull(v)], "
            "RuntimeFilters: [dynamicpruningexpression(k#0 IN rf0)], ReadSchema: struct<k:bigint,v:string>\n"
            "      +- LocalTableScan [col1#0]");
  EXPECT_EQ(ExplainPhysicalFormatted(*plan),
            "CollectLimit (5)\n"
            "+- Exchange (4)\n"
            "   +- BroadcastHashJoin Inner BuildRight (3)\n"
            "      :- Scan parquet [/data/t] (1)\n"
            "      +- LocalTableScan (2)\n"
            "\n\n"
            "(1) Scan parquet [/data/t]\n"
            "Output [2]: [k#0, v#1]\n"
            "PushedFilters: [GreaterThan(k,5), IsNotNull(v)]\n"
            "RuntimeFilters: [dynamicpruningexpression(k#0 IN rf0)]\n"
            "ReadSchema: struct<k:bigint,v:string>\n"
            "\n"
            "(2) LocalTableScan\n"
            "Output [1]: [col1#0]\n"
            "Arguments: 2 rows\n"
            "\n"
            "(3) BroadcastHashJoin\n"
            "Left keys [1]: [k#0]\n"
            "Right keys [1]: [col1#0]\n"
            "Join type: Inner\n"
            "Build side: BuildRight\n"
            "Join condition: None\n"
            "RuntimeFilters: [rf0]\n"
            "\n"
            "(4) Exchange\n"
            "Input [3]: [k#0, v#1, col1#2]\n"
            "Arguments: SinglePartition\n"
            "\n"
            "(5) CollectLimit\n"
            "Input [3]: [k#0, v#1, col1#2]\n"
            "Arguments: 7");
  // A table that is not a file listing is a plain Scan.
  EXPECT_EQ(ExplainPhysical(*Plan(Scan(3, "Range (0, 3, step=1)"))),
            "Scan Range (0, 3, step=1)[k#0,v#1] PushedFilters: [], ReadSchema: struct<k:bigint,v:string>");
}

TEST(PhysicalPlanTest, ParallelPipelinesEndInExchanges) {
  // An aggregate over a pipeline splits: final → Exchange → partial → scan.
  PlanPtr scan = Scan(1000);
  auto agg = Node(PlanKind::kAggregate, {{"k", DataType::Long(), true, ""}}, {scan});
  agg->group_by = {ColumnRef(0, DataType::Long())};
  PhysicalPlan split = PlanPhysical(agg);
  const PhysicalNode& final_agg = *split.root;
  EXPECT_EQ(final_agg.kind, PhysicalKind::kHashAggregate);
  EXPECT_EQ(final_agg.aggregate_mode, AggregateMode::kFinal);
  const PhysicalNode& exchange = *final_agg.children.at(0);
  ASSERT_EQ(exchange.kind, PhysicalKind::kExchange);
  EXPECT_EQ(exchange.children.at(0)->aggregate_mode, AggregateMode::kPartial);
  EXPECT_EQ(exchange.children.at(0)->children.at(0)->kind, PhysicalKind::kScan);
  // DISTINCT aggregate calls are not split: the exchange is below the aggregate.
  AggregateCall call;
  call.name = "count";
  call.distinct = true;
  call.args = {ColumnRef(1, DataType::String())};
  agg->aggregates = {call};
  PhysicalPlan whole = PlanPhysical(agg);
  EXPECT_EQ(whole.root->aggregate_mode, AggregateMode::kComplete);
  EXPECT_EQ(whole.root->children.at(0)->kind, PhysicalKind::kExchange);
  // A join whose probe is a pipeline joins it: one exchange above the join.
  PhysicalPlan inner = PlanPhysical(Join(JoinType::kInner, Scan(1000000), Scan(10)));
  ASSERT_EQ(inner.root->kind, PhysicalKind::kExchange);
  const PhysicalNode& join = *inner.root->children.at(0);
  EXPECT_EQ(join.kind, PhysicalKind::kBroadcastHashJoin);
  EXPECT_EQ(join.children.at(0)->kind, PhysicalKind::kScan);      // probe: in the pipeline
  EXPECT_EQ(join.children.at(1)->kind, PhysicalKind::kExchange);  // build: a pipeline of its own
  // A full outer join emits unmatched build rows: it stays above two exchanges.
  PhysicalPlan full = PlanPhysical(Join(JoinType::kFull, Scan(1000000), Scan(10)));
  EXPECT_EQ(full.root->kind, PhysicalKind::kBroadcastHashJoin);
  EXPECT_EQ(full.root->children.at(0)->kind, PhysicalKind::kExchange);
  EXPECT_EQ(full.root->children.at(1)->kind, PhysicalKind::kExchange);
  // VALUES are not parallel.
  EXPECT_EQ(PlanPhysical(Values(3)).root->kind, PhysicalKind::kLocalTableScan);
}

TEST(PhysicalPlanTest, ScalarSubqueriesArePlannedWithTheirOperator) {
  // Filter (k > (SELECT ... LIMIT 1)): the subquery's own root is a CollectLimit.
  auto subquery = std::make_shared<Expr>();
  subquery->kind = ExprKind::kScalarSubquery;
  subquery->type = DataType::Long();
  subquery->subquery = Limit(Values(4), 1);
  auto greater = std::make_shared<Expr>();
  greater->kind = ExprKind::kCall;
  greater->name = ">";
  greater->type = DataType::Boolean();
  greater->args = {ColumnRef(0, DataType::Long()), subquery};
  auto filter = Node(PlanKind::kFilter, Values(2)->schema, {Values(2)});
  filter->condition = greater;
  Planned plan = Plan(filter);
  ASSERT_EQ(plan->subqueries.size(), 1u);
  EXPECT_EQ(plan->subqueries[0].expr, subquery.get());
  EXPECT_EQ(plan->subqueries[0].plan->kind, PhysicalKind::kCollectLimit);
  EXPECT_EQ(ExplainPhysical(*plan),
            "Filter (col1#0 > scalar-subquery)\n"
            ":  +- Subquery scalar-subquery\n"
            ":     +- CollectLimit 1\n"
            ":        +- LocalTableScan [col1#0]\n"
            "+- LocalTableScan [col1#0]");
}

TEST(PhysicalPlanTest, StatisticsText) {
  EXPECT_EQ(ToString(Statistics{1, 12}), "Statistics(sizeInBytes=12.0 B, rowCount=1)");
  EXPECT_EQ(ToString(Statistics{999, 2047}), "Statistics(sizeInBytes=2047.0 B, rowCount=999)");
  EXPECT_EQ(ToString(Statistics{1000, 2048}), "Statistics(sizeInBytes=2.0 KiB, rowCount=1.00E+3)");
  EXPECT_EQ(ToString(Statistics{12345, 10 * 1024 * 1024}), "Statistics(sizeInBytes=10.0 MiB, rowCount=1.23E+4)");
  EXPECT_EQ(ToString(Statistics{99950, 3.5 * 1024 * 1024 * 1024}),
            "Statistics(sizeInBytes=3.5 GiB, rowCount=1.00E+5)");
  EXPECT_EQ(DefaultSize(DataType::Decimal(38, 2)), 16);
  EXPECT_EQ(DefaultSize(DataType::Array(DataType::Int())), 4);
}

}  // namespace
}  // namespace tarn::plan
