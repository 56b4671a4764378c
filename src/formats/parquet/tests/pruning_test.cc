// Row-group and page pruning: predicates skip what statistics and the page
// index rule out, and never drop a row that matches.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "common/file_system.h"
#include "formats/parquet/reader.h"
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
