// Binding AST expressions to plan expressions: names, functions, literals,
// implicit casts. See expression_binder.h.
#include "sql/expression_binder.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "common/check.h"
#include "common/strings.h"
#include "functions/cast.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "types/coercion.h"
#include "types/datetime.h"
#include "types/decimal.h"
#include "types/type_parser.h"

namespace tarn::sql::detail {

using plan::ExprKind;
using plan::ExprPtr;

bool SameName(std::string_view a, std::string_view b) { return EqualsIgnoreCase(a, b); }

int FindVisible(const Columns& columns, std::string_view name) {
  for (size_t i = 0; i < columns.size(); ++i)
    if (!columns[i].hidden && SameName(columns[i].name, name)) return static_cast<int>(i);
  return -1;
}

void ThrowAt(const SourcePos& pos, ErrorClass error_class, ErrorParams params) {
  ErrorInfo info = MakeError(error_class, std::move(params));
  info.line = pos.line;
  info.column = pos.column;
  throw Error(std::move(info));
}

namespace {

std::string QuotedName(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ".") + ("`" + n + "`");
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cur = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (same ? 0 : 1)});
      prev = cur;
    }
  }
  return row[b.size()];
}

// DATATYPE_MISMATCH or the sub-class the binder named.
ErrorClass MismatchClass(const FunctionBindError& e) {
  if (e.subclass() == "UNEXPECTED_INPUT_TYPE") return ErrorClass::kDatatypeMismatchUnexpectedInputType;
  if (e.subclass() == "BINARY_OP_DIFF_TYPES") return ErrorClass::kDatatypeMismatchBinaryOpDiffTypes;
  if (e.subclass() == "DATA_DIFF_TYPES") return ErrorClass::kDatatypeMismatchDataDiffTypes;
  if (e.subclass() == "NON_FOLDABLE_INPUT") return ErrorClass::kDatatypeMismatchNonFoldableInput;
  return ErrorClass::kDatatypeMismatch;
}

const FunctionInfo* FindFunction(const Expr& call) {
  if (call.kind != ExprKind_AST::kFunction || call.names.empty()) return nullptr;
  return FunctionRegistry::Builtin().Find(call.names.back());
}

bool IsAggregateCall(const Expr& ast) {
  if (ast.kind != ExprKind_AST::kFunction || ast.window) return false;
  const FunctionInfo* info = FindFunction(ast);
  return info && info->kind == FunctionKind::kAggregate;
}

VectorPtr StringVector(std::string_view text) {
  VectorPtr v = Vector::Make(DataType::String(), 1);
  v->SetString(0, text);
  return v;
}

}  // namespace

// --- Names ---------------------------------------------------------------------

const Column* ExprBinder::TryResolveColumn(const std::vector<std::string>& names, const BindScope& scope) {
  const Columns& columns = scope.grouped_columns ? *scope.pre_aggregate : *scope.columns;
  for (const Column& c : columns) {
    if (names.size() >= 2 && SameName(c.qualifier, names[names.size() - 2]) && SameName(c.name, names.back())) return &c;
    if (names.size() == 1 && !c.hidden && SameName(c.name, names[0])) return &c;
  }
  return nullptr;
}

ExprPtr ExprBinder::BindColumn(const Expr& ast, const BindScope& scope) {
  const std::vector<std::string>& names = ast.names;
  // Lambda variables shadow columns.
  if (names.size() >= 1) {
    for (auto it = scope.lambdas.rbegin(); it != scope.lambdas.rend(); ++it) {
      if (SameName(it->first, names[0])) {
        auto var = std::make_shared<plan::Expr>();
        var->kind = ExprKind::kLambdaVariable;
        var->column = it->second.first;
        var->type = it->second.second;
        ExprPtr e = var;
        for (size_t i = 1; i < names.size(); ++i) e = BindField(e, names[i], ast.pos);
        return e;
      }
    }
  }
  // Candidates: (qualifier, column, fields...) or (column, fields...), in the
  // input; in a grouped scope, the aggregate's input mapped to group keys.
  const Columns& columns = scope.grouped_columns ? *scope.pre_aggregate : *scope.columns;
  auto match = [&](size_t qualifier_parts) -> std::vector<int> {
    std::vector<int> found;
    if (names.size() <= qualifier_parts) return found;
    const std::string& name = names[qualifier_parts];
    for (size_t i = 0; i < columns.size(); ++i) {
      const Column& c = columns[i];
      if (!SameName(c.name, name)) continue;
      if (qualifier_parts == 0) {
        if (!c.hidden) found.push_back(static_cast<int>(i));
      } else if (SameName(c.qualifier, names[qualifier_parts - 1])) {
        found.push_back(static_cast<int>(i));
      }
    }
    return found;
  };
  std::vector<int> found;
  size_t used = 0;
  for (size_t q : {size_t{2}, size_t{1}, size_t{0}}) {
    if (q > 0 && names.size() < q + 1) continue;
    found = match(q);
    if (!found.empty()) {
      used = q + 1;
      break;
    }
  }
  if (found.size() > 1) {
    std::string candidates;
    for (int i : found)
      candidates += (candidates.empty() ? "" : ", ") + QuotedName({columns[i].qualifier, columns[i].name});
    ThrowAt(ast.pos, ErrorClass::kAmbiguousReference, {{"name", QuotedName(names)}, {"referenceNames", "[" + candidates + "]"}});
  }
  if (found.empty()) {
    if (scope.outer) {
      BindScope outer = *scope.outer;
      ExprPtr e;
      try {
        e = BindColumn(ast, outer);
      } catch (const Error&) {
        ThrowUnresolved(ast, scope);
      }
      if (e->kind == ExprKind::kColumnRef) {
        auto ref = std::make_shared<plan::Expr>(*e);
        ref->kind = ExprKind::kOuterRef;
        return ref;
      }
      ThrowAt(ast.pos, ErrorClass::kUnsupportedFeature, {{"feature", "nested correlated references"}});
    }
    ThrowUnresolved(ast, scope);
  }
  int index = found[0];
  ExprPtr e;
  if (scope.grouped_columns) {
    auto it = scope.grouped_columns->find(index);
    if (it == scope.grouped_columns->end()) {
      std::string text = ToString(ast);
      if (scope.global_aggregate) ThrowAt(ast.pos, ErrorClass::kMissingGroupBy, {});
      ThrowAt(ast.pos, ErrorClass::kMissingAggregation,
              {{"expression", "\"" + text + "\""}, {"expressionAnyValue", "\"any_value(" + text + ")\""}});
    }
    const Column& c = (*scope.columns)[it->second];
    e = plan::ColumnRef(it->second, c.type, c.nullable);
  } else {
    e = plan::ColumnRef(index, columns[index].type, columns[index].nullable);
  }
  for (size_t i = used; i < names.size(); ++i) e = BindField(e, names[i], ast.pos);
  return e;
}

void ExprBinder::ThrowUnresolved(const Expr& ast, const BindScope& scope) {
  const Columns& columns = scope.grouped_columns ? *scope.pre_aggregate : *scope.columns;
  std::vector<std::pair<size_t, std::string>> ranked;
  for (const Column& c : columns) {
    if (c.hidden) continue;
    std::vector<std::string> full;
    if (!c.qualifier.empty()) full.push_back(c.qualifier);
    full.push_back(c.name);
    ranked.push_back({EditDistance(ast.names.back(), c.name), QuotedName(full)});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  if (ranked.empty()) {
    ThrowAt(ast.pos, ErrorClass::kUnresolvedColumnNoSuggestion, {{"objectName", QuotedName(ast.names)}});
  }
  std::string proposal;
  for (size_t i = 0; i < ranked.size() && i < 5; ++i) proposal += (i ? ", " : "") + ranked[i].second;
  ThrowAt(ast.pos, ErrorClass::kUnresolvedColumn, {{"objectName", QuotedName(ast.names)}, {"proposal", proposal}});
}

std::vector<int> ExprBinder::ExpandStar(const Expr& star, const Columns& columns) {
  std::vector<int> out;
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column& c = columns[i];
    if (star.names.empty()) {
      if (c.hidden) continue;
    } else if (!SameName(c.qualifier, star.names.back())) {
      continue;
    }
    bool excluded = false;
    for (const auto& except : star.children)
      if (except->kind == ExprKind_AST::kColumn && SameName(except->names.back(), c.name)) excluded = true;
    if (!excluded) out.push_back(static_cast<int>(i));
  }
  if (out.empty() && !star.names.empty()) {
    ThrowAt(star.pos, ErrorClass::kCannotResolveStarExpand,
            {{"targetString", QuotedName(star.names)}, {"columns", ""}});
  }
  return out;
}

std::string ExprBinder::AutoName(const Expr& ast) {
  switch (ast.kind) {
    case ExprKind_AST::kColumn: return ast.names.back();
    case ExprKind_AST::kField: return ast.value;
    case ExprKind_AST::kLiteral:
      if (ast.literal == LiteralKind::kString) return ast.value;
      if (ast.literal == LiteralKind::kNull) return "NULL";
      if (ast.literal == LiteralKind::kBoolean) return AsciiLower(ast.value);
      return ToString(ast);
    case ExprKind_AST::kFunction: {
      std::string out = AsciiLower(ast.names.back()) + "(";
      if (ast.distinct) out += "DISTINCT ";
      for (size_t i = 0; i < ast.children.size(); ++i) {
        if (i) out += ", ";
        out += ast.children[i]->kind == ExprKind_AST::kStar ? "*" : AutoName(*ast.children[i]);
      }
      out += ")";
      return out;
    }
    default: return ToString(ast);
  }
}

// --- Expressions ---------------------------------------------------------------

ExprPtr ExprBinder::Bind(const Expr& ast, const BindScope& scope) {
  if (scope.substitutions) {
    auto it = scope.substitutions->find(ToString(ast));
    if (it != scope.substitutions->end()) {
      const Column& c = (*scope.columns)[it->second];
      return plan::ColumnRef(it->second, c.type, c.nullable);
    }
  }
  switch (ast.kind) {
    case ExprKind_AST::kLiteral: return BindLiteral(ast);
    case ExprKind_AST::kColumn: return BindColumn(ast, scope);
    case ExprKind_AST::kStar:
      ThrowAt(ast.pos, ErrorClass::kInvalidUsageOfStar, {{"elem", "'*'"}, {"prettyName", "expression"}});
    case ExprKind_AST::kUnary: {
      ExprPtr operand = Bind(*ast.children[0], scope);
      if (EqualsIgnoreCase(ast.op, "NOT")) return plan::MakeExpr(ExprKind::kNot, DataType::Boolean(), {ToBoolean(operand, ast, "NOT")});
      if (ast.op == "-") return CallFunction("negative", {operand}, ast.pos, &ast);
      if (ast.op == "+") return CallFunction("positive", {operand}, ast.pos, &ast);
      return CallFunction(ast.op, {operand}, ast.pos, &ast);
    }
    case ExprKind_AST::kBinary: return BindBinary(ast, scope);
    case ExprKind_AST::kFunction: return BindFunction(ast, scope);
    case ExprKind_AST::kCase: return BindCase(ast, scope);
    case ExprKind_AST::kCast: {
      ExprPtr input = Bind(*ast.children[0], scope);
      DataType type;
      try {
        type = ParseDataType(ast.value);
      } catch (Error& e) {
        e.mutable_info().line = ast.pos.line;
        e.mutable_info().column = ast.pos.column;
        throw;
      }
      auto cast = std::make_shared<plan::Expr>();
      cast->kind = ExprKind::kCast;
      cast->type = type;
      cast->try_cast = EqualsIgnoreCase(ast.op, "TRY_CAST");
      // Casts no value of the type can take are analysis errors (in every mode).
      if (!CanCast(input->type, type, cast->try_cast ? CastMode::kTry : CastModeFor(options_.functions))) {
        ThrowAt(ast.pos, ErrorClass::kDatatypeMismatchCastWithoutSuggestion,
                {{"sqlExpr", "\"" + ToString(ast) + "\""},
                 {"srcType", "\"" + input->type.ToSql() + "\""},
                 {"targetType", "\"" + type.ToSql() + "\""}});
      }
      cast->args.push_back(input);
      return cast;
    }
    case ExprKind_AST::kIn: {
      std::vector<ExprPtr> args;
      for (const auto& child : ast.children) args.push_back(Bind(*child, scope));
      args = CoerceToCommon(std::move(args), ast);
      ExprPtr in = plan::MakeExpr(ExprKind::kIn, DataType::Boolean(), std::move(args));
      return ast.negated ? plan::MakeExpr(ExprKind::kNot, DataType::Boolean(), {in}) : in;
    }
    case ExprKind_AST::kBetween: {
      ExprPtr value = Bind(*ast.children[0], scope);
      ExprPtr low = CallFunction(">=", {value, Bind(*ast.children[1], scope)}, ast.pos, &ast);
      ExprPtr high = CallFunction("<=", {value, Bind(*ast.children[2], scope)}, ast.pos, &ast);
      ExprPtr both = plan::MakeExpr(ExprKind::kAnd, DataType::Boolean(), {low, high});
      return ast.negated ? plan::MakeExpr(ExprKind::kNot, DataType::Boolean(), {both}) : both;
    }
    case ExprKind_AST::kLike: {
      ExprPtr value = Bind(*ast.children[0], scope);
      std::string op = AsciiLower(ast.op);
      std::string base = op.substr(0, op.find(' '));
      bool any = op.find(" any") != std::string::npos || op.find(" some") != std::string::npos;
      bool all = op.find(" all") != std::string::npos;
      std::string function = base == "regexp" ? "rlike" : base;
      ExprPtr result;
      for (size_t i = 1; i < ast.children.size(); ++i) {
        std::vector<ExprPtr> args = {value, Bind(*ast.children[i], scope)};
        if (ast.has_escape) args.push_back(plan::Literal(StringVector(ast.value)));
        ExprPtr one = CallFunction(function, std::move(args), ast.pos, &ast);
        // NOT LIKE ANY / ALL negate each pattern's match (Spark's NotLikeAny:
        // some pattern does not match; NotLikeAll: none matches).
        if (ast.negated && (any || all)) one = plan::MakeExpr(ExprKind::kNot, DataType::Boolean(), {one});
        if (!result) result = one;
        else result = plan::MakeExpr(all ? ExprKind::kAnd : ExprKind::kOr, DataType::Boolean(), {result, one});
      }
      if (any || all) return result;
      return ast.negated ? plan::MakeExpr(ExprKind::kNot, DataType::Boolean(), {result}) : result;
    }
    case ExprKind_AST::kIsNull:
      return plan::MakeExpr(ast.negated ? ExprKind::kIsNotNull : ExprKind::kIsNull, DataType::Boolean(),
                            {Bind(*ast.children[0], scope)});
    case ExprKind_AST::kIsBoolean: {
      ExprPtr value = ToBoolean(Bind(*ast.children[0], scope), ast, "IS");
      ExprPtr test;
      if (EqualsIgnoreCase(ast.value, "UNKNOWN")) {
        test = plan::MakeExpr(ExprKind::kIsNull, DataType::Boolean(), {value});
      } else {
        test = CallFunction("<=>", {value, plan::BoolLiteral(EqualsIgnoreCase(ast.value, "TRUE"))}, ast.pos, &ast);
      }
      return ast.negated ? plan::MakeExpr(ExprKind::kNot, DataType::Boolean(), {test}) : test;
    }
    case ExprKind_AST::kIsDistinctFrom: {
      ExprPtr same = CallFunction("<=>", {Bind(*ast.children[0], scope), Bind(*ast.children[1], scope)}, ast.pos, &ast);
      return ast.negated ? same : plan::MakeExpr(ExprKind::kNot, DataType::Boolean(), {same});
    }
    case ExprKind_AST::kScalarSubquery: {
      std::vector<ExprPtr> correlated;
      Bound sub = analyzer_.AnalyzeQueryBlock(*ast.subquery, &scope, &correlated);
      if (!correlated.empty()) {
        ThrowAt(ast.pos, ErrorClass::kUnsupportedFeature, {{"feature", "a correlated scalar subquery here"}});
      }
      sub = analyzer_.DropHidden(std::move(sub));
      if (sub.columns.size() != 1) {
        ThrowAt(ast.pos, ErrorClass::kInvalidSubqueryExpression,
                {{"message", "Scalar subquery must return only one column, but got " + std::to_string(sub.columns.size())}});
      }
      auto e = std::make_shared<plan::Expr>();
      e->kind = ExprKind::kScalarSubquery;
      e->type = sub.columns[0].type;
      e->subquery = sub.plan;
      return e;
    }
    case ExprKind_AST::kExists:
    case ExprKind_AST::kInSubquery:
      ThrowAt(ast.pos, ErrorClass::kUnsupportedFeature,
              {{"feature", "IN/EXISTS subqueries outside a WHERE conjunction"}});
    case ExprKind_AST::kField: return BindField(Bind(*ast.children[0], scope), ast.value, ast.pos);
    case ExprKind_AST::kSubscript:
      return BindSubscript(Bind(*ast.children[0], scope), Bind(*ast.children[1], scope), ast.pos);
    case ExprKind_AST::kInterval: return BindInterval(ast);
    case ExprKind_AST::kRow: {
      std::vector<ExprPtr> args;
      for (const auto& child : ast.children) args.push_back(Bind(*child, scope));
      return CallFunction("struct", std::move(args), ast.pos, &ast);
    }
    case ExprKind_AST::kAlias: return Bind(*ast.children[0], scope);
    case ExprKind_AST::kLambda:
      ThrowAt(ast.pos, ErrorClass::kUnsupportedFeature, {{"feature", "a lambda function outside a higher-order function"}});
    default:
      ThrowAt(ast.pos, ErrorClass::kUnsupportedFeature, {{"feature", "the expression " + ToString(ast)}});
  }
}

ExprPtr ExprBinder::BindPredicate(const Expr& ast, const BindScope& scope, std::string_view clause) {
  return ToBoolean(Bind(ast, scope), ast, clause);
}

ExprPtr ExprBinder::ToBoolean(ExprPtr e, const Expr& ast, std::string_view clause) {
  if (e->type.id() == TypeId::kBoolean) return e;
  if (e->type.id() == TypeId::kNull || e->type.id() == TypeId::kString) return plan::Cast(e, DataType::Boolean());
  ThrowAt(ast.pos, ErrorClass::kDatatypeMismatch,
          {{"sqlExpr", "\"" + ToString(ast) + "\""},
           {"message", "the " + std::string(clause) + " expression requires the \"BOOLEAN\" type, however it has the type \"" +
                           e->type.ToSql() + "\""}});
}

std::vector<ExprPtr> ExprBinder::CoerceToCommon(std::vector<ExprPtr> exprs, const Expr& ast) {
  std::vector<DataType> types;
  for (const auto& e : exprs) types.push_back(e->type);
  auto common = FindCommonType(types);
  if (!common) {
    std::string list;
    for (const DataType& t : types) list += (list.empty() ? "" : ", ") + ("\"" + t.ToSql() + "\"");
    ThrowAt(ast.pos, ErrorClass::kDatatypeMismatchDataDiffTypes,
            {{"sqlExpr", "\"" + ToString(ast) + "\""}, {"message", "the input types should all be the same type, but got [" + list + "]"}});
  }
  for (ExprPtr& e : exprs) e = plan::Cast(e, *common);
  return exprs;
}

ExprPtr ExprBinder::CallFunction(const std::string& name, std::vector<ExprPtr> args, const SourcePos& pos,
                                 const Expr* ast) {
  const FunctionInfo* info = FunctionRegistry::Builtin().Find(name);
  if (!info || !info->scalar) {
    ThrowAt(pos, ErrorClass::kUnresolvedRoutine,
            {{"routineName", "`" + name + "`"}, {"searchPath", "[`system`.`builtin`, `system`.`session`]"}});
  }
  std::optional<Error> fold_error;
  std::vector<ArgType> types = DescribeArgs(args, &fold_error);
  BoundScalar bound;
  try {
    bound = info->scalar(types, options_.functions);
  } catch (const FunctionBindError& e) {
    if (fold_error) throw *fold_error;
    std::string text = ast ? ToString(*ast) : name;
    ThrowAt(pos, MismatchClass(e), {{"sqlExpr", "\"" + text + "\""}, {"message", e.what()}});
  } catch (Error& e) {
    if (e.info().line == 0) {
      e.mutable_info().line = pos.line;
      e.mutable_info().column = pos.column;
    }
    throw;
  }
  for (size_t i = 0; i < args.size() && i < bound.arg_types.size(); ++i) args[i] = plan::Cast(args[i], bound.arg_types[i]);
  auto call = std::make_shared<plan::Expr>();
  call->kind = ExprKind::kCall;
  call->name = info->name;
  call->type = bound.result_type;
  call->nullable = bound.result_nullable;
  call->scalar = std::make_shared<BoundScalar>(std::move(bound));
  call->args = std::move(args);
  return call;
}

ExprPtr ExprBinder::BindBinary(const Expr& ast, const BindScope& scope) {
  std::string op = ast.op;
  for (char& c : op) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (op == "AND" || op == "OR") {
    ExprPtr left = ToBoolean(Bind(*ast.children[0], scope), ast, op);
    ExprPtr right = ToBoolean(Bind(*ast.children[1], scope), ast, op);
    return plan::MakeExpr(op == "AND" ? ExprKind::kAnd : ExprKind::kOr, DataType::Boolean(), {left, right});
  }
  ExprPtr left = Bind(*ast.children[0], scope);
  ExprPtr right = Bind(*ast.children[1], scope);
  if (op == "||") return CallFunction("concat", {left, right}, ast.pos, &ast);
  return BindArithmeticOperator(op, std::move(left), std::move(right), ast);
}

// + - * / % div over bound operands: date / timestamp / interval forms go to
// their internal functions, the rest to the numeric operators.
ExprPtr ExprBinder::BindArithmeticOperator(const std::string& op, ExprPtr left, ExprPtr right, const Expr& ast) {
  // Date and interval arithmetic.
  auto is_date = [](const ExprPtr& e) { return e->type.id() == TypeId::kDate; };
  auto is_ts = [](const ExprPtr& e) { return e->type.is_timestamp(); };
  auto is_interval = [](const ExprPtr& e) {
    return e->type.id() == TypeId::kDayTimeInterval || e->type.id() == TypeId::kYearMonthInterval ||
           e->type.id() == TypeId::kCalendarInterval;
  };
  if (op == "+" || op == "-") {
    if ((is_date(left) || is_ts(left)) && is_interval(right)) {
      ExprPtr r = op == "-" ? CallFunction("negative", {right}, ast.pos, &ast) : right;
      return CallFunction("date_add_interval", {left, r}, ast.pos, &ast);
    }
    if (op == "+" && is_interval(left) && (is_date(right) || is_ts(right)))
      return CallFunction("date_add_interval", {right, left}, ast.pos, &ast);
    if (is_date(left) && right->type.is_integral())
      return CallFunction(op == "+" ? "date_add" : "date_sub", {left, right}, ast.pos, &ast);
    if (op == "+" && left->type.is_integral() && is_date(right)) return CallFunction("date_add", {right, left}, ast.pos, &ast);
    if (op == "-" && is_date(left) && is_date(right)) return CallFunction("date_diff_interval", {left, right}, ast.pos, &ast);
    if (op == "-" && (is_ts(left) || is_date(left)) && (is_ts(right) || is_date(right)))
      return CallFunction("timestamp_diff_interval", {left, right}, ast.pos, &ast);
    if (is_interval(left) && is_interval(right))
      return CallFunction(op == "+" ? "interval_add" : "interval_subtract", {left, right}, ast.pos, &ast);
  }
  if ((op == "*" || op == "/") && (is_interval(left) || is_interval(right))) {
    // A string factor takes part as a DOUBLE, as in numeric arithmetic.
    if (left->type.id() == TypeId::kString) left = plan::Cast(left, DataType::Double());
    if (right->type.id() == TypeId::kString) right = plan::Cast(right, DataType::Double());
    return CallFunction(op == "*" ? "interval_multiply" : "interval_divide",
                        is_interval(left) ? std::vector<ExprPtr>{left, right} : std::vector<ExprPtr>{right, left},
                        ast.pos, &ast);
  }
  std::string name = op == "DIV" ? "div" : op;
  return CallFunction(name, {left, right}, ast.pos, &ast);
}

ExprPtr ExprBinder::BindCase(const Expr& ast, const BindScope& scope) {
  // children = [operand or null, when1, then1, ..., else or null]
  const auto& operand_ast = ast.children[0];
  ExprPtr operand = operand_ast ? Bind(*operand_ast, scope) : nullptr;
  std::vector<ExprPtr> whens, thens;
  size_t n = ast.children.size();
  for (size_t i = 1; i + 1 < n; i += 2) {
    ExprPtr when = Bind(*ast.children[i], scope);
    if (operand) when = CallFunction("=", {operand, when}, ast.children[i]->pos, &ast);
    whens.push_back(ToBoolean(when, ast, "WHEN"));
    thens.push_back(Bind(*ast.children[i + 1], scope));
  }
  bool has_else = ast.children.back() != nullptr && n % 2 == 0;
  if (has_else) thens.push_back(Bind(*ast.children.back(), scope));
  thens = CoerceToCommon(std::move(thens), ast);
  std::vector<ExprPtr> args;
  for (size_t i = 0; i < whens.size(); ++i) {
    args.push_back(whens[i]);
    args.push_back(thens[i]);
  }
  if (has_else) args.push_back(thens.back());
  auto e = std::make_shared<plan::Expr>();
  e->kind = ExprKind::kCase;
  e->type = thens.front()->type;
  e->has_else = has_else;
  e->nullable = true;
  e->args = std::move(args);
  return e;
}

ExprPtr ExprBinder::BindField(ExprPtr base, const std::string& field, const SourcePos& pos) {
  if (base->type.id() != TypeId::kStruct) {
    if (base->type.id() == TypeId::kMap) return BindSubscript(base, plan::Literal(StringVector(field)), pos);
    ThrowAt(pos, ErrorClass::kInvalidExtractBaseFieldType, {{"base", "\"" + plan::ToString(*base) + "\""}, {"other", "\"" + base->type.ToSql() + "\""}});
  }
  int index = base->type.FieldIndex(field, options_.case_sensitive);
  if (index < 0) {
    std::string fields;
    for (const Field& f : base->type.fields()) fields += (fields.empty() ? "" : ", ") + ("`" + f.name + "`");
    ThrowAt(pos, ErrorClass::kFieldNotFound, {{"fieldName", "`" + field + "`"}, {"fields", fields}});
  }
  auto bound = std::make_shared<BoundScalar>();
  bound->result_type = base->type.fields()[index].type;
  bound->arg_types = {base->type};
  bound->kernel = [index](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) -> VectorPtr {
    VectorPtr flat = Vector::Flatten(args[0]);
    VectorPtr child = flat->child_ptr(index);
    if (!flat->may_have_nulls()) return child;
    // A null struct row is null in its fields.
    VectorPtr out = Vector::Make(child->type(), 0);
    out->Reserve(rows);
    for (size_t r = 0; r < rows; ++r) {
      out->AppendFrom(*child, r);
      if (flat->IsNull(r)) out->SetNull(r);
    }
    return out;
  };
  auto e = std::make_shared<plan::Expr>();
  e->kind = ExprKind::kCall;
  e->name = "get_struct_field." + field;
  e->type = bound->result_type;
  e->scalar = bound;
  e->args = {base};
  return e;
}

ExprPtr ExprBinder::BindSubscript(ExprPtr base, ExprPtr index, const SourcePos& pos) {
  if (base->type.id() == TypeId::kArray) {
    // arr[i] is 0-based: element_at(arr, i + 1) with Spark's [] error class.
    ExprPtr one_based = CallFunction("+", {plan::Cast(index, DataType::Int()), plan::Cast(plan::Int64Literal(1), DataType::Int())}, pos);
    return CallFunction(options_.functions.ansi ? "element_at" : "try_element_at", {base, one_based}, pos);
  }
  return CallFunction(options_.functions.ansi ? "element_at" : "try_element_at", {base, index}, pos);
}

// --- Literals ------------------------------------------------------------------

ExprPtr ExprBinder::BindLiteral(const Expr& ast) {
  auto int_literal = [](const DataType& type, int64_t value) {
    VectorPtr v = Vector::Make(type, 1);
    switch (type.id()) {
      case TypeId::kByte: v->values<int8_t>()[0] = static_cast<int8_t>(value); break;
      case TypeId::kShort: v->values<int16_t>()[0] = static_cast<int16_t>(value); break;
      case TypeId::kInt: v->values<int32_t>()[0] = static_cast<int32_t>(value); break;
      default: v->values<int64_t>()[0] = value; break;
    }
    return plan::Literal(v);
  };
  switch (ast.literal) {
    case LiteralKind::kNull: return plan::NullLiteral(DataType::Null());
    case LiteralKind::kBoolean: return plan::BoolLiteral(EqualsIgnoreCase(ast.value, "true"));
    case LiteralKind::kInt: return int_literal(DataType::Int(), ast.int_value);
    case LiteralKind::kBigInt: return int_literal(DataType::Long(), ast.int_value);
    case LiteralKind::kSmallInt: return int_literal(DataType::Short(), ast.int_value);
    case LiteralKind::kTinyInt: return int_literal(DataType::Byte(), ast.int_value);
    case LiteralKind::kDecimal: {
      std::string text = ast.value;
      size_t dot = text.find('.');
      std::string digits;
      int scale = 0;
      for (size_t i = 0; i < text.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(text[i]))) {
          digits += text[i];
          if (dot != std::string::npos && i > dot) ++scale;
        }
      }
      size_t first = digits.find_first_not_of('0');
      int precision = first == std::string::npos ? 1 : static_cast<int>(digits.size() - first);
      precision = std::max(precision, scale);
      if (precision > kMaxDecimalPrecision) {
        ThrowAt(ast.pos, ErrorClass::kInvalidTypedLiteral, {{"valueType", "\"DECIMAL\""}, {"value", "'" + text + "'"}});
      }
      DataType type = DataType::Decimal(std::max(precision, 1), scale);
      auto value = ParseDecimal(text, type.precision(), scale);
      if (!value) ThrowAt(ast.pos, ErrorClass::kInvalidTypedLiteral, {{"valueType", "\"DECIMAL\""}, {"value", "'" + text + "'"}});
      VectorPtr v = Vector::Make(type, 1);
      if (type.precision() <= kMaxInt64DecimalPrecision) v->values<int64_t>()[0] = static_cast<int64_t>(*value);
      else v->values<int128_t>()[0] = *value;
      return plan::Literal(v);
    }
    case LiteralKind::kDouble:
    case LiteralKind::kFloat: {
      double d = std::strtod(ast.value.c_str(), nullptr);
      if (std::isinf(d)) {
        ThrowAt(ast.pos, ErrorClass::kInvalidTypedLiteral, {{"valueType", ast.literal == LiteralKind::kFloat ? "\"FLOAT\"" : "\"DOUBLE\""}, {"value", "'" + ast.value + "'"}});
      }
      if (ast.literal == LiteralKind::kFloat) {
        VectorPtr v = Vector::Make(DataType::Float(), 1);
        v->values<float>()[0] = static_cast<float>(d);
        return plan::Literal(v);
      }
      VectorPtr v = Vector::Make(DataType::Double(), 1);
      v->values<double>()[0] = d;
      return plan::Literal(v);
    }
    case LiteralKind::kString: return plan::Literal(StringVector(ast.value));
    case LiteralKind::kBinary: {
      std::string bytes;
      for (size_t i = 0; i + 1 < ast.value.size(); i += 2) bytes += static_cast<char>(std::strtol(ast.value.substr(i, 2).c_str(), nullptr, 16));
      if (ast.value.size() % 2 == 1) {
        bytes.insert(bytes.begin(), static_cast<char>(std::strtol(ast.value.substr(0, 1).c_str(), nullptr, 16)));
        bytes.clear();
        std::string padded = "0" + ast.value;
        for (size_t i = 0; i + 1 < padded.size(); i += 2) bytes += static_cast<char>(std::strtol(padded.substr(i, 2).c_str(), nullptr, 16));
      }
      VectorPtr v = Vector::Make(DataType::Binary(), 1);
      v->SetString(0, bytes);
      return plan::Literal(v);
    }
    case LiteralKind::kDate:
    case LiteralKind::kTimestamp:
    case LiteralKind::kTimestampNtz:
    case LiteralKind::kTimestampLtz: {
      DataType type = ast.literal == LiteralKind::kDate ? DataType::Date()
                      : ast.literal == LiteralKind::kTimestampNtz ? DataType::TimestampNtz()
                                                                  : DataType::Timestamp();
      ExprPtr cast = plan::Cast(plan::Literal(StringVector(ast.value)), type, /*try_cast=*/true);
      VectorPtr value = FoldConstant(cast);
      if (!value || value->IsNull(0)) {
        ThrowAt(ast.pos, ErrorClass::kInvalidTypedLiteral, {{"valueType", "\"" + type.ToSql() + "\""}, {"value", "'" + ast.value + "'"}});
      }
      return plan::Literal(value);
    }
  }
  ThrowAt(ast.pos, ErrorClass::kUnsupportedFeature, {{"feature", "literal " + ToString(ast)}});
}

namespace {

// Spark's IntervalUtils.fromYearMonthString / fromDayTimeString: the text of
// INTERVAL '<text>' <from> TO <to> ("1-2" YEAR TO MONTH, "3 04:05:06.7" DAY TO
// SECOND, ...) as months or microseconds; nullopt when it does not match.
std::optional<int64_t> ParseIntervalFields(std::string_view text, const std::string& from, const std::string& to,
                                           bool negative) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  size_t pos = 0;
  while (pos < text.size() && space(text[pos])) ++pos;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) negative ^= text[pos++] == '-';
  auto number = [&](int64_t* out, size_t max_digits) {
    size_t start = pos;
    int64_t v = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) && pos - start < max_digits)
      v = v * 10 + (text[pos++] - '0');
    *out = v;
    return pos > start;
  };
  auto expect = [&](char c) { return pos < text.size() && text[pos++] == c; };
  // The magnitude may reach the type's minimum (|INT64_MIN| = INT64_MAX + 1).
  auto finish = [&](__int128 magnitude, __int128 max) -> std::optional<int64_t> {
    if (pos != text.size() || magnitude > max + (negative ? 1 : 0)) return std::nullopt;
    return static_cast<int64_t>(negative ? -magnitude : magnitude);
  };
  if (from == "YEAR" && to == "MONTH") {
    int64_t years = 0, months = 0;
    if (!number(&years, 10) || !expect('-') || !number(&months, 2) || months > 11) return std::nullopt;
    return finish(static_cast<__int128>(years) * 12 + months, INT32_MAX);
  }
  static const char* const kOrder[] = {"DAY", "HOUR", "MINUTE", "SECOND"};
  static const int64_t kMicros[] = {kMicrosPerDay, kMicrosPerHour, kMicrosPerMinute, kMicrosPerSecond};
  static const int64_t kLimit[] = {INT64_MAX, 23, 59, 59};
  int first = -1, last = -1;
  for (int i = 0; i < 4; ++i) {
    if (from == kOrder[i]) first = i;
    if (to == kOrder[i]) last = i;
  }
  if (first < 0 || last <= first) return std::nullopt;
  __int128 micros = 0;
  for (int i = first; i <= last; ++i) {
    if (i > first && !expect(i == 1 ? ' ' : ':')) return std::nullopt;
    int64_t v = 0;
    if (!number(&v, i == first ? 18 : 2)) return std::nullopt;
    if (i > first && v > kLimit[i]) return std::nullopt;
    micros += static_cast<__int128>(v) * kMicros[i];
    if (i == 3 && pos < text.size() && text[pos] == '.') {
      ++pos;
      int64_t fraction = 0;
      size_t start = pos;
      if (!number(&fraction, 9)) return std::nullopt;
      size_t digits = pos - start;
      while (digits < 6) fraction *= 10, ++digits;
      while (digits > 6) fraction /= 10, --digits;
      micros += fraction;
    }
  }
  return finish(micros, INT64_MAX);
}

// The (number, unit) pairs of INTERVAL '1 day 2 hours' (IntervalUtils.stringToInterval).
std::optional<std::vector<std::pair<std::string, std::string>>> SplitIntervalUnits(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  if (!words.empty() && words[0] == "INTERVAL") words.erase(words.begin());
  if (words.empty() || words.size() % 2 != 0) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t i = 0; i < words.size(); i += 2) pairs.push_back({words[i], words[i + 1]});
  return pairs;
}

}  // namespace

ExprPtr ExprBinder::BindInterval(const Expr& ast) {
  // INTERVAL '90' DAY, INTERVAL 1 YEAR 2 MONTHS, INTERVAL '1-2' YEAR TO MONTH,
  // INTERVAL '1 day 2 hours'.
  std::vector<std::pair<std::string, std::string>> parts;  // (number text, unit)
  for (size_t i = 0; i < ast.children.size(); ++i) {
    std::string unit = i < ast.names.size() ? ast.names[i] : "";
    // INTERVAL -'1-1' YEAR TO MONTH: a sign in front of the string.
    const Expr* value_node = ast.children[i].get();
    bool negated = false;
    while (value_node->kind == ExprKind_AST::kUnary && (value_node->op == "-" || value_node->op == "+") &&
           value_node->children[0]->kind == ExprKind_AST::kLiteral && value_node->children[0]->literal == LiteralKind::kString) {
      negated ^= value_node->op == "-";
      value_node = value_node->children[0].get();
    }
    const Expr& value_ast = *value_node;
    std::string text = value_ast.kind == ExprKind_AST::kLiteral ? (value_ast.literal == LiteralKind::kString ? value_ast.value : ToString(value_ast)) : ToString(value_ast);
    size_t to = unit.find(" TO ");
    if (to != std::string::npos) {
      std::string from = unit.substr(0, to), upto = unit.substr(to + 4);
      std::optional<int64_t> value = ParseIntervalFields(text, from, upto, negated);
      if (!value) {
        std::string format = from == "YEAR" ? "`[+|-]y-m`" : "`" + unit + "`";
        ThrowAt(ast.pos, ErrorClass::kIntervalStringMismatch,
                {{"msg", "Interval string does not match " + std::string(from == "YEAR" ? "year-month" : "day-time") +
                             " format of " + format + " when cast to interval " + AsciiLower(unit) + ": " + text}});
      }
      if (ast.children.size() != 1) ThrowAt(ast.pos, ErrorClass::kUnsupportedFeature, {{"feature", "interval literal " + ToString(ast)}});
      auto field = [](const std::string& u) {
        return u == "YEAR" ? IntervalField::kYear : u == "MONTH" ? IntervalField::kMonth : u == "DAY" ? IntervalField::kDay
               : u == "HOUR" ? IntervalField::kHour : u == "MINUTE" ? IntervalField::kMinute : IntervalField::kSecond;
      };
      if (from == "YEAR") {
        VectorPtr v = Vector::Make(DataType::YearMonthInterval(IntervalField::kYear, IntervalField::kMonth), 1);
        v->values<int32_t>()[0] = static_cast<int32_t>(*value);
        return plan::Literal(v);
      }
      VectorPtr v = Vector::Make(DataType::DayTimeInterval(field(from), field(upto)), 1);
      v->values<int64_t>()[0] = *value;
      return plan::Literal(v);
    }
    auto signed_text = [negated](std::string t) {
      if (!negated) return t;
      return !t.empty() && t[0] == '-' ? t.substr(1) : "-" + t;
    };
    if (unit.empty()) {
      auto split = SplitIntervalUnits(text);
      if (!split) ThrowAt(ast.pos, ErrorClass::kInvalidTypedLiteral, {{"valueType", "\"INTERVAL\""}, {"value", "'" + text + "'"}});
      for (auto& [number, u] : *split) parts.push_back({signed_text(number), u});
    } else {
      parts.push_back({signed_text(text), unit});
    }
  }
  int64_t months = 0, micros = 0;
  bool has_month = false, has_time = false;
  std::vector<std::string> units;
  for (auto [text, unit] : parts) {
    if (!unit.empty() && unit.back() == 'S') unit.pop_back();
    units.push_back(unit);
    char* end = nullptr;
    double number = std::strtod(text.c_str(), &end);
    if (end == text.c_str()) ThrowAt(ast.pos, ErrorClass::kInvalidTypedLiteral, {{"valueType", "\"INTERVAL\""}, {"value", "'" + text + "'"}});
    if (unit == "YEAR") { months += static_cast<int64_t>(number) * 12; has_month = true; }
    else if (unit == "MONTH") { months += static_cast<int64_t>(number); has_month = true; }
    else if (unit == "WEEK") { micros += static_cast<int64_t>(number * 7 * kMicrosPerDay); has_time = true; }
    else if (unit == "DAY") { micros += static_cast<int64_t>(number * kMicrosPerDay); has_time = true; }
    else if (unit == "HOUR") { micros += static_cast<int64_t>(number * kMicrosPerHour); has_time = true; }
    else if (unit == "MINUTE") { micros += static_cast<int64_t>(number * kMicrosPerMinute); has_time = true; }
    else if (unit == "SECOND") { micros += static_cast<int64_t>(std::llround(number * kMicrosPerSecond)); has_time = true; }
    else if (unit == "MILLISECOND") { micros += static_cast<int64_t>(std::llround(number * 1000)); has_time = true; }
    else if (unit == "MICROSECOND") { micros += static_cast<int64_t>(number); has_time = true; }
    else ThrowAt(ast.pos, ErrorClass::kUnsupportedFeature, {{"feature", "interval unit " + unit}});
  }
  if (has_month && has_time) {
    VectorPtr v = Vector::Make(DataType::CalendarInterval(), 1);
    v->values<IntervalValue>()[0] = {static_cast<int32_t>(months), static_cast<int32_t>(micros / kMicrosPerDay), micros % kMicrosPerDay};
    return plan::Literal(v);
  }
  if (has_month) {
    VectorPtr v = Vector::Make(DataType::YearMonthInterval(), 1);
    v->values<int32_t>()[0] = static_cast<int32_t>(months);
    return plan::Literal(v);
  }
  // The interval type spans the units written: INTERVAL '90' DAY is DAY TO DAY.
  IntervalField start = IntervalField::kSecond, end = IntervalField::kDay;
  for (const std::string& unit : units) {
    IntervalField f = unit == "HOUR" ? IntervalField::kHour
                      : unit == "MINUTE" ? IntervalField::kMinute
                      : (unit == "DAY" || unit == "WEEK") ? IntervalField::kDay
                                                           : IntervalField::kSecond;
    start = std::min(start, f);
    end = std::max(end, f);
  }
  VectorPtr v = Vector::Make(DataType::DayTimeInterval(start, std::max(start, end)), 1);
  v->values<int64_t>()[0] = micros;
  return plan::Literal(v);
}

VectorPtr ExprBinder::FoldConstant(const ExprPtr& expr) {
  if (!expr->is_constant() || !options_.evaluate_constant) return nullptr;
  if (expr->kind == ExprKind::kLiteral) return expr->literal;
  return options_.evaluate_constant(expr);
}

std::vector<ArgType> ExprBinder::DescribeArgs(const std::vector<ExprPtr>& args, std::optional<Error>* fold_error) {
  std::vector<ArgType> types;
  for (const auto& arg : args) {
    ArgType t;
    t.type = arg->type;
    t.nullable = arg->nullable;
    try {
      t.constant = FoldConstant(arg);
    } catch (const Error& e) {
      if (!*fold_error) *fold_error = e;
    }
    types.push_back(std::move(t));
  }
  return types;
}

int64_t ExprBinder::BindLimit(const Expr& ast, std::string_view what) {
  BindScope scope;
  Columns none;
  scope.columns = &none;
  ExprPtr e = Bind(ast, scope);
  VectorPtr value = e->type.is_integral() ? FoldConstant(plan::Cast(e, DataType::Long())) : nullptr;
  if (!value) {
    ThrowAt(ast.pos, ErrorClass::kInvalidLimitLikeExpression,
            {{"name", std::string(what)}, {"expr", "\"" + ToString(ast) + "\""}, {"message", "the expression must evaluate to a constant integer"}});
  }
  if (value->IsNull(0)) {
    ThrowAt(ast.pos, ErrorClass::kInvalidLimitLikeExpression,
            {{"name", std::string(what)}, {"expr", "\"" + ToString(ast) + "\""}, {"message", "the evaluated expression must not be null"}});
  }
  int64_t n = value->ValueAt<int64_t>(0);
  if (n < 0) {
    ThrowAt(ast.pos, ErrorClass::kInvalidLimitLikeExpressionIsNegative,
            {{"name", std::string(what)}, {"expr", "\"" + ToString(ast) + "\""}, {"v", std::to_string(n)}});
  }
  return n;
}

// --- Functions -----------------------------------------------------------------

ExprPtr ExprBinder::BindFunction(const Expr& ast, const BindScope& scope) {
  std::string name = AsciiLower(ast.names.back());
  if (ast.op == "EXTRACT") {
    return CallFunction("date_part", {plan::Literal(StringVector(ast.value)), Bind(*ast.children[0], scope)}, ast.pos, &ast);
  }
  if (ast.op == "TRIM") return BindTrim(ast, scope);
  if ((name == "grouping" || name == "grouping_id") && ast.names.size() == 1 && !ast.window)
    return BindGrouping(ast, name, scope);
  const FunctionInfo* info = FunctionRegistry::Builtin().Find(name);
  if (ast.window) {
    ThrowAt(ast.pos, ErrorClass::kUnsupportedFeature, {{"feature", "a window function here"}});
  }
  if (info && info->kind == FunctionKind::kAggregate) {
    ThrowAt(ast.pos, ErrorClass::kUnsupportedFeature, {{"feature", "an aggregate function here (nested in another aggregate, or in WHERE)"}});
  }
  if (info && info->kind == FunctionKind::kWindow) {
    ThrowAt(ast.pos, ErrorClass::kWindowFunctionWithoutOverClause, {{"funcName", "\"" + name + "\""}});
  }
  if (info && info->kind == FunctionKind::kHigherOrder) return BindHigherOrder(ast, name, scope);
  std::vector<ExprPtr> args;
  // timestampadd(HOUR, n, ts) and friends: Spark's grammar takes the unit as
  // a word, which the functions receive as a constant string.
  bool unit_first = ast.children.size() == 3 &&
                    (name == "timestampadd" || name == "timestampdiff" || name == "dateadd" || name == "date_add" ||
                     name == "datediff" || name == "date_diff");
  for (const auto& child : ast.children) {
    if (unit_first && child == ast.children[0] && child->kind == ExprKind_AST::kColumn && child->names.size() == 1) {
      args.push_back(plan::Literal(StringVector(child->names[0])));
      continue;
    }
    if (child->kind == ExprKind_AST::kStar) {
      for (int c : ExpandStar(*child, *scope.columns))
        args.push_back(plan::ColumnRef(c, (*scope.columns)[c].type, (*scope.columns)[c].nullable));
      continue;
    }
    args.push_back(Bind(*child, scope));
  }
  // Conditional forms evaluate lazily and take their common type.
  // try_add(date, interval) and friends: the operator's date / interval forms
  // (overflow there still raises an error instead of giving NULL).
  if ((name == "try_add" || name == "try_subtract" || name == "try_multiply" || name == "try_divide") &&
      args.size() == 2) {
    auto datetime = [](const ExprPtr& e) {
      TypeId id = e->type.id();
      return id == TypeId::kDate || e->type.is_timestamp() || id == TypeId::kDayTimeInterval ||
             id == TypeId::kYearMonthInterval || id == TypeId::kCalendarInterval;
    };
    if (datetime(args[0]) || datetime(args[1])) {
      std::string op = name == "try_add" ? "+" : name == "try_subtract" ? "-" : name == "try_multiply" ? "*" : "/";
      return BindArithmeticOperator(op, args[0], args[1], ast);
    }
  }
  if (name == "coalesce" || name == "nvl" || name == "ifnull") {
    if (args.empty() || ((name != "coalesce") && args.size() != 2)) {
      ThrowAt(ast.pos, ErrorClass::kWrongNumArgs, {{"functionName", "`" + name + "`"}, {"expectedNum", name == "coalesce" ? "> 0" : "2"}, {"actualNum", std::to_string(args.size())}});
    }
    args = CoerceToCommon(std::move(args), ast);
    DataType type = args[0]->type;
    auto e = plan::MakeExpr(ExprKind::kCoalesce, type, std::move(args));
    return e;
  }
  if (name == "if" || name == "iff" || name == "nvl2" || name == "nullif") {
    if ((name == "nullif" && args.size() != 2) || (name != "nullif" && args.size() != 3)) {
      ThrowAt(ast.pos, ErrorClass::kWrongNumArgs, {{"functionName", "`" + name + "`"}, {"expectedNum", name == "nullif" ? "2" : "3"}, {"actualNum", std::to_string(args.size())}});
    }
    ExprPtr condition, then, otherwise;
    if (name == "nullif") {
      condition = CallFunction("=", {args[0], args[1]}, ast.pos, &ast);
      then = plan::NullLiteral(args[0]->type);
      otherwise = args[0];
    } else if (name == "nvl2") {
      condition = plan::MakeExpr(ExprKind::kIsNotNull, DataType::Boolean(), {args[0]});
      then = args[1];
      otherwise = args[2];
    } else {
      condition = ToBoolean(args[0], ast, "IF");
      then = args[1];
      otherwise = args[2];
    }
    std::vector<ExprPtr> branches = CoerceToCommon({then, otherwise}, ast);
    auto e = std::make_shared<plan::Expr>();
    e->kind = ExprKind::kCase;
    e->type = branches[0]->type;
    e->has_else = true;
    e->args = {condition, branches[0], branches[1]};
    return e;
  }
  if (name == "isnull" || name == "isnotnull") {
    if (args.size() != 1) ThrowAt(ast.pos, ErrorClass::kWrongNumArgs, {{"functionName", "`" + name + "`"}, {"expectedNum", "1"}, {"actualNum", std::to_string(args.size())}});
    return plan::MakeExpr(name == "isnull" ? ExprKind::kIsNull : ExprKind::kIsNotNull, DataType::Boolean(), std::move(args));
  }
  if (!info) {
    ThrowAt(ast.pos, ErrorClass::kUnresolvedRoutine,
            {{"routineName", "`" + name + "`"}, {"searchPath", "[`system`.`builtin`, `system`.`session`]"}});
  }
  if (info->kind == FunctionKind::kGenerator) {
    ThrowAt(ast.pos, ErrorClass::kUnsupportedGenerator, {{"functionName", "\"" + name + "\""}});
  }
  return CallFunction(name, std::move(args), ast.pos, &ast);
}

ExprPtr ExprBinder::BindTrim(const Expr& ast, const BindScope& scope) {
  // Registered trim functions take Spark's (trimStr, str) order.
  std::string function = ast.value == "LEADING" ? "ltrim" : ast.value == "TRAILING" ? "rtrim" : "trim";
  std::vector<ExprPtr> args;
  if (ast.children.size() > 1) args.push_back(Bind(*ast.children[1], scope));
  args.push_back(Bind(*ast.children[0], scope));
  return CallFunction(function, std::move(args), ast.pos, &ast);
}

ExprPtr ExprBinder::BindGrouping(const Expr& ast, const std::string& name, const BindScope& scope) {
  if (!scope.grouping_keys || !scope.pre_aggregate || scope.grouping_id_column < 0 ||
      scope.grouping_id_column >= static_cast<int>(scope.columns->size())) {
    ThrowAt(ast.pos, ErrorClass::kUnsupportedGroupingExpression, {});
  }
  const std::vector<ExprPtr>& keys = *scope.grouping_keys;
  // Arguments name group expressions: bind them over the aggregate's input.
  BindScope input;
  input.columns = scope.pre_aggregate;
  input.outer = scope.outer;
  auto position = [&](const Expr& arg) {
    std::string text = plan::ToString(*Bind(arg, input));
    for (size_t j = 0; j < keys.size(); ++j)
      if (plan::ToString(*keys[j]) == text) return static_cast<int>(j);
    return -1;
  };
  Schema input_schema;
  for (const Column& c : *scope.pre_aggregate) input_schema.push_back({c.name, c.type, c.nullable, ""});
  std::string key_list;
  for (const ExprPtr& k : keys) key_list += (key_list.empty() ? "" : ", ") + plan::ToString(*k, &input_schema);
  const Column& id_column = (*scope.columns)[scope.grouping_id_column];
  ExprPtr id = plan::ColumnRef(scope.grouping_id_column, id_column.type, false);
  int width = static_cast<int>(keys.size());
  if (name == "grouping") {
    if (ast.children.size() != 1) {
      ThrowAt(ast.pos, ErrorClass::kWrongNumArgs,
              {{"functionName", "`grouping`"}, {"expectedNum", "1"}, {"actualNum", std::to_string(ast.children.size())}});
    }
    int j = position(*ast.children[0]);
    if (j < 0) {
      ThrowAt(ast.pos, ErrorClass::kGroupingColumnMismatch,
              {{"grouping", ToString(*ast.children[0])}, {"groupingColumns", key_list}});
    }
    // Spark: the first group expression is the most significant bit.
    ExprPtr shifted = CallFunction("shiftright", {id, plan::Cast(plan::Int64Literal(width - 1 - j), DataType::Int())}, ast.pos);
    ExprPtr bit = CallFunction("&", {shifted, plan::Int64Literal(1)}, ast.pos);
    auto out = plan::Cast(bit, DataType::Byte());
    return out;
  }
  // grouping_id() or grouping_id(every group expression, in order).
  bool matches = ast.children.empty() || static_cast<int>(ast.children.size()) == width;
  for (size_t i = 0; matches && i < ast.children.size(); ++i) matches = position(*ast.children[i]) == static_cast<int>(i);
  if (!matches) {
    std::string args;
    for (const auto& c : ast.children) args += (args.empty() ? "" : ", ") + ToString(*c);
    ThrowAt(ast.pos, ErrorClass::kGroupingIdColumnMismatch, {{"groupingIdColumn", args}, {"groupByColumns", key_list}});
  }
  return id;
}

ExprPtr ExprBinder::BindLambda(const Expr& lambda, const std::vector<DataType>& param_types, const BindScope& scope) {
  if (lambda.kind != ExprKind_AST::kLambda) {
    ThrowAt(lambda.pos, ErrorClass::kDatatypeMismatch, {{"sqlExpr", "\"" + ToString(lambda) + "\""}, {"message", "a lambda function is expected"}});
  }
  if (lambda.names.size() > param_types.size()) {
    ThrowAt(lambda.pos, ErrorClass::kInvalidLambdaFunctionCall,
            {{"message", "The number of lambda function arguments '" + std::to_string(lambda.names.size()) +
                             "' does not match the number of arguments expected by the higher order function '" +
                             std::to_string(param_types.size()) + "'"}});
  }
  BindScope inner = scope;
  int first = next_lambda_;
  for (size_t i = 0; i < lambda.names.size(); ++i)
    inner.lambdas.push_back({lambda.names[i], {next_lambda_++, param_types[i]}});
  ExprPtr body = Bind(*lambda.children[0], inner);
  auto e = std::make_shared<plan::Expr>();
  e->kind = ExprKind::kLambda;
  e->type = body->type;
  e->column = first;
  e->args = {body};
  e->name = std::to_string(lambda.names.size());
  return e;
}

ExprPtr ExprBinder::BindHigherOrder(const Expr& ast, const std::string& name, const BindScope& scope) {
  std::vector<ExprPtr> args;
  auto bind_value = [&](size_t i) {
    if (i >= ast.children.size()) {
      ThrowAt(ast.pos, ErrorClass::kWrongNumArgs, {{"functionName", "`" + name + "`"}, {"expectedNum", std::to_string(i + 1)}, {"actualNum", std::to_string(ast.children.size())}});
    }
    return Bind(*ast.children[i], scope);
  };
  auto lambda_at = [&](size_t i) -> const Expr& {
    if (i >= ast.children.size()) {
      ThrowAt(ast.pos, ErrorClass::kWrongNumArgs, {{"functionName", "`" + name + "`"}, {"expectedNum", std::to_string(i + 1)}, {"actualNum", std::to_string(ast.children.size())}});
    }
    return *ast.children[i];
  };
  auto expect = [&](const ExprPtr& e, TypeId id, size_t index) {
    if (e->type.id() == id) return;
    if (e->type.id() == TypeId::kNull) return;
    ThrowAt(ast.pos, ErrorClass::kDatatypeMismatchUnexpectedInputType,
            {{"sqlExpr", "\"" + ToString(ast) + "\""},
             {"message", "The " + Ordinal(index) + " parameter requires the \"" + std::string(id == TypeId::kArray ? "ARRAY" : "MAP") +
                             "\" type, however \"" + ToString(*ast.children[index]) + "\" has the type \"" + e->type.ToSql() + "\""}});
  };
  DataType result;
  ExprPtr input = bind_value(0);
  if (name == "transform" || name == "filter" || name == "exists" || name == "forall" || name == "array_sort") {
    expect(input, TypeId::kArray, 0);
    DataType element = input->type.id() == TypeId::kArray ? input->type.element_type() : DataType::Null();
    if (name == "array_sort" && ast.children.size() == 1) {
      // No comparator: ascending with NULLs last (sort_array puts them first).
      result = input->type;
      args = {input};
    } else {
      ExprPtr lambda = name == "array_sort" ? BindLambda(lambda_at(1), {element, element}, scope)
                                            : BindLambda(lambda_at(1), {element, DataType::Int()}, scope);
      if (name == "transform") result = DataType::Array(lambda->type);
      else if (name == "filter" || name == "array_sort") result = input->type;
      else result = DataType::Boolean();
      if ((name == "filter" || name == "exists" || name == "forall") && lambda->type.id() != TypeId::kBoolean) {
        ThrowAt(ast.pos, ErrorClass::kDatatypeMismatch, {{"sqlExpr", "\"" + ToString(ast) + "\""}, {"message", "the lambda function must return a BOOLEAN"}});
      }
      args = {input, lambda};
    }
  } else if (name == "aggregate" || name == "reduce") {
    expect(input, TypeId::kArray, 0);
    DataType element = input->type.id() == TypeId::kArray ? input->type.element_type() : DataType::Null();
    ExprPtr start = bind_value(1);
    ExprPtr merge = BindLambda(lambda_at(2), {start->type, element}, scope);
    auto merged = std::make_shared<plan::Expr>(*merge);
    merged->args[0] = plan::Cast(merge->args[0], start->type);
    merged->type = start->type;
    args = {input, start, merged};
    result = start->type;
    if (ast.children.size() > 3) {
      ExprPtr finish = BindLambda(lambda_at(3), {start->type}, scope);
      args.push_back(finish);
      result = finish->type;
    }
  } else if (name == "zip_with") {
    ExprPtr other = bind_value(1);
    expect(input, TypeId::kArray, 0);
    expect(other, TypeId::kArray, 1);
    ExprPtr lambda = BindLambda(lambda_at(2), {input->type.element_type(), other->type.element_type()}, scope);
    args = {input, other, lambda};
    result = DataType::Array(lambda->type);
  } else if (name == "map_filter" || name == "transform_keys" || name == "transform_values") {
    expect(input, TypeId::kMap, 0);
    ExprPtr lambda = BindLambda(lambda_at(1), {input->type.key_type(), input->type.value_type()}, scope);
    args = {input, lambda};
    if (name == "map_filter") result = input->type;
    else if (name == "transform_keys") result = DataType::Map(lambda->type, input->type.value_type());
    else result = DataType::Map(input->type.key_type(), lambda->type);
  } else if (name == "map_zip_with") {
    ExprPtr other = bind_value(1);
    expect(input, TypeId::kMap, 0);
    expect(other, TypeId::kMap, 1);
    ExprPtr lambda = BindLambda(lambda_at(2), {input->type.key_type(), input->type.value_type(), other->type.value_type()}, scope);
    args = {input, other, lambda};
    result = DataType::Map(input->type.key_type(), lambda->type);
  } else {
    ThrowAt(ast.pos, ErrorClass::kUnsupportedFeature, {{"feature", "the higher-order function " + name}});
  }
  auto e = std::make_shared<plan::Expr>();
  e->kind = ExprKind::kHigherOrder;
  e->name = name;
  e->type = result;
  e->args = std::move(args);
  return e;
}

plan::AggregateCall ExprBinder::BindAggregate(const Expr& call, const BindScope& scope) {
  std::string name = AsciiLower(call.names.back());
  const FunctionInfo* info = FindFunction(call);
  TARN_CHECK(info && info->aggregate, "not an aggregate");
  // Aggregate arguments see the aggregate's input, not its output.
  BindScope input = scope;
  input.substitutions = nullptr;
  std::vector<ExprPtr> args;
  for (const auto& child : call.children) {
    if (child->kind == ExprKind_AST::kStar && child->names.empty() && name == "count") continue;  // count(*)
    std::vector<const Expr*> nested;
    CollectAggregates(*child, &nested);
    if (!nested.empty()) {
      ThrowAt(child->pos, ErrorClass::kNestedAggregateFunction, {});
    }
    args.push_back(Bind(*child, input));
  }
  // f(args) WITHIN GROUP (ORDER BY x [DESC]): the ordered value first, then
  // the arguments, then whether the order is descending.
  if (!call.within_group.empty()) {
    if (call.within_group.size() != 1) {
      ThrowAt(call.pos, ErrorClass::kUnsupportedFeature, {{"feature", "WITHIN GROUP with more than one ORDER BY key"}});
    }
    args.insert(args.begin(), Bind(*call.within_group[0].expr, input));
    args.push_back(plan::BoolLiteral(call.within_group[0].descending));
  }
  std::optional<Error> fold_error;
  std::vector<ArgType> types = DescribeArgs(args, &fold_error);
  plan::AggregateCall bound;
  bound.name = name;
  try {
    bound.function = info->aggregate(types, options_.functions);
  } catch (const FunctionBindError& e) {
    if (fold_error) throw *fold_error;
    ThrowAt(call.pos, MismatchClass(e), {{"sqlExpr", "\"" + ToString(call) + "\""}, {"message", e.what()}});
  }
  const auto& want = bound.function->arg_types();
  for (size_t i = 0; i < args.size() && i < want.size(); ++i) args[i] = plan::Cast(args[i], want[i]);
  bound.args = std::move(args);
  bound.distinct = call.distinct;
  if (call.filter) bound.filter = BindPredicate(*call.filter, input, "FILTER");
  return bound;
}

plan::WindowCall ExprBinder::BindWindow(const Expr& call, const BindScope& scope,
                                        const std::vector<std::pair<std::string, std::shared_ptr<WindowSpec>>>& named) {
  std::string name = AsciiLower(call.names.back());
  const WindowSpec* spec = call.window.get();
  if (!spec->name.empty()) {
    const WindowSpec* found = nullptr;
    for (const auto& [n, s] : named)
      if (SameName(n, spec->name)) found = s.get();
    if (!found) ThrowAt(call.pos, ErrorClass::kMissingWindowSpecification, {{"windowName", spec->name}, {"docroot", "https://spark.apache.org/docs/latest"}});
    spec = found;
  }
  plan::WindowCall w;
  BindScope inner = scope;
  for (const auto& p : spec->partition_by) w.partition_by.push_back(Bind(*p, inner));
  for (const OrderItem& o : spec->order_by) {
    plan::SortKey key;
    key.expr = Bind(*o.expr, inner);
    key.ascending = !o.descending;
    key.nulls_first = o.nulls == OrderItem::Nulls::kDefault ? key.ascending : o.nulls == OrderItem::Nulls::kFirst;
    w.order_by.push_back(key);
  }
  const FunctionInfo* info = FindFunction(call);
  if (!info) {
    ThrowAt(call.pos, ErrorClass::kUnresolvedRoutine, {{"routineName", "`" + name + "`"}, {"searchPath", "[`system`.`builtin`, `system`.`session`]"}});
  }
  w.ignore_nulls = EqualsIgnoreCase(call.nulls_option, "IGNORE NULLS");
  // Ordered-set aggregates take the whole partition: no ORDER BY, no frame.
  bool ordered_set = !call.within_group.empty() || name == "median" || name == "percentile_cont" ||
                     name == "percentile_disc";
  if (ordered_set && (!spec->order_by.empty() || spec->has_frame)) {
    ThrowAt(call.pos, ErrorClass::kInvalidWindowSpecForAggregationFunc, {{"aggFunc", "\"" + ToString(call) + "\""}});
  }
  if (info->kind == FunctionKind::kAggregate) {
    plan::AggregateCall aggregate = BindAggregate(call, inner);
    w.aggregate = aggregate.function;
    w.args = aggregate.args;
    w.type = aggregate.function->result_type();
  } else if (info->kind == FunctionKind::kWindow || name == "first_value" || name == "last_value") {
    w.function = name;
    for (const auto& child : call.children) w.args.push_back(Bind(*child, inner));
    if (name == "row_number" || name == "rank" || name == "dense_rank") w.type = name == "row_number" ? DataType::Int() : DataType::Int();
    else if (name == "percent_rank" || name == "cume_dist") w.type = DataType::Double();
    else if (name == "ntile") w.type = DataType::Int();
    else if (!w.args.empty()) w.type = w.args[0]->type;
    if ((name == "lag" || name == "lead") && w.args.size() >= 3) {
      auto common = FindCommonType(w.args[0]->type, w.args[2]->type);
      if (common) {
        w.args[0] = plan::Cast(w.args[0], *common);
        w.args[2] = plan::Cast(w.args[2], *common);
        w.type = *common;
      }
    }
    if ((name == "lag" || name == "lead" || name == "nth_value" || name == "ntile") && w.args.size() >= 2)
      w.args[1] = plan::Cast(w.args[1], DataType::Int());
    if (name == "ntile" && !w.args.empty()) w.args[0] = plan::Cast(w.args[0], DataType::Int());
    if ((name == "rank" || name == "dense_rank" || name == "row_number" || name == "percent_rank" || name == "cume_dist" || name == "ntile") &&
        spec->order_by.empty() && name != "row_number") {
      ThrowAt(call.pos, ErrorClass::kWindowFunctionNeedsOrder, {{"funcName", "\"" + name + "\""}});
    }
  } else {
    ThrowAt(call.pos, ErrorClass::kUnsupportedFeature, {{"feature", name + " as a window function"}});
  }
  // The frame: explicit, or Spark's default (RANGE UNBOUNDED PRECEDING to
  // CURRENT ROW with ORDER BY, the whole partition without).
  if (spec->has_frame) {
    w.frame.rows = spec->rows;
    auto bound = [&](const FrameBound& b) {
      plan::FrameBound out;
      out.kind = static_cast<plan::FrameBound::Kind>(static_cast<int>(b.kind));
      if (b.offset) {
        BindScope none;
        Columns empty;
        none.columns = &empty;
        out.offset = Bind(*b.offset, none);
      }
      return out;
    };
    w.frame.start = bound(spec->start);
    w.frame.end = bound(spec->end);
    CheckFrame(call, *spec, w);
  } else if (spec->order_by.empty()) {
    w.frame.rows = true;
    w.frame.start.kind = plan::FrameBound::Kind::kUnboundedPreceding;
    w.frame.end.kind = plan::FrameBound::Kind::kUnboundedFollowing;
  }
  return w;
}

// Spark's WindowSpecDefinition / SpecifiedWindowFrame checks: a RANGE frame
// that is not unbounded on both ends needs an ORDER BY; value bounds need
// exactly one order key of a type the offsets fit; constant bounds must not
// cross (lower <= upper).
void ExprBinder::CheckFrame(const Expr& call, const WindowSpec& spec, const plan::WindowCall& w) {
  using Kind = plan::FrameBound::Kind;
  const plan::FrameBound& lo = w.frame.start;
  const plan::FrameBound& hi = w.frame.end;
  std::string sql = "\"" + ToString(call) + "\"";
  bool value_bound = lo.offset || hi.offset;
  if (!w.frame.rows) {
    bool unbounded = lo.kind == Kind::kUnboundedPreceding && hi.kind == Kind::kUnboundedFollowing;
    if (!unbounded && w.order_by.empty())
      ThrowAt(call.pos, ErrorClass::kDatatypeMismatchRangeFrameWithoutOrder, {{"sqlExpr", sql}});
    if (value_bound && w.order_by.size() > 1) {
      std::string keys;
      for (const OrderItem& o : spec.order_by) keys += (keys.empty() ? "" : ", ") + ToString(*o.expr);
      ThrowAt(call.pos, ErrorClass::kDatatypeMismatchRangeFrameMultiOrder, {{"sqlExpr", sql}, {"orderSpec", keys}});
    }
    if (value_bound) {
      const DataType& order = w.order_by[0].expr->type;
      for (const plan::FrameBound* b : {&lo, &hi}) {
        if (!b->offset) continue;
        const DataType& offset = b->offset->type;
        bool interval = offset.id() == TypeId::kDayTimeInterval || offset.id() == TypeId::kYearMonthInterval ||
                        offset.id() == TypeId::kCalendarInterval;
        bool fits = order.is_numeric() ? offset.is_numeric()
                    : order.id() == TypeId::kDate ? offset.is_integral() || offset.id() == TypeId::kYearMonthInterval
                    : order.is_timestamp() ? interval
                                           : false;
        if (!fits) {
          ThrowAt(call.pos, ErrorClass::kDatatypeMismatchRangeFrameInvalidType,
                  {{"sqlExpr", sql}, {"orderSpecType", "\"" + order.ToSql() + "\""},
                   {"valueBoundaryType", "\"" + offset.ToSql() + "\""}});
        }
      }
    }
  }
  // Both bounds constant offsets: PRECEDING n is -n, FOLLOWING n is +n.
  if (lo.offset && hi.offset && lo.offset->type.is_numeric() && hi.offset->type.is_numeric()) {
    auto value = [&](const plan::FrameBound& b) -> std::optional<double> {
      VectorPtr v = FoldConstant(plan::Cast(b.offset, DataType::Double()));
      if (!v || v->IsNull(0)) return std::nullopt;
      double d = v->ValueAt<double>(0);
      return b.kind == Kind::kPreceding ? -d : d;
    };
    auto l = value(lo), u = value(hi);
    if (l && u && *l > *u) {
      ThrowAt(call.pos, ErrorClass::kDatatypeMismatchSpecifiedWindowFrameWrongComparison,
              {{"sqlExpr", sql}, {"comparison", "less than or equal"}});
    }
  }
}

GeneratorCall ExprBinder::BindGenerator(const Expr& call, const BindScope& scope) {
  std::string name = AsciiLower(call.names.back());
  const FunctionInfo* info = FindFunction(call);
  if (!info || info->kind != FunctionKind::kGenerator) {
    ThrowAt(call.pos, ErrorClass::kUnsupportedGenerator, {{"functionName", "\"" + name + "\""}});
  }
  GeneratorCall out;
  out.name = name;
  out.outer = name.size() > 6 && name.substr(name.size() - 6) == "_outer";
  for (const auto& child : call.children) out.args.push_back(Bind(*child, scope));
  std::optional<Error> fold_error;
  std::vector<ArgType> types = DescribeArgs(out.args, &fold_error);
  try {
    out.generator = std::make_shared<BoundGenerator>(info->generator(types, options_.functions));
  } catch (const FunctionBindError& e) {
    if (fold_error) throw *fold_error;
    ThrowAt(call.pos, MismatchClass(e), {{"sqlExpr", "\"" + ToString(call) + "\""}, {"message", e.what()}});
  }
  for (size_t i = 0; i < out.args.size() && i < out.generator->arg_types.size(); ++i)
    out.args[i] = plan::Cast(out.args[i], out.generator->arg_types[i]);
  return out;
}

// --- Walking the AST ------------------------------------------------------------

void ExprBinder::CollectAggregates(const Expr& ast, std::vector<const Expr*>* out) {
  if (IsAggregateCall(ast)) {
    out->push_back(&ast);
    return;
  }
  if (ast.kind == ExprKind_AST::kScalarSubquery || ast.kind == ExprKind_AST::kExists || ast.kind == ExprKind_AST::kLambda) return;
  for (const auto& child : ast.children)
    if (child) CollectAggregates(*child, out);
  if (ast.kind == ExprKind_AST::kInSubquery) return;
  if (ast.window) {
    for (const auto& p : ast.window->partition_by) CollectAggregates(*p, out);
    for (const OrderItem& o : ast.window->order_by) CollectAggregates(*o.expr, out);
  }
}

void ExprBinder::CollectWindows(const Expr& ast, std::vector<const Expr*>* out) {
  if (ast.kind == ExprKind_AST::kFunction && ast.window) {
    out->push_back(&ast);
    return;
  }
  if (ast.kind == ExprKind_AST::kScalarSubquery || ast.kind == ExprKind_AST::kExists) return;
  for (const auto& child : ast.children)
    if (child) CollectWindows(*child, out);
}

bool ExprBinder::ContainsWindow(const Expr& ast) {
  std::vector<const Expr*> found;
  CollectWindows(ast, &found);
  return !found.empty();
}

void ExprBinder::CollectScalarSubqueries(const Expr& ast, std::vector<const Expr*>* out) {
  if (ast.kind == ExprKind_AST::kScalarSubquery) {
    out->push_back(&ast);
    return;
  }
  for (const auto& child : ast.children)
    if (child) CollectScalarSubqueries(*child, out);
}

bool ExprBinder::IsGenerator(const Expr& ast) {
  const Expr& e = ast.kind == ExprKind_AST::kAlias ? *ast.children[0] : ast;
  const FunctionInfo* info = FindFunction(e);
  return info && info->kind == FunctionKind::kGenerator;
}

bool ExprBinder::IsCountQuery(const Query& query) {
  if (query.kind != QueryKind::kSelect || query.select.size() != 1 || !query.group_by.empty()) return false;
  const Expr& e = *query.select[0].expr;
  return e.kind == ExprKind_AST::kFunction && !e.window && (EqualsIgnoreCase(e.names.back(), "count") || EqualsIgnoreCase(e.names.back(), "count_if"));
}

}  // namespace tarn::sql::detail
