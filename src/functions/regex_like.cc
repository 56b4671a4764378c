#include "functions/regex_like.h"

#include <re2/re2.h>

#include <vector>

#include "common/error.h"
#include "functions/string_util.h"

namespace tarn {
namespace {

struct Token {
  enum Type { kLiteral, kAnyOne, kAnyMany } type;
  std::string text;  // kLiteral
};

[[noreturn]] void ThrowBadEscape(std::string_view pattern, std::string message) {
  ThrowError(ErrorClass::kInvalidParameterValue, {{"parameter", "`pattern`"},
                                                  {"function", "`like`"},
                                                  {"message", "'" + std::string(pattern) + "': " + message}});
}

std::vector<Token> Tokenize(std::string_view pattern, char escape) {
  std::vector<Token> tokens;
  auto literal = [&](std::string_view bytes) {
    if (tokens.empty() || tokens.back().type != Token::kLiteral) tokens.push_back({Token::kLiteral, ""});
    tokens.back().text.append(bytes);
  };
  for (size_t pos = 0; pos < pattern.size();) {
    size_t width = strings::CharWidthAt(pattern, pos);
    char c = pattern[pos];
    if (width == 1 && c == escape) {
      if (pos + 1 >= pattern.size())
        ThrowError(ErrorClass::kInvalidFormatEscAtTheEnd, {{"format", "'" + std::string(pattern) + "'"}});
      char next = pattern[pos + 1];
      if (next != '_' && next != '%' && next != escape)
        ThrowError(ErrorClass::kInvalidFormatEscInTheMiddle,
                   {{"format", "'" + std::string(pattern) + "'"}, {"char", std::string("'") + next + "'"}});
      literal(pattern.substr(pos + 1, 1));
      pos += 2;
      continue;
    }
    if (width == 1 && c == '_') {
      tokens.push_back({Token::kAnyOne, ""});
    } else if (width == 1 && c == '%') {
      if (tokens.empty() || tokens.back().type != Token::kAnyMany) tokens.push_back({Token::kAnyMany, ""});
    } else {
      literal(pattern.substr(pos, width));
    }
    pos += width;
  }
  return tokens;
}

}  // namespace

LikeMatcher LikeMatcher::Compile(std::string_view pattern, char escape, bool ignore_case) {
  LikeMatcher matcher;
  matcher.ignore_case_ = ignore_case;
  std::string lowered;
  if (ignore_case) {
    lowered = strings::ToLower(pattern);
    pattern = lowered;
  }
  std::vector<Token> tokens = Tokenize(pattern, escape);
  auto is = [&](size_t i, Token::Type type) { return i < tokens.size() && tokens[i].type == type; };
  const size_t n = tokens.size();
  if (n == 0) {
    matcher.kind_ = Kind::kExact;  // matches only the empty string
  } else if (n == 1 && is(0, Token::kLiteral)) {
    matcher.kind_ = Kind::kExact;
    matcher.literal_ = tokens[0].text;
  } else if (n == 1 && is(0, Token::kAnyMany)) {
    matcher.kind_ = Kind::kAny;
  } else if (n == 2 && is(0, Token::kLiteral) && is(1, Token::kAnyMany)) {
    matcher.kind_ = Kind::kPrefix;
    matcher.literal_ = tokens[0].text;
  } else if (n == 2 && is(0, Token::kAnyMany) && is(1, Token::kLiteral)) {
    matcher.kind_ = Kind::kSuffix;
    matcher.literal_ = tokens[1].text;
  } else if (n == 3 && is(0, Token::kAnyMany) && is(1, Token::kLiteral) && is(2, Token::kAnyMany)) {
    matcher.kind_ = Kind::kContains;
    matcher.literal_ = tokens[1].text;
  } else {
    std::string regex = "(?s)";
    for (const Token& token : tokens) {
      switch (token.type) {
        case Token::kLiteral: regex += RE2::QuoteMeta(token.text); break;
        case Token::kAnyOne: regex += "."; break;
        case Token::kAnyMany: regex += ".*"; break;
      }
    }
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(64 << 20);
    auto re = std::make_shared<const RE2>(regex, options);
    if (!re->ok()) ThrowBadEscape(pattern, re->error());
    matcher.kind_ = Kind::kRegex;
    matcher.regex_ = std::move(re);
  }
  return matcher;
}

bool LikeMatcher::Matches(std::string_view text) const {
  std::string lowered;
  if (ignore_case_ && kind_ != Kind::kAny) {
    lowered = strings::ToLower(text);
    text = lowered;
  }
  switch (kind_) {
    case Kind::kExact: return text == literal_;
    case Kind::kPrefix: return text.substr(0, literal_.size()) == literal_;
    case Kind::kSuffix:
      return text.size() >= literal_.size() && text.substr(text.size() - literal_.size()) == literal_;
    case Kind::kContains: return text.find(literal_) != std::string_view::npos;
    case Kind::kAny: return true;
    case Kind::kRegex: return RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *regex_);
  }
  return false;
}

}  // namespace tarn
