// Query profiles (EXPLAIN ANALYZE): per physical operator rows, batches,
// memory and the printed layout. Times are never asserted, only masked.
#include <gtest/gtest.h>

#include <regex>

#include "exec/query_profile.h"
#include "exec/tests/exec_test_util.h"

namespace tarn::exec::testing {
namespace {

using plan::JoinType;
using plan::PhysicalKind;
using plan::PlanKind;

// Runs `plan` to the end with profiling on; returns the profile.
std::shared_ptr<QueryProfile> Profile(const PlanPtr& plan, size_t batch_size) {
  ExecOptions options;
  options.batch_size = batch_size;
  options.profile = std::make_shared<QueryProfile>();
  {
    std::unique_ptr<BatchStream> stream = ExecutePlan(plan, options);
    Batch batch;
    while (stream->Next(&batch)) {
    }
  }
  return options.profile;
}

// DISTINCT k over (l JOIN r ON l.k = r.k) over (VALUES ... WHERE k > 1).
PlanPtr JoinPlan() {
  PlanPtr l = Values({Longs({1, 2, 3, 4, 5, 6}), Strings({"a", "b", "c", "d", "e", "f"})});
  auto filter = Node(PlanKind::kFilter, l->schema, {l});
  filter->condition = Gt(Col(l, 0), plan::Int64Literal(1));
  PlanPtr r = Values({Longs({2, 2, 3, 9})});
  auto join = Node(PlanKind::kJoin, plan::JoinOutputSchema(JoinType::kInner, filter->schema, r->schema), {filter, r});
  join->join_type = JoinType::kInner;
  join->left_keys = {Col(filter, 0)};
  join->right_keys = {Col(r, 0)};
  auto project = Node(PlanKind::kProject, {{"k", DataType::Long(), true}}, {join});
  project->exprs = {Col(join, 0)};
  return Node(PlanKind::kDistinct, project->schema, {project});
}

std::string MaskTimes(const std::string& text) {
  return std::regex_replace(text, std::regex("[0-9]+\\.[0-9]{3} ms"), "T");
}

TEST(ProfileTest, CountsRowsAndBatchesPerOperator) {
  auto profile = Profile(JoinPlan(), 2);
  const plan::PhysicalNode& distinct = *profile->plan.root;
  ASSERT_EQ(distinct.kind, PhysicalKind::kHashAggregate);
  const plan::PhysicalNode& project = *distinct.children.at(0);
  const plan::PhysicalNode& join = *project.children.at(0);
  ASSERT_EQ(join.kind, PhysicalKind::kBroadcastHashJoin);
  const plan::PhysicalNode& filter = *join.children.at(0);
  const plan::PhysicalNode& left = *filter.children.at(0);
  const plan::PhysicalNode& right = *join.children.at(1);

  // VALUES: 6 rows in batches of 2; 5 pass the filter; 2, 2, 3 match.
  EXPECT_EQ(profile->Stats(left).rows_out, 6);
  EXPECT_EQ(profile->Stats(left).batches_out, 3);
  EXPECT_EQ(profile->Stats(right).rows_out, 4);
  EXPECT_EQ(profile->Stats(filter).rows_out, 5);
  EXPECT_EQ(profile->RowsIn(filter), 6);
  EXPECT_EQ(profile->RowsIn(join), 9);
  EXPECT_EQ(profile->Stats(join).rows_out, 3);
  EXPECT_EQ(profile->Stats(project).rows_out, 3);
  EXPECT_EQ(profile->Stats(distinct).rows_out, 2);
  EXPECT_EQ(profile->RowsIn(left), 0);

  // Memory: the join's build side and hash table, the distinct's table; the
  // streaming operators hold none.
  EXPECT_GT(profile->Stats(join).peak_memory_bytes, 0);
  EXPECT_GT(profile->Stats(distinct).peak_memory_bytes, 0);
  EXPECT_EQ(profile->Stats(filter).peak_memory_bytes, 0);
  EXPECT_GE(profile->peak_memory_bytes, profile->Stats(join).peak_memory_bytes);
  EXPECT_EQ(profile->Stats(join).spill_bytes, 0);

  // Self time never exceeds the inclusive time.
  EXPECT_LE(profile->SelfTimeNs(join), profile->Stats(join).time_ns);
}

TEST(ProfileTest, PrintsThePlanWithOneMetricsLinePerOperator) {
  auto profile = Profile(JoinPlan(), 2);
  std::string text = MaskTimes(FormatQueryProfile(*profile));
  std::regex memory("peak memory=[0-9.]+ (B|KiB|MiB)");
  text = std::regex_replace(text, memory, "peak memory=M");
  // The left side (5 rows after the filter) is the build side; the right
  // side's batches [2, 2] and [3, 9] probe it: 2 + 1 matches, and DISTINCT
  // streams the first 2 and the 3.
  EXPECT_EQ(text,
            "== Physical Plan (analyzed) ==\n"
            "AdaptiveSparkPlan isFinalPlan=true\n"
            "+- HashAggregate(keys=[k#0], functions=[])\n"
            "   :  time=T, self=T, rows in=3, rows out=2, batches=2, peak memory=M, spill=0 B\n"
            "   +- Project [c0#0 AS k#0]\n"
            "      :  time=T, self=T, rows in=3, rows out=3, batches=2\n"
            "      +- BroadcastHashJoin [c0#0], [c0#0], Inner, BuildLeft\n"
            "         :  time=T, self=T, rows in=9, rows out=3, batches=2, peak memory=M, spill=0 B, build rows=5, build size=120 B\n"
            "         :- Filter (c0#0 > 1)\n"
            "         :  :  time=T, self=T, rows in=6, rows out=5, batches=3\n"
            "         :  +- LocalTableScan [c0#0, c1#1]\n"
            "         :        time=T, self=T, rows out=6, batches=3\n"
            "         +- LocalTableScan [c0#0]\n"
            "               time=T, self=T, rows out=4, batches=2\n"
            "\n"
            "Query: time=T, rows=2, peak memory=M\n")
      << text;
}

TEST(ProfileTest, NoProfileWithoutTheOption) {
  ExecOptions options;
  std::unique_ptr<BatchStream> stream = ExecutePlan(JoinPlan(), options);
  Batch batch;
  size_t rows = 0;
  while (stream->Next(&batch)) rows += batch.num_rows();
  EXPECT_EQ(rows, 2u);
  EXPECT_EQ(options.profile, nullptr);
}

}  // namespace
}  // namespace tarn::exec::testing
