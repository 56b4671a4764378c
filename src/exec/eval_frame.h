// Internal to the expression evaluator: the rows an expression sees — the
// operator's input columns plus the lambda variables in scope — and the
// evaluation entry points the higher-order functions recurse into.
#pragma once

#include <vector>

#include "exec/expression_evaluator.h"

namespace tarn::exec::detail {

struct Frame {
  std::vector<VectorPtr> columns;
  std::vector<VectorPtr> lambdas;  ///< by lambda variable index (null: not in scope)
  size_t rows = 0;

  /// The frame restricted to `rows` (dictionary vectors, no copies).
  Frame Select(const SelectionVector& rows) const;
};

VectorPtr Eval(const plan::Expr& expr, const Frame& frame, EvalContext& ctx);
/// transform, filter, exists, forall, aggregate/reduce, zip_with, map_filter,
/// transform_keys, transform_values, map_zip_with, array_sort.
VectorPtr EvalHigherOrder(const plan::Expr& expr, const Frame& frame, EvalContext& ctx);

}  // namespace tarn::exec::detail
