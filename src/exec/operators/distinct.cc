// DISTINCT: streams each row the first time its value (all columns, NULLs
// equal) is seen.
#include "exec/group_table.h"
#include "exec/operators/operators.h"

namespace tarn::exec {
namespace {

class DistinctOperator : public Operator {
 public:
  DistinctOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr child)
      : Operator(node, query), child_(std::move(child)) {
    std::vector<DataType> types;
    for (const Field& f : node.schema) types.push_back(f.type);
    seen_ = std::make_unique<GroupTable>(types);
  }

  ~DistinctOperator() override { memory().Release(accounted_); }

  bool Next(Batch* out) override {
    Batch batch;
    while (true) {
      query_->CheckCancel();
      if (!child_->Next(&batch)) return false;
      size_t rows = batch.num_rows();
      size_t before = seen_->size();
      std::vector<uint32_t> ids(rows, 0);
      seen_->FindOrInsert(batch.columns(), rows, ids.data());
      int64_t held = seen_->memory_bytes();
      ReserveUnspillable(accounted_, held - accounted_, "HashAggregate (DISTINCT)");  // does not spill yet
      accounted_ = held;
      SelectionVector fresh;
      size_t next = before;
      for (size_t r = 0; r < rows; ++r)
        if (ids[r] == next) {
          fresh.push_back(static_cast<uint32_t>(r));
          ++next;
        }
      if (fresh.empty()) continue;
      Batch selected = fresh.size() == rows ? batch : batch.Select(fresh);
      *out = Batch(node_.schema, selected.columns(), selected.num_rows());
      return true;
    }
  }

 private:
  OperatorPtr child_;
  std::unique_ptr<GroupTable> seen_;
  int64_t accounted_ = 0;
};

}  // namespace

OperatorPtr MakeDistinct(const plan::PlanNode& node, QueryContext* query, OperatorPtr child) {
  return std::make_unique<DistinctOperator>(node, query, std::move(child));
}

}  // namespace tarn::exec
