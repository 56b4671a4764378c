#include "sql/ast.h"

#include "common/strings.h"

namespace tarn::sql {
namespace {

std::string Names(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += '.';
    out += QuoteIdentifier(names[i]);
  }
  return out;
}

std::string Child(const Expr& e, size_t i) { return e.children[i] ? ToString(*e.children[i]) : std::string("NULL"); }

std::string List(const Expr& e, size_t from) {
  std::string out;
  for (size_t i = from; i < e.children.size(); ++i) {
    if (i > from) out += ", ";
    out += Child(e, i);
  }
  return out;
}

std::string Subquery(const Expr& e) { return e.subquery ? ToString(*e.subquery) : std::string("<subquery>"); }

std::string Not(const Expr& e) { return e.negated ? " NOT" : ""; }

std::string Literal(const Expr& e) {
  switch (e.literal) {
    case LiteralKind::kNull: return "NULL";
    case LiteralKind::kBoolean: return e.value == "true" ? "true" : "false";
    case LiteralKind::kInt: return std::to_string(e.int_value);
    case LiteralKind::kBigInt: return std::to_string(e.int_value) + "L";
    case LiteralKind::kSmallInt: return std::to_string(e.int_value) + "S";
    case LiteralKind::kTinyInt: return std::to_string(e.int_value) + "Y";
    case LiteralKind::kDecimal: return e.value + "BD";
    case LiteralKind::kDouble: return e.value + "D";
    case LiteralKind::kFloat: return e.value + "F";
    case LiteralKind::kString: return QuoteString(e.value);
    case LiteralKind::kBinary: return "X'" + e.value + "'";
    case LiteralKind::kDate: return "DATE " + QuoteString(e.value);
    case LiteralKind::kTimestamp: return "TIMESTAMP " + QuoteString(e.value);
    case LiteralKind::kTimestampNtz: return "TIMESTAMP_NTZ " + QuoteString(e.value);
    case LiteralKind::kTimestampLtz: return "TIMESTAMP_LTZ " + QuoteString(e.value);
  }
  return "?";
}

}  // namespace

bool IsReservedWord(std::string_view word) {
  // Words that would parse as something else where a column name stands:
  // operators, literals, expression keywords and Spark's strict non-reserved
  // join/set keywords. Other keywords are fine as plain identifiers.
  static constexpr std::string_view kWords[] = {
      "ALL", "AND", "ANTI", "AS", "BETWEEN", "CASE", "CAST", "CROSS", "CURRENT_DATE", "CURRENT_TIMESTAMP",
      "CURRENT_USER", "DISTINCT", "DIV", "ELSE", "END", "ESCAPE", "EXCEPT", "EXISTS", "FALSE", "FILTER", "FOR", "FROM",
      "FULL", "GROUP", "HAVING", "ILIKE", "IN", "INNER", "INTERSECT", "IS", "JOIN", "LATERAL", "LEFT", "LIKE",
      "LIMIT", "MINUS", "NATURAL", "NOT", "NULL", "ON", "OR", "ORDER", "REGEXP", "RIGHT", "RLIKE", "SELECT", "SEMI",
      "SESSION_USER", "THEN", "TRUE", "TRY_CAST", "UNION", "USER", "USING", "WHEN", "WHERE", "WINDOW",
  };
  for (std::string_view w : kWords) {
    if (EqualsIgnoreCase(w, word)) return true;
  }
  return false;
}

std::string ToString(const OrderItem& item) {
  std::string out = ToString(*item.expr) + (item.descending ? " DESC" : " ASC");
  if (item.nulls == OrderItem::Nulls::kFirst) out += " NULLS FIRST";
  if (item.nulls == OrderItem::Nulls::kLast) out += " NULLS LAST";
  return out;
}

namespace {
std::string Bound(const FrameBound& b) {
  switch (b.kind) {
    case FrameBound::Kind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case FrameBound::Kind::kPreceding: return ToString(*b.offset) + " PRECEDING";
    case FrameBound::Kind::kCurrentRow: return "CURRENT ROW";
    case FrameBound::Kind::kFollowing: return ToString(*b.offset) + " FOLLOWING";
    case FrameBound::Kind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "?";
}
}  // namespace

std::string ToString(const WindowSpec& w) {
  if (!w.name.empty()) return QuoteIdentifier(w.name);
  std::string out = "(";
  std::string sep;
  if (!w.partition_by.empty()) {
    out += "PARTITION BY ";
    for (size_t i = 0; i < w.partition_by.size(); ++i) out += (i ? ", " : "") + ToString(*w.partition_by[i]);
    sep = " ";
  }
  if (!w.order_by.empty()) {
    out += sep + "ORDER BY ";
    for (size_t i = 0; i < w.order_by.size(); ++i) out += (i ? ", " : "") + ToString(w.order_by[i]);
    sep = " ";
  }
  if (w.has_frame) {
    out += sep + (w.rows ? "ROWS" : "RANGE") + " BETWEEN " + Bound(w.start) + " AND " + Bound(w.end);
  }
  return out + ")";
}

std::string QuoteIdentifier(const std::string& name) {
  bool plain = !name.empty();
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
  }
  if (plain && !(name[0] >= '0' && name[0] <= '9') && !IsReservedWord(name)) return name;
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

std::string QuoteString(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    switch (c) {
      case '\'': out += "\\'"; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\0': out += "\\0"; break;
      default: out += c;
    }
  }
  return out + "'";
}

std::string ToString(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral: return Literal(e);
    case ExprKind::kColumn: return Names(e.names);
    case ExprKind::kStar: {
      std::string out = e.names.empty() ? "*" : Names(e.names) + ".*";
      if (!e.children.empty()) out += " EXCEPT (" + List(e, 0) + ")";
      return out;
    }
    case ExprKind::kUnary:
      if (e.op == "NOT") return "(NOT " + Child(e, 0) + ")";
      {
        // A space keeps "- -1" from printing as the comment "--1".
        const std::string operand = Child(e, 0);
        return "(" + e.op + (operand[0] == '-' || operand[0] == '+' ? " " : "") + operand + ")";
      }
    case ExprKind::kBinary: return "(" + Child(e, 0) + " " + e.op + " " + Child(e, 1) + ")";
    case ExprKind::kFunction: {
      std::string out;
      for (size_t i = 0; i < e.names.size(); ++i) {
        if (i > 0) out += '.';
        const std::string quoted = QuoteIdentifier(e.names[i]);
        // A plain word followed by '(' is a function name even if it is a keyword.
        out += IsReservedWord(e.names[i]) ? e.names[i] : quoted;
      }
      out += "(";
      if (e.op == "EXTRACT") {
        out += QuoteIdentifier(e.value) + " FROM " + Child(e, 0);
      } else if (e.op == "TRIM") {
        if (!e.value.empty()) out += e.value + " ";
        if (e.children.size() == 2) out += Child(e, 1) + " ";
        out += "FROM " + Child(e, 0);
      } else {
        if (e.distinct) out += "DISTINCT ";
        out += List(e, 0);
      }
      out += ")";
      if (!e.within_group.empty()) {
        out += " WITHIN GROUP (ORDER BY ";
        for (size_t i = 0; i < e.within_group.size(); ++i) out += (i ? ", " : "") + ToString(e.within_group[i]);
        out += ")";
      }
      if (e.filter) out += " FILTER (WHERE " + ToString(*e.filter) + ")";
      if (!e.nulls_option.empty()) out += " " + e.nulls_option;
      if (e.window) out += " OVER " + ToString(*e.window);
      return out;
    }
    case ExprKind::kNamedArgument: return QuoteIdentifier(e.value) + " => " + Child(e, 0);
    case ExprKind::kCase: {
      std::string out = "CASE";
      if (e.children[0]) out += " " + Child(e, 0);
      const size_t n = e.children.size();
      for (size_t i = 1; i + 2 < n; i += 2) out += " WHEN " + Child(e, i) + " THEN " + Child(e, i + 1);
      if (e.children[n - 1]) out += " ELSE " + Child(e, n - 1);
      return out + " END";
    }
    case ExprKind::kCast:
      if (e.op == "::") return "(" + Child(e, 0) + "::" + e.value + ")";
      return e.op + "(" + Child(e, 0) + " AS " + e.value + ")";
    case ExprKind::kIn: return "(" + Child(e, 0) + Not(e) + " IN (" + List(e, 1) + "))";
    case ExprKind::kInSubquery: return "(" + Child(e, 0) + Not(e) + " IN (" + Subquery(e) + "))";
    case ExprKind::kExists: return "EXISTS (" + Subquery(e) + ")";
    case ExprKind::kScalarSubquery: return "(" + Subquery(e) + ")";
    case ExprKind::kBetween:
      return "(" + Child(e, 0) + Not(e) + " BETWEEN " + Child(e, 1) + " AND " + Child(e, 2) + ")";
    case ExprKind::kLike: {
      std::string out = "(" + Child(e, 0) + Not(e) + " " + e.op + " ";
      if (e.op.find(' ') != std::string::npos) {
        out += "(" + List(e, 1) + ")";
      } else {
        out += Child(e, 1);
      }
      if (e.has_escape) out += " ESCAPE " + QuoteString(e.value);
      return out + ")";
    }
    case ExprKind::kIsNull: return "(" + Child(e, 0) + " IS" + Not(e) + " NULL)";
    case ExprKind::kIsBoolean: return "(" + Child(e, 0) + " IS" + Not(e) + " " + e.value + ")";
    case ExprKind::kIsDistinctFrom: return "(" + Child(e, 0) + " IS" + Not(e) + " DISTINCT FROM " + Child(e, 1) + ")";
    case ExprKind::kLambda: {
      if (e.names.size() == 1) return "(" + QuoteIdentifier(e.names[0]) + " -> " + Child(e, 0) + ")";
      std::string params;
      for (size_t i = 0; i < e.names.size(); ++i) params += (i ? ", " : "") + QuoteIdentifier(e.names[i]);
      return "((" + params + ") -> " + Child(e, 0) + ")";
    }
    case ExprKind::kField: return Child(e, 0) + "." + QuoteIdentifier(e.value);
    case ExprKind::kSubscript: return Child(e, 0) + "[" + Child(e, 1) + "]";
    case ExprKind::kInterval: {
      std::string out = "INTERVAL";
      for (size_t i = 0; i < e.children.size(); ++i) {
        out += " " + Child(e, i);
        if (i < e.names.size() && !e.names[i].empty()) out += " " + e.names[i];
      }
      return out;
    }
    case ExprKind::kParameter: return e.value.empty() ? "?" : ":" + e.value;
    case ExprKind::kRow: return "(" + List(e, 0) + ")";
    case ExprKind::kAlias: return Child(e, 0) + " AS " + QuoteIdentifier(e.value);
    case ExprKind::kGroupingSets: return e.op + "(" + List(e, 0) + ")";
  }
  return "?";
}

}  // namespace tarn::sql
