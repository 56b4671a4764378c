#include "sql/expression_parser.h"

#include <cstdint>

#include "common/error.h"
#include "common/strings.h"

namespace tarn::sql {
namespace {

SourcePos PosOf(const Token& t) { return SourcePos{t.line, t.column, t.offset}; }

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool IsOneOf(const Token& t, std::initializer_list<std::string_view> keywords) {
  for (std::string_view k : keywords) {
    if (t.IsKeyword(k)) return true;
  }
  return false;
}

bool IsIntervalUnit(const Token& t) {
  return IsOneOf(t, {"YEAR", "YEARS", "MONTH", "MONTHS", "WEEK", "WEEKS", "DAY", "DAYS", "HOUR", "HOURS", "MINUTE",
                     "MINUTES", "SECOND", "SECONDS", "MILLISECOND", "MILLISECONDS", "MICROSECOND", "MICROSECONDS"});
}

// Binding power of a binary operator of Spark's valueExpression (higher binds
// tighter); 0 if `t` is not one. Canonical spelling in *op.
int BinaryPrecedence(const Token& t, std::string* op) {
  std::string ignored;
  if (op == nullptr) op = &ignored;
  if (t.kind == TokenKind::kIdentifier) {
    if (t.IsKeyword("DIV")) {
      *op = "DIV";
      return 7;
    }
    return 0;
  }
  if (t.kind != TokenKind::kOperator) return 0;
  const std::string& s = t.text;
  *op = s;
  if (s == "*" || s == "/" || s == "%") return 7;
  if (s == "+" || s == "-" || s == "||") return 6;
  if (s == "<<" || s == ">>" || s == ">>>") return 5;
  if (s == "&") return 4;
  if (s == "^") return 3;
  if (s == "|") return 2;
  if (s == "==") *op = "=";
  if (s == "<>") *op = "!=";
  if (s == "=" || s == "==" || s == "<=>" || s == "!=" || s == "<>" || s == "<" || s == "<=" || s == ">" || s == ">=")
    return 1;
  return 0;
}

ExprPtr Make(ExprKind kind, const Token& at) { return std::make_unique<Expr>(kind, PosOf(at)); }

}  // namespace

// Bounds recursion so that hostile input like "((((..." cannot overflow the stack.
class ExpressionParser::DepthGuard {
 public:
  explicit DepthGuard(ExpressionParser& parser) : parser_(parser) {
    if (++parser_.depth_ > kMaxDepth) {
      const Token& t = parser_.Peek();
      parser_.Fail(t, ": the expression is nested too deeply");
    }
  }
  ~DepthGuard() { --parser_.depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  static constexpr int kMaxDepth = 1000;
  ExpressionParser& parser_;
};

ExpressionParser::ExpressionParser(std::string_view sql) : tokens_(Tokenize(sql)) {}

ExprPtr ExpressionParser::Parse(std::string_view sql) {
  ExpressionParser parser(sql);
  ExprPtr e = parser.ParseExpression();
  if (!parser.AtEnd()) parser.Fail(parser.Peek());
  return e;
}

const Token& ExpressionParser::Peek(size_t ahead) const {
  const size_t i = pos_ + ahead;
  return i < tokens_.size() ? tokens_[i] : tokens_.back();
}

const Token& ExpressionParser::Advance() {
  const Token& t = Peek();
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return t;
}

bool ExpressionParser::AcceptKeyword(std::string_view keyword) {
  if (!Peek().IsKeyword(keyword)) return false;
  Advance();
  return true;
}

bool ExpressionParser::AcceptOperator(std::string_view op) {
  if (!Peek().IsOperator(op)) return false;
  Advance();
  return true;
}

void ExpressionParser::ExpectKeyword(std::string_view keyword) {
  if (!AcceptKeyword(keyword)) Fail(Peek(), ": missing '" + std::string(keyword) + "'");
}

void ExpressionParser::ExpectOperator(std::string_view op) {
  if (!AcceptOperator(op)) Fail(Peek(), ": missing '" + std::string(op) + "'");
}

std::string ExpressionParser::ExpectIdentifier() {
  const Token& t = Peek();
  if (t.kind != TokenKind::kIdentifier && t.kind != TokenKind::kQuotedIdentifier) Fail(t);
  Advance();
  return t.value;
}

void ExpressionParser::Fail(const Token& token, std::string_view hint) const {
  ThrowSyntaxError(token.kind == TokenKind::kEnd ? std::string_view() : std::string_view(token.text), token.line,
                   token.column, hint);
}

std::shared_ptr<Query> ExpressionParser::ParseSubquery() {
  Error error(ErrorClass::kUnsupportedFeature, {{"feature", "subqueries in a standalone expression"}});
  error.mutable_info().line = Peek().line;
  error.mutable_info().column = Peek().column;
  throw error;
}

bool ExpressionParser::AtQueryStart() const {
  return IsOneOf(Peek(), {"SELECT", "WITH", "VALUES", "FROM", "TABLE"});
}

// --- boolean level --------------------------------------------------------------

void ExpressionParser::CountChainNode(const Token& at) {
  // Left-deep operator chains are built iteratively but destroyed and printed
  // recursively; bound their total so that neither can overflow the stack.
  if (++chain_nodes_ > kMaxChainNodes) Fail(at, ": the expression has too many operators");
}

ExprPtr ExpressionParser::ParseExpression() {
  DepthGuard guard(*this);
  return ParseOr();
}

ExprPtr ExpressionParser::ParseOr() {
  ExprPtr left = ParseAnd();
  while (Peek().IsKeyword("OR")) {
    const Token& t = Advance();
    CountChainNode(t);
    ExprPtr e = Make(ExprKind::kBinary, t);
    e->op = "OR";
    e->children.push_back(std::move(left));
    e->children.push_back(ParseAnd());
    left = std::move(e);
  }
  return left;
}

ExprPtr ExpressionParser::ParseAnd() {
  ExprPtr left = ParseNot();
  while (Peek().IsKeyword("AND")) {
    const Token& t = Advance();
    CountChainNode(t);
    ExprPtr e = Make(ExprKind::kBinary, t);
    e->op = "AND";
    e->children.push_back(std::move(left));
    e->children.push_back(ParseNot());
    left = std::move(e);
  }
  return left;
}

ExprPtr ExpressionParser::ParseNot() {
  DepthGuard guard(*this);
  const Token& t = Peek();
  if (t.IsKeyword("NOT") || t.IsOperator("!")) {
    Advance();
    ExprPtr e = Make(ExprKind::kUnary, t);
    e->op = "NOT";
    e->children.push_back(ParseNot());
    return e;
  }
  // EXISTS (query); `exists(array, lambda)` is the higher-order function.
  if (t.IsKeyword("EXISTS") && Peek(1).IsOperator("(")) {
    const size_t save = pos_;
    Advance();
    Advance();
    if (AtQueryStart()) {
      ExprPtr e = Make(ExprKind::kExists, t);
      e->subquery = ParseSubquery();
      ExpectOperator(")");
      return e;
    }
    pos_ = save;
  }
  return ParsePredicated();
}

ExprPtr ExpressionParser::ParsePredicated() {
  ExprPtr value = ParseValue(1);
  const Token& t = Peek();
  bool negated = false;
  if (t.IsKeyword("NOT") && IsOneOf(Peek(1), {"BETWEEN", "IN", "LIKE", "ILIKE", "RLIKE", "REGEXP"})) {
    Advance();
    negated = true;
  }
  const Token& kw = Peek();
  if (kw.IsKeyword("BETWEEN")) {
    Advance();
    ExprPtr e = Make(ExprKind::kBetween, kw);
    e->negated = negated;
    e->children.push_back(std::move(value));
    e->children.push_back(ParseValue(1));
    ExpectKeyword("AND");
    e->children.push_back(ParseValue(1));
    return e;
  }
  if (kw.IsKeyword("IN")) {
    Advance();
    ExpectOperator("(");
    if (AtQueryStart()) {
      ExprPtr e = Make(ExprKind::kInSubquery, kw);
      e->negated = negated;
      e->children.push_back(std::move(value));
      e->subquery = ParseSubquery();
      ExpectOperator(")");
      return e;
    }
    ExprPtr e = Make(ExprKind::kIn, kw);
    e->negated = negated;
    e->children.push_back(std::move(value));
    do {
      e->children.push_back(ParseExpression());
    } while (AcceptOperator(","));
    ExpectOperator(")");
    return e;
  }
  if (kw.IsKeyword("RLIKE") || kw.IsKeyword("REGEXP")) {
    Advance();
    ExprPtr e = Make(ExprKind::kLike, kw);
    e->op = "RLIKE";
    e->negated = negated;
    e->children.push_back(std::move(value));
    e->children.push_back(ParseValue(1));
    return e;
  }
  if (kw.IsKeyword("LIKE") || kw.IsKeyword("ILIKE")) {
    Advance();
    ExprPtr e = Make(ExprKind::kLike, kw);
    e->op = Upper(kw.text);
    e->negated = negated;
    e->children.push_back(std::move(value));
    if (IsOneOf(Peek(), {"ANY", "SOME", "ALL"}) && Peek(1).IsOperator("(")) {
      e->op += Peek().IsKeyword("ALL") ? " ALL" : " ANY";
      Advance();
      Advance();
      // Spark's grammar allows `()` but then rejects it: a pattern is required.
      do {
        e->children.push_back(ParseExpression());
      } while (AcceptOperator(","));
      ExpectOperator(")");
      return e;
    }
    e->children.push_back(ParseValue(1));
    if (AcceptKeyword("ESCAPE")) {
      const Token& s = Peek();
      if (s.kind != TokenKind::kString) Fail(s);
      Advance();
      e->has_escape = true;
      e->value = s.value;
    }
    return e;
  }
  if (negated) Fail(Peek());
  if (kw.IsKeyword("IS")) {
    Advance();
    const bool is_not = AcceptKeyword("NOT");
    const Token& what = Peek();
    if (what.IsKeyword("NULL")) {
      Advance();
      ExprPtr e = Make(ExprKind::kIsNull, kw);
      e->negated = is_not;
      e->children.push_back(std::move(value));
      return e;
    }
    if (IsOneOf(what, {"TRUE", "FALSE", "UNKNOWN"})) {
      Advance();
      ExprPtr e = Make(ExprKind::kIsBoolean, kw);
      e->negated = is_not;
      e->value = Upper(what.text);
      e->children.push_back(std::move(value));
      return e;
    }
    if (what.IsKeyword("DISTINCT")) {
      Advance();
      ExpectKeyword("FROM");
      ExprPtr e = Make(ExprKind::kIsDistinctFrom, kw);
      e->negated = is_not;
      e->children.push_back(std::move(value));
      e->children.push_back(ParseValue(1));
      return e;
    }
    Fail(what);
  }
  return value;
}

// --- value level ----------------------------------------------------------------

ExprPtr ExpressionParser::ParseValue(int min_precedence) {
  ExprPtr left = ParseUnary();
  for (;;) {
    std::string op;
    const int precedence = BinaryPrecedence(Peek(), &op);
    if (precedence == 0 || precedence < min_precedence) break;
    const Token& t = Advance();
    CountChainNode(t);
    ExprPtr e = Make(ExprKind::kBinary, t);
    e->op = op;
    e->children.push_back(std::move(left));
    e->children.push_back(ParseValue(precedence + 1));  // left-associative
    left = std::move(e);
  }
  return left;
}

ExprPtr ExpressionParser::ParseUnary() {
  DepthGuard guard(*this);
  const Token& t = Peek();
  if (t.IsOperator("-") || t.IsOperator("+") || t.IsOperator("~")) {
    Advance();
    // Spark's `number` rule takes the sign: -1 is a literal, not a negation.
    if (t.text == "-" && Peek().kind == TokenKind::kNumber) {
      const Token& number = Advance();
      ExprPtr literal = ParseNumber(number, /*negative=*/true);
      literal->pos = PosOf(t);
      return ParsePostfix(std::move(literal));
    }
    ExprPtr e = Make(ExprKind::kUnary, t);
    e->op = t.text;
    e->children.push_back(ParseUnary());
    return e;
  }
  return ParsePostfix(ParsePrimary());
}

ExprPtr ExpressionParser::ParsePostfix(ExprPtr base) {
  for (;;) {
    const Token& t = Peek();
    if (t.IsOperator("[")) {
      Advance();
      ExprPtr e = Make(ExprKind::kSubscript, t);
      e->pos = base->pos;
      e->children.push_back(std::move(base));
      e->children.push_back(ParseValue(1));
      ExpectOperator("]");
      base = std::move(e);
    } else if (t.IsOperator("::")) {
      Advance();
      ExprPtr e = Make(ExprKind::kCast, t);
      e->pos = base->pos;
      e->op = "::";
      e->children.push_back(std::move(base));
      e->value = ParseDataType();
      base = std::move(e);
    } else if (t.IsOperator(".")) {
      Advance();
      if (Peek().IsOperator("*")) {
        if (base->kind != ExprKind::kColumn) Fail(Peek());
        Advance();
        base->kind = ExprKind::kStar;
        ParseStarExcept(*base);
        return base;
      }
      std::string name = ExpectIdentifier();
      if (base->kind == ExprKind::kColumn) {
        base->names.push_back(std::move(name));
        if (Peek().IsOperator("(")) {
          // db.function(...)
          const SourcePos pos = base->pos;
          ExprPtr call = ParseFunctionCall(std::move(base->names), t);
          call->pos = pos;
          base = std::move(call);
        }
      } else {
        ExprPtr e = Make(ExprKind::kField, t);
        e->pos = base->pos;
        e->value = std::move(name);
        e->children.push_back(std::move(base));
        base = std::move(e);
      }
    } else {
      return base;
    }
  }
}

ExprPtr ExpressionParser::ParseNumber(const Token& t, bool negative) {
  ExprPtr e = Make(ExprKind::kLiteral, t);
  const std::string sign = negative ? "-" : "";
  auto integer = [&](int64_t min, int64_t max, LiteralKind kind, const char* type) {
    // Accumulate as a negative number so that the minimum value fits.
    int64_t v = 0;
    bool overflow = false;
    for (char c : t.value) {
      const int d = c - '0';
      if (v < (INT64_MIN + d) / 10) {
        overflow = true;
        break;
      }
      v = v * 10 - d;
    }
    if (!overflow && !negative) {
      if (v == INT64_MIN) overflow = true;
      v = -v;
    }
    if (overflow || v < min || v > max) {
      if (type == nullptr) return false;
      ThrowSyntaxError(t.text, t.line, t.column, std::string(": numeric literal out of range for ") + type);
    }
    e->literal = kind;
    e->int_value = v;
    return true;
  };
  switch (t.number) {
    case NumberKind::kInteger:
      // Spark: INT if it fits, else BIGINT, else DECIMAL.
      if (integer(INT32_MIN, INT32_MAX, LiteralKind::kInt, nullptr)) break;
      if (integer(INT64_MIN, INT64_MAX, LiteralKind::kBigInt, nullptr)) break;
      e->literal = LiteralKind::kDecimal;
      e->value = sign + t.value;
      break;
    case NumberKind::kBigInt: integer(INT64_MIN, INT64_MAX, LiteralKind::kBigInt, "BIGINT"); break;
    case NumberKind::kSmallInt: integer(INT16_MIN, INT16_MAX, LiteralKind::kSmallInt, "SMALLINT"); break;
    case NumberKind::kTinyInt: integer(INT8_MIN, INT8_MAX, LiteralKind::kTinyInt, "TINYINT"); break;
    case NumberKind::kDecimal:
    case NumberKind::kBigDecimal:
      e->literal = LiteralKind::kDecimal;
      e->value = sign + t.value;
      break;
    case NumberKind::kExponent:
    case NumberKind::kDouble:
      e->literal = LiteralKind::kDouble;
      e->value = sign + t.value;
      break;
    case NumberKind::kFloat:
      e->literal = LiteralKind::kFloat;
      e->value = sign + t.value;
      break;
    case NumberKind::kNone: Fail(t);
  }
  return e;
}

// --- primary level --------------------------------------------------------------

ExprPtr ExpressionParser::ParsePrimary() {
  const Token& t = Peek();
  switch (t.kind) {
    case TokenKind::kNumber: Advance(); return ParseNumber(t, false);
    case TokenKind::kString: {
      Advance();
      ExprPtr e = Make(ExprKind::kLiteral, t);
      e->literal = LiteralKind::kString;
      e->value = t.value;
      return e;
    }
    case TokenKind::kHexString: {
      Advance();
      ExprPtr e = Make(ExprKind::kLiteral, t);
      e->literal = LiteralKind::kBinary;
      e->value = t.value;
      return e;
    }
    case TokenKind::kOperator:
      if (t.text == "*") {
        Advance();
        ExprPtr star = Make(ExprKind::kStar, t);
        ParseStarExcept(*star);
        return star;
      }
      if (t.text == "?") {
        Advance();
        return Make(ExprKind::kParameter, t);
      }
      if (t.text == ":" && (Peek(1).kind == TokenKind::kIdentifier || Peek(1).kind == TokenKind::kQuotedIdentifier)) {
        Advance();
        ExprPtr e = Make(ExprKind::kParameter, t);
        e->value = ExpectIdentifier();
        return e;
      }
      if (t.text == "(") return ParseParenthesized(Advance());
      Fail(t);
    case TokenKind::kEnd:
    case TokenKind::kHint: Fail(t);
    case TokenKind::kIdentifier:
    case TokenKind::kQuotedIdentifier: break;
  }

  const Token& next = Peek(1);
  if (t.kind == TokenKind::kIdentifier) {
    if (t.IsKeyword("NULL")) {
      Advance();
      return Make(ExprKind::kLiteral, t);
    }
    if (t.IsKeyword("TRUE") || t.IsKeyword("FALSE")) {
      Advance();
      ExprPtr e = Make(ExprKind::kLiteral, t);
      e->literal = LiteralKind::kBoolean;
      e->value = t.IsKeyword("TRUE") ? "true" : "false";
      return e;
    }
    if (t.IsKeyword("CASE")) return ParseCase(Advance());
    if ((t.IsKeyword("CAST") || t.IsKeyword("TRY_CAST")) && next.IsOperator("(")) return ParseCast(Advance());
    if (t.IsKeyword("INTERVAL") && (next.kind == TokenKind::kString || next.kind == TokenKind::kNumber ||
                                    next.IsOperator("-") || next.IsOperator("+"))) {
      return ParseInterval(Advance());
    }
    if (next.kind == TokenKind::kString) {
      LiteralKind kind = LiteralKind::kNull;
      if (t.IsKeyword("DATE")) kind = LiteralKind::kDate;
      if (t.IsKeyword("TIMESTAMP")) kind = LiteralKind::kTimestamp;
      if (t.IsKeyword("TIMESTAMP_NTZ")) kind = LiteralKind::kTimestampNtz;
      if (t.IsKeyword("TIMESTAMP_LTZ")) kind = LiteralKind::kTimestampLtz;
      if (t.IsKeyword("X")) kind = LiteralKind::kBinary;
      if (kind != LiteralKind::kNull) {
        Advance();
        Advance();
        ExprPtr e = Make(ExprKind::kLiteral, t);
        e->literal = kind;
        e->value = next.value;
        return e;
      }
    }
    if (IsOneOf(t, {"CURRENT_DATE", "CURRENT_TIMESTAMP", "CURRENT_USER", "USER", "SESSION_USER"}) &&
        !next.IsOperator("(")) {
      Advance();
      ExprPtr e = Make(ExprKind::kFunction, t);
      e->names.push_back(t.value);
      return e;
    }
    if (t.IsKeyword("EXTRACT") && next.IsOperator("(")) {
      Advance();
      Advance();
      ExprPtr e = Make(ExprKind::kFunction, t);
      e->names.push_back(t.value);
      e->op = "EXTRACT";
      e->value = ExpectIdentifier();
      ExpectKeyword("FROM");
      e->children.push_back(ParseValue(1));
      ExpectOperator(")");
      return e;
    }
    if ((t.IsKeyword("SUBSTR") || t.IsKeyword("SUBSTRING")) && next.IsOperator("(")) {
      // SUBSTRING(str FROM pos [FOR len]) and substring(str, pos[, len]) give the same call.
      Advance();
      Advance();
      ExprPtr e = Make(ExprKind::kFunction, t);
      e->names.push_back(t.value);
      e->children.push_back(ParseValue(1));
      if (!AcceptKeyword("FROM")) ExpectOperator(",");
      e->children.push_back(ParseValue(1));
      if (AcceptKeyword("FOR") || AcceptOperator(",")) e->children.push_back(ParseValue(1));
      ExpectOperator(")");
      return e;
    }
    if (t.IsKeyword("POSITION") && next.IsOperator("(")) {
      const size_t save = pos_;
      Advance();
      Advance();
      ExprPtr substr = ParseValue(1);
      if (AcceptKeyword("IN")) {
        ExprPtr e = Make(ExprKind::kFunction, t);
        e->names.push_back(t.value);
        e->children.push_back(std::move(substr));
        e->children.push_back(ParseValue(1));
        ExpectOperator(")");
        return e;
      }
      pos_ = save;  // position(substr, str[, pos]): an ordinary call
    }
    if (t.IsKeyword("TRIM") && next.IsOperator("(")) {
      // TRIM([BOTH|LEADING|TRAILING] [trimStr] FROM str); trim(str[, trimStr]) is an ordinary call.
      const size_t save = pos_;
      Advance();
      Advance();
      std::string side;
      if (IsOneOf(Peek(), {"BOTH", "LEADING", "TRAILING"})) side = Upper(Advance().text);
      ExprPtr trim_str;
      if (!Peek().IsKeyword("FROM")) trim_str = ParseValue(1);
      if (AcceptKeyword("FROM")) {
        ExprPtr e = Make(ExprKind::kFunction, t);
        e->names.push_back(t.value);
        e->op = "TRIM";
        e->value = side;
        e->children.push_back(ParseValue(1));
        if (trim_str) e->children.push_back(std::move(trim_str));
        ExpectOperator(")");
        return e;
      }
      if (!side.empty()) Fail(Peek());
      pos_ = save;
    }
  }

  // identifier: lambda, function call or column.
  Advance();
  if (next.IsOperator("->")) {
    Advance();
    ExprPtr e = Make(ExprKind::kLambda, t);
    e->names.push_back(t.value);
    e->children.push_back(ParseExpression());
    return e;
  }
  if (next.IsOperator("(")) {
    ExprPtr e = ParseFunctionCall({t.value}, t);
    return e;
  }
  ExprPtr e = Make(ExprKind::kColumn, t);
  e->names.push_back(t.value);
  return e;
}

ExprPtr ExpressionParser::ParseParenthesized(const Token& open) {
  if (AtQueryStart()) {
    ExprPtr e = Make(ExprKind::kScalarSubquery, open);
    e->subquery = ParseSubquery();
    ExpectOperator(")");
    return e;
  }
  // (x, y) -> body
  {
    size_t i = 0;
    bool lambda = false;
    while (Peek(i).kind == TokenKind::kIdentifier || Peek(i).kind == TokenKind::kQuotedIdentifier) {
      if (Peek(i + 1).IsOperator(",")) {
        i += 2;
        continue;
      }
      lambda = Peek(i + 1).IsOperator(")") && Peek(i + 2).IsOperator("->");
      break;
    }
    if (lambda) {
      ExprPtr e = Make(ExprKind::kLambda, open);
      do {
        e->names.push_back(ExpectIdentifier());
      } while (AcceptOperator(","));
      ExpectOperator(")");
      ExpectOperator("->");
      e->children.push_back(ParseExpression());
      return e;
    }
  }
  ExprPtr first = ParseExpression();
  if (AcceptOperator(")")) return first;
  // A row constructor's elements may be named: (0 AS sum, 0 AS n).
  first = ParseOptionalAs(std::move(first));
  if (first->kind == ExprKind::kAlias && !Peek().IsOperator(",")) Fail(Peek());
  ExprPtr row = Make(ExprKind::kRow, open);
  row->children.push_back(std::move(first));
  while (AcceptOperator(",")) row->children.push_back(ParseOptionalAs(ParseExpression()));
  ExpectOperator(")");
  return row;
}

// `* EXCEPT (a, t.b)`; `* EXCEPT (SELECT ...)` stays a set operation.
void ExpressionParser::ParseStarExcept(Expr& star) {
  if (!Peek().IsKeyword("EXCEPT") || !Peek(1).IsOperator("(") || IsOneOf(Peek(2), {"SELECT", "WITH", "VALUES"})) return;
  Advance();
  Advance();
  do {
    const Token& t = Peek();
    ExprPtr column = Make(ExprKind::kColumn, t);
    column->names.push_back(ExpectIdentifier());
    while (AcceptOperator(".")) column->names.push_back(ExpectIdentifier());
    star.children.push_back(std::move(column));
  } while (AcceptOperator(","));
  ExpectOperator(")");
}

ExprPtr ExpressionParser::ParseOptionalAs(ExprPtr value) {
  if (!Peek().IsKeyword("AS")) return value;
  const Token& as = Advance();
  ExprPtr alias = Make(ExprKind::kAlias, as);
  alias->pos = value->pos;
  alias->value = ExpectIdentifier();
  alias->children.push_back(std::move(value));
  return alias;
}

ExprPtr ExpressionParser::ParseFunctionCall(std::vector<std::string> name, const Token& start) {
  ExprPtr e = Make(ExprKind::kFunction, start);
  e->names = std::move(name);
  ExpectOperator("(");
  if (!Peek().IsOperator(")")) {
    if (Peek().IsKeyword("DISTINCT")) {
      Advance();
      e->distinct = true;
    } else if (Peek().IsKeyword("ALL") && !Peek(1).IsOperator(")") && !Peek(1).IsOperator(",") &&
               !Peek(1).IsOperator("->") && BinaryPrecedence(Peek(1), nullptr) == 0) {
      Advance();
    }
    do {
      const Token& arg = Peek();
      if ((arg.kind == TokenKind::kIdentifier || arg.kind == TokenKind::kQuotedIdentifier) &&
          Peek(1).IsOperator("=>")) {
        Advance();
        Advance();
        ExprPtr named = Make(ExprKind::kNamedArgument, arg);
        named->value = arg.value;
        named->children.push_back(ParseExpression());
        e->children.push_back(std::move(named));
      } else {
        ExprPtr value = ParseExpression();
        // STRUCT(a AS x, ...) names its fields (Spark's namedExpression).
        if (e->names.size() == 1 && EqualsIgnoreCase(e->names[0], "struct")) value = ParseOptionalAs(std::move(value));
        e->children.push_back(std::move(value));
      }
    } while (AcceptOperator(","));
  }
  ExpectOperator(")");
  if (Peek().IsKeyword("WITHIN") && Peek(1).IsKeyword("GROUP")) {
    Advance();
    Advance();
    ExpectOperator("(");
    ExpectKeyword("ORDER");
    ExpectKeyword("BY");
    do {
      e->within_group.push_back(ParseOrderItem());
    } while (AcceptOperator(","));
    ExpectOperator(")");
  }
  if (Peek().IsKeyword("FILTER") && Peek(1).IsOperator("(") && Peek(2).IsKeyword("WHERE")) {
    Advance();
    Advance();
    Advance();
    e->filter = ParseExpression();
    ExpectOperator(")");
  }
  if ((Peek().IsKeyword("IGNORE") || Peek().IsKeyword("RESPECT")) && Peek(1).IsKeyword("NULLS")) {
    e->nulls_option = Peek().IsKeyword("IGNORE") ? "IGNORE NULLS" : "RESPECT NULLS";
    Advance();
    Advance();
  }
  if (AcceptKeyword("OVER")) e->window = ParseWindowSpec();
  return e;
}

OrderItem ExpressionParser::ParseOrderItem() {
  OrderItem item;
  item.expr = ParseExpression();
  if (AcceptKeyword("DESC")) {
    item.descending = true;
  } else {
    AcceptKeyword("ASC");
  }
  if (AcceptKeyword("NULLS")) {
    if (AcceptKeyword("FIRST")) {
      item.nulls = OrderItem::Nulls::kFirst;
    } else {
      ExpectKeyword("LAST");
      item.nulls = OrderItem::Nulls::kLast;
    }
  }
  return item;
}

std::shared_ptr<WindowSpec> ExpressionParser::ParseWindowSpec() {
  auto window = std::make_shared<WindowSpec>();
  if (!Peek().IsOperator("(")) {
    window->name = ExpectIdentifier();
    return window;
  }
  Advance();
  if ((Peek().kind == TokenKind::kIdentifier || Peek().kind == TokenKind::kQuotedIdentifier) &&
      Peek(1).IsOperator(")") && !IsOneOf(Peek(), {"PARTITION", "DISTRIBUTE", "CLUSTER", "ORDER", "SORT"})) {
    window->name = ExpectIdentifier();  // OVER (w)
    ExpectOperator(")");
    return window;
  }
  if (IsOneOf(Peek(), {"PARTITION", "DISTRIBUTE", "CLUSTER"}) && Peek(1).IsKeyword("BY")) {
    const bool cluster = Peek().IsKeyword("CLUSTER");
    Advance();
    Advance();
    do {
      window->partition_by.push_back(ParseExpression());
    } while (AcceptOperator(","));
    if (cluster) {
      ExpectOperator(")");
      return window;
    }
  }
  if (IsOneOf(Peek(), {"ORDER", "SORT"}) && Peek(1).IsKeyword("BY")) {
    Advance();
    Advance();
    do {
      window->order_by.push_back(ParseOrderItem());
    } while (AcceptOperator(","));
  }
  if (IsOneOf(Peek(), {"ROWS", "RANGE"})) {
    window->has_frame = true;
    window->rows = Advance().IsKeyword("ROWS");
    if (AcceptKeyword("BETWEEN")) {
      window->start = ParseFrameBound();
      ExpectKeyword("AND");
      window->end = ParseFrameBound();
    } else {
      window->start = ParseFrameBound();
    }
  }
  ExpectOperator(")");
  return window;
}

FrameBound ExpressionParser::ParseFrameBound() {
  FrameBound bound;
  if (Peek().IsKeyword("UNBOUNDED") && IsOneOf(Peek(1), {"PRECEDING", "FOLLOWING"})) {
    Advance();
    bound.kind = Advance().IsKeyword("PRECEDING") ? FrameBound::Kind::kUnboundedPreceding
                                                  : FrameBound::Kind::kUnboundedFollowing;
    return bound;
  }
  if (Peek().IsKeyword("CURRENT") && Peek(1).IsKeyword("ROW")) {
    Advance();
    Advance();
    return bound;
  }
  bound.offset = ParseValue(1);
  if (AcceptKeyword("PRECEDING")) {
    bound.kind = FrameBound::Kind::kPreceding;
  } else {
    ExpectKeyword("FOLLOWING");
    bound.kind = FrameBound::Kind::kFollowing;
  }
  return bound;
}

ExprPtr ExpressionParser::ParseCase(const Token& start) {
  ExprPtr e = Make(ExprKind::kCase, start);
  e->children.push_back(Peek().IsKeyword("WHEN") ? nullptr : ParseExpression());
  if (!Peek().IsKeyword("WHEN")) Fail(Peek(), ": missing 'WHEN'");
  while (AcceptKeyword("WHEN")) {
    e->children.push_back(ParseExpression());
    ExpectKeyword("THEN");
    e->children.push_back(ParseExpression());
  }
  e->children.push_back(AcceptKeyword("ELSE") ? ParseExpression() : nullptr);
  ExpectKeyword("END");
  return e;
}

ExprPtr ExpressionParser::ParseCast(const Token& start) {
  ExprPtr e = Make(ExprKind::kCast, start);
  e->op = Upper(start.text);
  ExpectOperator("(");
  e->children.push_back(ParseExpression());
  ExpectKeyword("AS");
  e->value = ParseDataType();
  ExpectOperator(")");
  return e;
}

std::string ExpressionParser::ParseIntervalUnit() {
  if (!IsIntervalUnit(Peek())) Fail(Peek());
  return Upper(Advance().text);
}

ExprPtr ExpressionParser::ParseInterval(const Token& start) {
  ExprPtr e = Make(ExprKind::kInterval, start);
  // Length of an intervalValue ([+-] number | [+-] string) at Peek(i), or 0.
  auto value_length = [&](size_t i) -> size_t {
    size_t n = 0;
    if (Peek(i).IsOperator("-") || Peek(i).IsOperator("+")) n = 1;
    const Token& v = Peek(i + n);
    return v.kind == TokenKind::kNumber || v.kind == TokenKind::kString ? n + 1 : 0;
  };
  for (;;) {
    const size_t length = value_length(0);
    if (length == 0) break;
    const bool unit_follows = IsIntervalUnit(Peek(length));
    if (!e->children.empty() && !unit_follows) break;
    const Token& first = Peek();
    ExprPtr value;
    if (first.kind == TokenKind::kString || first.kind == TokenKind::kNumber) {
      value = ParsePrimary();
    } else {
      Advance();
      if (first.text == "-" && Peek().kind == TokenKind::kNumber) {
        value = ParseNumber(Advance(), /*negative=*/true);
        value->pos = PosOf(first);
      } else {
        value = Make(ExprKind::kUnary, first);
        value->op = first.text;
        value->children.push_back(ParsePrimary());
      }
    }
    e->children.push_back(std::move(value));
    if (!unit_follows) {
      // INTERVAL 'string': the units are inside the string.
      if (first.kind != TokenKind::kString) Fail(Peek());
      e->names.emplace_back();
      break;
    }
    std::string unit = ParseIntervalUnit();
    if (AcceptKeyword("TO")) {
      if (e->children.size() != 1) Fail(Peek());
      unit += " TO " + ParseIntervalUnit();
      e->names.push_back(std::move(unit));
      break;
    }
    e->names.push_back(std::move(unit));
  }
  if (e->children.empty()) Fail(Peek());
  return e;
}

// --- data types -----------------------------------------------------------------

void ExpressionParser::SplitShiftToken() {
  // ARRAY<ARRAY<INT>>: the lexer saw `>>`; take one `>` off it.
  Token& t = tokens_[pos_];
  if (t.kind == TokenKind::kOperator && (t.text == ">>" || t.text == ">>>")) {
    t.text.erase(0, 1);
    t.value = t.text;
    ++t.offset;
    ++t.column;
    --t.length;
    return;
  }
  ExpectOperator(">");
}

std::string ExpressionParser::ParseDataType() {
  DepthGuard guard(*this);
  const Token& t = Peek();
  if (t.kind != TokenKind::kIdentifier) Fail(t);
  Advance();
  std::string name = Upper(t.text);
  if (name == "ARRAY" && AcceptOperator("<")) {
    std::string element = ParseDataType();
    SplitShiftToken();
    return "ARRAY<" + element + ">";
  }
  if (name == "MAP" && AcceptOperator("<")) {
    std::string key = ParseDataType();
    ExpectOperator(",");
    std::string value = ParseDataType();
    SplitShiftToken();
    return "MAP<" + key + ", " + value + ">";
  }
  if (name == "STRUCT" && AcceptOperator("<")) {
    std::string out = "STRUCT<";
    if (!Peek().IsOperator(">") && !Peek().IsOperator(">>") && !Peek().IsOperator(">>>")) {
      bool first = true;
      do {
        std::string field = ExpectIdentifier();
        AcceptOperator(":");
        std::string type = ParseDataType();
        if (!first) out += ", ";
        first = false;
        out += QuoteIdentifier(field) + ": " + type;
        if (Peek().IsKeyword("NOT") && Peek(1).IsKeyword("NULL")) {
          Advance();
          Advance();
          out += " NOT NULL";
        }
        if (AcceptKeyword("COMMENT")) {
          const Token& c = Peek();
          if (c.kind != TokenKind::kString) Fail(c);
          Advance();
          out += " COMMENT " + QuoteString(c.value);
        }
      } while (AcceptOperator(","));
    }
    SplitShiftToken();
    return out + ">";
  }
  if (name == "INTERVAL") {
    if (!IsIntervalUnit(Peek())) return name;
    name += " " + ParseIntervalUnit();
    if (AcceptKeyword("TO")) name += " TO " + ParseIntervalUnit();
    return name;
  }
  if (AcceptOperator("(")) {
    name += "(";
    bool first = true;
    do {
      const Token& n = Peek();
      if (n.kind != TokenKind::kNumber || n.number != NumberKind::kInteger) Fail(n);
      Advance();
      if (!first) name += ",";
      first = false;
      name += n.value;
    } while (AcceptOperator(","));
    ExpectOperator(")");
    name += ")";
  }
  return name;
}

}  // namespace tarn::sql
