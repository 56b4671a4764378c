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

class Operator : public BatchStream {
 public:
  Operator(const plan::PlanNode& node, QueryContext* query) : node_(node), query_(query) {}

  /// Where the operator accounts the memory it holds: its physical node's
  /// own tracker when the query is profiled (set before the first Next),
  /// else the query's.
  void set_memory(MemoryTracker* memory) { memory_ = memory; }

 protected:
  MemoryTracker& memory() { return memory_ != nullptr ? *memory_ : query_->memory; }

  const plan::PlanNode& node_;
  QueryContext* query_;

 private:
  MemoryTracker* memory_ = nullptr;
};

using OperatorPtr = std::unique_ptr<Operator>;

/// The operator tree for a physical plan (whose logical plan must outlive it).
OperatorPtr BuildOperator(const plan::PhysicalNode& plan, QueryContext* query);

}  // namespace tarn::exec
