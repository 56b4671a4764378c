// Constant folding (Spark's ConstantFolding rule): every maximal
// deterministic subexpression without column references — casts of
// literals, `date '1994-01-01' + interval '1' year`, `0.06 - 0.01` — is
// evaluated once at planning time and replaced by its literal. Kernels then
// compare a column with a constant instead of recomputing the constant per
// batch, and predicate pushdown sees plain `column op literal` comparisons it
// can hand to the scan for row-group and file skipping.
//
// An expression whose evaluation fails (1/0 under ANSI, a bad cast) is left
// as it is: it may never run (a CASE branch, a filter over no rows), and when
// it does, it raises its error at run time with its position, as Spark does.
#include "plan/optimizer.h"

#include <exception>

namespace tarn::plan {
namespace {

class Folder {
 public:
  explicit Folder(const ConstantEvaluator& evaluate) : evaluate_(evaluate) {}

  ExprPtr Fold(const ExprPtr& e) {
    if (!e || e->kind == ExprKind::kLiteral) return e;
    if (e->kind != ExprKind::kLambda && e->is_constant()) {
      if (ExprPtr literal = Evaluate(e)) return literal;
    }
    bool changed = false;
    PlanPtr subquery = e->subquery ? Fold(e->subquery) : nullptr;
    changed |= subquery != e->subquery;
    std::vector<ExprPtr> args = e->args;
    for (ExprPtr& a : args) {
      ExprPtr folded = Fold(a);
      changed |= folded != a;
      a = std::move(folded);
    }
    if (!changed) return e;
    auto copy = std::make_shared<Expr>(*e);
    copy->args = std::move(args);
    copy->subquery = std::move(subquery);
    return copy;
  }

  void FoldAll(std::vector<ExprPtr>& exprs) {
    for (ExprPtr& e : exprs) e = Fold(e);
  }

  PlanPtr Fold(const PlanPtr& plan) {
    auto node = std::make_shared<PlanNode>(*plan);
    for (PlanPtr& child : node->children) child = Fold(child);
    node->condition = Fold(node->condition);
    FoldAll(node->exprs);
    FoldAll(node->group_by);
    for (AggregateCall& call : node->aggregates) {
      FoldAll(call.args);
      call.filter = Fold(call.filter);
    }
    FoldAll(node->left_keys);
    FoldAll(node->right_keys);
    for (SortKey& key : node->sort_keys) key.expr = Fold(key.expr);
    for (WindowCall& window : node->windows) {
      FoldAll(window.args);
      FoldAll(window.partition_by);
      for (SortKey& key : window.order_by) key.expr = Fold(key.expr);
    }
    FoldAll(node->generator_args);
    for (std::vector<ExprPtr>& projection : node->projections) FoldAll(projection);
    return node;
  }

 private:
  ExprPtr Evaluate(const ExprPtr& e) {
    VectorPtr value;
    try {
      value = evaluate_(e);
    } catch (const std::exception&) {
      return nullptr;  // raised again at run time, where it belongs
    }
    if (!value || value->size() != 1 || !(value->type() == e->type)) return nullptr;
    return Literal(value);
  }

  const ConstantEvaluator& evaluate_;
};

}  // namespace

PlanPtr FoldConstants(const PlanPtr& plan, const ConstantEvaluator& evaluate) {
  if (!evaluate) return plan;
  Folder folder(evaluate);
  return folder.Fold(plan);
}

}  // namespace tarn::plan
