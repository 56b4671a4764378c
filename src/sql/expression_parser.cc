#include "sql/expression_parser.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

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

// --- literal validation (what Spark's AstBuilder rejects while parsing) ------------

[[noreturn]] void ThrowInvalidTypedLiteral(const char* type, const Token& at, const std::string& value) {
  Error error(ErrorClass::kInvalidTypedLiteral, {{"valueType", std::string("\"") + type + "\""},
                                                 {"value", QuoteString(value)}});
  error.mutable_info().line = at.line;
  error.mutable_info().column = at.column;
  throw error;
}

// INTERVAL '<text>' <from> TO <to> whose text does not fit the fields:
// Spark's IntervalUtils error, raised while parsing (_LEGACY_ERROR_TEMP_0063).
[[noreturn]] void ThrowIntervalStringMismatch(const std::string& unit, const Token& at, const std::string& value) {
  std::string lower;
  for (char c : unit) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  bool year_month = unit.rfind("YEAR", 0) == 0;
  Error error(ErrorClass::kIntervalStringMismatch,
              {{"msg", std::string("Interval string does not match ") + (year_month ? "year-month" : "day-time") +
                           " format when cast to interval " + lower + ": " + value}});
  error.mutable_info().line = at.line;
  error.mutable_info().column = at.column;
  throw error;
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Java's String.trim / UTF8String.trimAll: drops bytes <= ' ' at both ends.
std::string_view TrimControl(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool ValidDate(int64_t year, int64_t month, int64_t day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const int max = kDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
  return day <= max && year >= -999999999 && year <= 999999999;
}

bool IsSpecialDatetime(std::string_view s, bool timestamp) {
  std::string lower;
  for (char c : TrimControl(s)) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower == "epoch" || lower == "today" || lower == "yesterday" || lower == "tomorrow") return true;
  return timestamp && lower == "now";
}

// Spark's DateTimeUtils.stringToDate: [+-]yyyy[y..][-[m]m[-[d]d[( |T)anything]]].
bool ValidDateString(std::string_view input) {
  if (IsSpecialDatetime(input, false)) return true;
  const std::string_view s = TrimControl(input);
  if (s.empty()) return false;
  size_t j = 0;
  int64_t sign = 1;
  if (s[0] == '-' || s[0] == '+') {
    sign = s[0] == '-' ? -1 : 1;
    ++j;
  }
  int64_t segments[3] = {1, 1, 1};
  int i = 0;
  int64_t value = 0;
  int digits = 0;
  auto valid_digits = [](int segment, int n) { return segment == 0 ? n >= 4 && n <= 7 : n > 0 && n <= 2; };
  while (j < s.size() && i < 3 && !(s[j] == ' ' || s[j] == 'T')) {
    const char c = s[j];
    if (i < 2 && c == '-') {
      if (!valid_digits(i, digits)) return false;
      segments[i++] = value;
      value = 0;
      digits = 0;
    } else {
      if (!IsAsciiDigit(c)) return false;
      value = value * 10 + (c - '0');
      ++digits;
      if (digits > 7) return false;
    }
    ++j;
  }
  if (!valid_digits(i, digits)) return false;
  if (i < 2 && j < s.size()) return false;
  segments[i] = value;
  return ValidDate(sign * segments[0], segments[1], segments[2]);
}

// A zone id of a timestamp string: Z, UTC / GMT / UT [offset], an offset, or a region name.
bool ValidZone(std::string_view zone) {
  zone = TrimControl(zone);
  if (zone.empty()) return false;
  if (zone == "Z") return true;
  auto offset = [](std::string_view o) {  // +h, +hh, +hh:mm, +hhmm, +hh:mm:ss
    if (o.empty() || (o[0] != '+' && o[0] != '-')) return false;
    o.remove_prefix(1);
    size_t digits = 0;
    for (char c : o) {
      if (IsAsciiDigit(c)) {
        ++digits;
      } else if (c != ':') {
        return false;
      }
    }
    return digits >= 1 && digits <= 6 && o.size() <= 8;
  };
  if (zone[0] == '+' || zone[0] == '-') return offset(zone);
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (zone.substr(0, prefix.size()) == prefix) {
      const std::string_view rest = zone.substr(prefix.size());
      if (rest.empty() || offset(rest)) return true;
    }
  }
  // Region ids (America/Los_Angeles, CET): letters first, then letters, digits, / _ + - .
  if (!((zone[0] >= 'A' && zone[0] <= 'Z') || (zone[0] >= 'a' && zone[0] <= 'z'))) return false;
  for (char c : zone) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsAsciiDigit(c) || c == '/' || c == '_' ||
                    c == '+' || c == '-' || c == '.' || c == '~';
    if (!ok) return false;
  }
  return true;
}

// Spark's DateTimeUtils.parseTimestampString + stringToTimestamp: date part,
// ' ' or 'T', [h]h:[m]m:[s]s.[fraction], then a zone; or a time alone.
bool ValidTimestampString(std::string_view input) {
  if (IsSpecialDatetime(input, true)) return true;
  const std::string_view s = TrimControl(input);
  if (s.empty()) return false;
  int64_t segments[9] = {1, 1, 1, 0, 0, 0, 0, 0, 0};
  int i = 0;
  int64_t value = 0;
  int digits = 0;
  size_t j = 0;
  bool just_time = false;
  bool has_sign = false;
  int64_t sign = 1;
  std::string_view zone;
  auto valid_digits = [](int segment, int n) {
    return segment == 6 || (segment == 0 && n >= 4 && n <= 6) || (segment == 7 && n <= 2) ||
           (segment != 0 && segment != 6 && segment != 7 && n > 0 && n <= 2);
  };
  if (s[0] == '-' || s[0] == '+') {
    has_sign = true;
    sign = s[0] == '-' ? -1 : 1;
    ++j;
  }
  auto next = [&] {
    if (!valid_digits(i, digits)) return false;
    segments[i++] = value;
    value = 0;
    digits = 0;
    return true;
  };
  for (; j < s.size(); ++j) {
    const char c = s[j];
    if (IsAsciiDigit(c)) {
      if (i != 6 || digits < 6) value = value * 10 + (c - '0');
      ++digits;
      if (i != 6 && digits > 9) return false;
      continue;
    }
    if (j == 0 && c == 'T') {
      just_time = true;
      i += 3;
    } else if (i < 2) {
      if (c == '-') {
        if (!next()) return false;
      } else if (i == 0 && c == ':' && !has_sign) {
        just_time = true;
        if (!valid_digits(3, digits)) return false;
        segments[3] = value;
        value = 0;
        digits = 0;
        i = 4;
      } else {
        return false;
      }
    } else if (i == 2) {
      if (c != ' ' && c != 'T') return false;
      if (!next()) return false;
    } else if (i == 3 || i == 4) {
      if (c != ':') return false;
      if (!next()) return false;
    } else if (i == 5 || i == 6) {
      if (c == '.' && i == 5) {
        if (!next()) return false;
      } else {
        if (!next()) return false;
        zone = s.substr(j);
        j = s.size();
        break;
      }
    } else {
      return false;
    }
  }
  if (zone.empty()) {
    if (!valid_digits(i, digits)) return false;
    segments[i] = value;
  }
  if (!zone.empty() && !ValidZone(zone)) return false;
  if (segments[3] > 23 || segments[4] > 59 || segments[5] > 59) return false;
  if (just_time) return true;
  return ValidDate(sign * segments[0], segments[1], segments[2]);
}

bool ValidHex(std::string_view digits) {
  for (char c : digits) {
    if (!IsAsciiDigit(c) && !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}


// A literal, or operators / casts over literals: what Spark can fold before
// analysis (frame bounds must be).
bool IsParseTimeConstant(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral: return true;
    case ExprKind::kInterval:
    case ExprKind::kUnary:
    case ExprKind::kBinary:
    case ExprKind::kCast:
      for (const ExprPtr& child : e.children) {
        if (!child || !IsParseTimeConstant(*child)) return false;
      }
      return true;
    default: return false;
  }
}

// dateadd('MICROSECOND', ...): Spark's grammar takes the unit as a word; a
// string there is INVALID_PARAMETER_VALUE.DATETIME_UNIT.
void CheckDatetimeUnitArgument(const Expr& call) {
  if (call.names.size() != 1 || call.children.size() != 3) return;
  const Expr& unit = *call.children[0];
  if (unit.kind != ExprKind::kLiteral || unit.literal != LiteralKind::kString) return;
  std::string name;
  for (char c : call.names[0]) name += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (name != "dateadd" && name != "date_add" && name != "timestampadd" && name != "datediff" &&
      name != "date_diff" && name != "timestampdiff") {
    return;
  }
  Error error(ErrorClass::kInvalidParameterValueDatetimeUnit,
              {{"parameter", "`unit`"},
               {"function", "`" + name + "`"},
               {"message", "expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, "
                           "HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal " +
                               QuoteString(unit.value)}});
  error.mutable_info().line = unit.pos.line;
  error.mutable_info().column = unit.pos.column;
  throw error;
}

enum class IntervalField { kNone, kYearMonth, kDayTime };

IntervalField FieldOfUnit(std::string_view unit) {
  std::string u(unit);
  for (char& c : u) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (!u.empty() && u.back() == 'S') u.pop_back();
  if (u == "YEAR" || u == "MONTH") return IntervalField::kYearMonth;
  if (u == "WEEK" || u == "DAY" || u == "HOUR" || u == "MINUTE" || u == "SECOND" || u == "MILLISECOND" ||
      u == "MICROSECOND") {
    return IntervalField::kDayTime;
  }
  return IntervalField::kNone;
}

// Spark's IntervalUtils.stringToInterval ("[interval] [+-]n[.f] unit ..."):
// false if malformed; *fields gets the kinds of units used.
bool ValidIntervalString(std::string_view input, bool* year_month, bool* day_time) {
  std::string_view s = TrimControl(input);
  std::string lower;
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
    lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  std::string_view t = lower;
  if (t.substr(0, 8) == "interval") {
    t.remove_prefix(8);
    if (!t.empty() && static_cast<unsigned char>(t[0]) > ' ') return false;
  }
  auto skip_space = [&] {
    while (!t.empty() && static_cast<unsigned char>(t[0]) <= ' ') t.remove_prefix(1);
  };
  skip_space();
  if (t.empty()) return false;
  while (!t.empty()) {
    if (t[0] == '+' || t[0] == '-') {
      t.remove_prefix(1);
      skip_space();
    }
    size_t n = 0;
    while (n < t.size() && IsAsciiDigit(t[n])) ++n;
    if (n == 0 || n > 18) return false;
    t.remove_prefix(n);
    bool fraction = false;
    if (!t.empty() && t[0] == '.') {
      fraction = true;
      t.remove_prefix(1);
      size_t f = 0;
      while (f < t.size() && IsAsciiDigit(t[f])) ++f;
      if (f > 9) return false;
      t.remove_prefix(f);
    }
    if (t.empty() || static_cast<unsigned char>(t[0]) > ' ') return false;  // a unit must follow
    skip_space();
    size_t u = 0;
    while (u < t.size() && t[u] >= 'a' && t[u] <= 'z') ++u;
    const std::string_view unit = t.substr(0, u);
    const IntervalField field = FieldOfUnit(unit);
    if (field == IntervalField::kNone) return false;
    if (fraction && unit[0] != 's') return false;  // only seconds take a fraction
    (field == IntervalField::kYearMonth ? *year_month : *day_time) = true;
    t.remove_prefix(u);
    if (!t.empty() && static_cast<unsigned char>(t[0]) > ' ') return false;
    skip_space();
  }
  return true;
}

// Digits [from, to) of s as a number; false on overflow past 18 digits.
bool ReadNumber(std::string_view s, size_t* i, size_t max_digits, int64_t* out) {
  size_t n = 0;
  int64_t v = 0;
  while (*i < s.size() && IsAsciiDigit(s[*i])) {
    if (++n > max_digits) return false;
    v = v * 10 + (s[*i] - '0');
    ++*i;
  }
  *out = v;
  return n > 0;
}

// Spark's fromYearMonthString / fromDayTimeString for INTERVAL 'v' a TO b.
// `negated`: INTERVAL -'...' flips the sign of the string.
bool ValidUnitToUnitString(std::string_view input, const std::string& from, const std::string& to, bool negated) {
  const std::string_view s = TrimControl(input);
  size_t i = 0;
  bool negative = negated;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = (s[i++] == '-') != negated;
  if (from == "YEAR") {
    int64_t years = 0, months = 0;
    if (!ReadNumber(s, &i, 18, &years) || i >= s.size() || s[i++] != '-') return false;
    if (!ReadNumber(s, &i, 18, &months) || i != s.size() || months > 11) return false;
    return years * 12 + months <= int64_t{INT32_MAX} + (negative ? 1 : 0);
  }
  static constexpr std::string_view kOrder[] = {"DAY", "HOUR", "MINUTE", "SECOND"};
  static constexpr int64_t kMicros[] = {86400000000LL, 3600000000LL, 60000000LL, 1000000LL};
  static constexpr int64_t kMax[] = {0, 23, 59, 59};
  size_t first = 0, last = 0;
  for (size_t k = 0; k < 4; ++k) {
    if (kOrder[k] == from) first = k;
    if (kOrder[k] == to) last = k;
  }
  __int128 total = 0;
  for (size_t k = first; k <= last; ++k) {
    if (k > first) {
      const char separator = k == 1 ? ' ' : ':';
      if (i >= s.size() || s[i++] != separator) return false;
    }
    int64_t v = 0;
    if (!ReadNumber(s, &i, k == first ? 18 : 2, &v)) return false;
    if (k > first && v > kMax[k]) return false;
    total += static_cast<__int128>(v) * kMicros[k];
    if (k == 3 && i < s.size() && s[i] == '.') {
      ++i;
      size_t f = 0;
      while (i < s.size() && IsAsciiDigit(s[i])) {
        ++i;
        ++f;
      }
      if (f > 9) return false;
    }
  }
  return i == s.size() && total <= static_cast<__int128>(INT64_MAX);
}

// BigDecimal(text): precision and scale of a decimal literal (digits, '.', exponent).
bool DecimalFits(std::string_view text) {
  int64_t scale = 0, precision = 0;
  bool seen_nonzero = false, fraction = false;
  size_t i = 0;
  for (; i < text.size() && text[i] != 'e' && text[i] != 'E'; ++i) {
    const char c = text[i];
    if (c == '.') {
      fraction = true;
      continue;
    }
    if (fraction) ++scale;
    if (c != '0') seen_nonzero = true;
    if (seen_nonzero) ++precision;
  }
  if (precision == 0) precision = 1;
  if (i < text.size()) {
    const std::string exponent(text.substr(i + 1));
    if (exponent.size() > 9) return false;
    scale -= std::stoll(exponent);
  }
  if (scale < 0) {  // Spark sets a negative scale to 0, which adds digits
    precision -= scale;
    scale = 0;
  }
  return precision <= 38 && scale <= 38;
}

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

ExprPtr ExpressionParser::ParseValueExpression() {
  DepthGuard guard(*this);
  return ParseValue(1);
}

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
      if (v == INT64_MIN) {
        overflow = true;  // 9223372036854775808 has no positive int64
      } else {
        v = -v;
      }
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
      if (!DecimalFits(t.value)) ThrowSyntaxError(t.text, t.line, t.column, ": the decimal literal has more than 38 digits");
      e->literal = LiteralKind::kDecimal;
      e->value = sign + t.value;
      break;
    case NumberKind::kBigInt: integer(INT64_MIN, INT64_MAX, LiteralKind::kBigInt, "BIGINT"); break;
    case NumberKind::kSmallInt: integer(INT16_MIN, INT16_MAX, LiteralKind::kSmallInt, "SMALLINT"); break;
    case NumberKind::kTinyInt: integer(INT8_MIN, INT8_MAX, LiteralKind::kTinyInt, "TINYINT"); break;
    case NumberKind::kDecimal:
    case NumberKind::kBigDecimal:
      if (!DecimalFits(t.value)) {
        ThrowSyntaxError(t.text, t.line, t.column, ": the decimal literal exceeds the maximum precision 38");
      }
      e->literal = LiteralKind::kDecimal;
      e->value = sign + t.value;
      break;
    case NumberKind::kExponent:
    case NumberKind::kDouble:
    case NumberKind::kFloat: {
      // Spark rejects values beyond the type's maximum (not underflow to 0).
      const bool is_float = t.number == NumberKind::kFloat;
      const double v = std::strtod(t.value.c_str(), nullptr);
      if (std::isinf(v) || (is_float && v > 3.4028234663852886e38)) {
        ThrowSyntaxError(t.text, t.line, t.column,
                         std::string(": numeric literal out of range for ") + (is_float ? "FLOAT" : "DOUBLE"));
      }
      e->literal = is_float ? LiteralKind::kFloat : LiteralKind::kDouble;
      e->value = sign + t.value;
      break;
    }
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
      if (!ValidHex(t.value)) ThrowInvalidTypedLiteral("X", t, t.value);
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
        if (kind == LiteralKind::kDate && !ValidDateString(next.value)) ThrowInvalidTypedLiteral("DATE", t, next.value);
        if ((kind == LiteralKind::kTimestamp || kind == LiteralKind::kTimestampNtz ||
             kind == LiteralKind::kTimestampLtz) &&
            !ValidTimestampString(next.value)) {
          ThrowInvalidTypedLiteral(kind == LiteralKind::kTimestamp      ? "TIMESTAMP"
                                   : kind == LiteralKind::kTimestampNtz ? "TIMESTAMP_NTZ"
                                                                        : "TIMESTAMP_LTZ",
                                   t, next.value);
        }
        if (kind == LiteralKind::kBinary && !ValidHex(next.value)) ThrowInvalidTypedLiteral("X", t, next.value);
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
      // SUBSTRING(str FROM pos [FOR len]) gives the same call as substring(str, pos[, len]),
      // which is an ordinary call (so a wrong argument count is WRONG_NUM_ARGS, as in Spark).
      const size_t save = pos_;
      Advance();
      Advance();
      ExprPtr str = ParseValue(1);
      if (AcceptKeyword("FROM")) {
        ExprPtr e = Make(ExprKind::kFunction, t);
        e->names.push_back(t.value);
        e->children.push_back(std::move(str));
        e->children.push_back(ParseValue(1));
        if (AcceptKeyword("FOR")) e->children.push_back(ParseValue(1));
        ExpectOperator(")");
        return e;
      }
      pos_ = save;
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
  CheckDatetimeUnitArgument(*e);
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
  const Token& start = Peek();
  bound.offset = ParseValue(1);
  // Spark: "Frame bound value must be a literal" (foldable while parsing).
  if (!IsParseTimeConstant(*bound.offset)) Fail(start, ": a frame bound must be a literal");
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
  ValidateInterval(*e, start);
  return e;
}

// What Spark's AstBuilder rejects in an interval literal: malformed strings,
// unsupported from-to pairs, and year-month units mixed with day-time units.
void ExpressionParser::ValidateInterval(const Expr& e, const Token& start) const {
  bool year_month = false, day_time = false;
  for (size_t i = 0; i < e.children.size(); ++i) {
    const Expr* v = e.children[i].get();
    bool minus = false;
    if (v->kind == ExprKind::kUnary) {
      minus = v->op == "-";
      v = v->children[0].get();
    }
    const bool is_string = v->kind == ExprKind::kLiteral && v->literal == LiteralKind::kString;
    const std::string& unit = e.names[i];
    if (unit.empty()) {
      if (!ValidIntervalString(v->value, &year_month, &day_time)) ThrowInvalidTypedLiteral("INTERVAL", start, v->value);
      continue;
    }
    const size_t to = unit.find(" TO ");
    if (to != std::string::npos) {
      const std::string from = unit.substr(0, to), last = unit.substr(to + 4);
      if (!is_string) Fail(start, ": the value of INTERVAL " + unit + " must be a string");
      const bool supported = (from == "YEAR" && last == "MONTH") ||
                             (from == "DAY" && (last == "HOUR" || last == "MINUTE" || last == "SECOND")) ||
                             (from == "HOUR" && (last == "MINUTE" || last == "SECOND")) ||
                             (from == "MINUTE" && last == "SECOND");
      if (!supported) Fail(start, ": INTERVAL " + unit + " is not supported");
      if (!ValidUnitToUnitString(v->value, from, last, minus)) ThrowIntervalStringMismatch(unit, start, v->value);
      (from == "YEAR" ? year_month : day_time) = true;
      continue;
    }
    if (is_string) {
      // 'n' unit: the string must be a plain number.
      std::string_view n = TrimControl(v->value);
      if (!n.empty() && (n[0] == '+' || n[0] == '-')) n = TrimControl(n.substr(1));
      size_t digits = 0, dots = 0;
      for (char c : n) {
        digits += IsAsciiDigit(c) ? 1 : 0;
        dots += c == '.' ? 1 : 0;
      }
      if (digits == 0 || dots > 1 || digits + dots != n.size() || n.front() == '.') {
        Fail(start, ": only numbers may be the value of a unit in an INTERVAL literal");
      }
    }
    (FieldOfUnit(unit) == IntervalField::kYearMonth ? year_month : day_time) = true;
  }
  if (year_month && day_time) Fail(start, ": an INTERVAL literal cannot mix year-month and day-time fields");
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
