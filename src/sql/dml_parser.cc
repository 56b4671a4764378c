// DELETE / UPDATE / MERGE INTO (Delta Lake's SQL grammar; see dml_statement.h).
#include <memory>

#include "common/error.h"
#include "common/strings.h"
#include "sql/dml_statement.h"
#include "sql/parser.h"

namespace tarn::sql {
namespace {

SourcePos PosOf(const Token& t) { return SourcePos{t.line, t.column, t.offset}; }

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string QuotedName(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    std::string quoted = "`";
    for (char c : p) quoted += c == '`' ? std::string("``") : std::string(1, c);
    out += (out.empty() ? "" : ".") + quoted + "`";
  }
  return out;
}

std::string AssignmentsText(const std::vector<Assignment>& assignments) {
  std::string out;
  for (const Assignment& a : assignments) out += (out.empty() ? "" : ", ") + QuotedName(a.column) + " = " + a.value.text;
  return out;
}

std::string AliasText(const std::string& alias) { return alias.empty() ? "" : " AS " + QuotedName({alias}); }

}  // namespace

SqlExpr Parser::ParseSqlExpr() {
  SqlExpr out;
  out.text = ParseExpressionText(&out.expr);
  return out;
}

// An optional table alias that is not the keyword starting the next clause.
std::string Parser::ParseDmlAlias(std::string_view next_clause) {
  if (Peek().IsKeyword(next_clause)) {
    // `UPDATE t set SET ...`: the first SET is the alias.
    return Peek(1).IsKeyword(next_clause) ? Advance().value : std::string();
  }
  return ParseOptionalAlias();
}

std::vector<Assignment> Parser::ParseAssignments() {
  std::vector<Assignment> out;
  do {
    Assignment a;
    a.pos = PosOf(Peek());
    a.column = ParseMultipartName();
    ExpectOperator("=");
    a.value = ParseSqlExpr();
    out.push_back(std::move(a));
  } while (AcceptOperator(","));
  return out;
}

// DELETE FROM t [[AS] alias] [WHERE cond]
void Parser::ParseDelete(Statement& s) {
  s.kind = StatementKind::kDelete;
  s.dml = std::make_shared<DmlStatement>();
  ExpectKeyword("FROM");
  s.dml->target = ParseMultipartName();
  s.name = s.dml->target;
  s.dml->target_alias = ParseDmlAlias("WHERE");
  if (AcceptKeyword("WHERE")) s.dml->condition = ParseSqlExpr();
}

// UPDATE t [[AS] alias] SET assignments [WHERE cond]
void Parser::ParseUpdate(Statement& s) {
  s.kind = StatementKind::kUpdate;
  s.dml = std::make_shared<DmlStatement>();
  s.dml->target = ParseMultipartName();
  s.name = s.dml->target;
  s.dml->target_alias = ParseDmlAlias("SET");
  ExpectKeyword("SET");
  s.dml->assignments = ParseAssignments();
  if (AcceptKeyword("WHERE")) s.dml->condition = ParseSqlExpr();
}

// MERGE [WITH SCHEMA EVOLUTION] INTO t [[AS] a] USING src [[AS] b] ON cond WHEN ...
void Parser::ParseMerge(Statement& s) {
  s.kind = StatementKind::kMerge;
  s.dml = std::make_shared<DmlStatement>();
  DmlStatement& m = *s.dml;
  if (AcceptKeyword("WITH")) {
    ExpectKeyword("SCHEMA");
    ExpectKeyword("EVOLUTION");
    m.schema_evolution = true;
  }
  ExpectKeyword("INTO");
  m.target = ParseMultipartName();
  s.name = m.target;
  m.target_alias = ParseDmlAlias("USING");
  ExpectKeyword("USING");
  if (Peek().IsOperator("(")) {
    Advance();
    const size_t begin = Peek().offset;
    if (!AtQueryStart() && !Peek().IsOperator("(")) Fail(Peek());
    ParseQuery();
    const Token& last = tokens_[pos_ - 1];
    m.source_query_text = std::string(TrimSpaces(std::string_view(sql_).substr(begin, last.offset + last.length - begin)));
    ExpectOperator(")");
  } else {
    m.source_name = ParseMultipartName();
  }
  m.source_alias = ParseDmlAlias("ON");
  ExpectKeyword("ON");
  m.condition = ParseSqlExpr();
  if (!Peek().IsKeyword("WHEN")) Fail(Peek(), ": MERGE needs at least one WHEN clause");
  while (Peek().IsKeyword("WHEN")) {
    MergeClause c;
    c.pos = PosOf(Advance());
    if (AcceptKeyword("MATCHED")) {
      c.match = MergeMatch::kMatched;
    } else {
      ExpectKeyword("NOT");
      ExpectKeyword("MATCHED");
      c.match = MergeMatch::kNotMatchedByTarget;
      if (AcceptKeyword("BY")) {
        if (AcceptKeyword("SOURCE")) {
          c.match = MergeMatch::kNotMatchedBySource;
        } else {
          ExpectKeyword("TARGET");
        }
      }
    }
    if (AcceptKeyword("AND")) c.condition = ParseSqlExpr();
    ExpectKeyword("THEN");
    const Token& action = Peek();
    if (c.match != MergeMatch::kNotMatchedByTarget && AcceptKeyword("DELETE")) {
      c.action = MergeAction::kDelete;
    } else if (c.match != MergeMatch::kNotMatchedByTarget && AcceptKeyword("UPDATE")) {
      ExpectKeyword("SET");
      if (c.match == MergeMatch::kMatched && Peek().IsOperator("*")) {
        Advance();
        c.action = MergeAction::kUpdateStar;
      } else {
        c.action = MergeAction::kUpdate;
        c.assignments = ParseAssignments();
      }
    } else if (c.match == MergeMatch::kNotMatchedByTarget && AcceptKeyword("INSERT")) {
      if (AcceptOperator("*")) {
        c.action = MergeAction::kInsertStar;
      } else {
        c.action = MergeAction::kInsert;
        if (Peek().IsOperator("(")) c.insert_columns = ParseIdentifierList();
        ExpectKeyword("VALUES");
        ExpectOperator("(");
        do {
          c.insert_values.push_back(ParseSqlExpr());
        } while (AcceptOperator(","));
        ExpectOperator(")");
      }
    } else {
      Fail(action);
    }
    m.clauses.push_back(std::move(c));
  }
}

std::string DmlStatementToString(const Statement& s) {
  const DmlStatement& d = *s.dml;
  std::string out;
  if (s.kind == StatementKind::kDelete) {
    out = "DELETE FROM " + QuotedName(d.target) + AliasText(d.target_alias);
    if (d.condition.present()) out += " WHERE " + d.condition.text;
    return out;
  }
  if (s.kind == StatementKind::kUpdate) {
    out = "UPDATE " + QuotedName(d.target) + AliasText(d.target_alias) + " SET " + AssignmentsText(d.assignments);
    if (d.condition.present()) out += " WHERE " + d.condition.text;
    return out;
  }
  out = std::string("MERGE ") + (d.schema_evolution ? "WITH SCHEMA EVOLUTION " : "") + "INTO " + QuotedName(d.target) +
        AliasText(d.target_alias) + " USING " +
        (d.source_name.empty() ? "(" + d.source_query_text + ")" : QuotedName(d.source_name)) +
        AliasText(d.source_alias) + " ON " + d.condition.text;
  for (const MergeClause& c : d.clauses) {
    out += c.match == MergeMatch::kMatched              ? " WHEN MATCHED"
           : c.match == MergeMatch::kNotMatchedBySource ? " WHEN NOT MATCHED BY SOURCE"
                                                        : " WHEN NOT MATCHED";
    if (c.condition.present()) out += " AND " + c.condition.text;
    switch (c.action) {
      case MergeAction::kDelete: out += " THEN DELETE"; break;
      case MergeAction::kUpdateStar: out += " THEN UPDATE SET *"; break;
      case MergeAction::kUpdate: out += " THEN UPDATE SET " + AssignmentsText(c.assignments); break;
      case MergeAction::kInsertStar: out += " THEN INSERT *"; break;
      case MergeAction::kInsert: {
        out += " THEN INSERT ";
        if (!c.insert_columns.empty()) {
          std::string columns;
          for (const std::string& name : c.insert_columns) columns += (columns.empty() ? "" : ", ") + QuotedName({name});
          out += "(" + columns + ") ";
        }
        std::string values;
        for (const SqlExpr& v : c.insert_values) values += (values.empty() ? "" : ", ") + v.text;
        out += "VALUES (" + values + ")";
        break;
      }
    }
  }
  return out;
}

}  // namespace tarn::sql
