// The optimizer: rewrites an analyzed logical plan into an equivalent one
// that is cheaper to run. Rules, in order:
//  1. predicate pushdown — filters move below projections, into join
//     conditions and join inputs, below aggregates (group-key predicates),
//     into union inputs, and simple column-vs-constant comparisons reach the
//     scan as ScanFilters (row-group / file skipping);
//  2. join planning — chains of inner joins are reordered greedily so every
//     join has a condition when one exists (no accidental cross products),
//     equality conjuncts become hash keys, the smaller side (estimated from
//     row counts) is the build side;
//  3. column pruning — every operator produces only the columns someone
//     above reads; scans read only those columns.
//
// Thread safety: pure function of its input.
#pragma once

#include "plan/logical_plan.h"

namespace tarn::plan {

PlanPtr Optimize(const PlanPtr& plan);

/// Estimated output rows (for build-side choice and EXPLAIN COST).
double EstimateRows(const PlanNode& plan);

}  // namespace tarn::plan
