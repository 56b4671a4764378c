// Parallel pipelines: the exchange's workers, scan tasks, partial/final
// aggregation, shared join builds, and how errors, cancellation and an early
// stop reach the consumer.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>

#include "common/error.h"
#include "exec/tests/exec_test_util.h"

namespace tarn::exec::testing {
namespace {

using plan::PlanKind;
using Strs = std::vector<std::string>;

// A table of `tasks` scan tasks, each `batches` batches of `rows` rows:
// c0 = global row number, c1 = row number % 10. Task `fail_task` throws
// when opened; `opened` counts opened tasks.
class TaskTable : public TableProvider {
 public:
  TaskTable(int tasks, int batches, int rows) : tasks_(tasks), batches_(batches), rows_(rows) {
    schema_ = {{"c0", DataType::Long(), true}, {"c1", DataType::Long(), true}};
  }
  const Schema& schema() const override { return schema_; }
  std::string description() const override { return "tasks"; }
  std::unique_ptr<BatchStream> Scan(const ScanSpec& spec) const override {
    return std::make_unique<Stream>(*this, spec.columns, 0, tasks_);
  }
  std::vector<std::shared_ptr<ScanTask>> PlanScanTasks(const ScanSpec& spec) const override {
    std::vector<std::shared_ptr<ScanTask>> out;
    for (int t = 0; t < tasks_; ++t) out.push_back(std::make_shared<Task>(*this, spec.columns, t));
    return out;
  }

  int fail_task = -1;
  mutable std::atomic<int> opened{0};

 private:
  class Stream : public BatchStream {
   public:
    Stream(const TaskTable& table, std::vector<int> columns, int first, int end)
        : table_(table), columns_(std::move(columns)), task_(first), end_(end) {}
    bool Next(Batch* out) override {
      while (task_ < end_) {
        if (batch_ == 0) {
          ++table_.opened;
          if (task_ == table_.fail_task) ThrowError(ErrorClass::kDivideByZero, {{"config", "test"}});
        }
        if (batch_ == table_.batches_) {
          ++task_;
          batch_ = 0;
          continue;
        }
        int64_t first = (static_cast<int64_t>(task_) * table_.batches_ + batch_) * table_.rows_;
        ++batch_;
        std::vector<std::optional<int64_t>> c0, c1;
        for (int r = 0; r < table_.rows_; ++r) {
          c0.push_back(first + r);
          c1.push_back((first + r) % 10);
        }
        std::vector<VectorPtr> all = {Longs(c0), Longs(c1)};
        std::vector<VectorPtr> cols;
        Schema schema;
        for (int c : columns_) {
          cols.push_back(all[c]);
          schema.push_back(table_.schema_[c]);
        }
        *out = Batch(schema, cols, table_.rows_);
        return true;
      }
      return false;
    }

   private:
    const TaskTable& table_;
    std::vector<int> columns_;
    int task_, end_;
    int batch_ = 0;
  };
  class Task : public ScanTask {
   public:
    Task(const TaskTable& table, std::vector<int> columns, int task) : table_(table), columns_(std::move(columns)), task_(task) {}
    std::unique_ptr<BatchStream> Open() const override {
      return std::make_unique<Stream>(table_, columns_, task_, task_ + 1);
    }

   private:
    const TaskTable& table_;
    std::vector<int> columns_;
    int task_;
  };

  int tasks_, batches_, rows_;
  Schema schema_;
};

class Sum : public AggregateFunction {
 public:
  Sum() {
    result_type_ = DataType::Long();
    arg_types_ = {DataType::Long()};
  }
  size_t state_size() const override { return 8; }
  void Init(uint8_t* state) const override { std::memset(state, 0, 8); }
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    for (size_t i = 0; i < rows; ++i) *reinterpret_cast<int64_t*>(states[i]) += args[0]->ValueAt<int64_t>(i);
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    *reinterpret_cast<int64_t*>(target) += *reinterpret_cast<const int64_t*>(source);
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) out.values<int64_t>()[i] = *reinterpret_cast<const int64_t*>(states[i]);
  }
};

PlanPtr ScanOf(std::shared_ptr<TaskTable> table) {
  auto scan = Node(PlanKind::kScan, table->schema(), {});
  scan->table = std::move(table);
  scan->scan_columns = {0, 1};
  return scan;
}

// SELECT c1, sum(c0) FROM t WHERE c0 % 10 < 5 ... (here: c1 < 5) GROUP BY c1
PlanPtr GroupedSum(const PlanPtr& scan) {
  auto filter = Node(PlanKind::kFilter, scan->schema, {scan});
  filter->condition = Lt(Col(scan, 1), plan::Int64Literal(5));
  auto agg = Node(PlanKind::kAggregate, {{"k", DataType::Long(), true}, {"s", DataType::Long(), true}}, {filter});
  agg->group_by = {Col(scan, 1)};
  plan::AggregateCall call;
  call.name = "sum";
  call.function = std::make_shared<Sum>();
  call.args = {Col(scan, 0)};
  agg->aggregates = {call};
  return agg;
}

ExecOptions Threads(int threads, size_t batch_size = 64) {
  ExecOptions options;
  options.threads = threads;
  options.batch_size = batch_size;
  return options;
}

Strs SortedRows(const PlanPtr& plan, const ExecOptions& options) {
  Strs rows = Rows(ExecuteToBatch(plan, options));
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(ParallelTest, PlanShowsExchangeAndPartialAggregate) {
  auto table = std::make_shared<TaskTable>(8, 4, 100);
  plan::PhysicalPlan physical = plan::PlanPhysical(GroupedSum(ScanOf(table)));
  EXPECT_EQ(plan::ExplainPhysical(*physical.root),
            "HashAggregate(keys=[c1#1], functions=[sum(c0#0)])\n"
            "+- Exchange SinglePartition\n"
            "   +- HashAggregate(keys=[c1#1], functions=[partial_sum(c0#0)])\n"
            "      +- Filter (c1#1 < 5)\n"
            "         +- Scan tasks[c0#0,c1#1] PushedFilters: [], ReadSchema: struct<c0:bigint,c1:bigint>");
}

TEST(ParallelTest, GroupedAggregateIsTheSameOnAnyThreadCount) {
  auto table = std::make_shared<TaskTable>(16, 5, 100);  // 8000 rows
  PlanPtr plan = GroupedSum(ScanOf(table));
  Strs one = SortedRows(plan, Threads(1));
  ASSERT_EQ(one.size(), 5u);
  // sum of n < 8000 with n % 10 == 0: 10 * (0 + ... + 799) = 3196000.
  EXPECT_EQ(one[0], "0|3196000");
  EXPECT_EQ(table->opened.load(), 16);
  for (int threads : {2, 4, 7}) EXPECT_EQ(SortedRows(plan, Threads(threads)), one) << threads << " threads";
}

TEST(ParallelTest, GlobalAggregateOverNoTasksHasOneRow) {
  auto table = std::make_shared<TaskTable>(0, 1, 1);
  PlanPtr scan = ScanOf(table);
  auto agg = Node(PlanKind::kAggregate, {{"s", DataType::Long(), true}}, {scan});
  plan::AggregateCall call;
  call.name = "sum";
  call.function = std::make_shared<Sum>();
  call.args = {Col(scan, 0)};
  agg->aggregates = {call};
  EXPECT_EQ(SortedRows(agg, Threads(4)), Strs{"0"});
}

TEST(ParallelTest, JoinProbesShareOneBuild) {
  auto table = std::make_shared<TaskTable>(12, 3, 50);  // 1800 rows, c1 in 0..9
  PlanPtr scan = ScanOf(table);
  PlanPtr keys = Values({Longs({1, 3, 3})});
  auto join = Node(PlanKind::kJoin, {}, {scan, keys});
  join->schema = scan->schema;
  join->schema.push_back(keys->schema[0]);
  join->join_type = plan::JoinType::kInner;
  join->left_keys = {Col(scan, 1)};
  join->right_keys = {Col(keys, 0)};
  plan::PhysicalPlan physical = plan::PlanPhysical(join);
  EXPECT_EQ(plan::PhysicalNodeName(*physical.root), "Exchange");
  // 180 rows with c1 = 1 (one match each) and 180 with c1 = 3 (two).
  Strs one = SortedRows(join, Threads(1));
  EXPECT_EQ(one.size(), 540u);
  EXPECT_EQ(SortedRows(join, Threads(4)), one);
}

TEST(ParallelTest, TopNKeepsExactOrder) {
  // ORDER BY c0 DESC LIMIT 7: per-worker top 7, then the final top 7.
  auto table = std::make_shared<TaskTable>(30, 4, 50);  // 6000 rows
  PlanPtr scan = ScanOf(table);
  auto sort = Node(PlanKind::kSort, scan->schema, {scan});
  sort->sort_keys = {{Col(scan, 0), false, false}};
  auto limit = Node(PlanKind::kLimit, scan->schema, {sort});
  limit->limit = 7;
  plan::PhysicalPlan physical = plan::PlanPhysical(limit);
  EXPECT_EQ(plan::ExplainPhysical(*physical.root).substr(0, 100),
            std::string("TakeOrderedAndProject(limit=7, orderBy=[c0#0 DESC NULLS LAST], output=[c0#0,c1#1])\n"
                        "+- Exchange SinglePartition\n").substr(0, 100));
  Strs expected;
  for (int64_t v = 5999; v > 5992; --v) expected.push_back(std::to_string(v) + "|" + std::to_string(v % 10));
  for (int threads : {1, 4}) EXPECT_EQ(Rows(ExecuteToBatch(limit, Threads(threads))), expected) << threads;
}

TEST(ParallelTest, FirstWorkerErrorReachesTheConsumer) {
  for (int threads : {1, 4}) {
    auto table = std::make_shared<TaskTable>(20, 50, 64);
    table->fail_task = 7;
    try {
      SortedRows(GroupedSum(ScanOf(table)), Threads(threads));
      FAIL() << "expected the task's error";
    } catch (const Error& e) {
      EXPECT_EQ(e.info().error_class, ErrorClass::kDivideByZero) << threads << " threads";
    }
  }
}

TEST(ParallelTest, EarlyStopStopsTheWorkers) {
  // The consumer takes one batch of a large scan and drops the stream: the
  // workers (blocked on the full queue) must stop, and not every task runs.
  auto table = std::make_shared<TaskTable>(400, 50, 64);
  std::unique_ptr<BatchStream> stream = ExecutePlan(ScanOf(table), Threads(4));
  Batch batch;
  ASSERT_TRUE(stream->Next(&batch));
  stream.reset();
  EXPECT_LT(table->opened.load(), 400);
}

TEST(ParallelTest, CancellationStopsTheQuery) {
  auto table = std::make_shared<TaskTable>(400, 50, 64);
  std::atomic<bool> cancel{false};
  ExecOptions options = Threads(4);
  options.cancel = &cancel;
  std::unique_ptr<BatchStream> stream = ExecutePlan(ScanOf(table), options);
  Batch batch;
  ASSERT_TRUE(stream->Next(&batch));
  cancel = true;
  try {
    while (stream->Next(&batch)) {
    }
    FAIL() << "expected cancellation";
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kOperationCancelled);
  }
}

}  // namespace
}  // namespace tarn::exec::testing
