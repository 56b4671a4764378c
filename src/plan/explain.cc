// EXPLAIN text for expressions and logical plans, in Spark's shapes:
//   Project [a#0, (b#1 + 1) AS c]
//   +- Filter (x#2 > 5)
//      +- Scan parquet [/path] [a, b, x]
// The physical plan's text is in physical_explain.cc.
#include <cctype>
#include <functional>
#include <string>

#include "columnar/value_text.h"
#include "common/check.h"
#include "plan/explain_text.h"
#include "plan/expr.h"
#include "plan/logical_plan.h"
#include "plan/optimizer.h"

namespace tarn::plan {

using explain::Join;

namespace {

bool IsOperatorName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') return false;
  return true;
}

std::string ColumnName(int column, const Schema* input) {
  std::string pos = "#" + std::to_string(column);
  if (input && column >= 0 && static_cast<size_t>(column) < input->size()) return (*input)[column].name + pos;
  return pos;
}

std::string Args(const Expr& expr, const Schema* input, size_t from = 0) {
  std::vector<std::string> parts;
  for (size_t i = from; i < expr.args.size(); ++i) parts.push_back(ToString(*expr.args[i], input));
  return Join(parts);
}

}  // namespace

namespace explain {

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += separator;
    out += parts[i];
  }
  return out;
}

std::vector<std::string> ColumnTexts(const Schema& schema) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < schema.size(); ++i) parts.push_back(schema[i].name + "#" + std::to_string(i));
  return parts;
}

std::string SortKeyText(const SortKey& key, const Schema* input) {
  return ToString(*key.expr, input) + (key.ascending ? " ASC" : " DESC") +
         (key.nulls_first ? " NULLS FIRST" : " NULLS LAST");
}

std::string AggregateText(const AggregateCall& call, const Schema* input) {
  std::string out = call.name + "(" + (call.distinct ? "DISTINCT " : "");
  std::vector<std::string> args;
  for (const auto& arg : call.args) args.push_back(ToString(*arg, input));
  out += Join(args) + ")";
  if (call.filter) out += " FILTER (WHERE " + ToString(*call.filter, input) + ")";
  return out;
}

std::string WindowCallText(const WindowCall& call, const Schema* input) {
  std::vector<std::string> args, parts, order;
  for (const auto& a : call.args) args.push_back(ToString(*a, input));
  for (const auto& p : call.partition_by) parts.push_back(ToString(*p, input));
  for (const auto& o : call.order_by) order.push_back(SortKeyText(o, input));
  std::string name = call.function.empty() ? "agg" : call.function;
  return name + "(" + Join(args) + ") windowspecdefinition(" + Join(parts) + (parts.empty() ? "" : ", ") +
         Join(order) + ", " + (call.frame.rows ? "rows" : "range") + ")";
}

std::vector<std::string> JoinKeyConditions(const PlanNode& join) {
  std::vector<std::string> conds;
  const Schema* ls = join.children.size() == 2 ? &join.children[0]->schema : nullptr;
  const Schema* rs = join.children.size() == 2 ? &join.children[1]->schema : nullptr;
  for (size_t k = 0; k < join.left_keys.size() && k < join.right_keys.size(); ++k) {
    bool safe = k < join.null_safe.size() && join.null_safe[k];
    conds.push_back("(" + ToString(*join.left_keys[k], ls) + (safe ? " <=> " : " = ") +
                    ToString(*join.right_keys[k], rs) + ")");
  }
  return conds;
}

Schema JoinPairSchema(const PlanNode& join) {
  Schema both;
  if (join.children.size() != 2) return both;
  both = join.children[0]->schema;
  both.insert(both.end(), join.children[1]->schema.begin(), join.children[1]->schema.end());
  return both;
}

std::string StructText(const Schema& schema) {
  std::vector<std::string> fields;
  for (const Field& f : schema) fields.push_back(f.name + ":" + f.type.ToString());
  return "struct<" + Join(fields, ",") + ">";
}

}  // namespace explain

std::string ToString(const Expr& expr, const Schema* input) {
  switch (expr.kind) {
    case ExprKind::kColumnRef: return ColumnName(expr.column, input);
    case ExprKind::kLiteral: {
      if (!expr.literal || expr.literal->IsNull(0)) return "null";
      std::string text;
      AppendSparkText(*expr.literal, 0, &text);
      return text;
    }
    case ExprKind::kCall:
      if (IsOperatorName(expr.name) && expr.args.size() == 2)
        return "(" + ToString(*expr.args[0], input) + " " + expr.name + " " + ToString(*expr.args[1], input) + ")";
      if (IsOperatorName(expr.name) && expr.args.size() == 1) return "(" + expr.name + ToString(*expr.args[0], input) + ")";
      return expr.name + "(" + Args(expr, input) + ")";
    case ExprKind::kCast:
      return std::string(expr.try_cast ? "try_cast(" : "cast(") + ToString(*expr.args[0], input) + " as " +
             expr.type.ToString() + ")";
    case ExprKind::kAnd:
      return "(" + ToString(*expr.args[0], input) + " AND " + ToString(*expr.args[1], input) + ")";
    case ExprKind::kOr: return "(" + ToString(*expr.args[0], input) + " OR " + ToString(*expr.args[1], input) + ")";
    case ExprKind::kNot: return "NOT " + ToString(*expr.args[0], input);
    case ExprKind::kIsNull: return "isnull(" + ToString(*expr.args[0], input) + ")";
    case ExprKind::kIsNotNull: return "isnotnull(" + ToString(*expr.args[0], input) + ")";
    case ExprKind::kCase: {
      std::string out = "CASE";
      size_t pairs = (expr.args.size() - (expr.has_else ? 1 : 0)) / 2;
      for (size_t p = 0; p < pairs; ++p)
        out += " WHEN " + ToString(*expr.args[2 * p], input) + " THEN " + ToString(*expr.args[2 * p + 1], input);
      if (expr.has_else) out += " ELSE " + ToString(*expr.args.back(), input);
      return out + " END";
    }
    case ExprKind::kCoalesce: return "coalesce(" + Args(expr, input) + ")";
    case ExprKind::kIn: {
      std::vector<std::string> items;
      for (size_t i = 1; i < expr.args.size(); ++i) items.push_back(ToString(*expr.args[i], input));
      return ToString(*expr.args[0], input) + " IN (" + Join(items, ",") + ")";
    }
    case ExprKind::kHigherOrder: return expr.name + "(" + Args(expr, input) + ")";
    case ExprKind::kLambda: return "lambdafunction(" + ToString(*expr.args[0], input) + ")";
    case ExprKind::kLambdaVariable: return "lambda x_" + std::to_string(expr.column);
    case ExprKind::kScalarSubquery: return "scalar-subquery";
    case ExprKind::kOuterRef: return "outer(" + std::to_string(expr.column) + ")";  // analysis only
  }
  return "?";
}

Schema JoinOutputSchema(JoinType type, const Schema& left, const Schema& right) {
  Schema out = left;
  switch (type) {
    case JoinType::kLeftSemi:
    case JoinType::kLeftAnti:
    case JoinType::kNullAwareAnti: return out;
    case JoinType::kMark: out.push_back({"exists", DataType::Boolean(), false}); return out;
    default: break;
  }
  bool left_nullable = type == JoinType::kRight || type == JoinType::kFull;
  bool right_nullable = type == JoinType::kLeft || type == JoinType::kFull;
  if (left_nullable)
    for (Field& f : out) f.nullable = true;
  for (Field f : right) {
    if (right_nullable) f.nullable = true;
    out.push_back(std::move(f));
  }
  return out;
}

std::string JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner: return "Inner";
    case JoinType::kLeft: return "LeftOuter";
    case JoinType::kRight: return "RightOuter";
    case JoinType::kFull: return "FullOuter";
    case JoinType::kLeftSemi: return "LeftSemi";
    case JoinType::kLeftAnti: return "LeftAnti";
    case JoinType::kNullAwareAnti: return "LeftAnti(NullAware)";
    case JoinType::kMark: return "ExistenceJoin";
    case JoinType::kCross: return "Cross";
  }
  return "?";
}

namespace {

using explain::SortKeyText;

std::string Columns(const Schema& schema) { return "[" + Join(explain::ColumnTexts(schema)) + "]"; }

std::string NodeText(const PlanNode& node) {
  const Schema* input = node.children.empty() ? nullptr : &node.children[0]->schema;
  switch (node.kind) {
    case PlanKind::kScan: {
      std::vector<std::string> cols;
      for (const Field& f : node.schema) cols.push_back(f.name);
      return "Scan " + (node.table ? node.table->description() : std::string("?")) + " [" + Join(cols) + "]";
    }
    case PlanKind::kValues: return "LocalRelation " + Columns(node.schema);
    case PlanKind::kFilter: return "Filter " + ToString(*node.condition, input);
    case PlanKind::kProject: {
      std::vector<std::string> parts;
      for (size_t i = 0; i < node.exprs.size(); ++i) {
        const Expr& e = *node.exprs[i];
        std::string text = ToString(e, input);
        const std::string& name = i < node.schema.size() ? node.schema[i].name : "";
        bool same_column = e.kind == ExprKind::kColumnRef && input && e.column >= 0 &&
                           static_cast<size_t>(e.column) < input->size() && (*input)[e.column].name == name;
        parts.push_back(same_column ? text : text + " AS " + name);
      }
      return "Project [" + Join(parts) + "]";
    }
    case PlanKind::kAggregate: {
      std::vector<std::string> keys, outputs;
      for (const auto& k : node.group_by) keys.push_back(ToString(*k, input));
      outputs = keys;
      for (size_t a = 0; a < node.aggregates.size(); ++a) {
        size_t col = node.group_by.size() + a;
        outputs.push_back(explain::AggregateText(node.aggregates[a], input) + " AS " +
                          (col < node.schema.size() ? node.schema[col].name : ""));
      }
      return "Aggregate [" + Join(keys) + "], [" + Join(outputs) + "]";
    }
    case PlanKind::kJoin: {
      std::string out = "Join " + JoinTypeName(node.join_type);
      std::vector<std::string> conds = explain::JoinKeyConditions(node);
      Schema both = explain::JoinPairSchema(node);
      if (node.condition) conds.push_back(ToString(*node.condition, node.children.size() == 2 ? &both : nullptr));
      if (!conds.empty()) out += ", " + Join(conds, " AND ");
      if (node.broadcast_left) out += ", BuildLeft";
      return out;
    }
    case PlanKind::kSort: {
      std::vector<std::string> keys;
      for (const auto& k : node.sort_keys) keys.push_back(SortKeyText(k, input));
      return "Sort [" + Join(keys) + "], true";
    }
    case PlanKind::kLimit: {
      std::string out;
      if (node.limit >= 0) out = "Limit " + std::to_string(node.limit);
      if (node.offset > 0) out += (out.empty() ? "" : " ") + std::string("Offset ") + std::to_string(node.offset);
      return out.empty() ? "Limit" : out;
    }
    case PlanKind::kUnion: return "Union";
    case PlanKind::kSetOperation: {
      std::string op = node.set_op;
      for (size_t i = 1; i < op.size(); ++i) op[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(op[i])));
      if (node.set_op == "UNION") return "Union Distinct";
      return op + (node.all ? " All" : "");
    }
    case PlanKind::kDistinct: return "Distinct";
    case PlanKind::kWindow: {
      std::vector<std::string> calls;
      size_t first = input ? input->size() : 0;
      for (size_t w = 0; w < node.windows.size(); ++w) {
        size_t col = first + w;
        calls.push_back(explain::WindowCallText(node.windows[w], input) + " AS " +
                        (col < node.schema.size() ? node.schema[col].name : ""));
      }
      return "Window [" + Join(calls) + "]";
    }
    case PlanKind::kGenerate: {
      std::vector<std::string> args;
      for (const auto& a : node.generator_args) args.push_back(ToString(*a, input));
      return "Generate " + node.generator_name + "(" + Join(args) + "), " + (node.outer ? "true" : "false");
    }
    case PlanKind::kExpand: {
      std::vector<std::string> projections;
      for (const auto& p : node.projections) {
        std::vector<std::string> exprs;
        for (const auto& e : p) exprs.push_back(ToString(*e, input));
        projections.push_back("[" + Join(exprs) + "]");
      }
      return "Expand [" + Join(projections) + "], " + Columns(node.schema);
    }
    case PlanKind::kSample:
      if (node.sample_rows >= 0) return "Sample " + std::to_string(node.sample_rows) + " ROWS";
      return "Sample 0.0, " + std::to_string(node.sample_fraction) + ", false, " + std::to_string(node.sample_seed);
  }
  return "?";
}

using Annotator = std::function<std::string(const PlanNode&)>;

void Explain(const PlanNode& node, const std::string& prefix, const Annotator& annotate, std::string* out) {
  *out += NodeText(node);
  if (annotate) *out += annotate(node);
  *out += "\n";
  for (size_t i = 0; i < node.children.size(); ++i) {
    bool last = i + 1 == node.children.size();
    *out += prefix + (last ? "+- " : ":- ");
    if (node.children[i]) Explain(*node.children[i], prefix + (last ? "   " : ":  "), annotate, out);
    else *out += "?\n";
  }
}

std::string ExplainTree(const PlanNode& plan, const Annotator& annotate) {
  std::string out;
  Explain(plan, "", annotate, &out);
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

}  // namespace

std::string ExplainPlan(const PlanNode& plan) { return ExplainTree(plan, nullptr); }

std::string ExplainPlanWithStatistics(const PlanNode& plan) {
  return ExplainTree(plan, [](const PlanNode& node) { return ", " + ToString(EstimateStatistics(node)); });
}

}  // namespace tarn::plan
