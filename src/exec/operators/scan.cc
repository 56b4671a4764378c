// Scan: batches of a TableProvider — the whole table, or (a worker of a
// parallel pipeline) the scan tasks it takes from the pipeline's shared
// queue, one after another, until none is left.
#include "common/check.h"
#include "exec/operators/operators.h"
#include "exec/vector_util.h"

namespace tarn::exec {
namespace {

class ScanOperator : public Operator {
 public:
  ScanOperator(const plan::PlanNode& node, QueryContext* query, std::shared_ptr<ScanTaskQueue> tasks)
      : Operator(node, query), tasks_(std::move(tasks)) {}

  bool Next(Batch* out) override {
    query_->CheckCancel();
    for (;;) {
      if (!stream_) {
        if (tasks_ != nullptr) {
          std::shared_ptr<ScanTask> task = tasks_->Take();
          if (task == nullptr) return false;
          stream_ = task->Open();
        } else {
          if (scanned_) return false;
          TARN_CHECK(node_.table != nullptr, "scan without a table");
          stream_ = node_.table->Scan(MakeScanSpec(node_, *query_));
          scanned_ = true;
        }
      }
      Batch batch;
      while (stream_->Next(&batch)) {
        query_->CheckCancel();
        if (batch.num_rows() == 0) continue;
        *out = WithSchema(node_.schema, batch);
        return true;
      }
      stream_.reset();
    }
  }

 private:
  std::shared_ptr<ScanTaskQueue> tasks_;
  bool scanned_ = false;
  std::unique_ptr<BatchStream> stream_;
};

}  // namespace

ScanSpec MakeScanSpec(const plan::PlanNode& node, const QueryContext& query) {
  ScanSpec spec;
  spec.columns = node.scan_columns;
  spec.filters = node.scan_filters;
  spec.threads = query.options.threads;
  spec.batch_size = query.batch_size();
  return spec;
}

OperatorPtr MakeScan(const plan::PlanNode& node, QueryContext* query, std::shared_ptr<ScanTaskQueue> tasks) {
  return std::make_unique<ScanOperator>(node, query, std::move(tasks));
}

}  // namespace tarn::exec
