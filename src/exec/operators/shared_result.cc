// The result of a shared subplan (plan::PhysicalNode::shared): the first
// reader — the subplan itself or one of its ReusedExchanges, whichever runs
// first — runs it to the end and keeps its batches in the query context;
// every reader then returns those batches. Readers run on the consumer
// thread (shared subplans are aggregates, never inside a parallel pipeline;
// scalar subqueries run there too), the lock only guards the map.
#include <mutex>

#include "exec/operators/operators.h"

namespace tarn::exec {
namespace {

class SharedResultOperator : public Operator {
 public:
  SharedResultOperator(const plan::PhysicalNode& source, QueryContext* query, std::function<OperatorPtr()> build)
      : Operator(*source.logical, query), source_(source), build_(std::move(build)) {}

  bool Next(Batch* out) override {
    if (batches_ == nullptr) batches_ = Result();
    if (next_ >= batches_->size()) return false;
    *out = (*batches_)[next_++];
    return true;
  }

 private:
  std::shared_ptr<const std::vector<Batch>> Result() {
    {
      std::lock_guard<std::mutex> lock(query_->shared_results_mutex);
      auto it = query_->shared_results.find(&source_);
      if (it != query_->shared_results.end()) return it->second;
    }
    auto batches = std::make_shared<std::vector<Batch>>();
    OperatorPtr op = build_();
    Batch batch;
    while (op->Next(&batch)) {
      if (batch.num_rows() > 0) batches->push_back(batch);
      query_->CheckCancel();
    }
    std::lock_guard<std::mutex> lock(query_->shared_results_mutex);
    return query_->shared_results.try_emplace(&source_, std::move(batches)).first->second;
  }

  const plan::PhysicalNode& source_;
  std::function<OperatorPtr()> build_;
  std::shared_ptr<const std::vector<Batch>> batches_;
  size_t next_ = 0;
};

}  // namespace

OperatorPtr MakeSharedResult(const plan::PhysicalNode& source, QueryContext* query, std::function<OperatorPtr()> build) {
  return std::make_unique<SharedResultOperator>(source, query, std::move(build));
}

}  // namespace tarn::exec
