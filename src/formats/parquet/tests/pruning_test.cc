// Row-group and page pruning: predicates skip what statistics and the page
// index rule out, and never drop a row that matches.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

#include "common/error.h"
#include "common/file_system.h"
#include "formats/parquet/reader.h"
#include "formats/parquet/statistics_filter.h"
#include "formats/parquet/writer.h"

namespace tarn::parquet {
namespace {

using Op = ColumnPredicate::Op;

class PruningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("tarn_pruning_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "sorted.parquet").string();
    // 10000 rows with k = row number (sorted), 4 row groups, small pages.
    const size_t rows = 10000;
    VectorPtr k = Vector::Make(DataType::Long(), rows);
    VectorPtr s = Vector::Make(DataType::String(), rows);
    for (size_t i = 0; i < rows; ++i) {
      k->values<int64_t>()[i] = static_cast<int64_t>(i);
      s->SetString(i, "value " + std::to_string(i));
    }
    ParquetWriteOptions options;
    options.row_group_rows = 2500;
    options.page_rows = 250;
    Schema schema{{"k", DataType::Long()}, {"s", DataType::String()}};
    WriteParquetFile(*fs_, path_, Batch(schema, {k, s}, rows), options);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  /// Reads with predicates; returns the k values read.
  std::vector<int64_t> Read(std::vector<ColumnPredicate> predicates, int64_t* groups_skipped,
                            int64_t* pages_skipped) {
    ParquetReadOptions options;
    options.predicates = std::move(predicates);
    auto reader = ParquetReader::Open(*fs_, path_, options);
    std::vector<int64_t> ks;
    Batch batch;
    while (reader->Next(&batch)) {
      for (size_t r = 0; r < batch.num_rows(); ++r) {
        ks.push_back(batch.column(0).ValueAt<int64_t>(r));
        EXPECT_EQ(batch.column(1).StringAt(r).view(), "value " + std::to_string(ks.back()));
      }
    }
    *groups_skipped = reader->row_groups_skipped();
    *pages_skipped = reader->pages_skipped();
    return ks;
  }

  std::shared_ptr<FileSystem> fs_ = LocalFileSystem();
  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(PruningTest, EqualitySkipsRowGroupsAndPages) {
  int64_t groups = 0, pages = 0;
  std::vector<int64_t> ks = Read({{"k", Op::kEq, "6123"}}, &groups, &pages);
  EXPECT_EQ(groups, 3);
  EXPECT_GT(pages, 0);
  EXPECT_LT(ks.size(), 2500u);
  EXPECT_NE(std::find(ks.begin(), ks.end(), 6123), ks.end());
  for (size_t i = 1; i < ks.size(); ++i) EXPECT_EQ(ks[i], ks[i - 1] + 1);  // whole pages, in order
}

TEST_F(PruningTest, RangesKeepEveryMatchingRow) {
  int64_t groups = 0, pages = 0;
  std::vector<int64_t> ks = Read({{"k", Op::kGe, "4990"}, {"K", Op::kLt, "5600"}}, &groups, &pages);
  EXPECT_EQ(groups, 2);
  for (int64_t k = 4990; k < 5600; ++k) {
    ASSERT_NE(std::find(ks.begin(), ks.end(), k), ks.end()) << k;
  }
  EXPECT_LT(ks.size(), 1500u);
}

TEST_F(PruningTest, NothingMatches) {
  int64_t groups = 0, pages = 0;
  EXPECT_TRUE(Read({{"k", Op::kGt, "20000"}}, &groups, &pages).empty());
  EXPECT_EQ(groups, 4);
  EXPECT_TRUE(Read({{"k", Op::kIsNull, ""}}, &groups, &pages).empty());
}

TEST_F(PruningTest, UnusablePredicatesReadEverything) {
  int64_t groups = 0, pages = 0;
  // A literal that does not parse as the column's type, and an unknown column.
  EXPECT_EQ(Read({{"k", Op::kEq, "not a number"}, {"missing", Op::kEq, "1"}}, &groups, &pages).size(), 10000u);
  EXPECT_EQ(groups, 0);
  EXPECT_EQ(pages, 0);
}

TEST(PagePruning, RealFileWithPageIndex) {
  // parquet-mr wrote alltypes_tiny_pages with a column and offset index.
  std::filesystem::path here = std::filesystem::absolute(__FILE__);
  for (int i = 0; i < 6; ++i) here = here.parent_path();
  std::string path = (here / "shared/testdata/parquet/parquet-testing/data/alltypes_tiny_pages.parquet").string();
  auto fs = LocalFileSystem();
  ParquetReadOptions options;
  options.predicates = {{"id", Op::kEq, "4321"}};
  auto reader = ParquetReader::Open(*fs, path, options);
  Batch batch;
  size_t rows = 0;
  bool found = false;
  while (reader->Next(&batch)) {
    for (size_t r = 0; r < batch.num_rows(); ++r) found |= batch.column(0).ValueAt<int32_t>(r) == 4321;
    rows += batch.num_rows();
  }
  EXPECT_TRUE(found);
  EXPECT_LT(rows, 7300u);
  EXPECT_GT(reader->pages_skipped(), 0);
}

}  // namespace
}  // namespace tarn::parquet

namespace tarn::parquet {
namespace {

TEST(NestedProjection, PathsThroughStructsListsAndMapsMerge) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("tarn_projection_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "nested.parquet").string();
  DataType point = DataType::Struct({{"x", DataType::Long()}, {"y", DataType::Long()}, {"tag", DataType::String()}});
  DataType s_type = DataType::Struct({{"a", DataType::Int()}, {"b", DataType::String()}, {"c", DataType::Double()}});
  Schema schema{{"s", s_type},
                {"points", DataType::Array(point)},
                {"m", DataType::Map(DataType::String(), point)},
                {"n", DataType::Long()}};
  // One row: s = {1, "one", 1.5}, points = [{1, 2, "p"}], m = {"k": {3, 4, "q"}}, n = 9.
  VectorPtr s = Vector::Make(s_type, 1);
  s->child(0).values<int32_t>()[0] = 1;
  s->child(1).SetString(0, "one");
  s->child(2).values<double>()[0] = 1.5;
  VectorPtr points = Vector::Make(DataType::Array(point), 1);
  points->child(0).Resize(1);
  points->child(0).child(0).values<int64_t>()[0] = 1;
  points->child(0).child(1).values<int64_t>()[0] = 2;
  points->child(0).child(2).SetString(0, "p");
  points->offsets()[1] = 1;
  VectorPtr m = Vector::Make(DataType::Map(DataType::String(), point), 1);
  m->child(0).Resize(1);
  m->child(0).SetString(0, "k");
  m->child(1).Resize(1);
  m->child(1).child(0).values<int64_t>()[0] = 3;
  m->child(1).child(1).values<int64_t>()[0] = 4;
  m->child(1).child(2).SetString(0, "q");
  m->offsets()[1] = 1;
  VectorPtr n = Vector::Make(DataType::Long(), 1);
  n->values<int64_t>()[0] = 9;
  auto fs = LocalFileSystem();
  WriteParquetFile(*fs, path, Batch(schema, {s, points, m, n}, 1));

  ParquetReadOptions options;
  options.columns = {"s.c", "points.y", "S.a", "m.tag", "n"};
  Batch batch = ReadParquetFile(*fs, path, options);
  ASSERT_EQ(batch.num_columns(), 4u);
  EXPECT_EQ(batch.schema()[0].type.ToString(), "struct<a:int,c:double>");  // merged, in file order
  EXPECT_EQ(batch.schema()[1].type.ToString(), "array<struct<y:bigint>>");
  EXPECT_EQ(batch.schema()[2].type.ToString(), "map<string,struct<tag:string>>");
  EXPECT_EQ(batch.column(0).child(0).ValueAt<int32_t>(0), 1);
  EXPECT_EQ(batch.column(0).child(1).ValueAt<double>(0), 1.5);
  EXPECT_EQ(batch.column(1).child(0).child(0).ValueAt<int64_t>(0), 2);
  EXPECT_EQ(batch.column(2).child(1).child(0).StringAt(0).view(), "q");
  EXPECT_EQ(batch.column(3).ValueAt<int64_t>(0), 9);

  options.columns = {"points.nope"};
  EXPECT_THROW(ParquetReader::Open(*fs, path, options), Error);
  options.columns = {"n.x"};
  EXPECT_THROW(ParquetReader::Open(*fs, path, options), Error);
  std::filesystem::remove_all(dir);
}

// The planner's view of a file: min / max / nulls over all four row groups,
// merged with a second file; a string column has no usable bounds.
TEST_F(PruningTest, FileColumnRangesMergeRowGroupsAndFiles) {
  FileColumnRanges ranges;
  ranges.AddFile(ParquetReader::Open(*fs_, path_)->metadata(), path_);
  auto k = ranges.Get("K");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->min, "0");
  EXPECT_EQ(k->max, "9999");
  EXPECT_EQ(k->null_count, 0);
  auto s = ranges.Get("s");
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->min);
  EXPECT_EQ(s->null_count, 0);
  EXPECT_FALSE(ranges.Get("missing"));

  std::string other = (dir_ / "other.parquet").string();
  VectorPtr k2 = Vector::Make(DataType::Long(), 2);
  k2->values<int64_t>()[0] = -5;
  k2->SetNull(1);
  WriteParquetFile(*fs_, other, Batch(Schema{{"k", DataType::Long()}}, {k2}, 2));
  ranges.AddFile(ParquetReader::Open(*fs_, other)->metadata(), other);
  k = ranges.Get("k");
  ASSERT_TRUE(k);
  EXPECT_EQ(k->min, "-5");
  EXPECT_EQ(k->max, "9999");
  EXPECT_EQ(k->null_count, 1);
  EXPECT_FALSE(ranges.Get("s"));  // not in the second file
}

}  // namespace
}  // namespace tarn::parquet
