#include "delta/delta_table.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "delta/deletion_vector.h"
#include "delta/stats.h"
#include "delta/tests/delta_test_util.h"
#include "formats/json/row_json.h"
#include "formats/parquet/compression.h"
#include "formats/parquet/writer.h"

namespace tarn::delta {
namespace {

using testing::ScratchTable;

/// Writes a Parquet file of (id bigint, name string) rows.
void WriteIds(const std::string& path, const std::vector<int64_t>& ids, const std::string& id_column = "id") {
  VectorPtr id = Vector::Make(DataType::Long(), ids.size());
  VectorPtr name = Vector::Make(DataType::String(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    id->values<int64_t>()[i] = ids[i];
    name->SetString(i, "n" + std::to_string(ids[i]));
  }
  Batch batch({{id_column, DataType::Long(), true, ""}, {"name", DataType::String(), true, ""}}, {id, name}, ids.size());
  parquet::WriteParquetFile(*LocalFileSystem(), path, batch);
}

std::string Stats(int64_t min, int64_t max, int64_t n) {
  return R"({"numRecords":)" + std::to_string(n) + R"(,"minValues":{"id":)" + std::to_string(min) +
         R"(},"maxValues":{"id":)" + std::to_string(max) + R"(},"nullCount":{"id":0}})";
}

std::vector<std::string> Rows(const DeltaTable& table, ScanSpec spec) {
  std::vector<std::string> lines;
  auto stream = table.Scan(spec);
  Batch batch;
  while (stream->Next(&batch)) {
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      std::string line;
      AppendRowJson(batch, r, &line);
      lines.push_back(line);
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

const char* kSchema =
    R"({"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}},)"
    R"({"name":"name","type":"string","nullable":true,"metadata":{}},)"
    R"({"name":"part","type":"date","nullable":true,"metadata":{}}]})";

class DeltaTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Three files in two partitions: ids 0-9, 10-19 (part 2024-01-01) and 20-29 (2024-01-02).
    for (int f = 0; f < 3; ++f) {
      std::vector<int64_t> ids;
      for (int i = 0; i < 10; ++i) ids.push_back(f * 10 + i);
      std::string name = "f" + std::to_string(f) + ".parquet";
      WriteIds(t.path() + "/" + name, ids);
      AddFile add = testing::Add(name, 1, Stats(f * 10, f * 10 + 9, 10));
      add.partition_values["part"] = f < 2 ? "2024-01-01" : "2024-01-02";
      adds.push_back(add);
    }
    t.Commit(0, {testing::SimpleProtocol(), testing::SimpleMetadata(kSchema, {"part"}), adds[0], adds[1], adds[2]});
  }
  ScratchTable t;
  std::vector<AddFile> adds;
};

TEST_F(DeltaTableTest, SchemaPartitionsAndRowCount) {
  auto table = DeltaTable::Open(LocalFileSystem(), t.path());
  ASSERT_EQ(table->schema().size(), 3u);
  EXPECT_EQ(table->schema()[2].type, DataType::Date());
  EXPECT_TRUE(table->is_partition_column(2));
  EXPECT_EQ(table->row_count(), 30);
  ScanSpec spec;
  spec.columns = {2, 0};
  std::vector<std::string> rows = Rows(*table, spec);
  ASSERT_EQ(rows.size(), 30u);
  EXPECT_EQ(rows.front(), R"({"part":"2024-01-01","id":0})");
  EXPECT_EQ(rows.back(), R"({"part":"2024-01-02","id":29})");
  ScanSpec count_only;  // no columns: only the row count matters
  auto stream = table->Scan(count_only);
  Batch batch;
  size_t total = 0;
  while (stream->Next(&batch)) total += batch.num_rows();
  EXPECT_EQ(total, 30u);
}

TEST_F(DeltaTableTest, ParallelScanReadsTheSameRows) {
  auto table = DeltaTable::Open(LocalFileSystem(), t.path());
  ScanSpec serial;
  serial.columns = {0, 1, 2};
  ScanSpec parallel = serial;
  parallel.threads = 4;
  parallel.batch_size = 3;
  std::vector<std::string> rows = Rows(*table, parallel);
  EXPECT_EQ(rows.size(), 30u);
  EXPECT_EQ(rows, Rows(*table, serial));
  // An unreadable file fails the parallel scan with its error too.
  t.Commit(1, {testing::Add("gone.parquet")});
  auto broken = DeltaTable::Open(LocalFileSystem(), t.path());
  try {
    Rows(*broken, parallel);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kFileNotExist);
  }
}

TEST_F(DeltaTableTest, ScanTasksOnePerPlannedFile) {
  auto table = DeltaTable::Open(LocalFileSystem(), t.path());
  ScanSpec spec;
  spec.columns = {2, 0};
  auto tasks = table->PlanScanTasks(spec);
  ASSERT_EQ(tasks.size(), 3u);
  std::vector<std::string> rows;
  for (const auto& task : tasks) {
    auto stream = task->Open();
    Batch batch;
    while (stream->Next(&batch)) {
      for (size_t r = 0; r < batch.num_rows(); ++r) {
        std::string line;
        AppendRowJson(batch, r, &line);
        rows.push_back(line);
      }
    }
  }
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows, Rows(*table, spec));
  spec.filters = {{2, ScanFilter::Op::kEq, "2024-01-02"}};
  EXPECT_EQ(table->PlanScanTasks(spec).size(), 1u);
}

TEST_F(DeltaTableTest, StatisticsAndPartitionsSkipFiles) {
  auto table = DeltaTable::Open(LocalFileSystem(), t.path());
  auto plan = [&](std::vector<ScanFilter> filters) { return table->PlanFiles(filters).size(); };
  EXPECT_EQ(plan({}), 3u);
  EXPECT_EQ(plan({{0, ScanFilter::Op::kEq, "15"}}), 1u);
  EXPECT_EQ(plan({{0, ScanFilter::Op::kGt, "19"}}), 1u);
  EXPECT_EQ(plan({{0, ScanFilter::Op::kGe, "19"}}), 2u);
  EXPECT_EQ(plan({{0, ScanFilter::Op::kLt, "10"}}), 1u);
  EXPECT_EQ(plan({{0, ScanFilter::Op::kLe, "10"}}), 2u);
  EXPECT_EQ(plan({{0, ScanFilter::Op::kEq, "100"}}), 0u);
  EXPECT_EQ(plan({{0, ScanFilter::Op::kIsNull, ""}}), 0u);  // nullCount 0 everywhere
  EXPECT_EQ(plan({{2, ScanFilter::Op::kEq, "2024-01-02"}}), 1u);
  EXPECT_EQ(plan({{2, ScanFilter::Op::kLt, "2024-01-02"}}), 2u);
  EXPECT_EQ(plan({{2, ScanFilter::Op::kIsNull, ""}}), 0u);
  EXPECT_EQ(plan({{2, ScanFilter::Op::kEq, "2024-01-01"}, {0, ScanFilter::Op::kGe, "10"}}), 1u);
  EXPECT_EQ(plan({{1, ScanFilter::Op::kEq, "n3"}}), 3u);  // no stats for name: nothing skipped
  // The scan reads only the planned files; the engine still filters rows.
  ScanSpec spec;
  spec.columns = {0};
  spec.filters = {{0, ScanFilter::Op::kEq, "15"}};
  EXPECT_EQ(Rows(*table, spec).size(), 10u);
}

TEST_F(DeltaTableTest, DeletionVectorsRemoveRows) {
  std::string bitmap = SerializeRoaringBitmapArray({0, 9});
  AddFile with_dv = adds[0];
  with_dv.deletion_vector = DeletionVectorDescriptor{'i', EncodeZ85(bitmap), std::nullopt,
                                                     static_cast<int32_t>(bitmap.size()), 2};
  t.Commit(1, {testing::Remove("f0.parquet"), with_dv});
  auto table = DeltaTable::Open(LocalFileSystem(), t.path());
  EXPECT_EQ(table->row_count(), 28);
  ScanSpec spec;
  spec.columns = {0};
  std::vector<std::string> rows = Rows(*table, spec);
  ASSERT_EQ(rows.size(), 28u);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), R"({"id":0})"), 0);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), R"({"id":1})"), 1);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), R"({"id":9})"), 0);
  // Time travel to before the delete.
  auto v0 = DeltaTable::Open(LocalFileSystem(), t.path(), TimeTravel{0, std::nullopt});
  EXPECT_EQ(Rows(*v0, spec).size(), 30u);
}

TEST(DeltaTableColumns, MissingColumnsWideningAndColumnMapping) {
  ScratchTable t;
  // A file written before a column was added and before `id` widened int → long,
  // under column mapping: the file uses physical names.
  VectorPtr id = Vector::Make(DataType::Int(), 2);
  id->values<int32_t>()[0] = 7;
  id->values<int32_t>()[1] = -1;
  Batch batch({{"col-a", DataType::Int(), true, ""}}, {id}, 2);
  parquet::WriteParquetFile(*LocalFileSystem(), t.path() + "/old.parquet", batch);
  std::string schema =
      R"({"type":"struct","fields":[)"
      R"({"name":"id","type":"long","nullable":true,"metadata":{"delta.columnMapping.id":1,"delta.columnMapping.physicalName":"col-a","delta.typeChanges":[{"fromType":"integer","toType":"long"}]}},)"
      R"({"name":"extra","type":"string","nullable":true,"metadata":{"delta.columnMapping.id":2,"delta.columnMapping.physicalName":"col-b"}}]})";
  Metadata m = testing::SimpleMetadata(schema);
  m.configuration["delta.columnMapping.mode"] = "name";
  t.Commit(0, {Protocol{2, 5, std::nullopt, std::nullopt}, m, testing::Add("old.parquet")});
  auto table = DeltaTable::Open(LocalFileSystem(), t.path());
  ScanSpec spec;
  spec.columns = {0, 1};
  EXPECT_EQ(Rows(*table, spec), (std::vector<std::string>{R"({"id":-1,"extra":null})", R"({"id":7,"extra":null})"}));
  EXPECT_FALSE(table->row_count().has_value());  // no stats
}

TEST(DeltaTableColumns, VacuumedFileIsAClearError) {
  ScratchTable t;
  t.Commit(0, {testing::SimpleProtocol(), testing::SimpleMetadata(), testing::Add("gone.parquet")});
  auto table = DeltaTable::Open(LocalFileSystem(), t.path());
  ScanSpec spec;
  spec.columns = {0};
  try {
    Rows(*table, spec);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kFileNotExist);
    EXPECT_NE(e.info().message.find("gone.parquet"), std::string::npos);
  }
}

TEST(DeltaStats, ValuesAndBounds) {
  EXPECT_TRUE(ParseDeltaValue("", DataType::Int())->IsNull(0));
  EXPECT_TRUE(ParseDeltaValue(std::nullopt, DataType::String())->IsNull(0));
  EXPECT_EQ(ParseDeltaValue("2021-01-01T10:00:00Z", DataType::Timestamp())->ValueAt<int64_t>(0), 1609495200000000);
  EXPECT_EQ(ParseDeltaValue("2021-01-01 10:00:00", DataType::Timestamp())->ValueAt<int64_t>(0), 1609495200000000);
  EXPECT_EQ(ParseDeltaValue("123.45", DataType::Decimal(5, 2))->ValueAt<int64_t>(0), 12345);
  EXPECT_TRUE(ParseDeltaValue("300", DataType::Byte())->IsNull(0));
  auto stats = ParseFileStats(R"({"numRecords":4,"minValues":{"s":"a","t":"2021-01-01T00:00:00.000Z"},"maxValues":{"s":"abcdefghijabcdefghijabcdefghijabcdefghij","t":"2021-01-01T00:00:00.000Z"},"nullCount":{"s":1}})",
                              {{"s", DataType::String()}, {"t", DataType::Timestamp()}});
  ASSERT_TRUE(stats.has_value());
  EXPECT_EQ(stats->num_records, 4);
  // A 40-byte max may be a truncated prefix: it never skips.
  auto gt = BindSkippingFilter({0, ScanFilter::Op::kGt, "zzz"}, DataType::String());
  EXPECT_TRUE(MayMatch(*gt, stats->columns["s"], stats->num_records));
  // Timestamp maxima are truncated to ms: 00:00:00.000500 may still be there.
  auto eq = BindSkippingFilter({0, ScanFilter::Op::kEq, "2021-01-01 00:00:00.0005"}, DataType::Timestamp());
  EXPECT_TRUE(MayMatch(*eq, stats->columns["t"], stats->num_records));
  auto late = BindSkippingFilter({0, ScanFilter::Op::kGt, "2021-01-01 00:00:01"}, DataType::Timestamp());
  EXPECT_FALSE(MayMatch(*late, stats->columns["t"], stats->num_records));
  EXPECT_FALSE(ParseFileStats("not json", {}).has_value());
  EXPECT_FALSE(BindSkippingFilter({0, ScanFilter::Op::kEq, "1.5"}, DataType::Double()).has_value());
}

}  // namespace
}  // namespace tarn::delta
