#include "sql/lexer.h"

#include <algorithm>
#include <iterator>
#include <cstdint>

#include "common/error.h"
#include "common/strings.h"

namespace tarn::sql {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// Spark's IDENTIFIER is (LETTER | DIGIT | '_')+; non-ASCII bytes (UTF-8 letters) are accepted too.
bool IsWordChar(char c) { return IsLetter(c) || IsDigit(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// Spark 3.5 SqlBaseLexer keywords (reserved and non-reserved), upper case, sorted.
constexpr std::string_view kKeywords[] = {
    "ADD", "AFTER", "ALL", "ALTER", "ALWAYS", "ANALYZE", "AND", "ANTI", "ANY", "ANY_VALUE", "ARCHIVE", "ARRAY", "AS",
    "ASC", "AT", "AUTHORIZATION", "BETWEEN", "BIGINT", "BINARY", "BOOLEAN", "BOTH", "BUCKET", "BUCKETS", "BY", "BYTE",
    "CACHE", "CASCADE", "CASE", "CAST", "CATALOG", "CATALOGS", "CHANGE", "CHAR", "CHARACTER", "CHECK", "CLEAR",
    "CLUSTER", "CLUSTERED", "CODEGEN", "COLLATE", "COLLECTION", "COLUMN", "COLUMNS", "COMMENT", "COMMIT", "COMPACT",
    "COMPACTIONS", "COMPUTE", "CONCATENATE", "CONSTRAINT", "COST", "CREATE", "CROSS", "CUBE", "CURRENT",
    "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DATA", "DATABASE", "DATABASES", "DATE",
    "DATEADD", "DATEDIFF", "DATE_ADD", "DATE_DIFF", "DAY", "DAYOFYEAR", "DAYS", "DBPROPERTIES", "DEC", "DECIMAL",
    "DEFAULT", "DEFINED", "DELETE", "DELIMITED", "DESC", "DESCRIBE", "DFS", "DIRECTORIES", "DIRECTORY", "DISTINCT",
    "DISTRIBUTE", "DIV", "DOUBLE", "DROP", "ELSE", "END", "ESCAPE", "ESCAPED", "EXCEPT", "EXCHANGE", "EXCLUDE",
    "EXISTS", "EXPLAIN", "EXPORT", "EXTENDED", "EXTERNAL", "EXTRACT", "FALSE", "FETCH", "FIELDS", "FILEFORMAT",
    "FILTER", "FIRST", "FLOAT", "FOLLOWING", "FOR", "FOREIGN", "FORMAT", "FORMATTED", "FROM", "FULL", "FUNCTION",
    "FUNCTIONS", "GENERATED", "GLOBAL", "GRANT", "GROUP", "GROUPING", "HAVING", "HOUR", "HOURS", "IDENTIFIER", "IF",
    "IGNORE", "ILIKE", "IMPORT", "IN", "INCLUDE", "INDEX", "INDEXES", "INNER", "INPATH", "INPUTFORMAT", "INSERT",
    "INT", "INTEGER", "INTERSECT", "INTERVAL", "INTO", "IS", "ITEMS", "JOIN", "KEYS", "LAST", "LATERAL", "LAZY",
    "LEADING", "LEFT", "LIKE", "LIMIT", "LINES", "LIST", "LOAD", "LOCAL", "LOCATION", "LOCK", "LOCKS", "LOGICAL",
    "LONG", "MACRO", "MAP", "MATCHED", "MERGE", "MICROSECOND", "MICROSECONDS", "MILLISECOND", "MILLISECONDS",
    "MINUS", "MINUTE", "MINUTES", "MONTH", "MONTHS", "MSCK", "NAME", "NAMESPACE", "NAMESPACES", "NANOSECOND",
    "NANOSECONDS", "NATURAL", "NO", "NOT", "NULL", "NULLS", "NUMERIC", "OF", "OFFSET", "ON", "ONLY", "OPTION",
    "OPTIONS", "OR", "ORDER", "OUT", "OUTER", "OUTPUTFORMAT", "OVER", "OVERLAPS", "OVERLAY", "OVERWRITE",
    "PARTITION", "PARTITIONED", "PARTITIONS", "PERCENT", "PERCENTILE_CONT", "PERCENTILE_DISC", "PIVOT", "PLACING",
    "POSITION", "PRECEDING", "PRIMARY", "PRINCIPALS", "PROPERTIES", "PURGE", "QUALIFY", "QUARTER", "QUERY", "RANGE",
    "REAL", "RECORDREADER", "RECORDWRITER", "RECOVER", "REDUCE", "REFERENCES", "REFRESH", "REGEXP", "RENAME",
    "REPAIR", "REPEATABLE", "REPLACE", "RESET", "RESPECT", "RESTRICT", "REVOKE", "RIGHT", "RLIKE", "ROLE", "ROLES",
    "ROLLBACK", "ROLLUP", "ROW", "ROWS", "SCHEMA", "SCHEMAS", "SECOND", "SECONDS", "SELECT", "SEMI", "SEPARATED",
    "SERDE", "SERDEPROPERTIES", "SESSION_USER", "SET", "SETS", "SHORT", "SHOW", "SKEWED", "SMALLINT", "SOME", "SORT",
    "SORTED", "SOURCE", "START", "STATISTICS", "STORED", "STRATIFY", "STRING", "STRUCT", "SUBSTR", "SUBSTRING",
    "SYNC", "SYSTEM_TIME", "SYSTEM_VERSION", "TABLE", "TABLES", "TABLESAMPLE", "TARGET", "TBLPROPERTIES", "TEMP",
    "TEMPORARY", "TERMINATED", "THEN", "TIME", "TIMESTAMP", "TIMESTAMPADD", "TIMESTAMPDIFF", "TIMESTAMP_LTZ",
    "TIMESTAMP_NTZ", "TINYINT", "TO", "TOUCH", "TRAILING", "TRANSACTION", "TRANSACTIONS", "TRANSFORM", "TRIM", "TRUE",
    "TRUNCATE", "TRY_CAST", "TYPE", "UNARCHIVE", "UNBOUNDED", "UNCACHE", "UNION", "UNIQUE", "UNKNOWN", "UNLOCK",
    "UNPIVOT", "UNSET", "UPDATE", "USE", "USER", "USING", "VALUES", "VAR", "VARCHAR", "VARIABLE", "VERSION", "VIEW",
    "VIEWS", "VOID", "WEEK", "WEEKS", "WHEN", "WHERE", "WINDOW", "WITH", "WITHIN", "X", "YEAR", "YEARS", "ZONE",
};

class Lexer {
 public:
  Lexer(std::string_view sql, bool merge_strings) : sql_(sql), merge_strings_(merge_strings) {}

  std::vector<Token> Run() {
    std::vector<Token> tokens;
    for (;;) {
      SkipSpaceAndComments();
      Token token = Next();
      const bool end = token.kind == TokenKind::kEnd;
      // Spark's stringLit+: adjacent string literals form one literal.
      if (merge_strings_ && token.kind == TokenKind::kString && !tokens.empty() &&
          tokens.back().kind == TokenKind::kString) {
        Token& prev = tokens.back();
        ++prev.parts;
        prev.value += token.value;
        prev.length = token.offset + token.length - prev.offset;
        prev.text = std::string(sql_.substr(prev.offset, prev.length));
      } else {
        tokens.push_back(std::move(token));
      }
      if (end) break;
    }
    return tokens;
  }

 private:
  bool AtEnd(size_t i) const { return i >= sql_.size(); }
  char At(size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }

  void Advance(size_t n) {
    for (size_t k = 0; k < n && pos_ < sql_.size(); ++k, ++pos_) {
      if (sql_[pos_] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
    }
  }

  void SkipSpaceAndComments() {
    for (;;) {
      char c = At(pos_);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        Advance(1);
      } else if (c == '-' && At(pos_ + 1) == '-') {
        // SIMPLE_COMMENT: to the end of the line; a backslash-newline continues it.
        while (!AtEnd(pos_) && sql_[pos_] != '\n') {
          if (sql_[pos_] == '\\' && At(pos_ + 1) == '\n') Advance(1);
          Advance(1);
        }
      } else if (c == '/' && At(pos_ + 1) == '*' && At(pos_ + 2) != '+') {
        SkipBracketedComment();
      } else {
        return;
      }
    }
  }

  // Bracketed comments nest, like Spark's BRACKETED_COMMENT rule.
  void SkipBracketedComment() {
    const int line = line_, column = column_;
    int depth = 0;
    while (!AtEnd(pos_)) {
      if (sql_[pos_] == '/' && At(pos_ + 1) == '*') {
        ++depth;
        Advance(2);
      } else if (sql_[pos_] == '*' && At(pos_ + 1) == '/') {
        Advance(2);
        if (--depth == 0) return;
      } else {
        Advance(1);
      }
    }
    Error error(ErrorClass::kUnclosedBracketedComment, {});
    error.mutable_info().line = line;
    error.mutable_info().column = column;
    throw error;
  }

  Token Start(TokenKind kind) const {
    Token t;
    t.kind = kind;
    t.line = line_;
    t.column = column_;
    t.offset = pos_;
    return t;
  }

  void Finish(Token& t) {
    t.length = pos_ - t.offset;
    t.text = std::string(sql_.substr(t.offset, t.length));
  }

  Token Next() {
    if (AtEnd(pos_)) return Start(TokenKind::kEnd);
    const char c = sql_[pos_];
    if ((c == 'X' || c == 'x') && (At(pos_ + 1) == '\'' || At(pos_ + 1) == '"')) return HexString();
    if ((c == 'R' || c == 'r') && (At(pos_ + 1) == '\'' || At(pos_ + 1) == '"')) return String(/*raw=*/true);
    if (c == '\'' || c == '"') return String(/*raw=*/false);
    if (c == '`') return QuotedIdentifier();
    if (c == '/' && At(pos_ + 1) == '*' && At(pos_ + 2) == '+') return Hint();
    if (IsDigit(c) || (c == '.' && IsDigit(At(pos_ + 1)))) return NumberOrWord();
    if (IsWordChar(c)) return Word();
    return Operator();
  }

  Token Word() {
    Token t = Start(TokenKind::kIdentifier);
    size_t end = pos_;
    while (!AtEnd(end) && IsWordChar(sql_[end])) ++end;
    Advance(end - pos_);
    Finish(t);
    t.value = t.text;
    return t;
  }

  // Length of the longest numeric literal at pos_ (0 if none) and its kind.
  size_t MatchNumber(NumberKind* kind, size_t* digits_end) const {
    size_t i = pos_;
    while (IsDigit(At(i))) ++i;
    bool fraction = false, exponent = false;
    if (At(i) == '.') {
      fraction = true;
      ++i;
      while (IsDigit(At(i))) ++i;
    }
    if (At(i) == 'e' || At(i) == 'E') {
      size_t j = i + 1;
      if (At(j) == '+' || At(j) == '-') ++j;
      if (IsDigit(At(j))) {
        while (IsDigit(At(j))) ++j;
        i = j;
        exponent = true;
      }
    }
    *digits_end = i;
    const char s = Upper(At(i));
    if (!fraction && !exponent && (s == 'L' || s == 'S' || s == 'Y')) {
      *kind = s == 'L' ? NumberKind::kBigInt : s == 'S' ? NumberKind::kSmallInt : NumberKind::kTinyInt;
      return i + 1 - pos_;
    }
    if (s == 'D') {
      *kind = NumberKind::kDouble;
      return i + 1 - pos_;
    }
    if (s == 'F') {
      *kind = NumberKind::kFloat;
      return i + 1 - pos_;
    }
    if (s == 'B' && Upper(At(i + 1)) == 'D') {
      *kind = NumberKind::kBigDecimal;
      return i + 2 - pos_;
    }
    *kind = exponent ? NumberKind::kExponent : fraction ? NumberKind::kDecimal : NumberKind::kInteger;
    return i - pos_;
  }

  // ANTLR takes the longest match; on a tie the number rules (listed first) win.
  // So `10L` is a bigint but `10Lx` and `1a` are identifiers, as in Spark.
  Token NumberOrWord() {
    NumberKind kind = NumberKind::kNone;
    size_t digits_end = pos_;
    const size_t number_length = MatchNumber(&kind, &digits_end);
    size_t word_end = pos_;
    if (IsDigit(At(pos_))) {
      while (!AtEnd(word_end) && IsWordChar(sql_[word_end])) ++word_end;
    }
    if (word_end - pos_ > number_length) return Word();
    Token t = Start(TokenKind::kNumber);
    t.number = kind;
    t.value = std::string(sql_.substr(pos_, digits_end - pos_));
    Advance(number_length);
    Finish(t);
    return t;
  }

  Token String(bool raw) {
    Token t = Start(TokenKind::kString);
    if (raw) Advance(1);
    const char quote = sql_[pos_];
    Advance(1);
    const size_t body_start = pos_;
    for (;;) {
      if (AtEnd(pos_)) ThrowSyntaxError(sql_.substr(t.offset), t.line, t.column);
      const char c = sql_[pos_];
      if (c == '\\' && !raw) {
        Advance(2);
      } else if (c == quote) {
        if (At(pos_ + 1) == quote) {
          Advance(2);  // doubled quote
        } else {
          break;
        }
      } else {
        Advance(1);
      }
    }
    const std::string_view body = sql_.substr(body_start, pos_ - body_start);
    Advance(1);
    Finish(t);
    if (raw) {
      // Raw strings keep backslashes, only a doubled quote collapses.
      std::string out;
      for (size_t i = 0; i < body.size(); ++i) {
        out += body[i];
        if (body[i] == quote && i + 1 < body.size() && body[i + 1] == quote) ++i;
      }
      t.value = std::move(out);
    } else {
      t.value = UnescapeSqlString(body, quote);
    }
    return t;
  }

  Token HexString() {
    Token t = Start(TokenKind::kHexString);
    const char quote = At(pos_ + 1);
    Advance(2);
    const size_t body_start = pos_;
    while (!AtEnd(pos_) && sql_[pos_] != quote) Advance(1);
    if (AtEnd(pos_)) ThrowSyntaxError(sql_.substr(t.offset), t.line, t.column);
    t.value = std::string(sql_.substr(body_start, pos_ - body_start));
    Advance(1);
    Finish(t);
    return t;
  }

  Token QuotedIdentifier() {
    Token t = Start(TokenKind::kQuotedIdentifier);
    Advance(1);
    std::string name;
    for (;;) {
      if (AtEnd(pos_)) ThrowSyntaxError(sql_.substr(t.offset), t.line, t.column);
      const char c = sql_[pos_];
      if (c == '`') {
        if (At(pos_ + 1) != '`') break;
        name += '`';
        Advance(2);
      } else {
        name += c;
        Advance(1);
      }
    }
    Advance(1);
    Finish(t);
    t.value = std::move(name);
    return t;
  }

  Token Hint() {
    Token t = Start(TokenKind::kHint);
    Advance(3);
    const size_t body_start = pos_;
    while (!AtEnd(pos_) && !(sql_[pos_] == '*' && At(pos_ + 1) == '/')) Advance(1);
    if (AtEnd(pos_)) {
      Error error(ErrorClass::kUnclosedBracketedComment, {});
      error.mutable_info().line = t.line;
      error.mutable_info().column = t.column;
      throw error;
    }
    t.value = std::string(sql_.substr(body_start, pos_ - body_start));
    Advance(2);
    Finish(t);
    return t;
  }

  Token Operator() {
    // Longest first.
    static constexpr std::string_view kOperators[] = {
        "<=>", ">>>", "==", "!=", "<>", "<=", ">=", "||", "::", "->", "=>", "<<", ">>", "=", "<", ">", "+", "-", "*",
        "/", "%", "&", "|", "^", "~", "!", ".", ",", ";", "(", ")", "[", "]", "{", "}", "?", ":", "@",
    };
    Token t = Start(TokenKind::kOperator);
    for (std::string_view op : kOperators) {
      if (sql_.substr(pos_, op.size()) == op) {
        Advance(op.size());
        Finish(t);
        t.value = t.text;
        return t;
      }
    }
    // Spark reports the unexpected character itself.
    ThrowSyntaxError(sql_.substr(pos_, 1), line_, column_);
  }

  std::string_view sql_;
  bool merge_strings_ = true;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool Token::IsKeyword(std::string_view keyword) const {
  return kind == TokenKind::kIdentifier && EqualsIgnoreCase(text, keyword);
}

std::vector<Token> Tokenize(std::string_view sql, bool merge_strings) { return Lexer(sql, merge_strings).Run(); }

bool IsSparkKeyword(std::string_view word) {
  if (word.size() > 32) return false;
  std::string upper(word);
  for (char& c : upper) c = Upper(c);
  return std::binary_search(std::begin(kKeywords), std::end(kKeywords), std::string_view(upper));
}

// Follows Spark's ParserUtils.unescapeSQLString.
std::string UnescapeSqlString(std::string_view body, char quote) {
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == quote && i + 1 < body.size() && body[i + 1] == quote) {
      out += quote;
      ++i;
      continue;
    }
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    const char n = body[i + 1];
    // \uXXXX
    if (n == 'u' && i + 5 < body.size()) {
      uint32_t cp = 0;
      bool ok = true;
      for (size_t k = i + 2; k < i + 6; ++k) {
        const int h = HexValue(body[k]);
        if (h < 0) ok = false;
        cp = cp * 16 + static_cast<uint32_t>(h < 0 ? 0 : h);
      }
      if (ok) {
        AppendUtf8(out, cp);
        i += 5;
        continue;
      }
    }
    // \ddd octal (first digit 0-3)
    if (i + 3 < body.size() && n >= '0' && n <= '3' && body[i + 2] >= '0' && body[i + 2] <= '7' && body[i + 3] >= '0' &&
        body[i + 3] <= '7') {
      out += static_cast<char>((n - '0') * 64 + (body[i + 2] - '0') * 8 + (body[i + 3] - '0'));
      i += 3;
      continue;
    }
    switch (n) {
      case '0': out += '\0'; break;
      case 'b': out += '\b'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'Z': out += '\x1A'; break;
      case '%': out += "\\%"; break;  // kept escaped for LIKE
      case '_': out += "\\_"; break;
      default: out += n; break;
    }
    ++i;
  }
  return out;
}

void ThrowSyntaxError(std::string_view near, int line, int column, std::string_view hint) {
  std::string error = near.empty() ? std::string("end of input") : "'" + std::string(near) + "'";
  Error e(ErrorClass::kParseSyntaxError, {{"error", error}, {"hint", std::string(hint)}});
  e.mutable_info().line = line;
  e.mutable_info().column = column;
  throw e;
}

const char* TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEnd: return "End";
    case TokenKind::kIdentifier: return "Identifier";
    case TokenKind::kQuotedIdentifier: return "QuotedIdentifier";
    case TokenKind::kNumber: return "Number";
    case TokenKind::kString: return "String";
    case TokenKind::kHexString: return "HexString";
    case TokenKind::kOperator: return "Operator";
    case TokenKind::kHint: return "Hint";
  }
  return "?";
}

}  // namespace tarn::sql
