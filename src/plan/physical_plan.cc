// The physical planner: one pass over the optimized logical plan that turns
// every logical node into the operator that runs it. Every physical decision
// is made here; the executor only follows them.
#include "plan/physical_plan.h"

#include <algorithm>

#include "common/check.h"
#include "plan/optimizer.h"

namespace tarn::plan {
namespace {

// The join types whose operator can keep either input as its build side:
// unmatched rows of either side can be emitted. Semi, anti and mark joins
// always build the right side.
bool EitherSideCanBuild(JoinType type) {
  return type == JoinType::kInner || type == JoinType::kLeft || type == JoinType::kRight || type == JoinType::kFull ||
         type == JoinType::kCross;
}

bool InnerLike(JoinType type) { return type == JoinType::kInner || type == JoinType::kCross; }

class Planner {
 public:
  explicit Planner(const PhysicalPlanOptions& options) : options_(options) {}

  PhysicalPtr Plan(const PlanNode& node, bool root) {
    auto out = std::make_shared<PhysicalNode>();
    out->logical = &node;
    switch (node.kind) {
      case PlanKind::kScan: out->kind = PhysicalKind::kScan; break;
      case PlanKind::kValues: out->kind = PhysicalKind::kLocalTableScan; break;
      case PlanKind::kFilter: out->kind = PhysicalKind::kFilter; break;
      case PlanKind::kProject: out->kind = PhysicalKind::kProject; break;
      case PlanKind::kAggregate:
      case PlanKind::kDistinct: out->kind = PhysicalKind::kHashAggregate; break;
      case PlanKind::kJoin: PlanJoin(node, out.get()); break;
      case PlanKind::kSort: out->kind = PhysicalKind::kSort; break;
      case PlanKind::kLimit:
        if (PlanTopN(node, out.get())) return out;
        out->kind = root ? PhysicalKind::kCollectLimit : PhysicalKind::kGlobalLimit;
        break;
      case PlanKind::kUnion: out->kind = PhysicalKind::kUnion; break;
      case PlanKind::kSetOperation: out->kind = PhysicalKind::kHashSetOperation; break;
      case PlanKind::kWindow: out->kind = PhysicalKind::kWindow; break;
      case PlanKind::kGenerate: out->kind = PhysicalKind::kGenerate; break;
      case PlanKind::kExpand: out->kind = PhysicalKind::kExpand; break;
      case PlanKind::kSample: out->kind = PhysicalKind::kSample; break;
    }
    PlanSubqueries(node, out.get());
    for (const PlanPtr& child : node.children) {
      TARN_CHECK(child != nullptr, "plan node is missing a child");
      out->children.push_back(Plan(*child, /*root=*/false));
    }
    return out;
  }

 private:
  bool CanBroadcast(const PlanNode& side) const {
    int64_t threshold = options_.auto_broadcast_join_threshold;
    return threshold >= 0 && EstimateStatistics(side).size_in_bytes <= static_cast<double>(threshold);
  }

  // Build side: a query hint (broadcast_left) or, for inner joins, the side
  // with fewer estimated rows. Strategy: hash join with equi keys —
  // broadcast when the build side is within the threshold, else shuffled;
  // without keys a nested loop — broadcast when the build side is small or
  // the join is not inner-like (only inner joins have a cartesian form).
  void PlanJoin(const PlanNode& node, PhysicalNode* out) const {
    TARN_CHECK(node.children.size() == 2, "join without two inputs");
    const PlanNode& left = *node.children[0];
    const PlanNode& right = *node.children[1];
    bool build_left = EitherSideCanBuild(node.join_type) &&
                      (node.broadcast_left || (InnerLike(node.join_type) && EstimateRows(left) < EstimateRows(right)));
    out->build_side = build_left ? BuildSide::kLeft : BuildSide::kRight;
    bool small_build = CanBroadcast(build_left ? left : right);
    if (!node.left_keys.empty()) {
      out->kind = small_build ? PhysicalKind::kBroadcastHashJoin : PhysicalKind::kShuffledHashJoin;
    } else {
      out->kind = small_build || !InnerLike(node.join_type) ? PhysicalKind::kBroadcastNestedLoopJoin
                                                            : PhysicalKind::kCartesianProduct;
    }
  }

  // Limit over Sort, or over a Project over a Sort: a top-N sort keeps
  // limit + offset rows, the Project runs on those rows only (Spark's
  // TakeOrderedAndProject), and the limit skips the offset.
  bool PlanTopN(const PlanNode& limit, PhysicalNode* out) {
    if (limit.limit < 0 || limit.children.empty()) return false;
    const PlanNode* below = limit.children[0].get();
    const PlanNode* project = nullptr;
    if (below->kind == PlanKind::kProject && !below->children.empty()) {
      project = below;
      below = below->children[0].get();
    }
    if (below->kind != PlanKind::kSort || below->children.empty()) return false;
    out->kind = PhysicalKind::kTakeOrderedAndProject;
    out->sort = below;
    out->project = project;
    out->top_n = limit.limit + std::max<int64_t>(limit.offset, 0);
    PlanSubqueries(limit, out);
    PlanSubqueries(*below, out);
    if (project) PlanSubqueries(*project, out);
    out->children.push_back(Plan(*below->children[0], /*root=*/false));
    return true;
  }

  // Each scalar subquery is a plan of its own, with a root of its own.
  void PlanSubqueries(const PlanNode& node, PhysicalNode* out) {
    ForEachExpression(node, [&](const Expr& expr) { FindSubqueries(expr, out); });
  }

  void FindSubqueries(const Expr& expr, PhysicalNode* out) {
    if (expr.kind == ExprKind::kScalarSubquery && expr.subquery) {
      out->subqueries.push_back({&expr, Plan(*expr.subquery, /*root=*/true)});
    }
    for (const ExprPtr& arg : expr.args)
      if (arg) FindSubqueries(*arg, out);
  }

  PhysicalPlanOptions options_;
};

}  // namespace

void ForEachExpression(const PlanNode& node, const std::function<void(const Expr&)>& fn) {
  auto visit = [&](const ExprPtr& e) {
    if (e) fn(*e);
  };
  visit(node.condition);
  for (const ExprPtr& e : node.exprs) visit(e);
  for (const ExprPtr& e : node.group_by) visit(e);
  for (const AggregateCall& call : node.aggregates) {
    for (const ExprPtr& e : call.args) visit(e);
    visit(call.filter);
  }
  for (const ExprPtr& e : node.left_keys) visit(e);
  for (const ExprPtr& e : node.right_keys) visit(e);
  for (const SortKey& key : node.sort_keys) visit(key.expr);
  for (const WindowCall& call : node.windows) {
    for (const ExprPtr& e : call.args) visit(e);
    for (const ExprPtr& e : call.partition_by) visit(e);
    for (const SortKey& key : call.order_by) visit(key.expr);
    visit(call.frame.start.offset);
    visit(call.frame.end.offset);
  }
  for (const ExprPtr& e : node.generator_args) visit(e);
  for (const auto& projection : node.projections)
    for (const ExprPtr& e : projection) visit(e);
}

PhysicalPlan PlanPhysical(const PlanPtr& optimized, const PhysicalPlanOptions& options) {
  TARN_CHECK(optimized != nullptr, "no plan");
  Planner planner(options);
  PhysicalPlan plan;
  plan.logical = optimized;
  plan.root = planner.Plan(*optimized, /*root=*/true);
  return plan;
}

}  // namespace tarn::plan
