#include "sql/parser.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "common/error.h"
#include "sql/tests/sql_test_util.h"
#include "common/strings.h"

namespace tarn::sql {
namespace {

std::string Q(std::string_view sql) { return ToString(*Parser::ParseQueryText(sql)); }

ErrorInfo QueryError(std::string_view sql) {
  return ErrorOf(sql, [](std::string_view q) { Parser::ParseQueryText(q); });
}

TEST(ParserTest, SelectList) {
  EXPECT_EQ(Q("SELECT 1"), "SELECT 1");
  EXPECT_EQ(Q("select a, b AS x, c y, d `z z`, * FROM t;"), "SELECT a, b AS x, c AS y, d AS `z z`, * FROM t");
  EXPECT_EQ(Q("SELECT DISTINCT a FROM t"), "SELECT DISTINCT a FROM t");
  EXPECT_EQ(Q("SELECT * EXCEPT (a, s.b), t.* except (c) FROM t"), "SELECT * EXCEPT (a, s.b), t.* EXCEPT (c) FROM t");
  EXPECT_EQ(Q("SELECT * FROM t EXCEPT (SELECT * FROM u)"), "(SELECT * FROM t) EXCEPT DISTINCT (SELECT * FROM u)");
  EXPECT_EQ(Q("SELECT /*+ BROADCAST(t) */ t.* FROM t"), "SELECT /*+ BROADCAST(t) */ t.* FROM t");
}

TEST(ParserTest, Clauses) {
  EXPECT_EQ(Q("SELECT a, count(*) c FROM t WHERE a > 1 GROUP BY a HAVING count(*) > 2 "
              "ORDER BY c DESC NULLS LAST, a LIMIT 10 OFFSET 5"),
            "SELECT a, count(*) AS c FROM t WHERE (a > 1) GROUP BY a HAVING (count(*) > 2) "
            "ORDER BY c DESC NULLS LAST, a ASC LIMIT 10 OFFSET 5");
  EXPECT_EQ(Q("SELECT a FROM t LIMIT ALL"), "SELECT a FROM t");
}

TEST(ParserTest, GroupingAnalytics) {
  EXPECT_EQ(Q("SELECT a FROM t GROUP BY GROUPING SETS ((a, b), (a), ())"),
            "SELECT a FROM t GROUP BY GROUPING SETS((a, b), a, ())");
  EXPECT_EQ(Q("SELECT a FROM t GROUP BY x, ROLLUP(a, (b, c)), CUBE(d)"),
            "SELECT a FROM t GROUP BY x, ROLLUP(a, (b, c)), CUBE(d)");
  EXPECT_EQ(Q("SELECT a FROM t GROUP BY a, b WITH ROLLUP"), "SELECT a FROM t GROUP BY ROLLUP(a, b)");
  EXPECT_EQ(Q("SELECT a FROM t GROUP BY a, b GROUPING SETS (a, b)"), "SELECT a FROM t GROUP BY GROUPING SETS(a, b)");
  const std::string once = Q("SELECT a FROM t GROUP BY GROUPING SETS ((a, b), ()) HAVING a > 1");
  EXPECT_EQ(Q(once), once);
  auto q = Parser::ParseQueryText("SELECT 1 FROM t GROUP BY CUBE(a, b)");
  ASSERT_EQ(q->group_by.size(), 1u);
  EXPECT_EQ(q->group_by[0]->kind, ExprKind::kGroupingSets);
  EXPECT_EQ(q->group_by[0]->children.size(), 2u);
}

TEST(ParserTest, NamedWindows) {
  EXPECT_EQ(Q("SELECT sum(x) OVER w FROM t WINDOW w AS (PARTITION BY k ORDER BY t), v AS w ORDER BY 1"),
            "SELECT sum(x) OVER w FROM t WINDOW w AS (PARTITION BY k ORDER BY t ASC), v AS (w) ORDER BY 1 ASC");
  const std::string once = Q("SELECT 1 FROM t WINDOW w AS (), v AS (w)");
  EXPECT_EQ(Q(once), once);
  EXPECT_EQ(Q("SELECT * FROM (VALUES (2), (1)) v(k) WHERE k = 1"), "SELECT * FROM VALUES (2), (1) AS v(k) WHERE (k = 1)");
}

TEST(ParserTest, QualifyAndPartitionedSorts) {
  EXPECT_EQ(Q("SELECT a, row_number() OVER (ORDER BY b) rn FROM t QUALIFY rn = 1"),
            "SELECT a, row_number() OVER (ORDER BY b ASC) AS rn FROM t QUALIFY (rn = 1)");
  EXPECT_EQ(Q("SELECT a FROM t DISTRIBUTE BY a SORT BY b DESC LIMIT 3"),
            "SELECT a FROM t DISTRIBUTE BY a SORT BY b DESC LIMIT 3");
  EXPECT_EQ(Q("SELECT a FROM t CLUSTER BY a, b"), "SELECT a FROM t CLUSTER BY a, b");
  EXPECT_EQ(Q("SELECT a FROM t SORT BY a"), "SELECT a FROM t SORT BY a ASC");
  EXPECT_EQ(QueryError("SELECT a FROM t ORDER BY a SORT BY a").error_class, ErrorClass::kParseSyntaxError);
}

TEST(ParserTest, Lateral) {
  EXPECT_EQ(Q("SELECT c FROM t LATERAL VIEW explode(a) e AS c LATERAL VIEW OUTER posexplode(m) p pos, v WHERE c > 0"),
            "SELECT c FROM t LATERAL VIEW explode(a) e AS c LATERAL VIEW OUTER posexplode(m) p AS pos, v WHERE (c > 0)");
  EXPECT_EQ(Q("SELECT * FROM t LATERAL VIEW explode(a) e"), "SELECT * FROM t LATERAL VIEW explode(a) e");
  EXPECT_EQ(Q("SELECT * FROM t, LATERAL (SELECT t.x + 1 y) s JOIN LATERAL explode(t.a) u(v)"),
            "SELECT * FROM t, (LATERAL (SELECT (t.x + 1) AS y) AS s INNER JOIN LATERAL explode(t.a) AS u(v))");
  auto q = Parser::ParseQueryText("SELECT * FROM t JOIN LATERAL (SELECT 1) s ON true");
  ASSERT_EQ(q->from[0]->kind, RelationKind::kJoin);
  EXPECT_TRUE(q->from[0]->right->lateral);
  EXPECT_EQ(QueryError("SELECT * FROM t LATERAL VIEW explode(a) WHERE x").error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(QueryError("SELECT * FROM LATERAL t").error_class, ErrorClass::kParseSyntaxError);
}

TEST(ParserTest, Relations) {
  EXPECT_EQ(Q("SELECT * FROM db.t AS x, u y(a, b)"), "SELECT * FROM db.t AS x, u AS y(a, b)");
  EXPECT_EQ(Q("SELECT * FROM parquet.`/tmp/x.parquet`"), "SELECT * FROM parquet.`/tmp/x.parquet`");
  EXPECT_EQ(Q("SELECT * FROM (SELECT 1 AS a) s"), "SELECT * FROM (SELECT 1 AS a) AS s");
  EXPECT_EQ(Q("SELECT * FROM a JOIN b ON a.k = b.k LEFT JOIN c USING (k) CROSS JOIN d"),
            "SELECT * FROM (((a INNER JOIN b ON (a.k = b.k)) LEFT OUTER JOIN c USING (k)) CROSS JOIN d)");
  EXPECT_EQ(Q("SELECT * FROM a LEFT SEMI JOIN b ON x LEFT ANTI JOIN c ON y FULL OUTER JOIN d ON z RIGHT JOIN e ON w"),
            "SELECT * FROM ((((a LEFT SEMI JOIN b ON x) LEFT ANTI JOIN c ON y) FULL OUTER JOIN d ON z) "
            "RIGHT OUTER JOIN e ON w)");
  EXPECT_EQ(Q("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(x, y)"), "SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(x, y)");
  EXPECT_EQ(Q("SELECT * FROM values 1, 2 t(x)"), "SELECT * FROM VALUES (1), (2) AS t(x)");
  EXPECT_EQ(Q("SELECT id FROM range(1, 4) r JOIN explode(array(1)) e(v) ON id = v"),
            "SELECT id FROM (range(1, 4) AS r INNER JOIN explode(array(1)) AS e(v) ON (id = v))");
  EXPECT_EQ(Q("SELECT transform(ys, all -> all * 2) FROM t"), "SELECT transform(ys, (`all` -> (`all` * 2))) FROM t");
  EXPECT_EQ(Q("SELECT * FROM a NATURAL JOIN b"), "SELECT * FROM (a NATURAL INNER JOIN b)");
  EXPECT_EQ(Q("SELECT * FROM a NATURAL JOIN b"), "SELECT * FROM (a NATURAL INNER JOIN b)");
  EXPECT_EQ(Q("SELECT * FROM a JOIN (b JOIN c ON p) ON q"), "SELECT * FROM (a INNER JOIN (b INNER JOIN c ON p) ON q)");
}

TEST(ParserTest, SetOperations) {
  EXPECT_EQ(Q("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4"),
            "((SELECT 1) UNION DISTINCT ((SELECT 2) INTERSECT DISTINCT (SELECT 3))) EXCEPT ALL (SELECT 4)");
  EXPECT_EQ(Q("SELECT a FROM t UNION ALL SELECT b FROM u ORDER BY 1 LIMIT 5"),
            "(SELECT a FROM t) UNION ALL (SELECT b FROM u) ORDER BY 1 ASC LIMIT 5");
  EXPECT_EQ(Q("(SELECT a FROM t LIMIT 1) LIMIT 2"), "(SELECT a FROM t LIMIT 1) LIMIT 2");
  EXPECT_EQ(Q("SELECT a FROM t MINUS (SELECT b FROM u)"), "(SELECT a FROM t) EXCEPT DISTINCT (SELECT b FROM u)");
  EXPECT_EQ(Q("SELECT * FROM (SELECT 1 UNION SELECT 2) s"), "SELECT * FROM ((SELECT 1) UNION DISTINCT (SELECT 2)) AS s");
  auto q = Parser::ParseQueryText("SELECT 1 UNION SELECT 2 ORDER BY 1");
  EXPECT_EQ(q->kind, QueryKind::kSetOperation);
  EXPECT_EQ(q->order_by.size(), 1u);
  EXPECT_TRUE(q->left->order_by.empty());
  EXPECT_EQ(QueryError("SELECT 1 UNION").error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(QueryError("SELECT s FROM t WHERE s LIKE ALL ()").column, 35);
}

TEST(ParserTest, CommonTableExpressions) {
  EXPECT_EQ(Q("WITH a AS (SELECT 1 x), b(y) AS (SELECT x FROM a) SELECT * FROM b"),
            "WITH a AS (SELECT 1 AS x), b(y) AS (SELECT x FROM a) SELECT * FROM b");
  EXPECT_EQ(Q("WITH a AS (SELECT 1) SELECT 2 UNION ALL SELECT 3 ORDER BY 1"),
            "WITH a AS (SELECT 1) (SELECT 2) UNION ALL (SELECT 3) ORDER BY 1 ASC");
  EXPECT_EQ(Q("SELECT * FROM (WITH t AS (SELECT 1) SELECT * FROM t) s WHERE x IN (WITH u AS (SELECT 2) SELECT * FROM u)"),
            "SELECT * FROM (WITH t AS (SELECT 1) SELECT * FROM t) AS s WHERE (x IN (WITH u AS (SELECT 2) SELECT * FROM u))");
  EXPECT_EQ(Q("WITH a AS (WITH b AS (SELECT 1) SELECT * FROM b) SELECT * FROM a"),
            "WITH a AS (WITH b AS (SELECT 1) SELECT * FROM b) SELECT * FROM a");
  const std::string once = Q("WITH a AS (SELECT 1) (WITH b AS (SELECT 2) SELECT * FROM b) LIMIT 1");
  EXPECT_EQ(Q(once), once);
  EXPECT_EQ(QueryError("WITH a AS SELECT 1").error_class, ErrorClass::kParseSyntaxError);
}

TEST(ParserTest, Subqueries) {
  EXPECT_EQ(Q("SELECT (SELECT max(a) FROM t) m FROM u WHERE x IN (SELECT y FROM v) AND EXISTS (SELECT 1 FROM w)"),
            "SELECT (SELECT max(a) FROM t) AS m FROM u WHERE ((x IN (SELECT y FROM v)) AND EXISTS (SELECT 1 FROM w))");
  auto q = Parser::ParseQueryText("SELECT a FROM t WHERE a NOT IN (SELECT b FROM u)");
  ASSERT_EQ(q->where->kind, ExprKind::kInSubquery);
  EXPECT_TRUE(q->where->negated);
  ASSERT_NE(q->where->subquery, nullptr);
  EXPECT_EQ(q->where->subquery->from[0]->name[0], "u");
}

TEST(ParserTest, RoundTrip) {
  const char* cases[] = {
      "SELECT a + 1 AS `b`, t.* FROM t JOIN u ON t.id = u.id WHERE u.x BETWEEN 1 AND 2 ORDER BY 1 DESC",
      "SELECT count(DISTINCT a) FILTER (WHERE b) FROM (SELECT * FROM x) AS s GROUP BY c HAVING sum(d) > 0 LIMIT 3",
      "SELECT 1 UNION ALL (SELECT 2 INTERSECT SELECT 3) ORDER BY 1 DESC",
  };
  for (const char* sql : cases) {
    const std::string once = Q(sql);
    EXPECT_EQ(Q(once), once) << sql;
  }
}

TEST(ParserTest, Errors) {
  ErrorInfo e = QueryError("SELECT 1 +");
  EXPECT_EQ(e.error_class, ErrorClass::kParseSyntaxError);
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.column, 11);
  EXPECT_NE(e.message.find("end of input"), std::string::npos) << e.message;
  e = QueryError("SELECT a\nFROM t\nWHERE");
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.column, 6);
  e = QueryError("SELECT a FROM t x y");
  EXPECT_EQ(e.column, 19);
  EXPECT_NE(e.message.find("'y'"), std::string::npos) << e.message;
  e = QueryError("SELECT a FROM");
  EXPECT_EQ(e.error_class, ErrorClass::kParseSyntaxError);
  e = QueryError("SELECT * FROM a JOIN");
  EXPECT_EQ(e.error_class, ErrorClass::kParseSyntaxError);
  e = QueryError("SELECT 'abc");
  EXPECT_EQ(e.column, 8);
  e = QueryError("SELECT 1 /* x");
  EXPECT_EQ(e.error_class, ErrorClass::kUnclosedBracketedComment);
  EXPECT_EQ(e.column, 10);
  e = QueryError("FROM t SELECT a");
  EXPECT_EQ(e.error_class, ErrorClass::kParseSyntaxError);
}

// Every Spark golden statement either parses or fails with a tarn::Error;
// prints how many of the SELECT statements the parser already accepts.
TEST(ParserTest, GoldenStatementsNeverCrash) {
  const std::vector<GoldenStatement> golden = GoldenStatements();
  if (golden.empty()) GTEST_SKIP() << "no Spark golden tests";
  int selects = 0, parsed = 0;
  for (const GoldenStatement& g : golden) {
    const bool select = g.statement.size() >= 6 && EqualsIgnoreCase(std::string_view(g.statement).substr(0, 6), "SELECT");
    if (select) ++selects;
    try {
      Parser::ParseQueryText(g.statement);
      if (select) ++parsed;
    } catch (const Error&) {
    }
  }
  std::printf("parsed %d of %d golden SELECT statements\n", parsed, selects);
  EXPECT_GT(parsed, selects / 3);
}

}  // namespace
}  // namespace tarn::sql
