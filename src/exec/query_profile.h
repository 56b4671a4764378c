// QueryProfile: what EXPLAIN ANALYZE and `tarn sql --profile` show — per
// physical operator: wall time (inclusive and self), rows in and out,
// batches, peak memory held and bytes spilled, like the metrics of the Spark
// UI's SQL tab.
//
// How it is collected: with ExecOptions::profile set, BuildOperator wraps
// each physical node's operator(s) in a timing wrapper (one steady_clock
// pair per Next call, no per-row work) and gives them a MemoryTracker of
// their own under the query's, so peak memory is per operator. When the
// query's stream is destroyed the live counters are copied into the
// QueryProfile, which keeps the physical plan alive for printing.
//
// Thread safety: a profile is filled by the thread that drives the query and
// read after the stream is gone.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/memory_tracker.h"
#include "plan/physical_plan.h"

namespace tarn::exec {

/// One physical operator's figures (times in nanoseconds).
struct OperatorStats {
  int64_t time_ns = 0;      ///< inside Next, children and subqueries included
  int64_t rows_out = 0;
  int64_t batches_out = 0;
  int64_t peak_memory_bytes = 0;
  int64_t spill_bytes = 0;  ///< written to spill files
  /// Scans with runtime filters: rows their bloom filters dropped, and scan
  /// tasks (row groups, files) their min/max ranges pruned.
  int64_t runtime_filter_rows_dropped = 0;
  int64_t runtime_filter_tasks_pruned = 0;
  /// Hash joins: the build side's actual rows and bytes (-1: never built).
  int64_t build_rows = -1;
  int64_t build_bytes = -1;
};

struct QueryProfile {
  plan::PhysicalPlan plan;  ///< what ran (keeps the nodes below alive)
  std::map<const plan::PhysicalNode*, OperatorStats> operators;
  int64_t peak_memory_bytes = 0;  ///< of the whole query

  /// The node's figures (all zero for an operator that never ran).
  OperatorStats Stats(const plan::PhysicalNode& node) const;
  /// Time in the node itself: inclusive time minus its children's and its
  /// scalar subqueries' (which run inside its Next).
  int64_t SelfTimeNs(const plan::PhysicalNode& node) const;
  /// Rows its children produced (0 for leaves).
  int64_t RowsIn(const plan::PhysicalNode& node) const;
};

/// EXPLAIN ANALYZE's text: EXPLAIN's physical plan tree, each operator
/// followed by a line of its metrics, then a summary line.
std::string FormatQueryProfile(const QueryProfile& profile);

/// The live counters of one operator while the query runs (QueryContext owns
/// them; `memory` reports to the query's tracker).
struct OperatorMetrics {
  explicit OperatorMetrics(MemoryTracker* query_memory) : memory("operator", 0, query_memory) {}
  OperatorStats stats;
  MemoryTracker memory;
};

}  // namespace tarn::exec
