// OPTIMIZE / ZORDER / clustering / REORG PURGE and VACUUM on the in-memory,
// fault-injectable file system: file selection and bins, rows unchanged,
// skipping after ZORDER, isolation against concurrent appends and deletes,
// a crash at every write of an OPTIMIZE, and VACUUM's keep/delete decisions.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "columnar/row_compare.h"
#include "common/error.h"
#include "common/file_system.h"
#include "common/memory_file_system.h"
#include "delta/clustering.h"
#include "delta/delta_table.h"
#include "delta/optimize.h"
#include "delta/schema.h"
#include "delta/snapshot.h"
#include "delta/table_statistics.h"
#include "delta/table_writer.h"
#include "delta/transaction.h"
#include "delta/vacuum.h"
#include "delta/zorder.h"
#include "types/decimal.h"

namespace tarn::delta {
namespace {

constexpr const char* kTable = "/warehouse/t";

Schema TestSchema() { return {{"a", DataType::Long(), true, ""}, {"b", DataType::Long(), true, ""}, {"p", DataType::Int(), true, ""}}; }

Metadata TestMetadata(std::vector<std::string> partitions = {"p"}) {
  Metadata m;
  m.id = "test-table";
  m.schema_string = SchemaToJson(FromSchema(TestSchema()));
  m.partition_columns = std::move(partitions);
  m.created_time = 0;
  return m;
}

// Rows (first + i) % 100 in a, (first + i) * 7 % 100 in b, partition p.
Batch Rows(int64_t first, int64_t count, int p) {
  auto a = Vector::Make(DataType::Long(), count);
  auto b = Vector::Make(DataType::Long(), count);
  auto part = Vector::Make(DataType::Int(), count);
  for (int64_t i = 0; i < count; ++i) {
    a->values<int64_t>()[i] = (first + i) % 100;
    b->values<int64_t>()[i] = (first + i) / 100 % 100;
    part->values<int32_t>()[i] = p;
  }
  return Batch(TestSchema(), {a, b, part}, count);
}

class OptimizeTest : public ::testing::Test {
 protected:
  void SetUp() override { fs_ = std::make_shared<MemoryFileSystem>(); }

  void Create(Metadata metadata = TestMetadata()) {
    Transaction txn(fs_, kTable, "CREATE TABLE");
    txn.UpdateProtocol(Protocol{1, 2, std::nullopt, std::nullopt});
    txn.UpdateMetadata(std::move(metadata));
    txn.Commit();
  }
  std::shared_ptr<const Snapshot> Latest() { return Snapshot::Load(fs_, kTable); }

  int64_t Append(const Batch& rows) {
    auto s = Latest();
    TableWriter writer(fs_, kTable, s->metadata(), s->protocol(), WriteOptionsFor(s->metadata()));
    writer.Write(rows);
    Transaction txn(s, "WRITE");
    for (AddFile& f : writer.Finish()) txn.AddFile(std::move(f));
    return txn.Commit().version;
  }

  // (count, sum a, sum b) of the table.
  static std::vector<int64_t> Totals(std::shared_ptr<const Snapshot> s) {
    auto table = DeltaTable::Open(s);
    ScanSpec spec;
    spec.columns = {0, 1};
    auto stream = table->Scan(spec);
    std::vector<int64_t> out{0, 0, 0};
    Batch batch;
    while (stream->Next(&batch)) {
      for (size_t r = 0; r < batch.num_rows(); ++r) {
        ++out[0];
        out[1] += batch.column(0).ValueAt<int64_t>(r);
        out[2] += batch.column(1).ValueAt<int64_t>(r);
      }
    }
    return out;
  }

  // Files a scan with `column = value` reads after skipping.
  static size_t FilesRead(std::shared_ptr<const Snapshot> s, int column, int64_t value) {
    auto table = DeltaTable::Open(s);
    ScanFilter f;
    f.column = column;
    f.op = ScanFilter::Op::kEq;
    f.literal = std::to_string(value);
    return table->PlanFiles({f}).size();
  }

  std::shared_ptr<MemoryFileSystem> fs_;
};

TEST_F(OptimizeTest, CompactsSmallFilesPerPartitionAndIsIdempotent) {
  Create();
  for (int i = 0; i < 3; ++i) Append(Rows(i * 10, 10, 1));
  Append(Rows(100, 10, 2));
  const auto before = Totals(Latest());
  OptimizeSpec spec;
  const OptimizeResult r = Optimize(Latest(), spec);
  ASSERT_TRUE(r.version);
  EXPECT_EQ(r.metrics.num_files_removed, 3);  // partition 2's lone file is left alone
  EXPECT_EQ(r.metrics.num_files_added, 1);
  EXPECT_EQ(r.metrics.partitions_optimized, 1);
  EXPECT_EQ(r.metrics.total_considered_files, 4);
  EXPECT_EQ(r.metrics.total_files_skipped, 1);
  auto s = Latest();
  EXPECT_EQ(s->files().size(), 2u);
  EXPECT_EQ(Totals(s), before);
  for (const AddFile& f : s->files()) EXPECT_TRUE(f.stats.has_value());
  ASSERT_TRUE(s->commit_info());
  EXPECT_EQ(*s->commit_info()->operation, "OPTIMIZE");
  const OptimizeResult again = Optimize(Latest(), spec);
  EXPECT_FALSE(again.version);
  EXPECT_EQ(Latest()->version(), s->version());
}

TEST_F(OptimizeTest, BinsRespectTheMaximumFileSize) {
  Create();
  for (int i = 0; i < 6; ++i) Append(Rows(i * 50, 50, 1));
  const int64_t file_size = Latest()->files()[0].size;
  OptimizeSpec spec;
  spec.max_file_size = file_size * 2 + file_size / 2;  // two files per bin
  const OptimizeResult r = Optimize(Latest(), spec);
  EXPECT_EQ(r.metrics.num_bins, 3);
  EXPECT_EQ(r.metrics.num_files_removed, 6);
  EXPECT_EQ(Latest()->files().size(), 3u);
}

TEST_F(OptimizeTest, ZOrderNarrowsFilesInEveryColumn) {
  Create(TestMetadata({}));
  // Ten appends of rows in scan order: each file spans every a and a tenth of b... and 100 values of a.
  for (int i = 0; i < 10; ++i) Append(Rows(i * 1000, 1000, 0));
  auto s = Latest();
  const size_t a_before = FilesRead(s, 0, 42);
  const auto before = Totals(s);
  int64_t total = 0;
  for (const AddFile& f : s->files()) total += f.size;
  OptimizeSpec spec;
  spec.zorder_by = {"a", "b"};
  spec.max_file_size = total / 8;
  const OptimizeResult r = Optimize(s, spec);
  ASSERT_TRUE(r.version);
  EXPECT_TRUE(r.metrics.zorder);
  s = Latest();
  EXPECT_EQ(Totals(s), before);
  EXPECT_GE(s->files().size(), 6u);
  // Before: every file holds every value of a. After: a point query on a or b reads a fraction.
  EXPECT_EQ(a_before, 10u);
  EXPECT_LT(FilesRead(s, 0, 42), s->files().size() / 2 + 1);
  EXPECT_LT(FilesRead(s, 1, 4), s->files().size() / 2 + 1);
}

TEST_F(OptimizeTest, ZOrderChecksItsColumns) {
  Metadata m = TestMetadata();
  m.configuration["delta.dataSkippingNumIndexedCols"] = "1";
  Create(m);
  Append(Rows(0, 10, 1));
  OptimizeSpec spec;
  spec.zorder_by = {"p"};
  try {
    Optimize(Latest(), spec);
    ADD_FAILURE() << "p is a partition column";
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kDeltaZorderingOnPartitionColumn);
  }
  spec.zorder_by = {"b"};
  try {
    Optimize(Latest(), spec);
    ADD_FAILURE() << "b has no statistics";
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kDeltaZorderingOnColumnWithoutStats);
  }
  spec.zorder_check_stats = false;
  EXPECT_TRUE(Optimize(Latest(), spec).version);
}

TEST_F(OptimizeTest, ConcurrentAppendLandsAndIsNotRewritten) {
  Create();
  Append(Rows(0, 10, 1));
  Append(Rows(10, 10, 1));
  auto read = Latest();
  Append(Rows(20, 10, 1));  // lands between OPTIMIZE's read and its commit
  const OptimizeResult r = Optimize(read, OptimizeSpec{});
  ASSERT_TRUE(r.version);
  auto s = Latest();
  EXPECT_EQ(s->version(), 4);
  EXPECT_EQ(s->files().size(), 2u);  // the compacted file + the concurrent append's file
  EXPECT_EQ(Totals(s)[0], 30);
}

TEST_F(OptimizeTest, ConcurrentDeleteOfTheSameFilesConflicts) {
  Create();
  Append(Rows(0, 10, 1));
  Append(Rows(10, 10, 1));
  auto read = Latest();
  {
    Transaction del(read, "DELETE");
    del.RemoveAllFiles();
    del.Commit();
  }
  try {
    Optimize(read, OptimizeSpec{});
    ADD_FAILURE() << "expected a conflict";
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kDeltaConcurrentDeleteRead);
  }
  EXPECT_EQ(Totals(Latest())[0], 0);
}

TEST_F(OptimizeTest, CrashAtEveryWriteLeavesTheSameRows) {
  for (int allowed = 0;; ++allowed) {
    SetUp();
    Create();
    Append(Rows(0, 10, 1));
    Append(Rows(10, 10, 1));
    Append(Rows(20, 10, 2));
    Append(Rows(30, 10, 2));
    const auto before = Totals(Latest());
    fs_->FailAfterWrites(allowed);
    bool crashed = false;
    try {
      Optimize(Latest(), OptimizeSpec{});
    } catch (const Error&) {
      crashed = true;
    }
    fs_->FailAfterWrites(-1);
    auto s = Latest();
    EXPECT_EQ(s->version(), crashed ? 4 : 5) << "allowed writes " << allowed;
    EXPECT_EQ(Totals(s), before) << "allowed writes " << allowed;
    EXPECT_EQ(s->files().size(), crashed ? 4u : 2u);
    if (!crashed) {
      EXPECT_GE(allowed, 3);  // two data files and the commit
      break;
    }
    // The table stays writable, and a retried OPTIMIZE succeeds.
    EXPECT_TRUE(Optimize(s, OptimizeSpec{}).version);
    EXPECT_EQ(Totals(Latest()), before);
  }
}

TEST_F(OptimizeTest, ClusteringIsIncrementalUnlessFull) {
  Create(TestMetadata({}));
  {
    auto s = Latest();
    Transaction txn(s, "CLUSTER BY");
    txn.UpdateProtocol(WithWriterFeatures(s->protocol(), {"domainMetadata", "clustering"}));
    txn.SetDomainMetadata(ClusteringDomain({"a"}, s->schema()));
    txn.Commit();
  }
  ASSERT_TRUE(ClusteringColumns(*Latest()));
  EXPECT_EQ(*ClusteringColumns(*Latest()), std::vector<std::string>{"a"});
  Append(Rows(0, 100, 0));
  Append(Rows(100, 100, 0));
  OptimizeResult r = Optimize(Latest(), OptimizeSpec{});
  ASSERT_TRUE(r.version);
  EXPECT_TRUE(r.metrics.clustering);
  auto clustered = Latest();
  for (const AddFile& f : clustered->files()) {
    EXPECT_EQ(f.clustering_provider.value_or(""), "liquid");
    EXPECT_EQ(f.tags.at("ZCUBE_ZORDER_BY"), "[\"a\"]");
  }
  EXPECT_FALSE(Optimize(Latest(), OptimizeSpec{}).version);
  Append(Rows(200, 100, 0));
  r = Optimize(Latest(), OptimizeSpec{});
  EXPECT_EQ(r.metrics.num_files_removed, 1);  // only the new file
  OptimizeSpec full;
  full.full = true;
  r = Optimize(Latest(), full);
  EXPECT_EQ(r.metrics.num_files_removed, 2);
  EXPECT_EQ(r.metrics.input_cube_files, 2);
  EXPECT_EQ(Totals(Latest())[0], 300);
}

// The row-at-a-time order CurveOrder replaced (generic comparator over row
// references): the typed sort keys must give exactly the same order.
std::vector<RowRef> ReferenceCurveOrder(const std::vector<Batch>& batches, const std::vector<int>& key_columns,
                                        Curve curve, int max_ranges) {
  std::vector<RowRef> rows;
  for (size_t b = 0; b < batches.size(); ++b) {
    for (size_t r = 0; r < batches[b].num_rows(); ++r) rows.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(r)});
  }
  const size_t n = rows.size();
  const int k = static_cast<int>(key_columns.size());
  const int bits = std::max(1, std::min(10, 64 / k));
  const int64_t ranges = std::min<int64_t>({int64_t{1} << bits, max_ranges, static_cast<int64_t>(n)});
  std::vector<std::vector<uint32_t>> ids(key_columns.size(), std::vector<uint32_t>(n));
  std::vector<uint32_t> order(n);
  for (size_t c = 0; c < key_columns.size(); ++c) {
    const int col = key_columns[c];
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return CompareRows(batches[rows[a].batch].column(col), rows[a].row, batches[rows[b].batch].column(col), rows[b].row) < 0;
    });
    uint32_t id = 0;
    for (size_t pos = 0; pos < n; ++pos) {
      const RowRef& here = rows[order[pos]];
      const RowRef& prev = rows[order[pos == 0 ? 0 : pos - 1]];
      if (pos == 0 || !RowsEqual(batches[prev.batch].column(col), prev.row, batches[here.batch].column(col), here.row)) {
        id = static_cast<uint32_t>(static_cast<int64_t>(pos) * ranges / static_cast<int64_t>(n));
      }
      ids[c][order[pos]] = id;
    }
  }
  std::vector<uint64_t> keys(n);
  std::vector<uint32_t> point(key_columns.size());
  for (size_t i = 0; i < n; ++i) {
    for (size_t c = 0; c < key_columns.size(); ++c) point[c] = ids[c][i];
    keys[i] = curve == Curve::kZOrder ? InterleaveBits(point, bits) : HilbertIndex(point, bits);
  }
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  std::vector<RowRef> sorted(n);
  for (size_t i = 0; i < n; ++i) sorted[i] = rows[order[i]];
  return sorted;
}

TEST_F(OptimizeTest, CurveOrderMatchesTheRowAtATimeOrder) {
  // Columns of every sort-key path, with NULLs, ties, NaN, -0.0 and 0.0, over three batches.
  const Schema schema = {{"i", DataType::Int(), true, ""},        {"l", DataType::Long(), true, ""},
                         {"d", DataType::Double(), true, ""},     {"s", DataType::String(), true, ""},
                         {"b", DataType::Boolean(), true, ""},    {"w", DataType::Decimal(38, 2), true, ""}};
  std::vector<Batch> batches;
  uint64_t state = 42;
  auto next = [&] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL, state >> 33; };
  const double specials[] = {std::nan(""), -0.0, 0.0, -1.5, 1e300, -std::numeric_limits<double>::infinity()};
  for (size_t rows : {700, 1, 1300}) {
    std::vector<VectorPtr> columns;
    for (const Field& f : schema) columns.push_back(Vector::Make(f.type, rows));
    for (size_t r = 0; r < rows; ++r) {
      columns[0]->values<int32_t>()[r] = static_cast<int32_t>(next() % 7) - 3;
      columns[1]->values<int64_t>()[r] = static_cast<int64_t>(next()) - (int64_t{1} << 30);
      columns[2]->values<double>()[r] = next() % 3 == 0 ? specials[next() % 6] : static_cast<double>(next() % 50) / 4 - 5;
      columns[3]->SetString(r, std::string(next() % 4, static_cast<char>('a' + next() % 3)) + (next() % 2 ? "\xc3\xa9" : ""));
      columns[4]->values<uint8_t>()[r] = next() % 2;
      columns[5]->values<int128_t>()[r] = static_cast<int128_t>(next() % 40) - 20;
      for (size_t c = 0; c < columns.size(); ++c) {
        if (next() % 9 == 0) columns[c]->SetNull(r);
      }
    }
    batches.emplace_back(schema, std::move(columns), rows);
  }
  const std::vector<std::vector<int>> key_sets = {{0}, {1, 2}, {3, 0}, {2, 3, 4}, {5, 1}, {4, 5, 3, 2, 1, 0}};
  for (const std::vector<int>& keys : key_sets) {
    for (Curve curve : {Curve::kZOrder, Curve::kHilbert}) {
      for (int max_ranges : {1000, 7}) {
        const std::vector<RowRef> expected = ReferenceCurveOrder(batches, keys, curve, max_ranges);
        const std::vector<RowRef> got = CurveOrder(batches, keys, curve, max_ranges);
        ASSERT_EQ(got.size(), expected.size());
        for (size_t i = 0; i < got.size(); ++i) {
          ASSERT_TRUE(got[i].batch == expected[i].batch && got[i].row == expected[i].row)
              << "keys of size " << keys.size() << " first " << keys[0] << ", curve " << static_cast<int>(curve)
              << ", ranges " << max_ranges << ": position " << i;
        }
      }
    }
  }
}

TEST_F(OptimizeTest, CurveKeys) {
  // Morton: bits of (x, y) interleaved x first.
  EXPECT_EQ(InterleaveBits({0b11, 0b00}, 2), 0b1010u);
  EXPECT_EQ(InterleaveBits({0b01, 0b10}, 2), 0b0110u);
  // Hilbert, 2 bits per axis: consecutive indexes are neighbouring cells.
  std::vector<std::pair<uint32_t, uint32_t>> by_index(16);
  std::set<uint64_t> seen;
  for (uint32_t x = 0; x < 4; ++x) {
    for (uint32_t y = 0; y < 4; ++y) {
      const uint64_t h = HilbertIndex({x, y}, 2);
      ASSERT_LT(h, 16u);
      seen.insert(h);
      by_index[h] = {x, y};
    }
  }
  EXPECT_EQ(seen.size(), 16u);
  for (size_t i = 1; i < 16; ++i) {
    const int dx = std::abs(static_cast<int>(by_index[i].first) - static_cast<int>(by_index[i - 1].first));
    const int dy = std::abs(static_cast<int>(by_index[i].second) - static_cast<int>(by_index[i - 1].second));
    EXPECT_EQ(dx + dy, 1) << "step " << i;
  }
}

TEST_F(OptimizeTest, VacuumKeepsWhatTheTableAndItsRetentionNeed) {
  Create();
  fs_->SetClock(1'000'000);
  Append(Rows(0, 10, 1));
  Append(Rows(10, 10, 2));
  const std::vector<AddFile> old_files = Latest()->files();
  fs_->SetClock(2'000'000);
  OptimizeSpec spec;
  spec.min_file_size = int64_t{1} << 40;  // single files with no DV stay: nothing to compact per partition
  Append(Rows(20, 10, 1));
  spec.transaction.clock = [] { return int64_t{2'000'000}; };
  ASSERT_TRUE(Optimize(Latest(), spec).version);  // removes partition 1's two files at t=2000s
  // An unreferenced file (a crashed writer's), and a hidden one that is never touched.
  ThrowIfError(fs_->PutIfAbsent(std::string(kTable) + "/p=2/orphan.parquet", "x"));
  ThrowIfError(fs_->PutIfAbsent(std::string(kTable) + "/_hidden/keep.parquet", "x"));
  auto s = Latest();
  VacuumSpec v;
  v.retain_hours = 0;
  v.retention_check = true;
  EXPECT_THROW(Vacuum(*s, v), Error);
  v.retention_check = false;
  v.dry_run = true;
  v.clock = [] { return int64_t{2'000'000} + 1; };
  VacuumResult dry = Vacuum(*s, v);
  EXPECT_EQ(dry.paths.size(), 3u);  // the two compacted files and the orphan
  // Within one hour of the removal nothing of it is deleted (the orphan is as new).
  v.retain_hours = 1;
  EXPECT_EQ(Vacuum(*s, v).paths.size(), 0u);
  v.retain_hours = 0;
  v.dry_run = false;
  VacuumResult done = Vacuum(*s, v);
  EXPECT_EQ(done.paths, dry.paths);
  EXPECT_FALSE(fs_->Exists(std::string(kTable) + "/p=2/orphan.parquet"));
  EXPECT_TRUE(fs_->Exists(std::string(kTable) + "/_hidden/keep.parquet"));
  EXPECT_EQ(Totals(Latest())[0], 30);
  EXPECT_EQ(Vacuum(*Latest(), v).paths.size(), 0u);
}

TEST_F(OptimizeTest, TableStatisticsRoundTripThroughTheLogAndReachTheTable) {
  Create(TestMetadata({}));
  Append(Rows(0, 10, 0));
  TableStatistics stats;
  stats.table_version = 1;
  stats.size_in_bytes = 123;
  stats.num_rows = 10;
  ColumnStatistics a;
  a.distinct_count = 10;
  a.null_count = 0;
  a.min = "0";
  a.max = "9";
  a.avg_len = 8;
  a.max_len = 8;
  stats.columns["a"] = a;
  {
    auto s = Latest();
    Transaction txn(s, "ANALYZE");
    txn.UpdateProtocol(WithWriterFeatures(s->protocol(), {"domainMetadata"}));
    txn.SetDomainMetadata(TableStatisticsDomain(stats));
    txn.Commit();
  }
  auto s = Latest();
  std::optional<TableStatistics> read = TableStatisticsOf(*s);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->table_version, 1);
  EXPECT_EQ(read->num_rows, 10);
  ASSERT_TRUE(read->columns.count("a"));
  EXPECT_EQ(read->columns["a"].max, "9");
  auto table = DeltaTable::Open(s);
  ASSERT_TRUE(table->column_statistics(0));
  EXPECT_EQ(table->column_statistics(0)->distinct_count, 10);
  EXPECT_FALSE(table->column_statistics(1));  // b was not analyzed
  // Recomputed per-file stats describe the same rows.
  std::vector<AddFile> adds = RecomputeFileStatistics(*s);
  ASSERT_EQ(adds.size(), 1u);
  EXPECT_FALSE(adds[0].data_change);
  EXPECT_NE(adds[0].stats->find("\"numRecords\":10"), std::string::npos);
}

// REORG PURGE and DV-aware compaction on a copy of a conformance table with deletion vectors.
TEST(OptimizeDeletionVectors, PurgeRewritesFilesWithoutDeletedRows) {
  // ../shared next to the project root (this file is src/delta/tests/ under it).
  const std::filesystem::path source = std::filesystem::path(__FILE__).parent_path() / "../../../../shared/testdata/delta/tables/table-with-dv-small";
  if (!std::filesystem::exists(source)) GTEST_SKIP() << "no shared test data";
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "tarn_optimize_dv_test";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(source, dir, std::filesystem::copy_options::recursive);
  std::shared_ptr<FileSystem> fs = LocalFileSystem();
  auto s = Snapshot::Load(fs, dir.string());
  const std::optional<int64_t> rows = DeltaTable::Open(s)->row_count();
  int64_t with_dv = 0, deleted = 0;
  for (const AddFile& f : s->files()) {
    if (f.deletion_vector) {
      ++with_dv;
      deleted += f.deletion_vector->cardinality;
    }
  }
  ASSERT_GT(with_dv, 0);
  OptimizeSpec spec;
  spec.purge = true;
  const OptimizeResult r = Optimize(s, spec);
  ASSERT_TRUE(r.version);
  EXPECT_EQ(r.metrics.num_deletion_vectors_removed, with_dv);
  EXPECT_EQ(r.metrics.num_deletion_vector_rows_removed, deleted);
  auto after = Snapshot::Load(fs, dir.string());
  for (const AddFile& f : after->files()) EXPECT_FALSE(f.deletion_vector.has_value());
  EXPECT_EQ(DeltaTable::Open(after)->row_count(), rows);
  EXPECT_EQ(*after->commit_info()->operation, "REORG");
  EXPECT_FALSE(Optimize(after, spec).version);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tarn::delta
