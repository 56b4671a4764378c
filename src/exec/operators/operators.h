// Factories for every operator (one .cc per operator). executor.cc maps
// physical plan nodes to them; children are built first and handed in, with
// the physical planner's decisions (build side, top-N limit).
#pragma once

#include <vector>

#include "exec/operator.h"

namespace tarn::exec {

OperatorPtr MakeScan(const plan::PlanNode& node, QueryContext* query);
OperatorPtr MakeValues(const plan::PlanNode& node, QueryContext* query);
OperatorPtr MakeFilter(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeProject(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeLimit(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeUnion(const plan::PlanNode& node, QueryContext* query, std::vector<OperatorPtr> children);
OperatorPtr MakeAggregate(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeDistinct(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeSetOperation(const plan::PlanNode& node, QueryContext* query, OperatorPtr left, OperatorPtr right);
/// Joins materialise the `build` input (only the inner and outer join types
/// may build the left one) and stream the other through.
OperatorPtr MakeHashJoin(const plan::PlanNode& node, QueryContext* query, plan::BuildSide build, OperatorPtr left,
                         OperatorPtr right);
OperatorPtr MakeNestedLoopJoin(const plan::PlanNode& node, QueryContext* query, plan::BuildSide build,
                               OperatorPtr left, OperatorPtr right);
/// Sort; with `limit` >= 0 a top-N keeping only offset + limit rows (the
/// Limit above still applies the offset).
OperatorPtr MakeSort(const plan::PlanNode& node, QueryContext* query, OperatorPtr child, int64_t limit = -1);
OperatorPtr MakeWindow(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeGenerate(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeExpand(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeSample(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);

}  // namespace tarn::exec
