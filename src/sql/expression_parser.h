// Recursive-descent / precedence-climbing parser for Spark SQL expressions,
// following the precedence of Spark's SqlBaseParser.g4 (booleanExpression,
// predicate, valueExpression, primaryExpression). Statement parsers build on
// it: they share its token cursor and call ParseExpression().
#pragma once

#include <string_view>
#include <vector>

#include "sql/ast.h"
#include "sql/lexer.h"

namespace tarn::sql {

class ExpressionParser {
 public:
  /// Tokenizes `sql` (throws tarn::Error on a lexing error).
  explicit ExpressionParser(std::string_view sql);
  virtual ~ExpressionParser() = default;

  /// Parses `sql` as exactly one expression. Throws PARSE_SYNTAX_ERROR with
  /// line and column on anything else.
  static ExprPtr Parse(std::string_view sql);

  /// Spark's `expression` (a booleanExpression) at the cursor.
  ExprPtr ParseExpression();
  /// Spark's `dataType`, returned in canonical upper-case SQL text
  /// (e.g. "DECIMAL(10,2)", "ARRAY<STRUCT<a: INT>>", "INTERVAL DAY TO SECOND").
  std::string ParseDataType();

  const Token& Peek(size_t ahead = 0) const;
  bool AtEnd() const { return Peek().kind == TokenKind::kEnd; }

 protected:
  /// A sort key: expression [ASC|DESC] [NULLS FIRST|LAST].
  OrderItem ParseOrderItem();
  /// Spark's `valueExpression` (no predicates, AND, OR, NOT) at the cursor.
  ExprPtr ParseValueExpression();
  /// OVER's window specification (after OVER).
  std::shared_ptr<WindowSpec> ParseWindowSpec();

  /// A call after its name: (args) [WITHIN GROUP] [FILTER] [IGNORE NULLS] [OVER].
  ExprPtr ParseFunctionCall(std::vector<std::string> name, const Token& start);

  /// Hook for a statement parser: parses a query at the cursor (after the
  /// opening parenthesis of a subquery). The expression parser alone has no
  /// query grammar and throws UNSUPPORTED_FEATURE.
  virtual std::shared_ptr<Query> ParseSubquery();
  /// True if the cursor starts a query (SELECT, WITH, VALUES, FROM, TABLE).
  bool AtQueryStart() const;

  const Token& Advance();
  bool AcceptKeyword(std::string_view keyword);
  bool AcceptOperator(std::string_view op);
  void ExpectKeyword(std::string_view keyword);
  void ExpectOperator(std::string_view op);
  /// An identifier (quoted or not); `what` names it in the error.
  std::string ExpectIdentifier();
  [[noreturn]] void Fail(const Token& token, std::string_view hint = {}) const;

  std::vector<Token> tokens_;
  size_t pos_ = 0;

 private:
  class DepthGuard;
  static constexpr int kMaxChainNodes = 20000;
  void CountChainNode(const Token& at);
  int depth_ = 0;
  int chain_nodes_ = 0;

  ExprPtr ParseOr();
  ExprPtr ParseAnd();
  ExprPtr ParseNot();
  ExprPtr ParsePredicated();
  ExprPtr ParseValue(int min_precedence);
  ExprPtr ParseUnary();
  ExprPtr ParsePostfix(ExprPtr base);
  ExprPtr ParsePrimary();
  ExprPtr ParseParenthesized(const Token& open);
  ExprPtr ParseCase(const Token& start);
  ExprPtr ParseCast(const Token& start);
  ExprPtr ParseInterval(const Token& start);
  void ValidateInterval(const Expr& interval, const Token& start) const;
  ExprPtr ParseNumber(const Token& token, bool negative);
  FrameBound ParseFrameBound();
  ExprPtr ParseOptionalAs(ExprPtr value);
  void ParseStarExcept(Expr& star);
  std::string ParseIntervalUnit();
  void SplitShiftToken();
};

}  // namespace tarn::sql
