// Planning runtime filters: for every hash join whose probe side may drop
// rows that cannot match, each probe key that is a column followed down
// through filters, projections, exchanges and other joins to a table scan
// becomes a RuntimeFilterTarget on that scan.
//
// When a probe row without a build match is never emitted — inner joins, the
// null-producing side of an outer join, the left side of a semi join — a
// scan row whose key value is not among the build keys cannot contribute to
// the join's output, and neither can any row derived from it on the way up,
// as long as every operator in between passes the key column through
// unchanged and never turns a missing row into an output row (no
// aggregates, no null-extending joins on that side, no anti joins' build).
#include "plan/runtime_filter_planner.h"

#include <set>

namespace tarn::plan {
namespace {

bool IsHashJoin(const PhysicalNode& node) {
  return node.kind == PhysicalKind::kBroadcastHashJoin || node.kind == PhysicalKind::kShuffledHashJoin;
}

// Whether the join drops probe rows without a match, so a runtime filter on
// its probe side keeps its output unchanged.
bool ProbeRowsNeedMatch(const PhysicalNode& join) {
  bool build_left = join.build_side == BuildSide::kLeft;
  switch (join.logical->join_type) {
    case JoinType::kInner: return true;
    case JoinType::kLeft: return build_left;    // probe = right, the null-producing side
    case JoinType::kRight: return !build_left;  // probe = left, the null-producing side
    case JoinType::kLeftSemi: return !build_left;
    default: return false;  // full, anti, null-aware anti, mark keep unmatched probe rows; cross has no keys
  }
}

// Which child of a join holds output column `column`, and its position there,
// when that child's rows reach the output unchanged and only when they
// survive the join (never null-extended in place of a missing row).
bool JoinColumnSource(const PhysicalNode& join, int column, size_t* child, int* child_column) {
  const PlanNode& logical = *join.logical;
  int left_width = static_cast<int>(logical.children.at(0)->schema.size());
  JoinType type = logical.join_type;
  bool from_left = column < left_width;
  switch (type) {
    case JoinType::kInner: break;
    case JoinType::kLeft: if (!from_left) return false; break;   // right columns are null-extended
    case JoinType::kRight: if (from_left) return false; break;
    case JoinType::kLeftSemi:
    case JoinType::kLeftAnti:
    case JoinType::kNullAwareAnti:
    case JoinType::kMark: if (!from_left) return false; break;     // the mark column is computed
    default: return false;
  }
  *child = from_left ? 0 : 1;
  *child_column = from_left ? column : column - left_width;
  return true;
}

// The scan that produces `column` of `node` unchanged, with its position in
// the scan's output; null when the column is computed or its rows may be
// created by an operator in between.
const PhysicalNode* TraceToScan(const PhysicalNode& node, int column, int* scan_column) {
  if (column < 0) return nullptr;
  switch (node.kind) {
    case PhysicalKind::kScan:
      if (static_cast<size_t>(column) >= node.logical->schema.size()) return nullptr;
      *scan_column = column;
      return &node;
    case PhysicalKind::kFilter:
    case PhysicalKind::kExchange: return TraceToScan(*node.children.at(0), column, scan_column);
    case PhysicalKind::kProject: {
      const auto& exprs = node.logical->exprs;
      if (static_cast<size_t>(column) >= exprs.size() || !exprs[column] || exprs[column]->kind != ExprKind::kColumnRef)
        return nullptr;
      return TraceToScan(*node.children.at(0), exprs[column]->column, scan_column);
    }
    case PhysicalKind::kBroadcastHashJoin:
    case PhysicalKind::kShuffledHashJoin:
    case PhysicalKind::kBroadcastNestedLoopJoin:
    case PhysicalKind::kCartesianProduct: {
      size_t child = 0;
      int child_column = 0;
      if (!JoinColumnSource(node, column, &child, &child_column)) return nullptr;
      return TraceToScan(*node.children.at(child), child_column, scan_column);
    }
    default: return nullptr;  // aggregates, sorts, limits, windows, unions, ...: stop
  }
}

class RuntimeFilterPlanner {
 public:
  void Visit(PhysicalNode* node) {
    if (!visited_.insert(node).second) return;
    if (IsHashJoin(*node) && ProbeRowsNeedMatch(*node)) AddTargets(node);
    for (PhysicalSubquery& sub : node->subqueries) Visit(Mutable(sub.plan));
    for (PhysicalPtr& child : node->children) Visit(Mutable(child));
  }

 private:
  // Every node of a plan being built was created by this planning call and
  // is not shared yet: it may still be completed in place.
  static PhysicalNode* Mutable(const PhysicalPtr& node) { return const_cast<PhysicalNode*>(node.get()); }

  void AddTargets(PhysicalNode* join) {
    const PlanNode& logical = *join->logical;
    bool build_left = join->build_side == BuildSide::kLeft;
    const std::vector<ExprPtr>& probe_keys = build_left ? logical.right_keys : logical.left_keys;
    const PhysicalNode& probe = *join->children.at(build_left ? 1 : 0);
    for (size_t k = 0; k < probe_keys.size(); ++k) {
      // NULL matches NULL under <=>: the filter drops NULLs, so skip those keys.
      if (k < logical.null_safe.size() && logical.null_safe[k]) continue;
      const Expr& key = *probe_keys[k];
      const Expr& build_key = *(build_left ? logical.left_keys : logical.right_keys).at(k);
      if (key.kind != ExprKind::kColumnRef || key.type.is_nested() || key.type != build_key.type) continue;
      int scan_column = 0;
      const PhysicalNode* scan = TraceToScan(probe, key.column, &scan_column);
      if (scan == nullptr) continue;
      RuntimeFilterTarget target;
      target.id = next_id_++;
      target.join = join;
      target.key = k;
      target.column = scan_column;
      const_cast<PhysicalNode*>(scan)->runtime_filters.push_back(target);
      join->runtime_filters.push_back(target);
    }
  }

  std::set<const PhysicalNode*> visited_;
  int next_id_ = 0;
};

}  // namespace

void PlanRuntimeFilters(const PhysicalPtr& root) {
  RuntimeFilterPlanner planner;
  planner.Visit(const_cast<PhysicalNode*>(root.get()));
}

}  // namespace tarn::plan
