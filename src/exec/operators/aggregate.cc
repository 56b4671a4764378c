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
//
// Spilling (spark.tarn.memory.limit): when the groups no longer fit, the
// operator stops creating groups. Rows whose key already has a group still
// update it in place; the rows of every other key are written, unaggregated,
// to one of 16 spill partitions by the key's hash. Aggregate states are
// never written (they may hold pointers: collect_list, DISTINCT sets), so
// every function's state survives spilling exactly. Each key's rows are thus
// either all in the table or all spilled. At the end the table's groups are
// emitted, then each partition is aggregated by a nested operator over its
// spilled rows — which may spill again, by the next 4 bits of the hash, down
// to kMaxSpillDepth. Split aggregates: the partial halves hand their
// partitions to the merge; a key may then have a merged group AND spilled
// rows (of another worker), so the final half seeds each partition's nested
// operator with the merged groups of that partition (Merge) before it
// aggregates the partition's rows.
#include <algorithm>
#include <mutex>

#include "common/check.h"
#include "exec/expression_evaluator.h"
#include "exec/group_table.h"
#include "columnar/row_compare.h"
#include "exec/operators/operators.h"
#include "exec/spill.h"
#include "exec/vector_util.h"

namespace tarn::exec {
namespace {

constexpr size_t kGroupsPerChunk = 1024;
constexpr int kMaxSpillDepth = 6;

// Subexpressions that several aggregate arguments compute — TPC-H q01's
// l_extendedprice * (1 - l_discount) in two sums — are evaluated once per
// batch, as extra columns after the input's that the arguments read. Only
// subtrees every row evaluates anyway are shared: calls, casts, NOT and
// IS [NOT] NULL reached from an argument's root without passing a CASE,
// COALESCE, AND/OR, IN or lambda, so no ANSI error can fire for a row the
// original expression would not have evaluated.
class SharedSubexpressions {
 public:
  /// Rewrites the arguments in `args` (every aggregate's) to read the shared
  /// subexpressions as columns input.size(), input.size() + 1, ...
  SharedSubexpressions(const Schema& input, std::vector<std::vector<plan::ExprPtr>>* args)
      : schema_(input), input_width_(input.size()) {
    std::vector<plan::ExprPtr> subtrees;  // every shareable occurrence, children first
    for (const auto& call_args : *args)
      for (const plan::ExprPtr& arg : call_args) Collect(arg, &subtrees);
    for (size_t i = 0; i < subtrees.size(); ++i) {
      bool repeated = false, known = false;
      for (size_t j = 0; j < subtrees.size() && !repeated; ++j) repeated = j != i && Same(*subtrees[i], *subtrees[j]);
      for (const plan::ExprPtr& shared : originals_) known = known || Same(*shared, *subtrees[i]);
      if (!repeated || known) continue;
      // Children come first, so this one reads the shared subexpressions found before it.
      exprs_.push_back(Rewrite(subtrees[i], /*root=*/false));
      originals_.push_back(subtrees[i]);
      readable_.push_back(schema_);  // the columns exprs_.back() may read
      schema_.push_back(Field{"shared#" + std::to_string(originals_.size()), subtrees[i]->type, true, ""});
    }
    for (auto& call_args : *args)
      for (plan::ExprPtr& arg : call_args) arg = Rewrite(arg, /*root=*/true);
  }

  bool empty() const { return exprs_.empty(); }

  /// `batch` with the shared subexpressions' values appended.
  Batch Extend(const Batch& batch, EvalContext& eval) const {
    if (exprs_.empty()) return batch;
    std::vector<VectorPtr> columns = batch.columns();
    for (size_t k = 0; k < exprs_.size(); ++k)
      columns.push_back(Evaluate(*exprs_[k], Batch(readable_[k], columns, batch.num_rows()), eval));
    return Batch(schema_, std::move(columns), batch.num_rows());
  }

 private:
  static bool Shareable(const plan::Expr& expr) {
    switch (expr.kind) {
      case plan::ExprKind::kCall:
      case plan::ExprKind::kCast:
      case plan::ExprKind::kNot:
      case plan::ExprKind::kIsNull:
      case plan::ExprKind::kIsNotNull: return expr.deterministic();
      default: return false;
    }
  }

  // Shareable subtrees of `expr` evaluated on every row, children before parents.
  static void Collect(const plan::ExprPtr& expr, std::vector<plan::ExprPtr>* out) {
    if (!Shareable(*expr)) return;
    for (const plan::ExprPtr& arg : expr->args) Collect(arg, out);
    out->push_back(expr);
  }

  static bool Same(const plan::Expr& a, const plan::Expr& b) {
    if (a.kind != b.kind || !(a.type == b.type) || a.column != b.column || a.name != b.name ||
        a.try_cast != b.try_cast || a.has_else != b.has_else || a.args.size() != b.args.size() || a.subquery ||
        b.subquery)
      return false;
    if (a.kind == plan::ExprKind::kLiteral &&
        (!(a.literal->type() == b.literal->type()) || !RowsEqual(*a.literal, 0, *b.literal, 0)))
      return false;
    if (a.kind == plan::ExprKind::kLambda || a.kind == plan::ExprKind::kLambdaVariable) return false;
    for (size_t i = 0; i < a.args.size(); ++i)
      if (!Same(*a.args[i], *b.args[i])) return false;
    return true;
  }

  // `expr` with every shared subexpression (but itself, unless `root`)
  // replaced by its column, outermost first.
  plan::ExprPtr Rewrite(const plan::ExprPtr& expr, bool root) const {
    if (root)
      for (size_t k = 0; k < originals_.size(); ++k)
        if (Same(*originals_[k], *expr))
          return plan::ColumnRef(static_cast<int>(input_width_ + k), expr->type, true);
    if (!Shareable(*expr)) return expr;
    auto copy = std::make_shared<plan::Expr>(*expr);
    for (plan::ExprPtr& arg : copy->args) arg = Rewrite(arg, /*root=*/true);
    return copy;
  }

  Schema schema_;                        // the input's fields, then one per shared subexpression
  size_t input_width_ = 0;
  std::vector<plan::ExprPtr> originals_;  // the shared subexpressions as the arguments wrote them
  std::vector<plan::ExprPtr> exprs_;      // the same, reading earlier shared ones as columns
  std::vector<Schema> readable_;          // per shared subexpression: the columns before it
};


class AggregateOperator;

}  // namespace

struct AggregateMerge {
  std::mutex mutex;
  AggregateOperator* table = nullptr;  ///< the partial operator holding the merged groups
  std::vector<SpillFiles> spilled{kSpillPartitions};  ///< the partial halves' spilled rows
};

std::shared_ptr<AggregateMerge> MakeAggregateMerge() { return std::make_shared<AggregateMerge>(); }

namespace {

class AggregateOperator : public Operator {
 public:
  AggregateOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr child, plan::AggregateMode mode,
                    std::shared_ptr<AggregateMerge> merge, int depth = 0)
      : Operator(node, query), child_(std::move(child)), eval_(query), mode_(mode), merge_(std::move(merge)),
        depth_(depth) {
    TARN_CHECK(mode_ == plan::AggregateMode::kComplete || merge_ != nullptr, "a split aggregate without its merge");
    std::vector<DataType> key_types;
    for (const auto& key : node.group_by) key_types.push_back(key->type);
    groups_ = std::make_unique<GroupTable>(key_types);
    for (const plan::AggregateCall& call : node.aggregates) args_.push_back(call.args);
    shared_ = std::make_unique<SharedSubexpressions>(node.children.at(0)->schema, &args_);
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
    FreeGroups();
    memory().Release(accounted_);
  }

  bool Next(Batch* out) override {
    query_->CheckCancel();
    if (!consumed_) {
      switch (mode_) {
        case plan::AggregateMode::kComplete: {
          Consume();
          SpillFiles files = FinishSpill();
          for (size_t p = 0; p < files.size(); ++p)
            if (files[p] != nullptr) spilled_[p].push_back(std::move(files[p]));
          break;
        }
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
          spilled_ = std::move(merge_->spilled);
          break;
        }
      }
      PlanEmit();
    }
    if (mode_ == plan::AggregateMode::kPartial) return false;
    if (EmitGroups(out)) return true;
    return NextFromPartitions(out);
  }

 private:
  bool spilled_anything() const {
    for (const SpillFiles& files : spilled_)
      if (!files.empty()) return true;
    return false;
  }

  // Which of the source's groups Next emits itself: all, unless a split
  // aggregate spilled — then the groups of spilled partitions go to the
  // nested operators (as seeds).
  void PlanEmit() {
    const AggregateOperator& from = *source_;
    filter_groups_ = mode_ == plan::AggregateMode::kFinal && spilled_anything();
    if (!filter_groups_) return;
    for (size_t g = 0; g < from.num_groups_; ++g) {
      size_t p = SpillPartition(from.groups_->hash(g), depth_);
      (spilled_[p].empty() ? emit_groups_ : seed_groups_[p]).push_back(static_cast<uint32_t>(g));
    }
  }

  bool EmitGroups(Batch* out) {
    const AggregateOperator& from = *source_;
    size_t total = filter_groups_ ? emit_groups_.size() : from.num_groups_;
    if (emitted_ >= total) return false;
    size_t n = std::min(query_->batch_size(), total - emitted_);
    std::vector<uint32_t> rows(n);
    for (size_t i = 0; i < n; ++i) rows[i] = filter_groups_ ? emit_groups_[emitted_ + i] : static_cast<uint32_t>(emitted_ + i);
    std::vector<VectorPtr> columns;
    for (const VectorPtr& key : from.groups_->keys())
      columns.push_back(filter_groups_ ? SelectRows(key, rows.data(), n) : Vector::View(key, emitted_, n));
    std::vector<const uint8_t*> states(n);
    for (size_t a = 0; a < node_.aggregates.size(); ++a) {
      const AggregateFunction& fn = *node_.aggregates[a].function;
      for (size_t i = 0; i < n; ++i) states[i] = from.State(rows[i], a);
      VectorPtr result = Vector::Make(fn.result_type(), n);
      fn.Finalize(states.data(), n, *result);
      columns.push_back(result);
    }
    emitted_ += n;
    *out = Batch(node_.schema, std::move(columns), n);
    return true;
  }

  // After the table's groups: each spilled partition through a nested
  // aggregate over its rows (seeded with the merged groups of that partition).
  bool NextFromPartitions(Batch* out) {
    while (true) {
      if (nested_ != nullptr) {
        if (nested_->Next(out)) return true;
        nested_.reset();
      }
      while (next_partition_ < kSpillPartitions && spilled_[next_partition_].empty()) ++next_partition_;
      if (next_partition_ >= kSpillPartitions) return false;
      size_t p = next_partition_++;
      // Complete mode: the table is emitted and no key of it was spilled.
      if (mode_ == plan::AggregateMode::kComplete) FreeGroups();
      const Schema& input = node_.children.at(0)->schema;
      auto rows = std::make_unique<SpilledRows>(node_, query_, std::move(spilled_[p]), input);
      nested_ = std::make_unique<AggregateOperator>(node_, query_, std::move(rows), plan::AggregateMode::kComplete,
                                                    nullptr, depth_ + 1);
      nested_->set_memory(&memory());
      if (!seed_groups_[p].empty()) nested_->SeedFrom(*source_, seed_groups_[p]);
    }
  }

  // Adds `from`'s groups `rows` (merged partial states) to this table.
  void SeedFrom(const AggregateOperator& from, const std::vector<uint32_t>& rows) {
    size_t n = rows.size();
    std::vector<VectorPtr> keys;
    for (const VectorPtr& key : from.groups_->keys()) keys.push_back(SelectRows(key, rows.data(), n));
    std::vector<uint32_t> target(n, 0);
    if (!node_.group_by.empty()) {
      groups_->FindOrInsert(keys, n, target.data());
      AddGroups(groups_->size());
    } else {
      AddGroups(1);
    }
    for (size_t a = 0; a < node_.aggregates.size(); ++a) {
      const AggregateFunction& fn = *node_.aggregates[a].function;
      for (size_t i = 0; i < n; ++i) fn.Merge(State(target[i], a), from.State(rows[i], a));
    }
    AccountGrowth(/*may_spill=*/false);
  }

  void FreeGroups() {
    for (size_t a = 0; a < node_.aggregates.size(); ++a) {
      const AggregateFunction& fn = *node_.aggregates[a].function;
      if (!fn.needs_destroy()) continue;
      for (size_t g = 0; g < num_groups_; ++g) fn.Destroy(State(g, a));
    }
    num_groups_ = 0;
    chunks_.clear();
    std::vector<DataType> key_types;
    for (const auto& key : node_.group_by) key_types.push_back(key->type);
    groups_ = std::make_unique<GroupTable>(key_types);
    for (auto& seen : distinct_)
      if (seen != nullptr) seen = std::make_unique<GroupTable>(seen->key_types());
    memory().Release(accounted_);
    accounted_ = 0;
  }

  // Bytes the table, the states and the DISTINCT sets hold now.
  int64_t HeldBytes() const {
    int64_t bytes = groups_->memory_bytes() +
                    static_cast<int64_t>(chunks_.size() * kGroupsPerChunk * row_size_);
    for (const auto& seen : distinct_)
      if (seen != nullptr) bytes += seen->memory_bytes();
    return bytes;
  }

  // Accounts what the last batch added. Past the limit the operator starts
  // spilling — if it may, holds some groups already (one batch's groups are
  // its minimum) and the hash has bits left.
  void AccountGrowth(bool may_spill) {
    int64_t grown = HeldBytes() - accounted_;
    if (grown <= 0) return;
    if (!TryReserve(grown, num_groups_)) {
      memory().ForceReserve(grown);
      if (may_spill && groups_before_batch_ > 0 && depth_ < kMaxSpillDepth && !node_.group_by.empty())
        spilling_ = true;
    }
    accounted_ += grown;
  }

  // Spilling: rows of keys in the table update their groups; the rest go
  // to the partitions of their hash.
  // `input` is `batch` with the shared subexpressions (what aggregates read).
  void ConsumeSpilling(const Batch& batch, const Batch& input, const std::vector<VectorPtr>& keys) {
    size_t rows = batch.num_rows();
    std::vector<int64_t> found(rows, -1);
    groups_->Find(keys, rows, found.data());
    SelectionVector in_table, spill;
    for (size_t r = 0; r < rows; ++r) (found[r] >= 0 ? in_table : spill).push_back(static_cast<uint32_t>(r));
    if (!in_table.empty()) {
      Batch sub = in_table.size() == rows ? input : input.Select(in_table);
      std::vector<uint32_t> group_of(in_table.size());
      for (size_t i = 0; i < in_table.size(); ++i) group_of[i] = static_cast<uint32_t>(found[in_table[i]]);
      UpdateAggregates(sub, group_of);
    }
    if (spill.empty()) return;
    if (writer_ == nullptr)
      writer_ = std::make_unique<HashPartitionWriter>(*query_, &memory(), node_.children.at(0)->schema, depth_);
    if (spill.size() == rows) {
      writer_->Add(batch, keys);
      return;
    }
    std::vector<VectorPtr> spill_keys;
    for (const VectorPtr& key : keys) spill_keys.push_back(SelectRows(key, spill));
    writer_->Add(batch.Select(spill), spill_keys);
  }

  // The spilled rows' files by partition (none when nothing spilled).
  SpillFiles FinishSpill() { return writer_ != nullptr ? writer_->Finish() : SpillFiles(kSpillPartitions); }

  // Group `group`'s states (one row of every aggregate's state).
  uint8_t* Row(size_t group) const {
    return reinterpret_cast<uint8_t*>(chunks_[group / kGroupsPerChunk].get()) + (group % kGroupsPerChunk) * row_size_;
  }
  uint8_t* State(size_t group, size_t aggregate) const { return Row(group) + offsets_[aggregate]; }

  // Allocates states up to `count` groups (accounted by the caller).
  void AddGroups(size_t count) {
    while (num_groups_ < count) {
      if (num_groups_ % kGroupsPerChunk == 0) {
        size_t units = kGroupsPerChunk * row_size_ / sizeof(std::max_align_t);
        chunks_.emplace_back(new std::max_align_t[units]);
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
      groups_before_batch_ = num_groups_;
      if (!node_.group_by.empty()) {
        std::vector<VectorPtr> keys;
        for (const auto& key : node_.group_by) keys.push_back(Evaluate(*key, batch, eval_));
        if (spilling_) {
          ConsumeSpilling(batch, shared_->Extend(batch, eval_), keys);
          AccountGrowth(/*may_spill=*/false);
          continue;
        }
        groups_->FindOrInsert(keys, rows, group_of.data());
        AddGroups(groups_->size());
      }
      Batch input = shared_->Extend(batch, eval_);
      UpdateAggregates(input, group_of);
      AccountGrowth(/*may_spill=*/true);
    }
  }

  // Partial half: the first worker to finish leaves its groups as the
  // merge table; later ones fold theirs into it.
  void HandOver() {
    SpillFiles files = FinishSpill();
    std::lock_guard lock(merge_->mutex);
    for (size_t p = 0; p < files.size(); ++p)
      if (files[p] != nullptr) merge_->spilled[p].push_back(std::move(files[p]));
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
      groups_->FindOrInsert(other.groups_->keys(), n, target.data());
      AddGroups(groups_->size());
    }
    for (size_t a = 0; a < node_.aggregates.size(); ++a) {
      const AggregateFunction& fn = *node_.aggregates[a].function;
      for (size_t g = 0; g < n; ++g) fn.Merge(State(target[g], a), other.State(g, a));
    }
    AccountGrowth(/*may_spill=*/false);  // merged states cannot be spilled
  }

  // Every aggregate over `batch`, whose row i belongs to group group_of[i].
  void UpdateAggregates(const Batch& batch, const std::vector<uint32_t>& group_of) {
    group_rows_.resize(batch.num_rows());
    for (size_t i = 0; i < group_rows_.size(); ++i) group_rows_[i] = Row(group_of[i]);
    for (size_t a = 0; a < node_.aggregates.size(); ++a) UpdateAggregate(a, batch, group_of);
  }

  // Needs group_rows_ of `batch` (UpdateAggregates).
  void UpdateAggregate(size_t a, const Batch& batch, const std::vector<uint32_t>& group_of) {
    const plan::AggregateCall& call = node_.aggregates[a];
    size_t rows = batch.num_rows();
    std::vector<VectorPtr> args;
    for (const auto& arg : args_[a]) args.push_back(Evaluate(*arg, batch, eval_));
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
    size_t offset = offsets_[a];
    if (all) {
      for (size_t i = 0; i < n; ++i) states_[i] = group_rows_[i] + offset;
    } else {
      for (size_t i = 0; i < n; ++i) states_[i] = group_rows_[selected[i]] + offset;
    }
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
  std::vector<std::vector<plan::ExprPtr>> args_;  // per aggregate; shared subexpressions read as columns
  std::unique_ptr<SharedSubexpressions> shared_;
  std::vector<size_t> offsets_;
  size_t row_size_ = 0;
  std::vector<std::unique_ptr<std::max_align_t[]>> chunks_;
  size_t num_groups_ = 0;
  std::vector<uint8_t*> group_rows_;  // per row of the batch being aggregated: its group's states
  std::vector<uint8_t*> states_;
  bool consumed_ = false;
  size_t emitted_ = 0;
  int64_t accounted_ = 0;
  // Spilling.
  int depth_;
  size_t groups_before_batch_ = 0;
  bool spilling_ = false;
  std::unique_ptr<HashPartitionWriter> writer_;  // rows of keys not in the table
  std::vector<SpillFiles> spilled_{kSpillPartitions};  // all spilled rows to aggregate after the table
  bool filter_groups_ = false;
  std::vector<uint32_t> emit_groups_;
  std::vector<std::vector<uint32_t>> seed_groups_{kSpillPartitions};
  size_t next_partition_ = 0;
  std::unique_ptr<AggregateOperator> nested_;
};

}  // namespace

OperatorPtr MakeAggregate(const plan::PlanNode& node, QueryContext* query, OperatorPtr child, plan::AggregateMode mode,
                          std::shared_ptr<AggregateMerge> merge) {
  return std::make_unique<AggregateOperator>(node, query, std::move(child), mode, std::move(merge));
}

}  // namespace tarn::exec
