// EXPLAIN ANALYZE and session profiling (`tarn sql --profile`) end to end:
// the operators and their exact row counts; times and byte sizes vary, so
// they are masked, never asserted.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "columnar/value_text.h"
#include "common/error.h"
#include "session/session.h"

namespace tarn {
namespace {

std::string PlanText(const StatementResult& result) {
  EXPECT_EQ(result.num_rows(), 1u);
  std::string text;
  AppendSparkText(result.batches.at(0).column(0), 0, &text);
  return text;
}

// Times → T, memory sizes → M.
std::string Masked(std::string text) {
  text = std::regex_replace(text, std::regex("[0-9]+\\.[0-9]{3} ms"), "T");
  return std::regex_replace(text, std::regex("peak memory=[0-9.]+ (B|KiB|MiB|GiB)"), "peak memory=M");
}

TEST(ExplainAnalyzeTest, AnnotatesEveryOperatorWithItsRows) {
  Session session;
  ThrowIfError(session.config().Set("spark.tarn.threads", "2"));
  std::string text = Masked(PlanText(session.Execute(
      "EXPLAIN ANALYZE SELECT id % 3 AS k, count(*) AS n FROM range(10) WHERE id > 0 GROUP BY 1 ORDER BY 1")));
  // 10 rows, 9 pass id > 0, three groups of three. The scan runs in a
  // parallel pipeline; its partial aggregate hands its groups to the final
  // one through a shared merge, not as rows (rows out=0).
  EXPECT_EQ(text,
            "== Physical Plan (analyzed) ==\n"
            "Sort [k#0 ASC NULLS FIRST], true, 0\n"
            ":  time=T, self=T, rows in=3, rows out=3, batches=1, peak memory=M, spill=0 B\n"
            "+- Project [(id % 3)#0 AS k#0, count(*)#1 AS n#1]\n"
            "   :  time=T, self=T, rows in=3, rows out=3, batches=1\n"
            "   +- HashAggregate(keys=[(id#0 % 3)], functions=[count()])\n"
            "      :  time=T, self=T, rows in=0, rows out=3, batches=1, peak memory=M, spill=0 B\n"
            "      +- Exchange SinglePartition\n"
            "         :  time=T, self=T, rows in=0, rows out=0, batches=0\n"
            "         +- HashAggregate(keys=[(id#0 % 3)], functions=[partial_count()])\n"
            "            :  time=T, self=T, rows in=9, rows out=0, batches=0, peak memory=M, spill=0 B\n"
            "            +- Filter (id#0 > 0)\n"
            "               :  time=T, self=T, rows in=10, rows out=9, batches=1\n"
            "               +- Scan Range (0, 10, step=1)[id#0] PushedFilters: [GreaterThan(id,0)], ReadSchema: struct<id:bigint>\n"
            "                     time=T, self=T, rows out=10, batches=1\n"
            "\n"
            "Query: time=T, rows=3, peak memory=M\n")
      << text;
}

TEST(ExplainAnalyzeTest, ScalarSubqueriesAreProfiledAsInnerChildren) {
  Session session;
  ThrowIfError(session.config().Set("spark.tarn.threads", "2"));
  std::string text = Masked(PlanText(session.Execute(
      "EXPLAIN ANALYZE SELECT id FROM range(5) WHERE id > (SELECT avg(id) FROM range(4))")));
  // avg(0..3) = 1.5 from the subquery's 4 rows; 2, 3, 4 pass.
  EXPECT_EQ(text,
            "== Physical Plan (analyzed) ==\n"
            "Exchange SinglePartition\n"
            ":  time=T, self=T, rows in=3, rows out=3, batches=1\n"
            "+- Filter (cast(id#0 as double) > scalar-subquery)\n"
            "   :  time=T, self=T, rows in=5, rows out=3, batches=1\n"
            "   :  +- Subquery scalar-subquery\n"
            "   :     +- HashAggregate(keys=[], functions=[avg(cast(id#0 as double))])\n"
            "   :        :  time=T, self=T, rows in=0, rows out=1, batches=1, peak memory=M, spill=0 B\n"
            "   :        +- Exchange SinglePartition\n"
            "   :           :  time=T, self=T, rows in=0, rows out=0, batches=0\n"
            "   :           +- HashAggregate(keys=[], functions=[partial_avg(cast(id#0 as double))])\n"
            "   :              :  time=T, self=T, rows in=4, rows out=0, batches=0, peak memory=M, spill=0 B\n"
            "   :              +- Scan Range (0, 4, step=1)[id#0] PushedFilters: [], ReadSchema: struct<id:bigint>\n"
            "   :                    time=T, self=T, rows out=4, batches=1\n"
            "   +- Scan Range (0, 5, step=1)[id#0] PushedFilters: [], ReadSchema: struct<id:bigint>\n"
            "         time=T, self=T, rows out=5, batches=1\n"
            "\n"
            "Query: time=T, rows=3, peak memory=M\n")
      << text;
}

TEST(ExplainAnalyzeTest, OnlyQueries) {
  Session session;
  try {
    session.Execute("EXPLAIN ANALYZE SET a = 1");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(e.info().ToString().find("UNSUPPORTED_FEATURE"), std::string::npos) << e.info().ToString();
  }
}

TEST(ExplainAnalyzeTest, SessionProfilingRecordsEachQueryOfAStatement) {
  Session session;
  session.Execute("SELECT 1");
  EXPECT_TRUE(session.TakeProfiles().empty());  // profiling is off by default
  session.set_profiling(true);
  StatementResult rows = session.Execute("SELECT id FROM range(7) WHERE id % 2 = 0");
  EXPECT_EQ(rows.num_rows(), 4u);  // the rows still come back
  std::vector<std::string> profiles = session.TakeProfiles();
  ASSERT_EQ(profiles.size(), 1u);
  EXPECT_NE(profiles[0].find("rows in=7, rows out=4"), std::string::npos) << profiles[0];
  EXPECT_TRUE(session.TakeProfiles().empty());  // taken
  session.Execute("SET spark.sql.ansi.enabled = true");
  EXPECT_TRUE(session.TakeProfiles().empty());  // no query ran
}

}  // namespace
}  // namespace tarn
