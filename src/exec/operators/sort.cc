// Sort (stable, multi-key, ASC/DESC, NULLS FIRST/LAST) and top-N: with a
// limit the buffer is cut back to the best `limit` rows whenever it grows
// past twice that, so memory stays O(limit).
//
// External merge sort: when the buffered rows no longer fit under the
// query's memory limit, they are sorted and written to a spill file as one
// sorted run, and buffering starts again. At the end the runs (and the rows
// still buffered, as the last run) are merged with a heap over each run's
// current row; ties go to the earlier run, so the sort stays stable.
#include <algorithm>
#include <numeric>
#include <queue>
#include <type_traits>

#include "columnar/row_compare.h"
#include "exec/expression_evaluator.h"
#include "exec/operators/operators.h"
#include "exec/spill.h"
#include "exec/vector_util.h"

namespace tarn::exec {
namespace {

// <0, 0, >0: row a of `keys_a` against row b of `keys_b` in the sort order.
// Keys before `from` are taken as equal.
int CompareKeys(const std::vector<plan::SortKey>& spec, const std::vector<VectorPtr>& keys_a, size_t a,
                const std::vector<VectorPtr>& keys_b, size_t b, size_t from = 0) {
  for (size_t k = from; k < spec.size(); ++k) {
    const Vector& va = *keys_a[k];
    const Vector& vb = *keys_b[k];
    bool na = va.IsNull(a), nb = vb.IsNull(b);
    int c;
    if (na || nb) {
      if (na && nb) continue;
      c = na ? -1 : 1;
      return spec[k].nulls_first ? c : -c;
    }
    c = CompareRows(va, a, vb, b);
    if (c == 0) continue;
    return spec[k].ascending ? c : -c;
  }
  return 0;
}

// One sort key of each row as an unsigned integer in sort order, when the key
// is integer-like (bigint, int, date, timestamp, decimal <= 18 digits, ...):
// the leading such keys are compared as plain integers, without CompareRows'
// per-call type dispatch, and the other keys only on ties. NULL ranks 0
// (NULLS FIRST) or ~0 (NULLS LAST); descending flips the values. A value that
// lands on NULL's rank (the end of bigint's range) makes the key unusable.
class KeyRanks {
 public:
  KeyRanks(const plan::SortKey& spec, const Vector& key) {
    size_t rows = key.size();
    uint64_t null_rank = spec.nulls_first ? 0 : ~uint64_t{0};
    auto fill = [&]<typename T>(std::type_identity<T>) {
      ranks_.resize(rows);
      for (size_t r = 0; r < rows; ++r) {
        if (key.IsNull(r)) {
          ranks_[r] = null_rank;
          continue;
        }
        // Two's complement → unsigned order.
        uint64_t order = static_cast<uint64_t>(static_cast<int64_t>(key.ValueAt<T>(r))) ^ (uint64_t{1} << 63);
        ranks_[r] = spec.ascending ? order : ~order;
        if (ranks_[r] == null_rank) {
          ranks_.clear();
          return;
        }
      }
    };
    switch (key.type().physical_type()) {
      case PhysicalType::kInt8: fill(std::type_identity<int8_t>{}); break;
      case PhysicalType::kInt16: fill(std::type_identity<int16_t>{}); break;
      case PhysicalType::kInt32: fill(std::type_identity<int32_t>{}); break;
      case PhysicalType::kInt64: fill(std::type_identity<int64_t>{}); break;
      default: break;
    }
  }
  /// False when the key is not integer-like (or collides with NULL's rank).
  bool usable() const { return !ranks_.empty(); }
  /// <0, 0, >0: rows a and b on this key alone.
  int Compare(uint32_t a, uint32_t b) const {
    uint64_t x = ranks_[a], y = ranks_[b];
    return x < y ? -1 : (x > y ? 1 : 0);
  }

 private:
  std::vector<uint64_t> ranks_;
};

class SortOperator : public Operator {
 public:
  SortOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr child, int64_t limit)
      : Operator(node, query), child_(std::move(child)), eval_(query), limit_(limit) {}

  ~SortOperator() override { memory().Release(accounted_); }

  bool Next(Batch* out) override {
    query_->CheckCancel();
    if (!sorted_) Consume();
    if (!runs_.empty()) return NextMerged(out);
    if (emitted_ >= order_.size()) return false;
    size_t n = std::min(query_->batch_size(), order_.size() - emitted_);
    SelectionVector rows(order_.begin() + emitted_, order_.begin() + emitted_ + n);
    emitted_ += n;
    Batch selected = data_.Select(rows);
    *out = Batch(node_.schema, selected.columns(), n);
    return true;
  }

 private:
  std::vector<VectorPtr> SortKeys(const Batch& batch) {
    std::vector<VectorPtr> keys;
    for (const plan::SortKey& key : node_.sort_keys) keys.push_back(Evaluate(*key.expr, batch, eval_));
    return keys;
  }

  // Sorts data_ by the keys; order_ = row positions in output order.
  void SortBuffered() {
    std::vector<VectorPtr> keys = SortKeys(data_);
    order_.resize(data_.num_rows());
    std::iota(order_.begin(), order_.end(), 0u);
    const auto& spec = node_.sort_keys;
    std::vector<KeyRanks> ranked;  // the leading integer-like keys
    for (size_t k = 0; k < spec.size(); ++k) {
      KeyRanks ranks(spec[k], *keys[k]);
      if (!ranks.usable()) break;
      ranked.push_back(std::move(ranks));
    }
    auto compare = [&](uint32_t a, uint32_t b) {
      for (const KeyRanks& ranks : ranked)
        if (int c = ranks.Compare(a, b); c != 0) return c;
      return ranked.size() == spec.size() ? 0 : CompareKeys(spec, keys, a, keys, b, ranked.size());
    };
    auto less = [&](uint32_t a, uint32_t b) { return compare(a, b) < 0; };
    if (limit_ >= 0 && static_cast<size_t>(limit_) < order_.size()) {
      std::partial_sort(order_.begin(), order_.begin() + limit_, order_.end(), [&](uint32_t a, uint32_t b) {
        // Row position breaks ties, so the partial sort stays stable.
        int c = compare(a, b);
        return c != 0 ? c < 0 : a < b;
      });
      order_.resize(limit_);
    } else {
      std::stable_sort(order_.begin(), order_.end(), less);
    }
  }

  void Compact(std::vector<Batch>* batches) {
    data_ = ConcatAndReleaseBatches(node_.schema, batches);
    SortBuffered();
    Batch kept = data_.Select(order_);
    data_ = ConcatBatches(node_.schema, {kept});  // order_ is now the identity over data_
    batches->push_back(data_);
    buffered_ = data_.num_rows();
  }

  // Sorts the buffered rows and writes them out as one run.
  void SpillRun(std::vector<Batch>* batches) {
    data_ = ConcatAndReleaseBatches(node_.schema, batches);
    recent_ = 0;
    SortBuffered();
    auto run = std::make_unique<SpillFile>(query_->options.spill_directory, &memory());
    Batch sorted = data_.Select(order_);
    for (size_t at = 0; at < sorted.num_rows(); at += query_->batch_size())
      run->Append(sorted, at, std::min(query_->batch_size(), sorted.num_rows() - at));
    runs_.push_back(std::move(run));
    data_ = Batch();
    order_.clear();
    buffered_ = 0;
    memory().Release(accounted_);
    accounted_ = 0;
  }

  void Consume() {
    sorted_ = true;
    std::vector<Batch> batches;
    Batch batch;
    while (child_->Next(&batch)) {
      query_->CheckCancel();
      if (batch.num_rows() == 0) continue;
      int64_t bytes = EstimateBytes(batch);
      // A top-N holds O(limit) rows and never spills.
      if (!TryReserve(bytes, buffered_)) {
        if (limit_ < 0 && !batches.empty()) SpillRun(&batches);
        if (!TryReserve(bytes, buffered_)) memory().ForceReserve(bytes);  // one batch always fits
      }
      accounted_ += bytes;
      buffered_ += batch.num_rows();
      batches.push_back(WithSchema(node_.schema, batch));
      if (limit_ < 0 && ++recent_ >= kCompactEvery) CompactRecentBatches(node_.schema, &batches, &recent_);
      if (limit_ >= 0 && buffered_ > 2 * static_cast<size_t>(limit_) + query_->batch_size()) Compact(&batches);
    }
    if (!runs_.empty()) {
      if (!batches.empty()) SpillRun(&batches);
      StartMerge();
      return;
    }
    data_ = ConcatAndReleaseBatches(node_.schema, &batches);
    SortBuffered();
  }

  // --- Merging sorted runs ---------------------------------------------------
  struct RunCursor {
    std::unique_ptr<SpillReader> reader;
    Batch batch;
    std::vector<VectorPtr> keys;
    size_t row = 0;
    int64_t bytes = 0;
  };

  // Loads the run's next block; false when the run is exhausted.
  bool Advance(RunCursor& run) {
    memory().Release(run.bytes);
    accounted_ -= run.bytes;
    run.bytes = 0;
    if (!run.reader->Next(&run.batch)) {
      run.batch = Batch();
      run.keys.clear();
      return false;
    }
    run.keys = SortKeys(run.batch);
    run.row = 0;
    run.bytes = EstimateBytes(run.batch);
    memory().ForceReserve(run.bytes);  // one block per run: the merge's minimum
    accounted_ += run.bytes;
    return true;
  }

  void StartMerge() {
    cursors_.resize(runs_.size());
    for (size_t r = 0; r < runs_.size(); ++r) {
      cursors_[r].reader = std::make_unique<SpillReader>(runs_[r].get(), &node_.schema);
      if (Advance(cursors_[r])) heap_.push_back(r);
    }
    std::make_heap(heap_.begin(), heap_.end(), HeapOrder{this});
  }

  // Heap order: the top is the smallest current row; ties to the earlier run.
  struct HeapOrder {
    const SortOperator* self;
    bool operator()(size_t a, size_t b) const {
      const RunCursor& x = self->cursors_[a];
      const RunCursor& y = self->cursors_[b];
      int c = CompareKeys(self->node_.sort_keys, x.keys, x.row, y.keys, y.row);
      return c != 0 ? c > 0 : a > b;
    }
  };

  bool NextMerged(Batch* out) {
    if (heap_.empty()) return false;
    std::vector<VectorPtr> columns;
    for (const Field& field : node_.schema) columns.push_back(Vector::Make(field.type, 0));
    size_t n = 0;
    HeapOrder order{this};
    while (n < query_->batch_size() && !heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), order);
      size_t r = heap_.back();
      RunCursor& run = cursors_[r];
      for (size_t c = 0; c < columns.size(); ++c) columns[c]->AppendFrom(run.batch.column(c), run.row);
      ++n;
      if (++run.row < run.batch.num_rows() || Advance(run)) {
        std::push_heap(heap_.begin(), heap_.end(), order);
      } else {
        heap_.pop_back();
      }
    }
    *out = Batch(node_.schema, std::move(columns), n);
    return true;
  }

  OperatorPtr child_;
  EvalContext eval_;
  int64_t limit_;
  bool sorted_ = false;
  Batch data_;
  SelectionVector order_;
  size_t buffered_ = 0;
  size_t recent_ = 0;  // buffered batches not compacted yet
  size_t emitted_ = 0;
  int64_t accounted_ = 0;
  std::vector<std::unique_ptr<SpillFile>> runs_;
  std::vector<RunCursor> cursors_;
  std::vector<size_t> heap_;
};

}  // namespace

OperatorPtr MakeSort(const plan::PlanNode& node, QueryContext* query, OperatorPtr child, int64_t limit) {
  return std::make_unique<SortOperator>(node, query, std::move(child), limit);
}

}  // namespace tarn::exec
