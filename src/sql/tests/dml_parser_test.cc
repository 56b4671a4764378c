// DELETE / UPDATE / MERGE INTO: the statement trees and their printed SQL
// (which parses back to itself), and the syntax errors.
#include <gtest/gtest.h>

#include "common/error.h"
#include "sql/dml_statement.h"
#include "sql/parser.h"
#include "sql/tests/sql_test_util.h"

namespace tarn::sql {
namespace {

std::shared_ptr<Statement> S(std::string_view sql) { return Parser::ParseStatementText(sql); }
std::string P(std::string_view sql) {
  const std::string once = ToString(*S(sql));
  EXPECT_EQ(ToString(*S(once)), once) << sql;
  return once;
}
ErrorInfo StatementError(std::string_view sql) {
  return ErrorOf(sql, [](std::string_view q) { Parser::ParseStatementText(q); });
}

TEST(DmlParserTest, Delete) {
  auto s = S("DELETE FROM db.t AS x WHERE x.a > 1 AND b IN (SELECT c FROM u)");
  EXPECT_EQ(s->kind, StatementKind::kDelete);
  EXPECT_EQ(s->name, (std::vector<std::string>{"db", "t"}));
  EXPECT_EQ(s->dml->target_alias, "x");
  EXPECT_EQ(s->dml->condition.text, "x.a > 1 AND b IN (SELECT c FROM u)");
  EXPECT_FALSE(S("DELETE FROM t")->dml->condition.present());
  EXPECT_EQ(S("DELETE FROM t x")->dml->target_alias, "x");
  EXPECT_EQ(P("delete from delta.`/p` where a = 1"), "DELETE FROM `delta`.`/p` WHERE a = 1");
}

TEST(DmlParserTest, Update) {
  auto s = S("UPDATE t u SET a = a + 1, u.s.f = 'x' WHERE a IS NULL");
  EXPECT_EQ(s->kind, StatementKind::kUpdate);
  EXPECT_EQ(s->dml->target_alias, "u");
  ASSERT_EQ(s->dml->assignments.size(), 2u);
  EXPECT_EQ(s->dml->assignments[1].column, (std::vector<std::string>{"u", "s", "f"}));
  EXPECT_EQ(s->dml->assignments[0].value.text, "a + 1");
  EXPECT_EQ(S("UPDATE t SET a = 1")->dml->target_alias, "");
  EXPECT_EQ(P("UPDATE t SET a = 1"), "UPDATE `t` SET `a` = 1");
}

TEST(DmlParserTest, Merge) {
  auto s = S(
      "MERGE WITH SCHEMA EVOLUTION INTO t USING (SELECT * FROM s) AS src ON t.k = src.k "
      "WHEN MATCHED AND src.d THEN DELETE WHEN MATCHED THEN UPDATE SET * "
      "WHEN NOT MATCHED BY TARGET THEN INSERT (k, v) VALUES (src.k, 1) "
      "WHEN NOT MATCHED BY SOURCE AND t.v < 0 THEN UPDATE SET v = 0");
  EXPECT_EQ(s->kind, StatementKind::kMerge);
  const DmlStatement& m = *s->dml;
  EXPECT_TRUE(m.schema_evolution);
  EXPECT_EQ(m.source_query_text, "SELECT * FROM s");
  EXPECT_EQ(m.source_alias, "src");
  ASSERT_EQ(m.clauses.size(), 4u);
  EXPECT_EQ(m.clauses[0].action, MergeAction::kDelete);
  EXPECT_EQ(m.clauses[1].action, MergeAction::kUpdateStar);
  EXPECT_EQ(m.clauses[2].match, MergeMatch::kNotMatchedByTarget);
  EXPECT_EQ(m.clauses[2].insert_columns, (std::vector<std::string>{"k", "v"}));
  EXPECT_EQ(m.clauses[3].match, MergeMatch::kNotMatchedBySource);
  EXPECT_EQ(m.clauses[3].condition.text, "t.v < 0");
  P("MERGE INTO t USING s ON t.k = s.k WHEN NOT MATCHED THEN INSERT * WHEN MATCHED THEN DELETE");
  EXPECT_EQ(S("MERGE INTO t USING s ON t.k = s.k WHEN MATCHED THEN DELETE")->dml->source_name,
            (std::vector<std::string>{"s"}));
}

TEST(DmlParserTest, SyntaxErrors) {
  for (const char* sql : {"DELETE t", "DELETE FROM t WHERE", "UPDATE t WHERE a = 1", "UPDATE t SET a",
                          "MERGE INTO t USING s ON a = b", "MERGE INTO t USING s ON a = b WHEN MATCHED THEN INSERT *",
                          "MERGE INTO t USING s ON a = b WHEN NOT MATCHED THEN DELETE",
                          "MERGE INTO t USING s ON a = b WHEN NOT MATCHED BY SOURCE THEN INSERT *",
                          "MERGE INTO t USING s ON a = b WHEN NOT MATCHED BY SOURCE THEN UPDATE SET *",
                          "MERGE INTO t USING (1) ON a = b WHEN MATCHED THEN DELETE"}) {
    EXPECT_EQ(StatementError(sql).error_class, ErrorClass::kParseSyntaxError) << sql;
  }
}

}  // namespace
}  // namespace tarn::sql
