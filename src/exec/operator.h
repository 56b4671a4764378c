// Operator: one node of a running plan. Pull-based: Next() fills the next
// output batch (schema = the plan node's schema) and returns false at the end.
// Every operator checks cancellation between batches.
//
// Thread safety: an operator tree is driven by one thread.
#pragma once

#include <memory>

#include "columnar/batch.h"
#include "exec/query_context.h"
#include "plan/logical_plan.h"
#include "plan/physical_plan.h"
#include "table/table_provider.h"

namespace tarn::exec {

/// Operator::TryReserve for code outside an operator (a shared join build).
inline bool TryReserveSpillable(const QueryContext& query, MemoryTracker& memory, int64_t bytes, size_t rows_held) {
  size_t force = query.options.force_spill_rows;
  if (force > 0 && rows_held > force) return false;
  return memory.Reserve(bytes).ok();
}

class Operator : public BatchStream {
 public:
  Operator(const plan::PlanNode& node, QueryContext* query) : node_(node), query_(query) {}

  /// Where the operator accounts the memory it holds: its physical node's
  /// own tracker when the query is profiled (set before the first Next),
  /// else the query's.
  void set_memory(MemoryTracker* memory) { memory_ = memory; }

 protected:
  MemoryTracker& memory() { return memory_ != nullptr ? *memory_ : query_->memory; }
  /// Memory an operator can give back by spilling: accounted and true when
  /// `bytes` more fit under the query's limit, else nothing accounted. Also
  /// false (testing) when the operator holds more than
  /// spark.tarn.memory.forceSpillRows rows (`rows_held`).
  bool TryReserve(int64_t bytes, size_t rows_held) {
    return TryReserveSpillable(*query_, memory(), bytes, rows_held);
  }
  /// Memory that cannot be spilled (`held` = what the operator already holds
  /// of it): accounted even past the query's limit — other operators spill to
  /// make room — but an operator that alone needs more than the whole limit
  /// fails with UNABLE_TO_ACQUIRE_MEMORY naming `what`.
  void ReserveUnspillable(int64_t held, int64_t bytes, const std::string& what);

  const plan::PlanNode& node_;
  QueryContext* query_;

 private:
  MemoryTracker* memory_ = nullptr;
};

using OperatorPtr = std::unique_ptr<Operator>;

/// The operator tree for a physical plan (whose logical plan must outlive it).
OperatorPtr BuildOperator(const plan::PhysicalNode& plan, QueryContext* query);

}  // namespace tarn::exec
