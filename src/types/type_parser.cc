#include "types/type_parser.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/error.h"
#include "common/strings.h"

namespace tarn {

namespace {

enum class TokenKind { kWord, kQuoted, kNumber, kString, kSymbol, kEnd };

struct Token {
  TokenKind kind;
  std::string text;  // words as written; quoted names and strings unescaped
};

[[noreturn]] void SyntaxError(std::string_view near, std::string_view hint = "") {
  std::string error = near.empty() ? std::string("end of input") : "'" + std::string(near) + "'";
  ThrowError(ErrorClass::kParseSyntaxError, {{"error", error}, {"hint", hint.empty() ? "" : ": " + std::string(hint)}});
}

[[noreturn]] void Unsupported(std::string_view type_text) {
  std::string upper(type_text);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ThrowError(ErrorClass::kUnsupportedDataType, {{"typeName", "\"" + upper + "\""}});
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t pos = 0;
  while (pos < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    if (std::isspace(c)) {
      ++pos;
    } else if (std::isalpha(c) || c == '_') {
      size_t start = pos;
      while (pos < text.size() && (std::isalnum(static_cast<unsigned char>(text[pos])) || text[pos] == '_')) ++pos;
      tokens.push_back({TokenKind::kWord, std::string(text.substr(start, pos - start))});
    } else if (std::isdigit(c)) {
      size_t start = pos;
      while (pos < text.size() && std::isalnum(static_cast<unsigned char>(text[pos]))) ++pos;
      tokens.push_back({TokenKind::kNumber, std::string(text.substr(start, pos - start))});
    } else if (c == '`' || c == '\'' || c == '"') {
      // `name` with `` as an escaped backquote; 'text' / "text" with \ escapes.
      char quote = static_cast<char>(c);
      std::string value;
      ++pos;
      bool closed = false;
      while (pos < text.size()) {
        char ch = text[pos++];
        if (ch == quote) {
          if (quote == '`' && pos < text.size() && text[pos] == '`') {
            value += '`';
            ++pos;
            continue;
          }
          closed = true;
          break;
        }
        if (ch == '\\' && quote != '`' && pos < text.size()) ch = text[pos++];
        value += ch;
      }
      if (!closed) SyntaxError(std::string(1, quote), "unclosed quote");
      tokens.push_back({quote == '`' ? TokenKind::kQuoted : TokenKind::kString, std::move(value)});
    } else if (c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ':') {
      tokens.push_back({TokenKind::kSymbol, std::string(1, static_cast<char>(c))});
      ++pos;
    } else {
      SyntaxError(text.substr(pos, 1));
    }
  }
  tokens.push_back({TokenKind::kEnd, ""});
  return tokens;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : tokens_(Tokenize(text)) {}

  DataType ParseType() {
    const Token& token = Next();
    if (token.kind != TokenKind::kWord) SyntaxError(token.text, "a data type is expected");
    std::string name = token.text;
    auto is = [&](std::string_view keyword) { return EqualsIgnoreCase(name, keyword); };

    if (is("boolean") || is("bool")) return DataType::Boolean();
    if (is("tinyint") || is("byte")) return DataType::Byte();
    if (is("smallint") || is("short")) return DataType::Short();
    if (is("int") || is("integer")) return DataType::Int();
    if (is("bigint") || is("long")) return DataType::Long();
    if (is("float") || is("real")) return DataType::Float();
    if (is("double")) return DataType::Double();
    if (is("string")) {
      // Spark 4's collations: STRING COLLATE UTF8_BINARY is the plain string type.
      if (PeekWord("collate")) {
        Next();
        const Token& collation = Next();
        if (!EqualsIgnoreCase(collation.text, "utf8_binary")) Unsupported("string collate " + collation.text);
      }
      return DataType::String();
    }
    if (is("binary")) return DataType::Binary();
    if (is("date")) return DataType::Date();
    if (is("timestamp") || is("timestamp_ltz")) return DataType::Timestamp();
    if (is("timestamp_ntz")) return DataType::TimestampNtz();
    if (is("void")) return DataType::Null();
    if (is("time")) {
      if (PeekSymbol('(')) {
        int precision = ParseIntegerArg();
        Expect(')');
        if (precision != 6) Unsupported("time(" + std::to_string(precision) + ")");
      }
      return DataType::Time();
    }
    if (is("decimal") || is("dec") || is("numeric")) {
      int precision = 10, scale = 0;
      if (PeekSymbol('(')) {
        precision = ParseIntegerArg();
        if (PeekSymbol(',')) {
          Next();
          scale = ParseInteger();
        }
        Expect(')');
      }
      if (precision < 1 || precision > kMaxDecimalPrecision || scale < 0 || scale > precision) {
        Unsupported("decimal(" + std::to_string(precision) + "," + std::to_string(scale) + ")");
      }
      return DataType::Decimal(precision, scale);
    }
    if (is("varchar") || is("char") || is("character")) {
      // CHAR(n)/VARCHAR(n) are read and cast as plain strings (Spark's default
      // spark.sql.legacy.charVarcharAsString behaviour for casts).
      if (is("character") && PeekWord("varying")) Next();
      if (!PeekSymbol('(')) SyntaxError(Peek().text, "a length is expected after " + name);
      int length = ParseIntegerArg();
      Expect(')');
      if (length < 1) Unsupported(name + "(" + std::to_string(length) + ")");
      return DataType::String();
    }
    if (is("interval")) return ParseIntervalQualifier();
    if (is("array")) {
      Expect('<');
      DataType element = ParseType();
      Expect('>');
      return DataType::Array(element);
    }
    if (is("map")) {
      Expect('<');
      DataType key = ParseType();
      Expect(',');
      DataType value = ParseType();
      Expect('>');
      return DataType::Map(key, value);
    }
    if (is("struct")) {
      Expect('<');
      std::vector<Field> fields;
      if (!PeekSymbol('>')) fields = ParseFields(/*colon_optional=*/true);
      Expect('>');
      return DataType::Struct(std::move(fields));
    }
    // Unknown name: report it with its arguments, as Spark does ("FOO(1)").
    std::string text = name;
    if (PeekSymbol('(')) {
      Next();
      text += "(";
      while (!AtEnd() && !PeekSymbol(')')) text += Next().text;
      text += ")";
    }
    Unsupported(text);
  }

  std::vector<Field> ParseFields(bool colon_optional) {
    std::vector<Field> fields;
    while (true) {
      fields.push_back(ParseField(colon_optional));
      if (!PeekSymbol(',')) break;
      Next();
    }
    return fields;
  }

  bool AtEnd() const { return tokens_[pos_].kind == TokenKind::kEnd; }
  const Token& Peek(size_t ahead = 0) const {
    size_t index = std::min(pos_ + ahead, tokens_.size() - 1);
    return tokens_[index];
  }
  bool PeekSymbol(char symbol, size_t ahead = 0) const {
    const Token& token = Peek(ahead);
    return token.kind == TokenKind::kSymbol && token.text[0] == symbol;
  }
  bool PeekWord(std::string_view word, size_t ahead = 0) const {
    const Token& token = Peek(ahead);
    return token.kind == TokenKind::kWord && EqualsIgnoreCase(token.text, word);
  }
  void ExpectEnd() {
    if (!AtEnd()) SyntaxError(Peek().text, "extra input");
  }

 private:
  const Token& Next() {
    const Token& token = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return token;
  }

  void Expect(char symbol) {
    if (!PeekSymbol(symbol)) SyntaxError(Peek().text, std::string("missing '") + symbol + "'");
    Next();
  }

  int ParseInteger() {
    const Token& token = Next();
    if (token.kind != TokenKind::kNumber || token.text.size() > 9) SyntaxError(token.text, "an integer is expected");
    int value = 0;
    for (char c : token.text) {
      if (!std::isdigit(static_cast<unsigned char>(c))) SyntaxError(token.text, "an integer is expected");
      value = value * 10 + (c - '0');
    }
    return value;
  }

  int ParseIntegerArg() {
    Expect('(');
    return ParseInteger();
  }

  std::optional<IntervalField> PeekIntervalField() const {
    const Token& token = Peek();
    if (token.kind != TokenKind::kWord) return std::nullopt;
    static constexpr std::pair<std::string_view, IntervalField> kNames[] = {
        {"year", IntervalField::kYear},     {"years", IntervalField::kYear},     {"month", IntervalField::kMonth},
        {"months", IntervalField::kMonth},  {"day", IntervalField::kDay},        {"days", IntervalField::kDay},
        {"hour", IntervalField::kHour},     {"hours", IntervalField::kHour},     {"minute", IntervalField::kMinute},
        {"minutes", IntervalField::kMinute}, {"second", IntervalField::kSecond}, {"seconds", IntervalField::kSecond},
    };
    for (const auto& [name, field] : kNames)
      if (EqualsIgnoreCase(token.text, name)) return field;
    return std::nullopt;
  }

  DataType ParseIntervalQualifier() {
    auto start = PeekIntervalField();
    if (!start) return DataType::CalendarInterval();  // bare INTERVAL: Spark's CalendarIntervalType
    std::string start_text = Next().text;
    IntervalField end = *start;
    std::string text = "interval " + start_text;
    if (PeekWord("to")) {
      Next();
      auto parsed_end = PeekIntervalField();
      if (!parsed_end) SyntaxError(Peek().text, "an interval unit is expected after TO");
      text += " to " + Next().text;
      end = *parsed_end;
    }
    auto year_month = [](IntervalField f) { return f == IntervalField::kYear || f == IntervalField::kMonth; };
    if (year_month(*start) != year_month(end) || end < *start) Unsupported(text);
    return year_month(*start) ? DataType::YearMonthInterval(*start, end) : DataType::DayTimeInterval(*start, end);
  }

  Field ParseField(bool colon_optional) {
    const Token& name = Next();
    if (name.kind != TokenKind::kWord && name.kind != TokenKind::kQuoted) {
      SyntaxError(name.text, "a field name is expected");
    }
    Field field;
    field.name = name.text;
    if (PeekSymbol(':')) {
      Next();
    } else if (!colon_optional) {
      SyntaxError(Peek().text, "missing ':'");
    }
    field.type = ParseType();
    while (true) {
      if (PeekWord("not") && PeekWord("null", 1)) {
        Next();
        Next();
        field.nullable = false;
      } else if (PeekWord("comment")) {
        Next();
        const Token& comment = Next();
        if (comment.kind != TokenKind::kString) SyntaxError(comment.text, "a string literal is expected after COMMENT");
        field.comment = comment.text;
      } else {
        break;
      }
    }
    return field;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

}  // namespace

DataType ParseDataType(std::string_view text) {
  Parser parser(text);
  if (parser.AtEnd()) SyntaxError("", "a data type is expected");
  DataType type = parser.ParseType();
  parser.ExpectEnd();
  return type;
}

Schema ParseSchemaDdl(std::string_view text) {
  Parser parser(text);
  if (parser.AtEnd()) return {};
  // "struct<...>" (but not a field named struct: "struct INT").
  if (parser.PeekWord("struct") && parser.PeekSymbol('<', 1)) {
    DataType type = parser.ParseType();
    parser.ExpectEnd();
    return type.fields();
  }
  Schema schema = parser.ParseFields(/*colon_optional=*/true);
  parser.ExpectEnd();
  return schema;
}

}  // namespace tarn
