// QueryContext: what every operator of one running query shares — the
// options (function context, cancellation flag, batch size), the memory
// account, and the results of uncorrelated scalar subqueries (run once).
//
// Thread safety: the subquery cache is locked; the rest is read-only after
// construction (MemoryTracker is atomic).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>

#include "common/memory_tracker.h"
#include "exec/executor.h"
#include "exec/query_profile.h"
#include "exec/runtime_filter.h"
#include "table/table_provider.h"

namespace tarn::exec {

struct JoinBuild;
struct AggregateMerge;

/// A parallel scan's tasks, taken by its workers one at a time.
struct ScanTaskQueue {
  explicit ScanTaskQueue(std::vector<std::shared_ptr<ScanTask>> all) : tasks(std::move(all)) {}
  /// The next task, or null when none is left.
  std::shared_ptr<ScanTask> Take() {
    size_t i = next.fetch_add(1, std::memory_order_relaxed);
    return i < tasks.size() ? tasks[i] : nullptr;
  }
  const std::vector<std::shared_ptr<ScanTask>> tasks;
  std::atomic<size_t> next{0};
};

struct QueryContext {
  explicit QueryContext(const ExecOptions& opts) : options(opts), memory("query", opts.memory_limit) {
    // The limit is on real memory: buffers nobody accounts for make operators spill too.
    if (opts.memory_limit > 0) memory.CountBufferMemory();
  }

  ExecOptions options;
  MemoryTracker memory;

  std::mutex subquery_mutex;
  std::map<const plan::Expr*, VectorPtr> subquery_results;
  /// The physical plans of the query's scalar subqueries (planned with the
  /// query; owned by its physical plan).
  std::map<const plan::Expr*, const plan::PhysicalNode*> subquery_plans;

  /// Per physical operator, when options.profile is set (declared after
  /// `memory`, which their trackers report to, so they go first).
  std::map<const plan::PhysicalNode*, std::unique_ptr<OperatorMetrics>> metrics;

  /// Parallel pipelines: what the operators of an exchange's workers share,
  /// keyed by the physical node using it — scan task queues and join builds
  /// (set up by the exchange before it builds the workers' operators), the
  /// merge of a split aggregate (keyed by its partial half). Only touched
  /// while operators are built, on the consumer thread.
  std::map<const plan::PhysicalNode*, std::shared_ptr<ScanTaskQueue>> scan_tasks;
  std::map<const plan::PhysicalNode*, std::shared_ptr<const JoinBuild>> join_builds;
  std::map<const plan::PhysicalNode*, std::shared_ptr<AggregateMerge>> aggregate_merges;

  /// The results of shared subplans (plan::PhysicalNode::shared), each run
  /// once and read by the subplan and its ReusedExchanges (shared_result.cc).
  std::mutex shared_results_mutex;
  std::map<const plan::PhysicalNode*, std::shared_ptr<const std::vector<Batch>>> shared_results;

  /// Runtime filters of completed join builds, for the scans below them.
  RuntimeFilterRegistry runtime_filters;

  /// The tracker a physical node's operator(s) account to: the node's own when
  /// the query is profiled, else the query's.
  MemoryTracker& NodeMemory(const plan::PhysicalNode& node);

  /// Throws OPERATION_CANCELED when the query was cancelled.
  void CheckCancel() const;
  const FunctionContext& functions() const { return options.functions; }
  size_t batch_size() const { return options.batch_size == 0 ? 4096 : options.batch_size; }
};

}  // namespace tarn::exec
