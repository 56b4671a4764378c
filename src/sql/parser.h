// Statement parser for Spark SQL: builds on ExpressionParser (shared token
// cursor) and adds the query grammar. So far: SELECT blocks with DISTINCT,
// aliases, WITH (CTEs), FROM tables / subqueries / joins, WHERE, GROUP BY, HAVING; set
// operations (INTERSECT binds tighter than UNION / EXCEPT, as in Spark);
// ORDER BY, LIMIT and OFFSET; subqueries in expressions.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "sql/expression_parser.h"
#include "sql/query.h"

namespace tarn::sql {

class Parser : public ExpressionParser {
 public:
  explicit Parser(std::string_view sql) : ExpressionParser(sql) {}

  /// Parses `sql` as one query, optionally followed by `;`. Throws
  /// tarn::Error (PARSE_SYNTAX_ERROR with line and column) otherwise.
  static std::shared_ptr<Query> ParseQueryText(std::string_view sql);

  /// A query at the cursor.
  std::shared_ptr<Query> ParseQuery();

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
  void ParseTableAlias(Relation& relation);
  /// An alias after an expression or relation: AS name, or a bare name that
  /// is not a clause keyword. Empty if none.
  std::string ParseOptionalAlias();
};

}  // namespace tarn::sql
