// The analyzer: AST → logical plan. See analyzer.h for the contract.
//
// Clause order of a SELECT block (Spark's): FROM (joins, lateral views) →
// WHERE (subquery predicates become joins) → GROUP BY / aggregates → HAVING →
// windows → QUALIFY → SELECT list → DISTINCT → ORDER BY → LIMIT / OFFSET.
#include "sql/analyzer.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <limits>
#include <random>
#include <map>
#include <set>

#include "common/check.h"
#include "common/error.h"
#include "columnar/value_text.h"
#include "common/strings.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "sql/expression_binder.h"
#include "types/coercion.h"

namespace tarn::sql {
namespace detail {
namespace {

using plan::ExprKind;
using plan::ExprPtr;
using plan::PlanKind;
using plan::PlanNode;
using plan::PlanPtr;

std::shared_ptr<PlanNode> NewNode(PlanKind kind, std::vector<PlanPtr> children = {}) {
  auto node = std::make_shared<PlanNode>();
  node->kind = kind;
  node->children = std::move(children);
  return node;
}

Schema SchemaOf(const Columns& columns) {
  Schema schema;
  for (const Column& c : columns) schema.push_back({c.name, c.type, c.nullable, ""});
  return schema;
}

Columns ColumnsOf(const Schema& schema, const std::string& qualifier) {
  Columns columns;
  for (const Field& f : schema) columns.push_back({qualifier, f.name, f.type, f.nullable, false});
  return columns;
}

// Splits an AST condition on AND.
void SplitConjuncts(const Expr* ast, std::vector<const Expr*>* out) {
  if (ast->kind == ExprKind_AST::kBinary && EqualsIgnoreCase(ast->op, "AND")) {
    SplitConjuncts(ast->children[0].get(), out);
    SplitConjuncts(ast->children[1].get(), out);
  } else {
    out->push_back(ast);
  }
}

bool HasOuterRef(const plan::Expr& e) {
  if (e.kind == ExprKind::kOuterRef) return true;
  for (const auto& a : e.args)
    if (HasOuterRef(*a)) return true;
  return false;
}

// A correlated predicate as a join condition over (outer ++ inner): outer
// references become the left columns, inner columns shift right.
// Whether an outer reference is left anywhere in `node`'s operators (not in
// the plans of uncorrelated scalar subqueries, which are checked on their own).
bool PlanHasOuterRef(const PlanNode& node) {
  auto any = [](const std::vector<ExprPtr>& exprs) {
    for (const auto& e : exprs)
      if (e && HasOuterRef(*e)) return true;
    return false;
  };
  if (node.condition && HasOuterRef(*node.condition)) return true;
  if (any(node.exprs) || any(node.group_by) || any(node.generator_args) || any(node.left_keys) ||
      any(node.right_keys))
    return true;
  for (const auto& call : node.aggregates)
    if (any(call.args) || (call.filter && HasOuterRef(*call.filter))) return true;
  for (const auto& key : node.sort_keys)
    if (HasOuterRef(*key.expr)) return true;
  for (const auto& w : node.windows) {
    if (any(w.args) || any(w.partition_by)) return true;
    for (const auto& key : w.order_by)
      if (HasOuterRef(*key.expr)) return true;
  }
  for (const auto& p : node.projections)
    if (any(p)) return true;
  for (const auto& child : node.children)
    if (child && PlanHasOuterRef(*child)) return true;
  return false;
}

ExprPtr OuterRefsToColumns(const ExprPtr& e) {
  if (!HasOuterRef(*e)) return e;
  auto copy = std::make_shared<plan::Expr>(*e);
  if (copy->kind == ExprKind::kOuterRef) copy->kind = ExprKind::kColumnRef;
  for (ExprPtr& a : copy->args) a = OuterRefsToColumns(a);
  return copy;
}

ExprPtr ToJoinCondition(const ExprPtr& e, int outer_width) {
  if (e->kind == ExprKind::kOuterRef) return plan::ColumnRef(e->column, e->type, e->nullable);
  if (e->kind == ExprKind::kColumnRef) return plan::ColumnRef(e->column + outer_width, e->type, e->nullable);
  if (e->args.empty()) return e;
  auto copy = std::make_shared<plan::Expr>(*e);
  for (ExprPtr& a : copy->args) a = ToJoinCondition(a, outer_width);
  return copy;
}

ExprPtr AndAll(const std::vector<ExprPtr>& conjuncts) {
  ExprPtr result;
  for (const auto& c : conjuncts)
    result = result ? plan::MakeExpr(ExprKind::kAnd, DataType::Boolean(), {result, c}) : c;
  return result;
}

VectorPtr StringValue(std::string_view text) {
  VectorPtr v = Vector::Make(DataType::String(), 1);
  v->SetString(0, text);
  return v;
}

std::string ValueText(const Vector& vector, size_t row) {
  std::string out;
  AppendSparkText(vector, row, &out);
  return out;
}

// Spark's grouping analytics: the distinct group expressions of `items` (in
// order of appearance) and the sets of them to group by — the cross product
// of the items' sets (a plain expression is one set of itself).
constexpr size_t kMaxGroupingSets = 4096;

std::vector<const Expr*> ExpandGroupingSets(const std::vector<const Expr*>& items,
                                            std::vector<std::vector<int>>* sets) {
  std::vector<const Expr*> exprs;
  std::map<std::string, int> index;
  auto add = [&](const Expr* e) {
    auto [it, inserted] = index.emplace(ToString(*e), static_cast<int>(exprs.size()));
    if (inserted) exprs.push_back(e);
    return it->second;
  };
  // One element of ROLLUP / CUBE / GROUPING SETS: (a, b) or a.
  auto members = [&](const Expr* e) {
    std::vector<int> out;
    if (e->kind == ExprKind_AST::kRow) {
      for (const auto& c : e->children) out.push_back(add(c.get()));
    } else {
      out.push_back(add(e));
    }
    return out;
  };
  auto too_many = [](const Expr* at) {
    ThrowAt(at->pos, ErrorClass::kGroupingSizeLimitExceeded, {{"maxSize", std::to_string(kMaxGroupingSets)}});
  };
  std::function<std::vector<std::vector<int>>(const Expr*)> sets_of = [&](const Expr* item) {
    std::vector<std::vector<int>> out;
    if (item->kind != ExprKind_AST::kGroupingSets) {
      out.push_back(members(item));
      return out;
    }
    std::vector<std::vector<int>> elements;
    if (item->op == "GROUPING SETS") {
      for (const auto& c : item->children) {
        if (c->kind == ExprKind_AST::kGroupingSets) {
          for (auto& s : sets_of(c.get())) out.push_back(std::move(s));
        } else {
          out.push_back(members(c.get()));
        }
        if (out.size() > kMaxGroupingSets) too_many(item);
      }
      return out;
    }
    for (const auto& c : item->children) elements.push_back(members(c.get()));
    if (item->op == "ROLLUP") {
      // ROLLUP(a, b): (a, b), (a), ().
      for (size_t n = elements.size() + 1; n-- > 0;) {
        std::vector<int> set;
        for (size_t i = 0; i < n; ++i) set.insert(set.end(), elements[i].begin(), elements[i].end());
        out.push_back(std::move(set));
      }
      return out;
    }
    // CUBE(a, b): (a, b), (a), (b), () — Spark's order.
    if (elements.size() > 12) too_many(item);
    out.push_back({});
    for (size_t i = elements.size(); i-- > 0;) {
      std::vector<std::vector<int>> with;
      for (const auto& s : out) {
        std::vector<int> set = elements[i];
        set.insert(set.end(), s.begin(), s.end());
        with.push_back(std::move(set));
      }
      with.insert(with.end(), out.begin(), out.end());
      out = std::move(with);
    }
    return out;
  };
  std::vector<std::vector<int>> product = {{}};
  for (const Expr* item : items) {
    std::vector<std::vector<int>> next;
    for (const auto& left : product) {
      for (const auto& right : sets_of(item)) {
        std::vector<int> set = left;
        set.insert(set.end(), right.begin(), right.end());
        next.push_back(std::move(set));
      }
      if (next.size() > kMaxGroupingSets) too_many(item);
    }
    product = std::move(next);
  }
  if (exprs.size() > 63) too_many(items[0]);
  *sets = std::move(product);
  return exprs;
}

}  // namespace

// --- Relations -----------------------------------------------------------------

Bound Analyzer::Project(Bound input, std::vector<ExprPtr> exprs, Columns columns) {
  auto node = NewNode(PlanKind::kProject, {input.plan});
  node->exprs = std::move(exprs);
  node->schema = SchemaOf(columns);
  return {node, std::move(columns)};
}

Bound Analyzer::Filter(Bound input, ExprPtr condition) {
  if (!condition) return input;
  auto node = NewNode(PlanKind::kFilter, {input.plan});
  node->condition = std::move(condition);
  node->schema = input.plan->schema;
  return {node, std::move(input.columns)};
}

Bound Analyzer::Join(Bound left, Bound right, plan::JoinType type, ExprPtr condition) {
  auto node = NewNode(PlanKind::kJoin, {left.plan, right.plan});
  node->join_type = type;
  node->condition = std::move(condition);
  node->schema = plan::JoinOutputSchema(type, left.plan->schema, right.plan->schema);
  Columns columns = left.columns;
  if (type != plan::JoinType::kLeftSemi && type != plan::JoinType::kLeftAnti &&
      type != plan::JoinType::kNullAwareAnti) {
    if (type == plan::JoinType::kMark) {
      columns.push_back({"", "exists", DataType::Boolean(), true, true});
    } else {
      bool left_nullable = type == plan::JoinType::kRight || type == plan::JoinType::kFull;
      bool right_nullable = type == plan::JoinType::kLeft || type == plan::JoinType::kFull;
      for (Column& c : columns) c.nullable |= left_nullable;
      for (Column c : right.columns) {
        c.nullable |= right_nullable;
        columns.push_back(std::move(c));
      }
    }
  }
  for (size_t i = 0; i < columns.size() && i < node->schema.size(); ++i) node->schema[i].nullable = columns[i].nullable;
  return {node, std::move(columns)};
}

Bound Analyzer::AnalyzeRelation(const Relation& relation, const BindScope* outer) {
  Bound bound;
  switch (relation.kind) {
    case RelationKind::kTable: {
      bound = ResolveTable(relation);
      break;
    }
    case RelationKind::kSubquery: {
      bound = AnalyzeQueryBlock(*relation.subquery, relation.lateral ? outer : nullptr, nullptr);
      for (Column& c : bound.columns) c.qualifier.clear();
      break;
    }
    case RelationKind::kValues:
      bound = AnalyzeValues(relation);
      break;
    case RelationKind::kJoin:
      return AnalyzeJoin(relation, outer);
    case RelationKind::kFunction:
      bound = AnalyzeTableFunction(relation);
      break;
    case RelationKind::kPivot:
      bound = AnalyzePivot(relation, outer);
      break;
    case RelationKind::kUnpivot:
      bound = AnalyzeUnpivot(relation, outer);
      break;
  }
  if (relation.sample) bound = AnalyzeSample(*relation.sample, std::move(bound));
  return ApplyAliases(relation, std::move(bound));
}

Bound Analyzer::ApplyAliases(const Relation& relation, Bound bound) {
  if (!relation.alias.empty()) {
    for (Column& c : bound.columns) c.qualifier = relation.alias;
  }
  if (!relation.column_aliases.empty()) {
    size_t visible = 0;
    for (const Column& c : bound.columns) visible += !c.hidden;
    if (relation.column_aliases.size() != visible) {
      ThrowAt(relation.pos, ErrorClass::kAssignmentArityMismatch,
              {{"numExpr", std::to_string(relation.column_aliases.size())},
               {"numTarget", std::to_string(visible)}});
    }
    std::vector<ExprPtr> exprs;
    Columns columns;
    size_t k = 0;
    for (size_t i = 0; i < bound.columns.size(); ++i) {
      if (bound.columns[i].hidden) continue;
      Column c = bound.columns[i];
      c.name = relation.column_aliases[k++];
      exprs.push_back(plan::ColumnRef(static_cast<int>(i), c.type, c.nullable));
      columns.push_back(std::move(c));
    }
    bound = Project(std::move(bound), std::move(exprs), std::move(columns));
  }
  return bound;
}

Bound Analyzer::ResolveTable(const Relation& relation) {
  const std::vector<std::string>& name = relation.name;
  // A CTE in scope hides tables of the same name.
  if (name.size() == 1) {
    for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it) {
      auto found = it->find(AsciiLower(name[0]));
      if (found != it->end()) {
        Bound bound = found->second;
        for (Column& c : bound.columns) c.qualifier = name[0];
        return bound;
      }
    }
  }
  std::string text;
  for (const std::string& part : name) text += (text.empty() ? "" : ".") + QuoteIdentifier(part);
  PlanPtr plan;
  if (!relation.version_as_of.empty() || relation.timestamp_as_of) {
    // Time travel: VERSION AS OF n / TIMESTAMP AS OF <constant expression>.
    TimeTravelSpec spec;
    if (!relation.version_as_of.empty()) {
      int64_t version = 0;
      const std::string& v = relation.version_as_of;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
      if (ec != std::errc() || end != v.data() + v.size() || version < 0) {
        ThrowAt(relation.pos, ErrorClass::kInvalidParameterValue,
                {{"parameter", "`version`"}, {"function", "VERSION AS OF"}, {"message", "'" + v + "' is not a table version"}});
      }
      spec.version = version;
    } else {
      BindScope scope;
      Columns none;
      scope.columns = &none;
      ExprPtr ts = binder_.Bind(*relation.timestamp_as_of, scope);
      if (ts->type.id() != TypeId::kTimestamp) ts = plan::Cast(ts, DataType::Timestamp());
      VectorPtr value = binder_.FoldConstant(ts);
      if (!value || value->IsNull(0)) {
        ThrowAt(relation.timestamp_as_of->pos, ErrorClass::kInvalidParameterValue,
                {{"parameter", "`timestamp`"}, {"function", "TIMESTAMP AS OF"}, {"message", "must be a constant, non-null timestamp"}});
      }
      spec.timestamp_micros = value->ValueAt<int64_t>(0);
    }
    if (!options_.relations || !(plan = options_.relations->ResolveAt(name, spec))) {
      ThrowAt(relation.pos, ErrorClass::kUnsupportedTimeTravel, {{"relationId", text}});
    }
  } else {
    plan = options_.relations ? options_.relations->Resolve(name) : nullptr;
  }
  if (!plan) ThrowAt(relation.pos, ErrorClass::kTableOrViewNotFound, {{"relationName", text}});
  return {plan, ColumnsOf(plan->schema, name.back())};
}

Bound Analyzer::AnalyzeValues(const Relation& relation) {
  // Every row is a list of constant expressions; columns take the common type.
  std::vector<std::vector<ExprPtr>> rows;
  BindScope scope;
  Columns none;
  scope.columns = &none;
  size_t width = 0;
  for (const auto& row_ast : relation.rows) {
    std::vector<ExprPtr> row;
    if (row_ast->kind == ExprKind_AST::kRow) {
      for (const auto& item : row_ast->children) row.push_back(binder_.Bind(*item, scope));
    } else {
      row.push_back(binder_.Bind(*row_ast, scope));
    }
    if (!rows.empty() && row.size() != width) {
      ThrowAt(row_ast->pos, ErrorClass::kInvalidInlineTableNumColumnsMismatch,
              {{"expectedNumCols", std::to_string(width)}, {"actualNumCols", std::to_string(row.size())},
               {"rowIndex", std::to_string(rows.size())}});
    }
    width = row.size();
    rows.push_back(std::move(row));
  }
  auto node = NewNode(PlanKind::kValues);
  Columns columns;
  for (size_t c = 0; c < width; ++c) {
    std::vector<DataType> types;
    for (const auto& row : rows) types.push_back(row[c]->type);
    auto common = FindCommonType(types);
    if (!common) {
      ThrowAt(relation.pos, ErrorClass::kInvalidInlineTable,
              {{"message", "incompatible types in column col" + std::to_string(c + 1)}});
    }
    DataType type = common->id() == TypeId::kNull ? DataType::Null() : *common;
    VectorPtr column = Vector::Make(type, 0);
    bool nullable = false;
    for (const auto& row : rows) {
      VectorPtr value = binder_.FoldConstant(plan::Cast(row[c], type));
      if (!value) ThrowAt(relation.pos, ErrorClass::kInvalidInlineTable, {{"message", "values must be constants"}});
      column->AppendFrom(*value, 0);
      nullable |= value->IsNull(0);
    }
    node->values.push_back(column);
    columns.push_back({"", "col" + std::to_string(c + 1), type, nullable, false});
  }
  node->num_values_rows = rows.size();
  node->schema = SchemaOf(columns);
  return {node, std::move(columns)};
}

Bound Analyzer::AnalyzeTableFunction(const Relation& relation) {
  const Expr& call = *relation.call;
  std::string name = AsciiLower(call.names.back());
  std::vector<VectorPtr> args;
  std::vector<std::string> arg_names;
  BindScope scope;
  Columns none;
  scope.columns = &none;
  for (const auto& arg : call.children) {
    const Expr* value = arg.get();
    std::string arg_name;
    if (arg->kind == ExprKind_AST::kNamedArgument) {
      arg_name = arg->value;
      value = arg->children[0].get();
    }
    VectorPtr folded = binder_.FoldConstant(binder_.Bind(*value, scope));
    if (!folded) ThrowAt(arg->pos, ErrorClass::kUnsupportedFeature, {{"feature", "non-constant table function arguments"}});
    args.push_back(folded);
    arg_names.push_back(arg_name);
  }
  PlanPtr plan = options_.relations ? options_.relations->ResolveTableFunction(name, args, arg_names) : nullptr;
  if (!plan) ThrowAt(call.pos, ErrorClass::kUnresolvedRoutine, {{"routineName", "`" + name + "`"}, {"searchPath", "[`system`.`builtin`, `system`.`session`]"}});
  return {plan, ColumnsOf(plan->schema, "")};
}

// TABLESAMPLE: n PERCENT and BUCKET x OUT OF y keep a seeded pseudo-random
// fraction of the rows; n ROWS keeps the first n (Spark plans it as a LIMIT).
Bound Analyzer::AnalyzeSample(const TableSample& sample, Bound input) {
  auto node = NewNode(PlanKind::kSample, {input.plan});
  node->schema = input.plan->schema;
  if (sample.kind == TableSample::Kind::kRows) {
    node->sample_rows = binder_.BindLimit(*sample.value, "limit");
  } else {
    double fraction = 0;
    std::string text;
    if (sample.kind == TableSample::Kind::kBucket) {
      fraction = sample.denominator == 0 ? std::numeric_limits<double>::infinity()
                                         : static_cast<double>(sample.numerator) / static_cast<double>(sample.denominator);
    } else {
      BindScope none_scope;
      Columns none;
      none_scope.columns = &none;
      VectorPtr value = binder_.FoldConstant(plan::Cast(binder_.Bind(*sample.value, none_scope), DataType::Double()));
      if (!value || value->IsNull(0)) {
        ThrowAt(sample.pos, ErrorClass::kInvalidParameterValue,
                {{"parameter", "`fraction`"}, {"function", "`TABLESAMPLE`"}, {"message", "not a number"}});
      }
      fraction = value->ValueAt<double>(0) / 100.0;
    }
    constexpr double kEpsilon = 1e-6;  // Spark's RandomSampler.roundingEpsilon
    if (!(fraction >= -kEpsilon && fraction <= 1.0 + kEpsilon)) {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%g", fraction);
      ThrowAt(sample.pos, ErrorClass::kInvalidParameterValue,
              {{"parameter", "`fraction`"}, {"function", "`TABLESAMPLE`"},
               {"message", std::string("Sampling fraction (") + buffer + ") must be on interval [0, 1]"}});
    }
    node->sample_fraction = std::clamp(fraction, 0.0, 1.0);
    node->sample_seed = sample.has_seed ? static_cast<uint64_t>(sample.seed) : std::random_device{}();
  }
  return {node, std::move(input.columns)};
}

// PIVOT: group by the input columns that neither the aggregates nor the
// pivot columns read; one aggregate per (value, aggregate), restricted to the
// rows whose pivot columns equal the value (null-safe, as Spark's If(<=>)).
Bound Analyzer::AnalyzePivot(const Relation& relation, const BindScope* outer) {
  Bound input = DropHidden(AnalyzeRelation(*relation.left, outer));
  BindScope scope;
  scope.columns = &input.columns;
  scope.outer = outer;
  std::vector<bool> used(input.columns.size(), false);
  std::vector<ExprPtr> pivot_columns;
  for (const auto& c : relation.pivot_columns) {
    ExprPtr e = binder_.Bind(*c, scope);
    std::vector<int> cols;
    plan::CollectColumns(*e, &cols);
    for (int i : cols) used[i] = true;
    pivot_columns.push_back(e);
  }
  std::vector<plan::AggregateCall> aggregates;
  for (const SelectItem& item : relation.pivot_aggregates) {
    std::vector<const Expr*> calls;
    binder_.CollectAggregates(*item.expr, &calls);
    if (calls.size() != 1 || calls[0] != item.expr.get()) {
      ThrowAt(item.expr->pos, ErrorClass::kUnsupportedFeature,
              {{"feature", "a PIVOT aggregate that is not a single aggregate function call"}});
    }
    plan::AggregateCall call = binder_.BindAggregate(*item.expr, scope);
    std::vector<int> cols;
    for (const ExprPtr& a : call.args) plan::CollectColumns(*a, &cols);
    if (call.filter) plan::CollectColumns(*call.filter, &cols);
    for (int i : cols) used[i] = true;
    aggregates.push_back(std::move(call));
  }
  auto node = NewNode(PlanKind::kAggregate, {input.plan});
  Columns columns;
  for (size_t i = 0; i < input.columns.size(); ++i) {
    if (used[i]) continue;
    node->group_by.push_back(plan::ColumnRef(static_cast<int>(i), input.columns[i].type, input.columns[i].nullable));
    columns.push_back(input.columns[i]);
  }
  BindScope constants;
  Columns none;
  constants.columns = &none;
  for (const SelectItem& value : relation.pivot_values) {
    // The value (a row for several pivot columns), cast to the columns' types.
    std::vector<const Expr*> parts;
    if (value.expr->kind == ExprKind_AST::kRow) {
      for (const auto& c : value.expr->children) parts.push_back(c.get());
    } else {
      parts.push_back(value.expr.get());
    }
    if (parts.size() != pivot_columns.size()) {
      ThrowAt(value.expr->pos, ErrorClass::kUnsupportedFeature,
              {{"feature", "a PIVOT value whose arity differs from the pivot columns'"}});
    }
    ExprPtr condition;
    std::vector<std::string> texts;
    for (size_t k = 0; k < parts.size(); ++k) {
      ExprPtr v = binder_.Bind(*parts[k], constants);
      VectorPtr folded = binder_.FoldConstant(plan::Cast(v, pivot_columns[k]->type));
      if (!folded) {
        ThrowAt(parts[k]->pos, ErrorClass::kUnsupportedFeature, {{"feature", "a non-constant PIVOT value"}});
      }
      texts.push_back(folded->IsNull(0) ? "null" : ValueText(*folded, 0));
      ExprPtr eq = binder_.CallFunction("<=>", {pivot_columns[k], plan::Literal(folded)}, parts[k]->pos);
      condition = condition ? plan::MakeExpr(ExprKind::kAnd, DataType::Boolean(), {condition, eq}) : eq;
    }
    std::string value_name = value.alias;
    if (value_name.empty()) {
      if (texts.size() == 1) {
        value_name = texts[0];
      } else {
        for (size_t k = 0; k < texts.size(); ++k) value_name += (k ? ", " : "{") + texts[k];
        value_name += "}";
      }
    }
    for (size_t a = 0; a < aggregates.size(); ++a) {
      plan::AggregateCall call = aggregates[a];
      call.filter = call.filter ? plan::MakeExpr(ExprKind::kAnd, DataType::Boolean(), {call.filter, condition}) : condition;
      std::string name = value_name;
      if (aggregates.size() > 1) {
        const SelectItem& item = relation.pivot_aggregates[a];
        name += "_" + (item.alias.empty() ? binder_.AutoName(*item.expr) : item.alias);
      }
      columns.push_back({"", name, call.function->result_type(), true, false});
      node->aggregates.push_back(std::move(call));
    }
  }
  node->schema = SchemaOf(columns);
  return {node, std::move(columns)};
}

// UNPIVOT: one output row per input row and IN column (group): the columns
// not unpivoted, the name of the unpivoted column, its value(s) cast to the
// common type; EXCLUDE NULLS (the default) drops rows whose values are all null.
Bound Analyzer::AnalyzeUnpivot(const Relation& relation, const BindScope* outer) {
  Bound input = DropHidden(AnalyzeRelation(*relation.left, outer));
  BindScope scope;
  scope.columns = &input.columns;
  scope.outer = outer;
  size_t width = relation.unpivot_values.size();
  std::vector<bool> used(input.columns.size(), false);
  std::vector<std::vector<ExprPtr>> groups;
  std::vector<std::string> names;
  for (const SelectItem& item : relation.unpivot_columns) {
    std::vector<const Expr*> parts;
    if (item.expr->kind == ExprKind_AST::kRow) {
      for (const auto& c : item.expr->children) parts.push_back(c.get());
    } else {
      parts.push_back(item.expr.get());
    }
    if (parts.size() != width) {
      std::string list;
      for (const std::string& v : relation.unpivot_values) list += (list.empty() ? "" : ", ") + QuoteIdentifier(v);
      ThrowAt(item.expr->pos, ErrorClass::kUnpivotValueSizeMismatch, {{"names", list}});
    }
    std::vector<ExprPtr> group;
    std::string name;
    for (const Expr* part : parts) {
      ExprPtr e = binder_.Bind(*part, scope);
      if (e->kind == ExprKind::kColumnRef) used[e->column] = true;
      group.push_back(e);
      name += (name.empty() ? "" : "_") + part->names.back();
    }
    groups.push_back(std::move(group));
    names.push_back(item.alias.empty() ? name : item.alias);
  }
  std::vector<DataType> types;
  for (size_t k = 0; k < width; ++k) {
    std::vector<DataType> candidates;
    for (const auto& g : groups) candidates.push_back(g[k]->type);
    auto common = FindCommonType(candidates);
    if (!common) {
      std::string list;
      for (const auto& g : groups) list += (list.empty() ? "" : ", ") + std::string("\"") + g[k]->type.ToSql() + "\"";
      ThrowAt(relation.pos, ErrorClass::kUnpivotValueDataTypeMismatch, {{"types", list}});
    }
    types.push_back(*common);
  }
  auto expand = NewNode(PlanKind::kExpand, {input.plan});
  Columns columns;
  std::vector<int> kept;
  for (size_t i = 0; i < input.columns.size(); ++i) {
    if (used[i]) continue;
    kept.push_back(static_cast<int>(i));
    columns.push_back(input.columns[i]);
  }
  columns.push_back({"", relation.unpivot_name, DataType::String(), false, false});
  for (size_t k = 0; k < width; ++k) columns.push_back({"", relation.unpivot_values[k], types[k], true, false});
  for (size_t g = 0; g < groups.size(); ++g) {
    std::vector<ExprPtr> row;
    for (int i : kept) row.push_back(plan::ColumnRef(i, input.columns[i].type, input.columns[i].nullable));
    row.push_back(plan::Literal(StringValue(names[g])));
    for (size_t k = 0; k < width; ++k) row.push_back(plan::Cast(groups[g][k], types[k]));
    expand->projections.push_back(std::move(row));
  }
  expand->schema = SchemaOf(columns);
  Bound out{expand, std::move(columns)};
  if (relation.unpivot_include_nulls) return out;
  ExprPtr any_value;
  int first = static_cast<int>(kept.size()) + 1;
  for (size_t k = 0; k < width; ++k) {
    ExprPtr not_null = plan::MakeExpr(ExprKind::kIsNotNull, DataType::Boolean(),
                                      {plan::ColumnRef(first + static_cast<int>(k), types[k], true)});
    any_value = any_value ? plan::MakeExpr(ExprKind::kOr, DataType::Boolean(), {any_value, not_null}) : not_null;
  }
  return Filter(std::move(out), any_value);
}

Bound Analyzer::AnalyzeJoin(const Relation& relation, const BindScope* outer) {
  Bound left = AnalyzeRelation(*relation.left, outer);
  std::string type_name = relation.join_type;
  plan::JoinType type = plan::JoinType::kInner;
  if (type_name == "LEFT OUTER") type = plan::JoinType::kLeft;
  else if (type_name == "RIGHT OUTER") type = plan::JoinType::kRight;
  else if (type_name == "FULL OUTER") type = plan::JoinType::kFull;
  else if (type_name == "LEFT SEMI") type = plan::JoinType::kLeftSemi;
  else if (type_name == "LEFT ANTI") type = plan::JoinType::kLeftAnti;
  else if (type_name == "CROSS") type = plan::JoinType::kInner;
  if (relation.right->lateral && relation.right->kind == RelationKind::kSubquery) {
    if (!relation.using_columns.empty() || relation.natural) {
      ThrowAt(relation.pos, ErrorClass::kUnsupportedFeature, {{"feature", "LATERAL correlation with a USING or NATURAL join"}});
    }
    return JoinLateral(std::move(left), *relation.right, type, relation.condition.get(), outer);
  }
  BindScope left_scope;
  left_scope.columns = &left.columns;
  left_scope.outer = outer;
  Bound right = AnalyzeRelation(*relation.right, relation.right->lateral ? &left_scope : outer);

  std::vector<std::string> using_columns = relation.using_columns;
  if (relation.natural) {
    for (const Column& l : left.columns) {
      if (l.hidden) continue;
      for (const Column& r : right.columns)
        if (!r.hidden && SameName(l.name, r.name)) using_columns.push_back(l.name);
    }
  }
  if (!using_columns.empty()) return JoinUsing(std::move(left), std::move(right), type, using_columns, relation.pos);

  ExprPtr condition;
  if (relation.condition) {
    Columns both = left.columns;
    both.insert(both.end(), right.columns.begin(), right.columns.end());
    BindScope scope;
    scope.columns = &both;
    scope.outer = outer;
    condition = binder_.BindPredicate(*relation.condition, scope, "JOIN condition");
  }
  return Join(std::move(left), std::move(right), type, condition);
}

// LATERAL (subquery): the subquery sees the columns of `left` as outer
// references. Two shapes are decorrelated:
//  * no FROM (LATERAL (SELECT c1 + c2 AS c3)): a projection over `left`;
//  * correlation only in WHERE conjuncts: a join of `left` with the subquery
//    on those conjuncts (a scalar aggregate without GROUP BY becomes a left
//    join grouped by the correlation columns; COUNT over no rows is 0).
Bound Analyzer::JoinLateral(Bound left, const Relation& right, plan::JoinType type, const Expr* on,
                            const BindScope* outer) {
  const Query& sub = *right.subquery;
  if (type != plan::JoinType::kInner && type != plan::JoinType::kLeft) {
    ThrowAt(right.pos, ErrorClass::kUnsupportedFeature, {{"feature", "LATERAL correlation in a " + std::string(type == plan::JoinType::kFull ? "FULL OUTER" : type == plan::JoinType::kRight ? "RIGHT OUTER" : "semi or anti") + " join"}});
  }
  BindScope left_scope;
  left_scope.columns = &left.columns;
  left_scope.outer = outer;
  int width = static_cast<int>(left.columns.size());
  auto bind_on = [&](const Bound& joined) -> ExprPtr {
    if (!on) return nullptr;
    BindScope scope;
    scope.columns = &joined.columns;
    scope.outer = outer;
    return binder_.BindPredicate(*on, scope, "JOIN condition");
  };
  if (IsPlainProjection(sub)) {
    // Every left row gets exactly one subquery row.
    std::vector<ExprPtr> exprs;
    Columns columns = left.columns;
    for (int i = 0; i < width; ++i) exprs.push_back(plan::ColumnRef(i, left.columns[i].type, left.columns[i].nullable));
    Bound items;
    // Bound as the subquery would be (no columns of its own, `left` outer),
    // then the outer references are `left`'s columns below the projection.
    Columns none;
    BindScope sub_scope;
    sub_scope.columns = &none;
    sub_scope.outer = &left_scope;
    for (const SelectItem& item : sub.select) {
      ExprPtr e = OuterRefsToColumns(binder_.Bind(*item.expr, sub_scope));
      exprs.push_back(e);
      items.columns.push_back({"", item.alias.empty() ? binder_.AutoName(*item.expr) : item.alias, e->type, e->nullable, false});
    }
    items = ApplyAliases(right, std::move(items));
    columns.insert(columns.end(), items.columns.begin(), items.columns.end());
    Bound projected = Project(std::move(left), std::move(exprs), std::move(columns));
    ExprPtr condition = bind_on(projected);
    if (type == plan::JoinType::kInner) return Filter(std::move(projected), condition);
    if (!condition) return projected;
    // LEFT JOIN LATERAL ... ON c: the subquery's columns are NULL where c is not true.
    std::vector<ExprPtr> outer_exprs;
    Columns outer_columns = projected.columns;
    for (size_t i = 0; i < projected.columns.size(); ++i) {
      const Column& c = projected.columns[i];
      ExprPtr ref = plan::ColumnRef(static_cast<int>(i), c.type, c.nullable);
      if (static_cast<int>(i) >= width) {
        auto when = std::make_shared<plan::Expr>(*plan::MakeExpr(ExprKind::kCase, c.type, {condition, ref}));
        outer_exprs.push_back(when);
        outer_columns[i].nullable = true;
      } else {
        outer_exprs.push_back(ref);
      }
    }
    return Project(std::move(projected), std::move(outer_exprs), std::move(outer_columns));
  }
  std::vector<ExprPtr> correlated;
  Bound inner = AnalyzeQueryBlock(sub, &left_scope, &correlated);
  for (Column& c : inner.columns) c.qualifier.clear();
  if (right.sample) inner = AnalyzeSample(*right.sample, std::move(inner));
  inner = ApplyAliases(right, std::move(inner));
  // The correlation columns the subquery keeps for the join are not `s.*`.
  for (Column& c : inner.columns)
    if (c.hidden) c.qualifier.clear();
  std::vector<ExprPtr> conditions;
  for (const auto& pred : correlated) conditions.push_back(ToJoinCondition(pred, width));
  bool scalar_aggregate = !correlated.empty() && IsScalarAggregate(sub);
  if (!correlated.empty()) {
    // Per-left-row semantics survive the rewrite only when no operator above
    // the correlated filter looks across rows (LIMIT, windows, grouping), and a
    // scalar aggregate groups by correlation columns each left row matches once.
    std::vector<const Expr*> windows;
    for (const SelectItem& item : sub.select) binder_.CollectWindows(*item.expr, &windows);
    bool equi = IsEquiCorrelation(correlated);
    if (sub.kind != QueryKind::kSelect || sub.limit || sub.offset || !windows.empty() ||
        (!sub.group_by.empty() || sub.group_by_all) || (scalar_aggregate && !equi)) {
      ThrowAt(right.pos, ErrorClass::kUnsupportedFeature,
              {{"feature", "this correlated LATERAL subquery (only filters on the outer columns are decorrelated, and "
                           "aggregates only with equality correlation)"}});
    }
  }
  if (scalar_aggregate && (type != plan::JoinType::kInner || on || sub.having)) {
    ThrowAt(right.pos, ErrorClass::kUnsupportedFeature,
            {{"feature", "a correlated LATERAL aggregate with an ON condition, an outer join or HAVING"}});
  }
  if (!scalar_aggregate && on) {
    // The ON condition joins with the correlation (it matters for LEFT JOIN).
    Columns both = left.columns;
    both.insert(both.end(), inner.columns.begin(), inner.columns.end());
    BindScope scope;
    scope.columns = &both;
    scope.outer = outer;
    conditions.push_back(binder_.BindPredicate(*on, scope, "JOIN condition"));
    on = nullptr;
  }
  Bound joined = Join(std::move(left), std::move(inner), scalar_aggregate ? plan::JoinType::kLeft : type, AndAll(conditions));
  if (scalar_aggregate) {
    // One row per left row, as the aggregate over no matching rows would give:
    // COUNT is 0, other aggregates NULL.
    std::vector<ExprPtr> exprs;
    for (size_t i = 0; i < joined.columns.size(); ++i)
      exprs.push_back(plan::ColumnRef(static_cast<int>(i), joined.columns[i].type, joined.columns[i].nullable));
    size_t item = 0;
    for (size_t i = width; i < joined.columns.size() && item < sub.select.size(); ++i) {
      if (joined.columns[i].hidden) continue;
      const Expr& e = *sub.select[item++].expr;
      // A left row without matches gets what the aggregate gives over no
      // rows: NULL from the join, right for a bare aggregate call that is NULL
      // over empty input, and COUNT's 0 through a coalesce. Anything else
      // (an expression over aggregates, collect_list's []) is not rewritten.
      std::vector<const Expr*> aggregates;
      binder_.CollectAggregates(e, &aggregates);
      bool bare = aggregates.size() == 1 && aggregates[0] == &e;
      std::string name = bare ? AsciiLower(e.names.back()) : "";
      bool count = name == "count" || name == "count_if" || name == "regr_count";
      bool empty_not_null = count || name == "collect_list" || name == "collect_set" || name == "array_agg" ||
                            name == "approx_count_distinct" || name == "count_min_sketch";
      if (!bare || (empty_not_null && !count)) {
        ThrowAt(e.pos, ErrorClass::kUnsupportedFeature,
                {{"feature", "a correlated LATERAL aggregate item other than a bare aggregate call"}});
      }
      if (count) {
        ExprPtr zero = plan::Cast(plan::Int64Literal(0), joined.columns[i].type);
        exprs[i] = plan::MakeExpr(ExprKind::kCoalesce, joined.columns[i].type, {exprs[i], zero});
        joined.columns[i].nullable = false;
      }
    }
    Columns columns = joined.columns;
    joined = Project(std::move(joined), std::move(exprs), std::move(columns));
  }
  if (ExprPtr condition = bind_on(joined)) {
    if (type != plan::JoinType::kInner) {
      ThrowAt(right.pos, ErrorClass::kUnsupportedFeature, {{"feature", "an ON condition of a correlated LEFT JOIN LATERAL"}});
    }
    joined = Filter(std::move(joined), condition);
  }
  return joined;
}

// SELECT items without FROM or any other clause (and no aggregates, windows
// or generators): a projection.
bool Analyzer::IsPlainProjection(const Query& query) {
  if (query.kind != QueryKind::kSelect || !query.from.empty() || !query.ctes.empty() || query.where ||
      !query.group_by.empty() || query.having || query.qualify || !query.order_by.empty() || query.limit ||
      query.offset || query.distinct || !query.lateral_views.empty() || !query.windows.empty() ||
      !query.sort_by.empty() || !query.cluster_by.empty() || !query.distribute_by.empty())
    return false;
  for (const SelectItem& item : query.select) {
    if (item.expr->kind == ExprKind_AST::kStar) return false;
    std::vector<const Expr*> found;
    binder_.CollectAggregates(*item.expr, &found);
    binder_.CollectWindows(*item.expr, &found);
    binder_.CollectScalarSubqueries(*item.expr, &found);
    if (!found.empty() || binder_.IsGenerator(*item.expr)) return false;
  }
  return true;
}

// An aggregate without GROUP BY: exactly one row over any input.
bool Analyzer::IsScalarAggregate(const Query& query) {
  if (query.kind != QueryKind::kSelect || !query.group_by.empty() || query.group_by_all) return false;
  std::vector<const Expr*> found;
  for (const SelectItem& item : query.select) binder_.CollectAggregates(*item.expr, &found);
  return !found.empty();
}

Bound Analyzer::JoinUsing(Bound left, Bound right, plan::JoinType type, const std::vector<std::string>& names,
                          const SourcePos& pos) {
  std::vector<std::pair<int, int>> pairs;
  std::vector<ExprPtr> conditions;
  int left_width = static_cast<int>(left.columns.size());
  for (const std::string& name : names) {
    int l = FindVisible(left.columns, name), r = FindVisible(right.columns, name);
    if (l < 0 || r < 0) {
      ThrowAt(pos, ErrorClass::kUnresolvedUsingColumnForJoin,
              {{"colName", QuoteIdentifier(name)}, {"side", l < 0 ? "left" : "right"},
               {"suggestion", ""}});
    }
    pairs.push_back({l, r});
    ExprPtr a = plan::ColumnRef(l, left.columns[l].type, left.columns[l].nullable);
    ExprPtr b = plan::ColumnRef(left_width + r, right.columns[r].type, right.columns[r].nullable);
    conditions.push_back(binder_.CallFunction("=", {a, b}, pos));
  }
  Bound joined = Join(left, right, type, AndAll(conditions));
  if (type == plan::JoinType::kLeftSemi || type == plan::JoinType::kLeftAnti) return joined;
  // Output: the USING columns once (coalesced for full outer joins), then the
  // other left columns, then the other right columns.
  std::vector<ExprPtr> exprs;
  Columns columns;
  std::set<int> used_left, used_right;
  for (auto [l, r] : pairs) {
    const Column& lc = joined.columns[l];
    const Column& rc = joined.columns[left_width + r];
    ExprPtr le = plan::ColumnRef(l, lc.type, lc.nullable);
    ExprPtr re = plan::ColumnRef(left_width + r, rc.type, rc.nullable);
    Column out = type == plan::JoinType::kRight ? rc : lc;
    if (type == plan::JoinType::kFull) {
      out.qualifier.clear();  // the coalesced value is neither side's column
      auto common = FindCommonType(lc.type, rc.type);
      ExprPtr e = plan::MakeExpr(ExprKind::kCoalesce, *common, {plan::Cast(le, *common), plan::Cast(re, *common)});
      exprs.push_back(e);
      out.type = *common;
      out.nullable = lc.nullable && rc.nullable;
    } else {
      exprs.push_back(type == plan::JoinType::kRight ? re : le);
    }
    columns.push_back(out);
    used_left.insert(l);
    used_right.insert(r);
  }
  for (int i = 0; i < left_width; ++i) {
    if (used_left.count(i)) continue;
    exprs.push_back(plan::ColumnRef(i, joined.columns[i].type, joined.columns[i].nullable));
    columns.push_back(joined.columns[i]);
  }
  for (size_t i = 0; i < right.columns.size(); ++i) {
    if (used_right.count(static_cast<int>(i))) continue;
    const Column& c = joined.columns[left_width + i];
    exprs.push_back(plan::ColumnRef(left_width + static_cast<int>(i), c.type, c.nullable));
    columns.push_back(c);
  }
  // The using columns stay reachable through either side's qualifier: the
  // side whose column is not the visible one gets a hidden copy (both sides
  // for FULL OUTER, whose visible column is the coalesced value).
  for (auto [l, r] : pairs) {
    if (type != plan::JoinType::kRight) {
      Column hidden_right = joined.columns[left_width + r];
      hidden_right.hidden = true;
      exprs.push_back(plan::ColumnRef(left_width + r, hidden_right.type, hidden_right.nullable));
      columns.push_back(hidden_right);
    }
    if (type == plan::JoinType::kRight || type == plan::JoinType::kFull) {
      Column hidden_left = joined.columns[l];
      hidden_left.hidden = true;
      exprs.push_back(plan::ColumnRef(l, hidden_left.type, hidden_left.nullable));
      columns.push_back(hidden_left);
    }
  }
  return Project(std::move(joined), std::move(exprs), std::move(columns));
}

// --- Queries -------------------------------------------------------------------

Bound Analyzer::AnalyzeQueryBlock(const Query& query, const BindScope* outer, std::vector<ExprPtr>* correlated) {
  ctes_.emplace_back();
  for (const CommonTableExpression& cte : query.ctes) {
    Bound bound = AnalyzeQueryBlock(*cte.query, nullptr, nullptr);
    if (!cte.columns.empty()) {
      Relation alias;
      alias.column_aliases = cte.columns;
      std::vector<ExprPtr> exprs;
      Columns columns;
      size_t k = 0;
      for (size_t i = 0; i < bound.columns.size() && k < cte.columns.size(); ++i) {
        if (bound.columns[i].hidden) continue;
        Column c = bound.columns[i];
        c.name = cte.columns[k++];
        exprs.push_back(plan::ColumnRef(static_cast<int>(i), c.type, c.nullable));
        columns.push_back(c);
      }
      bound = Project(std::move(bound), std::move(exprs), std::move(columns));
    }
    ctes_.back()[AsciiLower(cte.name)] = bound;
  }
  Bound result;
  switch (query.kind) {
    case QueryKind::kSelect: result = AnalyzeSelect(query, outer, correlated); break;
    case QueryKind::kSetOperation:
      result = AnalyzeSetOperation(query, outer);
      result = ApplyOrderAndLimit(query, std::move(result), nullptr);
      break;
    case QueryKind::kNested:
      result = AnalyzeQueryBlock(*query.left, outer, correlated);
      result = ApplyOrderAndLimit(query, std::move(result), nullptr);
      break;
  }
  ctes_.pop_back();
  // Correlation is decorrelated only from WHERE conjuncts (handed to the
  // caller through `correlated`); an outer reference anywhere else would reach
  // the executor, so it is a user error here.
  if (outer && PlanHasOuterRef(*result.plan)) {
    ThrowAt(query.pos, ErrorClass::kUnsupportedFeature,
            {{"feature", "outer (correlated) references outside the WHERE clause of a subquery"}});
  }
  return result;
}

Bound Analyzer::AnalyzeSetOperation(const Query& query, const BindScope* outer) {
  Bound left = AnalyzeQueryBlock(*query.left, outer, nullptr);
  Bound right = AnalyzeQueryBlock(*query.right, outer, nullptr);
  left = DropHidden(std::move(left));
  right = DropHidden(std::move(right));
  std::string op = query.set_op;
  bool all = op.find(" ALL") != std::string::npos;
  std::string base = op.substr(0, op.find(' '));
  if (base == "MINUS") base = "EXCEPT";
  if (left.columns.size() != right.columns.size()) {
    ThrowAt(query.pos, ErrorClass::kNumColumnsMismatch,
            {{"operator", base}, {"firstNumColumns", std::to_string(left.columns.size())},
             {"invalidOrdinalNum", "second"}, {"invalidNumColumns", std::to_string(right.columns.size())}});
  }
  // Both sides are cast to the common type of each column.
  std::vector<ExprPtr> left_exprs, right_exprs;
  Columns columns;
  for (size_t i = 0; i < left.columns.size(); ++i) {
    const Column& l = left.columns[i];
    const Column& r = right.columns[i];
    auto common = FindCommonType(l.type, r.type);
    if (!common) {
      ThrowAt(query.pos, ErrorClass::kIncompatibleColumnType,
              {{"operator", base}, {"columnOrdinalNumber", Ordinal(i)}, {"tableOrdinalNumber", "second"},
               {"dataType1", r.type.ToSql()}, {"dataType2", l.type.ToSql()}, {"hint", ""}});
    }
    left_exprs.push_back(plan::Cast(plan::ColumnRef(static_cast<int>(i), l.type, l.nullable), *common));
    right_exprs.push_back(plan::Cast(plan::ColumnRef(static_cast<int>(i), r.type, r.nullable), *common));
    bool nullable = base == "UNION" ? (l.nullable || r.nullable) : l.nullable;
    columns.push_back({"", l.name, *common, nullable, false});
  }
  left = Project(std::move(left), std::move(left_exprs), columns);
  right = Project(std::move(right), std::move(right_exprs), columns);
  std::shared_ptr<PlanNode> node;
  if (base == "UNION") {
    node = NewNode(PlanKind::kUnion, {left.plan, right.plan});
    node->schema = SchemaOf(columns);
    if (!all) {
      auto distinct = NewNode(PlanKind::kDistinct, {node});
      distinct->schema = node->schema;
      node = distinct;
    }
  } else {
    node = NewNode(PlanKind::kSetOperation, {left.plan, right.plan});
    node->set_op = base;
    node->all = all;
    node->schema = SchemaOf(columns);
  }
  return {node, std::move(columns)};
}

Bound Analyzer::DropHidden(Bound input) {
  bool any = false;
  for (const Column& c : input.columns) any |= c.hidden;
  if (!any) return input;
  std::vector<ExprPtr> exprs;
  Columns columns;
  for (size_t i = 0; i < input.columns.size(); ++i) {
    if (input.columns[i].hidden) continue;
    exprs.push_back(plan::ColumnRef(static_cast<int>(i), input.columns[i].type, input.columns[i].nullable));
    columns.push_back(input.columns[i]);
  }
  return Project(std::move(input), std::move(exprs), std::move(columns));
}

Bound Analyzer::AnalyzeFrom(const Query& query, const BindScope* outer) {
  if (query.from.empty()) {
    auto node = NewNode(PlanKind::kValues);
    node->num_values_rows = 1;
    return {node, {}};
  }
  Bound result = AnalyzeRelation(*query.from[0], outer);
  for (size_t i = 1; i < query.from.size(); ++i) {
    if (query.from[i]->lateral && query.from[i]->kind == RelationKind::kSubquery) {
      result = JoinLateral(std::move(result), *query.from[i], plan::JoinType::kInner, nullptr, outer);
      continue;
    }
    BindScope left_scope;
    left_scope.columns = &result.columns;
    left_scope.outer = outer;
    Bound right = AnalyzeRelation(*query.from[i], query.from[i]->lateral ? &left_scope : outer);
    result = Join(std::move(result), std::move(right), plan::JoinType::kInner, nullptr);
  }
  for (const LateralView& view : query.lateral_views) result = AnalyzeLateralView(view, std::move(result), outer);
  return result;
}

Bound Analyzer::AnalyzeLateralView(const LateralView& view, Bound input, const BindScope* outer) {
  BindScope scope;
  scope.columns = &input.columns;
  scope.outer = outer;
  GeneratorCall call = binder_.BindGenerator(*view.call, scope);
  auto node = NewNode(PlanKind::kGenerate, {input.plan});
  node->generator = call.generator;
  node->generator_name = call.name;
  node->generator_args = call.args;
  node->outer = view.outer || call.outer;
  Columns columns = input.columns;
  const auto& fields = call.generator->output;
  if (!view.columns.empty() && view.columns.size() != fields.size()) {
    ThrowAt(view.pos, ErrorClass::kUdtfAliasNumberMismatch,
            {{"aliasesSize", std::to_string(view.columns.size())}, {"aliasesNames", std::to_string(fields.size())}});
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    columns.push_back({view.table, view.columns.empty() ? fields[i].name : view.columns[i], fields[i].type,
                       fields[i].nullable || node->outer, false});
  }
  node->schema = SchemaOf(columns);
  return {node, std::move(columns)};
}

Bound Analyzer::AnalyzeSelect(const Query& query, const BindScope* outer, std::vector<ExprPtr>* correlated) {
  Bound input = AnalyzeFrom(query, outer);

  // WHERE: subquery predicates become joins; correlated conjuncts of a
  // subquery are handed to the caller.
  std::vector<ExprPtr> lifted;
  if (query.where) input = AnalyzeWhere(*query.where, std::move(input), outer, &lifted);
  if (!lifted.empty() && !correlated) {
    ThrowAt(query.where->pos, ErrorClass::kUnsupportedFeature, {{"feature", "correlated references here"}});
  }

  // The select list, with * expanded.
  struct Item {
    const Expr* ast = nullptr;  // null: a star-expanded column
    int star_column = -1;
    std::string name;
    int generator_first = -1;  // a generator (explode(...)): its output columns in `current`
    int generator_count = 0;
  };
  std::vector<Item> items;
  for (const SelectItem& item : query.select) {
    if (item.expr->kind == ExprKind_AST::kStar) {
      for (int c : binder_.ExpandStar(*item.expr, input.columns)) items.push_back({nullptr, c, input.columns[c].name});
    } else {
      items.push_back({item.expr.get(), -1, item.alias.empty() ? binder_.AutoName(*item.expr) : item.alias});
    }
  }

  // GROUP BY ALL / ordinals / select aliases.
  std::vector<const Expr*> group_asts;
  std::vector<std::unique_ptr<Expr>> owned;
  bool group_all = false;
  for (const auto& g : query.group_by) {
    if (query.group_by_all && g->kind == ExprKind_AST::kColumn && g->names.size() == 1 &&
        FindVisible(input.columns, "all") < 0) {
      group_all = true;
      continue;
    }
    group_asts.push_back(g.get());
  }
  // GROUPING SETS / ROLLUP / CUBE: the distinct group expressions, and per set
  // the ones it keeps.
  std::vector<std::vector<int>> grouping_sets;
  if (std::any_of(group_asts.begin(), group_asts.end(),
                  [](const Expr* g) { return g->kind == ExprKind_AST::kGroupingSets; })) {
    group_asts = ExpandGroupingSets(group_asts, &grouping_sets);
  }
  std::vector<const Expr*> all_asts;
  for (const Item& item : items)
    if (item.ast) all_asts.push_back(item.ast);
  if (query.having) all_asts.push_back(query.having.get());
  if (query.qualify) all_asts.push_back(query.qualify.get());
  for (const OrderItem& o : query.order_by) all_asts.push_back(o.expr.get());

  std::vector<const Expr*> aggregate_calls;
  for (const Expr* ast : all_asts) binder_.CollectAggregates(*ast, &aggregate_calls);
  if (group_all) {
    for (const Item& item : items) {
      if (!item.ast) {
        owned.push_back(std::make_unique<Expr>(ExprKind_AST::kColumn, SourcePos{}));
        owned.back()->names = {input.columns[item.star_column].name};
        group_asts.push_back(owned.back().get());
        continue;
      }
      std::vector<const Expr*> inner;
      binder_.CollectAggregates(*item.ast, &inner);
      if (inner.empty() && !binder_.ContainsWindow(*item.ast)) group_asts.push_back(item.ast);
    }
  }

  BindScope scope;
  scope.columns = &input.columns;
  scope.outer = outer;
  Bound current = input;
  std::map<std::string, int> substitutions;
  std::map<int, int> grouped_columns;
  Columns pre_aggregate;
  std::vector<ExprPtr> grouping_keys;
  bool grouped = !group_asts.empty() || !aggregate_calls.empty() || group_all || query.having;
  if (grouped) {
    // Group keys: an integer literal is a select-list ordinal, an unresolvable
    // name may be a select alias.
    std::vector<ExprPtr> keys;
    std::vector<std::string> key_names;
    for (const Expr* g : group_asts) {
      const Expr* target = g;
      if (g->kind == ExprKind_AST::kLiteral && g->literal == LiteralKind::kInt) {
        int64_t ordinal = g->int_value;
        if (ordinal < 1 || ordinal > static_cast<int64_t>(items.size())) {
          ThrowAt(g->pos, ErrorClass::kGroupByPosOutOfRange,
                  {{"index", std::to_string(ordinal)}, {"size", std::to_string(items.size())}});
        }
        const Item& item = items[ordinal - 1];
        if (!item.ast) {
          keys.push_back(plan::ColumnRef(item.star_column, input.columns[item.star_column].type,
                                         input.columns[item.star_column].nullable));
          key_names.push_back(item.name);
          continue;
        }
        target = item.ast;
      } else if (g->kind == ExprKind_AST::kColumn && g->names.size() == 1 &&
                 binder_.TryResolveColumn(g->names, scope) == nullptr) {
        for (const Item& item : items)
          if (item.ast && SameName(item.name, g->names[0])) target = item.ast;
      }
      std::vector<const Expr*> nested;
      binder_.CollectAggregates(*target, &nested);
      if (!nested.empty()) ThrowAt(g->pos, ErrorClass::kGroupByAggregate, {{"sqlExpr", "\"" + ToString(*nested[0]) + "\""}});
      keys.push_back(binder_.Bind(*target, scope));
      key_names.push_back(binder_.AutoName(*target));
      substitutions[ToString(*g)] = static_cast<int>(keys.size()) - 1;
      substitutions[ToString(*target)] = static_cast<int>(keys.size()) - 1;
    }
    // Correlated subquery: its correlation columns become extra group keys.
    std::vector<int> correlation_keys;
    for (const auto& pred : lifted) {
      std::vector<int> cols;
      plan::CollectColumns(*pred, &cols);
      for (int c : cols) {
        if (std::find(correlation_keys.begin(), correlation_keys.end(), c) != correlation_keys.end()) continue;
        correlation_keys.push_back(c);
        keys.push_back(plan::ColumnRef(c, input.columns[c].type, input.columns[c].nullable));
        key_names.push_back(input.columns[c].name);
      }
    }
    // Grouping sets: an Expand below the aggregate emits each input row once
    // per set, with the group expressions outside the set nulled and the
    // set's grouping id; the aggregate groups by those columns and the id.
    PlanPtr aggregate_input = input.plan;
    std::vector<ExprPtr> aggregate_keys = keys;
    if (!grouping_sets.empty()) {
      if (!lifted.empty()) {
        ThrowAt(query.pos, ErrorClass::kUnsupportedFeature, {{"feature", "grouping sets in a correlated subquery"}});
      }
      int width = static_cast<int>(input.columns.size());
      auto expand = NewNode(PlanKind::kExpand, {input.plan});
      Columns expanded = input.columns;
      for (size_t j = 0; j < keys.size(); ++j) expanded.push_back({"", key_names[j], keys[j]->type, true, true});
      expanded.push_back({"", "spark_grouping_id", DataType::Long(), false, true});
      for (const std::vector<int>& set : grouping_sets) {
        std::vector<ExprPtr> row;
        for (int i = 0; i < width; ++i) row.push_back(plan::ColumnRef(i, input.columns[i].type, input.columns[i].nullable));
        int64_t id = 0;
        for (size_t j = 0; j < keys.size(); ++j) {
          bool kept = std::find(set.begin(), set.end(), static_cast<int>(j)) != set.end();
          row.push_back(kept ? keys[j] : plan::NullLiteral(keys[j]->type));
          if (!kept) id |= int64_t{1} << (keys.size() - 1 - j);
        }
        row.push_back(plan::Int64Literal(id));
        expand->projections.push_back(std::move(row));
      }
      expand->schema = SchemaOf(expanded);
      aggregate_input = expand;
      aggregate_keys.clear();
      for (size_t j = 0; j <= keys.size(); ++j)
        aggregate_keys.push_back(plan::ColumnRef(width + static_cast<int>(j), expanded[width + j].type, expanded[width + j].nullable));
    }
    auto node = NewNode(PlanKind::kAggregate, {aggregate_input});
    node->group_by = aggregate_keys;
    Columns columns;
    for (size_t i = 0; i < keys.size(); ++i) {
      columns.push_back({"", key_names[i], keys[i]->type, keys[i]->nullable || !grouping_sets.empty(), false});
      if (keys[i]->kind == ExprKind::kColumnRef) {
        grouped_columns.emplace(keys[i]->column, static_cast<int>(i));
        columns.back().qualifier = input.columns[keys[i]->column].qualifier;
        columns.back().name = input.columns[keys[i]->column].name;
      }
    }
    const int grouping_id_column = static_cast<int>(columns.size());
    if (!grouping_sets.empty()) columns.push_back({"", "spark_grouping_id", DataType::Long(), false, true});
    // Group keys beyond the select list's are hidden from the output.
    for (Column& c : columns) c.hidden = true;
    for (const Expr* call : aggregate_calls) {
      std::string key = ToString(*call);
      if (substitutions.count(key)) continue;
      plan::AggregateCall bound = binder_.BindAggregate(*call, scope);
      substitutions[key] = static_cast<int>(columns.size());
      columns.push_back({"", binder_.AutoName(*call), bound.function->result_type(), true, true});
      node->aggregates.push_back(std::move(bound));
    }
    node->schema = SchemaOf(columns);
    pre_aggregate = input.columns;
    current = {node, columns};
    if (!grouping_sets.empty()) {
      // grouping() / grouping_id() from here on (not inside aggregates).
      grouping_keys = keys;
      scope.grouping_keys = &grouping_keys;
      scope.grouping_id_column = grouping_id_column;
    }
    // Lifted predicates now refer to the group keys.
    if (!lifted.empty()) {
      std::vector<int> mapping(input.columns.size(), -1);
      for (size_t k = 0; k < correlation_keys.size(); ++k)
        mapping[correlation_keys[k]] = static_cast<int>(keys.size() - correlation_keys.size() + k);
      for (ExprPtr& pred : lifted) pred = RemapInner(pred, mapping);
    }
    scope.columns = &current.columns;
    scope.substitutions = &substitutions;
    scope.grouped_columns = &grouped_columns;
    scope.global_aggregate = query.group_by.empty();
    scope.pre_aggregate = &pre_aggregate;
    if (query.having) {
      current = AttachCorrelatedScalars(*query.having, std::move(current), outer, &substitutions, &scope);
      scope.columns = &current.columns;
      current = Filter(current, binder_.BindPredicate(*query.having, scope, "HAVING"));
    }
    scope.columns = &current.columns;
  }

  // Windows.
  std::vector<const Expr*> window_calls;
  for (const Expr* ast : all_asts) binder_.CollectWindows(*ast, &window_calls);
  if (!window_calls.empty()) {
    auto node = NewNode(PlanKind::kWindow, {current.plan});
    Columns columns = current.columns;
    for (const Expr* call : window_calls) {
      std::string key = ToString(*call);
      if (substitutions.count(key)) continue;
      plan::WindowCall bound = binder_.BindWindow(*call, scope, query.windows);
      substitutions[key] = static_cast<int>(columns.size());
      columns.push_back({"", binder_.AutoName(*call), bound.type, true, true});
      node->windows.push_back(std::move(bound));
    }
    node->schema = SchemaOf(columns);
    current = {node, columns};
    scope.columns = &current.columns;
    scope.substitutions = &substitutions;
  }
  if (query.qualify) current = Filter(current, binder_.BindPredicate(*query.qualify, scope, "QUALIFY"));
  scope.columns = &current.columns;

  // Correlated scalar subqueries in the select list join their values in.
  for (const Item& item : items) {
    if (!item.ast) continue;
    current = AttachCorrelatedScalars(*item.ast, std::move(current), outer, &substitutions, &scope);
    scope.columns = &current.columns;
    scope.substitutions = &substitutions;
  }

  // Generators in the select list (SELECT explode(a) ...) add their rows and
  // columns below the projection, as LATERAL VIEW does.
  for (Item& item : items) {
    if (!item.ast || item.ast->kind != ExprKind_AST::kFunction || item.ast->window) continue;
    const FunctionInfo* info = FunctionRegistry::Builtin().Find(item.ast->names.back());
    if (!info || info->kind != FunctionKind::kGenerator) continue;
    GeneratorCall call = binder_.BindGenerator(*item.ast, scope);
    auto node = NewNode(PlanKind::kGenerate, {current.plan});
    node->generator = call.generator;
    node->generator_name = call.name;
    node->generator_args = call.args;
    node->outer = call.outer;
    Columns generated = current.columns;
    item.generator_first = static_cast<int>(generated.size());
    item.generator_count = static_cast<int>(call.generator->output.size());
    for (const Field& f : call.generator->output) {
      std::string name = call.generator->output.size() == 1 && !item.name.empty() && item.name != binder_.AutoName(*item.ast)
                             ? item.name
                             : f.name;
      generated.push_back({"", name, f.type, f.nullable || call.outer, true});
    }
    node->schema = SchemaOf(generated);
    current = {node, generated};
    scope.columns = &current.columns;
  }

  // The projection, plus hidden columns for ORDER BY keys outside it and for
  // lifted correlation keys.
  std::vector<ExprPtr> exprs;
  Columns columns;
  for (const Item& item : items) {
    if (item.generator_first >= 0) {
      for (int k = 0; k < item.generator_count; ++k) {
        Column c = current.columns[item.generator_first + k];
        exprs.push_back(plan::ColumnRef(item.generator_first + k, c.type, c.nullable));
        c.hidden = false;
        columns.push_back(c);
      }
      continue;
    }
    if (item.ast) {
      ExprPtr e = binder_.Bind(*item.ast, scope);
      exprs.push_back(e);
      columns.push_back({"", item.name, e->type, e->nullable, false});
      if (item.ast->kind == ExprKind_AST::kColumn && item.name == item.ast->names.back()) {
        if (e->kind == ExprKind::kColumnRef) columns.back().qualifier = current.columns[e->column].qualifier;
      }
    } else {
      int c = grouped ? MapGrouped(item.star_column, grouped_columns, pre_aggregate, query.pos, query.group_by.empty()) : item.star_column;
      const Column& source = current.columns[c];
      exprs.push_back(plan::ColumnRef(c, source.type, source.nullable));
      columns.push_back(source);
      columns.back().hidden = false;
    }
  }
  size_t visible = exprs.size();
  if (!lifted.empty()) {
    std::vector<int> cols;
    for (const auto& pred : lifted) plan::CollectColumns(*pred, &cols);
    std::vector<int> mapping(current.columns.size(), -1);
    for (int c : cols) {
      if (mapping[c] >= 0) continue;
      mapping[c] = static_cast<int>(exprs.size());
      exprs.push_back(plan::ColumnRef(c, current.columns[c].type, current.columns[c].nullable));
      Column hidden = current.columns[c];
      hidden.hidden = true;
      columns.push_back(hidden);
    }
    for (ExprPtr& pred : lifted) pred = RemapInner(pred, mapping);
    correlated->insert(correlated->end(), lifted.begin(), lifted.end());
  }
  Bound projected = Project(current, exprs, columns);
  if (query.distinct) {
    auto node = NewNode(PlanKind::kDistinct, {projected.plan});
    node->schema = projected.plan->schema;
    projected.plan = node;
  }
  SelectContext select{&current, &scope, &exprs, visible};
  return ApplyOrderAndLimit(query, std::move(projected), query.distinct ? nullptr : &select);
}

Bound Analyzer::ApplyOrderAndLimit(const Query& query, Bound input, const SelectContext* select) {
  // ORDER BY, else SORT BY, else CLUSTER BY (ascending).
  struct Key {
    const Expr* expr;
    bool descending;
    OrderItem::Nulls nulls;
  };
  std::vector<Key> order;
  std::vector<std::unique_ptr<Expr>> ordinals;
  if (query.order_by_all && query.order_by.size() == 1 && FindVisible(input.columns, "all") < 0) {
    // ORDER BY ALL: every select-list column, in order, the way ALL is written.
    const OrderItem& all = query.order_by[0];
    size_t width = select ? select->visible : input.columns.size();
    for (size_t i = 0; i < width; ++i) {
      if (input.columns[i].hidden) continue;
      ordinals.push_back(std::make_unique<Expr>(ExprKind_AST::kLiteral, all.expr->pos));
      ordinals.back()->literal = LiteralKind::kInt;
      ordinals.back()->int_value = static_cast<int64_t>(i) + 1;
      order.push_back({ordinals.back().get(), all.descending, all.nulls});
    }
  } else {
    for (const OrderItem& o : !query.order_by.empty() ? query.order_by : query.sort_by)
      order.push_back({o.expr.get(), o.descending, o.nulls});
  }
  if (order.empty())
    for (const auto& e : query.cluster_by) order.push_back({e.get(), false, OrderItem::Nulls::kDefault});
  if (!order.empty()) {
    // Keys: select-list ordinals and aliases first, then expressions over the
    // select's input (added as hidden columns and dropped after the sort).
    std::vector<plan::SortKey> keys;
    Bound sorted_input = input;
    std::vector<ExprPtr> extra;
    BindScope out_scope;
    out_scope.columns = &input.columns;
    for (const Key& item : order) {
      plan::SortKey key;
      key.ascending = !item.descending;
      key.nulls_first = item.nulls == OrderItem::Nulls::kDefault ? key.ascending : item.nulls == OrderItem::Nulls::kFirst;
      const Expr& ast = *item.expr;
      if (ast.kind == ExprKind_AST::kLiteral && ast.literal == LiteralKind::kInt) {
        int64_t ordinal = ast.int_value;
        size_t width = select ? select->visible : input.columns.size();
        if (ordinal < 1 || ordinal > static_cast<int64_t>(width)) {
          ThrowAt(ast.pos, ErrorClass::kOrderByPosOutOfRange,
                  {{"index", std::to_string(ordinal)}, {"size", std::to_string(width)}});
        }
        key.expr = plan::ColumnRef(static_cast<int>(ordinal - 1), input.columns[ordinal - 1].type,
                                   input.columns[ordinal - 1].nullable);
      } else {
        ExprPtr bound;
        try {
          bound = binder_.Bind(ast, out_scope);
        } catch (const Error&) {
          if (!select) throw;
        }
        if (!bound) {
          // Bind over the select's input; the key travels as a hidden column.
          ExprPtr below = binder_.Bind(ast, *select->scope);
          int position = -1;
          for (size_t i = 0; i < select->exprs->size(); ++i)
            if (plan::ToString(*(*select->exprs)[i]) == plan::ToString(*below)) position = static_cast<int>(i);
          if (position < 0) {
            position = static_cast<int>(select->exprs->size() + extra.size());
            extra.push_back(below);
          }
          bound = plan::ColumnRef(position, below->type, below->nullable);
        }
        key.expr = bound;
      }
      keys.push_back(std::move(key));
    }
    if (!extra.empty()) {
      // Rebuild the projection with the extra keys.
      const PlanNode& project = *input.plan;
      TARN_CHECK(project.kind == PlanKind::kProject, "ORDER BY over a non-projection");
      std::vector<ExprPtr> exprs = project.exprs;
      Columns columns = input.columns;
      for (const auto& e : extra) {
        exprs.push_back(e);
        columns.push_back({"", "__sort", e->type, e->nullable, true});
      }
      sorted_input = Project({project.children[0], select->input->columns}, exprs, columns);
    }
    auto node = NewNode(PlanKind::kSort, {sorted_input.plan});
    node->sort_keys = std::move(keys);
    node->schema = sorted_input.plan->schema;
    input = {node, sorted_input.columns};
  }
  if (query.limit || query.offset) {
    auto node = NewNode(PlanKind::kLimit, {input.plan});
    node->limit = query.limit ? binder_.BindLimit(*query.limit, "limit") : -1;
    node->offset = query.offset ? binder_.BindLimit(*query.offset, "offset") : 0;
    node->schema = input.plan->schema;
    input.plan = node;
  }
  return input;
}

Bound Analyzer::AnalyzeWhere(const Expr& where, Bound input, const BindScope* outer, std::vector<ExprPtr>* lifted) {
  std::vector<const Expr*> invalid;
  binder_.CollectAggregates(where, &invalid);
  binder_.CollectWindows(where, &invalid);
  if (!invalid.empty()) {
    std::string list;
    for (const Expr* e : invalid) list += (list.empty() ? "" : ", ") + ToString(*e);
    ThrowAt(where.pos, ErrorClass::kInvalidWhereCondition, {{"condition", "\"" + ToString(where) + "\""}, {"expressionList", list}});
  }
  std::vector<const Expr*> conjuncts;
  SplitConjuncts(&where, &conjuncts);
  std::vector<ExprPtr> filters;
  for (const Expr* conjunct : conjuncts) {
    const Expr* c = conjunct;
    bool negated = false;
    if (c->kind == ExprKind_AST::kUnary && EqualsIgnoreCase(c->op, "NOT") &&
        (c->children[0]->kind == ExprKind_AST::kExists || c->children[0]->kind == ExprKind_AST::kInSubquery)) {
      negated = true;
      c = c->children[0].get();
    }
    if (c->kind == ExprKind_AST::kExists || c->kind == ExprKind_AST::kInSubquery) {
      negated ^= c->negated;
      input = JoinSubqueryPredicate(*c, negated, std::move(input), outer);
      continue;
    }
    BindScope scope;
    scope.columns = &input.columns;
    scope.outer = outer;
    std::map<std::string, int> substitutions;
    input = AttachCorrelatedScalars(*c, std::move(input), outer, &substitutions);
    scope.columns = &input.columns;
    scope.substitutions = &substitutions;
    ExprPtr bound = binder_.BindPredicate(*c, scope, "WHERE");
    if (HasOuterRef(*bound)) lifted->push_back(bound);
    else filters.push_back(bound);
  }
  return Filter(std::move(input), AndAll(filters));
}

Bound Analyzer::JoinSubqueryPredicate(const Expr& predicate, bool negated, Bound input, const BindScope* outer) {
  BindScope scope;
  scope.columns = &input.columns;
  scope.outer = outer;
  std::vector<ExprPtr> correlated;
  Bound sub = AnalyzeQueryBlock(*predicate.subquery, &scope, &correlated);
  int width = static_cast<int>(input.columns.size());
  std::vector<ExprPtr> conditions;
  for (const auto& pred : correlated) conditions.push_back(ToJoinCondition(pred, width));
  plan::JoinType type = negated ? plan::JoinType::kLeftAnti : plan::JoinType::kLeftSemi;
  if (predicate.kind == ExprKind_AST::kInSubquery) {
    const Expr& value = *predicate.children[0];
    std::vector<ExprPtr> values;
    if (value.kind == ExprKind_AST::kRow) {
      for (const auto& v : value.children) values.push_back(binder_.Bind(*v, scope));
    } else {
      values.push_back(binder_.Bind(value, scope));
    }
    size_t visible = 0;
    for (const Column& c : sub.columns) visible += !c.hidden;
    if (values.size() != visible) {
      ThrowAt(predicate.pos, ErrorClass::kInSubqueryLengthMismatch,
              {{"leftLength", std::to_string(values.size())}, {"rightLength", std::to_string(visible)}});
    }
    for (size_t i = 0; i < values.size(); ++i) {
      ExprPtr right = plan::ColumnRef(width + static_cast<int>(i), sub.columns[i].type, sub.columns[i].nullable);
      ExprPtr eq = binder_.CallFunction("=", {values[i], right}, predicate.pos);
      conditions.insert(conditions.begin() + static_cast<long>(i), eq);
    }
    if (negated) type = plan::JoinType::kNullAwareAnti;
  }
  Bound joined = Join(input, sub, type, AndAll(conditions));
  return joined;
}

Bound Analyzer::AttachCorrelatedScalars(const Expr& ast, Bound input, const BindScope* outer,
                                        std::map<std::string, int>* substitutions, const BindScope* base) {
  input = AttachSubqueryPredicates(ast, std::move(input), outer, substitutions, base);
  std::vector<const Expr*> subqueries;
  binder_.CollectScalarSubqueries(ast, &subqueries);
  for (const Expr* s : subqueries) {
    BindScope scope;
    scope.columns = &input.columns;
    scope.outer = outer;
    std::vector<ExprPtr> correlated;
    Bound sub = AnalyzeQueryBlock(*s->subquery, &scope, &correlated);
    if (correlated.empty()) continue;  // bound as an uncorrelated scalar subquery
    if (!IsEquiCorrelation(correlated)) {
      // Grouping by the correlation columns gives one value per left row only
      // for column = outer equalities.
      ThrowAt(s->pos, ErrorClass::kUnsupportedFeature,
              {{"feature", "a correlated scalar subquery whose correlation is not column = outer-column equalities"}});
    }
    int width = static_cast<int>(input.columns.size());
    std::vector<ExprPtr> conditions;
    for (const auto& pred : correlated) conditions.push_back(ToJoinCondition(pred, width));
    Bound joined = Join(input, sub, plan::JoinType::kLeft, AndAll(conditions));
    for (size_t i = width; i < joined.columns.size(); ++i) joined.columns[i].hidden = true;
    // COUNT over no matching rows is 0, not NULL.
    ExprPtr value = plan::ColumnRef(width, joined.columns[width].type, true);
    if (binder_.IsCountQuery(*s->subquery)) {
      ExprPtr zero = plan::Cast(plan::Int64Literal(0), value->type);
      std::vector<ExprPtr> exprs;
      Columns columns = joined.columns;
      for (size_t i = 0; i < joined.columns.size(); ++i)
        exprs.push_back(plan::ColumnRef(static_cast<int>(i), joined.columns[i].type, joined.columns[i].nullable));
      exprs[width] = plan::MakeExpr(ExprKind::kCoalesce, value->type, {value, zero});
      joined = Project(std::move(joined), std::move(exprs), std::move(columns));
    }
    (*substitutions)[ToString(*s)] = width;
    input = std::move(joined);
  }
  return input;
}

// EXISTS / IN (subquery) anywhere in an expression (under OR, in the select
// list, HAVING, ...): mark joins add boolean columns to `input`, and the
// predicate's AST text maps to a column holding its three-valued result.
//   EXISTS: the mark of "some subquery row satisfies the correlation".
//   x IN (q): TRUE when a row equals x; else NULL when some comparison is
//   unknown (NULL on either side); else FALSE — a second mark join finds the
//   unknown comparisons.
Bound Analyzer::AttachSubqueryPredicates(const Expr& ast, Bound input, const BindScope* outer,
                                         std::map<std::string, int>* substitutions, const BindScope* base) {
  std::vector<const Expr*> predicates;
  std::function<void(const Expr&)> collect = [&](const Expr& e) {
    if (e.kind == ExprKind_AST::kScalarSubquery || e.kind == ExprKind_AST::kLambda) return;
    if (e.kind == ExprKind_AST::kExists || e.kind == ExprKind_AST::kInSubquery) {
      predicates.push_back(&e);
      return;
    }
    for (const auto& child : e.children)
      if (child) collect(*child);
  };
  collect(ast);
  for (const Expr* p : predicates) {
    std::string key = ToString(*p);
    if (substitutions->count(key)) continue;
    BindScope scope;
    if (base) scope = *base;
    scope.columns = &input.columns;
    scope.outer = outer;
    scope.substitutions = substitutions;
    std::vector<ExprPtr> correlated;
    Bound sub = AnalyzeQueryBlock(*p->subquery, &scope, &correlated);
    auto mark = [&](Bound left, std::vector<ExprPtr> conditions) {
      int width = static_cast<int>(left.columns.size());
      for (const auto& pred : correlated) conditions.push_back(ToJoinCondition(pred, width));
      return Join(std::move(left), sub, plan::JoinType::kMark, AndAll(conditions));
    };
    int width = static_cast<int>(input.columns.size());
    ExprPtr result;
    Bound joined;
    if (p->kind == ExprKind_AST::kExists) {
      joined = mark(std::move(input), {});
      result = plan::ColumnRef(width, DataType::Boolean(), false);
    } else {
      const Expr& value = *p->children[0];
      std::vector<ExprPtr> values;
      if (value.kind == ExprKind_AST::kRow) {
        for (const auto& v : value.children) values.push_back(binder_.Bind(*v, scope));
      } else {
        values.push_back(binder_.Bind(value, scope));
      }
      size_t visible = 0;
      for (const Column& c : sub.columns) visible += !c.hidden;
      if (values.size() != visible) {
        ThrowAt(p->pos, ErrorClass::kInSubqueryLengthMismatch,
                {{"leftLength", std::to_string(values.size())}, {"rightLength", std::to_string(visible)}});
      }
      // The comparisons with the subquery's columns starting at `offset`.
      auto equal = [&](int offset) {
        std::vector<ExprPtr> eqs;
        for (size_t i = 0; i < values.size(); ++i) {
          ExprPtr right = plan::ColumnRef(offset + static_cast<int>(i), sub.columns[i].type, sub.columns[i].nullable);
          eqs.push_back(binder_.CallFunction("=", {values[i], right}, p->pos));
        }
        return AndAll(eqs);
      };
      joined = mark(std::move(input), {equal(width)});
      ExprPtr unknown = plan::MakeExpr(ExprKind::kIsNull, DataType::Boolean(), {equal(width + 1)});
      joined = mark(std::move(joined), {unknown});
      ExprPtr matched = plan::ColumnRef(width, DataType::Boolean(), false);
      ExprPtr has_unknown = plan::ColumnRef(width + 1, DataType::Boolean(), false);
      auto in = std::make_shared<plan::Expr>(*plan::MakeExpr(
          ExprKind::kCase, DataType::Boolean(),
          {matched, plan::BoolLiteral(true), has_unknown, plan::NullLiteral(DataType::Boolean()), plan::BoolLiteral(false)}));
      in->has_else = true;
      result = in;
    }
    if (p->negated) result = plan::MakeExpr(ExprKind::kNot, DataType::Boolean(), {result});
    std::vector<ExprPtr> exprs;
    Columns columns = joined.columns;
    for (size_t i = 0; i < joined.columns.size(); ++i)
      exprs.push_back(plan::ColumnRef(static_cast<int>(i), joined.columns[i].type, joined.columns[i].nullable));
    exprs.push_back(result);
    columns.push_back({"", key, DataType::Boolean(), true, true});
    (*substitutions)[key] = static_cast<int>(columns.size()) - 1;
    input = Project(std::move(joined), std::move(exprs), std::move(columns));
  }
  return input;
}

// Correlated predicates that are all inner-column = outer-expression equalities.
bool Analyzer::IsEquiCorrelation(const std::vector<ExprPtr>& correlated) {
  return std::all_of(correlated.begin(), correlated.end(), [](const ExprPtr& p) {
    if (p->kind != ExprKind::kCall || p->name != "=" || p->args.size() != 2) return false;
    bool l = HasOuterRef(*p->args[0]), r = HasOuterRef(*p->args[1]);
    const ExprPtr& inner_side = l ? p->args[1] : p->args[0];
    return l != r && inner_side->kind == ExprKind::kColumnRef;
  });
}

ExprPtr Analyzer::RemapInner(const ExprPtr& e, const std::vector<int>& mapping) {
  if (e->kind == ExprKind::kColumnRef) {
    auto copy = std::make_shared<plan::Expr>(*e);
    copy->column = mapping[e->column];
    TARN_CHECK(copy->column >= 0, "correlated column lost");
    return copy;
  }
  if (e->args.empty()) return e;
  auto copy = std::make_shared<plan::Expr>(*e);
  for (ExprPtr& a : copy->args) a = RemapInner(a, mapping);
  return copy;
}

int Analyzer::MapGrouped(int column, const std::map<int, int>& grouped, const Columns& pre, const SourcePos& pos,
                         bool global_aggregate) {
  auto it = grouped.find(column);
  if (it == grouped.end()) {
    if (global_aggregate) ThrowAt(pos, ErrorClass::kMissingGroupBy, {});
    ThrowAt(pos, ErrorClass::kMissingAggregation,
            {{"expression", "\"" + pre[column].name + "\""}, {"expressionAnyValue", "\"any_value(" + pre[column].name + ")\""}});
  }
  return it->second;
}

}  // namespace detail

plan::PlanPtr AnalyzeQuery(const Query& query, const AnalyzerOptions& options) {
  detail::Analyzer analyzer(options);
  detail::Bound bound = analyzer.AnalyzeQueryBlock(query, nullptr, nullptr);
  bound = analyzer.DropHidden(std::move(bound));
  return bound.plan;
}

}  // namespace tarn::sql
