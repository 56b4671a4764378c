#include "sql/query.h"

namespace tarn::sql {
namespace {

std::string Names(const std::vector<std::string>& names, const char* separator) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += separator;
    out += QuoteIdentifier(names[i]);
  }
  return out;
}

std::string Alias(const Relation& r) {
  if (r.alias.empty()) return {};
  std::string out = " AS " + QuoteIdentifier(r.alias);
  if (!r.column_aliases.empty()) out += "(" + Names(r.column_aliases, ", ") + ")";
  return out;
}

std::string Items(const std::vector<SelectItem>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    out += (i ? ", " : "") + ToString(*items[i].expr);
    if (!items[i].alias.empty()) out += " AS " + QuoteIdentifier(items[i].alias);
  }
  return out;
}

std::string Sample(const Relation& r) {
  if (!r.sample) return {};
  const TableSample& s = *r.sample;
  std::string out = " TABLESAMPLE (";
  switch (s.kind) {
    case TableSample::Kind::kPercent:
      // The number as written (a decimal literal would print with a BD suffix).
      out += (s.value->kind == ExprKind::kLiteral && s.value->literal == LiteralKind::kDecimal ? s.value->value
                                                                                                : ToString(*s.value)) +
             " PERCENT";
      break;
    case TableSample::Kind::kRows: out += ToString(*s.value) + " ROWS"; break;
    case TableSample::Kind::kBucket:
      out += "BUCKET " + std::to_string(s.numerator) + " OUT OF " + std::to_string(s.denominator);
      break;
  }
  out += ")";
  if (s.has_seed) out += " REPEATABLE (" + std::to_string(s.seed) + ")";
  return out;
}

}  // namespace

std::string SelectBlock(const Query& q);
std::string RelationBody(const Relation& r);

std::string ToString(const Relation& r) {
  const std::string prefix = r.lateral ? "LATERAL " : "";
  return prefix + RelationBody(r);
}

std::string RelationBody(const Relation& r) {
  switch (r.kind) {
    case RelationKind::kTable: {
      std::string out = Names(r.name, ".");
      if (!r.version_as_of.empty()) out += " VERSION AS OF " + QuoteString(r.version_as_of);
      if (r.timestamp_as_of) out += " TIMESTAMP AS OF " + ToString(*r.timestamp_as_of);
      return out + Sample(r) + Alias(r);
    }
    case RelationKind::kSubquery: return "(" + ToString(*r.subquery) + ")" + Sample(r) + Alias(r);
    case RelationKind::kPivot: {
      std::string out = ToString(*r.left) + " PIVOT (" + Items(r.pivot_aggregates) + " FOR ";
      if (r.pivot_columns.size() == 1) {
        out += ToString(*r.pivot_columns[0]);
      } else {
        out += "(";
        for (size_t i = 0; i < r.pivot_columns.size(); ++i) out += (i ? ", " : "") + ToString(*r.pivot_columns[i]);
        out += ")";
      }
      return out + " IN (" + Items(r.pivot_values) + "))" + Alias(r);
    }
    case RelationKind::kUnpivot: {
      std::string out = ToString(*r.left) + " UNPIVOT " + (r.unpivot_include_nulls ? "INCLUDE" : "EXCLUDE") + " NULLS (";
      const bool multi = r.unpivot_columns.empty() ? r.unpivot_values.size() > 1
                                                   : r.unpivot_columns[0].expr->kind == ExprKind::kRow;
      out += multi ? "(" + Names(r.unpivot_values, ", ") + ")" : Names(r.unpivot_values, ", ");
      out += " FOR " + QuoteIdentifier(r.unpivot_name) + " IN (" + Items(r.unpivot_columns) + "))";
      return out + Alias(r);
    }
    case RelationKind::kValues: {
      std::string out = "VALUES ";
      for (size_t i = 0; i < r.rows.size(); ++i) {
        if (i > 0) out += ", ";
        // A one-column row prints in parentheses so that it cannot merge with the alias.
        const std::string row = ToString(*r.rows[i]);
        out += r.rows[i]->kind == ExprKind::kRow ? row : "(" + row + ")";
      }
      return out + Alias(r);
    }
    case RelationKind::kFunction: return ToString(*r.call) + Alias(r);
    case RelationKind::kJoin: {
      std::string out = "(" + ToString(*r.left) + (r.natural ? " NATURAL " : " ") + r.join_type + " JOIN " +
                        ToString(*r.right);
      if (r.condition) out += " ON " + ToString(*r.condition);
      if (!r.using_columns.empty()) out += " USING (" + Names(r.using_columns, ", ") + ")";
      return out + ")" + Alias(r);
    }
  }
  return "?";
}

std::string ToString(const Query& q) {
  std::string out;
  for (size_t i = 0; i < q.ctes.size(); ++i) {
    const CommonTableExpression& cte = q.ctes[i];
    out += (i == 0 ? "WITH " : ", ") + QuoteIdentifier(cte.name);
    if (!cte.columns.empty()) out += "(" + Names(cte.columns, ", ") + ")";
    out += " AS (" + ToString(*cte.query) + ")";
  }
  if (!q.ctes.empty()) out += " ";
  if (q.kind == QueryKind::kSetOperation) {
    out += "(" + ToString(*q.left) + ") " + q.set_op + " (" + ToString(*q.right) + ")";
  } else if (q.kind == QueryKind::kNested) {
    out += "(" + ToString(*q.left) + ")";
  } else {
    out += SelectBlock(q);
  }
  if (!q.order_by.empty()) {
    out += " ORDER BY ";
    for (size_t i = 0; i < q.order_by.size(); ++i) out += (i ? ", " : "") + ToString(q.order_by[i]);
    if (q.order_by_all) out.replace(out.rfind(" ORDER BY ") + 10, ToString(*q.order_by[0].expr).size(), "ALL");
  }
  if (!q.cluster_by.empty()) {
    out += " CLUSTER BY ";
    for (size_t i = 0; i < q.cluster_by.size(); ++i) out += (i ? ", " : "") + ToString(*q.cluster_by[i]);
  }
  if (!q.distribute_by.empty()) {
    out += " DISTRIBUTE BY ";
    for (size_t i = 0; i < q.distribute_by.size(); ++i) out += (i ? ", " : "") + ToString(*q.distribute_by[i]);
  }
  if (!q.sort_by.empty()) {
    out += " SORT BY ";
    for (size_t i = 0; i < q.sort_by.size(); ++i) out += (i ? ", " : "") + ToString(q.sort_by[i]);
  }
  if (q.limit) out += " LIMIT " + ToString(*q.limit);
  if (q.offset) out += " OFFSET " + ToString(*q.offset);
  return out;
}

std::string SelectBlock(const Query& q) {
  std::string out = "SELECT ";
  for (const std::string& hint : q.hints) out += "/*+" + hint + "*/ ";
  if (q.distinct) out += "DISTINCT ";
  for (size_t i = 0; i < q.select.size(); ++i) {
    if (i > 0) out += ", ";
    out += ToString(*q.select[i].expr);
    if (!q.select[i].alias.empty()) out += " AS " + QuoteIdentifier(q.select[i].alias);
  }
  if (!q.from.empty()) {
    out += " FROM ";
    for (size_t i = 0; i < q.from.size(); ++i) out += (i ? ", " : "") + ToString(*q.from[i]);
  }
  for (const LateralView& view : q.lateral_views) {
    out += std::string(" LATERAL VIEW ") + (view.outer ? "OUTER " : "") + ToString(*view.call) + " " +
           QuoteIdentifier(view.table);
    if (!view.columns.empty()) out += " AS " + Names(view.columns, ", ");
  }
  if (q.where) out += " WHERE " + ToString(*q.where);
  if (!q.group_by.empty()) {
    out += " GROUP BY ";
    for (size_t i = 0; i < q.group_by.size(); ++i) out += (i ? ", " : "") + ToString(*q.group_by[i]);
    if (q.group_by_all) out.replace(out.size() - ToString(*q.group_by[0]).size(), std::string::npos, "ALL");
  }
  if (q.having) out += " HAVING " + ToString(*q.having);
  for (size_t i = 0; i < q.windows.size(); ++i) {
    out += (i == 0 ? " WINDOW " : ", ") + QuoteIdentifier(q.windows[i].first) + " AS ";
    const WindowSpec& spec = *q.windows[i].second;
    // A reference to another window prints in parentheses so it is not read as a clause keyword.
    out += spec.name.empty() ? ToString(spec) : "(" + QuoteIdentifier(spec.name) + ")";
  }
  if (q.qualify) out += " QUALIFY " + ToString(*q.qualify);
  return out;
}

}  // namespace tarn::sql
