#include "exec/expression_evaluator.h"
#include "exec/operators/operators.h"
#include "exec/vector_util.h"

namespace tarn::exec {
namespace {

class FilterOperator : public Operator {
 public:
  FilterOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr child)
      : Operator(node, query), child_(std::move(child)), eval_(query) {}

  bool Next(Batch* out) override {
    Batch batch;
    while (true) {
      query_->CheckCancel();
      if (!child_->Next(&batch)) return false;
      SelectionVector rows = EvaluateFilter(*node_.condition, batch, eval_);
      if (rows.empty()) continue;
      if (rows.size() == batch.num_rows()) {
        *out = WithSchema(node_.schema, batch);
        return true;
      }
      Batch selected = batch.Select(rows);
      // Very selective: copy the few rows so the big input can be freed.
      if (rows.size() * 8 < batch.num_rows()) selected = ConcatBatches(batch.schema(), {selected});
      *out = WithSchema(node_.schema, selected);
      return true;
    }
  }

 private:
  OperatorPtr child_;
  EvalContext eval_;
};

}  // namespace

OperatorPtr MakeFilter(const plan::PlanNode& node, QueryContext* query, OperatorPtr child) {
  return std::make_unique<FilterOperator>(node, query, std::move(child));
}

}  // namespace tarn::exec
