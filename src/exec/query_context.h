// QueryContext: what every operator of one running query shares — the
// options (function context, cancellation flag, batch size), the memory
// account, and the results of uncorrelated scalar subqueries (run once).
//
// Thread safety: the subquery cache is locked; the rest is read-only after
// construction (MemoryTracker is atomic).
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "common/memory_tracker.h"
#include "exec/executor.h"

namespace tarn::exec {

struct QueryContext {
  explicit QueryContext(const ExecOptions& opts) : options(opts), memory("query") {}

  ExecOptions options;
  MemoryTracker memory;

  std::mutex subquery_mutex;
  std::map<const plan::Expr*, VectorPtr> subquery_results;
  /// The physical plans of the query's scalar subqueries (planned with the
  /// query; owned by its physical plan).
  std::map<const plan::Expr*, const plan::PhysicalNode*> subquery_plans;

  /// Throws OPERATION_CANCELED when the query was cancelled.
  void CheckCancel() const;
  const FunctionContext& functions() const { return options.functions; }
  size_t batch_size() const { return options.batch_size == 0 ? 4096 : options.batch_size; }
};

}  // namespace tarn::exec
