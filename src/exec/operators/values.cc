#include "common/check.h"
#include "exec/operators/operators.h"

namespace tarn::exec {
namespace {

class ValuesOperator : public Operator {
 public:
  using Operator::Operator;

  bool Next(Batch* out) override {
    query_->CheckCancel();
    size_t rows = node_.num_values_rows;
    if (next_ >= rows) return false;
    size_t n = std::min(query_->batch_size(), rows - next_);
    std::vector<VectorPtr> columns;
    for (const VectorPtr& column : node_.values) {
      TARN_CHECK(column->size() == rows, "VALUES column of the wrong length");
      columns.push_back(next_ == 0 && n == rows ? column : Vector::View(column, next_, n));
    }
    *out = Batch(node_.schema, std::move(columns), n);
    next_ += n;
    return true;
  }

 private:
  size_t next_ = 0;
};

}  // namespace

OperatorPtr MakeValues(const plan::PlanNode& node, QueryContext* query) {
  return std::make_unique<ValuesOperator>(node, query);
}

}  // namespace tarn::exec
