#include "sql/expression_parser.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/error.h"
#include "sql/tests/sql_test_util.h"

namespace tarn::sql {
namespace {

std::string P(std::string_view sql) { return ToString(*ExpressionParser::Parse(sql)); }

ErrorInfo ParseError(std::string_view sql) {
  return ErrorOf(sql, [](std::string_view q) { ExpressionParser::Parse(q); });
}

TEST(ExpressionParserTest, Precedence) {
  EXPECT_EQ(P("a OR b AND NOT c = d + e * f"), "(a OR (b AND (NOT (c = (d + (e * f))))))");
  EXPECT_EQ(P("a AND b OR c"), "((a AND b) OR c)");
  EXPECT_EQ(P("NOT a AND b"), "((NOT a) AND b)");
  EXPECT_EQ(P("!a"), "(NOT a)");
  EXPECT_EQ(P("a - b - c"), "((a - b) - c)");
  EXPECT_EQ(P("a / b * c % d DIV e"), "((((a / b) * c) % d) DIV e)");
  EXPECT_EQ(P("a || b + c"), "((a || b) + c)");
  EXPECT_EQ(P("a | b ^ c & d + e"), "(a | (b ^ (c & (d + e))))");
  EXPECT_EQ(P("a < b = c"), "((a < b) = c)");
  EXPECT_EQ(P("a == b <> c != d <=> e"), "((((a = b) != c) != d) <=> e)");
  EXPECT_EQ(P("-a * b"), "((-a) * b)");
  EXPECT_EQ(P("~a & -b"), "((~a) & (-b))");
  EXPECT_EQ(P("- -1"), "(- -1)");
  EXPECT_EQ(P("(a OR b) AND c"), "((a OR b) AND c)");
  EXPECT_EQ(P("a + 1 = b IS NULL"), "(((a + 1) = b) IS NULL)");
}

TEST(ExpressionParserTest, Literals) {
  EXPECT_EQ(P("1"), "1");
  EXPECT_EQ(P("-2147483648"), "-2147483648");
  EXPECT_EQ(P("2147483648"), "2147483648L");
  EXPECT_EQ(P("99999999999999999999"), "99999999999999999999BD");
  EXPECT_EQ(P("10L"), "10L");
  EXPECT_EQ(P("-128Y"), "-128Y");
  EXPECT_EQ(P("7s"), "7S");
  EXPECT_EQ(P("1.5"), "1.5BD");
  EXPECT_EQ(P("1.5BD"), "1.5BD");
  EXPECT_EQ(P("1e10"), "1e10D");
  EXPECT_EQ(P("2D"), "2D");
  EXPECT_EQ(P("-1.5F"), "-1.5F");
  EXPECT_EQ(P("'a''b' 'c'"), "'a\\'bc'");
  EXPECT_EQ(P("X'0aFF'"), "X'0aFF'");
  EXPECT_EQ(P("x 'ab'"), "X'ab'");
  EXPECT_EQ(P("NULL"), "NULL");
  EXPECT_EQ(P("true AND False"), "(true AND false)");
  EXPECT_EQ(P("DATE '2020-01-01'"), "DATE '2020-01-01'");
  EXPECT_EQ(P("timestamp '2020-01-01 10:00:00'"), "TIMESTAMP '2020-01-01 10:00:00'");
  EXPECT_EQ(P("TIMESTAMP_NTZ '2020-01-01'"), "TIMESTAMP_NTZ '2020-01-01'");
  EXPECT_EQ(P("INTERVAL '1' DAY"), "INTERVAL '1' DAY");
  EXPECT_EQ(P("INTERVAL 1 day 2 hours"), "INTERVAL 1 DAY 2 HOURS");
  EXPECT_EQ(P("INTERVAL '1-2' YEAR TO MONTH"), "INTERVAL '1-2' YEAR TO MONTH");
  EXPECT_EQ(P("INTERVAL '1 day 2 hours'"), "INTERVAL '1 day 2 hours'");
  EXPECT_EQ(P("INTERVAL -3 DAYS - x"), "(INTERVAL -3 DAYS - x)");

  auto e = ExpressionParser::Parse("-9223372036854775808L");
  EXPECT_EQ(e->literal, LiteralKind::kBigInt);
  EXPECT_EQ(e->int_value, INT64_MIN);
  e = ExpressionParser::Parse("42");
  EXPECT_EQ(e->literal, LiteralKind::kInt);
  EXPECT_EQ(e->int_value, 42);
  e = ExpressionParser::Parse("'it''s'");
  EXPECT_EQ(e->literal, LiteralKind::kString);
  EXPECT_EQ(e->value, "it's");
  EXPECT_EQ(ParseError("128Y").error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(ParseError("9223372036854775808L").error_class, ErrorClass::kParseSyntaxError);
}

TEST(ExpressionParserTest, ColumnsStarsAndAccess) {
  EXPECT_EQ(P("a.b.c"), "a.b.c");
  auto e = ExpressionParser::Parse("t.`my col`");
  EXPECT_EQ(e->kind, ExprKind::kColumn);
  EXPECT_EQ(e->names, (std::vector<std::string>{"t", "my col"}));
  EXPECT_EQ(P("t.`my col`"), "t.`my col`");
  EXPECT_EQ(P("*"), "*");
  EXPECT_EQ(P("db.t.*"), "db.t.*");
  EXPECT_EQ(P("a[0].b['k']"), "a[0].b['k']");
  EXPECT_EQ(P("f(x).field"), "f(x).field");
  EXPECT_EQ(P("`select`"), "`select`");
}

TEST(ExpressionParserTest, Functions) {
  EXPECT_EQ(P("count(*)"), "count(*)");
  EXPECT_EQ(P("count(DISTINCT a, b)"), "count(DISTINCT a, b)");
  EXPECT_EQ(P("sum(x) FILTER (WHERE x > 0)"), "sum(x) FILTER (WHERE (x > 0))");
  EXPECT_EQ(P("db.f(1, 2)"), "db.f(1, 2)");
  EXPECT_EQ(P("now()"), "now()");
  EXPECT_EQ(P("read_files('p', format => 'csv')"), "read_files('p', format => 'csv')");
  EXPECT_EQ(P("transform(arr, x -> x + 1)"), "transform(arr, (x -> (x + 1)))");
  EXPECT_EQ(P("aggregate(a, 0, (acc, x) -> acc + x)"), "aggregate(a, 0, ((acc, x) -> (acc + x)))");
  EXPECT_EQ(P("exists(a, x -> x IS NULL)"), "exists(a, (x -> (x IS NULL)))");
  EXPECT_EQ(P("filter(a, x -> x > 1)"), "filter(a, (x -> (x > 1)))");
  EXPECT_EQ(P("current_date"), "current_date()");
  EXPECT_EQ(P("EXTRACT(YEAR FROM d)"), "EXTRACT(YEAR FROM d)");
  EXPECT_EQ(P("substring('abc' FROM 2 FOR 1)"), "substring('abc', 2, 1)");
  EXPECT_EQ(P("trim(BOTH 'x' FROM s)"), "trim(BOTH 'x' FROM s)");
  EXPECT_EQ(P("trim(s)"), "trim(s)");
  EXPECT_EQ(P("position('b' IN s)"), "position('b', s)");
  EXPECT_EQ(P("(1, 'a')"), "(1, 'a')");
  EXPECT_EQ(P("struct('a' AS x, b)"), "struct('a' AS x, b)");
  EXPECT_EQ(P("(0 as sum, 0 AS n)"), "(0 AS sum, 0 AS n)");
  EXPECT_EQ(ParseError("(0 AS x)").error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(ParseError("f(0 AS x)").error_class, ErrorClass::kParseSyntaxError);
}

TEST(ExpressionParserTest, WindowFunctions) {
  EXPECT_EQ(P("row_number() OVER (PARTITION BY a, b ORDER BY c DESC NULLS FIRST)"),
            "row_number() OVER (PARTITION BY a, b ORDER BY c DESC NULLS FIRST)");
  EXPECT_EQ(P("sum(x) over (order by t rows between unbounded preceding and current row)"),
            "sum(x) OVER (ORDER BY t ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
  EXPECT_EQ(P("avg(x) OVER (DISTRIBUTE BY k SORT BY t RANGE BETWEEN 2 PRECEDING AND 3 FOLLOWING)"),
            "avg(x) OVER (PARTITION BY k ORDER BY t ASC RANGE BETWEEN 2 PRECEDING AND 3 FOLLOWING)");
  EXPECT_EQ(P("max(x) OVER (ROWS 1 PRECEDING)"), "max(x) OVER (ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)");
  EXPECT_EQ(P("count(*) OVER w"), "count(*) OVER w");
  EXPECT_EQ(P("count(*) OVER (w)"), "count(*) OVER w");
  EXPECT_EQ(P("sum(x) OVER ()"), "sum(x) OVER ()");
  EXPECT_EQ(P("lag(x) IGNORE NULLS OVER (ORDER BY t)"), "lag(x) IGNORE NULLS OVER (ORDER BY t ASC)");
  EXPECT_EQ(P("percentile_cont(0.5) WITHIN GROUP (ORDER BY v DESC)"),
            "percentile_cont(0.5BD) WITHIN GROUP (ORDER BY v DESC)");
  auto e = ExpressionParser::Parse("rank() OVER (PARTITION BY a ORDER BY b ROWS BETWEEN 1 PRECEDING AND 2 FOLLOWING)");
  ASSERT_NE(e->window, nullptr);
  EXPECT_TRUE(e->window->rows);
  EXPECT_EQ(e->window->start.kind, FrameBound::Kind::kPreceding);
  EXPECT_EQ(e->window->end.kind, FrameBound::Kind::kFollowing);
  EXPECT_EQ(ParseError("sum(x) OVER (ORDER BY t ROWS BETWEEN 1 AND 2)").error_class, ErrorClass::kParseSyntaxError);
}

TEST(ExpressionParserTest, CaseAndCast) {
  EXPECT_EQ(P("CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END"), "CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END");
  EXPECT_EQ(P("case x when 1 then 'a' end"), "CASE x WHEN 1 THEN 'a' END");
  EXPECT_EQ(P("CAST(a AS decimal(10, 2))"), "CAST(a AS DECIMAL(10,2))");
  EXPECT_EQ(P("try_cast(a AS int)"), "TRY_CAST(a AS INT)");
  EXPECT_EQ(P("a::array<array<int>> + 1"), "((a::ARRAY<ARRAY<INT>>) + 1)");
  EXPECT_EQ(P("-a::int"), "(-(a::INT))");
  EXPECT_EQ(P("CAST(m AS MAP<STRING, STRUCT<a: INT NOT NULL, `b c` STRING>>)"),
            "CAST(m AS MAP<STRING, STRUCT<a: INT NOT NULL, `b c`: STRING>>)");
  EXPECT_EQ(P("CAST(x AS INTERVAL DAY TO SECOND)"), "CAST(x AS INTERVAL DAY TO SECOND)");
}

TEST(ExpressionParserTest, Predicates) {
  EXPECT_EQ(P("a IN (1, 2, 3)"), "(a IN (1, 2, 3))");
  EXPECT_EQ(P("a NOT IN (1)"), "(a NOT IN (1))");
  EXPECT_EQ(P("a + 1 BETWEEN b AND c + 1 AND d"), "(((a + 1) BETWEEN b AND (c + 1)) AND d)");
  EXPECT_EQ(P("a NOT BETWEEN 1 AND 2"), "(a NOT BETWEEN 1 AND 2)");
  EXPECT_EQ(P("s LIKE 'a%'"), "(s LIKE 'a%')");
  EXPECT_EQ(P("s NOT ILIKE 'a!%' ESCAPE '!'"), "(s NOT ILIKE 'a!%' ESCAPE '!')");
  EXPECT_EQ(P("s RLIKE '^a' OR s REGEXP 'b'"), "((s RLIKE '^a') OR (s RLIKE 'b'))");
  EXPECT_EQ(P("s LIKE ANY ('a%', '%b')"), "(s LIKE ANY ('a%', '%b'))");
  EXPECT_EQ(P("s NOT LIKE ALL ('a%')"), "(s NOT LIKE ALL ('a%'))");
  EXPECT_EQ(P("a IS NOT NULL"), "(a IS NOT NULL)");
  EXPECT_EQ(P("a IS TRUE AND b IS NOT FALSE"), "((a IS TRUE) AND (b IS NOT FALSE))");
  EXPECT_EQ(P("a IS NOT DISTINCT FROM b + 1"), "(a IS NOT DISTINCT FROM (b + 1))");
}

TEST(ExpressionParserTest, RoundTrip) {
  const char* cases[] = {
      "a OR b AND NOT c = d + e * f",
      "CASE WHEN x BETWEEN 1 AND 2 THEN 'it''s' ELSE NULL END",
      "transform(a, (x, i) -> x[i] + -1)",
      "CAST(a AS STRUCT<x: ARRAY<INT>>)::STRING || 'z'",
      "INTERVAL 1 YEAR 2 MONTHS",
      "count(DISTINCT a) FILTER (WHERE a LIKE 'x\\%' ESCAPE '\\\\')",
  };
  for (const char* sql : cases) {
    const std::string once = P(sql);
    EXPECT_EQ(P(once), once) << sql;
  }
}

TEST(ExpressionParserTest, Positions) {
  auto e = ExpressionParser::Parse("a +\n  b * c");
  EXPECT_EQ(e->pos.line, 1);
  EXPECT_EQ(e->pos.column, 3);  // the operator
  const Expr& mul = *e->children[1];
  EXPECT_EQ(mul.children[0]->pos.line, 2);
  EXPECT_EQ(mul.children[0]->pos.column, 3);
  EXPECT_EQ(mul.children[0]->pos.offset, 6u);
}

TEST(ExpressionParserTest, Errors) {
  ErrorInfo e = ParseError("1 +");
  EXPECT_EQ(e.error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.column, 4);
  EXPECT_NE(e.message.find("end of input"), std::string::npos) << e.message;
  e = ParseError("a AND\n  b )");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 5);
  EXPECT_NE(e.message.find("')'"), std::string::npos) << e.message;
  e = ParseError("CASE WHEN a THEN 1");
  EXPECT_EQ(e.error_class, ErrorClass::kParseSyntaxError);
  e = ParseError("CAST(a AS)");
  EXPECT_EQ(e.column, 10);
  e = ParseError("f(a,");
  EXPECT_EQ(e.error_class, ErrorClass::kParseSyntaxError);
  e = ParseError("'abc");
  EXPECT_EQ(e.error_class, ErrorClass::kParseSyntaxError);
  e = ParseError("a /* x");
  EXPECT_EQ(e.error_class, ErrorClass::kUnclosedBracketedComment);
  e = ParseError("a IN (SELECT 1)");
  EXPECT_EQ(e.error_class, ErrorClass::kUnsupportedFeature);
  e = ParseError("a IS 3");
  EXPECT_EQ(e.column, 6);
}

}  // namespace
}  // namespace tarn::sql

namespace tarn::sql {
namespace {

TEST(ExpressionParserTest, HostileNestingIsAnErrorNotACrash) {
  const std::string parens = std::string(100000, '(') + "1" + std::string(100000, ')');
  EXPECT_EQ(ParseError(parens).error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(ParseError(std::string(100000, '-') + "a").error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(ParseError(std::string(100000, '!') + "a").error_class, ErrorClass::kParseSyntaxError);
  std::string cast = "CAST(a AS ";
  for (int i = 0; i < 50000; ++i) cast += "ARRAY<";
  EXPECT_EQ(ParseError(cast).error_class, ErrorClass::kParseSyntaxError);
  std::string chain = "a";
  for (int i = 0; i < 100000; ++i) chain += " + a";
  EXPECT_EQ(ParseError(chain).error_class, ErrorClass::kParseSyntaxError);
  // Moderate nesting is fine.
  EXPECT_EQ(P(std::string(200, '(') + "1" + std::string(200, ')')), "1");
  std::string sum = "a";
  for (int i = 0; i < 5000; ++i) sum += " + a";
  EXPECT_NO_THROW(ExpressionParser::Parse(sum));
}

// Every prefix (at token boundaries) of every Spark golden statement either
// parses or fails with a tarn::Error; nothing else may happen.
TEST(ExpressionParserTest, GoldenStatementPrefixesNeverCrash) {
  const std::vector<GoldenStatement> golden = GoldenStatements();
  if (golden.empty()) GTEST_SKIP() << "no Spark golden tests";
  int parses = 0;
  for (const GoldenStatement& g : golden) {
    std::string statement = g.statement;
    // Drop a leading SELECT so that select lists exercise the expression grammar.
    if (statement.rfind("SELECT ", 0) == 0) statement.erase(0, 7);
    std::vector<Token> tokens;
    try {
      tokens = Tokenize(statement);
    } catch (const Error&) {
      continue;
    }
    for (const Token& t : tokens) {
      ++parses;
      try {
        ExpressionParser::Parse(std::string_view(statement).substr(0, t.offset));
      } catch (const Error&) {
      }
    }
  }
  std::printf("parsed %d statement prefixes\n", parses);
  EXPECT_GT(parses, 10000);
}

}  // namespace
}  // namespace tarn::sql

namespace tarn::sql {
namespace {

ErrorInfo LiteralError(std::string_view sql) {
  return ErrorOf(sql, [](std::string_view q) { ExpressionParser::Parse(q); });
}

TEST(ExpressionParserTest, LiteralValidation) {
  // Numbers out of their type's range.
  EXPECT_EQ(LiteralError("128Y").error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(LiteralError("32768S").error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(LiteralError("1E309").column, 1);
  EXPECT_EQ(LiteralError("-1E309").error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(LiteralError("-3.4028235E39f").error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(LiteralError("1.20E-38BD").error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(LiteralError("123456789012345678901234567890123456789").error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(LiteralError("1.23456789012345678901234567890123456789").error_class, ErrorClass::kParseSyntaxError);
  EXPECT_NO_THROW(ExpressionParser::Parse("12345678901234567890123456789012345678"));
  EXPECT_NO_THROW(ExpressionParser::Parse("1E308 + 1E-400 + 3.4028234E38F + 1.5E10BD + 0.00000000000000000000000000000000000001"));
  // Typed literals.
  ErrorInfo e = LiteralError("a + date 'mar 11 2016'");
  EXPECT_EQ(e.error_class, ErrorClass::kInvalidTypedLiteral);
  EXPECT_EQ(e.column, 5);
  EXPECT_NE(e.message.find("\"DATE\""), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("'mar 11 2016'"), std::string::npos) << e.message;
  for (const char* bad : {"date'015'", "date'2021-4294967297-11'", "date '2020-01-01中文'", "date '2021-02-29'",
                          "timestamp '2016-33-11 20:54:00.000'", "timestamp'4294967297'",
                          "timestamp'2021-01-01T12:30:4294967297.123456'", "timestamp '2019-01-01中文'",
                          "TIMESTAMP_NTZ '2020-01-01 25:00:00'", "X'XuZ'", "x'12 34'"}) {
    EXPECT_EQ(LiteralError(bad).error_class, ErrorClass::kInvalidTypedLiteral) << bad;
  }
  for (const char* good : {"date '2020-01-01'", "date '2020'", "date '2020-1'", "date ' 2020-01-01T10:00 '",
                           "date '+12345-01-01'", "date 'today'", "timestamp '2020-01-01 10:00:00.123456789'",
                           "timestamp '2020-01-01T10:00:00Z'", "timestamp '2020-01-01 10:00:00 America/Los_Angeles'",
                           "timestamp '2020-01-01 10:00:00+08:00'", "timestamp '2020-01-01'", "timestamp 'T10:00'",
                           "timestamp '10:00:01'", "timestamp 'now'", "TIMESTAMP_LTZ '2020-06-01 00:00:00 UTC+1'",
                           "X'0aFF'", "X''", "X'abc'"}) {
    EXPECT_NO_THROW(ExpressionParser::Parse(good)) << good;
  }
  // Intervals.
  for (const char* bad : {"interval '中文 interval 1 day'", "interval '+'", "interval '+.'", "interval '1'",
                          "interval '1.2'", "interval '- 2'", "interval '1 day -'", "interval '1 day 1'",
                          "interval '1.5 days'"}) {
    EXPECT_EQ(LiteralError(bad).error_class, ErrorClass::kInvalidTypedLiteral) << bad;
  }
  // A string that does not fit its fields (or overflows them) is Spark's _LEGACY_ERROR_TEMP_0063.
  for (const char* bad : {"interval '20 15:40:32.99899999' day to hour", "interval '15:40' hour to second",
                          "interval '20 40:32.99899999' minute to second", "INTERVAL '178956970-8' YEAR TO MONTH",
                          "interval '-\t2-2\t' year to month", "INTERVAL '106751992 04' DAY TO HOUR",
                          "INTERVAL '-153722867281:54.775808' MINUTE TO SECOND"}) {
    EXPECT_EQ(LiteralError(bad).error_class, ErrorClass::kIntervalStringMismatch) << bad;
  }
  for (const char* bad : {"interval 3 month 1 hour", "interval '-1 month 1 day -1 second'", "interval '1 day 2' day",
                          "interval 1 year to month", "interval '1' year to second"}) {
    EXPECT_EQ(LiteralError(bad).error_class, ErrorClass::kParseSyntaxError) << bad;
  }
  for (const char* good : {"interval '1 day 2 hours'", "interval 'interval 1 year -2 months'", "interval '1.5 seconds'",
                           "interval '20 15:40:32.99899999' day to second", "interval '40:32' minute to second",
                           "INTERVAL '178956970-7' YEAR TO MONTH", "interval '-1' day", "interval 1 day 2 hours",
                           "interval '299.889987299' second", "interval -'1-2' year to month"}) {
    EXPECT_NO_THROW(ExpressionParser::Parse(good)) << good;
  }
}

}  // namespace
}  // namespace tarn::sql
