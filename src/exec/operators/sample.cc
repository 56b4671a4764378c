// TABLESAMPLE: a fraction keeps each row when a hash of (seed, row number) falls
// below it — deterministic for a seed and input order; N ROWS keeps the first N.
#include "columnar/row_compare.h"
#include "exec/operators/operators.h"

namespace tarn::exec {
namespace {

class SampleOperator : public Operator {
 public:
  SampleOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr child)
      : Operator(node, query), child_(std::move(child)), remaining_(node.sample_rows) {}

  bool Next(Batch* out) override {
    Batch batch;
    while (remaining_ != 0) {
      query_->CheckCancel();
      if (!child_->Next(&batch)) return false;
      size_t rows = batch.num_rows();
      SelectionVector keep;
      if (node_.sample_rows >= 0) {
        size_t take = std::min<size_t>(rows, static_cast<size_t>(remaining_));
        remaining_ -= static_cast<int64_t>(take);
        for (size_t r = 0; r < take; ++r) keep.push_back(static_cast<uint32_t>(r));
      } else {
        double fraction = node_.sample_fraction < 0 ? 1.0 : node_.sample_fraction;
        for (size_t r = 0; r < rows; ++r) {
          uint64_t h = HashInt64(row_number_ + r, node_.sample_seed);
          double u = static_cast<double>(h >> 11) * (1.0 / 9007199254740992.0);
          if (u < fraction) keep.push_back(static_cast<uint32_t>(r));
        }
      }
      row_number_ += rows;
      if (keep.empty()) continue;
      Batch selected = keep.size() == rows ? batch : batch.Select(keep);
      *out = Batch(node_.schema, selected.columns(), selected.num_rows());
      return true;
    }
    return false;
  }

 private:
  OperatorPtr child_;
  int64_t remaining_;  // N ROWS still to take (-1: fraction sampling)
  uint64_t row_number_ = 0;
};

}  // namespace

OperatorPtr MakeSample(const plan::PlanNode& node, QueryContext* query, OperatorPtr child) {
  return std::make_unique<SampleOperator>(node, query, std::move(child));
}

}  // namespace tarn::exec
