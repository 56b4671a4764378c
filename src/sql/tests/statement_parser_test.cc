#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/strings.h"
#include "sql/parser.h"
#include "sql/tests/sql_test_util.h"

namespace tarn::sql {
namespace {

std::shared_ptr<Statement> S(std::string_view sql) { return Parser::ParseStatementText(sql); }
// Printed form; also checks that it parses back to the same text.
std::string P(std::string_view sql) {
  const std::string once = ToString(*S(sql));
  EXPECT_EQ(ToString(*S(once)), once) << sql;
  return once;
}

ErrorInfo StatementError(std::string_view sql) {
  return ErrorOf(sql, [](std::string_view q) { Parser::ParseStatementText(q); });
}

TEST(StatementParserTest, Query) {
  auto s = S("SELECT 1;");
  EXPECT_EQ(s->kind, StatementKind::kQuery);
  ASSERT_NE(s->query, nullptr);
  EXPECT_EQ(P("WITH a AS (SELECT 1) SELECT * FROM a"), "WITH a AS (SELECT 1) SELECT * FROM a");
  EXPECT_EQ(P("(SELECT 1) UNION ALL (SELECT 2)"), "(SELECT 1) UNION ALL (SELECT 2)");
  EXPECT_EQ(P("VALUES (1, 'a'), (2, 'b') AS t(x, y)"), "SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(x, y)");
  EXPECT_EQ(P("TABLE db.t"), "SELECT * FROM db.t");
  EXPECT_EQ(P("SELECT * FROM t WHERE x IN (VALUES 1, 2)"), "SELECT * FROM t WHERE (x IN (SELECT * FROM VALUES (1), (2)))");
}

TEST(StatementParserTest, Set) {
  auto s = S("SET");
  EXPECT_EQ(s->kind, StatementKind::kSet);
  EXPECT_TRUE(s->key.empty());
  s = S("SET -v");
  EXPECT_TRUE(s->verbose);
  s = S("set spark.sql.shuffle.partitions");
  EXPECT_EQ(s->key, "spark.sql.shuffle.partitions");
  EXPECT_FALSE(s->has_value);
  s = S("SET spark.sql.ansi.enabled = true;");
  EXPECT_EQ(s->key, "spark.sql.ansi.enabled");
  EXPECT_TRUE(s->has_value);
  EXPECT_EQ(s->value, "true");
  s = S("SET spark.sql.session.timeZone=America/Los_Angeles");
  EXPECT_EQ(s->value, "America/Los_Angeles");
  s = S("SET a.b = x = y  ");
  EXPECT_EQ(s->key, "a.b");
  EXPECT_EQ(s->value, "x = y");
  s = S("SET `my key` = `my value`");
  EXPECT_EQ(s->key, "my key");
  EXPECT_EQ(s->value, "my value");
  s = S("SET k = 'quoted'");
  EXPECT_EQ(s->value, "'quoted'");
  s = S("SET k =");
  EXPECT_TRUE(s->has_value);
  EXPECT_EQ(s->value, "");
  s = S("SET TIME ZONE 'UTC'");
  EXPECT_EQ(s->key, "spark.sql.session.timeZone");
  EXPECT_EQ(s->value, "UTC");
  EXPECT_EQ(P("SET a.b=c"), "SET a.b = c");
  EXPECT_EQ(P("SET `a b`"), "SET `a b`");
  EXPECT_EQ(P("SET -v"), "SET -v");

  ErrorInfo e = StatementError("SET a b = c");
  EXPECT_EQ(e.error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(e.column, 5);
  EXPECT_EQ(StatementError("SET = 1").column, 5);
  EXPECT_EQ(StatementError("SET -v x").column, 8);
}

TEST(StatementParserTest, ResetAndUse) {
  auto s = S("RESET");
  EXPECT_EQ(s->kind, StatementKind::kReset);
  EXPECT_TRUE(s->key.empty());
  EXPECT_EQ(S("RESET spark.sql.x")->key, "spark.sql.x");
  EXPECT_EQ(S("RESET `a b`")->key, "a b");
  EXPECT_EQ(StatementError("RESET a b").column, 7);
  s = S("USE db");
  EXPECT_EQ(s->kind, StatementKind::kUse);
  EXPECT_EQ(s->name, std::vector<std::string>{"db"});
  EXPECT_TRUE(s->mode.empty());
  s = S("USE SCHEMA cat.db");
  EXPECT_EQ(s->mode, "SCHEMA");
  EXPECT_EQ(s->name, (std::vector<std::string>{"cat", "db"}));
  EXPECT_EQ(S("use database")->name, std::vector<std::string>{"database"});
  EXPECT_EQ(S("USE CATALOG spark_catalog")->mode, "CATALOG");
  EXPECT_EQ(S("USE DATABASE d")->mode, "DATABASE");
  EXPECT_EQ(P("use catalog c"), "USE CATALOG c");
  EXPECT_EQ(StatementError("USE").column, 4);
}

TEST(StatementParserTest, CreateView) {
  auto s = S("CREATE OR REPLACE GLOBAL TEMPORARY VIEW v (a COMMENT 'first', b) COMMENT 'the view' "
             "TBLPROPERTIES ('k' = 'v', x.y 1) AS SELECT 1, 2");
  EXPECT_EQ(s->kind, StatementKind::kCreateView);
  EXPECT_TRUE(s->or_replace);
  EXPECT_TRUE(s->global);
  EXPECT_TRUE(s->temporary);
  ASSERT_EQ(s->columns.size(), 2u);
  EXPECT_EQ(s->columns[0].name, "a");
  EXPECT_TRUE(s->columns[0].has_comment);
  EXPECT_EQ(s->columns[0].comment, "first");
  EXPECT_TRUE(s->columns[1].type.empty());
  EXPECT_EQ(s->comment, "the view");
  ASSERT_EQ(s->properties.size(), 2u);
  EXPECT_EQ(s->properties[1].key, "x.y");
  EXPECT_EQ(s->properties[1].value, "1");
  ASSERT_NE(s->query, nullptr);
  s = S("create temp view if not exists t as select 1");
  EXPECT_TRUE(s->temporary);
  EXPECT_TRUE(s->if_not_exists);
  EXPECT_FALSE(s->global);
  EXPECT_EQ(P("CREATE VIEW db.v AS VALUES (1)"), "CREATE VIEW db.v AS SELECT * FROM VALUES (1)");
  EXPECT_EQ(P("CREATE TEMPORARY VIEW v(a, b) AS SELECT 1, 2"), "CREATE TEMPORARY VIEW v (a, b) AS SELECT 1, 2");

  s = S("CREATE TEMPORARY VIEW src USING org.apache.spark.sql.parquet OPTIONS (path '/tmp/x', From '1', 'a.b' = 'c')");
  EXPECT_EQ(s->format, "org.apache.spark.sql.parquet");
  ASSERT_EQ(s->options.size(), 3u);
  EXPECT_EQ(s->options[0].key, "path");
  EXPECT_EQ(s->options[0].value, "/tmp/x");
  EXPECT_EQ(s->options[1].key, "From");
  EXPECT_EQ(s->query, nullptr);
  s = S("CREATE OR REPLACE TEMP VIEW v (a INT, b STRING NOT NULL COMMENT 'x') USING csv OPTIONS (header true)");
  ASSERT_EQ(s->columns.size(), 2u);
  EXPECT_EQ(s->columns[0].type, "INT");
  EXPECT_TRUE(s->columns[1].not_null);
  EXPECT_EQ(s->options[0].value, "true");
  EXPECT_EQ(P("CREATE TEMP VIEW v USING parquet OPTIONS (path = 'p')"),
            "CREATE TEMPORARY VIEW v USING parquet OPTIONS ('path' = 'p')");

  EXPECT_EQ(StatementError("CREATE VIEW v USING parquet").column, 15);  // only temp views use a format
  EXPECT_EQ(StatementError("CREATE OR REPLACE VIEW IF NOT EXISTS v AS SELECT 1").column, 24);
  EXPECT_EQ(StatementError("CREATE GLOBAL VIEW v AS SELECT 1").column, 15);
  EXPECT_EQ(StatementError("CREATE VIEW v SELECT 1").column, 15);
  EXPECT_EQ(StatementError("CREATE VIEW v (a INT) AS SELECT 1").column, 23);
  EXPECT_EQ(StatementError("CREATE TEMP VIEW v AS").error_class, ErrorClass::kParseSyntaxError);
}

TEST(StatementParserTest, Drop) {
  auto s = S("DROP VIEW IF EXISTS db.v");
  EXPECT_EQ(s->kind, StatementKind::kDropView);
  EXPECT_TRUE(s->if_exists);
  EXPECT_EQ(s->name, (std::vector<std::string>{"db", "v"}));
  s = S("drop table t purge");
  EXPECT_EQ(s->kind, StatementKind::kDropTable);
  EXPECT_FALSE(s->if_exists);
  EXPECT_EQ(P("DROP TABLE IF EXISTS `a b`"), "DROP TABLE IF EXISTS `a b`");
  EXPECT_EQ(StatementError("DROP INDEX i").column, 6);
}

TEST(StatementParserTest, Show) {
  auto s = S("SHOW FUNCTIONS");
  EXPECT_EQ(s->kind, StatementKind::kShowFunctions);
  EXPECT_FALSE(s->has_pattern);
  s = S("SHOW USER FUNCTIONS LIKE 'a*'");
  EXPECT_EQ(s->mode, "USER");
  EXPECT_EQ(s->pattern, "a*");
  EXPECT_EQ(S("SHOW SYSTEM FUNCTIONS 'x|y'")->pattern, "x|y");
  EXPECT_EQ(S("SHOW ALL FUNCTIONS IN db")->in_namespace, std::vector<std::string>{"db"});
  EXPECT_EQ(S("SHOW FUNCTIONS LIKE db.f")->pattern, "db.f");
  s = S("SHOW VIEWS IN global_temp LIKE 'v*'");
  EXPECT_EQ(s->kind, StatementKind::kShowViews);
  EXPECT_EQ(s->in_namespace, std::vector<std::string>{"global_temp"});
  EXPECT_EQ(s->pattern, "v*");
  EXPECT_EQ(S("SHOW TABLES")->kind, StatementKind::kShowTables);
  EXPECT_EQ(S("SHOW TABLES FROM db 'x*'")->pattern, "x*");
  s = S("SHOW COLUMNS IN t IN db");
  EXPECT_EQ(s->kind, StatementKind::kShowColumns);
  EXPECT_EQ(s->name, std::vector<std::string>{"t"});
  EXPECT_EQ(s->in_namespace, std::vector<std::string>{"db"});
  EXPECT_EQ(S("SHOW COLUMNS FROM db.t")->name, (std::vector<std::string>{"db", "t"}));
  EXPECT_EQ(S("SHOW DATABASES")->kind, StatementKind::kShowDatabases);
  EXPECT_EQ(S("SHOW SCHEMAS LIKE 'd*'")->pattern, "d*");
  EXPECT_EQ(P("show user functions like 'f'"), "SHOW USER FUNCTIONS LIKE 'f'");
  EXPECT_EQ(P("show columns from t from db"), "SHOW COLUMNS IN t IN db");
  EXPECT_EQ(P("SHOW VIEWS"), "SHOW VIEWS");
  EXPECT_EQ(StatementError("SHOW COLUMNS t").column, 14);
  EXPECT_EQ(StatementError("SHOW TABLES LIKE").column, 17);
  EXPECT_EQ(StatementError("SHOW FOO FUNCTIONS").column, 6);
}

TEST(StatementParserTest, Describe) {
  auto s = S("DESCRIBE t");
  EXPECT_EQ(s->kind, StatementKind::kDescribeTable);
  EXPECT_EQ(s->name, std::vector<std::string>{"t"});
  s = S("DESC TABLE EXTENDED db.t c.d");
  EXPECT_TRUE(s->extended);
  EXPECT_EQ(s->name, (std::vector<std::string>{"db", "t"}));
  EXPECT_EQ(s->column, (std::vector<std::string>{"c", "d"}));
  EXPECT_TRUE(S("DESC FORMATTED t")->formatted);
  EXPECT_EQ(S("DESC extended")->name, std::vector<std::string>{"extended"});
  EXPECT_EQ(S("DESC table")->name, std::vector<std::string>{"table"});
  s = S("DESC EXTENDED t PARTITION (c='Us', d=1)");
  ASSERT_EQ(s->partition.size(), 2u);
  EXPECT_EQ(s->partition[0].column, "c");
  ASSERT_NE(s->partition[1].value, nullptr);
  EXPECT_EQ(StatementError("DESC t PARTITION (c='Us', d)").column, 8);
  s = S("DESCRIBE FUNCTION EXTENDED abs");
  EXPECT_EQ(s->kind, StatementKind::kDescribeFunction);
  EXPECT_TRUE(s->extended);
  EXPECT_EQ(s->name, std::vector<std::string>{"abs"});
  EXPECT_EQ(S("DESC FUNCTION +")->name, std::vector<std::string>{"+"});
  EXPECT_EQ(S("DESC FUNCTION 'concat'")->name, std::vector<std::string>{"concat"});
  EXPECT_EQ(S("DESC FUNCTION db.f")->name, (std::vector<std::string>{"db", "f"}));
  EXPECT_EQ(S("DESC function")->kind, StatementKind::kDescribeTable);
  s = S("DESCRIBE QUERY SELECT 1");
  EXPECT_EQ(s->kind, StatementKind::kDescribeQuery);
  EXPECT_EQ(S("DESC (SELECT 1)")->kind, StatementKind::kDescribeQuery);
  EXPECT_EQ(S("DESC SELECT * FROM t")->kind, StatementKind::kDescribeQuery);
  EXPECT_EQ(S("DESC query")->kind, StatementKind::kDescribeTable);
  EXPECT_EQ(P("desc t"), "DESCRIBE TABLE t");
  EXPECT_EQ(P("desc formatted t partition (a = 1) col"), "DESCRIBE TABLE FORMATTED t PARTITION (a = 1) col");
  EXPECT_EQ(P("DESC FUNCTION EXTENDED abs"), "DESCRIBE FUNCTION EXTENDED 'abs'");
  EXPECT_EQ(P("DESC QUERY SELECT 1"), "DESCRIBE QUERY SELECT 1");
  EXPECT_EQ(StatementError("DESC").column, 5);
  EXPECT_EQ(StatementError("DESC t c d").column, 10);
  EXPECT_EQ(StatementError("DESCRIBE QUERY SELECT").column, 22);
}

TEST(StatementParserTest, Explain) {
  auto s = S("EXPLAIN SELECT 1");
  EXPECT_EQ(s->kind, StatementKind::kExplain);
  EXPECT_TRUE(s->mode.empty());
  ASSERT_NE(s->inner, nullptr);
  EXPECT_EQ(s->inner->kind, StatementKind::kQuery);
  for (const char* mode : {"EXTENDED", "FORMATTED", "COST", "CODEGEN", "ANALYZE", "LOGICAL"}) {
    EXPECT_EQ(S(std::string("explain ") + mode + " select 1")->mode, mode);
  }
  EXPECT_EQ(S("EXPLAIN CREATE VIEW v AS SELECT 1")->inner->kind, StatementKind::kCreateView);
  EXPECT_EQ(P("EXPLAIN FORMATTED SELECT a FROM t"), "EXPLAIN FORMATTED SELECT a FROM t");
  EXPECT_EQ(StatementError("EXPLAIN").column, 8);
  EXPECT_EQ(StatementError("EXPLAIN EXTENDED").column, 17);
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "EXPLAIN ";
  EXPECT_EQ(StatementError(deep + "SELECT 1").error_class, ErrorClass::kParseSyntaxError);
}

TEST(StatementParserTest, Cache) {
  auto s = S("CACHE TABLE t");
  EXPECT_EQ(s->kind, StatementKind::kCacheTable);
  EXPECT_FALSE(s->lazy);
  EXPECT_EQ(s->query, nullptr);
  s = S("CACHE LAZY TABLE c OPTIONS ('storageLevel' 'DISK_ONLY') AS SELECT * FROM t");
  EXPECT_TRUE(s->lazy);
  ASSERT_EQ(s->options.size(), 1u);
  EXPECT_EQ(s->options[0].value, "DISK_ONLY");
  ASSERT_NE(s->query, nullptr);
  EXPECT_NE(S("CACHE TABLE c SELECT 1")->query, nullptr);
  EXPECT_EQ(P("cache lazy table c as select 1"), "CACHE LAZY TABLE c AS SELECT 1");
  s = S("UNCACHE TABLE IF EXISTS t");
  EXPECT_EQ(s->kind, StatementKind::kUncacheTable);
  EXPECT_TRUE(s->if_exists);
  EXPECT_EQ(S("CLEAR CACHE")->kind, StatementKind::kClearCache);
  s = S("REFRESH TABLE db.t");
  EXPECT_EQ(s->kind, StatementKind::kRefreshTable);
  EXPECT_EQ(s->name, (std::vector<std::string>{"db", "t"}));
  EXPECT_EQ(P("UNCACHE TABLE t"), "UNCACHE TABLE t");
  EXPECT_EQ(P("CLEAR CACHE;"), "CLEAR CACHE");
  EXPECT_EQ(StatementError("CACHE t").column, 7);
  EXPECT_EQ(StatementError("CACHE TABLE t AS").column, 17);
  EXPECT_EQ(StatementError("CLEAR").column, 6);
  EXPECT_EQ(StatementError("REFRESH t").column, 9);
}

TEST(StatementParserTest, CreateTable) {
  auto s = S("CREATE TABLE IF NOT EXISTS db.t (a INT NOT NULL COMMENT 'k', b STRING DEFAULT 'x', c DECIMAL(10, 2)) "
             "USING parquet OPTIONS (compression 'zstd') PARTITIONED BY (a) LOCATION '/tmp/t' "
             "TBLPROPERTIES ('delta.appendOnly' = 'true')");
  EXPECT_EQ(s->kind, StatementKind::kCreateTable);
  EXPECT_TRUE(s->if_not_exists);
  ASSERT_EQ(s->columns.size(), 3u);
  EXPECT_TRUE(s->columns[0].not_null);
  EXPECT_EQ(s->columns[0].comment, "k");
  ASSERT_NE(s->columns[1].default_value, nullptr);
  EXPECT_EQ(s->columns[2].type, "DECIMAL(10,2)");
  EXPECT_EQ(s->format, "parquet");
  EXPECT_EQ(s->partitioned_by, std::vector<std::string>{"a"});
  EXPECT_EQ(s->location, "/tmp/t");
  EXPECT_EQ(s->properties[0].key, "delta.appendOnly");
  s = S("CREATE TABLE t USING delta AS SELECT 1 AS x");
  EXPECT_TRUE(s->columns.empty());
  ASSERT_NE(s->query, nullptr);
  s = S("CREATE TABLE t AS SELECT 1");
  EXPECT_TRUE(s->format.empty());
  EXPECT_NE(s->query, nullptr);
  s = S("CREATE TABLE t (a STRING, b INT, c STRING, d STRING) USING parquet OPTIONS (a '1') "
        "PARTITIONED BY (c, d) CLUSTERED BY (a) SORTED BY (b ASC) INTO 2 BUCKETS COMMENT 'table_comment'");
  EXPECT_EQ(s->clustered_by, std::vector<std::string>{"a"});
  EXPECT_EQ(s->sorted_by, std::vector<std::string>{"b"});
  EXPECT_EQ(s->buckets, 2);
  EXPECT_EQ(s->comment, "table_comment");
  s = S("CREATE TABLE t (a INT) PARTITIONED BY (p STRING, years(ts)) STORED AS parquet");
  EXPECT_EQ(s->columns.size(), 2u);
  ASSERT_EQ(s->partitioned_by.size(), 2u);
  EXPECT_EQ(s->partitioned_by[0], "p");
  EXPECT_EQ(s->partitioned_by[1], "years(ts)");
  EXPECT_EQ(s->format, "parquet");
  EXPECT_TRUE(S("CREATE OR REPLACE TABLE t (a INT) USING delta")->or_replace);
  EXPECT_EQ(P("create table t (a int not null, b array<string>) using parquet partitioned by (a) location 'p' "
              "comment 'c' as select 1"),
            "CREATE TABLE t (a INT NOT NULL, b ARRAY<STRING>) USING parquet PARTITIONED BY (a) LOCATION 'p' "
            "COMMENT 'c' AS SELECT 1");
  EXPECT_EQ(P("CREATE TABLE t (a INT, b INT) USING parquet CLUSTERED BY (a, b) SORTED BY (b DESC) INTO 4 BUCKETS"),
            "CREATE TABLE t (a INT, b INT) USING parquet CLUSTERED BY (a, b) SORTED BY (b DESC) INTO 4 BUCKETS");
  EXPECT_EQ(StatementError("CREATE TABLE t (a) USING parquet").column, 18);
  EXPECT_EQ(StatementError("CREATE TEMPORARY TABLE t (a INT)").column, 18);
  EXPECT_EQ(StatementError("CREATE TABLE t (a INT) USING parquet LOCATION 1").column, 47);
}

TEST(StatementParserTest, Insert) {
  auto s = S("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  EXPECT_EQ(s->kind, StatementKind::kInsert);
  EXPECT_FALSE(s->overwrite);
  ASSERT_NE(s->query, nullptr);
  ASSERT_EQ(s->query->from.size(), 1u);
  EXPECT_EQ(s->query->from[0]->kind, RelationKind::kValues);
  s = S("INSERT OVERWRITE TABLE db.t (a, b) SELECT x, y FROM u");
  EXPECT_TRUE(s->overwrite);
  EXPECT_EQ(s->insert_columns, (std::vector<std::string>{"a", "b"}));
  s = S("INSERT INTO TABLE t PARTITION (p = 1) IF NOT EXISTS (SELECT 1)");
  ASSERT_EQ(s->partition.size(), 1u);
  EXPECT_TRUE(s->if_not_exists);
  EXPECT_TRUE(s->insert_columns.empty());
  EXPECT_EQ(P("insert into t (a) values (1)"), "INSERT INTO TABLE t (a) SELECT * FROM VALUES (1)");
  EXPECT_EQ(P("INSERT INTO t WITH x AS (SELECT 1) SELECT * FROM x"),
            "INSERT INTO TABLE t WITH x AS (SELECT 1) SELECT * FROM x");
  EXPECT_EQ(StatementError("INSERT t VALUES (1)").column, 8);
  EXPECT_EQ(StatementError("INSERT INTO t").column, 14);
  EXPECT_EQ(StatementError("INSERT INTO t (a) 1").column, 19);
}

TEST(StatementParserTest, Errors) {
  ErrorInfo e = StatementError("");
  EXPECT_EQ(e.error_class, ErrorClass::kParseEmptyStatement);
  EXPECT_EQ(StatementError("  -- nothing\n ;").error_class, ErrorClass::kParseEmptyStatement);
  e = StatementError("SELECT 1;\nSELECT 2");
  EXPECT_EQ(e.error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 1);
  e = StatementError("FOO bar");
  EXPECT_EQ(e.column, 1);
  EXPECT_NE(e.message.find("'FOO'"), std::string::npos) << e.message;
  e = StatementError("CREATE VIEW v AS\n  SELECT 1 +");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.column, 13);
  EXPECT_EQ(StatementError("+").column, 1);
  EXPECT_EQ(StatementError("FROM t SELECT a").column, 1);
}

TEST(StatementParserTest, SplitStatements) {
  const std::string script =
      "-- header\nSELECT 1;\n\nSELECT ';' AS s, \"a;b\", `c;d` /* x; y */ FROM t;  \n"
      "SELECT (1;2);\n;;  /* only a comment */ ;\n  SET a=b -- trailing ; comment\n;SELECT 'it''s;' /*+ hint; */";
  const std::vector<ScriptStatement> parts = Parser::SplitStatements(script);
  ASSERT_EQ(parts.size(), 5u);
  EXPECT_EQ(parts[0].text, "SELECT 1");
  EXPECT_EQ(parts[0].line, 2);
  EXPECT_EQ(parts[0].column, 1);
  EXPECT_EQ(parts[0].offset, 10u);
  EXPECT_EQ(parts[1].text, "SELECT ';' AS s, \"a;b\", `c;d` /* x; y */ FROM t");
  EXPECT_EQ(parts[1].line, 4);
  EXPECT_EQ(parts[2].text, "SELECT (1;2)");
  EXPECT_EQ(parts[3].text, "SET a=b");
  EXPECT_EQ(parts[3].line, 7);
  EXPECT_EQ(parts[3].column, 3);
  EXPECT_EQ(parts[4].text, "SELECT 'it''s;' /*+ hint; */");
  EXPECT_EQ(parts[4].line, 8);
  EXPECT_EQ(parts[4].column, 2);
  EXPECT_EQ(script.substr(parts[4].offset, parts[4].text.size()), parts[4].text);
  // Escapes, nested comments, unclosed things.
  auto more = Parser::SplitStatements("SELECT 'a\\';b'; /* /* ; */ ; */ SELECT 2; SELECT 'open;");
  ASSERT_EQ(more.size(), 3u);
  EXPECT_EQ(more[0].text, "SELECT 'a\\';b'");
  EXPECT_EQ(more[1].text, "SELECT 2");
  EXPECT_EQ(more[2].text, "SELECT 'open;");
  EXPECT_EQ(Parser::SplitStatements("SELECT r'a\\';b'").size(), 2u);  // raw string: the backslash does not escape
  EXPECT_TRUE(Parser::SplitStatements("").empty());
  EXPECT_TRUE(Parser::SplitStatements(" ; -- x").empty());
  EXPECT_EQ(Parser::SplitStatements("SELECT (1)); SELECT 2").size(), 2u);
  EXPECT_EQ(Parser::SplitStatements("/* unclosed ; ").size(), 0u);
  for (size_t i : {0, 1, 3}) EXPECT_NO_THROW(Parser::ParseStatementText(parts[i].text)) << parts[i].text;
}

// Every input file of Spark's golden tests splits into statements that parse
// or fail with a tarn::Error; prints how many parse.
TEST(StatementParserTest, GoldenInputScripts) {
  const std::vector<GoldenStatement> golden = GoldenStatements();
  if (golden.empty()) GTEST_SKIP() << "no Spark golden tests";
  int total = 0, parsed = 0;
  for (const GoldenStatement& g : golden) {
    ++total;
    try {
      Parser::ParseStatementText(g.statement);
      ++parsed;
    } catch (const Error&) {
    }
  }
  std::printf("parsed %d of %d golden statements\n", parsed, total);
  EXPECT_GT(parsed, total / 2);
}

}  // namespace
}  // namespace tarn::sql
