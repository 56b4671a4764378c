// Hand-written lexer for the Spark SQL dialect (the token rules of Spark's
// SqlBaseLexer.g4): identifiers, case-insensitive keywords, numeric literals
// with Spark's suffixes, string / hex literals, operators, comments and hints.
//
// Errors are thrown as tarn::Error (PARSE_SYNTAX_ERROR or
// UNCLOSED_BRACKETED_COMMENT) with the 1-based line and column set.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::sql {

enum class TokenKind {
  kEnd,               ///< end of input (always the last token)
  kIdentifier,        ///< unquoted word; may be a keyword (see Token::IsKeyword)
  kQuotedIdentifier,  ///< `backquoted`; never a keyword
  kNumber,            ///< numeric literal; see Token::number
  kString,            ///< '..' or ".." (adjacent literals already concatenated)
  kHexString,         ///< X'..'
  kOperator,          ///< punctuation and operators; Token::text is the operator
  kHint,              ///< /*+ ... */; Token::value is the text between /*+ and */
};

/// Spark's numeric literal rules, by suffix and shape.
enum class NumberKind {
  kNone,
  kInteger,     ///< 12
  kBigInt,      ///< 12L
  kSmallInt,    ///< 12S
  kTinyInt,     ///< 12Y
  kDecimal,     ///< 1.5 or .5 or 1.
  kExponent,    ///< 1e10, 1.5E-3 (a double)
  kDouble,      ///< 1.5D
  kFloat,       ///< 1.5F
  kBigDecimal,  ///< 1.5BD
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  /// The token's source text, exactly as written (for merged string literals:
  /// from the first quote to the last).
  std::string text;
  /// Identifier name (backquotes removed, `` → `), unescaped string value,
  /// hex digits, hint body, or a number's digits without its suffix.
  std::string value;
  NumberKind number = NumberKind::kNone;
  int line = 1;         ///< 1-based
  int column = 1;       ///< 1-based, in bytes
  size_t offset = 0;    ///< byte offset of the first character
  size_t length = 0;    ///< bytes of source covered
  int parts = 1;        ///< kString: how many adjacent literals were concatenated

  /// True for an unquoted identifier spelled like `keyword` (ASCII, any case).
  bool IsKeyword(std::string_view keyword) const;
  /// True for the operator `op`.
  bool IsOperator(std::string_view op) const { return kind == TokenKind::kOperator && text == op; }
};

/// Splits `sql` into tokens, ending with one kEnd token. Throws tarn::Error.
/// Adjacent string literals become one token unless `merge_strings` is false.
std::vector<Token> Tokenize(std::string_view sql, bool merge_strings = true);

/// True if `word` (any case) is one of Spark's SQL keywords (reserved or not).
bool IsSparkKeyword(std::string_view word);

/// Spark's unescaping of a string literal body (backslash escapes, octal, \u).
std::string UnescapeSqlString(std::string_view body, char quote);

/// Throws PARSE_SYNTAX_ERROR "at or near <near>" pointing at line:column.
[[noreturn]] void ThrowSyntaxError(std::string_view near, int line, int column, std::string_view hint = {});

const char* TokenKindName(TokenKind kind);

}  // namespace tarn::sql
