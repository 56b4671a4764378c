// Expand (grouping sets): every input batch comes out once per projection.
#include "exec/expression_evaluator.h"
#include "exec/operators/operators.h"

namespace tarn::exec {
namespace {

class ExpandOperator : public Operator {
 public:
  ExpandOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr child)
      : Operator(node, query), child_(std::move(child)), eval_(query) {}

  bool Next(Batch* out) override {
    while (true) {
      query_->CheckCancel();
      if (!have_batch_ || next_projection_ >= node_.projections.size()) {
        if (!child_->Next(&batch_)) return false;
        have_batch_ = true;
        next_projection_ = 0;
        if (node_.projections.empty()) continue;
      }
      const auto& projection = node_.projections[next_projection_++];
      std::vector<VectorPtr> columns;
      for (const auto& expr : projection) columns.push_back(Evaluate(*expr, batch_, eval_));
      *out = Batch(node_.schema, std::move(columns), batch_.num_rows());
      return true;
    }
  }

 private:
  OperatorPtr child_;
  EvalContext eval_;
  Batch batch_;
  bool have_batch_ = false;
  size_t next_projection_ = 0;
};

}  // namespace

OperatorPtr MakeExpand(const plan::PlanNode& node, QueryContext* query, OperatorPtr child) {
  return std::make_unique<ExpandOperator>(node, query, std::move(child));
}

}  // namespace tarn::exec
