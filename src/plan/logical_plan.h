// The logical plan: a tree of relational operators over bound expressions.
// The analyzer builds it, the optimizer rewrites it, the executor runs it.
// Each node lists its output columns (schema); expressions of a node refer to
// the output columns of its children by position (joins: left then right).
//
// Thread safety: immutable once built.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "functions/function.h"
#include "plan/expr.h"
#include "table/table_provider.h"

namespace tarn::plan {

enum class PlanKind : uint8_t {
  kScan,          ///< table, scan_columns, scan_filters
  kValues,        ///< values: literal rows (also the one-row relation of SELECT 1)
  kFilter,        ///< condition
  kProject,       ///< exprs
  kAggregate,     ///< group_by, aggregates: output = group keys, then aggregate results
  kJoin,          ///< join_type, left_keys/right_keys (equi-join), condition (residual)
  kSort,          ///< sort_keys (ORDER BY; SORT BY sorts the same way on one machine)
  kLimit,         ///< limit, offset
  kUnion,         ///< UNION ALL of all children (same column types)
  kSetOperation,  ///< set_op over children[0], children[1] (INTERSECT/EXCEPT [ALL], UNION DISTINCT)
  kDistinct,      ///< distinct rows of the child
  kWindow,        ///< windows: output = input columns, then one column per window call
  kGenerate,      ///< generator(args): output = input columns, then the generator's columns
  kExpand,        ///< projections: every input row produces one row per projection (grouping sets)
  kSample,        ///< sample_fraction / sample_rows of the child (TABLESAMPLE)
};

enum class JoinType : uint8_t {
  kInner,
  kLeft,
  kRight,
  kFull,
  kLeftSemi,
  kLeftAnti,
  /// NOT IN (subquery): a left row is kept only when no right row equals it
  /// and, if any comparison is NULL (a NULL key on either side), not at all.
  kNullAwareAnti,
  /// EXISTS under OR and friends: left rows, plus a boolean column saying
  /// whether a match exists.
  kMark,
  kCross,
};

struct SortKey {
  ExprPtr expr;
  bool ascending = true;
  bool nulls_first = true;  ///< Spark: NULLS FIRST for ASC, NULLS LAST for DESC by default
};

struct AggregateCall {
  std::string name;  ///< function name, for EXPLAIN
  std::shared_ptr<const AggregateFunction> function;
  std::vector<ExprPtr> args;  ///< over the child's output, already cast to function->arg_types()
  bool distinct = false;
  ExprPtr filter;  ///< FILTER (WHERE ...) or null
};

struct FrameBound {
  enum class Kind : uint8_t { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
  Kind kind = Kind::kCurrentRow;
  /// kPreceding / kFollowing: ROWS frames a row count (a non-negative integer
  /// literal), RANGE frames a value of the order key's type (or an interval).
  ExprPtr offset;
};

struct WindowFrame {
  bool rows = false;  ///< ROWS; else RANGE
  FrameBound start{FrameBound::Kind::kUnboundedPreceding, nullptr};
  FrameBound end{FrameBound::Kind::kCurrentRow, nullptr};
};

struct WindowCall {
  /// A ranking/offset function (row_number, rank, dense_rank, percent_rank,
  /// cume_dist, ntile, lag, lead, nth_value, first_value, last_value), or
  /// empty for an aggregate over the frame.
  std::string function;
  std::shared_ptr<const AggregateFunction> aggregate;
  std::vector<ExprPtr> args;
  bool ignore_nulls = false;
  std::vector<ExprPtr> partition_by;
  std::vector<SortKey> order_by;
  WindowFrame frame;
  DataType type;
};

struct PlanNode {
  PlanKind kind = PlanKind::kValues;
  Schema schema;  ///< output columns
  std::vector<PlanPtr> children;

  // kScan
  std::shared_ptr<const TableProvider> table;
  std::vector<int> scan_columns;  ///< indices into table->schema(), in output order
  std::vector<ScanFilter> scan_filters;
  // kValues: the rows, one vector per output column
  std::vector<VectorPtr> values;
  size_t num_values_rows = 0;
  // kFilter / kJoin residual
  ExprPtr condition;
  // kProject
  std::vector<ExprPtr> exprs;
  // kAggregate
  std::vector<ExprPtr> group_by;
  std::vector<AggregateCall> aggregates;
  // kJoin
  JoinType join_type = JoinType::kInner;
  std::vector<ExprPtr> left_keys;   ///< over the left child's output
  std::vector<ExprPtr> right_keys;  ///< over the right child's output
  std::vector<bool> null_safe;      ///< per key: <=> instead of =
  /// Hint from the query or the optimizer: build the hash table on this side.
  bool broadcast_left = false;
  // kSort
  std::vector<SortKey> sort_keys;
  // kLimit
  int64_t limit = -1;  ///< -1: none (OFFSET only)
  int64_t offset = 0;
  // kSetOperation
  std::string set_op;  ///< "INTERSECT", "EXCEPT" or "UNION"
  bool all = false;    ///< INTERSECT ALL / EXCEPT ALL
  // kWindow
  std::vector<WindowCall> windows;
  // kGenerate
  std::shared_ptr<const BoundGenerator> generator;
  std::string generator_name;
  std::vector<ExprPtr> generator_args;
  bool outer = false;  ///< explode_outer / LATERAL VIEW OUTER: a NULL row when nothing is generated
  // kExpand
  std::vector<std::vector<ExprPtr>> projections;
  // kSample
  double sample_fraction = -1;  ///< 0..1, or -1
  int64_t sample_rows = -1;
  uint64_t sample_seed = 0;
};

/// Schema of a join's output for the join type.
Schema JoinOutputSchema(JoinType type, const Schema& left, const Schema& right);
std::string JoinTypeName(JoinType type);

/// Spark-style indented tree text ("Project [a#0, b#1]\n+- Filter ...").
std::string ExplainPlan(const PlanNode& plan);

}  // namespace tarn::plan
