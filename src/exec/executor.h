// Runs plans: plans the optimized logical plan physically (plan/physical_plan.h),
// builds one operator per physical node and pulls batches through them.
//
// Thread safety: one ExecutePlan call per thread; plans are shared read-only.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include "columnar/batch.h"
#include "functions/function.h"
#include "plan/logical_plan.h"
#include "plan/physical_plan.h"
#include "table/table_provider.h"

namespace tarn::exec {

struct QueryProfile;

struct ExecOptions {
  FunctionContext functions;
  /// Threads a query may use.
  int threads = 1;
  /// Set to true (by another thread) to cancel: every operator checks it
  /// between batches and throws OPERATION_CANCELED.
  const std::atomic<bool>* cancel = nullptr;
  size_t batch_size = 4096;
  /// Per-query memory limit in bytes (spark.tarn.memory.limit; 0 = none):
  /// operators that hold rows spill to `spill_directory` instead of going past it.
  int64_t memory_limit = 0;
  /// Testing (spark.tarn.memory.forceSpillRows): spillable operators spill once
  /// they hold more rows than this, even under the limit; 0 = off.
  size_t force_spill_rows = 0;
  /// Where spill files go (spark.local.dir; empty = $TMPDIR or /tmp).
  std::string spill_directory;
  /// Physical planning settings (spark.sql.autoBroadcastJoinThreshold).
  plan::PhysicalPlanOptions planner;
  /// When set, every operator's metrics are collected and copied here when
  /// the query's stream is destroyed (EXPLAIN ANALYZE, `tarn sql --profile`).
  std::shared_ptr<QueryProfile> profile;
};

/// The output of `plan` as a stream of batches (schema = plan->schema): plans
/// it physically with options.planner, then runs the physical plan.
std::unique_ptr<BatchStream> ExecutePlan(const plan::PlanPtr& plan, const ExecOptions& options);

/// Runs a physical plan as planned.
std::unique_ptr<BatchStream> ExecutePhysicalPlan(plan::PhysicalPlan plan, const ExecOptions& options);

/// Runs `plan` to the end and returns every row in one batch.
Batch ExecuteToBatch(const plan::PlanPtr& plan, const ExecOptions& options);

}  // namespace tarn::exec
