// The table maintenance statements of Delta's grammar (DeltaSqlBase.g4) and
// Spark's ANALYZE TABLE:
//
//   OPTIMIZE table|'path' [FULL] [WHERE pred] [ZORDER BY (a, b) | ZORDER BY a, b]
//   VACUUM table|'path' [RETAIN n HOURS] [DRY RUN]
//   REORG TABLE table|'path' [WHERE pred] APPLY (PURGE)
//   ANALYZE TABLE table COMPUTE STATISTICS [NOSCAN | FOR COLUMNS a, b | FOR ALL COLUMNS]
//   ANALYZE TABLE table COMPUTE DELTA STATISTICS
//
// and the liquid clustering clause CLUSTER BY (a, b) | CLUSTER BY NONE of
// CREATE TABLE and ALTER TABLE. A quoted path names delta.`path`.
#include "sql/parser.h"

namespace tarn::sql {
namespace {

std::string Name(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + QuoteIdentifier(parts[i]);
  return out;
}

std::string NameList(const std::vector<std::string>& names) {
  std::string out = "(";
  for (size_t i = 0; i < names.size(); ++i) {
    // Dotted names (nested fields) were joined with '.'; quote each part.
    std::string quoted;
    size_t start = 0;
    for (size_t dot = names[i].find('.'); ; dot = names[i].find('.', start)) {
      quoted += (start ? "." : "") + QuoteIdentifier(names[i].substr(start, dot == std::string::npos ? dot : dot - start));
      if (dot == std::string::npos) break;
      start = dot + 1;
    }
    out += (i ? ", " : "") + quoted;
  }
  return out + ")";
}

}  // namespace

std::vector<std::string> Parser::ParseTableNameOrPath() {
  if (Peek().kind == TokenKind::kString) return {"delta", ExpectString()};
  return ParseMultipartName();
}

void Parser::ParseClusterBy(Statement& s) {
  MaintenanceClauses& m = s.maintenance;
  m.has_cluster_by = true;
  m.cluster_by.clear();
  if (AcceptKeyword("NONE")) return;
  ExpectOperator("(");
  do {
    std::vector<std::string> parts = ParseMultipartName();
    std::string joined;
    for (size_t i = 0; i < parts.size(); ++i) joined += (i ? "." : "") + parts[i];
    m.cluster_by.push_back(std::move(joined));
  } while (AcceptOperator(","));
  ExpectOperator(")");
}

void Parser::ParseMaintenance(Statement& s) {
  MaintenanceClauses& m = s.maintenance;
  auto dotted_name = [&] {
    std::vector<std::string> parts = ParseMultipartName();
    std::string joined;
    for (size_t i = 0; i < parts.size(); ++i) joined += (i ? "." : "") + parts[i];
    return joined;
  };
  auto where = [&] {
    if (AcceptKeyword("WHERE")) m.where_text = ParseExpressionText(&m.where);
  };
  if (AcceptKeyword("OPTIMIZE")) {
    s.kind = StatementKind::kOptimize;
    s.name = ParseTableNameOrPath();
    m.full = AcceptKeyword("FULL");
    where();
    if (Peek().IsKeyword("ZORDER") && Peek(1).IsKeyword("BY")) {
      Advance();
      Advance();
      const bool parenthesized = AcceptOperator("(");
      do {
        m.zorder_by.push_back(dotted_name());
      } while (AcceptOperator(","));
      if (parenthesized) ExpectOperator(")");
    }
  } else if (AcceptKeyword("VACUUM")) {
    s.kind = StatementKind::kVacuum;
    s.name = ParseTableNameOrPath();
    if (AcceptKeyword("RETAIN")) {
      const bool negative = AcceptOperator("-");
      const Token& n = Peek();
      if (n.kind != TokenKind::kNumber) Fail(n);
      m.retain_hours = (negative ? "-" : "") + n.value;
      Advance();
      ExpectKeyword("HOURS");
    }
    if (Peek().IsKeyword("DRY") && Peek(1).IsKeyword("RUN")) {
      Advance();
      Advance();
      m.dry_run = true;
    }
  } else if (AcceptKeyword("REORG")) {
    s.kind = StatementKind::kReorgTable;
    ExpectKeyword("TABLE");
    s.name = ParseTableNameOrPath();
    where();
    ExpectKeyword("APPLY");
    ExpectOperator("(");
    ExpectKeyword("PURGE");
    ExpectOperator(")");
  } else if (AcceptKeyword("ANALYZE")) {
    s.kind = StatementKind::kAnalyzeTable;
    ExpectKeyword("TABLE");
    s.name = ParseMultipartName();
    ExpectKeyword("COMPUTE");
    m.delta_statistics = AcceptKeyword("DELTA");
    ExpectKeyword("STATISTICS");
    if (!m.delta_statistics) {
      if (AcceptKeyword("NOSCAN")) {
        m.noscan = true;
      } else if (AcceptKeyword("FOR")) {
        if (AcceptKeyword("ALL")) {
          ExpectKeyword("COLUMNS");
          m.all_columns = true;
        } else {
          ExpectKeyword("COLUMNS");
          do {
            m.columns.push_back(dotted_name());
          } while (AcceptOperator(","));
        }
      }
    }
  } else {
    Fail(Peek());
  }
}

std::string ClusterByToString(const MaintenanceClauses& m) {
  if (!m.has_cluster_by) return "";
  return m.cluster_by.empty() ? " CLUSTER BY NONE" : " CLUSTER BY " + NameList(m.cluster_by);
}

std::string MaintenanceToString(const Statement& s) {
  const MaintenanceClauses& m = s.maintenance;
  const std::string where = m.where ? " WHERE " + ToString(*m.where) : "";
  switch (s.kind) {
    case StatementKind::kOptimize:
      return "OPTIMIZE " + Name(s.name) + (m.full ? " FULL" : "") + where +
             (m.zorder_by.empty() ? "" : " ZORDER BY " + NameList(m.zorder_by));
    case StatementKind::kVacuum:
      return "VACUUM " + Name(s.name) + (m.retain_hours.empty() ? "" : " RETAIN " + m.retain_hours + " HOURS") +
             (m.dry_run ? " DRY RUN" : "");
    case StatementKind::kReorgTable: return "REORG TABLE " + Name(s.name) + where + " APPLY (PURGE)";
    case StatementKind::kAnalyzeTable: {
      std::string out = "ANALYZE TABLE " + Name(s.name) + " COMPUTE " + (m.delta_statistics ? "DELTA " : "") + "STATISTICS";
      if (m.noscan) out += " NOSCAN";
      if (m.all_columns) out += " FOR ALL COLUMNS";
      if (!m.columns.empty()) {
        std::string list = NameList(m.columns);
        out += " FOR COLUMNS " + list.substr(1, list.size() - 2);
      }
      return out;
    }
    case StatementKind::kAlterTableClusterBy: return "ALTER TABLE " + Name(s.name) + ClusterByToString(m);
    default: return "?";
  }
}

}  // namespace tarn::sql
