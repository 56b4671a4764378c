// Selectivity and cardinality estimates from column statistics (ANALYZE's and
// the files' min / max / null counts), and the physical planner's subplan
// reuse decision.
#include <gtest/gtest.h>

#include "plan/optimizer.h"
#include "plan/physical_plan.h"
#include "types/datetime.h"

namespace tarn::plan {
namespace {

// (k bigint, d date, s string) with statistics given per column: ANALYZE's
// (column_statistics) and the files' (file_column_statistics).
class StatsTable : public TableProvider {
 public:
  StatsTable(int64_t rows, std::vector<std::optional<ColumnStatistics>> analyzed,
             std::vector<std::optional<ColumnStatistics>> files)
      : rows_(rows), analyzed_(std::move(analyzed)), files_(std::move(files)) {
    schema_ = {{"k", DataType::Long(), true, ""}, {"d", DataType::Date(), true, ""}, {"s", DataType::String(), true, ""}};
  }
  const Schema& schema() const override { return schema_; }
  std::string description() const override { return "stats"; }
  std::optional<int64_t> row_count() const override { return rows_; }
  std::optional<ColumnStatistics> column_statistics(size_t i) const override { return analyzed_.at(i); }
  std::optional<ColumnStatistics> file_column_statistics(size_t i) const override { return files_.at(i); }
  std::unique_ptr<BatchStream> Scan(const ScanSpec&) const override { return nullptr; }

 private:
  int64_t rows_;
  std::vector<std::optional<ColumnStatistics>> analyzed_, files_;
  Schema schema_;
};

ColumnStatistics Stats(std::optional<int64_t> ndv, std::optional<std::string> min, std::optional<std::string> max,
                       std::optional<int64_t> nulls) {
  ColumnStatistics s;
  s.distinct_count = ndv;
  s.min = std::move(min);
  s.max = std::move(max);
  s.null_count = nulls;
  return s;
}

PlanPtr ScanOf(std::shared_ptr<TableProvider> table) {
  auto node = std::make_shared<PlanNode>();
  node->kind = PlanKind::kScan;
  node->schema = table->schema();
  node->scan_columns = {0, 1, 2};
  node->table = std::move(table);
  return node;
}

ExprPtr Col(int i, DataType type) { return ColumnRef(i, std::move(type)); }

ExprPtr DateLiteral(const char* text) {
  VectorPtr v = Vector::Make(DataType::Date(), 1);
  v->values<int32_t>()[0] = *ParseDate(text);
  return Literal(v);
}

ExprPtr StringLiteral(const char* text) {
  VectorPtr v = Vector::Make(DataType::String(), 1);
  v->SetString(0, text);
  return Literal(v);
}

ExprPtr Call(const char* name, ExprPtr a, ExprPtr b) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kCall;
  e->type = DataType::Boolean();
  e->name = name;
  e->args = {std::move(a), std::move(b)};
  return e;
}

// 1000 rows; k: ANALYZE NDV 100 (no min / max), files 1..1000 with no NULLs;
// d: files 2000-01-01 .. 2000-04-10 (100 days), 100 NULLs; s: nothing.
PlanPtr Table() {
  auto table = std::make_shared<StatsTable>(
      1000, std::vector<std::optional<ColumnStatistics>>{Stats(100, std::nullopt, std::nullopt, std::nullopt), std::nullopt, std::nullopt},
      std::vector<std::optional<ColumnStatistics>>{Stats(std::nullopt, "1", "1000", 0),
                                                   Stats(std::nullopt, "2000-01-01", "2000-04-09", 100), std::nullopt});
  return ScanOf(table);
}

TEST(StatisticsTest, EqualityAndInUseOneOverNdv) {
  PlanPtr t = Table();
  // ANALYZE's NDV wins over the files' range (which would allow 1000 values).
  EXPECT_DOUBLE_EQ(EstimateSelectivity(*t, *Call("=", Col(0, DataType::Long()), Int64Literal(7))), 0.01);
  // A value outside the files' [min, max] matches nothing.
  EXPECT_DOUBLE_EQ(EstimateSelectivity(*t, *Call("=", Col(0, DataType::Long()), Int64Literal(5000))), 0);
  auto in = MakeExpr(ExprKind::kIn, DataType::Boolean(), {Col(0, DataType::Long()), Int64Literal(1), Int64Literal(2)});
  EXPECT_DOUBLE_EQ(EstimateSelectivity(*t, *in), 0.02);
  // No statistics: the default tenth; != its complement.
  EXPECT_DOUBLE_EQ(EstimateSelectivity(*t, *Call("=", Col(2, DataType::String()), StringLiteral("x"))), 0.1);
  EXPECT_DOUBLE_EQ(EstimateSelectivity(*t, *Call("!=", Col(2, DataType::String()), StringLiteral("x"))), 0.9);
}

TEST(StatisticsTest, RangesInterpolateAndCombineIntoIntervals) {
  PlanPtr t = Table();
  ExprPtr d = Col(1, DataType::Date());
  // d < 2000-01-11: 10 of the 100 days, of the 90 % non-NULL rows.
  EXPECT_NEAR(EstimateSelectivity(*t, *Call("<", d, DateLiteral("2000-01-11"))), 0.09, 1e-9);
  // Literal on the left: 2000-01-11 > d is the same.
  EXPECT_NEAR(EstimateSelectivity(*t, *Call(">", DateLiteral("2000-01-11"), d)), 0.09, 1e-9);
  // d >= 2000-01-11 AND d < 2000-01-31: 20 days (0.18), not the product of 0.81 and 0.27.
  auto both = MakeExpr(ExprKind::kAnd, DataType::Boolean(),
                       {Call(">=", d, DateLiteral("2000-01-11")), Call("<", d, DateLiteral("2000-01-31"))});
  EXPECT_NEAR(EstimateSelectivity(*t, *both), 0.18, 1e-9);
  // IS NULL: 100 of 1000 rows; NOT and OR combine.
  auto is_null = MakeExpr(ExprKind::kIsNull, DataType::Boolean(), {d});
  EXPECT_DOUBLE_EQ(EstimateSelectivity(*t, *is_null), 0.1);
  auto not_null = MakeExpr(ExprKind::kNot, DataType::Boolean(), {is_null});
  EXPECT_DOUBLE_EQ(EstimateSelectivity(*t, *not_null), 0.9);
  auto either = MakeExpr(ExprKind::kOr, DataType::Boolean(), {is_null, Call("=", Col(0, DataType::Long()), Int64Literal(7))});
  EXPECT_NEAR(EstimateSelectivity(*t, *either), 0.1 + 0.01 - 0.001, 1e-12);
}

TEST(StatisticsTest, JoinRowsUseTheNdvBoundOfIntegerKeys) {
  // Without ANALYZE, a bigint key over 1..1000 in 1000 rows has at most 1000
  // values: 1000 x 1000 rows / 1000 = 1000 (the larger side was the old guess).
  auto files = std::vector<std::optional<ColumnStatistics>>{Stats(std::nullopt, "1", "1000", 0), std::nullopt, std::nullopt};
  auto none = std::vector<std::optional<ColumnStatistics>>{std::nullopt, std::nullopt, std::nullopt};
  PlanPtr left = ScanOf(std::make_shared<StatsTable>(1000, none, files));
  PlanPtr right = ScanOf(std::make_shared<StatsTable>(50, none,
      std::vector<std::optional<ColumnStatistics>>{Stats(std::nullopt, "1", "1000", 0), std::nullopt, std::nullopt}));
  auto join = std::make_shared<PlanNode>();
  join->kind = PlanKind::kJoin;
  join->join_type = JoinType::kInner;
  join->children = {left, right};
  join->schema = JoinOutputSchema(JoinType::kInner, left->schema, right->schema);
  join->left_keys = {Col(0, DataType::Long())};
  join->right_keys = {Col(0, DataType::Long())};
  join->null_safe = {false};
  // The right side has 50 rows: at most 50 distinct keys; max(1000, 50) = 1000.
  EXPECT_DOUBLE_EQ(EstimateRows(*join), 1000.0 * 50 / 1000);
}

TEST(StatisticsTest, RepeatedAggregatesAreReused) {
  // Two aggregates of one scan joined on their key: the second is a
  // ReusedExchange of the first, which is shared; no runtime filter enters it.
  PlanPtr scan = Table();
  auto aggregate = [&] {
    auto agg = std::make_shared<PlanNode>();
    agg->kind = PlanKind::kAggregate;
    agg->schema = {{"k", DataType::Long(), true, ""}};
    agg->children = {scan};
    agg->group_by = {Col(0, DataType::Long())};
    return agg;
  };
  PlanPtr a = aggregate(), b = aggregate();
  auto join = std::make_shared<PlanNode>();
  join->kind = PlanKind::kJoin;
  join->join_type = JoinType::kInner;
  join->children = {a, b};
  join->schema = JoinOutputSchema(JoinType::kInner, a->schema, b->schema);
  join->left_keys = {Col(0, DataType::Long())};
  join->right_keys = {Col(0, DataType::Long())};
  join->null_safe = {false};
  PhysicalPlan plan = PlanPhysical(join);
  const PhysicalNode* root = plan.root.get();
  while (root->kind == PhysicalKind::kExchange) root = root->children.at(0).get();
  ASSERT_EQ(root->children.size(), 2u);
  const PhysicalNode& first = *root->children[0];
  const PhysicalNode& second = *root->children[1];
  EXPECT_EQ(first.kind, PhysicalKind::kHashAggregate);
  EXPECT_TRUE(first.shared);
  EXPECT_EQ(second.kind, PhysicalKind::kReusedExchange);
  EXPECT_EQ(second.reused, &first);
  EXPECT_TRUE(second.children.empty());
  std::function<void(const PhysicalNode&)> no_filters = [&](const PhysicalNode& n) {
    EXPECT_TRUE(n.kind != PhysicalKind::kScan || n.runtime_filters.empty());
    for (const PhysicalPtr& c : n.children) no_filters(*c);
  };
  no_filters(first);
  // Switched off: both aggregates run.
  PhysicalPlanOptions options;
  options.reuse_subplans = false;
  PhysicalPlan separate = PlanPhysical(join, options);
  root = separate.root.get();
  while (root->kind == PhysicalKind::kExchange) root = root->children.at(0).get();
  EXPECT_EQ(root->children.at(1)->kind, PhysicalKind::kHashAggregate);
  EXPECT_FALSE(root->children.at(0)->shared);
}

}  // namespace
}  // namespace tarn::plan
