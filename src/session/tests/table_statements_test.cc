// Delta table statements through a Session: the columns and values of
// DESCRIBE HISTORY / DETAIL and RESTORE, which the .slt files cannot select
// (their timestamps and sizes vary), and time travel on catalog names.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "columnar/value_text.h"
#include "common/error.h"
#include "session/session.h"

namespace tarn {
namespace {

class TableStatementsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = (std::filesystem::temp_directory_path() / ("tarn_tables_" + std::string(info->name()))).string();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    ThrowIfError(session_.config().Set("spark.sql.warehouse.dir", dir_));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  StatementResult Run(const std::string& sql) { return session_.Execute(sql); }

  // Column `name` of every row, as text.
  static std::vector<std::string> Column(const StatementResult& r, const std::string& name) {
    size_t c = 0;
    while (c < r.schema.size() && r.schema[c].name != name) ++c;
    std::vector<std::string> out;
    if (c == r.schema.size()) {
      ADD_FAILURE() << "no column " << name;
      return out;
    }
    for (const Batch& b : r.batches) {
      for (size_t row = 0; row < b.num_rows(); ++row) {
        std::string text;
        if (b.column(c).IsNull(row)) {
          text = "NULL";
        } else {
          AppendSparkText(b.column(c), row, &text);
        }
        out.push_back(text);
      }
    }
    return out;
  }

  std::string dir_;
  Session session_;
};

TEST_F(TableStatementsTest, DescribeHistoryHasSparksColumnsNewestFirst) {
  Run("CREATE TABLE t (id INT, p STRING) USING DELTA PARTITIONED BY (p)");
  Run("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  Run("INSERT OVERWRITE t SELECT 3, 'a'");
  StatementResult h = Run("DESCRIBE HISTORY t");
  std::vector<std::string> names;
  for (const Field& f : h.schema) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"version", "timestamp", "userId", "userName", "operation",
                                              "operationParameters", "job", "notebook", "clusterId", "readVersion",
                                              "isolationLevel", "isBlindAppend", "operationMetrics", "userMetadata",
                                              "engineInfo"}));
  EXPECT_EQ(h.schema[1].type, DataType::Timestamp());
  EXPECT_EQ(Column(h, "version"), (std::vector<std::string>{"2", "1", "0"}));
  EXPECT_EQ(Column(h, "operation"), (std::vector<std::string>{"WRITE", "WRITE", "CREATE TABLE"}));
  EXPECT_EQ(Column(h, "readVersion"), (std::vector<std::string>{"1", "0", "NULL"}));
  EXPECT_EQ(Column(h, "isBlindAppend"), (std::vector<std::string>{"false", "true", "true"}));
  EXPECT_EQ(Column(h, "isolationLevel"), (std::vector<std::string>{"WriteSerializable", "WriteSerializable", "Serializable"}));
  EXPECT_EQ(Column(h, "operationParameters")[1], "{mode -> Append, partitionBy -> [\"p\"]}");
  EXPECT_EQ(Column(h, "operationParameters")[2],
            "{isManaged -> true, partitionBy -> [\"p\"], properties -> {}}");
  const std::string metrics = Column(h, "operationMetrics")[1];
  EXPECT_NE(metrics.find("numFiles -> 2"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("numOutputRows -> 2"), std::string::npos) << metrics;
  EXPECT_EQ(Column(h, "engineInfo")[0].rfind("tarn/", 0), 0u);
  EXPECT_EQ(Column(Run("DESCRIBE HISTORY t LIMIT 1"), "version"), std::vector<std::string>{"2"});
}

TEST_F(TableStatementsTest, DescribeDetail) {
  Run("CREATE TABLE t (id INT, p STRING) USING DELTA PARTITIONED BY (p) COMMENT 'events' TBLPROPERTIES ('k' = 'v')");
  Run("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
  StatementResult d = Run("DESCRIBE DETAIL t");
  EXPECT_EQ(Column(d, "format"), std::vector<std::string>{"delta"});
  EXPECT_EQ(Column(d, "name"), std::vector<std::string>{"spark_catalog.default.t"});
  EXPECT_EQ(Column(d, "description"), std::vector<std::string>{"events"});
  EXPECT_EQ(Column(d, "location"), std::vector<std::string>{"file:" + dir_ + "/t"});
  EXPECT_EQ(Column(d, "partitionColumns"), std::vector<std::string>{"[p]"});
  EXPECT_EQ(Column(d, "numFiles"), std::vector<std::string>{"2"});
  EXPECT_EQ(Column(d, "properties"), std::vector<std::string>{"{k -> v}"});
  EXPECT_EQ(Column(d, "minReaderVersion"), std::vector<std::string>{"1"});
}

TEST_F(TableStatementsTest, RestoreMetricsAndTimeTravelByName) {
  Run("CREATE TABLE t (id INT) USING DELTA");
  Run("INSERT INTO t VALUES (1)");
  Run("INSERT INTO t VALUES (2)");
  Run("INSERT OVERWRITE t VALUES (3)");
  EXPECT_EQ(Column(Run("SELECT count(*) AS n FROM t VERSION AS OF 2"), "n"), std::vector<std::string>{"2"});
  EXPECT_EQ(Column(Run("SELECT count(*) AS n FROM default.t@v1"), "n"), std::vector<std::string>{"1"});
  StatementResult r = Run("RESTORE TABLE t TO VERSION AS OF 2");
  EXPECT_EQ(Column(r, "num_of_files_after_restore"), std::vector<std::string>{"2"});
  EXPECT_EQ(Column(r, "num_removed_files"), std::vector<std::string>{"1"});
  EXPECT_EQ(Column(r, "num_restored_files"), std::vector<std::string>{"2"});
  EXPECT_EQ(Column(Run("SELECT id FROM t ORDER BY id"), "id"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(Column(Run("DESCRIBE HISTORY t LIMIT 1"), "operation"), std::vector<std::string>{"RESTORE"});
  try {
    Run("SELECT * FROM t VERSION AS OF 9");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kDeltaVersionNotFound);
  }
}

TEST_F(TableStatementsTest, ReplaceWhereOnPartitionsRewritesNothing) {
  Run("CREATE TABLE t (id INT, day STRING) USING DELTA PARTITIONED BY (day)");
  Run("INSERT INTO t VALUES (1, 'd1'), (2, 'd2'), (3, 'd3')");
  Run("INSERT INTO t REPLACE WHERE day >= 'd2' SELECT 20, 'd2'");
  StatementResult h = Run("DESCRIBE HISTORY t LIMIT 1");
  const std::string metrics = Column(h, "operationMetrics")[0];
  EXPECT_NE(metrics.find("numOutputRows -> 1"), std::string::npos) << metrics;  // d1 was not rewritten
  EXPECT_EQ(Column(h, "operationParameters")[0], "{mode -> Overwrite, partitionBy -> [\"day\"], predicate -> [\"day >= 'd2'\"]}");
  // A predicate on a data column rewrites the rows it does not select.
  Run("INSERT INTO t REPLACE WHERE id < 5 SELECT 3, 'd1'");
  EXPECT_EQ(Column(Run("SELECT id FROM t ORDER BY id"), "id"), (std::vector<std::string>{"3", "20"}));
}

TEST_F(TableStatementsTest, ACrashedFirstCommitLeavesNoTableBehind) {
  // What a writer killed before its first commit leaves: a log without commits and a data file.
  std::filesystem::create_directories(dir_ + "/t/_delta_log");
  std::ofstream(dir_ + "/t/_delta_log/00000000000000000000.json.tmp.1.2") << "{\"commitInfo\":{}}";
  std::ofstream(dir_ + "/t/part-00000-x.c000.snappy.parquet") << "PAR1";
  EXPECT_TRUE(Column(Run("SHOW TABLES"), "tableName").empty());
  try {
    Run("SELECT * FROM t");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kTableOrViewNotFound);
  }
  Run("CREATE TABLE t (id INT) USING DELTA");
  Run("INSERT INTO t VALUES (1)");
  EXPECT_EQ(Column(Run("SELECT id FROM t"), "id"), std::vector<std::string>{"1"});
}

TEST_F(TableStatementsTest, ConcurrentSessionsAppendWithoutLoss) {
  Run("CREATE TABLE t (id INT) USING DELTA");
  // Sessions sharing the warehouse interleave their commits; none is lost.
  Session other;
  ThrowIfError(other.config().Set("spark.sql.warehouse.dir", dir_));
  for (int i = 0; i < 5; ++i) {
    Run("INSERT INTO t VALUES (" + std::to_string(i) + ")");
    other.Execute("INSERT INTO t VALUES (" + std::to_string(100 + i) + ")");
  }
  EXPECT_EQ(Column(Run("SELECT count(*) AS n FROM t"), "n"), std::vector<std::string>{"10"});
  EXPECT_EQ(Column(Run("DESCRIBE HISTORY t LIMIT 1"), "version"), std::vector<std::string>{"10"});
}

}  // namespace
}  // namespace tarn
