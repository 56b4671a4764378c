// Row-level changes (DELETE / UPDATE / MERGE's file work) over the in-memory,
// fault-injectable file system: deletion vectors written and read back,
// copy-on-write rewrites, the protocol upgrade for deletion vectors, racing
// transactions, and a crash at every write of a DML commit.
#include "delta/row_level_write.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/error.h"
#include "common/memory_file_system.h"
#include "delta/deletion_vector.h"
#include "delta/schema.h"
#include "delta/snapshot.h"

namespace tarn::delta {
namespace {

constexpr const char* kTable = "/warehouse/rows";

Schema TestSchema() { return {{"id", DataType::Long(), true, ""}, {"p", DataType::Int(), true, ""}}; }

Batch Rows(int64_t first, int64_t count, int p) {
  auto id = Vector::Make(DataType::Long(), count);
  auto part = Vector::Make(DataType::Int(), count);
  for (int64_t i = 0; i < count; ++i) {
    id->values<int64_t>()[i] = first + i;
    part->values<int32_t>()[i] = p;
  }
  return Batch(TestSchema(), {id, part}, count);
}

class RowLevelWriteTest : public ::testing::Test {
 protected:
  void SetUp() override { fs_ = std::make_shared<MemoryFileSystem>(); }

  // Version 0: the table; version 1: ids 0..9 in p=1, 100..104 in p=2 (one file each).
  void Create(bool deletion_vectors) {
    Metadata m;
    m.id = "rows";
    m.schema_string = SchemaToJson(FromSchema(TestSchema()));
    m.partition_columns = {"p"};
    Protocol protocol{1, 2, std::nullopt, std::nullopt};
    if (deletion_vectors) {
      m.configuration["delta.enableDeletionVectors"] = "true";
      protocol = WithDeletionVectors(protocol);
    }
    Transaction create(fs_, kTable, "CREATE TABLE");
    create.UpdateProtocol(protocol);
    create.UpdateMetadata(m);
    create.Commit();
    Append(Rows(0, 10, 1));
    Append(Rows(100, 5, 2));
  }

  void Append(const Batch& rows) {
    auto s = Latest();
    TableWriter writer(fs_, kTable, s->metadata(), s->protocol(), WriteOptionsFor(s->metadata()));
    writer.Write(rows);
    Transaction txn(s, "WRITE");
    for (AddFile& f : writer.Finish()) txn.AddFile(std::move(f));
    txn.Commit();
  }

  std::shared_ptr<const Snapshot> Latest() { return Snapshot::Load(fs_, kTable); }

  const AddFile& FileOf(const Snapshot& s, int p) {
    for (const AddFile& f : s.files()) {
      if (f.partition_values.at("p") == std::to_string(p)) return f;
    }
    ADD_FAILURE() << "no file in p=" << p;
    return s.files().front();
  }

  // Stages the removal of `rows` of the p=`p` file in a transaction (not committed).
  std::unique_ptr<Transaction> RemoveRows(std::shared_ptr<const Snapshot> s, int p, std::vector<uint64_t> rows,
                                          RowRemovalStats* stats = nullptr) {
    auto table = DeltaTable::OpenWithRowMetadata(s);
    RowRemovals removals;
    for (uint64_t r : rows) removals.Mark(FileOf(*s, p).path, r);
    removals.Seal();
    TableWriter writer(fs_, kTable, s->metadata(), s->protocol(), WriteOptionsFor(s->metadata()));
    auto txn = std::make_unique<Transaction>(s, "DELETE");
    RowRemovalStats st = ApplyRowRemovals(*table, removals, UsesDeletionVectors(s->metadata(), s->protocol()), writer,
                                          *txn, 1000);
    for (AddFile& f : writer.Finish()) txn->AddFile(std::move(f));
    if (stats) *stats = st;
    return txn;
  }

  // The ids of the table, sorted.
  std::vector<int64_t> Ids(std::shared_ptr<const Snapshot> s) {
    auto table = DeltaTable::Open(s);
    ScanSpec spec;
    spec.columns = {0};
    std::vector<int64_t> ids;
    auto stream = table->Scan(spec);
    Batch b;
    while (stream->Next(&b)) {
      for (size_t r = 0; r < b.num_rows(); ++r) ids.push_back(b.column(0).ValueAt<int64_t>(r));
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  static std::vector<int64_t> Range(int64_t first, int64_t end, std::vector<int64_t> except = {}) {
    std::vector<int64_t> out;
    for (int64_t i = first; i < end; ++i) {
      if (std::find(except.begin(), except.end(), i) == except.end()) out.push_back(i);
    }
    return out;
  }

  std::shared_ptr<MemoryFileSystem> fs_;
};

TEST(DeletionVectorWriteTest, FileRoundTripsThroughTheReader) {
  auto fs = std::make_shared<MemoryFileSystem>();
  const std::vector<std::vector<uint64_t>> bitmaps = {{0, 3, 4}, {7}, {1, 70000, (uint64_t{1} << 33) + 5}};
  std::vector<DeletionVectorDescriptor> dvs = WriteDeletionVectors(*fs, kTable, bitmaps);
  ASSERT_EQ(dvs.size(), 3u);
  EXPECT_EQ(*dvs[0].offset, 1);  // after the version byte
  EXPECT_EQ(dvs[0].storage_type, 'u');
  EXPECT_EQ(dvs[0].path_or_inline_dv.size(), 20u);  // a Z85-encoded UUID, no prefix
  for (size_t i = 0; i < dvs.size(); ++i) {
    EXPECT_EQ(dvs[i].cardinality, static_cast<int64_t>(bitmaps[i].size()));
    EXPECT_EQ(LoadDeletionVector(*fs, kTable, dvs[i]), bitmaps[i]);
  }
  EXPECT_GT(*dvs[1].offset, *dvs[0].offset + dvs[0].size_in_bytes);  // size and CRC framing between them
  EXPECT_EQ(DeletionVectorPath(kTable, dvs[0]).rfind(std::string(kTable) + "/deletion_vector_", 0), 0u);
}

TEST(DeletionVectorWriteTest, ProtocolUpgradeListsTheImpliedFeatures) {
  Protocol legacy = WithDeletionVectors(Protocol{1, 2, std::nullopt, std::nullopt});
  EXPECT_EQ(legacy.min_reader_version, 3);
  EXPECT_EQ(legacy.min_writer_version, 7);
  EXPECT_EQ(*legacy.reader_features, std::vector<std::string>({"deletionVectors"}));
  EXPECT_EQ(*legacy.writer_features, std::vector<std::string>({"appendOnly", "invariants", "deletionVectors"}));
  Protocol mapped = WithDeletionVectors(Protocol{2, 5, std::nullopt, std::nullopt});
  EXPECT_EQ(*mapped.reader_features, std::vector<std::string>({"columnMapping", "deletionVectors"}));
  EXPECT_EQ(mapped.writer_features->size(), 7u);  // appendOnly … columnMapping, deletionVectors
  // Idempotent on a table-features protocol.
  const Protocol again = WithDeletionVectors(legacy);
  EXPECT_EQ(again.min_writer_version, 7);
  EXPECT_EQ(*again.writer_features, *legacy.writer_features);
  EXPECT_EQ(*again.reader_features, *legacy.reader_features);
}

TEST(RowRemovalsTest, SealSortsAndReportsRepeats) {
  RowRemovals r;
  r.Mark("a", 5);
  r.Mark("a", 1);
  r.Mark("b", 2);
  EXPECT_FALSE(r.Seal());
  EXPECT_EQ(r.rows().at("a"), std::vector<uint64_t>({1, 5}));
  r.Mark("a", 5);
  EXPECT_TRUE(r.Seal());
  EXPECT_EQ(r.num_rows(), 3);
}

TEST_F(RowLevelWriteTest, DeletionVectorsKeepTheFileAndAccumulate) {
  Create(/*deletion_vectors=*/true);
  RowRemovalStats stats;
  RemoveRows(Latest(), 1, {0, 5}, &stats)->Commit();
  EXPECT_EQ(stats.dvs_added, 1);
  EXPECT_EQ(stats.copied_rows, 0);
  auto s = Latest();
  ASSERT_TRUE(FileOf(*s, 1).deletion_vector);
  EXPECT_EQ(FileOf(*s, 1).deletion_vector->cardinality, 2);
  std::vector<int64_t> expected = Range(0, 10, {0, 5});
  for (int64_t i = 100; i < 105; ++i) expected.push_back(i);
  EXPECT_EQ(Ids(s), expected);
  // A second delete unions with the existing DV (the rows keep their positions).
  RemoveRows(s, 1, {5, 9}, &stats)->Commit();
  EXPECT_EQ(stats.dvs_updated, 1);
  EXPECT_EQ(stats.dvs_removed, 0);
  EXPECT_EQ(stats.removed_files, 0);  // Delta counts a file that got a DV as neither removed nor added
  s = Latest();
  EXPECT_EQ(FileOf(*s, 1).deletion_vector->cardinality, 3);
  expected = Range(0, 10, {0, 5, 9});
  for (int64_t i = 100; i < 105; ++i) expected.push_back(i);
  EXPECT_EQ(Ids(s), expected);
  // Every row gone: the file is removed outright.
  RemoveRows(s, 2, {0, 1, 2, 3, 4}, &stats)->Commit();
  EXPECT_EQ(stats.removed_files, 1);
  EXPECT_EQ(Ids(Latest()), Range(0, 10, {0, 5, 9}));
  EXPECT_EQ(Latest()->files().size(), 1u);
}

TEST_F(RowLevelWriteTest, CopyOnWriteRewritesTheFile) {
  Create(/*deletion_vectors=*/false);
  const std::string old_path = FileOf(*Latest(), 1).path;
  RowRemovalStats stats;
  RemoveRows(Latest(), 1, {2, 3}, &stats)->Commit();
  EXPECT_EQ(stats.copied_rows, 8);
  EXPECT_EQ(stats.removed_files, 1);
  auto s = Latest();
  EXPECT_NE(FileOf(*s, 1).path, old_path);
  EXPECT_FALSE(FileOf(*s, 1).deletion_vector);
  std::vector<int64_t> expected = Range(0, 10, {2, 3});
  for (int64_t i = 100; i < 105; ++i) expected.push_back(i);
  EXPECT_EQ(Ids(s), expected);
}

// Copy-on-write of several files with several threads (each its own writer)
// gives the rows of the serial rewrite, and every new file reaches the commit.
TEST_F(RowLevelWriteTest, CopyOnWriteRewritesFilesInParallel) {
  std::vector<int64_t> expected = Range(0, 10, {2, 3});
  for (int64_t i : Range(100, 105, {104})) expected.push_back(i);
  for (int threads : {1, 2, 4}) {
    SetUp();
    Create(/*deletion_vectors=*/false);
    auto s = Latest();
    auto table = DeltaTable::OpenWithRowMetadata(s);
    RowRemovals removals;
    for (uint64_t r : {2, 3}) removals.Mark(FileOf(*s, 1).path, r);
    removals.Mark(FileOf(*s, 2).path, 4);
    removals.Seal();
    TableWriter writer(fs_, kTable, s->metadata(), s->protocol(), WriteOptionsFor(s->metadata()));
    Transaction txn(s, "DELETE");
    const RowRemovalStats stats = ApplyRowRemovals(*table, removals, false, writer, txn, 1000, threads);
    std::vector<AddFile> adds = writer.Finish();
    EXPECT_EQ(adds.size(), 2u) << "threads " << threads;  // one per partition
    for (AddFile& f : adds) txn.AddFile(std::move(f));
    txn.Commit();
    EXPECT_EQ(stats.copied_rows, 8 + 4) << "threads " << threads;
    EXPECT_EQ(stats.removed_files, 2) << "threads " << threads;
    EXPECT_EQ(Ids(Latest()), expected) << "threads " << threads;
  }
  // A failing write in a worker fails the statement; nothing is committed.
  for (int allowed = 0; allowed < 4; ++allowed) {
    SetUp();
    Create(/*deletion_vectors=*/false);
    auto s = Latest();
    auto table = DeltaTable::OpenWithRowMetadata(s);
    RowRemovals removals;
    removals.Mark(FileOf(*s, 1).path, 2);
    removals.Mark(FileOf(*s, 2).path, 4);
    removals.Seal();
    fs_->FailAfterWrites(allowed);
    bool failed = false;
    try {
      TableWriter writer(fs_, kTable, s->metadata(), s->protocol(), WriteOptionsFor(s->metadata()));
      Transaction txn(s, "DELETE");
      ApplyRowRemovals(*table, removals, false, writer, txn, 1000, 2);
      for (AddFile& f : writer.Finish()) txn.AddFile(std::move(f));
      txn.Commit();
    } catch (const Error&) {
      failed = true;
    }
    fs_->FailAfterWrites(-1);
    EXPECT_EQ(Latest()->version(), failed ? s->version() : s->version() + 1) << "allowed " << allowed;
    EXPECT_EQ(Ids(Latest()).size(), failed ? 15u : 13u) << "allowed " << allowed;
  }
}

// A DML commit racing others: an append elsewhere lands, a delete of the file it read conflicts.
TEST_F(RowLevelWriteTest, RacingTransactionsFollowWriteSerializable) {
  Create(/*deletion_vectors=*/true);
  auto read = Latest();
  auto dml = RemoveRows(read, 1, {1});
  Append(Rows(200, 3, 3));  // a blind append to another partition wins first
  EXPECT_NO_THROW(dml->Commit());
  EXPECT_EQ(Ids(Latest()).size(), 10u + 5u + 3u - 1u);

  // Two DMLs on the same file: the second sees its file removed.
  read = Latest();
  auto first = RemoveRows(read, 1, {2});
  auto second = RemoveRows(read, 1, {3});
  first->Commit();
  try {
    second->Commit();
    FAIL() << "expected a conflict";
  } catch (const Error& e) {
    EXPECT_TRUE(e.info().error_class == ErrorClass::kDeltaConcurrentDeleteRead ||
                e.info().error_class == ErrorClass::kDeltaConcurrentDeleteDelete)
        << e.what();
  }
  // No lost update: only the first delete is in.
  std::vector<int64_t> ids = Ids(Latest());
  EXPECT_EQ(std::count(ids.begin(), ids.end(), 2), 0);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), 3), 1);
}

// A crash at any write of a DML commit (DV file, rewritten files, the commit)
// leaves the table readable at the old version or the new one.
TEST_F(RowLevelWriteTest, CrashAtEveryWriteLeavesOldOrNewVersion) {
  for (bool dvs : {true, false}) {
    for (int allowed = 0; allowed < 20; ++allowed) {
      SetUp();
      Create(dvs);
      const int64_t before = Latest()->version();
      fs_->FailAfterWrites(allowed);
      bool crashed = false;
      try {
        RemoveRows(Latest(), 1, {4, 6})->Commit();
      } catch (const Error&) {
        crashed = true;
      }
      fs_->FailAfterWrites(-1);
      auto s = Latest();
      EXPECT_EQ(s->version(), crashed ? before : before + 1) << "dvs " << dvs << " allowed " << allowed;
      std::vector<int64_t> expected = crashed ? Range(0, 10) : Range(0, 10, {4, 6});
      for (int64_t i = 100; i < 105; ++i) expected.push_back(i);
      EXPECT_EQ(Ids(s), expected) << "dvs " << dvs << " allowed " << allowed;
      // The next writer commits.
      RemoveRows(s, 2, {0})->Commit();
      EXPECT_EQ(Latest()->version(), s->version() + 1);
      if (!crashed) break;
    }
  }
}

// MERGE's file work at every write: new rows (updated and inserted) through
// the statement's writer, the matched rows removed from both files (rewritten
// on two threads, or deletion vectors), one commit. A failure at any write
// leaves the old version; the first run that gets through is the MERGE.
TEST_F(RowLevelWriteTest, CrashAtEveryWriteOfAMergeLeavesOldOrNewVersion) {
  for (bool dvs : {false, true}) {
    bool committed = false;
    int crashes = 0;
    for (int allowed = 0; allowed < 40 && !committed; ++allowed) {
      SetUp();
      Create(dvs);
      auto s = Latest();
      fs_->FailAfterWrites(allowed);
      try {
        auto table = DeltaTable::OpenWithRowMetadata(s);
        TableWriter writer(fs_, kTable, s->metadata(), s->protocol(), WriteOptionsFor(s->metadata()));
        writer.Write(Rows(1000, 2, 1));  // "updated" copies of ids 3 and 4 (new ids, to tell them apart)
        writer.Write(Rows(2000, 3, 2));  // inserted rows
        RowRemovals removals;
        removals.Mark(FileOf(*s, 1).path, 3);
        removals.Mark(FileOf(*s, 1).path, 4);
        removals.Mark(FileOf(*s, 2).path, 0);
        removals.Seal();
        Transaction txn(s, "MERGE");
        ApplyRowRemovals(*table, removals, dvs, writer, txn, 1000, /*threads=*/2);
        for (AddFile& f : writer.Finish()) txn.AddFile(std::move(f));
        txn.Commit();
        committed = true;
      } catch (const Error&) {
        ++crashes;
      }
      fs_->FailAfterWrites(-1);
      auto after = Latest();
      std::vector<int64_t> expected = Range(0, 10);
      for (int64_t i = 100; i < 105; ++i) expected.push_back(i);
      if (committed) {
        expected = Range(0, 10, {3, 4});
        for (int64_t i : {101, 102, 103, 104, 1000, 1001, 2000, 2001, 2002}) expected.push_back(i);
        std::sort(expected.begin(), expected.end());
      }
      EXPECT_EQ(after->version(), committed ? s->version() + 1 : s->version()) << "dvs " << dvs << " allowed " << allowed;
      EXPECT_EQ(Ids(after), expected) << "dvs " << dvs << " allowed " << allowed;
      RemoveRows(after, 2, {1})->Commit();  // the next writer commits
      EXPECT_EQ(Latest()->version(), after->version() + 1);
    }
    EXPECT_TRUE(committed) << "dvs " << dvs;
    // Data files (new rows; rewritten files or the DV file), directories and the commit each failed once.
    EXPECT_GE(crashes, 3) << "dvs " << dvs;
  }
}

}  // namespace
}  // namespace tarn::delta
