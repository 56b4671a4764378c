// Expression AST produced by the SQL parser. Nodes are deliberately simple: a
// kind, a few payload strings, children and the source position. The analyzer
// gives them types and resolves names later.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::sql {

struct Query;  // a parsed query (SELECT ...); defined by the statement parser

/// Where a node starts in the statement text.
struct SourcePos {
  int line = 0;       ///< 1-based
  int column = 0;     ///< 1-based
  size_t offset = 0;  ///< byte offset
};

enum class ExprKind {
  kLiteral,         ///< literal, value (see LiteralKind)
  kColumn,          ///< names = [qualifiers..., name]
  kStar,            ///< names = qualifier (empty for a bare *); children = EXCEPT (columns)
  kUnary,           ///< op ("-", "+", "~", "NOT"), children[0]
  kBinary,          ///< op ("AND", "=", "+", "DIV", "||", ...), children[0..1]
  kFunction,        ///< names = function name parts, distinct, children = arguments, filter;
                    ///< op = "EXTRACT"/"TRIM" for the keyword forms (value = field / trim side)
  kNamedArgument,   ///< value => children[0]
  kCase,            ///< children = [operand or null, when1, then1, ..., else or null]
  kCast,            ///< op = "CAST" / "TRY_CAST" / "::", value = data type, children[0]
  kIn,              ///< negated, children = [value, item...]
  kInSubquery,      ///< negated, children[0] IN (subquery)
  kExists,          ///< subquery
  kScalarSubquery,  ///< subquery
  kBetween,         ///< negated, children = [value, low, high]
  kLike,            ///< op = LIKE / ILIKE / RLIKE / "LIKE ANY" / "LIKE ALL" / ..., negated,
                    ///< children = [value, pattern...], value = ESCAPE character (has_escape)
  kIsNull,          ///< negated, children[0]
  kIsBoolean,       ///< negated, value = TRUE / FALSE / UNKNOWN, children[0]
  kIsDistinctFrom,  ///< negated, children[0..1]
  kLambda,          ///< names = parameters, children[0] = body
  kField,           ///< children[0].value (a struct field access on a non-column)
  kSubscript,       ///< children[0][children[1]]
  kInterval,        ///< children = values, names = unit per value ("" = unit in the string;
                    ///< "YEAR TO MONTH" style for ranges)
  kParameter,       ///< value = name (":name") or empty for "?"
  kRow,             ///< (a, b, ...) row constructor
  kAlias,           ///< children[0] AS value (in STRUCT(...) and row constructors)
  kGroupingSets,    ///< GROUP BY item: op = "GROUPING SETS" / "ROLLUP" / "CUBE", children = sets
                    ///< (each a kRow, possibly empty, or a single expression)
};

enum class LiteralKind {
  kNull,
  kBoolean,       ///< value = "true" / "false"
  kInt,           ///< int_value
  kBigInt,        ///< int_value
  kSmallInt,      ///< int_value
  kTinyInt,       ///< int_value
  kDecimal,       ///< value = digits as written (1.5, 12345678901234567890, 1.5BD → 1.5)
  kDouble,        ///< value = text without suffix
  kFloat,         ///< value = text without suffix
  kString,        ///< value = unescaped text
  kBinary,        ///< value = hex digits
  kDate,          ///< value = the string
  kTimestamp,     ///< value = the string
  kTimestampNtz,  ///< value = the string
  kTimestampLtz,  ///< value = the string
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

/// A sort key: ORDER BY items, window ORDER BY, WITHIN GROUP.
struct OrderItem {
  enum class Nulls { kDefault, kFirst, kLast };
  ExprPtr expr;
  bool descending = false;
  Nulls nulls = Nulls::kDefault;
};

/// One end of a window frame.
struct FrameBound {
  enum class Kind { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
  Kind kind = Kind::kCurrentRow;
  ExprPtr offset;  ///< kPreceding / kFollowing
};

/// OVER (...) of a window function call, or OVER name.
struct WindowSpec {
  std::string name;  ///< a named window (OVER w); the other fields are then empty
  std::vector<ExprPtr> partition_by;
  std::vector<OrderItem> order_by;
  bool has_frame = false;
  bool rows = false;  ///< ROWS frame; else RANGE
  FrameBound start;
  FrameBound end;  ///< CURRENT ROW when the frame gives only a start
};

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  SourcePos pos;
  LiteralKind literal = LiteralKind::kNull;
  int64_t int_value = 0;
  std::string op;
  std::string value;
  std::vector<std::string> names;
  bool negated = false;
  bool distinct = false;
  bool has_escape = false;
  std::vector<ExprPtr> children;  ///< may hold nulls only where documented (kCase)
  ExprPtr filter;                 ///< FILTER (WHERE ...) of an aggregate call
  std::string nulls_option;       ///< kFunction: "IGNORE NULLS" / "RESPECT NULLS" or empty
  std::vector<OrderItem> within_group;  ///< kFunction: WITHIN GROUP (ORDER BY ...)
  std::shared_ptr<WindowSpec> window;   ///< kFunction: OVER ...
  std::shared_ptr<Query> subquery;

  Expr() = default;
  Expr(ExprKind k, SourcePos p) : kind(k), pos(p) {}
};

/// Prints an expression as SQL that parses back to the same tree. Every
/// operator node is parenthesised, so the printed text shows the structure:
/// `a OR b AND c` prints as `(a OR (b AND c))`.
std::string ToString(const Expr& expr);
/// Prints a query as SQL (defined in query.cc).
std::string ToString(const Query& query);
std::string ToString(const OrderItem& item);
std::string ToString(const WindowSpec& window);

/// `name` as written in SQL: backquoted unless it is a plain identifier.
std::string QuoteIdentifier(const std::string& name);
/// True for words printed backquoted as identifiers (see QuoteIdentifier).
bool IsReservedWord(std::string_view word);
/// `value` as a single-quoted SQL string literal.
std::string QuoteString(const std::string& value);

}  // namespace tarn::sql
