// The physical planner: one pass over the optimized logical plan that turns
// every logical node into the operator that runs it. Every physical decision
// is made here; the executor only follows them.
#include "plan/physical_plan.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <string>

#include "common/check.h"
#include "plan/adaptive_plan.h"
#include "plan/optimizer.h"
#include "plan/runtime_filter_planner.h"

namespace tarn::plan {
namespace {

// The join types whose operator can keep either input as its build side:
// unmatched rows of either side can be emitted. Semi, anti and mark joins
// build the right side unless BuildLeftSemiOrAnti.
bool EitherSideCanBuild(JoinType type) {
  return type == JoinType::kInner || type == JoinType::kLeft || type == JoinType::kRight || type == JoinType::kFull ||
         type == JoinType::kCross;
}

// A semi or anti join builds its left side when that is clearly the smaller
// (TPC-H q04: 574 k orders, not 38 M lineitem rows): the probe marks the
// build rows it matches, and the matched (semi) or unmatched (anti) ones are
// emitted once the probe is done (Spark / DuckDB's right semi / anti join).
// Not for NOT IN (null-aware anti) or mark joins.
bool BuildLeftSemiOrAnti(const PlanNode& join, const PlanNode& left, const PlanNode& right) {
  if (join.join_type != JoinType::kLeftSemi && join.join_type != JoinType::kLeftAnti) return false;
  if (join.left_keys.empty()) return false;
  return 2 * EstimateRows(left) < EstimateRows(right);
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
        if (PlanTopN(node, out.get())) return root ? Parallelize(out) : out;
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
    return root ? Parallelize(out) : out;
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
    build_left = build_left || BuildLeftSemiOrAnti(node, left, right);
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

  // --- Parallel pipelines -------------------------------------------------

  // The probe input of a hash join that can run once per worker against a
  // shared build: the join never emits unmatched build rows (those would
  // need every worker's matches), or is a semi / anti join building its left
  // side, whose workers mark shared flags and the last one emits the build
  // rows. Null when it cannot.
  static const PhysicalNode* ParallelProbe(const PhysicalNode& node) {
    if (node.kind != PhysicalKind::kBroadcastHashJoin && node.kind != PhysicalKind::kShuffledHashJoin) return nullptr;
    JoinType t = node.logical->join_type;
    bool build_left = node.build_side == BuildSide::kLeft;
    bool keeps_build = t == JoinType::kFull || (build_left ? t == JoinType::kLeft : t == JoinType::kRight);
    if (keeps_build || node.children.size() != 2) return nullptr;
    return node.children[build_left ? 1 : 0].get();
  }

  // A chain of streaming operators down to a table scan.
  static bool IsPipeline(const PhysicalNode& node) {
    switch (node.kind) {
      case PhysicalKind::kScan: return true;
      case PhysicalKind::kFilter:
      case PhysicalKind::kProject:
      case PhysicalKind::kExpand: return IsPipeline(*node.children.at(0));
      default: {
        const PhysicalNode* probe = ParallelProbe(node);
        return probe != nullptr && IsPipeline(*probe);
      }
    }
  }

  // An aggregate whose per-worker partial states merge (DISTINCT
  // aggregates would need their distinct sets merged too: not yet).
  static bool CanAggregatePartially(const PhysicalNode& node) {
    if (node.kind != PhysicalKind::kHashAggregate) return false;
    for (const AggregateCall& call : node.logical->aggregates)
      if (call.distinct) return false;
    return true;
  }

  static PhysicalPtr Exchange(PhysicalPtr pipeline) {
    auto exchange = std::make_shared<PhysicalNode>();
    exchange->kind = PhysicalKind::kExchange;
    exchange->logical = pipeline->logical;
    exchange->children.push_back(std::move(pipeline));
    return exchange;
  }

  // Puts an exchange on top of every maximal pipeline of the tree; an
  // aggregate over one splits into partial (in the pipeline) and final, a
  // top-N into per-worker top-N sorts and the final one.
  static PhysicalPtr Parallelize(const PhysicalPtr& node) {
    if (IsPipeline(*node)) return Exchange(InsidePipeline(node));
    if (node->kind == PhysicalKind::kTakeOrderedAndProject && IsPipeline(*node->children.at(0))) {
      // Each worker keeps its own top N rows (a local Sort with a limit);
      // the final top-N picks from those.
      auto partial = std::make_shared<PhysicalNode>();
      partial->kind = PhysicalKind::kSort;
      partial->logical = node->sort;
      partial->top_n = node->top_n;
      partial->subqueries = node->subqueries;
      partial->children = {InsidePipeline(node->children[0])};
      auto final_node = std::make_shared<PhysicalNode>(*node);
      final_node->children = {Exchange(partial)};
      return final_node;
    }
    if (CanAggregatePartially(*node) && IsPipeline(*node->children.at(0))) {
      auto partial = std::make_shared<PhysicalNode>(*node);
      partial->aggregate_mode = AggregateMode::kPartial;
      partial->children = {InsidePipeline(node->children[0])};
      auto final_node = std::make_shared<PhysicalNode>(*node);
      final_node->aggregate_mode = AggregateMode::kFinal;
      final_node->children = {Exchange(partial)};
      // The expressions (and their scalar subqueries) are evaluated by the
      // partial half; the final one only merges and finishes states.
      final_node->subqueries.clear();
      return final_node;
    }
    auto copy = std::make_shared<PhysicalNode>(*node);
    for (PhysicalPtr& child : copy->children) child = Parallelize(child);
    return copy;
  }

  // A pipeline node: its own chain stays, build sides of its joins are
  // planned as trees of their own (run once, before the workers start).
  static PhysicalPtr InsidePipeline(const PhysicalPtr& node) {
    if (node->children.empty()) return node;
    auto copy = std::make_shared<PhysicalNode>(*node);
    const PhysicalNode* probe = ParallelProbe(*node);
    for (PhysicalPtr& child : copy->children)
      child = probe == nullptr || child.get() == probe ? InsidePipeline(child) : Parallelize(child);
    return copy;
  }

  PhysicalPlanOptions options_;
};

// --- Subplan reuse ------------------------------------------------------------

// What makes two logical subplans produce the same rows: the same tree text
// (operators, expressions, columns), the same tables and VALUES rows (by
// identity: a view referenced twice shares them), the same column and
// expression types.
// Empty when the subplan must not be shared: something in it is not
// deterministic or runs a subquery.
std::string ReuseKey(const PlanNode& plan) {
  std::string identities;
  bool reusable = true;
  std::function<void(const PlanNode&)> visit = [&](const PlanNode& node) {
    ForEachExpression(node, [&](const Expr& e) {
      // Subqueries make a subplan unshareable; every expression's type joins
      // the key (EXPLAIN prints the literals 1 and '1' alike).
      std::function<bool(const Expr&)> check = [&](const Expr& x) {
        identities += x.type.ToString() + ";";
        if (x.kind == ExprKind::kScalarSubquery) return true;
        for (const ExprPtr& a : x.args)
          if (a && check(*a)) return true;
        return false;
      };
      if (!e.deterministic() || check(e)) reusable = false;
    });
    if (node.kind == PlanKind::kSample) reusable = false;
    char address[40];
    std::snprintf(address, sizeof(address), "%p;", static_cast<const void*>(node.table.get()));
    identities += address;
    for (const VectorPtr& v : node.values) {
      std::snprintf(address, sizeof(address), "%p;", static_cast<const void*>(v.get()));
      identities += address;
    }
    for (const Field& f : node.schema) identities += f.type.ToString() + ";";
    for (const PlanPtr& child : node.children) visit(*child);
  };
  visit(plan);
  if (!reusable) return "";
  return ExplainPlan(plan) + "\n" + identities;
}

// Finds aggregates (whole, or the final half of a split one) whose subplan
// appeared before — in the plan, children before a node's subqueries — and
// replaces each later copy by a ReusedExchange of the first, which becomes
// shared. Aggregates are where reuse pays (the work below them is what runs
// twice) and stop runtime filters from outside reaching into the subplan.
class SubplanReuse {
 public:
  void Visit(PhysicalPtr* slot) {
    const PhysicalNode& node = **slot;
    if (node.kind == PhysicalKind::kHashAggregate && node.aggregate_mode != AggregateMode::kPartial) {
      std::string key = ReuseKey(*node.logical);
      if (!key.empty()) {
        auto [it, first] = seen_.try_emplace(key, &node);
        if (!first) {
          const_cast<PhysicalNode*>(it->second)->shared = true;
          auto reused = std::make_shared<PhysicalNode>();
          reused->kind = PhysicalKind::kReusedExchange;
          reused->logical = node.logical;
          reused->reused = it->second;
          *slot = reused;
          return;
        }
      }
    }
    // Nodes of a plan being built are not shared yet: they may be completed in place.
    auto* mutable_node = const_cast<PhysicalNode*>(&node);
    for (PhysicalPtr& child : mutable_node->children) Visit(&child);
    for (PhysicalSubquery& sub : mutable_node->subqueries) Visit(&sub.plan);
  }

 private:
  std::map<std::string, const PhysicalNode*> seen_;
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
  // Before runtime filters: a filter planned into a shared subplan would
  // narrow the result every reader of it gets.
  if (options.reuse_subplans) SubplanReuse().Visit(&plan.root);
  if (options.runtime_filters) PlanRuntimeFilters(plan.root);
  plan.adaptive = options.adaptive && HasAdaptiveWork(*plan.root);
  if (plan.adaptive) plan.adaptive_broadcast_join_threshold = options.adaptive_broadcast_join_threshold;
  return plan;
}

}  // namespace tarn::plan
