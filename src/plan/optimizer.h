// The optimizer: rewrites an analyzed logical plan into an equivalent one
// that is cheaper to run. Rules, in order:
//  0. constant folding (constant_folding.cc) — constant subexpressions become
//     literals, when the caller gives an evaluator (plan cannot run
//     expressions itself: the executor lives above it);
//  1. predicate pushdown — filters move below projections, into join
//     conditions and join inputs, below aggregates (group-key predicates),
//     into union inputs, and simple column-vs-constant comparisons reach the
//     scan as ScanFilters (row-group / file skipping);
//  2. join planning — chains of inner joins are reordered greedily so every
//     join has a condition when one exists (no accidental cross products),
//     equality conjuncts become hash keys (the physical planner,
//     physical_plan.h, then picks the join strategy and build side);
//  3. column pruning — every operator produces only the columns someone
//     above reads; scans read only those columns;
//  4. eager aggregation — counts over a LEFT JOIN's right side, grouped by
//     left columns, are computed per join key below the join
//     (eager_aggregation.cc).
//
// Thread safety: pure function of its input.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "plan/logical_plan.h"

namespace tarn::plan {

/// Evaluates a constant expression to a 1-row vector (throws its error).
using ConstantEvaluator = std::function<VectorPtr(const ExprPtr&)>;

struct OptimizerOptions {
  ConstantEvaluator evaluate_constant;  ///< null: no constant folding
};

PlanPtr Optimize(const PlanPtr& plan, const OptimizerOptions& options = {});

/// Rule 4: Aggregate [left columns] [count(right columns)] over a LEFT JOIN on
/// equality keys becomes sum(coalesce(count, 0)) over a LEFT JOIN with the
/// right side's counts per join key (eager_aggregation.cc).
PlanPtr PreAggregateBelowOuterJoins(const PlanPtr& plan);

/// Replaces constant subexpressions of every expression in `plan` (and in its
/// subqueries) by literals; expressions whose evaluation throws stay as they are.
PlanPtr FoldConstants(const PlanPtr& plan, const ConstantEvaluator& evaluate);

/// Estimated output rows (for build-side choice and EXPLAIN COST).
double EstimateRows(const PlanNode& plan);

/// Size estimates as Spark's size-only statistics have them: the estimated
/// rows, and bytes = rows × (8 + the default sizes of the output columns).
struct Statistics {
  double rows = 0;
  double size_in_bytes = 0;
};
Statistics EstimateStatistics(const PlanNode& plan);

/// Spark's DataType.defaultSize: the bytes a value is assumed to take.
int64_t DefaultSize(const DataType& type);
/// Distinct values of output column `column` of `plan`, when a table's column
/// statistics (ANALYZE TABLE ... FOR COLUMNS) reach it through column
/// references; nullopt otherwise (statistics.cc).
std::optional<double> DistinctCount(const PlanNode& plan, int column);
/// Rows of an aggregate over `input_rows` rows: the product of its grouping
/// columns' distinct counts when known, else 30 % of the input (statistics.cc).
double EstimateAggregateRows(const PlanNode& aggregate, double input_rows);
/// Rows of a join of `left` and `right` rows: Spark's join cardinality
/// l * r / max(ndv(l.key), ndv(r.key)) over the equi-keys when their distinct
/// counts are known, else the larger side (statistics.cc).
double EstimateJoinRows(const PlanNode& join, double left, double right);

/// Statistics of output column `column` of `plan` when it is a table column
/// passed through unchanged (ANALYZE TABLE's, or the files' own min / max /
/// null counts); nullopt otherwise (statistics.cc).
std::optional<ColumnStatistics> ColumnStatisticsOf(const PlanNode& plan, int column);
/// The fraction of `input`'s rows `condition` keeps: AND multiplies, OR adds
/// (minus the overlap), NOT complements; equality and IN keep 1 / NDV per
/// value (NDV from ANALYZE, or max - min + 1 for integers and dates), ranges
/// the share of [min, max] they cover, IS NULL the null fraction; defaults
/// where statistics are missing (statistics.cc). `input_rows`: EstimateRows(input), when known.
double EstimateSelectivity(const PlanNode& input, const Expr& condition, std::optional<double> input_rows = std::nullopt);

/// "Statistics(sizeInBytes=1.2 KiB, rowCount=20)", in Spark's units and
/// rounding (rowCount to three significant digits: 1.23E+4).
std::string ToString(const Statistics& stats);

/// The logical tree with every node's statistics (EXPLAIN COST).
std::string ExplainPlanWithStatistics(const PlanNode& plan);

}  // namespace tarn::plan
