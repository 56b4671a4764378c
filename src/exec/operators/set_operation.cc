// INTERSECT / EXCEPT [ALL] and UNION (distinct), NULLs equal to each other.
// The right side is counted per distinct row; left rows then stream through:
//  INTERSECT: first copy of a row present on the right;  INTERSECT ALL: while the right count lasts;
//  EXCEPT: first copy of a row absent on the right;      EXCEPT ALL: after the right count is used up;
//  UNION: first copy of a row from either side.
#include "common/check.h"
#include "exec/group_table.h"
#include "exec/operators/operators.h"

namespace tarn::exec {
namespace {

class SetOperator : public Operator {
 public:
  SetOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr left, OperatorPtr right)
      : Operator(node, query), left_(std::move(left)), right_(std::move(right)) {
    std::vector<DataType> types;
    for (const Field& f : node.schema) types.push_back(f.type);
    right_rows_ = std::make_unique<GroupTable>(types);
    emitted_ = std::make_unique<GroupTable>(types);
    TARN_CHECK(node.set_op == "INTERSECT" || node.set_op == "EXCEPT" || node.set_op == "UNION",
               "unknown set operation " + node.set_op);
  }

  ~SetOperator() override { memory().Release(accounted_); }

  bool Next(Batch* out) override {
    if (node_.set_op == "UNION") return NextUnion(out);
    if (!built_) BuildRight();
    Batch batch;
    bool intersect = node_.set_op == "INTERSECT";
    while (true) {
      query_->CheckCancel();
      if (!left_->Next(&batch)) return false;
      size_t rows = batch.num_rows();
      std::vector<int64_t> group(rows);
      right_rows_->Find(batch.columns(), rows, group.data());
      SelectionVector keep;
      if (node_.all) {
        for (size_t r = 0; r < rows; ++r) {
          bool available = group[r] >= 0 && counts_[group[r]] > 0;
          if (available) counts_[group[r]]--;
          if (available == intersect) keep.push_back(static_cast<uint32_t>(r));
        }
      } else {
        SelectionVector candidates;
        for (size_t r = 0; r < rows; ++r)
          if ((group[r] >= 0) == intersect) candidates.push_back(static_cast<uint32_t>(r));
        keep = FirstSeen(batch, candidates);
      }
      if (keep.empty()) continue;
      Emit(batch, keep, out);
      return true;
    }
  }

 private:
  void BuildRight() {
    built_ = true;
    Batch batch;
    while (right_->Next(&batch)) {
      query_->CheckCancel();
      std::vector<uint32_t> ids(batch.num_rows());
      right_rows_->FindOrInsert(batch.columns(), batch.num_rows(), ids.data());
      counts_.resize(right_rows_->size(), 0);
      for (uint32_t id : ids) counts_[id]++;
      AccountTables();
    }
  }

  // The memory account follows the two hash tables as they grow.
  void AccountTables() {
    int64_t held = right_rows_->memory_bytes() + emitted_->memory_bytes() +
                   static_cast<int64_t>(counts_.capacity() * sizeof(int64_t));
    ReserveUnspillable(accounted_, held - accounted_, "HashSetOperation");  // does not spill yet
    accounted_ = held;
  }

  // Rows (among `candidates`) whose value was never emitted before.
  SelectionVector FirstSeen(const Batch& batch, const SelectionVector& candidates) {
    std::vector<uint32_t> ids(batch.num_rows(), 0);
    size_t next = emitted_->size();
    emitted_->FindOrInsert(batch.columns(), batch.num_rows(), ids.data(), &candidates);
    AccountTables();
    SelectionVector fresh;
    for (uint32_t r : candidates)
      if (ids[r] == next) {
        fresh.push_back(r);
        ++next;
      }
    return fresh;
  }

  void Emit(const Batch& batch, const SelectionVector& rows, Batch* out) {
    Batch selected = rows.size() == batch.num_rows() ? batch : batch.Select(rows);
    *out = Batch(node_.schema, selected.columns(), selected.num_rows());
  }

  bool NextUnion(Batch* out) {
    Batch batch;
    while (true) {
      query_->CheckCancel();
      OperatorPtr& side = left_done_ ? right_ : left_;
      if (!side->Next(&batch)) {
        if (left_done_) return false;
        left_done_ = true;
        continue;
      }
      SelectionVector all(batch.num_rows());
      for (size_t r = 0; r < all.size(); ++r) all[r] = static_cast<uint32_t>(r);
      SelectionVector keep = FirstSeen(batch, all);
      if (keep.empty()) continue;
      Emit(batch, keep, out);
      return true;
    }
  }

  OperatorPtr left_, right_;
  std::unique_ptr<GroupTable> right_rows_, emitted_;
  std::vector<int64_t> counts_;
  bool built_ = false, left_done_ = false;
  int64_t accounted_ = 0;
};

}  // namespace

OperatorPtr MakeSetOperation(const plan::PlanNode& node, QueryContext* query, OperatorPtr left, OperatorPtr right) {
  return std::make_unique<SetOperator>(node, query, std::move(left), std::move(right));
}

}  // namespace tarn::exec
