// Operators under a tiny memory limit (spark.tarn.memory.limit): each one is
// made to spill — hash aggregation, every hash join type with either build
// side, sort — and must give exactly the rows it gives in memory; operators
// that cannot spill (window, DISTINCT, set operations) fail with
// UNABLE_TO_ACQUIRE_MEMORY naming themselves, never crash or truncate.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>

#include "common/error.h"
#include "exec/spill.h"
#include "exec/tests/exec_test_util.h"

namespace tarn::exec::testing {
namespace {

using plan::JoinType;
using plan::PlanKind;
using Strs = std::vector<std::string>;

constexpr int64_t kTinyLimit = 16 * 1024;
constexpr size_t kBatchRows = 64;

// `rows` rows (k, s, v): k = i % `keys` (NULL every 97th row), s a string
// too long to inline (so spilled rows carry string bytes), v = i.
PlanPtr Table(int rows, int keys, int salt) {
  std::vector<std::optional<int64_t>> k, v;
  std::vector<std::optional<std::string>> s;
  for (int i = 0; i < rows; ++i) {
    k.push_back(i % 97 == 0 ? std::nullopt : std::optional<int64_t>((i * 7 + salt) % keys));
    s.push_back(i % 13 == 0 ? std::nullopt : std::optional<std::string>("value number " + std::to_string(i * 31 + salt)));
    v.push_back(i);
  }
  return Values({Longs(k), Strings(s), Longs(v)});
}

struct Run {
  Strs rows;
  int64_t spilled = 0;
};

Run Execute(const PlanPtr& plan, int64_t limit) {
  ExecOptions options;
  options.batch_size = kBatchRows;
  options.memory_limit = limit;
  int64_t before = TotalSpilledBytes();
  Run run;
  run.rows = Sorted(Rows(ExecuteToBatch(plan, options)));
  run.spilled = TotalSpilledBytes() - before;
  return run;
}

// The plan's rows under kTinyLimit equal its rows without a limit, and the
// limited run wrote spill files (or, `expect_spill` false, did not need to).
void ExpectSameRowsWhenSpilling(const PlanPtr& plan, const std::string& what, bool expect_spill = true) {
  SCOPED_TRACE(what);
  Run in_memory = Execute(plan, 0);
  Run spilled = Execute(plan, kTinyLimit);
  EXPECT_EQ(in_memory.spilled, 0);
  if (expect_spill) {
    EXPECT_GT(spilled.spilled, 0);
  }
  EXPECT_FALSE(in_memory.rows.empty());
  EXPECT_EQ(spilled.rows, in_memory.rows);
}

std::shared_ptr<PlanNode> Join(JoinType type, const PlanPtr& l, const PlanPtr& r) {
  auto join = Node(PlanKind::kJoin, plan::JoinOutputSchema(type, l->schema, r->schema), {l, r});
  join->join_type = type;
  join->left_keys = {Col(l, 0)};
  join->right_keys = {Col(r, 0)};
  return join;
}

std::string Message(const std::function<void()>& fn, ErrorClass* error_class) {
  try {
    fn();
  } catch (const Error& e) {
    *error_class = e.info().error_class;
    return e.info().ToString();
  }
  return "";
}

TEST(SpillOperatorsTest, HashJoinOfEveryTypeSpillsToTheSameRows) {
  PlanPtr l = Table(3000, 700, 0);
  PlanPtr r = Table(2500, 900, 3);  // keys on both sides without partners
  for (JoinType type : {JoinType::kInner, JoinType::kLeft, JoinType::kRight, JoinType::kFull, JoinType::kLeftSemi,
                        JoinType::kLeftAnti, JoinType::kMark}) {
    ExpectSameRowsWhenSpilling(Join(type, l, r), plan::JoinTypeName(type) + " build right");
  }
  for (JoinType type : {JoinType::kInner, JoinType::kLeft, JoinType::kRight, JoinType::kFull}) {
    auto join = Join(type, l, r);
    join->broadcast_left = true;
    ExpectSameRowsWhenSpilling(join, plan::JoinTypeName(type) + " build left");
  }
}

TEST(SpillOperatorsTest, HashJoinWithResidualAndNullSafeKeysSpills) {
  PlanPtr l = Table(3000, 700, 0);
  PlanPtr r = Table(2500, 900, 3);
  auto join = Join(JoinType::kFull, l, r);
  join->null_safe = {true};  // NULL keys meet NULL keys, in one partition
  join->condition = Gt(plan::ColumnRef(2, DataType::Long()), plan::ColumnRef(5, DataType::Long()));
  ExpectSameRowsWhenSpilling(join, "full outer, null-safe key, l.v > r.v");
  auto anti = Join(JoinType::kLeftAnti, l, r);
  anti->condition = join->condition;
  ExpectSameRowsWhenSpilling(anti, "anti with residual");
}

TEST(SpillOperatorsTest, NullAwareAntiJoinKeepsItsWholeBuildAndAnswersRight) {
  // NOT IN needs every build row for each probe row: it never partitions,
  // and under the limit it still answers exactly.
  PlanPtr l = Table(3000, 700, 0);
  std::vector<std::optional<int64_t>> keys;
  for (int i = 0; i < 2000; ++i) keys.push_back(i % 350);  // no NULL: rows survive
  PlanPtr r = Values({Longs(keys)});
  auto join = Node(PlanKind::kJoin, plan::JoinOutputSchema(JoinType::kNullAwareAnti, l->schema, r->schema), {l, r});
  join->join_type = JoinType::kNullAwareAnti;
  join->left_keys = {Col(l, 0)};
  join->right_keys = {Col(r, 0)};
  ExpectSameRowsWhenSpilling(join, "null-aware anti", /*expect_spill=*/false);
  // A NULL on the build side: no row at all, limited or not.
  PlanPtr with_null = Values({Longs({1, std::nullopt})});
  auto none = Node(PlanKind::kJoin, plan::JoinOutputSchema(JoinType::kNullAwareAnti, l->schema, with_null->schema),
                   {l, with_null});
  none->join_type = JoinType::kNullAwareAnti;
  none->left_keys = {Col(l, 0)};
  none->right_keys = {Col(with_null, 0)};
  EXPECT_TRUE(Execute(none, kTinyLimit).rows.empty());
}

TEST(SpillOperatorsTest, HashAggregationSpillsToTheSameGroups) {
  PlanPtr in = Table(6000, 2500, 1);
  auto agg = Node(PlanKind::kAggregate,
                  {{"k", DataType::Long(), true}, {"n", DataType::Long(), true}, {"m", DataType::Long(), true}}, {in});
  agg->group_by = {Col(in, 0)};
  agg->aggregates = {Agg("count", Col(in, 2)), Agg("sum", Col(in, 2))};
  ExpectSameRowsWhenSpilling(agg, "group by k");
  // Grouped by the string column too: spilled rows carry string bytes.
  auto by_string = Node(PlanKind::kAggregate, {{"k", DataType::Long(), true}, {"s", DataType::String(), true},
                                               {"n", DataType::Long(), true}, {"m", DataType::Long(), true}}, {in});
  by_string->group_by = {Col(in, 0), Col(in, 1)};
  by_string->aggregates = agg->aggregates;
  ExpectSameRowsWhenSpilling(by_string, "group by k, s");
}

TEST(SpillOperatorsTest, SortSpillsRunsAndMergesThemInOrder) {
  PlanPtr in = Table(5000, 300, 2);
  auto sort = Node(PlanKind::kSort, in->schema, {in});
  sort->sort_keys = {plan::SortKey{Col(in, 0), /*ascending=*/false, /*nulls_first=*/false},
                     plan::SortKey{Col(in, 2), true, true}};
  ExecOptions options;
  options.batch_size = kBatchRows;
  Strs in_memory = Rows(ExecuteToBatch(sort, options));  // in order, not sorted as text
  options.memory_limit = kTinyLimit;
  int64_t before = TotalSpilledBytes();
  Strs spilled = Rows(ExecuteToBatch(sort, options));
  EXPECT_GT(TotalSpilledBytes() - before, 0);
  ASSERT_EQ(spilled.size(), 5000u);
  EXPECT_EQ(spilled, in_memory);
}

TEST(SpillOperatorsTest, OperatorsThatCannotSpillFailClearly) {
  PlanPtr in = Table(4000, 4000, 0);
  ExecOptions options;
  options.batch_size = kBatchRows;
  options.memory_limit = kTinyLimit;

  auto distinct = Node(PlanKind::kDistinct, in->schema, {in});
  ErrorClass error_class{};
  std::string message = Message([&] { ExecuteToBatch(distinct, options); }, &error_class);
  EXPECT_EQ(error_class, ErrorClass::kMemoryLimitExceeded) << message;
  EXPECT_NE(message.find("[UNABLE_TO_ACQUIRE_MEMORY]"), std::string::npos) << message;
  EXPECT_NE(message.find("DISTINCT"), std::string::npos) << message;
  EXPECT_NE(message.find("SQLSTATE: 53200"), std::string::npos) << message;

  auto intersect = Node(PlanKind::kSetOperation, in->schema, {in, Table(4000, 4000, 5)});
  intersect->set_op = "INTERSECT";
  message = Message([&] { ExecuteToBatch(intersect, options); }, &error_class);
  EXPECT_EQ(error_class, ErrorClass::kMemoryLimitExceeded) << message;
  EXPECT_NE(message.find("HashSetOperation"), std::string::npos) << message;

  plan::WindowCall row_number;
  row_number.function = "row_number";
  row_number.type = DataType::Int();
  row_number.partition_by = {Col(in, 0)};
  row_number.order_by = {{Col(in, 2), true, true}};
  Schema window_schema = in->schema;
  window_schema.push_back({"w", DataType::Int(), true});
  auto window = Node(PlanKind::kWindow, window_schema, {in});
  window->windows = {row_number};
  message = Message([&] { ExecuteToBatch(window, options); }, &error_class);
  EXPECT_EQ(error_class, ErrorClass::kMemoryLimitExceeded) << message;
  EXPECT_NE(message.find("Window"), std::string::npos) << message;

  // Under a limit they fit in, the same plans answer.
  options.memory_limit = 64 << 20;
  EXPECT_EQ(ExecuteToBatch(distinct, options).num_rows(), 4000u);
  EXPECT_EQ(ExecuteToBatch(window, options).num_rows(), 4000u);
}

}  // namespace
}  // namespace tarn::exec::testing
