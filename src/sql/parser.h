// Statement parser for Spark SQL: builds on ExpressionParser (shared token
// cursor) and adds the query grammar. So far: SELECT blocks with DISTINCT,
// aliases, WITH (CTEs), FROM tables / subqueries / joins, WHERE, GROUP BY, HAVING; set
// operations (INTERSECT binds tighter than UNION / EXCEPT, as in Spark);
// ORDER BY, LIMIT and OFFSET; subqueries in expressions.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sql/dml_statement.h"
#include "sql/expression_parser.h"
#include "sql/query.h"
#include "sql/statement.h"

namespace tarn::sql {

class Parser : public ExpressionParser {
 public:
  explicit Parser(std::string_view sql) : ExpressionParser(sql), sql_(sql) {}

  /// Parses `sql` as one query, optionally followed by `;`. Throws
  /// tarn::Error (PARSE_SYNTAX_ERROR with line and column) otherwise.
  static std::shared_ptr<Query> ParseQueryText(std::string_view sql);

  /// A query at the cursor.
  std::shared_ptr<Query> ParseQuery();

  /// Parses `sql` as one statement, optionally followed by `;`. Throws
  /// tarn::Error: PARSE_SYNTAX_ERROR with line and column, PARSE_EMPTY_STATEMENT
  /// for text without tokens.
  static std::shared_ptr<Statement> ParseStatementText(std::string_view sql);

  /// A statement at the cursor (statement_parser.cc).
  std::shared_ptr<Statement> ParseStatement();

  /// Splits a script on `;` outside strings, quoted names, comments and
  /// brackets. Statements with no tokens (only spaces / comments) are
  /// dropped. Never throws: an unclosed string or comment runs to the end.
  static std::vector<ScriptStatement> SplitStatements(std::string_view script);

 protected:
  std::shared_ptr<Query> ParseSubquery() override { return ParseQuery(); }

 private:
  std::shared_ptr<Query> ParseQueryWithoutCtes();
  std::shared_ptr<Query> ParseQueryTerm(int min_precedence);
  std::shared_ptr<Query> ParseQueryPrimary();
  std::shared_ptr<Query> ParseSelect();
  void ParseSelectList(Query& query);
  void ParseGroupBy(Query& query);
  LateralView ParseLateralView();
  ExprPtr ParseGroupingSets(std::string op, const Token& start);
  std::unique_ptr<Relation> ParseRelation();
  std::unique_ptr<Relation> ParseRelationPrimary();
  /// At "(": whether a set operator follows the parenthesised group that starts here.
  bool SetOperationFollowsGroup() const;
  void ParseTableAlias(Relation& relation);
  std::unique_ptr<Relation> ParsePivot(std::unique_ptr<Relation> input);
  std::unique_ptr<Relation> ParseUnpivot(std::unique_ptr<Relation> input);
  std::shared_ptr<TableSample> ParseSample();
  void ParseTimeTravel(Relation& relation);
  /// An alias after an expression or relation: AS name, or a bare name that
  /// is not a clause keyword. Empty if none.
  std::string ParseOptionalAlias();

  // Statements (statement_parser.cc).
  std::shared_ptr<Statement> ParseStatementAt(int depth);
  void ParseSet(Statement& statement, const Token& set);
  void ParseReset(Statement& statement, const Token& reset);
  void ParseCreate(Statement& statement);
  void ParseCreateView(Statement& statement);
  void ParseCreateTable(Statement& statement);
  void ParseShow(Statement& statement);
  void ParseDescribe(Statement& statement);
  void ParseInsert(Statement& statement);
  void ParseRestore(Statement& statement);
  // OPTIMIZE / VACUUM / REORG / ANALYZE and CLUSTER BY (maintenance_parser.cc).
  void ParseMaintenance(Statement& statement);
  void ParseClusterBy(Statement& statement);
  std::vector<std::string> ParseTableNameOrPath();
  void ParseAlterTable(Statement& statement);
  // ALTER TABLE column changes and generated/identity column clauses (alter_table_parser.cc).
  bool ParseAlterColumns(Statement& statement);
  ColumnChange ParseAddedColumn();
  void ParseColumnPosition(ColumnChange& change);
  bool ParseGeneratedColumnClause(ColumnDefinition& column);
  // DELETE / UPDATE / MERGE (dml_parser.cc).
  void ParseDelete(Statement& statement);
  void ParseUpdate(Statement& statement);
  void ParseMerge(Statement& statement);
  SqlExpr ParseSqlExpr();
  std::vector<Assignment> ParseAssignments();
  std::string ParseDmlAlias(std::string_view next_clause);
  std::string ParseExpressionText(ExprPtr* expr);
  std::vector<std::string> ParseMultipartName();
  std::vector<Property> ParsePropertyList();
  std::vector<ColumnDefinition> ParseColumnDefinitions(bool types);
  std::vector<PartitionValue> ParsePartitionSpec();
  std::vector<std::string> ParseIdentifierList();
  std::string ExpectString();
  bool AtStatementEnd() const;

  std::string sql_;
};

}  // namespace tarn::sql
