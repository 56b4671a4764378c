#include "sql/lexer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/error.h"
#include "sql/tests/sql_test_util.h"

namespace tarn::sql {
namespace {

// "Kind:value" per token, without the final End token.
std::vector<std::string> Describe(std::string_view sql) {
  std::vector<std::string> out;
  for (const Token& t : Tokenize(sql)) {
    if (t.kind == TokenKind::kEnd) break;
    out.push_back(std::string(TokenKindName(t.kind)) + ":" + t.value);
  }
  return out;
}

ErrorInfo LexError(std::string_view sql) {
  return ErrorOf(sql, [](std::string_view q) { Tokenize(q); });
}

TEST(LexerTest, SimpleSelect) {
  EXPECT_EQ(Describe("SELECT a, `b``c` FROM t WHERE x >= 10;"),
            (std::vector<std::string>{"Identifier:SELECT", "Identifier:a", "Operator:,", "QuotedIdentifier:b`c",
                                      "Identifier:FROM", "Identifier:t", "Identifier:WHERE", "Identifier:x",
                                      "Operator:>=", "Number:10", "Operator:;"}));
}

TEST(LexerTest, KeywordsAreCaseInsensitiveButKeepText) {
  auto tokens = Tokenize("sElEcT Foo `select`");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_TRUE(tokens[0].IsKeyword("SELECT"));
  EXPECT_EQ(tokens[0].text, "sElEcT");
  EXPECT_EQ(tokens[1].value, "Foo");
  EXPECT_FALSE(tokens[2].IsKeyword("SELECT"));  // quoted: always an identifier
  EXPECT_EQ(tokens[3].kind, TokenKind::kEnd);
  EXPECT_TRUE(IsSparkKeyword("select"));
  EXPECT_TRUE(IsSparkKeyword("Timestamp_NTZ"));
  EXPECT_FALSE(IsSparkKeyword("foo"));
}

TEST(LexerTest, Operators) {
  EXPECT_EQ(Describe("= == <=> != <> < <= > >= + - * / % & | ^ ~ || :: -> => . , ; ( ) [ ] { } ? : !"),
            (std::vector<std::string>{"Operator:=",  "Operator:==", "Operator:<=>", "Operator:!=", "Operator:<>",
                                      "Operator:<",  "Operator:<=", "Operator:>",   "Operator:>=", "Operator:+",
                                      "Operator:-",  "Operator:*",  "Operator:/",   "Operator:%",  "Operator:&",
                                      "Operator:|",  "Operator:^",  "Operator:~",   "Operator:||", "Operator:::",
                                      "Operator:->", "Operator:=>", "Operator:.",   "Operator:,",  "Operator:;",
                                      "Operator:(",  "Operator:)",  "Operator:[",   "Operator:]",  "Operator:{",
                                      "Operator:}",  "Operator:?",  "Operator::",   "Operator:!"}));
  EXPECT_EQ(Describe("a-1"), (std::vector<std::string>{"Identifier:a", "Operator:-", "Number:1"}));
  EXPECT_EQ(Describe("a DIV b"), (std::vector<std::string>{"Identifier:a", "Identifier:DIV", "Identifier:b"}));
}

TEST(LexerTest, NumericLiterals) {
  struct Case {
    const char* sql;
    NumberKind kind;
    const char* value;
  };
  const Case cases[] = {
      {"10", NumberKind::kInteger, "10"},       {"10L", NumberKind::kBigInt, "10"},
      {"10s", NumberKind::kSmallInt, "10"},     {"10Y", NumberKind::kTinyInt, "10"},
      {"1.5", NumberKind::kDecimal, "1.5"},     {".5", NumberKind::kDecimal, ".5"},
      {"1.", NumberKind::kDecimal, "1."},       {"1e10", NumberKind::kExponent, "1e10"},
      {"1.5E-3", NumberKind::kExponent, "1.5E-3"}, {"2D", NumberKind::kDouble, "2"},
      {"1.5d", NumberKind::kDouble, "1.5"},     {"1.5F", NumberKind::kFloat, "1.5"},
      {"1.5BD", NumberKind::kBigDecimal, "1.5"}, {"1e2bd", NumberKind::kBigDecimal, "1e2"},
  };
  for (const Case& c : cases) {
    auto tokens = Tokenize(c.sql);
    ASSERT_EQ(tokens.size(), 2u) << c.sql;
    EXPECT_EQ(tokens[0].kind, TokenKind::kNumber) << c.sql;
    EXPECT_EQ(tokens[0].number, c.kind) << c.sql;
    EXPECT_EQ(tokens[0].value, c.value) << c.sql;
    EXPECT_EQ(tokens[0].text, c.sql);
  }
  // Longer identifier matches win, as in Spark's lexer.
  EXPECT_EQ(Describe("10Lx 1a 1e 12_3"),
            (std::vector<std::string>{"Identifier:10Lx", "Identifier:1a", "Identifier:1e", "Identifier:12_3"}));
  EXPECT_EQ(Describe("t.1"), (std::vector<std::string>{"Identifier:t", "Number:.1"}));
}

TEST(LexerTest, StringLiterals) {
  auto tokens = Tokenize(R"('it''s')");
  EXPECT_EQ(tokens[0].value, "it's");
  tokens = Tokenize(R"("a\"b" 'x\ny')");
  // Adjacent literals concatenate into one token.
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].value, "a\"bx\ny");
  EXPECT_EQ(tokens[0].text, R"("a\"b" 'x\ny')");
  EXPECT_EQ(Tokenize(R"('\u0041\101\%\_\z')")[0].value, "AA\\%\\_z");
  EXPECT_EQ(Tokenize(R"(r'a\nb')")[0].value, "a\\nb");
  tokens = Tokenize("X'1F' x\"ab\"");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kHexString);
  EXPECT_EQ(tokens[0].value, "1F");
  EXPECT_EQ(tokens[1].value, "ab");
  // An identifier X followed by a space and a string is not a hex literal.
  EXPECT_EQ(Describe("x 'a'"), (std::vector<std::string>{"Identifier:x", "String:a"}));
}

TEST(LexerTest, CommentsAndHints) {
  EXPECT_EQ(Describe("a -- comment\n/* outer /* inner */ still */ b /*+ BROADCAST(t) */ c"),
            (std::vector<std::string>{"Identifier:a", "Identifier:b", "Hint: BROADCAST(t) ", "Identifier:c"}));
  EXPECT_EQ(Describe("a/**/b"), (std::vector<std::string>{"Identifier:a", "Identifier:b"}));
}

TEST(LexerTest, Positions) {
  auto tokens = Tokenize("SELECT\n  a +\n\t`b`");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].line, 1);
  EXPECT_EQ(tokens[0].column, 1);
  EXPECT_EQ(tokens[1].line, 2);
  EXPECT_EQ(tokens[1].column, 3);
  EXPECT_EQ(tokens[1].offset, 9u);
  EXPECT_EQ(tokens[2].column, 5);
  EXPECT_EQ(tokens[3].line, 3);
  EXPECT_EQ(tokens[3].column, 2);
  EXPECT_EQ(tokens[3].offset, 14u);
  EXPECT_EQ(tokens[3].length, 3u);
  EXPECT_EQ(tokens[4].kind, TokenKind::kEnd);
  EXPECT_EQ(tokens[4].offset, 17u);
}

TEST(LexerTest, Errors) {
  ErrorInfo e = LexError("SELECT 1,\n  'abc");
  EXPECT_EQ(e.error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 3);
  e = LexError("SELECT 1 /* a /* b */");
  EXPECT_EQ(e.error_class, ErrorClass::kUnclosedBracketedComment);
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.column, 10);
  e = LexError("SELECT `abc");
  EXPECT_EQ(e.error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(e.column, 8);
  e = LexError("SELECT a\n # b");  // ('@' is an operator: Delta's table@v3)
  EXPECT_EQ(e.error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 2);
  EXPECT_NE(e.message.find("'#'"), std::string::npos) << e.message;
  e = LexError("SELECT X'12");
  EXPECT_EQ(e.column, 8);
  e = LexError("/*+ hint");
  EXPECT_EQ(e.error_class, ErrorClass::kUnclosedBracketedComment);
  // A lone backslash at the end must not read past the buffer.
  EXPECT_EQ(LexError("'\\").error_class, ErrorClass::kParseSyntaxError);
}

// Tokenizes every statement of Spark's golden files; a lexing error is only
// allowed where Spark itself rejected the statement.
TEST(LexerTest, SparkGoldenStatementsTokenize) {
  const std::vector<GoldenStatement> golden = GoldenStatements();
  if (golden.empty()) GTEST_SKIP() << "no Spark golden tests";
  int errors = 0, unexpected = 0;
  for (const GoldenStatement& g : golden) {
    try {
      Tokenize(g.statement);
    } catch (const Error& e) {
      ++errors;
      const bool deliberate = g.block.find("ParseException") != std::string::npos ||
                              g.block.find("PARSE_SYNTAX_ERROR") != std::string::npos ||
                              g.block.find("UNCLOSED_BRACKETED_COMMENT") != std::string::npos;
      if (!deliberate) {
        ++unexpected;
        ADD_FAILURE() << g.file << ": " << e.what() << "\n" << g.statement;
      }
    }
  }
  std::printf("lexed %zu Spark golden statements: %d lexing errors (%d not expected)\n", golden.size(), errors,
              unexpected);
  EXPECT_GT(golden.size(), 3000u);
}

}  // namespace
}  // namespace tarn::sql
