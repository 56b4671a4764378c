#include "delta/snapshot.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "delta/log_segment.h"
#include "delta/tests/delta_test_util.h"

namespace tarn::delta {
namespace {

using testing::Add;
using testing::Remove;
using testing::ScratchTable;

FileInfo Info(const std::string& name) { return FileInfo{"/t/_delta_log/" + name, 1, 0, false}; }

LogListing Listing(std::vector<int64_t> commits, std::vector<CheckpointFiles> checkpoints = {},
                   std::vector<CompactionFile> compactions = {}) {
  LogListing listing;
  listing.table_path = "/t";
  listing.log_path = "/t/_delta_log";
  for (int64_t v : commits) listing.commits.push_back({v, Info(ScratchTable::VersionName(v) + ".json")});
  listing.checkpoints = std::move(checkpoints);
  listing.compactions = std::move(compactions);
  return listing;
}

ErrorClass ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.info().error_class;
  }
  return ErrorClass::kInternalError;
}

TEST(DeltaLogSegment, NewestCheckpointAtOrBelowTheVersion) {
  LogListing listing = Listing({0, 1, 2, 3, 4, 5, 6},
                               {{2, CheckpointKind::kClassic, {Info("2.checkpoint.parquet")}},
                                {5, CheckpointKind::kMultiPart, {Info("a"), Info("b")}}});
  LogSegment latest = BuildLogSegment(listing, std::nullopt);
  EXPECT_EQ(latest.version, 6);
  ASSERT_TRUE(latest.checkpoint.has_value());
  EXPECT_EQ(latest.checkpoint->version, 5);
  ASSERT_EQ(latest.steps.size(), 1u);
  EXPECT_EQ(latest.steps[0].from, 6);

  LogSegment v4 = BuildLogSegment(listing, 4);
  EXPECT_EQ(v4.checkpoint->version, 2);
  ASSERT_EQ(v4.steps.size(), 2u);
  EXPECT_EQ(v4.steps[0].from, 3);
  EXPECT_EQ(v4.steps[1].from, 4);

  LogSegment v1 = BuildLogSegment(listing, 1);
  EXPECT_FALSE(v1.checkpoint.has_value());
  EXPECT_EQ(v1.steps.size(), 2u);

  EXPECT_EQ(ErrorOf([&] { BuildLogSegment(listing, 7); }), ErrorClass::kDeltaVersionNotFound);
  EXPECT_EQ(ErrorOf([&] { BuildLogSegment(listing, -1); }), ErrorClass::kDeltaVersionNotFound);
}

TEST(DeltaLogSegment, GapsAndCleanedUpLogs) {
  EXPECT_EQ(ErrorOf([] { BuildLogSegment(Listing({0, 2}), std::nullopt); }), ErrorClass::kDeltaVersionsNotContiguous);
  // Commits 0-4 cleaned up: the checkpoint at 5 is the oldest reachable state.
  LogListing cleaned = Listing({5, 6, 7}, {{5, CheckpointKind::kClassic, {Info("5.checkpoint.parquet")}}});
  EXPECT_EQ(cleaned.earliest_version(), 5);
  EXPECT_EQ(BuildLogSegment(cleaned, 6).steps.size(), 1u);
  EXPECT_EQ(ErrorOf([&] { BuildLogSegment(cleaned, 3); }), ErrorClass::kDeltaVersionNotFound);
}

TEST(DeltaLogSegment, CompactionsReplaceTheCommitsTheyCover) {
  LogListing listing = Listing({0, 1, 2, 3, 4, 5, 6}, {},
                               {{1, 3, Info("1.3.compacted.json")}, {1, 5, Info("1.5.compacted.json")}, {4, 6, Info("4.6.compacted.json")}});
  LogSegment s = BuildLogSegment(listing, 6);
  ASSERT_EQ(s.steps.size(), 3u);  // 0, [1..5], 6
  EXPECT_EQ(s.steps[1].from, 1);
  EXPECT_EQ(s.steps[1].to, 5);
  EXPECT_TRUE(s.steps[1].compacted);
  LogSegment s4 = BuildLogSegment(listing, 4);  // [1..5] is too long; [1..3] fits
  ASSERT_EQ(s4.steps.size(), 3u);
  EXPECT_EQ(s4.steps[1].to, 3);
  EXPECT_EQ(BuildLogSegment(listing, 6, /*use_compactions=*/false).steps.size(), 7u);
}

TEST(DeltaLogSegment, ListingClassifiesLogFiles) {
  ScratchTable t;
  auto fs = LocalFileSystem();
  for (const char* name : {"00000000000000000000.json", "00000000000000000001.json", "00000000000000000002.json",
                           "00000000000000000001.checkpoint.parquet",
                           "00000000000000000002.checkpoint.0000000001.0000000002.parquet",  // incomplete multi-part
                           "00000000000000000002.checkpoint.80a083e8-7026-4e79-81be-64bd76c43a11.json",
                           "00000000000000000000.00000000000000000002.compacted.json", "00000000000000000001.crc",
                           ".00000000000000000001.json.crc", ".s3-optimization-0", "_last_checkpoint"}) {
    ThrowIfError(fs->WriteFile(t.log() + "/" + name, name == std::string("_last_checkpoint") ? R"({"version":1,"size":3})" : ""));
  }
  LogListing listing = ListDeltaLog(*fs, t.path() + "/");
  EXPECT_EQ(listing.table_path, t.path());
  EXPECT_EQ(listing.commits.size(), 3u);
  ASSERT_EQ(listing.checkpoints.size(), 2u);
  EXPECT_EQ(listing.checkpoints[0].kind, CheckpointKind::kClassic);
  EXPECT_EQ(listing.checkpoints[1].kind, CheckpointKind::kV2Json);
  ASSERT_EQ(listing.compactions.size(), 1u);
  EXPECT_EQ(listing.compactions[0].to, 2);
  ASSERT_TRUE(listing.last_checkpoint.has_value());
  EXPECT_EQ(listing.last_checkpoint->version, 1);
  EXPECT_FALSE(ParseLastCheckpoint("{\"version\":").has_value());
  EXPECT_EQ(ErrorOf([&] { ListDeltaLog(*fs, t.path() + "/nope"); }), ErrorClass::kDeltaMissingDeltaTable);
}

TEST(DeltaSnapshot, ReplaysAddsRemovesTxnsAndDomains) {
  ScratchTable t;
  t.Commit(0, {CommitInfo{}, testing::SimpleProtocol(), testing::SimpleMetadata(), Add("a"), Add("b"),
               Txn{"app", 1, std::nullopt}, DomainMetadata{"d1", "x", false}});
  t.Commit(1, {Remove("a"), Add("c"), Txn{"app", 2, std::nullopt}, DomainMetadata{"d1", "x", true},
               DomainMetadata{"d2", "y", false}});
  AddFile with_dv = Add("b");
  with_dv.deletion_vector = DeletionVectorDescriptor{'u', "ab^-aqEH.-t@S}K{vb[*k^", 1, 40, 2};
  RemoveFile remove_b = Remove("b");
  t.Commit(2, {remove_b, with_dv});
  auto fs = LocalFileSystem();
  auto s = Snapshot::Load(fs, t.path());
  EXPECT_EQ(s->version(), 2);
  ASSERT_EQ(s->files().size(), 2u);
  EXPECT_EQ(s->files()[0].path, "b");
  EXPECT_TRUE(s->files()[0].deletion_vector.has_value());
  EXPECT_EQ(s->files()[1].path, "c");
  EXPECT_EQ(s->tombstones().size(), 2u);
  EXPECT_EQ(s->txns().at("app").version, 2);
  EXPECT_EQ(s->domain_metadata().count("d1"), 0u);
  EXPECT_EQ(s->domain_metadata().at("d2").configuration, "y");
  EXPECT_EQ(s->schema().fields[0].name, "id");

  auto s0 = Snapshot::Load(fs, t.path(), 0);
  ASSERT_EQ(s0->files().size(), 2u);
  EXPECT_EQ(s0->files()[0].path, "a");
  ASSERT_TRUE(s0->commit_info().has_value());

  // Update replays only what is new.
  t.Commit(3, {Remove("c")});
  auto s3 = s->Update();
  EXPECT_EQ(s3->version(), 3);
  ASSERT_EQ(s3->files().size(), 1u);
  EXPECT_EQ(s3->files()[0].path, "b");
  EXPECT_EQ(s3->txns().at("app").version, 2);
  EXPECT_EQ(s3->Update().get(), s3.get());
}

TEST(DeltaSnapshot, JsonV2CheckpointAndCompaction) {
  ScratchTable t;
  t.Commit(0, {testing::SimpleProtocol(), testing::SimpleMetadata(), Add("a")});
  t.Commit(1, {Add("b")});
  // A V2 JSON checkpoint at 1 holding the reconciled state; commit 0 is then cleaned up.
  t.WriteLogFile(ScratchTable::VersionName(1) + ".checkpoint.3a0d65cd-4056-49b8-937b-95f9e3ee90e5.json",
                 {CheckpointMetadata{1, {}}, testing::SimpleProtocol(), testing::SimpleMetadata(), Add("a"), Add("b")});
  std::filesystem::remove(t.log() + "/" + ScratchTable::VersionName(0) + ".json");
  t.Commit(2, {Remove("a"), Add("c")});
  t.Commit(3, {Remove("c"), Add("d")});
  // A compaction of 2..3, newest first and unreconciled, as the test tables have them.
  t.WriteLogFile(ScratchTable::VersionName(2) + "." + ScratchTable::VersionName(3) + ".compacted.json",
                 {Add("d"), Remove("c"), Add("c"), Remove("a")});
  auto fs = LocalFileSystem();
  auto s = Snapshot::Load(fs, t.path());
  ASSERT_TRUE(s->segment().checkpoint.has_value());
  EXPECT_EQ(s->segment().checkpoint->kind, CheckpointKind::kV2Json);
  ASSERT_EQ(s->segment().steps.size(), 1u);
  EXPECT_TRUE(s->segment().steps[0].compacted);
  ASSERT_EQ(s->files().size(), 2u);
  EXPECT_EQ(s->files()[0].path, "b");
  EXPECT_EQ(s->files()[1].path, "d");
  SnapshotOptions no_compaction;
  no_compaction.use_compactions = false;
  auto replayed = Snapshot::Load(fs, t.path(), std::nullopt, no_compaction);
  ASSERT_EQ(replayed->files().size(), 2u);
  EXPECT_EQ(replayed->files()[1].path, "d");
  EXPECT_EQ(ErrorOf([&] { Snapshot::Load(fs, t.path(), 0); }), ErrorClass::kDeltaVersionNotFound);
}

TEST(DeltaSnapshot, UpdateDoesNotSkipCommitsInsideACompaction) {
  ScratchTable t;
  t.Commit(0, {testing::SimpleProtocol(), testing::SimpleMetadata(), Add("a")});
  t.Commit(1, {Add("b")});
  auto fs = LocalFileSystem();
  auto s1 = Snapshot::Load(fs, t.path());
  t.Commit(2, {Add("c")});
  t.Commit(3, {Remove("a")});
  // A compaction of 1..3 straddles s1's version: Update must replay 2 and 3 itself.
  t.WriteLogFile(ScratchTable::VersionName(1) + "." + ScratchTable::VersionName(3) + ".compacted.json",
                 {Remove("a"), Add("c"), Add("b")});
  auto s3 = s1->Update();
  ASSERT_EQ(s3->files().size(), 2u);
  EXPECT_EQ(s3->files()[0].path, "b");
  EXPECT_EQ(s3->files()[1].path, "c");
  EXPECT_EQ(s3->segment().steps.size(), 4u);  // 0, 1 (from s1), then 2, 3
}

TEST(DeltaSnapshot, MissingProtocolOrUnsupportedFeatures) {
  ScratchTable t;
  t.Commit(0, {testing::SimpleMetadata(), Add("a")});
  auto fs = LocalFileSystem();
  EXPECT_EQ(ErrorOf([&] { Snapshot::Load(fs, t.path()); }), ErrorClass::kDeltaStateRecoverError);
  t.Commit(1, {Protocol{3, 7, std::vector<std::string>{"futureFeature"}, std::vector<std::string>{"futureFeature"}}});
  EXPECT_EQ(ErrorOf([&] { Snapshot::Load(fs, t.path()); }), ErrorClass::kDeltaUnsupportedFeaturesForRead);
  SnapshotOptions log_only;
  log_only.check_read_supported = false;
  EXPECT_EQ(Snapshot::Load(fs, t.path(), std::nullopt, log_only)->files().size(), 1u);
}

TEST(DeltaSnapshot, VersionAtTimestamp) {
  ScratchTable t;
  t.Commit(0, {testing::SimpleProtocol(), testing::SimpleMetadata(), Add("a")});
  t.Commit(1, {Add("b")});
  t.Commit(2, {Add("c")});
  t.SetModificationTime(ScratchTable::VersionName(0) + ".json", 1000000);
  t.SetModificationTime(ScratchTable::VersionName(1) + ".json", 2000000);
  t.SetModificationTime(ScratchTable::VersionName(2) + ".json", 1500000);  // skewed: becomes 2000001
  auto fs = LocalFileSystem();
  LogListing listing = ListDeltaLog(*fs, t.path());
  auto latest = Snapshot::Load(fs, listing, std::nullopt);
  EXPECT_EQ(FindVersionAtTimestamp(*latest, listing, 1000000), 0);
  EXPECT_EQ(FindVersionAtTimestamp(*latest, listing, 1999999), 0);
  EXPECT_EQ(FindVersionAtTimestamp(*latest, listing, 2000000), 1);
  EXPECT_EQ(FindVersionAtTimestamp(*latest, listing, 2000001), 2);
  EXPECT_EQ(ErrorOf([&] { FindVersionAtTimestamp(*latest, listing, 999999); }),
            ErrorClass::kDeltaTimestampEarlierThanCommitRetention);
  EXPECT_EQ(ErrorOf([&] { FindVersionAtTimestamp(*latest, listing, 2000002); }), ErrorClass::kDeltaTimestampGreaterThanCommit);
}

TEST(DeltaSnapshot, InCommitTimestampsWin) {
  ScratchTable t;
  Protocol p{1, 7, std::nullopt, std::vector<std::string>{"inCommitTimestamp"}};
  Metadata m = testing::SimpleMetadata();
  m.configuration["delta.enableInCommitTimestamps"] = "true";
  CommitInfo c0, c1;
  c0.in_commit_timestamp = 100;
  c1.in_commit_timestamp = 200;
  t.Commit(0, {c0, p, m, Add("a")});
  t.Commit(1, {c1, Add("b")});
  auto fs = LocalFileSystem();
  LogListing listing = ListDeltaLog(*fs, t.path());
  auto latest = Snapshot::Load(fs, listing, std::nullopt);
  EXPECT_EQ(latest->timestamp_ms(), 200);
  EXPECT_EQ(FindVersionAtTimestamp(*latest, listing, 150), 0);
  EXPECT_EQ(FindVersionAtTimestamp(*latest, listing, 200), 1);
}

}  // namespace
}  // namespace tarn::delta
