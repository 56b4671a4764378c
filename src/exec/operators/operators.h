// Factories for every operator (one .cc per operator). executor.cc maps
// physical plan nodes to them; children are built first and handed in, with
// the physical planner's decisions (build side, top-N limit).
#pragma once

#include <functional>

#include <vector>

#include "exec/operator.h"

namespace tarn::exec {

/// What a scan asks its table for (columns, filters, batch size, threads).
ScanSpec MakeScanSpec(const plan::PlanNode& node, const QueryContext& query);
/// A scan; with `tasks` (a parallel pipeline's worker) it reads the tasks it
/// takes from that shared queue instead of the whole table.
/// `physical` (its runtime filters) may be null: the scan applies none.
OperatorPtr MakeScan(const plan::PlanNode& node, QueryContext* query, std::shared_ptr<ScanTaskQueue> tasks = nullptr,
                     const plan::PhysicalNode* physical = nullptr);
/// MakeScanSpec plus the min/max ScanFilters of the runtime filters of
/// `scan` built so far.
ScanSpec MakeScanSpecWithRuntimeFilters(const plan::PhysicalNode& scan, const QueryContext& query);
/// A parallel scan's tasks with its runtime filters built so far: none when
/// one of them matches nothing, files and row groups outside their ranges
/// left out.
std::vector<std::shared_ptr<ScanTask>> PlanScanTasksWithRuntimeFilters(const plan::PhysicalNode& scan,
                                                                       QueryContext* query);
OperatorPtr MakeValues(const plan::PlanNode& node, QueryContext* query);
OperatorPtr MakeFilter(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeProject(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeLimit(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeUnion(const plan::PlanNode& node, QueryContext* query, std::vector<OperatorPtr> children);
/// A hash aggregate; the partial and final halves of a split one share `merge`.
OperatorPtr MakeAggregate(const plan::PlanNode& node, QueryContext* query, OperatorPtr child,
                          plan::AggregateMode mode = plan::AggregateMode::kComplete,
                          std::shared_ptr<AggregateMerge> merge = nullptr);
std::shared_ptr<AggregateMerge> MakeAggregateMerge();
OperatorPtr MakeDistinct(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeSetOperation(const plan::PlanNode& node, QueryContext* query, OperatorPtr left, OperatorPtr right);
/// Joins materialise the `build` input (only the inner and outer join types
/// may build the left one) and stream the other through.
/// With `shared_build` (a join in a parallel pipeline) the build input is
/// null: the build side was materialised once, by BuildJoinSide.
/// `physical` (may be null): the join's physical node, whose runtime filters
/// the join publishes once it has built its own build side.
OperatorPtr MakeHashJoin(const plan::PlanNode& node, QueryContext* query, plan::BuildSide build, OperatorPtr left,
                         OperatorPtr right, std::shared_ptr<const JoinBuild> shared_build = nullptr,
                         const plan::PhysicalNode* physical = nullptr);
/// Builds the runtime filters of hash join `join` (join.runtime_filters)
/// from its complete build side and publishes them to the query; when
/// profiling, records the build's actual size (adaptive execution's final plan).
void PublishRuntimeFilters(const plan::PhysicalNode& join, const JoinBuild& build, QueryContext* query);
/// The live metrics of `node` when the query is profiled (created if the
/// node's operator does not exist yet), else null.
OperatorStats* ProfiledStats(const plan::PhysicalNode* node, QueryContext* query);
/// `memory`: the join node's tracker (its build is the join's memory).
std::shared_ptr<const JoinBuild> BuildJoinSide(const plan::PlanNode& node, QueryContext* query, plan::BuildSide build,
                                               OperatorPtr input, MemoryTracker& memory);
OperatorPtr MakeNestedLoopJoin(const plan::PlanNode& node, QueryContext* query, plan::BuildSide build,
                               OperatorPtr left, OperatorPtr right);
/// Sort; with `limit` >= 0 a top-N keeping only offset + limit rows (the
/// Limit above still applies the offset).
OperatorPtr MakeSort(const plan::PlanNode& node, QueryContext* query, OperatorPtr child, int64_t limit = -1);
OperatorPtr MakeWindow(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeGenerate(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeExpand(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
OperatorPtr MakeSample(const plan::PlanNode& node, QueryContext* query, OperatorPtr child);
/// Runs the pipeline below `node` (a kExchange) on the query's worker threads
/// and returns their batches (exchange.cc).
OperatorPtr MakeExchange(const plan::PhysicalNode& node, QueryContext* query);
/// The batches of shared subplan `source`, which `build` runs the first time
/// any reader of it needs them (shared_result.cc).
OperatorPtr MakeSharedResult(const plan::PhysicalNode& source, QueryContext* query, std::function<OperatorPtr()> build);

}  // namespace tarn::exec
