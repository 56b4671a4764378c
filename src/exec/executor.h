// Runs logical plans: turns a plan::PlanNode tree into operators and pulls
// batches through them.
//
// Thread safety: one ExecutePlan call per thread; plans are shared read-only.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

#include "columnar/batch.h"
#include "functions/function.h"
#include "plan/logical_plan.h"
#include "table/table_provider.h"

namespace tarn::exec {

struct ExecOptions {
  FunctionContext functions;
  /// Threads a query may use.
  int threads = 1;
  /// Set to true (by another thread) to cancel: every operator checks it
  /// between batches and throws OPERATION_CANCELED.
  const std::atomic<bool>* cancel = nullptr;
  size_t batch_size = 4096;
};

/// The output of `plan` as a stream of batches (schema = plan->schema).
std::unique_ptr<BatchStream> ExecutePlan(const plan::PlanPtr& plan, const ExecOptions& options);

/// Runs `plan` to the end and returns every row in one batch.
Batch ExecuteToBatch(const plan::PlanPtr& plan, const ExecOptions& options);

}  // namespace tarn::exec
