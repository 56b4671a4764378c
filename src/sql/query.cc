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

}  // namespace

std::string SelectBlock(const Query& q);
std::string RelationBody(const Relation& r);

std::string ToString(const Relation& r) {
  const std::string prefix = r.lateral ? "LATERAL " : "";
  return prefix + RelationBody(r);
}

std::string RelationBody(const Relation& r) {
  switch (r.kind) {
    case RelationKind::kTable: return Names(r.name, ".") + Alias(r);
    case RelationKind::kSubquery: return "(" + ToString(*r.subquery) + ")" + Alias(r);
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
