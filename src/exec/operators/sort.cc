// Sort (stable, multi-key, ASC/DESC, NULLS FIRST/LAST) and top-N: with a
// limit the buffer is cut back to the best `limit` rows whenever it grows
// past twice that, so memory stays O(limit).
#include <algorithm>
#include <numeric>

#include "columnar/row_compare.h"
#include "exec/expression_evaluator.h"
#include "exec/operators/operators.h"
#include "exec/vector_util.h"

namespace tarn::exec {
namespace {

class SortOperator : public Operator {
 public:
  SortOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr child, int64_t limit)
      : Operator(node, query), child_(std::move(child)), eval_(query), limit_(limit) {}

  ~SortOperator() override { memory().Release(accounted_); }

  bool Next(Batch* out) override {
    query_->CheckCancel();
    if (!sorted_) Consume();
    if (emitted_ >= order_.size()) return false;
    size_t n = std::min(query_->batch_size(), order_.size() - emitted_);
    SelectionVector rows(order_.begin() + emitted_, order_.begin() + emitted_ + n);
    emitted_ += n;
    Batch selected = data_.Select(rows);
    *out = Batch(node_.schema, selected.columns(), n);
    return true;
  }

 private:
  // Sorts data_ by the keys; order_ = row positions in output order.
  void SortBuffered() {
    std::vector<VectorPtr> keys;
    for (const plan::SortKey& key : node_.sort_keys) keys.push_back(Evaluate(*key.expr, data_, eval_));
    order_.resize(data_.num_rows());
    std::iota(order_.begin(), order_.end(), 0u);
    const auto& spec = node_.sort_keys;
    auto less = [&](uint32_t a, uint32_t b) {
      for (size_t k = 0; k < keys.size(); ++k) {
        const Vector& v = *keys[k];
        bool na = v.IsNull(a), nb = v.IsNull(b);
        int c;
        if (na || nb) {
          if (na && nb) continue;
          c = na ? -1 : 1;
          if (!spec[k].nulls_first) c = -c;
          return c < 0;
        }
        c = CompareRows(v, a, v, b);
        if (c == 0) continue;
        if (!spec[k].ascending) c = -c;
        return c < 0;
      }
      return false;
    };
    if (limit_ >= 0 && static_cast<size_t>(limit_) < order_.size()) {
      std::partial_sort(order_.begin(), order_.begin() + limit_, order_.end(), [&](uint32_t a, uint32_t b) {
        // Row position breaks ties, so the partial sort stays stable.
        if (less(a, b)) return true;
        if (less(b, a)) return false;
        return a < b;
      });
      order_.resize(limit_);
    } else {
      std::stable_sort(order_.begin(), order_.end(), less);
    }
  }

  void Compact(std::vector<Batch>* batches) {
    data_ = ConcatBatches(node_.schema, *batches);
    batches->clear();
    SortBuffered();
    Batch kept = data_.Select(order_);
    data_ = ConcatBatches(node_.schema, {kept});  // order_ is now the identity over data_
    batches->push_back(data_);
    buffered_ = data_.num_rows();
  }

  void Consume() {
    sorted_ = true;
    std::vector<Batch> batches;
    Batch batch;
    while (child_->Next(&batch)) {
      query_->CheckCancel();
      if (batch.num_rows() == 0) continue;
      int64_t bytes = EstimateBytes(batch);
      memory().ForceReserve(bytes);
      accounted_ += bytes;
      buffered_ += batch.num_rows();
      batches.push_back(WithSchema(node_.schema, batch));
      if (limit_ >= 0 && buffered_ > 2 * static_cast<size_t>(limit_) + query_->batch_size()) Compact(&batches);
    }
    data_ = ConcatBatches(node_.schema, batches);
    SortBuffered();
  }

  OperatorPtr child_;
  EvalContext eval_;
  int64_t limit_;
  bool sorted_ = false;
  Batch data_;
  SelectionVector order_;
  size_t buffered_ = 0;
  size_t emitted_ = 0;
  int64_t accounted_ = 0;
};

}  // namespace

OperatorPtr MakeSort(const plan::PlanNode& node, QueryContext* query, OperatorPtr child, int64_t limit) {
  return std::make_unique<SortOperator>(node, query, std::move(child), limit);
}

}  // namespace tarn::exec
