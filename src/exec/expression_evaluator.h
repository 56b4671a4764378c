// Evaluates bound expressions (plan/expr.h) over batches, vectorized: every
// node produces a whole vector. Branches are evaluated only on the rows that
// reach them (AND/OR right sides, CASE branches, COALESCE arguments), so ANSI
// errors never fire for rows another branch decides.
//
// Thread safety: an EvalContext belongs to one operator (one thread).
#pragma once

#include "columnar/batch.h"
#include "exec/query_context.h"
#include "plan/expr.h"

namespace tarn::exec {

struct EvalContext {
  explicit EvalContext(QueryContext* q) : query(q) {}
  QueryContext* query;
};

/// The value of `expr` for every row of `input` (input.num_rows() rows).
VectorPtr Evaluate(const plan::Expr& expr, const Batch& input, EvalContext& ctx);

/// Rows of `input` where `condition` is TRUE.
SelectionVector EvaluateFilter(const plan::Expr& condition, const Batch& input, EvalContext& ctx);

/// The one-row value of an uncorrelated scalar subquery (a kScalarSubquery
/// expression), run once per query and cached. Parallel pipelines run their
/// subqueries this way before their workers start, on the consumer thread.
VectorPtr ScalarSubqueryValue(const plan::Expr& expr, QueryContext* query);

}  // namespace tarn::exec
