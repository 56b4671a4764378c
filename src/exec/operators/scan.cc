#include "common/check.h"
#include "exec/operators/operators.h"
#include "exec/vector_util.h"

namespace tarn::exec {
namespace {

class ScanOperator : public Operator {
 public:
  using Operator::Operator;

  bool Next(Batch* out) override {
    query_->CheckCancel();
    if (!stream_) {
      TARN_CHECK(node_.table != nullptr, "scan without a table");
      ScanSpec spec;
      spec.columns = node_.scan_columns;
      spec.filters = node_.scan_filters;
      spec.threads = query_->options.threads;
      spec.batch_size = query_->batch_size();
      stream_ = node_.table->Scan(spec);
    }
    Batch batch;
    while (stream_->Next(&batch)) {
      query_->CheckCancel();
      if (batch.num_rows() == 0) continue;
      *out = WithSchema(node_.schema, batch);
      return true;
    }
    return false;
  }

 private:
  std::unique_ptr<BatchStream> stream_;
};

}  // namespace

OperatorPtr MakeScan(const plan::PlanNode& node, QueryContext* query) {
  return std::make_unique<ScanOperator>(node, query);
}

}  // namespace tarn::exec
