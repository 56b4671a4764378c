// The change data feed: writing change files (paths, partitioning, the
// stored _change_type column, the cdc actions of a commit, checkpoints
// without them), enabling the feed in a protocol, and reading it back.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/memory_file_system.h"
#include "delta/change_data.h"
#include "delta/checkpoint_writer.h"
#include "delta/schema.h"
#include "delta/snapshot.h"
#include "delta/table_changes.h"
#include "delta/table_writer.h"
#include "delta/transaction.h"
#include "formats/parquet/reader.h"

namespace tarn::delta {
namespace {

constexpr const char* kTable = "/warehouse/cdf";

Schema TableSchema() {
  return {{"id", DataType::Long(), true, ""}, {"name", DataType::String(), true, ""}, {"p", DataType::Int(), true, ""}};
}

Metadata TableMetadata(std::vector<std::string> partitions, bool cdf = true) {
  Metadata m;
  m.id = "cdf-test";
  m.schema_string = SchemaToJson(FromSchema(TableSchema()));
  m.partition_columns = std::move(partitions);
  if (cdf) m.configuration["delta.enableChangeDataFeed"] = "true";
  m.created_time = 0;
  return m;
}

struct ChangeRow {
  int64_t id;
  std::string name;
  std::optional<int32_t> p;
  std::string change_type;
};

Batch ChangeRows(const std::vector<ChangeRow>& rows) {
  Schema schema = TableSchema();
  schema.push_back({kChangeTypeColumn, DataType::String(), true, ""});
  const size_t n = rows.size();
  auto id = Vector::Make(DataType::Long(), n);
  auto name = Vector::Make(DataType::String(), n);
  auto part = Vector::Make(DataType::Int(), n);
  auto type = Vector::Make(DataType::String(), n);
  for (size_t i = 0; i < n; ++i) {
    id->values<int64_t>()[i] = rows[i].id;
    name->SetString(i, rows[i].name);
    if (rows[i].p) {
      part->values<int32_t>()[i] = *rows[i].p;
    } else {
      part->SetNull(i);
    }
    type->SetString(i, rows[i].change_type);
  }
  return Batch(schema, {id, name, part, type}, n);
}

class ChangeDataTest : public ::testing::Test {
 protected:
  void SetUp() override { fs_ = std::make_shared<MemoryFileSystem>(); }

  void Create(const Metadata& metadata, Protocol protocol = Protocol{1, 2, std::nullopt, std::nullopt}) {
    if (ChangeDataFeedEnabled(metadata)) RequireChangeDataFeed(&protocol);
    Transaction txn(fs_, kTable, "CREATE TABLE");
    txn.UpdateProtocol(protocol);
    txn.UpdateMetadata(metadata);
    ASSERT_EQ(txn.Commit().version, 0);
  }

  // Commits change rows (as a DML statement would, with no data files).
  int64_t CommitChanges(const std::vector<ChangeRow>& rows) {
    auto snapshot = Snapshot::Load(fs_, kTable);
    Transaction txn(snapshot, "UPDATE");
    ChangeDataWriter writer(fs_, kTable, txn.metadata(), txn.protocol());
    writer.Write(ChangeRows(rows));
    EXPECT_EQ(writer.num_rows(), static_cast<int64_t>(rows.size()));
    for (AddCdcFile& f : writer.Finish()) txn.AddCdcFile(std::move(f));
    return txn.Commit().version;
  }

  std::vector<AddCdcFile> CdcActions(int64_t version) {
    const std::string path = CommitFilePath(std::string(kTable) + "/_delta_log", version);
    std::vector<AddCdcFile> out;
    for (Action& a : ParseActions(ValueOrThrow(fs_->ReadFile(path)), path)) {
      if (auto* c = std::get_if<AddCdcFile>(&a)) out.push_back(std::move(*c));
    }
    return out;
  }

  std::shared_ptr<MemoryFileSystem> fs_;
};

TEST_F(ChangeDataTest, EnablingTheFeedUpgradesTheProtocol) {
  Protocol legacy{1, 2, std::nullopt, std::nullopt};
  EXPECT_TRUE(RequireChangeDataFeed(&legacy));
  EXPECT_EQ(legacy.min_writer_version, 4);
  EXPECT_FALSE(RequireChangeDataFeed(&legacy));
  Protocol legacy5{2, 5, std::nullopt, std::nullopt};
  EXPECT_FALSE(RequireChangeDataFeed(&legacy5));  // writer 5 includes 4's features
  Protocol features{3, 7, std::vector<std::string>{"deletionVectors"}, std::vector<std::string>{"deletionVectors"}};
  EXPECT_TRUE(RequireChangeDataFeed(&features));
  EXPECT_EQ(features.min_writer_version, 7);
  EXPECT_EQ(*features.writer_features, (std::vector<std::string>{"deletionVectors", "changeDataFeed"}));
  EXPECT_FALSE(RequireChangeDataFeed(&features));

  Metadata m = TableMetadata({});
  EXPECT_TRUE(ChangeDataFeedEnabled(m));
  m.configuration = {{"DELTA.enableChangeDataFeed", "TRUE"}};
  EXPECT_TRUE(ChangeDataFeedEnabled(m));
  m.configuration = {{"delta.enableChangeDataFeed", "false"}};
  EXPECT_FALSE(ChangeDataFeedEnabled(m));
  EXPECT_FALSE(ChangeDataFeedEnabled(TableMetadata({}, /*cdf=*/false)));
}

TEST_F(ChangeDataTest, ReservedColumnNames) {
  EXPECT_NO_THROW(CheckNoReservedChangeColumns(TableSchema()));
  Schema bad = TableSchema();
  bad.push_back({"_CHANGE_TYPE", DataType::String(), true, ""});
  bad.push_back({"_commit_version", DataType::Long(), true, ""});
  try {
    CheckNoReservedChangeColumns(bad);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("[DELTA_TABLE_ALREADY_CONTAINS_CDC_COLUMNS]"), std::string::npos) << std::string(e.what());
    EXPECT_NE(std::string(e.what()).find("[_CHANGE_TYPE,_commit_version]"), std::string::npos) << std::string(e.what());
  }
}

TEST_F(ChangeDataTest, WritesPartitionedChangeFilesAndCdcActions) {
  Create(TableMetadata({"p"}));
  EXPECT_EQ(Snapshot::Load(fs_, kTable)->protocol().min_writer_version, 4);
  const int64_t version = CommitChanges({{1, "a", 1, kChangeUpdatePreimage},
                                         {1, "b", 1, kChangeUpdatePostimage},
                                         {2, "c", 2, kChangeDelete},
                                         {3, "d", std::nullopt, kChangeInsert}});
  ASSERT_EQ(version, 1);
  std::vector<AddCdcFile> cdc = CdcActions(version);
  ASSERT_EQ(cdc.size(), 3u);
  std::map<std::string, int64_t> rows_by_dir;
  for (const AddCdcFile& c : cdc) {
    EXPECT_FALSE(c.data_change);
    EXPECT_EQ(c.path.rfind("_change_data/p=", 0), 0u) << c.path;
    const std::string name = c.path.substr(c.path.rfind('/') + 1);
    EXPECT_EQ(name.rfind("cdc-", 0), 0u) << name;
    EXPECT_NE(name.find(".c000.snappy.parquet"), std::string::npos) << name;
    ASSERT_EQ(c.partition_values.count("p"), 1u);
    const std::string dir = c.path.substr(0, c.path.rfind('/'));
    if (c.partition_values.at("p")) {
      EXPECT_EQ(dir, "_change_data/p=" + *c.partition_values.at("p"));
    } else {
      EXPECT_EQ(dir, "_change_data/p=__HIVE_DEFAULT_PARTITION__");
    }
    // The file holds the data columns and _change_type, not the partition column.
    auto reader = parquet::ParquetReader::Open(*fs_, std::string(kTable) + "/" + c.path);
    EXPECT_EQ(c.size, static_cast<int64_t>(ValueOrThrow(fs_->Stat(std::string(kTable) + "/" + c.path)).size));
    ASSERT_EQ(reader->schema().size(), 3u);
    EXPECT_EQ(reader->schema()[0].name, "id");
    EXPECT_EQ(reader->schema()[1].name, "name");
    EXPECT_EQ(reader->schema()[2].name, "_change_type");
    Batch batch;
    std::string types;
    while (reader->Next(&batch)) {
      for (size_t r = 0; r < batch.num_rows(); ++r) types += std::string(batch.column(2).StringAt(r).view()) + ";";
    }
    rows_by_dir[dir] = reader->num_rows();
    if (dir == "_change_data/p=1") {
      EXPECT_EQ(types, "update_preimage;update_postimage;");
    } else if (dir == "_change_data/p=2") {
      EXPECT_EQ(types, "delete;");
    }
  }
  EXPECT_EQ(rows_by_dir.size(), 3u);
  // A cdc action changes no table state: the snapshot has no files.
  EXPECT_TRUE(Snapshot::Load(fs_, kTable)->files().empty());
}

TEST_F(ChangeDataTest, ChangeTypesAreChecked) {
  Create(TableMetadata({}));
  auto snapshot = Snapshot::Load(fs_, kTable);
  ChangeDataWriter writer(fs_, kTable, snapshot->metadata(), snapshot->protocol());
  EXPECT_THROW(writer.Write(ChangeRows({{1, "a", 1, "upsert"}})), Error);
}

TEST_F(ChangeDataTest, WriterNeedsTheFeedEnabled) {
  Create(TableMetadata({}, /*cdf=*/false));
  auto snapshot = Snapshot::Load(fs_, kTable);
  EXPECT_THROW(ChangeDataWriter(fs_, kTable, snapshot->metadata(), snapshot->protocol()), Error);
}

TEST_F(ChangeDataTest, CheckpointsLeaveCdcActionsOut) {
  Metadata m = TableMetadata({});
  m.configuration["delta.checkpointInterval"] = "2";
  Create(m);
  CommitChanges({{1, "a", 1, kChangeInsert}});
  auto snapshot = Snapshot::Load(fs_, kTable);
  ASSERT_EQ(snapshot->version(), 1);
  WriteCheckpoint(*snapshot, 0);
  auto from_checkpoint = Snapshot::Load(fs_, kTable);
  ASSERT_TRUE(from_checkpoint->segment().checkpoint.has_value());
  EXPECT_TRUE(from_checkpoint->files().empty());
  EXPECT_EQ(from_checkpoint->version(), 1);
}


// --- reading the feed ----------------------------------------------------------

/// The rows of a TableChanges scan as "id|name|p|type|version" lines, in order.
std::vector<std::string> ReadChanges(const TableChanges& changes) {
  ScanSpec spec;
  for (size_t i = 0; i < changes.schema().size(); ++i) spec.columns.push_back(static_cast<int>(i));
  auto stream = changes.Scan(spec);
  std::vector<std::string> out;
  Batch batch;
  while (stream->Next(&batch)) {
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      std::string line = std::to_string(batch.column(0).ValueAt<int64_t>(r)) + "|" +
                         std::string(batch.column(1).StringAt(r).view()) + "|" +
                         (batch.column(2).IsNull(r) ? "NULL" : std::to_string(batch.column(2).ValueAt<int32_t>(r))) +
                         "|" + std::string(batch.column(3).StringAt(r).view()) + "|" +
                         std::to_string(batch.column(4).ValueAt<int64_t>(r));
      out.push_back(line);
    }
  }
  return out;
}

class TableChangesTest : public ChangeDataTest {
 protected:
  Batch TableRows(const std::vector<ChangeRow>& rows) {
    Batch with_type = ChangeRows(rows);
    Schema schema = TableSchema();
    return Batch(schema, {with_type.column_ptr(0), with_type.column_ptr(1), with_type.column_ptr(2)}, rows.size());
  }
  // An INSERT: data files only.
  int64_t Insert(const std::vector<ChangeRow>& rows) {
    auto snapshot = Snapshot::Load(fs_, kTable);
    Transaction txn(snapshot, "WRITE");
    TableWriter writer(fs_, kTable, snapshot->metadata(), snapshot->protocol(), WriteOptionsFor(snapshot->metadata()));
    writer.Write(TableRows(rows));
    for (AddFile& f : writer.Finish()) txn.AddFile(std::move(f));
    return txn.Commit().version;
  }
  std::shared_ptr<TableChanges> Changes(int64_t start, std::optional<int64_t> end = std::nullopt) {
    std::optional<ChangeBound> end_bound;
    if (end) end_bound = ChangeBound{end, std::nullopt};
    return TableChanges::Open(fs_, kTable, ChangeBound{start, std::nullopt}, end_bound);
  }
  static std::string ErrorOf(const std::function<void()>& f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return "no error";
  }
};

TEST_F(TableChangesTest, AddsAreInsertsRemovesDeletesAndChangeFilesWin) {
  Create(TableMetadata({"p"}));
  ASSERT_EQ(Insert({{1, "a", 1, ""}, {2, "b", 2, ""}}), 1);
  // An UPDATE of id 1 as Delta writes it: the file rewritten, change rows in a cdc file.
  auto snapshot = Snapshot::Load(fs_, kTable);
  {
    Transaction txn(snapshot, "UPDATE");
    for (const AddFile& f : snapshot->files()) {
      if (f.partition_values.at("p") == std::optional<std::string>("1")) txn.RemoveFile(RemovalOf(f, 0));
    }
    TableWriter data(fs_, kTable, snapshot->metadata(), snapshot->protocol(), {});
    data.Write(TableRows({{1, "a2", 1, ""}}));
    for (AddFile& f : data.Finish()) txn.AddFile(std::move(f));
    ChangeDataWriter cdc(fs_, kTable, snapshot->metadata(), snapshot->protocol());
    cdc.Write(ChangeRows({{1, "a", 1, kChangeUpdatePreimage}, {1, "a2", 1, kChangeUpdatePostimage}}));
    for (AddCdcFile& f : cdc.Finish()) txn.AddCdcFile(std::move(f));
    ASSERT_EQ(txn.Commit().version, 2);
  }
  // A DELETE of a whole file: no change file, the remove is the delete.
  snapshot = Snapshot::Load(fs_, kTable);
  {
    Transaction txn(snapshot, "DELETE");
    for (const AddFile& f : snapshot->files()) {
      if (f.partition_values.at("p") == std::optional<std::string>("2")) txn.RemoveFile(RemovalOf(f, 0));
    }
    ASSERT_EQ(txn.Commit().version, 3);
  }
  // A rewrite that changes no data (OPTIMIZE): nothing.
  snapshot = Snapshot::Load(fs_, kTable);
  {
    Transaction txn(snapshot, "OPTIMIZE");
    for (const AddFile& f : snapshot->files()) {
      RemoveFile r = RemovalOf(f, 0);
      r.data_change = false;
      txn.RemoveFile(r);
      AddFile again = f;
      again.data_change = false;
      txn.AddFile(again);
    }
    ASSERT_EQ(txn.Commit().version, 4);
  }
  auto all = Changes(0);
  EXPECT_EQ(all->start_version(), 0);
  EXPECT_EQ(all->end_version(), 4);
  EXPECT_EQ(ReadChanges(*all), (std::vector<std::string>{"1|a|1|insert|1", "2|b|2|insert|1", "1|a|1|update_preimage|2",
                                                         "1|a2|1|update_postimage|2", "2|b|2|delete|3"}));
  EXPECT_EQ(ReadChanges(*Changes(2, 2)),
            (std::vector<std::string>{"1|a|1|update_preimage|2", "1|a2|1|update_postimage|2"}));
  // The end is clamped to the latest version.
  EXPECT_EQ(Changes(3, 100)->end_version(), 4);
  // The schema: table columns + the three metadata columns.
  const Schema& schema = all->schema();
  ASSERT_EQ(schema.size(), 6u);
  EXPECT_EQ(schema[3].name, "_change_type");
  EXPECT_EQ(schema[4].name, "_commit_version");
  EXPECT_EQ(schema[4].type, DataType::Long());
  EXPECT_EQ(schema[5].name, "_commit_timestamp");
  EXPECT_EQ(schema[5].type, DataType::Timestamp());
  // A projection of some columns, in another order.
  ScanSpec spec;
  spec.columns = {4, 0};
  auto stream = all->Scan(spec);
  Batch batch;
  ASSERT_TRUE(stream->Next(&batch));
  EXPECT_EQ(batch.num_columns(), 2u);
  EXPECT_EQ(batch.column(0).ValueAt<int64_t>(0), 1);
}

TEST_F(TableChangesTest, RangeErrors) {
  Create(TableMetadata({}));
  Insert({{1, "a", 1, ""}});
  EXPECT_NE(ErrorOf([&] { Changes(1, 0); }).find("[DELTA_INVALID_CDC_RANGE]"), std::string::npos);
  EXPECT_NE(ErrorOf([&] { Changes(2); }).find("[DELTA_CDC_START_VERSION_AFTER_LATEST]"), std::string::npos);
  EXPECT_NE(ErrorOf([&] { Changes(-1); }).find("[DELTA_VERSION_NOT_FOUND]"), std::string::npos);
  // A start timestamp after the last commit.
  EXPECT_NE(ErrorOf([&] {
              TableChanges::Open(fs_, kTable, ChangeBound{std::nullopt, int64_t{4102444800000}}, std::nullopt);
            }).find("[DELTA_TIMESTAMP_GREATER_THAN_COMMIT]"),
            std::string::npos);
  // An end timestamp before the first commit (the memory file system dates commits from the epoch on).
  EXPECT_NE(ErrorOf([&] {
              TableChanges::Open(fs_, kTable, ChangeBound{0, std::nullopt}, ChangeBound{std::nullopt, int64_t{-1}});
            }).find("[DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION]"),
            std::string::npos);
  // A start timestamp before the first commit starts at the first version.
  auto from_epoch = TableChanges::Open(fs_, kTable, ChangeBound{std::nullopt, int64_t{0}}, std::nullopt);
  EXPECT_EQ(from_epoch->start_version(), 0);
  EXPECT_EQ(ReadChanges(*from_epoch), (std::vector<std::string>{"1|a|1|insert|1"}));
}

TEST_F(TableChangesTest, VersionsWithoutTheFeedAreErrors) {
  Create(TableMetadata({}, /*cdf=*/false));
  Insert({{1, "a", 1, ""}});
  // Turning the feed on at version 2.
  auto snapshot = Snapshot::Load(fs_, kTable);
  {
    Transaction txn(snapshot, "SET TBLPROPERTIES");
    Metadata m = snapshot->metadata();
    m.configuration["delta.enableChangeDataFeed"] = "true";
    txn.UpdateMetadata(m);
    Protocol p = snapshot->protocol();
    RequireChangeDataFeed(&p);
    txn.UpdateProtocol(p);
    ASSERT_EQ(txn.Commit().version, 2);
  }
  Insert({{2, "b", 1, ""}});
  const std::string error = ErrorOf([&] { Changes(0); });
  EXPECT_NE(error.find("[DELTA_MISSING_CHANGE_DATA]"), std::string::npos) << error;
  EXPECT_NE(error.find("range [0 , 3]"), std::string::npos) << error;
  EXPECT_NE(error.find("for version [0]"), std::string::npos) << error;
  EXPECT_NE(ErrorOf([&] { Changes(1); }).find("for version [1]"), std::string::npos);
  EXPECT_EQ(ReadChanges(*Changes(2)), (std::vector<std::string>{"2|b|1|insert|3"}));
  // Turning it off again: versions from there on have no feed.
  snapshot = Snapshot::Load(fs_, kTable);
  {
    Transaction txn(snapshot, "SET TBLPROPERTIES");
    Metadata m = snapshot->metadata();
    m.configuration["delta.enableChangeDataFeed"] = "false";
    txn.UpdateMetadata(m);
    ASSERT_EQ(txn.Commit().version, 4);
  }
  EXPECT_NE(ErrorOf([&] { Changes(2); }).find("for version [4]"), std::string::npos);
  EXPECT_EQ(ReadChanges(*Changes(2, 3)), (std::vector<std::string>{"2|b|1|insert|3"}));
}

TEST_F(TableChangesTest, IncompatibleSchemaChangesAreErrors) {
  Create(TableMetadata({}));
  Insert({{1, "a", 1, ""}});
  // Version 2 drops column `name` (the schema as a REPLACE would leave it).
  auto snapshot = Snapshot::Load(fs_, kTable);
  {
    Transaction txn(snapshot, "REPLACE TABLE");
    Metadata m = snapshot->metadata();
    m.schema_string = SchemaToJson(FromSchema({{"id", DataType::Long(), true, ""}, {"p", DataType::Int(), true, ""}}));
    txn.UpdateMetadata(m);
    ASSERT_EQ(txn.Commit().version, 2);
  }
  const std::string error = ErrorOf([&] { Changes(0); });
  EXPECT_NE(error.find("[DELTA_CHANGE_DATA_FEED_INCOMPATIBLE_SCHEMA_CHANGE]"), std::string::npos) << error;
  // Version 2 is where the range can be split: [0, 1] and [2, 2] are readable.
  EXPECT_NE(error.find("incompatible schema change at version 2"), std::string::npos) << error;
  // Read separately, each range works.
  EXPECT_EQ(ReadChanges(*Changes(0, 1)), (std::vector<std::string>{"1|a|1|insert|1"}));
  EXPECT_EQ(Changes(2)->schema().size(), 5u);
}

TEST_F(TableChangesTest, VacuumedChangeFileIsAnError) {
  Create(TableMetadata({}));
  CommitChanges({{1, "a", 1, kChangeDelete}});
  for (const AddCdcFile& f : CdcActions(1)) ThrowIfError(fs_->Delete(std::string(kTable) + "/" + f.path));
  auto changes = Changes(0);
  EXPECT_NE(ErrorOf([&] { ReadChanges(*changes); }).find("[DELTA_CHANGE_DATA_FILE_NOT_FOUND]"), std::string::npos);
}

}  // namespace
}  // namespace tarn::delta
