// Scan: batches of a TableProvider — the whole table, or (a worker of a
// parallel pipeline) the scan tasks it takes from the pipeline's shared
// queue, one after another, until none is left.
//
// Runtime filters (plan::RuntimeFilterTarget): those built by the time the
// scan starts are applied — their min/max as ScanFilters (files, row groups
// and pages skipped by the provider; for a parallel scan, when its exchange
// plans the tasks), their bloom filters on the key columns of every batch
// before it goes up. A filter with no build key ends the scan before it
// reads anything. A bloom filter that keeps nearly every row is turned off
// after a while: probing it would only cost time.
#include "common/check.h"
#include "exec/operators/operators.h"
#include "exec/query_context.h"
#include "exec/vector_util.h"

namespace tarn::exec {
namespace {

// Rows a bloom filter must have seen before it may be turned off, and the
// share of rows it must keep for that.
constexpr int64_t kBloomTrialRows = 1 << 16;
constexpr double kBloomUselessKeepRatio = 0.95;

// The runtime filters of `scan` built so far.
std::vector<std::pair<plan::RuntimeFilterTarget, std::shared_ptr<const RuntimeFilter>>> BuiltRuntimeFilters(
    const plan::PhysicalNode& scan, const QueryContext& query) {
  std::vector<std::pair<plan::RuntimeFilterTarget, std::shared_ptr<const RuntimeFilter>>> out;
  for (const plan::RuntimeFilterTarget& target : scan.runtime_filters)
    if (auto filter = query.runtime_filters.Find(target.id)) out.emplace_back(target, std::move(filter));
  return out;
}

bool MatchesNothing(const plan::PhysicalNode& scan, const QueryContext& query) {
  for (const auto& built : BuiltRuntimeFilters(scan, query))
    if (built.second->empty()) return true;
  return false;
}

class ScanOperator : public Operator {
 public:
  ScanOperator(const plan::PlanNode& node, QueryContext* query, std::shared_ptr<ScanTaskQueue> tasks,
               const plan::PhysicalNode* physical)
      : Operator(node, query), tasks_(std::move(tasks)), physical_(physical) {}

  ~ScanOperator() override {
    if (OperatorStats* stats = ProfiledStats(physical_, query_)) stats->runtime_filter_rows_dropped += rows_dropped_;
  }

  bool Next(Batch* out) override {
    query_->CheckCancel();
    if (!started_) Start();
    if (matches_nothing_) return false;
    for (;;) {
      if (!stream_) {
        if (tasks_ != nullptr) {
          std::shared_ptr<ScanTask> task = tasks_->Take();
          if (task == nullptr) return false;
          stream_ = task->Open();
        } else {
          if (scanned_) return false;
          TARN_CHECK(node_.table != nullptr, "scan without a table");
          stream_ = node_.table->Scan(physical_ != nullptr ? MakeScanSpecWithRuntimeFilters(*physical_, *query_)
                                                           : MakeScanSpec(node_, *query_));
          scanned_ = true;
        }
      }
      Batch batch;
      while (stream_->Next(&batch)) {
        query_->CheckCancel();
        if (batch.num_rows() == 0 || !ApplyBloomFilters(&batch)) continue;
        *out = WithSchema(node_.schema, batch);
        return true;
      }
      stream_.reset();
    }
  }

 private:
  struct ActiveBloom {
    int column;
    std::shared_ptr<const RuntimeFilter> filter;
    int64_t rows_in = 0, rows_kept = 0;
  };

  void Start() {
    started_ = true;
    if (physical_ == nullptr) return;
    for (auto& [target, filter] : BuiltRuntimeFilters(*physical_, *query_)) {
      if (filter->empty()) matches_nothing_ = true;
      if (filter->has_bloom()) blooms_.push_back(ActiveBloom{target.column, filter});
    }
  }

  // Drops the rows the bloom filters rule out; false when none is left.
  bool ApplyBloomFilters(Batch* batch) {
    if (blooms_.empty()) return true;
    size_t rows = batch->num_rows();
    SelectionVector keep(rows);
    for (size_t r = 0; r < rows; ++r) keep[r] = static_cast<uint32_t>(r);
    for (ActiveBloom& bloom : blooms_) {
      if (bloom.filter == nullptr) continue;  // turned off
      size_t before = keep.size();
      bloom.filter->Select(batch->column(bloom.column), &keep);
      bloom.rows_in += static_cast<int64_t>(before);
      bloom.rows_kept += static_cast<int64_t>(keep.size());
      if (bloom.rows_in >= kBloomTrialRows &&
          static_cast<double>(bloom.rows_kept) > kBloomUselessKeepRatio * static_cast<double>(bloom.rows_in))
        bloom.filter = nullptr;
      if (keep.empty()) break;
    }
    rows_dropped_ += static_cast<int64_t>(rows - keep.size());
    if (keep.empty()) return false;
    if (keep.size() < rows) *batch = batch->Select(keep);
    return true;
  }

  std::shared_ptr<ScanTaskQueue> tasks_;
  const plan::PhysicalNode* physical_;
  bool started_ = false, scanned_ = false, matches_nothing_ = false;
  std::vector<ActiveBloom> blooms_;
  int64_t rows_dropped_ = 0;
  std::unique_ptr<BatchStream> stream_;
};

}  // namespace

OperatorStats* ProfiledStats(const plan::PhysicalNode* node, QueryContext* query) {
  if (node == nullptr || query->options.profile == nullptr) return nullptr;
  std::unique_ptr<OperatorMetrics>& metrics = query->metrics[node];
  if (metrics == nullptr) metrics = std::make_unique<OperatorMetrics>(&query->memory);
  return &metrics->stats;
}

ScanSpec MakeScanSpec(const plan::PlanNode& node, const QueryContext& query) {
  ScanSpec spec;
  spec.columns = node.scan_columns;
  spec.filters = node.scan_filters;
  spec.threads = query.options.threads;
  spec.batch_size = query.batch_size();
  return spec;
}

ScanSpec MakeScanSpecWithRuntimeFilters(const plan::PhysicalNode& scan, const QueryContext& query) {
  ScanSpec spec = MakeScanSpec(*scan.logical, query);
  for (const auto& [target, filter] : BuiltRuntimeFilters(scan, query)) {
    if (target.column < 0 || static_cast<size_t>(target.column) >= spec.columns.size()) continue;
    filter->AppendScanFilters(spec.columns[target.column], &spec.filters);
  }
  return spec;
}

std::vector<std::shared_ptr<ScanTask>> PlanScanTasksWithRuntimeFilters(const plan::PhysicalNode& scan,
                                                                       QueryContext* query) {
  TARN_CHECK(scan.logical->table != nullptr, "scan without a table");
  const TableProvider& table = *scan.logical->table;
  OperatorStats* stats = ProfiledStats(&scan, query);
  bool pruned_all = MatchesNothing(scan, *query);
  std::vector<std::shared_ptr<ScanTask>> tasks;
  if (!pruned_all) tasks = table.PlanScanTasks(MakeScanSpecWithRuntimeFilters(scan, *query));
  // EXPLAIN ANALYZE's "tasks pruned": what the plan without the runtime
  // filters would have read (planned again, only when profiling).
  if (stats != nullptr && !BuiltRuntimeFilters(scan, *query).empty()) {
    size_t without = table.PlanScanTasks(MakeScanSpec(*scan.logical, *query)).size();
    stats->runtime_filter_tasks_pruned += static_cast<int64_t>(without - std::min(without, tasks.size()));
  }
  return tasks;
}

OperatorPtr MakeScan(const plan::PlanNode& node, QueryContext* query, std::shared_ptr<ScanTaskQueue> tasks,
                     const plan::PhysicalNode* physical) {
  return std::make_unique<ScanOperator>(node, query, std::move(tasks), physical);
}

}  // namespace tarn::exec
