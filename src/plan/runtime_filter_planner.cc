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
// null-extending joins on that side, no anti joins' build). An aggregate
// passes its grouping key columns: dropping a key's input rows drops just
// that key's group.
//
// Semi-join reduction of build sides: a join that drops unmatched build rows
// only needs the build rows whose key is among its probe keys. When its
// probe key is traced down its probe side to the build key of another hash
// join X, or to its probe key when X drops unmatched probe rows, every probe
// key is one of X's build keys, so X's runtime filter also applies to this
// join's build side (TPC-H q17: the selected parts filter lineitem before the
// average per part that the join above builds). X must then build first:
// OrderJoinBuilds.
#include "plan/runtime_filter_planner.h"

#include <algorithm>
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
    case JoinType::kLeftSemi: return true;         // either side's unmatched rows contribute nothing
    case JoinType::kLeftAnti: return build_left;   // probe = right: its rows only mark left rows out
    default: return false;  // full, build-right anti, null-aware anti, mark keep unmatched probe rows; cross has no keys
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

// The child column a grouping key column of an aggregate comes from
// (aggregate outputs are the grouping keys, then the aggregates; the final
// half of a split aggregate reads the partial half's keys).
bool GroupingKeySource(const PhysicalNode& aggregate, int column, int* child_column) {
  const PlanNode& logical = *aggregate.logical;
  if (logical.kind == PlanKind::kDistinct || aggregate.aggregate_mode == AggregateMode::kFinal) {
    if (logical.kind == PlanKind::kAggregate && static_cast<size_t>(column) >= logical.group_by.size()) return false;
    *child_column = column;
    return true;
  }
  if (logical.kind != PlanKind::kAggregate || static_cast<size_t>(column) >= logical.group_by.size()) return false;
  const Expr& key = *logical.group_by[column];
  if (key.kind != ExprKind::kColumnRef) return false;
  *child_column = key.column;
  return true;
}

// Where column `column` of `node` comes from unchanged, one operator down
// (child index and column there); false when it is computed or its rows may
// be created by the operator (see the file comment).
bool ColumnSource(const PhysicalNode& node, int column, size_t* child, int* child_column) {
  if (column < 0) return false;
  *child = 0;
  switch (node.kind) {
    case PhysicalKind::kFilter:
    case PhysicalKind::kExchange: *child_column = column; return true;
    case PhysicalKind::kProject: {
      const auto& exprs = node.logical->exprs;
      if (static_cast<size_t>(column) >= exprs.size() || !exprs[column] || exprs[column]->kind != ExprKind::kColumnRef)
        return false;
      *child_column = exprs[column]->column;
      return true;
    }
    case PhysicalKind::kHashAggregate: return GroupingKeySource(node, column, child_column);
    case PhysicalKind::kBroadcastHashJoin:
    case PhysicalKind::kShuffledHashJoin:
    case PhysicalKind::kBroadcastNestedLoopJoin:
    case PhysicalKind::kCartesianProduct: return JoinColumnSource(node, column, child, child_column);
    default: return false;  // sorts, limits, windows, unions, expands, ...: stop
  }
}

// The scan that produces `column` of `node` unchanged, with its position in
// the scan's output; null when the column is computed or its rows may be
// created by an operator in between.
const PhysicalNode* TraceToScan(const PhysicalNode& node, int column, int* scan_column) {
  // A shared subplan's result is read by several consumers: no one's filter may narrow it.
  if (node.shared) return nullptr;
  if (node.kind == PhysicalKind::kScan) {
    if (column < 0 || static_cast<size_t>(column) >= node.logical->schema.size()) return nullptr;
    *scan_column = column;
    return &node;
  }
  size_t child = 0;
  int child_column = 0;
  if (!ColumnSource(node, column, &child, &child_column)) return nullptr;
  return TraceToScan(*node.children.at(child), child_column, scan_column);
}

// A hash join below `node` whose key `*key` is `column` of `node` (passed
// through unchanged), so that the column's values are among that join's build
// keys: its build key itself (build rows reach the output only from a side
// that survives), or its probe key when it drops unmatched probe rows.
const PhysicalNode* TraceToFilteringJoin(const PhysicalNode& node, int column, size_t* key) {
  size_t child = 0;
  int child_column = 0;
  if (!ColumnSource(node, column, &child, &child_column)) return nullptr;
  bool from_probe = child == (node.build_side == BuildSide::kLeft ? 1u : 0u);
  if (IsHashJoin(node) && (!from_probe || ProbeRowsNeedMatch(node))) {
    const PlanNode& logical = *node.logical;
    const std::vector<ExprPtr>& keys = child == 0 ? logical.left_keys : logical.right_keys;
    for (size_t k = 0; k < keys.size(); ++k) {
      if (k < logical.null_safe.size() && logical.null_safe[k]) continue;
      if (keys[k]->kind == ExprKind::kColumnRef && keys[k]->column == child_column) {
        *key = k;
        return &node;
      }
    }
  }
  return TraceToFilteringJoin(*node.children.at(child), child_column, key);
}

// Whether the join drops build rows without a match (and a build row's
// presence matters only through its matches), so its build side may be
// reduced to the rows whose key is among its probe keys.
bool BuildRowsNeedMatch(const PhysicalNode& join) {
  bool build_left = join.build_side == BuildSide::kLeft;
  switch (join.logical->join_type) {
    case JoinType::kInner: return true;
    case JoinType::kLeft: return !build_left;  // build = right, dropped when unmatched
    case JoinType::kRight: return build_left;
    case JoinType::kLeftSemi: return true;
    case JoinType::kLeftAnti: return !build_left;  // a left build keeps its unmatched rows
    default: return false;  // full keeps unmatched build rows; NOT IN reads every build row; mark: left alone
  }
}

class RuntimeFilterPlanner {
 public:
  void Visit(PhysicalNode* node) {
    if (!visited_.insert(node).second) return;
    if (IsHashJoin(*node) && ProbeRowsNeedMatch(*node)) AddTargets(node);
    if (IsHashJoin(*node) && BuildRowsNeedMatch(*node)) AddBuildSideTargets(node);
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
      AddTarget(join, k, scan, scan_column);
    }
  }

  // Semi-join reduction of the join's build side by the runtime filter of a
  // join below its probe side (see the file comment).
  void AddBuildSideTargets(PhysicalNode* join) {
    const PlanNode& logical = *join->logical;
    bool build_left = join->build_side == BuildSide::kLeft;
    const std::vector<ExprPtr>& probe_keys = build_left ? logical.right_keys : logical.left_keys;
    const std::vector<ExprPtr>& build_keys = build_left ? logical.left_keys : logical.right_keys;
    const PhysicalNode& probe = *join->children.at(build_left ? 1 : 0);
    const PhysicalNode& build = *join->children.at(build_left ? 0 : 1);
    for (size_t k = 0; k < probe_keys.size(); ++k) {
      if (k < logical.null_safe.size() && logical.null_safe[k]) continue;
      const Expr& key = *probe_keys[k];
      const Expr& build_key = *build_keys.at(k);
      if (key.kind != ExprKind::kColumnRef || build_key.kind != ExprKind::kColumnRef || key.type.is_nested() ||
          key.type != build_key.type)
        continue;
      size_t producer_key = 0;
      const PhysicalNode* producer = TraceToFilteringJoin(probe, key.column, &producer_key);
      if (producer == nullptr) continue;
      const PlanNode& producer_logical = *producer->logical;
      const Expr& produced =
          *(producer->build_side == BuildSide::kLeft ? producer_logical.left_keys : producer_logical.right_keys)
               .at(producer_key);
      if (produced.type != build_key.type) continue;
      int scan_column = 0;
      const PhysicalNode* scan = TraceToScan(build, build_key.column, &scan_column);
      if (scan == nullptr) continue;
      AddTarget(Mutable(producer), producer_key, scan, scan_column);
    }
  }

  void AddTarget(PhysicalNode* join, size_t key, const PhysicalNode* scan, int scan_column) {
    for (const RuntimeFilterTarget& existing : scan->runtime_filters)
      if (existing.join == join && existing.key == key && existing.column == scan_column) return;
    RuntimeFilterTarget target;
    target.id = next_id_++;
    target.join = join;
    target.key = key;
    target.column = scan_column;
    const_cast<PhysicalNode*>(scan)->runtime_filters.push_back(target);
    join->runtime_filters.push_back(target);
  }

  static PhysicalNode* Mutable(const PhysicalNode* node) { return const_cast<PhysicalNode*>(node); }

  std::set<const PhysicalNode*> visited_;
  int next_id_ = 0;
};

// The joins whose runtime filters a scan under `node` reads.
void CollectFilterProducers(const PhysicalNode& node, std::set<const PhysicalNode*>* visited,
                            std::set<const PhysicalNode*>* producers) {
  if (!visited->insert(&node).second) return;
  for (const RuntimeFilterTarget& target : node.runtime_filters)
    if (node.kind == PhysicalKind::kScan) producers->insert(target.join);
  for (const PhysicalPtr& child : node.children) CollectFilterProducers(*child, visited, producers);
}

}  // namespace

std::vector<const PhysicalNode*> OrderJoinBuilds(const std::vector<const PhysicalNode*>& joins) {
  std::vector<std::set<const PhysicalNode*>> needs(joins.size());
  for (size_t j = 0; j < joins.size(); ++j) {
    std::set<const PhysicalNode*> visited, producers;
    const PhysicalNode& join = *joins[j];
    CollectFilterProducers(*join.children.at(join.build_side == BuildSide::kLeft ? 0 : 1), &visited, &producers);
    for (const PhysicalNode* other : joins)
      if (other != &join && producers.count(other)) needs[j].insert(other);
  }
  std::vector<const PhysicalNode*> order;
  std::vector<bool> placed(joins.size(), false);
  while (order.size() < joins.size()) {
    // The first join whose producers are all built; on a cycle, the first
    // left (its build then runs without that filter, which is only slower).
    size_t pick = joins.size();
    for (size_t j = 0; j < joins.size() && pick == joins.size(); ++j) {
      if (placed[j]) continue;
      bool ready = std::all_of(needs[j].begin(), needs[j].end(), [&](const PhysicalNode* p) {
        return std::find(order.begin(), order.end(), p) != order.end();
      });
      if (ready) pick = j;
    }
    if (pick == joins.size())
      pick = static_cast<size_t>(std::find(placed.begin(), placed.end(), false) - placed.begin());
    placed[pick] = true;
    order.push_back(joins[pick]);
  }
  return order;
}

void PlanRuntimeFilters(const PhysicalPtr& root) {
  RuntimeFilterPlanner planner;
  planner.Visit(const_cast<PhysicalNode*>(root.get()));
}

}  // namespace tarn::plan
