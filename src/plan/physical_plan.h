// The physical plan: the operators that run, with Spark's names, planned
// from the optimized logical plan by PlanPhysical — the one place where
// physical choices are made (join strategy and build side, top-N for a Limit
// over a Sort, collect vs global limit). The executor builds its operators
// from this tree and EXPLAIN prints it, so what EXPLAIN shows is what runs.
//
// A physical node is small: its kind, the logical node it implements (whose
// expressions and schema it uses), its children and the decisions the
// executor needs.
//
// Parallel pipelines: a chain of streaming operators over a table scan —
// Scan, Filter, Project, Expand, the probe side of a hash join whose build
// side is shared (join types that never emit unmatched build rows), ending
// in a partial HashAggregate when an aggregate consumes it, or a local top-N
// Sort under a TakeOrderedAndProject — runs once per
// worker thread, the workers taking scan tasks from a shared queue. An
// Exchange (printed as Spark's `Exchange SinglePartition`) gathers their
// output; above it a final HashAggregate merges the partial ones. Everything
// above an exchange (sort, window, set operations, limits, ...) runs on the
// consumer thread. The plan does not depend on the thread count: with one
// thread the exchange runs its single pipeline inline.
//
// Thread safety: immutable once planned.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "plan/logical_plan.h"

namespace tarn::plan {

enum class PhysicalKind : uint8_t {
  kScan,                     ///< a TableProvider scan (FileScan for file tables)
  kLocalTableScan,           ///< VALUES rows
  kFilter,
  kProject,
  kHashAggregate,            ///< GROUP BY aggregates, and DISTINCT (keys = all columns, no functions)
  kBroadcastHashJoin,        ///< equi-join, build side estimated within spark.sql.autoBroadcastJoinThreshold
  kShuffledHashJoin,         ///< equi-join, build side larger than the threshold
  kBroadcastNestedLoopJoin,  ///< no equi keys; one side within the threshold, or not an inner join
  kCartesianProduct,         ///< no equi keys, inner/cross join of two large sides
  kSort,
  kTakeOrderedAndProject,    ///< Limit over Sort (or over a Project over a Sort): a top-N sort
  kCollectLimit,             ///< LIMIT / OFFSET at the root of the plan
  kGlobalLimit,              ///< LIMIT / OFFSET below the root
  kWindow,
  kGenerate,
  kExpand,
  kUnion,                    ///< UNION ALL
  kHashSetOperation,         ///< INTERSECT / EXCEPT [ALL], UNION DISTINCT: one hash operator
  kSample,
  kExchange,                 ///< gathers the output of a parallel pipeline's workers (one partition)
  kReusedExchange,           ///< the result of `reused`, an identical subplan elsewhere in the query, read again
};

/// kHashAggregate: the whole aggregation, or its per-worker partial half
/// (states merged into one table when a worker's input ends) and the final
/// half above the exchange (finishes the merged states).
enum class AggregateMode : uint8_t { kComplete, kPartial, kFinal };

/// Which join input is materialised (hash table or nested-loop buffer).
enum class BuildSide : uint8_t { kLeft, kRight };

struct PhysicalNode;
using PhysicalPtr = std::shared_ptr<const PhysicalNode>;

/// A runtime filter (Spark's InjectRuntimeFilter and dynamic partition
/// pruning, DuckDB's join filter pushdown): once the hash join `join` has
/// built its hash table, the values of its build key `key` restrict the scan
/// column `column` (a position in the scan's output) on its probe side —
/// their min/max prune files and row groups by statistics and partition
/// values, a bloom filter drops rows right after the scan. Only planned where
/// a row the filter drops could never reach the join's output.
struct RuntimeFilterTarget {
  int id = 0;  ///< numbers the query's runtime filters (EXPLAIN: rf<id>)
  const PhysicalNode* join = nullptr;
  size_t key = 0;
  int column = 0;
};

struct PhysicalSubquery {
  const Expr* expr = nullptr;  ///< the kScalarSubquery expression (its subquery: the logical plan)
  PhysicalPtr plan;
};

struct PhysicalNode {
  PhysicalKind kind = PhysicalKind::kLocalTableScan;
  /// The logical node implemented (kTakeOrderedAndProject: the Limit). Owned
  /// by the logical plan, which PhysicalPlan keeps alive.
  const PlanNode* logical = nullptr;
  std::vector<PhysicalPtr> children;

  // Joins.
  BuildSide build_side = BuildSide::kRight;
  /// Runtime filters: on a hash join those its build side produces, on a
  /// kScan those it applies (the same targets, in both places).
  std::vector<RuntimeFilterTarget> runtime_filters;
  // kHashAggregate.
  AggregateMode aggregate_mode = AggregateMode::kComplete;
  // kTakeOrderedAndProject: the Sort folded in, the Project between the
  // Limit and the Sort (or null), and how many sorted rows to keep
  // (limit + offset; the limit itself still skips the offset). kSort with
  // top_n >= 0: a worker's local top-N below a TakeOrderedAndProject.
  const PlanNode* sort = nullptr;
  const PlanNode* project = nullptr;
  int64_t top_n = -1;

  /// Uncorrelated scalar subqueries in this node's expressions, planned too
  /// (the executor runs these plans, once per query).
  std::vector<PhysicalSubquery> subqueries;

  // Subplan reuse (Spark's ReusedExchange): an aggregate whose whole subplan
  // appears again in the query (a CTE or view referenced twice, TPC-H q15) is
  // `shared` — it runs once and its result is kept — and each other copy is
  // a childless kReusedExchange whose `reused` is that node.
  bool shared = false;
  const PhysicalNode* reused = nullptr;

  /// Output columns (the logical node's schema).
  const Schema& schema() const { return logical->schema; }
};

struct PhysicalPlan {
  PlanPtr logical;  ///< keeps every PhysicalNode::logical alive
  PhysicalPtr root;
  /// Run under adaptive execution (spark.sql.adaptive.enabled and a plan it
  /// may change, see adaptive_plan.h): EXPLAIN shows Spark's AdaptiveSparkPlan.
  bool adaptive = false;
  int64_t adaptive_broadcast_join_threshold = -1;  ///< from PhysicalPlanOptions, when adaptive
};

/// Calls `fn` for every expression a logical node evaluates (not those of
/// its children).
void ForEachExpression(const PlanNode& node, const std::function<void(const Expr&)>& fn);

struct PhysicalPlanOptions {
  /// spark.sql.autoBroadcastJoinThreshold in bytes: a join side estimated at
  /// most this large is broadcast; negative: never.
  int64_t auto_broadcast_join_threshold = 10 * 1024 * 1024;
  /// spark.sql.optimizer.runtime.bloomFilter.enabled: plan runtime filters
  /// from hash joins' build sides into their probe sides' scans.
  bool runtime_filters = true;
  /// spark.sql.optimizer.runtime.bloomFilter.maxNumItems: a build side with
  /// more rows gets only a min/max filter (no bloom filter).
  int64_t runtime_bloom_filter_max_items = 4000000;
  /// spark.sql.adaptive.enabled, and spark.sql.adaptive.autoBroadcastJoinThreshold
  /// (the actual build size under which a ShuffledHashJoin is re-planned as
  /// a BroadcastHashJoin; negative: never).
  bool adaptive = true;
  int64_t adaptive_broadcast_join_threshold = 10 * 1024 * 1024;
  /// spark.sql.exchange.reuse: an aggregate subplan that appears more than
  /// once runs once (kReusedExchange).
  bool reuse_subplans = true;
};

/// Plans the physical operators of an optimized logical plan, with parallel
/// pipelines and their exchanges.
PhysicalPlan PlanPhysical(const PlanPtr& optimized, const PhysicalPlanOptions& options = {});

/// Spark's operator name ("BroadcastHashJoin", "HashAggregate", ...).
std::string PhysicalNodeName(const PhysicalNode& node);

/// EXPLAIN's "== Physical Plan ==" tree, one line per operator in Spark's
/// simple format ("HashAggregate(keys=[a#0], functions=[count(1)])").
std::string ExplainPhysical(const PhysicalNode& root);

/// EXPLAIN's tree with a line of `annotation(node)` under every operator
/// (EXPLAIN ANALYZE prints each operator's metrics there).
std::string ExplainPhysicalAnnotated(const PhysicalNode& root,
                                     const std::function<std::string(const PhysicalNode&)>& annotation);

/// EXPLAIN FORMATTED: the operator outline with numbered nodes, then one
/// block per node ("(1) Scan parquet [...]", "Output [2]: [a#0, b#1]", ...).
std::string ExplainPhysicalFormatted(const PhysicalNode& root);

}  // namespace tarn::plan
