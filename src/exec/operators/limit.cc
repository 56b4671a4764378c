#include "exec/operators/operators.h"

namespace tarn::exec {
namespace {

class LimitOperator : public Operator {
 public:
  LimitOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr child)
      : Operator(node, query), child_(std::move(child)), to_skip_(std::max<int64_t>(node.offset, 0)),
        remaining_(node.limit) {}

  bool Next(Batch* out) override {
    Batch batch;
    // Stop pulling the child once the limit is reached.
    while (remaining_ != 0) {
      query_->CheckCancel();
      if (!child_->Next(&batch)) return false;
      int64_t rows = static_cast<int64_t>(batch.num_rows());
      int64_t begin = std::min(to_skip_, rows);
      to_skip_ -= begin;
      int64_t take = rows - begin;
      if (remaining_ >= 0) take = std::min(take, remaining_);
      if (take <= 0) continue;
      if (remaining_ >= 0) remaining_ -= take;
      *out = WithSchema(begin == 0 && take == rows ? batch : batch.Slice(begin, take));
      return true;
    }
    return false;
  }

 private:
  Batch WithSchema(const Batch& batch) const { return Batch(node_.schema, batch.columns(), batch.num_rows()); }

  OperatorPtr child_;
  int64_t to_skip_;
  int64_t remaining_;  // -1: unlimited
};

}  // namespace

OperatorPtr MakeLimit(const plan::PlanNode& node, QueryContext* query, OperatorPtr child) {
  return std::make_unique<LimitOperator>(node, query, std::move(child));
}

}  // namespace tarn::exec
