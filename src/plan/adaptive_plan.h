// Adaptive query execution (spark.sql.adaptive.*) in a single-process engine.
//
// What Spark's AQE re-plans from the sizes of finished shuffle stages, and
// what it means here:
// - join strategy: a ShuffledHashJoin whose build side turns out to be at
//   most spark.sql.adaptive.autoBroadcastJoinThreshold becomes a
//   BroadcastHashJoin. tarn's build sides are always materialised once and
//   shared read-only by the probe workers (a broadcast), so the switch records
//   what the planner should have chosen from the actual size; it does not
//   change how the join runs.
// - coalescing small partitions and splitting skewed ones: tarn's exchanges
//   have one partition (workers take morsels from a shared queue, so a skewed
//   file or key range never leaves a worker idle): there is nothing to
//   coalesce or split, and those settings are accepted without effect.
// - empty build sides: handled at run time by the runtime filters (the probe
//   side's scan reads nothing, see RuntimeFilterTarget).
//
// EXPLAIN shows the plan under `AdaptiveSparkPlan isFinalPlan=false` (when
// it has a hash join, the only operator adaptive execution revisits);
// EXPLAIN ANALYZE and the profile show the plan that ran under
// `AdaptiveSparkPlan isFinalPlan=true`, with the switched joins.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "plan/physical_plan.h"

namespace tarn::plan {

/// Whether adaptive execution may change `root`: it has a hash join (in a
/// scalar subquery's plan too).
bool HasAdaptiveWork(const PhysicalNode& root);

/// `tree` (EXPLAIN's text of the plan) as the child of Spark's root line
/// "AdaptiveSparkPlan isFinalPlan=false|true".
std::string AdaptiveSparkPlanText(const std::string& tree, bool final_plan);

/// The plan as adaptive execution finished it: a copy of `root` in which each
/// ShuffledHashJoin whose actual build size (`build_bytes`, nullopt when it
/// never ran) is at most `threshold` is a BroadcastHashJoin. `original`
/// maps every node of the copy to the node it copies (for its metrics).
PhysicalPtr FinalAdaptivePlan(const PhysicalNode& root,
                              const std::function<std::optional<int64_t>(const PhysicalNode&)>& build_bytes,
                              int64_t threshold, std::map<const PhysicalNode*, const PhysicalNode*>* original);

}  // namespace tarn::plan
