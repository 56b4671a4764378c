// ALTER TABLE column changes (Spark's addTableColumns, alterTableAlterColumn,
// renameTableColumn, dropTableColumns; Delta's SYNC IDENTITY) and the
// generated / identity clauses of a column definition (Delta's
// `GENERATED ALWAYS AS (expr)` and `GENERATED ALWAYS|BY DEFAULT AS IDENTITY`).
#include <cerrno>
#include <cstdlib>

#include "sql/parser.h"

namespace tarn::sql {
namespace {

bool IsColumnKeyword(const Token& t) { return t.IsKeyword("COLUMN") || t.IsKeyword("COLUMNS"); }

}  // namespace

// Returns false when the statement after ALTER TABLE name is not a column change.
bool Parser::ParseAlterColumns(Statement& s) {
  const Token& verb = Peek();
  if (verb.IsKeyword("ADD") && IsColumnKeyword(Peek(1))) {
    Advance();
    Advance();
    s.kind = StatementKind::kAlterTableAddColumns;
    const bool parenthesized = AcceptOperator("(");
    do {
      s.column_changes.push_back(ParseAddedColumn());
    } while (AcceptOperator(","));
    if (parenthesized) ExpectOperator(")");
    return true;
  }
  if (verb.IsKeyword("ALTER") || verb.IsKeyword("CHANGE")) {
    Advance();
    AcceptKeyword("COLUMN");
    s.kind = StatementKind::kAlterTableAlterColumn;
    ColumnChange change;
    change.path = ParseMultipartName();
    const Token& t = Peek();
    if (AcceptKeyword("TYPE")) {
      change.action = ColumnChange::Action::kType;
      change.definition.type = ParseDataType();
    } else if (AcceptKeyword("COMMENT")) {
      change.action = ColumnChange::Action::kComment;
      change.definition.has_comment = true;
      change.definition.comment = ExpectString();
    } else if ((t.IsKeyword("SET") || t.IsKeyword("DROP")) && Peek(1).IsKeyword("NOT")) {
      const bool set = Advance().IsKeyword("SET");
      ExpectKeyword("NOT");
      ExpectKeyword("NULL");
      change.action = set ? ColumnChange::Action::kSetNotNull : ColumnChange::Action::kDropNotNull;
    } else if (t.IsKeyword("FIRST") || t.IsKeyword("AFTER")) {
      change.action = ColumnChange::Action::kPosition;
      ParseColumnPosition(change);
    } else if (AcceptKeyword("SYNC")) {
      ExpectKeyword("IDENTITY");
      change.action = ColumnChange::Action::kSyncIdentity;
    } else {
      Fail(t);
    }
    s.column_changes.push_back(std::move(change));
    return true;
  }
  if (verb.IsKeyword("RENAME") && Peek(1).IsKeyword("COLUMN")) {
    Advance();
    Advance();
    s.kind = StatementKind::kAlterTableRenameColumn;
    ColumnChange change;
    change.action = ColumnChange::Action::kRename;
    change.path = ParseMultipartName();
    ExpectKeyword("TO");
    change.new_name = ExpectIdentifier();
    s.column_changes.push_back(std::move(change));
    return true;
  }
  if (verb.IsKeyword("DROP") && IsColumnKeyword(Peek(1))) {
    Advance();
    Advance();
    s.kind = StatementKind::kAlterTableDropColumns;
    if (Peek().IsKeyword("IF") && Peek(1).IsKeyword("EXISTS")) {
      Advance();
      Advance();
      s.if_exists = true;
    }
    const bool parenthesized = AcceptOperator("(");
    do {
      ColumnChange change;
      change.action = ColumnChange::Action::kDrop;
      change.path = ParseMultipartName();
      s.column_changes.push_back(std::move(change));
    } while (AcceptOperator(","));
    if (parenthesized) ExpectOperator(")");
    return true;
  }
  return false;
}

// qualifiedColTypeWithPosition: name[.field...] type [NOT NULL] [DEFAULT e] [COMMENT s] [FIRST | AFTER c].
ColumnChange Parser::ParseAddedColumn() {
  ColumnChange change;
  change.action = ColumnChange::Action::kAdd;
  change.path = ParseMultipartName();
  change.definition.name = change.path.back();
  change.definition.type = ParseDataType();
  for (;;) {
    if (Peek().IsKeyword("NOT") && Peek(1).IsKeyword("NULL")) {
      Advance();
      Advance();
      change.definition.not_null = true;
    } else if (AcceptKeyword("DEFAULT")) {
      change.definition.default_value = ParseExpression();
    } else if (AcceptKeyword("COMMENT")) {
      change.definition.has_comment = true;
      change.definition.comment = ExpectString();
    } else if (Peek().IsKeyword("FIRST") || Peek().IsKeyword("AFTER")) {
      ParseColumnPosition(change);
    } else {
      break;
    }
  }
  return change;
}

// colPosition: FIRST | AFTER name.
void Parser::ParseColumnPosition(ColumnChange& change) {
  if (AcceptKeyword("FIRST")) {
    change.position = "FIRST";
    return;
  }
  ExpectKeyword("AFTER");
  change.position = "AFTER";
  change.after = ExpectIdentifier();
}

// After a column's type: GENERATED ALWAYS AS (expr) | GENERATED {ALWAYS | BY
// DEFAULT} AS IDENTITY [(START WITH n | INCREMENT BY n ...)]. False when the
// cursor is not at GENERATED.
bool Parser::ParseGeneratedColumnClause(ColumnDefinition& column) {
  if (!AcceptKeyword("GENERATED")) return false;
  bool always = true;
  if (AcceptKeyword("BY")) {
    ExpectKeyword("DEFAULT");
    always = false;
  } else {
    ExpectKeyword("ALWAYS");
  }
  ExpectKeyword("AS");
  if (!AcceptKeyword("IDENTITY")) {
    if (!always) Fail(Peek(), "GENERATED BY DEFAULT needs AS IDENTITY");
    ExpectOperator("(");
    ExprPtr expr;
    column.generation_expression = ParseExpressionText(&expr);
    ExpectOperator(")");
    return true;
  }
  column.identity = true;
  column.identity_always = always;
  if (!AcceptOperator("(")) return true;
  const auto signed_long = [this]() {
    const bool negative = AcceptOperator("-");
    if (!negative) AcceptOperator("+");
    const Token& t = Peek();
    if (t.kind != TokenKind::kNumber || t.number != NumberKind::kInteger) Fail(t, "an integer");
    errno = 0;
    char* end = nullptr;
    const long long magnitude = std::strtoll(t.value.c_str(), &end, 10);
    if (errno == ERANGE || *end != '\0') Fail(t, "an integer in the BIGINT range");
    Advance();
    return negative ? -magnitude : magnitude;
  };
  bool seen_start = false, seen_step = false;
  do {
    if (!seen_start && AcceptKeyword("START")) {
      ExpectKeyword("WITH");
      column.identity_start = signed_long();
      seen_start = true;
    } else if (!seen_step && AcceptKeyword("INCREMENT")) {
      ExpectKeyword("BY");
      column.identity_step = signed_long();
      seen_step = true;
    } else {
      Fail(Peek());
    }
  } while (!Peek().IsOperator(")"));
  ExpectOperator(")");
  return true;
}

}  // namespace tarn::sql
