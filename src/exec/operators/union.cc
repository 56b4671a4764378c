#include "exec/operators/operators.h"
#include "exec/vector_util.h"

namespace tarn::exec {
namespace {

class UnionOperator : public Operator {
 public:
  UnionOperator(const plan::PlanNode& node, QueryContext* query, std::vector<OperatorPtr> children)
      : Operator(node, query), children_(std::move(children)) {}

  bool Next(Batch* out) override {
    Batch batch;
    while (current_ < children_.size()) {
      query_->CheckCancel();
      if (children_[current_]->Next(&batch)) {
        *out = WithSchema(node_.schema, batch);
        return true;
      }
      children_[current_].reset();  // release its memory early
      ++current_;
    }
    return false;
  }

 private:
  std::vector<OperatorPtr> children_;
  size_t current_ = 0;
};

}  // namespace

OperatorPtr MakeUnion(const plan::PlanNode& node, QueryContext* query, std::vector<OperatorPtr> children) {
  return std::make_unique<UnionOperator>(node, query, std::move(children));
}

}  // namespace tarn::exec
