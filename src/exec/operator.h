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

 protected:
  const plan::PlanNode& node_;
  QueryContext* query_;
};

using OperatorPtr = std::unique_ptr<Operator>;

/// The operator tree for a physical plan (whose logical plan must outlive it).
OperatorPtr BuildOperator(const plan::PhysicalNode& plan, QueryContext* query);

}  // namespace tarn::exec
