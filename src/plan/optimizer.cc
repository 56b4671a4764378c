#include "plan/optimizer.h"

#include <algorithm>
#include <functional>
#include <set>

#include "columnar/value_text.h"
#include "common/check.h"

namespace tarn::plan {
namespace {

using NodePtr = std::shared_ptr<PlanNode>;

NodePtr Copy(const PlanNode& node) { return std::make_shared<PlanNode>(node); }

void SplitAnd(const ExprPtr& e, std::vector<ExprPtr>* out) {
  if (e->kind == ExprKind::kAnd) {
    SplitAnd(e->args[0], out);
    SplitAnd(e->args[1], out);
  } else {
    out->push_back(e);
  }
}

ExprPtr AndAll(const std::vector<ExprPtr>& conjuncts) {
  ExprPtr result;
  for (const ExprPtr& c : conjuncts) result = result ? MakeExpr(ExprKind::kAnd, DataType::Boolean(), {result, c}) : c;
  return result;
}

void SplitOr(const ExprPtr& e, std::vector<ExprPtr>* out) {
  if (e->kind == ExprKind::kOr) {
    SplitOr(e->args[0], out);
    SplitOr(e->args[1], out);
  } else {
    out->push_back(e);
  }
}

// (a AND b) OR (a AND c) → a AND (b OR c): conjuncts every branch of a
// disjunction shares move out of it, so a join key inside an OR (TPC-H q19)
// becomes a join key.
ExprPtr FactorDisjunction(const ExprPtr& e) {
  if (e->kind != ExprKind::kOr || !e->deterministic()) return e;
  std::vector<ExprPtr> branches;
  SplitOr(e, &branches);
  std::vector<std::vector<ExprPtr>> conjuncts(branches.size());
  for (size_t i = 0; i < branches.size(); ++i) SplitAnd(branches[i], &conjuncts[i]);
  std::vector<ExprPtr> common;
  for (const ExprPtr& c : conjuncts[0]) {
    std::string text = ToString(*c);
    bool everywhere = true;
    for (size_t i = 1; i < conjuncts.size() && everywhere; ++i) {
      everywhere = false;
      for (const ExprPtr& d : conjuncts[i]) everywhere |= ToString(*d) == text;
    }
    bool seen = false;
    for (const ExprPtr& k : common) seen |= ToString(*k) == text;
    if (everywhere && !seen) common.push_back(c);
  }
  if (common.empty()) return e;
  ExprPtr rest;
  for (const auto& branch : conjuncts) {
    std::vector<ExprPtr> remaining;
    for (const ExprPtr& c : branch) {
      bool shared = false;
      for (const ExprPtr& k : common) shared |= ToString(*k) == ToString(*c);
      if (!shared) remaining.push_back(c);
    }
    // A branch left with nothing is TRUE: the whole disjunction is.
    if (remaining.empty()) return AndAll(common);
    ExprPtr b = AndAll(remaining);
    rest = rest ? MakeExpr(ExprKind::kOr, DataType::Boolean(), {rest, b}) : b;
  }
  common.push_back(rest);
  return AndAll(common);
}

std::vector<int> ColumnsOf(const Expr& e) {
  std::vector<int> out;
  CollectColumns(e, &out);
  return out;
}

bool HasSubquery(const Expr& e) {
  if (e.kind == ExprKind::kScalarSubquery) return true;
  for (const ExprPtr& a : e.args)
    if (HasSubquery(*a)) return true;
  return false;
}

// Replaces column references with the expressions they name (pushing a
// filter below a projection).
ExprPtr Inline(const ExprPtr& e, const std::vector<ExprPtr>& exprs) {
  if (e->kind == ExprKind::kColumnRef) return exprs[e->column];
  if (e->args.empty()) return e;
  auto copy = std::make_shared<Expr>(*e);
  for (ExprPtr& a : copy->args) a = Inline(a, exprs);
  return copy;
}

ExprPtr Shift(const ExprPtr& e, int delta) {
  if (e->kind == ExprKind::kColumnRef) {
    auto copy = std::make_shared<Expr>(*e);
    copy->column += delta;
    return copy;
  }
  if (e->args.empty()) return e;
  auto copy = std::make_shared<Expr>(*e);
  for (ExprPtr& a : copy->args) a = Shift(a, delta);
  return copy;
}

PlanPtr WithFilter(PlanPtr child, const std::vector<ExprPtr>& conjuncts) {
  if (conjuncts.empty()) return child;
  auto node = std::make_shared<PlanNode>();
  node->kind = PlanKind::kFilter;
  node->schema = child->schema;
  node->children = {std::move(child)};
  node->condition = AndAll(conjuncts);
  return node;
}

// --- 1. Predicate pushdown ---------------------------------------------------------

PlanPtr PushDown(const PlanPtr& plan, std::vector<ExprPtr> conjuncts);

PlanPtr PushChildren(const PlanPtr& plan) {
  auto node = Copy(*plan);
  for (PlanPtr& child : node->children) child = PushDown(child, {});
  return node;
}

std::optional<ScanFilter> ToScanFilter(const Expr& e) {
  if (e.kind == ExprKind::kIsNull || e.kind == ExprKind::kIsNotNull) {
    if (e.args[0]->kind != ExprKind::kColumnRef) return std::nullopt;
    return ScanFilter{e.args[0]->column, e.kind == ExprKind::kIsNull ? ScanFilter::Op::kIsNull : ScanFilter::Op::kIsNotNull, ""};
  }
  if (e.kind != ExprKind::kCall || e.args.size() != 2) return std::nullopt;
  static const std::pair<const char*, ScanFilter::Op> kOps[] = {
      {"=", ScanFilter::Op::kEq}, {"<", ScanFilter::Op::kLt}, {"<=", ScanFilter::Op::kLe},
      {">", ScanFilter::Op::kGt}, {">=", ScanFilter::Op::kGe}};
  static const std::pair<const char*, const char*> kFlip[] = {{"=", "="}, {"<", ">"}, {"<=", ">="}, {">", "<"}, {">=", "<="}};
  const Expr* column = e.args[0].get();
  const Expr* literal = e.args[1].get();
  std::string name = e.name;
  if (column->kind == ExprKind::kLiteral && literal->kind == ExprKind::kColumnRef) {
    std::swap(column, literal);
    for (const auto& [from, to] : kFlip)
      if (name == from) {
        name = to;
        break;
      }
  }
  if (column->kind != ExprKind::kColumnRef || literal->kind != ExprKind::kLiteral || literal->literal->IsNull(0)) return std::nullopt;
  if (column->type != literal->type || column->type.is_nested()) return std::nullopt;
  if (column->type.is_timestamp() || column->type.id() == TypeId::kFloat || column->type.id() == TypeId::kDouble) return std::nullopt;
  for (const auto& [op_name, op] : kOps) {
    if (name != op_name) continue;
    std::string text;
    SparkTextOptions options;
    options.binary_style = SparkTextOptions::BinaryStyle::kHex;
    AppendSparkText(*literal->literal, 0, &text, options);
    return ScanFilter{column->column, op, text};
  }
  return std::nullopt;
}

// The disjunction a disjunction of conjunctions implies for one join input:
// (a1 AND b1) OR (a2 AND b2) implies (a1 OR a2), where a1 and a2 are the
// conjuncts over that input only. Whenever the original is TRUE one branch is,
// and so is its part over the input, so rows for which the implied one is
// FALSE or NULL can never make the original TRUE: it may filter the input
// early while the original stays where it was (TPC-H q07's nation pair, q19's
// part and lineitem conditions). Null when a branch has no such conjunct.
ExprPtr ImpliedDisjunction(const ExprPtr& e, const std::function<bool(const Expr&)>& on_input) {
  if (e->kind != ExprKind::kOr || !e->deterministic() || HasSubquery(*e)) return nullptr;
  std::vector<ExprPtr> branches;
  SplitOr(e, &branches);
  ExprPtr implied;
  for (const ExprPtr& branch : branches) {
    std::vector<ExprPtr> conjuncts, mine;
    SplitAnd(branch, &conjuncts);
    for (const ExprPtr& c : conjuncts)
      if (!ColumnsOf(*c).empty() && on_input(*c)) mine.push_back(c);
    if (mine.empty()) return nullptr;
    ExprPtr part = AndAll(mine);
    implied = implied ? MakeExpr(ExprKind::kOr, DataType::Boolean(), {implied, part}) : part;
  }
  return implied;
}

// Whether `e` is NULL whenever every column `on_side` accepts is NULL: such
// a column, or a cast, arithmetic or comparison of one (they return NULL for
// a NULL input).
bool NullWhenSideNull(const Expr& e, const std::function<bool(int)>& on_side) {
  static const std::set<std::string> kNullPropagating = {"+", "-", "*", "/", "%", "=", "==", "<", "<=",
                                                          ">", ">=", "!=", "<>", "like"};
  switch (e.kind) {
    case ExprKind::kColumnRef: return on_side(e.column);
    case ExprKind::kCast: return NullWhenSideNull(*e.args[0], on_side);
    case ExprKind::kCall:
      if (!kNullPropagating.count(e.name)) return false;
      for (const ExprPtr& a : e.args)
        if (NullWhenSideNull(*a, on_side)) return true;
      return false;
    default: return false;
  }
}

// Whether a filter conjunct drops every row whose `on_side` columns are all
// NULL (its value there is NULL or FALSE).
bool RejectsNullSide(const Expr& c, const std::function<bool(int)>& on_side) {
  switch (c.kind) {
    case ExprKind::kAnd: return RejectsNullSide(*c.args[0], on_side) || RejectsNullSide(*c.args[1], on_side);
    case ExprKind::kOr: return RejectsNullSide(*c.args[0], on_side) && RejectsNullSide(*c.args[1], on_side);
    case ExprKind::kNot:
    case ExprKind::kIsNotNull:
    case ExprKind::kIn: return NullWhenSideNull(*c.args[0], on_side);
    default: return NullWhenSideNull(c, on_side);
  }
}

// Spark's EliminateOuterJoin: a filter above an outer join that drops the
// rows null-extended on one side makes that side's padding useless — LEFT
// becomes INNER, FULL becomes LEFT or RIGHT (or INNER). An inner join may
// build either side and carries runtime filters both ways (TPC-H q20's
// decorrelated subquery: ps_availqty > 0.5 * sum(l_quantity)).
JoinType WithoutRejectedNullSides(const PlanNode& join, const std::vector<ExprPtr>& conjuncts) {
  JoinType type = join.join_type;
  if (type != JoinType::kLeft && type != JoinType::kRight && type != JoinType::kFull) return type;
  const int left_width = static_cast<int>(join.children[0]->schema.size());
  bool rejects_left = false, rejects_right = false;
  for (const ExprPtr& c : conjuncts) {
    rejects_left |= RejectsNullSide(*c, [&](int col) { return col < left_width; });
    rejects_right |= RejectsNullSide(*c, [&](int col) { return col >= left_width; });
  }
  bool left_padded = type == JoinType::kRight || type == JoinType::kFull;
  bool right_padded = type == JoinType::kLeft || type == JoinType::kFull;
  if (rejects_left) left_padded = false;
  if (rejects_right) right_padded = false;
  if (left_padded && right_padded) return JoinType::kFull;
  if (right_padded) return JoinType::kLeft;
  if (left_padded) return JoinType::kRight;
  return JoinType::kInner;
}

PlanPtr PushIntoJoin(const PlanNode& join, std::vector<ExprPtr> conjuncts) {
  if (JoinType type = WithoutRejectedNullSides(join, conjuncts); type != join.join_type) {
    PlanNode narrowed = join;
    narrowed.join_type = type;
    return PushIntoJoin(narrowed, std::move(conjuncts));
  }
  auto node = Copy(join);
  int left_width = static_cast<int>(join.children[0]->schema.size());
  std::vector<ExprPtr> to_left, to_right, keep, join_conds;
  bool inner = join.join_type == JoinType::kInner || join.join_type == JoinType::kCross;
  bool left_preserving = join.join_type == JoinType::kLeft || join.join_type == JoinType::kLeftSemi ||
                         join.join_type == JoinType::kLeftAnti || join.join_type == JoinType::kNullAwareAnti ||
                         join.join_type == JoinType::kMark;
  auto side = [&](const ExprPtr& c) {
    std::vector<int> cols = ColumnsOf(*c);
    bool uses_left = false, uses_right = false;
    for (int col : cols) (col < left_width ? uses_left : uses_right) = true;
    return std::pair{uses_left, uses_right};
  };
  auto only_left = [&](const Expr& c) {
    for (int col : ColumnsOf(c))
      if (col >= left_width) return false;
    return true;
  };
  auto only_right = [&](const Expr& c) {
    for (int col : ColumnsOf(c))
      if (col < left_width) return false;
    return true;
  };
  // A condition over both inputs that is a disjunction also filters each
  // input by what it implies there, where a filter on that input may go.
  auto derive = [&](const ExprPtr& c, bool left_ok, bool right_ok) {
    if (left_ok)
      if (ExprPtr implied = ImpliedDisjunction(c, only_left)) to_left.push_back(implied);
    if (right_ok)
      if (ExprPtr implied = ImpliedDisjunction(c, only_right)) to_right.push_back(Shift(implied, -left_width));
  };
  // Filters above the join.
  for (const ExprPtr& c : conjuncts) {
    auto [l, r] = side(c);
    bool safe = c->deterministic() && !HasSubquery(*c);
    if (safe && !r && (inner || left_preserving)) to_left.push_back(c);
    else if (safe && !l && inner) to_right.push_back(Shift(c, -left_width));
    else if (safe && inner) join_conds.push_back(c);
    else keep.push_back(c);
    if (safe && l && r) derive(c, inner || left_preserving, inner);
  }
  // The join's own condition.
  if (join.condition) {
    std::vector<ExprPtr> own;
    SplitAnd(FactorDisjunction(join.condition), &own);
    for (const ExprPtr& c : own) {
      auto [l, r] = side(c);
      bool safe = c->deterministic() && !HasSubquery(*c);
      bool right_filterable = inner || join.join_type == JoinType::kLeft || join.join_type == JoinType::kLeftSemi ||
                              join.join_type == JoinType::kLeftAnti;
      if (safe && inner && !r && l) to_left.push_back(c);
      else if (safe && right_filterable && !l && r)
        to_right.push_back(Shift(c, -left_width));
      else join_conds.push_back(c);
      if (safe && l && r) derive(c, inner, right_filterable);
    }
  }
  node->children[0] = PushDown(join.children[0], to_left);
  node->children[1] = PushDown(join.children[1], to_right);
  if (join.join_type == JoinType::kCross && !join_conds.empty()) node->join_type = JoinType::kInner;
  node->condition = AndAll(join_conds);
  return WithFilter(node, keep);
}

PlanPtr PushDown(const PlanPtr& plan, std::vector<ExprPtr> conjuncts) {
  switch (plan->kind) {
    case PlanKind::kFilter: {
      SplitAnd(FactorDisjunction(plan->condition), &conjuncts);
      return PushDown(plan->children[0], std::move(conjuncts));
    }
    case PlanKind::kProject: {
      std::vector<ExprPtr> below, keep;
      for (const ExprPtr& c : conjuncts) {
        bool ok = c->deterministic() && !HasSubquery(*c);
        for (int col : ColumnsOf(*c)) {
          const Expr& source = *plan->exprs[col];
          ok = ok && source.deterministic() && !HasSubquery(source);
        }
        (ok ? below : keep).push_back(ok ? Inline(c, plan->exprs) : c);
      }
      auto node = Copy(*plan);
      node->children[0] = PushDown(plan->children[0], std::move(below));
      return WithFilter(node, keep);
    }
    case PlanKind::kJoin: return PushIntoJoin(*plan, std::move(conjuncts));
    case PlanKind::kAggregate: {
      // Predicates on plain group-key columns filter the input instead.
      std::vector<ExprPtr> below, keep;
      int keys = static_cast<int>(plan->group_by.size());
      for (const ExprPtr& c : conjuncts) {
        bool ok = c->deterministic() && !HasSubquery(*c) && !plan->group_by.empty();
        for (int col : ColumnsOf(*c)) ok = ok && col < keys && plan->group_by[col]->deterministic();
        (ok ? below : keep).push_back(ok ? Inline(c, plan->group_by) : c);
      }
      auto node = Copy(*plan);
      node->children[0] = PushDown(plan->children[0], std::move(below));
      return WithFilter(node, keep);
    }
    case PlanKind::kSort:
    case PlanKind::kDistinct: {
      std::vector<ExprPtr> below, keep;
      for (const ExprPtr& c : conjuncts) (c->deterministic() && !HasSubquery(*c) ? below : keep).push_back(c);
      auto node = Copy(*plan);
      node->children[0] = PushDown(plan->children[0], std::move(below));
      return WithFilter(node, keep);
    }
    case PlanKind::kUnion: {
      std::vector<ExprPtr> below, keep;
      for (const ExprPtr& c : conjuncts) (c->deterministic() && !HasSubquery(*c) ? below : keep).push_back(c);
      auto node = Copy(*plan);
      for (PlanPtr& child : node->children) child = PushDown(child, below);
      return WithFilter(node, keep);
    }
    case PlanKind::kScan: {
      auto node = Copy(*plan);
      for (const ExprPtr& c : conjuncts) {
        auto filter = ToScanFilter(*c);
        if (!filter) continue;
        filter->column = plan->scan_columns[filter->column];
        node->scan_filters.push_back(*filter);
      }
      return WithFilter(node, conjuncts);
    }
    default:
      return WithFilter(PushChildren(plan), conjuncts);
  }
}

// --- 2. Join planning -------------------------------------------------------------

// Inner joins flattened: leaves with their column offsets in the original
// output, and every condition over that output.
struct JoinGraph {
  std::vector<PlanPtr> leaves;
  std::vector<int> offsets;
  std::vector<ExprPtr> conditions;
};

bool IsInnerJoin(const PlanNode& node) {
  return node.kind == PlanKind::kJoin && (node.join_type == JoinType::kInner || node.join_type == JoinType::kCross) &&
         node.left_keys.empty();
}

void Flatten(const PlanPtr& plan, int offset, JoinGraph* graph) {
  if (IsInnerJoin(*plan)) {
    int left_width = static_cast<int>(plan->children[0]->schema.size());
    Flatten(plan->children[0], offset, graph);
    Flatten(plan->children[1], offset + left_width, graph);
    if (plan->condition) {
      std::vector<ExprPtr> conjuncts;
      SplitAnd(plan->condition, &conjuncts);
      for (const ExprPtr& c : conjuncts) graph->conditions.push_back(Shift(c, offset));
    }
    return;
  }
  graph->leaves.push_back(plan);
  graph->offsets.push_back(offset);
}

PlanPtr PlanJoins(const PlanPtr& plan);

// Splits a join condition into hash keys and a residual.
void ExtractKeys(PlanNode* join) {
  if (!join->condition) return;
  int left_width = static_cast<int>(join->children[0]->schema.size());
  std::vector<ExprPtr> conjuncts, residual;
  SplitAnd(join->condition, &conjuncts);
  for (const ExprPtr& c : conjuncts) {
    if (c->kind == ExprKind::kCall && (c->name == "=" || c->name == "==" || c->name == "<=>") && c->args.size() == 2 &&
        c->deterministic() && !HasSubquery(*c)) {
      std::vector<int> a = ColumnsOf(*c->args[0]), b = ColumnsOf(*c->args[1]);
      auto all_left = [&](const std::vector<int>& cols) {
        return !cols.empty() && std::all_of(cols.begin(), cols.end(), [&](int x) { return x < left_width; });
      };
      auto all_right = [&](const std::vector<int>& cols) {
        return !cols.empty() && std::all_of(cols.begin(), cols.end(), [&](int x) { return x >= left_width; });
      };
      const ExprPtr* left = nullptr;
      const ExprPtr* right = nullptr;
      if (all_left(a) && all_right(b)) left = &c->args[0], right = &c->args[1];
      else if (all_left(b) && all_right(a)) left = &c->args[1], right = &c->args[0];
      if (left) {
        join->left_keys.push_back(*left);
        join->right_keys.push_back(Shift(*right, -left_width));
        join->null_safe.push_back(c->name == "<=>");
        continue;
      }
    }
    residual.push_back(c);
  }
  join->condition = AndAll(residual);
  if (join->join_type == JoinType::kCross && !join->left_keys.empty()) join->join_type = JoinType::kInner;
}

PlanPtr ReorderInnerJoins(const PlanPtr& plan) {
  JoinGraph graph;
  Flatten(plan, 0, &graph);
  for (PlanPtr& leaf : graph.leaves) leaf = PlanJoins(leaf);
  size_t n = graph.leaves.size();
  std::vector<int> widths;
  for (const PlanPtr& leaf : graph.leaves) widths.push_back(static_cast<int>(leaf->schema.size()));
  auto leaf_of = [&](int column) {
    for (size_t i = n; i-- > 0;)
      if (column >= graph.offsets[i]) return static_cast<int>(i);
    return 0;
  };
  std::vector<std::set<int>> cond_leaves;
  for (const ExprPtr& c : graph.conditions) {
    std::set<int> leaves;
    for (int col : ColumnsOf(*c)) leaves.insert(leaf_of(col));
    cond_leaves.push_back(leaves);
  }
  // Greedy: start with the first leaf; add the first remaining leaf that an
  // equality condition connects to what is joined so far.
  std::vector<int> order = {0};
  std::vector<bool> used(n, false);
  used[0] = true;
  while (order.size() < n) {
    int pick = -1;
    for (size_t i = 0; i < n && pick < 0; ++i) {
      if (used[i]) continue;
      for (size_t c = 0; c < graph.conditions.size(); ++c) {
        const std::set<int>& ls = cond_leaves[c];
        if (!ls.count(static_cast<int>(i)) || ls.size() < 2) continue;
        bool connects = std::all_of(ls.begin(), ls.end(), [&](int l) { return l == static_cast<int>(i) || used[l]; });
        if (connects) {
          pick = static_cast<int>(i);
          break;
        }
      }
    }
    if (pick < 0)
      for (size_t i = 0; i < n && pick < 0; ++i)
        if (!used[i]) pick = static_cast<int>(i);
    used[pick] = true;
    order.push_back(pick);
  }
  // New position of every original column.
  std::vector<int> new_offset(n);
  int total = 0;
  for (int leaf : order) {
    new_offset[leaf] = total;
    total += widths[leaf];
  }
  auto remap = [&](const ExprPtr& e) {
    std::vector<int> mapping(total, -1);
    for (size_t leaf = 0; leaf < n; ++leaf)
      for (int k = 0; k < widths[leaf]; ++k) mapping[graph.offsets[leaf] + k] = new_offset[leaf] + k;
    return RemapColumns(e, mapping);
  };
  std::vector<bool> placed(graph.conditions.size(), false);
  std::set<int> joined = {order[0]};
  PlanPtr current = graph.leaves[order[0]];
  for (size_t step = 1; step < n; ++step) {
    int leaf = order[step];
    joined.insert(leaf);
    auto node = std::make_shared<PlanNode>();
    node->kind = PlanKind::kJoin;
    node->join_type = JoinType::kInner;
    node->children = {current, graph.leaves[leaf]};
    node->schema = JoinOutputSchema(JoinType::kInner, current->schema, graph.leaves[leaf]->schema);
    std::vector<ExprPtr> conds;
    for (size_t c = 0; c < graph.conditions.size(); ++c) {
      if (placed[c]) continue;
      if (std::all_of(cond_leaves[c].begin(), cond_leaves[c].end(), [&](int l) { return joined.count(l) > 0; })) {
        conds.push_back(remap(graph.conditions[c]));
        placed[c] = true;
      }
    }
    node->condition = AndAll(conds);
    if (!node->condition) node->join_type = JoinType::kCross;
    ExtractKeys(node.get());
    current = node;
  }
  std::vector<ExprPtr> leftover;
  for (size_t c = 0; c < graph.conditions.size(); ++c)
    if (!placed[c]) leftover.push_back(remap(graph.conditions[c]));
  current = WithFilter(current, leftover);
  // Restore the original column order above the reordered joins.
  std::vector<ExprPtr> exprs;
  Schema schema;
  for (size_t leaf = 0; leaf < n; ++leaf) {
    for (int k = 0; k < widths[leaf]; ++k) {
      const Field& f = graph.leaves[leaf]->schema[k];
      exprs.push_back(ColumnRef(new_offset[leaf] + k, f.type, f.nullable));
      schema.push_back(f);
    }
  }
  bool identity = true;
  for (size_t i = 0; i < exprs.size(); ++i) identity &= exprs[i]->column == static_cast<int>(i);
  if (identity) return current;
  auto project = std::make_shared<PlanNode>();
  project->kind = PlanKind::kProject;
  project->children = {current};
  project->exprs = std::move(exprs);
  project->schema = plan->schema;
  return project;
}

PlanPtr PlanJoins(const PlanPtr& plan) {
  if (IsInnerJoin(*plan)) return ReorderInnerJoins(plan);
  auto node = Copy(*plan);
  for (PlanPtr& child : node->children) child = PlanJoins(child);
  if (node->kind == PlanKind::kJoin && node->left_keys.empty()) ExtractKeys(node.get());
  return node;
}

// --- 3. Column pruning ---------------------------------------------------------------

struct Pruned {
  PlanPtr plan;
  std::vector<int> mapping;  // old output column → new output column (-1: dropped)
};

Pruned Prune(const PlanPtr& plan, const std::vector<bool>& required);

Pruned KeepAll(const PlanPtr& plan) {
  auto node = Copy(*plan);
  for (PlanPtr& child : node->children) child = Prune(child, std::vector<bool>(child->schema.size(), true)).plan;
  std::vector<int> identity(plan->schema.size());
  for (size_t i = 0; i < identity.size(); ++i) identity[i] = static_cast<int>(i);
  return {node, identity};
}

void Require(const Expr& e, std::vector<bool>* required, int offset = 0) {
  for (int col : ColumnsOf(e))
    if (col - offset >= 0 && col - offset < static_cast<int>(required->size())) (*required)[col - offset] = true;
}

// Subquery plans inside expressions are optimized on their own.
ExprPtr OptimizeSubqueries(const ExprPtr& e) {
  if (!e) return e;
  bool changed = false;
  auto copy = std::make_shared<Expr>(*e);
  if (e->kind == ExprKind::kScalarSubquery && e->subquery) {
    copy->subquery = Optimize(e->subquery);
    changed = true;
  }
  for (ExprPtr& a : copy->args) {
    ExprPtr n = OptimizeSubqueries(a);
    if (n != a) {
      a = n;
      changed = true;
    }
  }
  return changed ? copy : e;
}

Pruned Prune(const PlanPtr& plan, const std::vector<bool>& required) {
  switch (plan->kind) {
    case PlanKind::kScan: {
      auto node = Copy(*plan);
      node->scan_columns.clear();
      node->schema.clear();
      std::vector<int> mapping(plan->schema.size(), -1);
      for (size_t i = 0; i < plan->schema.size(); ++i) {
        if (!required[i]) continue;
        mapping[i] = static_cast<int>(node->scan_columns.size());
        node->scan_columns.push_back(plan->scan_columns[i]);
        node->schema.push_back(plan->schema[i]);
      }
      if (node->scan_columns.empty() && !plan->scan_columns.empty()) {
        // Row counts still matter (count(*)): read the first column.
        node->scan_columns.push_back(plan->scan_columns[0]);
        node->schema.push_back(plan->schema[0]);
      }
      return {node, mapping};
    }
    case PlanKind::kProject: {
      auto node = Copy(*plan);
      node->exprs.clear();
      node->schema.clear();
      std::vector<int> mapping(plan->schema.size(), -1);
      std::vector<bool> child_required(plan->children[0]->schema.size(), false);
      for (size_t i = 0; i < plan->exprs.size(); ++i) {
        if (!required[i]) continue;
        mapping[i] = static_cast<int>(node->exprs.size());
        node->exprs.push_back(plan->exprs[i]);
        node->schema.push_back(plan->schema[i]);
        Require(*plan->exprs[i], &child_required);
      }
      Pruned child = Prune(plan->children[0], child_required);
      node->children[0] = child.plan;
      for (ExprPtr& e : node->exprs) e = OptimizeSubqueries(RemapColumns(e, child.mapping));
      return {node, mapping};
    }
    case PlanKind::kFilter: {
      std::vector<bool> child_required = required;
      Require(*plan->condition, &child_required);
      Pruned child = Prune(plan->children[0], child_required);
      auto node = Copy(*plan);
      node->children[0] = child.plan;
      node->condition = OptimizeSubqueries(RemapColumns(plan->condition, child.mapping));
      node->schema = child.plan->schema;
      return {node, child.mapping};
    }
    case PlanKind::kJoin: {
      int left_width = static_cast<int>(plan->children[0]->schema.size());
      int right_width = static_cast<int>(plan->children[1]->schema.size());
      std::vector<bool> left_required(left_width, false), right_required(right_width, false);
      bool has_right_output = plan->join_type != JoinType::kLeftSemi && plan->join_type != JoinType::kLeftAnti &&
                              plan->join_type != JoinType::kNullAwareAnti && plan->join_type != JoinType::kMark;
      for (int i = 0; i < left_width; ++i) left_required[i] = required[i];
      if (has_right_output)
        for (int i = 0; i < right_width; ++i) right_required[i] = required[left_width + i];
      for (const ExprPtr& k : plan->left_keys) Require(*k, &left_required);
      for (const ExprPtr& k : plan->right_keys) Require(*k, &right_required);
      if (plan->condition) {
        Require(*plan->condition, &left_required);
        Require(*plan->condition, &right_required, left_width);
      }
      Pruned left = Prune(plan->children[0], left_required);
      Pruned right = Prune(plan->children[1], right_required);
      int new_left_width = static_cast<int>(left.plan->schema.size());
      std::vector<int> combined(left_width + right_width, -1);
      for (int i = 0; i < left_width; ++i) combined[i] = left.mapping[i];
      for (int i = 0; i < right_width; ++i)
        combined[left_width + i] = right.mapping[i] < 0 ? -1 : new_left_width + right.mapping[i];
      auto node = Copy(*plan);
      node->children = {left.plan, right.plan};
      for (ExprPtr& k : node->left_keys) k = RemapColumns(k, left.mapping);
      for (ExprPtr& k : node->right_keys) k = RemapColumns(k, right.mapping);
      if (node->condition) node->condition = RemapColumns(node->condition, combined);
      node->schema = JoinOutputSchema(plan->join_type, left.plan->schema, right.plan->schema);
      std::vector<int> mapping(plan->schema.size(), -1);
      for (int i = 0; i < left_width; ++i) mapping[i] = left.mapping[i];
      if (has_right_output) {
        for (int i = 0; i < right_width; ++i) mapping[left_width + i] = combined[left_width + i];
      } else if (plan->join_type == JoinType::kMark) {
        mapping[left_width] = new_left_width;
      }
      // Nullability of the output follows the original schema.
      for (size_t i = 0; i < plan->schema.size(); ++i)
        if (mapping[i] >= 0) node->schema[mapping[i]].nullable = plan->schema[i].nullable;
      return {node, mapping};
    }
    case PlanKind::kAggregate: {
      auto node = Copy(*plan);
      int keys = static_cast<int>(plan->group_by.size());
      std::vector<bool> child_required(plan->children[0]->schema.size(), false);
      for (const ExprPtr& g : plan->group_by) Require(*g, &child_required);
      node->aggregates.clear();
      node->schema.assign(plan->schema.begin(), plan->schema.begin() + keys);
      std::vector<int> mapping(plan->schema.size(), -1);
      for (int i = 0; i < keys; ++i) mapping[i] = i;
      for (size_t a = 0; a < plan->aggregates.size(); ++a) {
        if (!required[keys + a]) continue;
        mapping[keys + a] = static_cast<int>(node->schema.size());
        node->aggregates.push_back(plan->aggregates[a]);
        node->schema.push_back(plan->schema[keys + a]);
        for (const ExprPtr& arg : plan->aggregates[a].args) Require(*arg, &child_required);
        if (plan->aggregates[a].filter) Require(*plan->aggregates[a].filter, &child_required);
      }
      Pruned child = Prune(plan->children[0], child_required);
      node->children[0] = child.plan;
      for (ExprPtr& g : node->group_by) g = RemapColumns(g, child.mapping);
      for (AggregateCall& call : node->aggregates) {
        for (ExprPtr& arg : call.args) arg = RemapColumns(arg, child.mapping);
        if (call.filter) call.filter = RemapColumns(call.filter, child.mapping);
      }
      return {node, mapping};
    }
    case PlanKind::kSort:
    case PlanKind::kLimit:
    case PlanKind::kSample: {
      std::vector<bool> child_required = required;
      for (const SortKey& k : plan->sort_keys) Require(*k.expr, &child_required);
      Pruned child = Prune(plan->children[0], child_required);
      auto node = Copy(*plan);
      node->children[0] = child.plan;
      for (SortKey& k : node->sort_keys) k.expr = RemapColumns(k.expr, child.mapping);
      node->schema = child.plan->schema;
      return {node, child.mapping};
    }
    case PlanKind::kWindow: {
      // Output: the input columns, then one column per window call. Calls
      // nobody reads are dropped; the input keeps what the rest reads.
      const int input_width = static_cast<int>(plan->children[0]->schema.size());
      std::vector<bool> child_required(required.begin(), required.begin() + input_width);
      std::vector<size_t> kept;
      for (size_t w = 0; w < plan->windows.size(); ++w) {
        if (!required[input_width + w]) continue;
        kept.push_back(w);
        const WindowCall& call = plan->windows[w];
        for (const ExprPtr& arg : call.args) Require(*arg, &child_required);
        for (const ExprPtr& key : call.partition_by) Require(*key, &child_required);
        for (const SortKey& key : call.order_by) Require(*key.expr, &child_required);
        for (const FrameBound* bound : {&call.frame.start, &call.frame.end})
          if (bound->offset) Require(*bound->offset, &child_required);
      }
      Pruned child = Prune(plan->children[0], child_required);
      if (kept.empty()) {
        child.mapping.resize(plan->schema.size(), -1);
        return child;
      }
      auto node = Copy(*plan);
      node->children[0] = child.plan;
      node->schema = child.plan->schema;
      node->windows.clear();
      std::vector<int> mapping(plan->schema.size(), -1);
      for (int i = 0; i < input_width; ++i) mapping[i] = child.mapping[i];
      for (size_t w : kept) {
        WindowCall call = plan->windows[w];
        for (ExprPtr& arg : call.args) arg = RemapColumns(arg, child.mapping);
        for (ExprPtr& key : call.partition_by) key = RemapColumns(key, child.mapping);
        for (SortKey& key : call.order_by) key.expr = RemapColumns(key.expr, child.mapping);
        for (FrameBound* bound : {&call.frame.start, &call.frame.end})
          if (bound->offset) bound->offset = RemapColumns(bound->offset, child.mapping);
        mapping[input_width + w] = static_cast<int>(node->schema.size());
        node->schema.push_back(plan->schema[input_width + w]);
        node->windows.push_back(std::move(call));
      }
      return {node, mapping};
    }
    case PlanKind::kGenerate: {
      // Output: the input columns, then the generator's columns (all kept:
      // the generator produces them together).
      const int input_width = static_cast<int>(plan->children[0]->schema.size());
      std::vector<bool> child_required(required.begin(), required.begin() + input_width);
      for (const ExprPtr& arg : plan->generator_args) Require(*arg, &child_required);
      Pruned child = Prune(plan->children[0], child_required);
      auto node = Copy(*plan);
      node->children[0] = child.plan;
      for (ExprPtr& arg : node->generator_args) arg = OptimizeSubqueries(RemapColumns(arg, child.mapping));
      node->schema = child.plan->schema;
      std::vector<int> mapping(plan->schema.size(), -1);
      for (int i = 0; i < input_width; ++i) mapping[i] = child.mapping[i];
      for (size_t i = input_width; i < plan->schema.size(); ++i) {
        mapping[i] = static_cast<int>(node->schema.size());
        node->schema.push_back(plan->schema[i]);
      }
      return {node, mapping};
    }
    default:
      return KeepAll(plan);
  }
}

// --- 4. Project collapsing -------------------------------------------------------

// A projection that passes its input through unchanged (same columns, in
// order, with the same names and types).
bool IsIdentityProject(const PlanNode& node) {
  const Schema& input = node.children[0]->schema;
  if (node.exprs.size() != input.size()) return false;
  for (size_t i = 0; i < node.exprs.size(); ++i) {
    const Expr& e = *node.exprs[i];
    if (e.kind != ExprKind::kColumnRef || e.column != static_cast<int>(i)) return false;
    if (node.schema[i].name != input[i].name || !(node.schema[i].type == input[i].type)) return false;
  }
  return true;
}

// Project over Project becomes one Project when that duplicates no work: each
// inner expression that is not a plain column or literal is read at most
// once, and everything is deterministic and free of subqueries.
bool CanMerge(const PlanNode& outer, const PlanNode& inner) {
  std::vector<int> uses(inner.exprs.size(), 0);
  for (const ExprPtr& e : outer.exprs) {
    if (!e->deterministic() || HasSubquery(*e)) return false;
    for (int col : ColumnsOf(*e)) ++uses[col];
  }
  for (size_t i = 0; i < inner.exprs.size(); ++i) {
    const Expr& e = *inner.exprs[i];
    if (!e.deterministic() || HasSubquery(e)) return false;
    bool cheap = e.kind == ExprKind::kColumnRef || e.kind == ExprKind::kLiteral;
    if (!cheap && uses[i] > 1) return false;
  }
  return true;
}

PlanPtr CollapseProjects(const PlanPtr& plan) {
  auto node = Copy(*plan);
  for (PlanPtr& child : node->children) child = CollapseProjects(child);
  if (node->kind != PlanKind::kProject) return node;
  const PlanPtr& child = node->children[0];
  if (child->kind == PlanKind::kProject && CanMerge(*node, *child)) {
    for (ExprPtr& e : node->exprs) e = Inline(e, child->exprs);
    node->children[0] = child->children[0];
  }
  if (IsIdentityProject(*node)) return node->children[0];
  return node;
}

}  // namespace

double EstimateRows(const PlanNode& plan) {
  switch (plan.kind) {
    case PlanKind::kScan: {
      auto rows = plan.table->row_count();
      return rows ? static_cast<double>(*rows) : 1e6;
    }
    case PlanKind::kValues: return static_cast<double>(plan.num_values_rows);
    case PlanKind::kFilter: {
      const double input = EstimateRows(*plan.children[0]);
      return input * EstimateSelectivity(*plan.children[0], *plan.condition, input);
    }
    case PlanKind::kAggregate:
      return plan.group_by.empty() ? 1 : EstimateAggregateRows(plan, EstimateRows(*plan.children[0]));
    case PlanKind::kJoin: {
      double l = EstimateRows(*plan.children[0]), r = EstimateRows(*plan.children[1]);
      if (plan.join_type == JoinType::kCross) return l * r;
      if (plan.join_type == JoinType::kLeftSemi || plan.join_type == JoinType::kLeftAnti ||
          plan.join_type == JoinType::kNullAwareAnti)
        return l * 0.5;
      return EstimateJoinRows(plan, l, r);
    }
    case PlanKind::kLimit:
      return plan.limit >= 0 ? std::min<double>(plan.limit, EstimateRows(*plan.children[0])) : EstimateRows(*plan.children[0]);
    case PlanKind::kUnion: {
      double total = 0;
      for (const PlanPtr& c : plan.children) total += EstimateRows(*c);
      return total;
    }
    default: return plan.children.empty() ? 1 : EstimateRows(*plan.children[0]);
  }
}

PlanPtr Optimize(const PlanPtr& plan, const OptimizerOptions& options) {
  PlanPtr pushed = PushDown(FoldConstants(plan, options.evaluate_constant), {});
  PlanPtr joined = PlanJoins(pushed);
  return PreAggregateBelowOuterJoins(CollapseProjects(Prune(joined, std::vector<bool>(joined->schema.size(), true)).plan));
}

}  // namespace tarn::plan
