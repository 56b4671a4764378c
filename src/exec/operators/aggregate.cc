// Hash aggregate: group keys → dense group ids (GroupTable), one state row
// per group in stable chunks, AggregateFunction::Update with one state
// pointer per input row. Without GROUP BY there is exactly one group, so an
// empty input still yields one row.
//
// In a parallel pipeline the aggregate runs in two halves (physical plan):
// every worker's partial operator aggregates its share of the input, then
// folds its groups into a shared AggregateMerge — the first to finish
// becomes the merge table, the others Merge their states into it, one at a
// time. The final operator above the exchange drains it (all workers done)
// and finishes the merged states. The partial operators stay alive (owned by
// the exchange below the final one) until the final one is destroyed.
#include <algorithm>
#include <mutex>

#include "common/check.h"
#include "exec/expression_evaluator.h"
#include "exec/group_table.h"
#include "exec/operators/operators.h"
#include "exec/vector_util.h"

namespace tarn::exec {
namespace {

constexpr size_t kGroupsPerChunk = 1024;

class AggregateOperator;

}  // namespace

struct AggregateMerge {
  std::mutex mutex;
  AggregateOperator* table = nullptr;  ///< the partial operator holding the merged groups
};

std::shared_ptr<AggregateMerge> MakeAggregateMerge() { return std::make_shared<AggregateMerge>(); }

namespace {

class AggregateOperator : public Operator {
 public:
  AggregateOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr child, plan::AggregateMode mode,
                    std::shared_ptr<AggregateMerge> merge)
      : Operator(node, query), child_(std::move(child)), eval_(query), mode_(mode), merge_(std::move(merge)) {
    TARN_CHECK(mode_ == plan::AggregateMode::kComplete || merge_ != nullptr, "a split aggregate without its merge");
    std::vector<DataType> key_types;
    for (const auto& key : node.group_by) key_types.push_back(key->type);
    groups_ = std::make_unique<GroupTable>(key_types);
    size_t offset = 0;
    for (const plan::AggregateCall& call : node.aggregates) {
      TARN_CHECK(call.function != nullptr, "aggregate " + call.name + " is not bound");
      size_t align = std::max<size_t>(call.function->state_align(), 1);
      TARN_CHECK(align <= alignof(std::max_align_t), "aggregate state alignment too large");
      offset = (offset + align - 1) / align * align;
      offsets_.push_back(offset);
      offset += call.function->state_size();
      if (call.distinct) {
        std::vector<DataType> types{DataType::Int()};
        for (const auto& arg : call.args) types.push_back(arg->type);
        distinct_.push_back(std::make_unique<GroupTable>(types));
      } else {
        distinct_.push_back(nullptr);
      }
    }
    row_size_ = std::max<size_t>((offset + alignof(std::max_align_t) - 1) / alignof(std::max_align_t) *
                                     alignof(std::max_align_t), alignof(std::max_align_t));
  }

  ~AggregateOperator() override {
    for (size_t a = 0; a < node_.aggregates.size(); ++a) {
      const AggregateFunction& fn = *node_.aggregates[a].function;
      if (!fn.needs_destroy()) continue;
      for (size_t g = 0; g < num_groups_; ++g) fn.Destroy(State(g, a));
    }
    memory().Release(accounted_);
  }

  bool Next(Batch* out) override {
    query_->CheckCancel();
    if (!consumed_) {
      switch (mode_) {
        case plan::AggregateMode::kComplete: Consume(); break;
        case plan::AggregateMode::kPartial:
          Consume();
          HandOver();
          return false;  // the partial half's groups go to the merge, not downstream
        case plan::AggregateMode::kFinal: {
          consumed_ = true;
          Batch batch;
          while (child_->Next(&batch)) TARN_CHECK(batch.num_rows() == 0, "a partial aggregate produced rows");
          std::lock_guard lock(merge_->mutex);
          TARN_CHECK(merge_->table != nullptr, "no partial aggregate finished");
          source_ = merge_->table;
          break;
        }
      }
    }
    if (mode_ == plan::AggregateMode::kPartial) return false;
    const AggregateOperator& from = *source_;
    if (emitted_ >= from.num_groups_) return false;
    size_t n = std::min(query_->batch_size(), from.num_groups_ - emitted_);
    std::vector<VectorPtr> columns;
    for (const VectorPtr& key : from.groups_->keys()) columns.push_back(Vector::View(key, emitted_, n));
    std::vector<const uint8_t*> states(n);
    for (size_t a = 0; a < node_.aggregates.size(); ++a) {
      const AggregateFunction& fn = *node_.aggregates[a].function;
      for (size_t i = 0; i < n; ++i) states[i] = from.State(emitted_ + i, a);
      VectorPtr result = Vector::Make(fn.result_type(), n);
      fn.Finalize(states.data(), n, *result);
      columns.push_back(result);
    }
    emitted_ += n;
    *out = Batch(node_.schema, std::move(columns), n);
    return true;
  }

 private:
  uint8_t* State(size_t group, size_t aggregate) const {
    return reinterpret_cast<uint8_t*>(chunks_[group / kGroupsPerChunk].get()) + (group % kGroupsPerChunk) * row_size_ +
           offsets_[aggregate];
  }

  void AddGroups(size_t count) {
    while (num_groups_ < count) {
      if (num_groups_ % kGroupsPerChunk == 0) {
        size_t units = kGroupsPerChunk * row_size_ / sizeof(std::max_align_t);
        chunks_.emplace_back(new std::max_align_t[units]);
        int64_t bytes = static_cast<int64_t>(units * sizeof(std::max_align_t));
        memory().ForceReserve(bytes);
        accounted_ += bytes;
      }
      size_t g = num_groups_++;
      for (size_t a = 0; a < node_.aggregates.size(); ++a) node_.aggregates[a].function->Init(State(g, a));
    }
  }

  void Consume() {
    consumed_ = true;
    if (node_.group_by.empty()) AddGroups(1);
    Batch batch;
    std::vector<uint32_t> group_of;
    while (child_->Next(&batch)) {
      query_->CheckCancel();
      size_t rows = batch.num_rows();
      if (rows == 0) continue;
      group_of.assign(rows, 0);
      if (!node_.group_by.empty()) {
        std::vector<VectorPtr> keys;
        for (const auto& key : node_.group_by) keys.push_back(Evaluate(*key, batch, eval_));
        int64_t before = groups_->memory_bytes();
        groups_->FindOrInsert(keys, rows, group_of.data());
        int64_t grown = groups_->memory_bytes() - before;
        memory().ForceReserve(grown);
        accounted_ += grown;
        AddGroups(groups_->size());
      }
      for (size_t a = 0; a < node_.aggregates.size(); ++a) UpdateAggregate(a, batch, group_of);
    }
  }

  // Partial half: the first worker to finish leaves its groups as the
  // merge table; later ones fold theirs into it.
  void HandOver() {
    std::lock_guard lock(merge_->mutex);
    if (merge_->table == nullptr) {
      merge_->table = this;
      return;
    }
    merge_->table->MergeFrom(*this);
  }

  void MergeFrom(const AggregateOperator& other) {
    size_t n = other.num_groups_;
    std::vector<uint32_t> target(n, 0);
    if (!node_.group_by.empty() && n > 0) {
      int64_t before = groups_->memory_bytes();
      groups_->FindOrInsert(other.groups_->keys(), n, target.data());
      int64_t grown = groups_->memory_bytes() - before;
      memory().ForceReserve(grown);
      accounted_ += grown;
      AddGroups(groups_->size());
    }
    for (size_t a = 0; a < node_.aggregates.size(); ++a) {
      const AggregateFunction& fn = *node_.aggregates[a].function;
      for (size_t g = 0; g < n; ++g) fn.Merge(State(target[g], a), other.State(g, a));
    }
  }

  void UpdateAggregate(size_t a, const Batch& batch, const std::vector<uint32_t>& group_of) {
    const plan::AggregateCall& call = node_.aggregates[a];
    size_t rows = batch.num_rows();
    std::vector<VectorPtr> args;
    for (const auto& arg : call.args) args.push_back(Evaluate(*arg, batch, eval_));
    // Rows that reach the aggregate: FILTER (WHERE ...), then DISTINCT.
    bool all = true;
    SelectionVector selected;
    if (call.filter) {
      selected = EvaluateFilter(*call.filter, batch, eval_);
      all = selected.size() == rows;
    }
    if (call.distinct) {
      if (all) {
        selected.resize(rows);
        for (size_t i = 0; i < rows; ++i) selected[i] = static_cast<uint32_t>(i);
      }
      VectorPtr group_ids = Vector::Make(DataType::Int(), rows);
      for (size_t i = 0; i < rows; ++i) group_ids->values<int32_t>()[i] = static_cast<int32_t>(group_of[i]);
      std::vector<VectorPtr> keys{group_ids};
      keys.insert(keys.end(), args.begin(), args.end());
      GroupTable& seen = *distinct_[a];
      size_t before = seen.size();
      std::vector<uint32_t> ids(rows, 0);
      seen.FindOrInsert(keys, rows, ids.data(), &selected);
      // A row is new when it created its (group, args) entry: ids are handed out in row order.
      SelectionVector fresh;
      size_t next = before;
      for (uint32_t r : selected)
        if (ids[r] == next) {
          fresh.push_back(r);
          ++next;
        }
      selected = std::move(fresh);
      all = false;
    }
    if (!all && selected.empty()) return;
    size_t n = all ? rows : selected.size();
    states_.resize(n);
    for (size_t i = 0; i < n; ++i) states_[i] = State(group_of[all ? i : selected[i]], a);
    if (!all)
      for (VectorPtr& arg : args) arg = SelectRows(arg, selected);
    call.function->Update(states_.data(), std::span<const VectorPtr>(args), n);
  }

  OperatorPtr child_;
  EvalContext eval_;
  plan::AggregateMode mode_;
  std::shared_ptr<AggregateMerge> merge_;
  const AggregateOperator* source_ = this;  // whose groups Next emits (final: the merge table)
  std::unique_ptr<GroupTable> groups_;
  std::vector<std::unique_ptr<GroupTable>> distinct_;
  std::vector<size_t> offsets_;
  size_t row_size_ = 0;
  std::vector<std::unique_ptr<std::max_align_t[]>> chunks_;
  size_t num_groups_ = 0;
  std::vector<uint8_t*> states_;
  bool consumed_ = false;
  size_t emitted_ = 0;
  int64_t accounted_ = 0;
};

}  // namespace

OperatorPtr MakeAggregate(const plan::PlanNode& node, QueryContext* query, OperatorPtr child, plan::AggregateMode mode,
                          std::shared_ptr<AggregateMerge> merge) {
  return std::make_unique<AggregateOperator>(node, query, std::move(child), mode, std::move(merge));
}

}  // namespace tarn::exec
