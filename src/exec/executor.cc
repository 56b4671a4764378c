#include "exec/executor.h"

#include <chrono>

#include "common/check.h"
#include "common/error.h"
#include "exec/operator.h"
#include "exec/operators/operators.h"
#include "exec/query_profile.h"
#include "exec/vector_util.h"

namespace tarn::exec {

void QueryContext::CheckCancel() const {
  if (options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed))
    ThrowError(ErrorClass::kOperationCancelled);
}

// BuildOperator without the shared-subplan indirection: the operators that
// compute `node` itself.
OperatorPtr BuildUnsharedOperator(const plan::PhysicalNode& node, QueryContext* query);

namespace {

// Profiling: times every Next call of one physical node's operator(s) and
// counts what they return. Children are wrapped too, so a node's self time
// is its time minus theirs. Each operator instance counts on its own (the
// workers of a parallel pipeline each have one) and adds its counts to the
// node's when destroyed, after its workers have stopped.
class ProfiledOperator : public Operator {
 public:
  ProfiledOperator(OperatorPtr inner, const plan::PlanNode& node, QueryContext* query, OperatorStats* stats)
      : Operator(node, query), inner_(std::move(inner)), stats_(stats) {}

  ~ProfiledOperator() override {
    inner_.reset();  // its children flush first
    stats_->time_ns += own_.time_ns;
    stats_->rows_out += own_.rows_out;
    stats_->batches_out += own_.batches_out;
  }

  bool Next(Batch* batch) override {
    auto start = std::chrono::steady_clock::now();
    bool more = inner_->Next(batch);
    own_.time_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
    if (more) {
      own_.rows_out += static_cast<int64_t>(batch->num_rows());
      ++own_.batches_out;
    }
    return more;
  }

 private:
  OperatorPtr inner_;
  OperatorStats* stats_;
  OperatorStats own_;
};

// One operator per physical node (TakeOrderedAndProject: a top-N sort, a
// Project and the Limit); every choice (join strategy and build side, top-N)
// was made by the physical planner. `memory` (when profiling): the node's
// own tracker, given to the operator that holds memory.
OperatorPtr BuildNodeOperator(const plan::PhysicalNode& node, QueryContext* query, MemoryTracker* memory) {
  using plan::PhysicalKind;
  TARN_CHECK(node.logical != nullptr, "physical node without its logical node");
  const plan::PlanNode& logical = *node.logical;
  auto child = [&](size_t i) {
    TARN_CHECK(i < node.children.size() && node.children[i] != nullptr, "plan node is missing a child");
    return BuildOperator(*node.children[i], query);
  };
  switch (node.kind) {
    case PhysicalKind::kScan: {
      // In a parallel pipeline's worker: the tasks its exchange planned.
      auto tasks = query->scan_tasks.find(&node);
      return MakeScan(logical, query, tasks != query->scan_tasks.end() ? tasks->second : nullptr, &node);
    }
    case PhysicalKind::kLocalTableScan: return MakeValues(logical, query);
    case PhysicalKind::kFilter: return MakeFilter(logical, query, child(0));
    case PhysicalKind::kProject: return MakeProject(logical, query, child(0));
    case PhysicalKind::kHashAggregate:
      if (logical.kind == plan::PlanKind::kDistinct) return MakeDistinct(logical, query, child(0));
      if (node.aggregate_mode == plan::AggregateMode::kComplete) return MakeAggregate(logical, query, child(0));
      {
        // Both halves share the merge of the partial one (final → exchange → partial).
        const plan::PhysicalNode* partial = &node;
        if (node.aggregate_mode == plan::AggregateMode::kFinal) partial = node.children.at(0)->children.at(0).get();
        std::shared_ptr<AggregateMerge>& merge = query->aggregate_merges[partial];
        if (merge == nullptr) merge = MakeAggregateMerge();
        return MakeAggregate(logical, query, child(0), node.aggregate_mode, merge);
      }
    case PhysicalKind::kBroadcastHashJoin:
    case PhysicalKind::kShuffledHashJoin: {
      // In a parallel pipeline's worker the build side was built once by the
      // exchange: only the probe input is built here.
      auto shared = query->join_builds.find(&node);
      if (shared == query->join_builds.end())
        return MakeHashJoin(logical, query, node.build_side, child(0), child(1), nullptr, &node);
      bool build_left = node.build_side == plan::BuildSide::kLeft;
      return MakeHashJoin(logical, query, node.build_side, build_left ? nullptr : child(0),
                          build_left ? child(1) : nullptr, shared->second);
    }
    case PhysicalKind::kBroadcastNestedLoopJoin:
    case PhysicalKind::kCartesianProduct:
      return MakeNestedLoopJoin(logical, query, node.build_side, child(0), child(1));
    case PhysicalKind::kSort: return MakeSort(logical, query, child(0), node.top_n);
    case PhysicalKind::kTakeOrderedAndProject: {
      TARN_CHECK(node.sort != nullptr, "top-N without its sort");
      OperatorPtr top = MakeSort(*node.sort, query, child(0), node.top_n);
      top->set_memory(memory);
      if (node.project) top = MakeProject(*node.project, query, std::move(top));
      return MakeLimit(logical, query, std::move(top));
    }
    case PhysicalKind::kCollectLimit:
    case PhysicalKind::kGlobalLimit: return MakeLimit(logical, query, child(0));
    case PhysicalKind::kWindow: return MakeWindow(logical, query, child(0));
    case PhysicalKind::kGenerate: return MakeGenerate(logical, query, child(0));
    case PhysicalKind::kExpand: return MakeExpand(logical, query, child(0));
    case PhysicalKind::kUnion: {
      std::vector<OperatorPtr> children;
      for (size_t i = 0; i < node.children.size(); ++i) children.push_back(child(i));
      return MakeUnion(logical, query, std::move(children));
    }
    case PhysicalKind::kHashSetOperation: return MakeSetOperation(logical, query, child(0), child(1));
    case PhysicalKind::kSample: return MakeSample(logical, query, child(0));
    case PhysicalKind::kExchange: return MakeExchange(node, query);
    case PhysicalKind::kReusedExchange: {
      TARN_CHECK(node.reused != nullptr, "ReusedExchange without its subplan");
      const plan::PhysicalNode& source = *node.reused;
      return MakeSharedResult(source, query, [&source, query] { return BuildUnsharedOperator(source, query); });
    }
  }
  TARN_UNREACHABLE();
}

}  // namespace

void Operator::ReserveUnspillable(int64_t held, int64_t bytes, const std::string& what) {
  int64_t limit = query_->options.memory_limit;
  if (limit > 0 && held + bytes > limit) {
    ThrowError(ErrorClass::kMemoryLimitExceeded,
               {{"limit", std::to_string(limit) + " bytes"},
                {"message", what + " holds " + std::to_string(held) + " bytes, cannot spill, and needs " +
                                std::to_string(bytes) + " more"}});
  }
  memory().ForceReserve(bytes);
}

MemoryTracker& QueryContext::NodeMemory(const plan::PhysicalNode& node) {
  if (options.profile == nullptr) return memory;
  std::unique_ptr<OperatorMetrics>& node_metrics = metrics[&node];
  if (node_metrics == nullptr) node_metrics = std::make_unique<OperatorMetrics>(&memory);
  return node_metrics->memory;
}

OperatorPtr BuildOperator(const plan::PhysicalNode& node, QueryContext* query) {
  // A shared subplan is read like its ReusedExchanges: whoever comes first runs it.
  if (node.shared) return MakeSharedResult(node, query, [&node, query] { return BuildUnsharedOperator(node, query); });
  return BuildUnsharedOperator(node, query);
}

OperatorPtr BuildUnsharedOperator(const plan::PhysicalNode& node, QueryContext* query) {
  if (query->options.profile == nullptr) return BuildNodeOperator(node, query, nullptr);
  MemoryTracker* memory = &query->NodeMemory(node);
  OperatorPtr op = BuildNodeOperator(node, query, memory);
  op->set_memory(memory);
  return std::make_unique<ProfiledOperator>(std::move(op), *node.logical, query, &query->metrics[&node]->stats);
}

namespace {

void RegisterSubqueries(const plan::PhysicalNode& node, QueryContext* query) {
  for (const plan::PhysicalSubquery& sub : node.subqueries) {
    query->subquery_plans[sub.expr] = sub.plan.get();
    RegisterSubqueries(*sub.plan, query);
  }
  for (const plan::PhysicalPtr& child : node.children) RegisterSubqueries(*child, query);
}

// The root stream owns the query context and the operator tree.
class PlanStream : public BatchStream {
 public:
  PlanStream(plan::PhysicalPlan plan, const ExecOptions& options)
      : plan_(std::move(plan)), query_(std::make_unique<QueryContext>(options)) {
    RegisterSubqueries(*plan_.root, query_.get());
    root_ = BuildOperator(*plan_.root, query_.get());
  }

  bool Next(Batch* batch) override { return root_->Next(batch); }

  ~PlanStream() override {
    root_.reset();  // operators (and parallel workers) stop and flush their metrics first
    if (query_->options.profile == nullptr) return;
    QueryProfile& profile = *query_->options.profile;
    profile.plan = plan_;
    for (const auto& [node, metrics] : query_->metrics) {
      OperatorStats stats = metrics->stats;
      stats.peak_memory_bytes = metrics->memory.peak();
      stats.spill_bytes = metrics->memory.spilled();
      profile.operators[node] = stats;
    }
    profile.peak_memory_bytes = query_->memory.peak();
  }

 private:
  plan::PhysicalPlan plan_;
  std::unique_ptr<QueryContext> query_;
  OperatorPtr root_;
};

}  // namespace

std::unique_ptr<BatchStream> ExecutePlan(const plan::PlanPtr& plan, const ExecOptions& options) {
  TARN_CHECK(plan != nullptr, "no plan");
  return ExecutePhysicalPlan(plan::PlanPhysical(plan, options.planner), options);
}

std::unique_ptr<BatchStream> ExecutePhysicalPlan(plan::PhysicalPlan plan, const ExecOptions& options) {
  TARN_CHECK(plan.root != nullptr, "no physical plan");
  return std::make_unique<PlanStream>(std::move(plan), options);
}

Batch ExecuteToBatch(const plan::PlanPtr& plan, const ExecOptions& options) {
  std::unique_ptr<BatchStream> stream = ExecutePlan(plan, options);
  std::vector<Batch> batches;
  Batch batch;
  while (stream->Next(&batch)) batches.push_back(batch);
  return ConcatBatches(plan->schema, batches);
}

}  // namespace tarn::exec
