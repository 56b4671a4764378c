#include "exec/executor.h"

#include "common/check.h"
#include "common/error.h"
#include "exec/operator.h"
#include "exec/operators/operators.h"
#include "exec/vector_util.h"

namespace tarn::exec {

void QueryContext::CheckCancel() const {
  if (options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed))
    ThrowError(ErrorClass::kOperationCancelled);
}

OperatorPtr BuildOperator(const plan::PlanNode& node, QueryContext* query) {
  using plan::PlanKind;
  auto child = [&](size_t i) {
    TARN_CHECK(i < node.children.size() && node.children[i] != nullptr, "plan node is missing a child");
    return BuildOperator(*node.children[i], query);
  };
  switch (node.kind) {
    case PlanKind::kScan: return MakeScan(node, query);
    case PlanKind::kValues: return MakeValues(node, query);
    case PlanKind::kFilter: return MakeFilter(node, query, child(0));
    case PlanKind::kProject: return MakeProject(node, query, child(0));
    case PlanKind::kLimit: {
      // Limit over Sort: a top-N keeps only offset + limit rows.
      const plan::PlanNode& below = *node.children.at(0);
      if (node.limit >= 0 && below.kind == PlanKind::kSort) {
        TARN_CHECK(!below.children.empty(), "sort without a child");
        OperatorPtr top = MakeSort(below, query, BuildOperator(*below.children[0], query),
                                   node.limit + std::max<int64_t>(node.offset, 0));
        return MakeLimit(node, query, std::move(top));
      }
      return MakeLimit(node, query, child(0));
    }
    case PlanKind::kUnion: {
      std::vector<OperatorPtr> children;
      for (size_t i = 0; i < node.children.size(); ++i) children.push_back(child(i));
      return MakeUnion(node, query, std::move(children));
    }
    case PlanKind::kAggregate: return MakeAggregate(node, query, child(0));
    case PlanKind::kDistinct: return MakeDistinct(node, query, child(0));
    case PlanKind::kSetOperation: return MakeSetOperation(node, query, child(0), child(1));
    case PlanKind::kJoin:
      if (node.left_keys.empty()) return MakeNestedLoopJoin(node, query, child(0), child(1));
      return MakeHashJoin(node, query, child(0), child(1));
    case PlanKind::kSort: return MakeSort(node, query, child(0));
    case PlanKind::kWindow: return MakeWindow(node, query, child(0));
    case PlanKind::kGenerate: return MakeGenerate(node, query, child(0));
    case PlanKind::kExpand: return MakeExpand(node, query, child(0));
    case PlanKind::kSample: return MakeSample(node, query, child(0));
  }
  TARN_UNREACHABLE();
}

namespace {

// The root stream owns the query context and the operator tree.
class PlanStream : public BatchStream {
 public:
  PlanStream(plan::PlanPtr plan, const ExecOptions& options)
      : plan_(std::move(plan)), query_(std::make_unique<QueryContext>(options)),
        root_(BuildOperator(*plan_, query_.get())) {}

  bool Next(Batch* batch) override { return root_->Next(batch); }

 private:
  plan::PlanPtr plan_;
  std::unique_ptr<QueryContext> query_;
  OperatorPtr root_;
};

}  // namespace

std::unique_ptr<BatchStream> ExecutePlan(const plan::PlanPtr& plan, const ExecOptions& options) {
  TARN_CHECK(plan != nullptr, "no plan");
  return std::make_unique<PlanStream>(plan, options);
}

Batch ExecuteToBatch(const plan::PlanPtr& plan, const ExecOptions& options) {
  std::unique_ptr<BatchStream> stream = ExecutePlan(plan, options);
  std::vector<Batch> batches;
  Batch batch;
  while (stream->Next(&batch)) batches.push_back(batch);
  return ConcatBatches(plan->schema, batches);
}

}  // namespace tarn::exec
