// Transactions, the table writer and checkpoints over the in-memory,
// fault-injectable file system: commits, conflicts, retries, idempotent
// writes, crashes at every write of a commit, checkpoints and log cleanup.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/memory_file_system.h"
#include "delta/checkpoint_writer.h"
#include "delta/schema.h"
#include "delta/snapshot.h"
#include "delta/table_writer.h"
#include "delta/transaction.h"

namespace tarn::delta {
namespace {

constexpr const char* kTable = "/warehouse/t";

Schema TestSchema() { return {{"id", DataType::Long(), true, ""}, {"name", DataType::String(), true, ""}, {"p", DataType::Int(), true, ""}}; }

Metadata TestMetadata(std::vector<std::string> partitions = {"p"}) {
  Metadata m;
  m.id = "test-table";
  m.schema_string = SchemaToJson(FromSchema(TestSchema()));
  m.partition_columns = std::move(partitions);
  m.created_time = 0;
  return m;
}

Batch Rows(int64_t first, int64_t count, int p) {
  const Schema schema = TestSchema();
  auto id = Vector::Make(DataType::Long(), count);
  auto name = Vector::Make(DataType::String(), count);
  auto part = Vector::Make(DataType::Int(), count);
  for (int64_t i = 0; i < count; ++i) {
    id->values<int64_t>()[i] = first + i;
    name->SetString(i, "name" + std::to_string(first + i));
    part->values<int32_t>()[i] = p;
  }
  return Batch(schema, {id, name, part}, count);
}

class DeltaWriteTest : public ::testing::Test {
 protected:
  void SetUp() override { fs_ = std::make_shared<MemoryFileSystem>(); }

  // Creates the table (version 0, no rows).
  void Create(Metadata metadata = TestMetadata()) {
    Transaction txn(fs_, kTable, "CREATE TABLE");
    txn.UpdateProtocol(Protocol{1, 2, std::nullopt, std::nullopt});
    txn.UpdateMetadata(std::move(metadata));
    EXPECT_EQ(txn.Commit().version, 0);
  }

  std::shared_ptr<const Snapshot> Latest() { return Snapshot::Load(fs_, kTable); }

  std::vector<AddFile> WriteFiles(const Snapshot& snapshot, const Batch& rows) {
    TableWriter writer(fs_, kTable, snapshot.metadata(), snapshot.protocol(), WriteOptionsFor(snapshot.metadata()));
    writer.Write(rows);
    return writer.Finish();
  }

  // An append transaction prepared (not committed) against `snapshot`.
  std::unique_ptr<Transaction> Append(std::shared_ptr<const Snapshot> snapshot, const Batch& rows) {
    auto files = WriteFiles(*snapshot, rows);
    auto txn = std::make_unique<Transaction>(snapshot, "WRITE");
    for (AddFile& f : files) txn->AddFile(std::move(f));
    return txn;
  }

  static int64_t NumRecords(const Snapshot& s) {
    int64_t n = 0;
    for (const AddFile& f : s.files()) {
      const std::string& stats = *f.stats;
      const size_t at = stats.find("\"numRecords\":");
      n += std::stoll(stats.substr(at + 13));
    }
    return n;
  }

  std::shared_ptr<MemoryFileSystem> fs_;
};

ErrorClass ClassOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.info().error_class;
  }
  ADD_FAILURE() << "no error";
  return ErrorClass::kInternalError;
}

TEST_F(DeltaWriteTest, CreateAndAppendCommitInfo) {
  Create();
  auto txn = Append(Latest(), Rows(0, 10, 1));
  txn->SetOperationParameter("mode", "Append");
  txn->SetOperationMetric("numOutputRows", 10);
  CommitResult r = txn->Commit();
  EXPECT_EQ(r.version, 1);
  auto s = Latest();
  EXPECT_EQ(s->version(), 1);
  ASSERT_EQ(s->files().size(), 1u);
  EXPECT_EQ(s->files()[0].partition_values.at("p"), "1");
  EXPECT_EQ(s->files()[0].path.rfind("p=1/part-00000-", 0), 0u) << s->files()[0].path;
  EXPECT_EQ(NumRecords(*s), 10);
  ASSERT_TRUE(s->commit_info());
  EXPECT_EQ(*s->commit_info()->operation, "WRITE");
  EXPECT_EQ(*s->commit_info()->read_version, 0);
  EXPECT_EQ(*s->commit_info()->isolation_level, "WriteSerializable");
  EXPECT_TRUE(*s->commit_info()->is_blind_append);
  EXPECT_EQ(*s->commit_info()->engine_info, EngineInfo());
  EXPECT_EQ(s->commit_info()->operation_metrics.at("numOutputRows"), "10");
  EXPECT_EQ(s->commit_info()->txn_id->size(), 36u);
}

TEST_F(DeltaWriteTest, StatsJson) {
  Create();
  auto s = Latest();
  auto files = WriteFiles(*s, Rows(5, 3, 7));
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(*files[0].stats,
            R"({"numRecords":3,"minValues":{"id":5,"name":"name5"},"maxValues":{"id":7,"name":"name7"},)"
            R"("nullCount":{"id":0,"name":0}})");
}

TEST_F(DeltaWriteTest, StringStatsAreTruncatedLikeDelta) {
  Schema schema = {{"s", DataType::String(), true, ""}};
  auto v = Vector::Make(DataType::String(), 2);
  v->SetString(0, std::string(40, 'a'));
  v->SetNull(1);
  FileStatsCollector stats(schema, 32);
  stats.Add(Batch(schema, {v}, 2));
  EXPECT_EQ(stats.ToJson(), "{\"numRecords\":2,\"minValues\":{\"s\":\"" + std::string(32, 'a') +
                                "\"},\"maxValues\":{\"s\":\"" + std::string(32, 'a') +
                                "\x7f\"},\"nullCount\":{\"s\":1}}");
}

TEST_F(DeltaWriteTest, PartitionPathsAreEscapedLikeSpark) {
  EXPECT_EQ(EscapePartitionPathName("a b/c:d=e%"), "a b%2Fc%3Ad%3De%25");
  EXPECT_EQ(EscapePartitionPathName("x{y}"), "x%7By}");
}

TEST_F(DeltaWriteTest, TargetFileSizeRollsFiles) {
  Metadata m = TestMetadata({});
  m.configuration["delta.targetFileSize"] = "1";
  Create(m);
  auto s = Latest();
  TableWriter writer(fs_, kTable, s->metadata(), s->protocol(), WriteOptionsFor(s->metadata()));
  for (int i = 0; i < 3; ++i) writer.Write(Rows(i * 10, 10, 0));
  EXPECT_EQ(writer.Finish().size(), 3u);
}

TEST_F(DeltaWriteTest, ConcurrentBlindAppendsBothLand) {
  Create();
  auto base = Latest();
  auto a = Append(base, Rows(0, 5, 1));
  auto b = Append(base, Rows(100, 5, 1));
  EXPECT_EQ(a->Commit().version, 1);
  CommitResult rb = b->Commit();
  EXPECT_EQ(rb.version, 2);
  EXPECT_EQ(rb.attempts, 2);
  auto s = Latest();
  EXPECT_EQ(s->files().size(), 2u);
  EXPECT_EQ(NumRecords(*s), 10);
}

TEST_F(DeltaWriteTest, OverwriteAndConcurrentAppends) {
  Create();
  auto base = Latest();
  // WriteSerializable: a blind append does not conflict with an overwrite
  // (the overwrite is serialized before it).
  auto overwrite = Append(base, Rows(0, 5, 1));
  overwrite->RemoveAllFiles();
  Append(base, Rows(100, 5, 1))->Commit();
  EXPECT_EQ(overwrite->Commit().version, 2);
  EXPECT_EQ(NumRecords(*Latest()), 10);

  // A writer whose data depends on the table (not blind) does.
  auto base2 = Latest();
  auto overwrite2 = Append(base2, Rows(0, 5, 1));
  overwrite2->RemoveAllFiles();
  auto dependent = Append(base2, Rows(100, 5, 1));
  dependent->ReadWholeTable();
  dependent->Commit();
  EXPECT_EQ(ClassOf([&] { overwrite2->Commit(); }), ErrorClass::kDeltaConcurrentAppend);
  EXPECT_EQ(Latest()->version(), 3);
}

TEST_F(DeltaWriteTest, AppendOnlyTablesRefuseToLoseData) {
  Metadata metadata = TestMetadata();
  metadata.configuration["delta.appendOnly"] = "true";
  Create(metadata);
  Append(Latest(), Rows(0, 5, 1))->Commit();
  auto overwrite = Append(Latest(), Rows(10, 5, 1));
  overwrite->RemoveAllFiles();
  EXPECT_EQ(ClassOf([&] { overwrite->Commit(); }), ErrorClass::kDeltaCannotModifyAppendOnly);
  EXPECT_EQ(Latest()->version(), 1);
  // Appends still land; a transaction that turns the property off may rewrite.
  EXPECT_EQ(Append(Latest(), Rows(20, 5, 1))->Commit().version, 2);
  auto replace = Append(Latest(), Rows(30, 5, 1));
  replace->RemoveAllFiles();
  Metadata off = Latest()->metadata();
  off.configuration["delta.appendOnly"] = "false";
  replace->UpdateMetadata(off);
  EXPECT_EQ(replace->Commit().version, 3);
  EXPECT_EQ(NumRecords(*Latest()), 5);
}

TEST_F(DeltaWriteTest, PartitionPredicateOnlyConflictsWithMatchingAppends) {
  Create();
  auto base = Latest();
  auto other_partition = Append(base, Rows(0, 5, 2));
  other_partition->Commit();
  auto replace = Append(base, Rows(10, 5, 1));
  replace->ReadPredicate("p = 1", [](const AddFile& f) { return f.partition_values.at("p") == "1"; });
  EXPECT_EQ(replace->Commit().version, 2);  // p=2 does not match

  auto base2 = Latest();
  auto replace2 = Append(base2, Rows(20, 5, 1));
  replace2->ReadPredicate("p = 1", [](const AddFile& f) { return f.partition_values.at("p") == "1"; });
  // A non-blind writer adding to p=1 concurrently.
  auto writer = Append(base2, Rows(30, 5, 1));
  writer->ReadWholeTable();
  writer->Commit();
  EXPECT_EQ(ClassOf([&] { replace2->Commit(); }), ErrorClass::kDeltaConcurrentAppend);
}

TEST_F(DeltaWriteTest, DeleteReadAndDeleteDelete) {
  Create();
  Append(Latest(), Rows(0, 5, 1))->Commit();
  auto base = Latest();
  const AddFile file = base->files()[0];
  auto reader = Append(base, Rows(10, 1, 1));
  reader->ReadFiles({file});
  auto remover = std::make_unique<Transaction>(base, "DELETE");
  remover->ReadFiles({file});
  remover->RemoveFile(RemoveFile{file.path, 1, true});
  auto remover2 = std::make_unique<Transaction>(base, "DELETE");
  remover2->RemoveFile(RemoveFile{file.path, 1, true});
  remover->Commit();
  EXPECT_EQ(ClassOf([&] { reader->Commit(); }), ErrorClass::kDeltaConcurrentDeleteRead);
  EXPECT_EQ(ClassOf([&] { remover2->Commit(); }), ErrorClass::kDeltaConcurrentDeleteDelete);
}

TEST_F(DeltaWriteTest, MetadataAndProtocolChanges) {
  Create();
  auto base = Latest();
  auto append = Append(base, Rows(0, 1, 1));
  Transaction alter(base, "SET TBLPROPERTIES");
  Metadata m = base->metadata();
  m.configuration["k"] = "v";
  alter.UpdateMetadata(m);
  alter.Commit();
  EXPECT_EQ(ClassOf([&] { append->Commit(); }), ErrorClass::kDeltaMetadataChanged);

  // Two writers creating the same table: the loser sees the protocol change.
  auto fs2 = std::make_shared<MemoryFileSystem>();
  Transaction c1(fs2, kTable, "CREATE TABLE"), c2(fs2, kTable, "CREATE TABLE");
  for (Transaction* c : {&c1, &c2}) {
    c->UpdateProtocol(Protocol{1, 2, std::nullopt, std::nullopt});
    c->UpdateMetadata(TestMetadata());
  }
  c1.Commit();
  EXPECT_EQ(ClassOf([&] { c2.Commit(); }), ErrorClass::kDeltaProtocolChanged);
}

TEST_F(DeltaWriteTest, IdempotentTxn) {
  Create();
  auto first = Append(Latest(), Rows(0, 5, 1));
  first->SetTxn("app", 1);
  EXPECT_FALSE(first->Commit().skipped);
  auto again = Append(Latest(), Rows(0, 5, 1));
  again->SetTxn("app", 1);
  CommitResult r = again->Commit();
  EXPECT_TRUE(r.skipped);
  EXPECT_EQ(r.version, 1);
  auto next = Append(Latest(), Rows(5, 5, 1));
  next->SetTxn("app", 2);
  EXPECT_EQ(next->Commit().version, 2);
  EXPECT_EQ(Latest()->txns().at("app").version, 2);

  // The same (appId, version) racing: the loser is a no-op, a stale dependency conflicts.
  auto base = Latest();
  auto a = Append(base, Rows(0, 1, 1));
  a->SetTxn("app", 3);
  auto b = Append(base, Rows(0, 1, 1));
  b->SetTxn("app", 3);
  auto c = Append(base, Rows(0, 1, 1));
  c->TxnVersion("app");
  a->Commit();
  EXPECT_TRUE(b->Commit().skipped);
  EXPECT_EQ(ClassOf([&] { c->Commit(); }), ErrorClass::kDeltaConcurrentTransaction);
}

// A committer that always loses the race without a winner appearing: the
// retries must stop.
class AlwaysTaken : public Committer {
 public:
  Status Commit(FileSystem&, const std::string& log, int64_t version, std::string_view) override {
    ++calls;
    return Status::AlreadyExists(CommitFilePath(log, version));
  }
  int calls = 0;
};

TEST_F(DeltaWriteTest, RetriesAreBounded) {
  Create();
  auto committer = std::make_shared<AlwaysTaken>();
  TransactionOptions options;
  options.committer = committer;
  options.max_attempts = 4;
  Transaction txn(Latest(), "WRITE", options);
  EXPECT_EQ(ClassOf([&] { txn.Commit(); }), ErrorClass::kDeltaMaxCommitRetriesExceeded);
  EXPECT_EQ(committer->calls, 4);
}

// A crash at every write of an append (data file, commit file): the
// previous version still reads, and the next writer commits.
TEST_F(DeltaWriteTest, CrashAtEveryWriteOfACommit) {
  for (int allowed = 0;; ++allowed) {
    SetUp();
    Create();
    Append(Latest(), Rows(0, 5, 1))->Commit();
    fs_->FailAfterWrites(allowed);
    bool crashed = false;
    try {
      Batch rows = Rows(100, 5, 2);
      auto txn = Append(Latest(), rows);
      txn->Commit();
    } catch (const Error&) {
      crashed = true;
    }
    fs_->FailAfterWrites(-1);
    auto s = Latest();
    EXPECT_EQ(s->version(), crashed ? 1 : 2) << "allowed writes " << allowed;
    EXPECT_EQ(NumRecords(*s), crashed ? 5 : 10);
    Append(s, Rows(200, 5, 3))->Commit();
    EXPECT_EQ(Latest()->version(), s->version() + 1);
    if (!crashed) break;
  }
}

TEST_F(DeltaWriteTest, CheckpointEveryIntervalIsReadBack) {
  Metadata m = TestMetadata();
  m.configuration["delta.checkpointInterval"] = "3";
  Create(m);
  for (int i = 1; i <= 4; ++i) {
    auto txn = Append(Latest(), Rows(i * 10, 2, i % 2));
    if (i == 2) txn->SetTxn("app", 7);
    const int64_t v = txn->Commit().version;
    ThrowIfError(RunPostCommitHooks(fs_, kTable, v, txn->metadata(), 0));
  }
  EXPECT_TRUE(fs_->Exists(std::string(kTable) + "/_delta_log/00000000000000000003.checkpoint.parquet"));
  auto last = ParseLastCheckpoint(ValueOrThrow(fs_->ReadFile(std::string(kTable) + "/_delta_log/_last_checkpoint")));
  ASSERT_TRUE(last);
  EXPECT_EQ(last->version, 3);
  EXPECT_EQ(*last->num_of_add_files, 3);
  EXPECT_EQ(last->size, 3 + 2 + 1);  // adds, protocol + metadata, txn

  auto s = Latest();
  ASSERT_TRUE(s->segment().checkpoint);
  EXPECT_EQ(s->segment().checkpoint->version, 3);
  EXPECT_EQ(s->version(), 4);
  EXPECT_EQ(s->files().size(), 4u);
  EXPECT_EQ(NumRecords(*s), 8);
  EXPECT_EQ(s->txns().at("app").version, 7);
  EXPECT_EQ(s->metadata().partition_columns, std::vector<std::string>{"p"});
  // The replay from the checkpoint equals the replay of the commits.
  SnapshotOptions no_checkpoint;
  auto at3 = Snapshot::Load(fs_, kTable, 3);
  EXPECT_EQ(at3->files().size(), 3u);
}

TEST_F(DeltaWriteTest, LogCleanupKeepsWhatTheLatestCheckpointNeeds) {
  Metadata m = TestMetadata();
  m.configuration["delta.checkpointInterval"] = "2";
  m.configuration["delta.logRetentionDuration"] = "interval 1 day";
  fs_->SetClock(1000);
  Create(m);
  auto append = [&](int i, int64_t now) {
    fs_->SetClock(now);
    auto txn = Append(Latest(), Rows(i, 1, 0));
    const int64_t v = txn->Commit().version;
    ThrowIfError(RunPostCommitHooks(fs_, kTable, v, txn->metadata(), now));
    return v;
  };
  for (int i = 1; i <= 4; ++i) append(i, 1000 + i);
  // Nothing expired yet.
  EXPECT_TRUE(fs_->Exists(std::string(kTable) + "/_delta_log/00000000000000000000.json"));
  EXPECT_TRUE(fs_->Exists(std::string(kTable) + "/_delta_log/00000000000000000002.checkpoint.parquet"));
  // A day later, versions 0-4 have expired; 5 has not. The checkpoint at 6
  // cleans up what lies before checkpoint 4 (the newest one with only expired files before it).
  const int64_t later = 1000 + 86'400'000 + 10;
  append(5, later);
  EXPECT_EQ(append(6, later), 6);
  EXPECT_FALSE(fs_->Exists(std::string(kTable) + "/_delta_log/00000000000000000000.json"));
  EXPECT_FALSE(fs_->Exists(std::string(kTable) + "/_delta_log/00000000000000000003.json"));
  EXPECT_FALSE(fs_->Exists(std::string(kTable) + "/_delta_log/00000000000000000002.checkpoint.parquet"));
  EXPECT_TRUE(fs_->Exists(std::string(kTable) + "/_delta_log/00000000000000000004.checkpoint.parquet"));
  EXPECT_TRUE(fs_->Exists(std::string(kTable) + "/_delta_log/00000000000000000004.json"));
  EXPECT_TRUE(fs_->Exists(std::string(kTable) + "/_delta_log/00000000000000000006.checkpoint.parquet"));
  EXPECT_EQ(NumRecords(*Latest()), 6);
  EXPECT_EQ(Snapshot::Load(fs_, kTable, 4)->files().size(), 4u);
}

TEST(DeltaWriteUtil, Intervals) {
  EXPECT_EQ(ParseIntervalMs("interval 30 days"), 30 * int64_t{86'400'000});
  EXPECT_EQ(ParseIntervalMs("1 week"), 7 * int64_t{86'400'000});
  EXPECT_EQ(ParseIntervalMs("INTERVAL 2 HOURS"), 2 * int64_t{3'600'000});
  EXPECT_FALSE(ParseIntervalMs("soon"));
}

}  // namespace
}  // namespace tarn::delta
