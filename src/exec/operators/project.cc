#include "exec/expression_evaluator.h"
#include "exec/operators/operators.h"

namespace tarn::exec {
namespace {

class ProjectOperator : public Operator {
 public:
  ProjectOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr child)
      : Operator(node, query), child_(std::move(child)), eval_(query) {}

  bool Next(Batch* out) override {
    query_->CheckCancel();
    Batch batch;
    if (!child_->Next(&batch)) return false;
    std::vector<VectorPtr> columns;
    columns.reserve(node_.exprs.size());
    for (const plan::ExprPtr& expr : node_.exprs) columns.push_back(Evaluate(*expr, batch, eval_));
    *out = Batch(node_.schema, std::move(columns), batch.num_rows());
    return true;
  }

 private:
  OperatorPtr child_;
  EvalContext eval_;
};

}  // namespace

OperatorPtr MakeProject(const plan::PlanNode& node, QueryContext* query, OperatorPtr child) {
  return std::make_unique<ProjectOperator>(node, query, std::move(child));
}

}  // namespace tarn::exec
