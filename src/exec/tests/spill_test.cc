// Spill files: every type round-trips exactly (values, NULLs, nested
// children, ranges of encoded and sliced vectors), and files leave nothing
// behind in the spill directory.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/error.h"
#include "exec/spill.h"
#include "exec/tests/exec_test_util.h"

namespace tarn::exec::testing {
namespace {

Schema SchemaOf(const std::vector<VectorPtr>& columns) {
  Schema schema;
  for (size_t i = 0; i < columns.size(); ++i) schema.push_back({"c" + std::to_string(i), columns[i]->type(), true});
  return schema;
}

Batch RoundTrip(const Batch& batch, size_t offset, size_t length) {
  std::string bytes;
  EncodeBatch(batch, offset, length, &bytes);
  return DecodeBatch(batch.schema(), reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

std::vector<std::string> RowRange(const Batch& batch, size_t offset, size_t length) {
  std::vector<std::string> all = Rows(batch);
  return std::vector<std::string>(all.begin() + offset, all.begin() + offset + length);
}

VectorPtr Decimals(const DataType& type, const std::vector<std::optional<__int128>>& values) {
  VectorPtr out = Vector::Make(type, values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) {
      out->SetNull(i);
    } else if (type.fixed_width() == 8) {
      out->values<int64_t>()[i] = static_cast<int64_t>(*values[i]);
    } else {
      out->values<__int128>()[i] = *values[i];
    }
  }
  return out;
}

TEST(SpillFormatTest, FlatTypesRoundTripWithNulls) {
  __int128 big = static_cast<__int128>(1) << 100;
  std::vector<VectorPtr> columns{
      Longs({1, std::nullopt, -7, INT64_MIN}),
      Doubles({0.5, -0.0, std::nullopt, 1e300}),
      Strings({"short", std::nullopt, "a string longer than twelve bytes", ""}),
      Decimals(DataType::Decimal(10, 2), {12345, -1, std::nullopt, 99999999}),
      Decimals(DataType::Decimal(38, 6), {big, -big, 0, std::nullopt}),
      Vector::MakeNull(DataType::Null(), 4),
  };
  VectorPtr intervals = Vector::Make(DataType::CalendarInterval(), 4);
  for (int i = 0; i < 4; ++i) intervals->values<IntervalValue>()[i] = {i, -i, 1000001LL * i};
  intervals->SetNull(2);
  columns.push_back(intervals);
  Batch batch(SchemaOf(columns), columns, 4);
  EXPECT_EQ(Rows(RoundTrip(batch, 0, 4)), Rows(batch));
  EXPECT_EQ(Rows(RoundTrip(batch, 1, 2)), RowRange(batch, 1, 2));
  EXPECT_EQ(RoundTrip(batch, 3, 0).num_rows(), 0u);
}

TEST(SpillFormatTest, NestedTypesAndRangesRebaseOffsets) {
  VectorPtr arrays = LongArrays({{{1, 2}}, std::nullopt, {{}}, {{3, std::nullopt, 5}}, {{6}}});
  DataType struct_type = DataType::Struct({{"a", DataType::Long(), true}, {"s", DataType::String(), true}});
  VectorPtr structs = Vector::Make(struct_type, 5);
  structs->set_child(0, Longs({10, 20, std::nullopt, 40, 50}));
  structs->set_child(1, Strings({"x", "y", "z", std::nullopt, "a long string value here"}));
  structs->SetNull(1);
  DataType map_type = DataType::Map(DataType::String(), DataType::Long());
  VectorPtr maps = Vector::Make(map_type, 5);
  maps->set_child(0, Strings({"k1", "k2", "k3"}));
  maps->set_child(1, Longs({1, std::nullopt, 3}));
  int32_t offsets[] = {0, 1, 1, 3, 3, 3};
  std::copy(offsets, offsets + 6, maps->offsets());
  maps->SetNull(3);
  std::vector<VectorPtr> columns{arrays, structs, maps};
  Batch batch(SchemaOf(columns), columns, 5);
  EXPECT_EQ(Rows(RoundTrip(batch, 0, 5)), Rows(batch));
  for (size_t offset = 0; offset < 5; ++offset)
    for (size_t length = 0; offset + length <= 5; ++length)
      EXPECT_EQ(Rows(RoundTrip(batch, offset, length)), RowRange(batch, offset, length)) << offset << "+" << length;
}

TEST(SpillFormatTest, EncodedAndViewVectors) {
  VectorPtr base = Strings({"alpha", std::nullopt, "a much longer gamma string"});
  Buffer indices(5 * sizeof(int32_t));
  int32_t picks[] = {2, 0, 1, 2, 2};
  std::memcpy(indices.data(), picks, sizeof(picks));
  VectorPtr dictionary = Vector::MakeDictionary(base, std::move(indices), 5);
  VectorPtr constant = Vector::MakeConstant(Longs({42}), 0, 5);
  VectorPtr view = Vector::View(Longs({0, 1, 2, std::nullopt, 4, 5, 6}), 2, 5);
  std::vector<VectorPtr> columns{dictionary, constant, view};
  Batch batch(SchemaOf(columns), columns, 5);
  EXPECT_EQ(Rows(RoundTrip(batch, 0, 5)), Rows(batch));
  EXPECT_EQ(Rows(RoundTrip(batch, 2, 3)), RowRange(batch, 2, 3));
}

TEST(SpillFileTest, BlocksReadBackAndNothingIsLeftOnDisk) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "tarn_spill_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  MemoryTracker account("test");
  std::vector<VectorPtr> columns{Longs({1, 2, 3, std::nullopt}), Strings({"a", std::nullopt, "ccccccccccccccccc", "d"})};
  Batch batch(SchemaOf(columns), columns, 4);
  {
    SpillFile file(dir.string(), &account);
    // Unlinked at once: the directory is empty while the file is in use.
    EXPECT_TRUE(std::filesystem::is_empty(dir));
    file.Append(batch);
    file.Append(batch, 1, 2);
    file.Append(batch, 0, 0);  // no block for no rows
    ASSERT_EQ(file.num_blocks(), 2u);
    EXPECT_EQ(file.rows(), 6);
    EXPECT_EQ(account.spilled(), file.bytes());
    EXPECT_EQ(Rows(file.Read(0, batch.schema())), Rows(batch));
    EXPECT_EQ(Rows(file.Read(1, batch.schema())), RowRange(batch, 1, 2));
    SpillReader reader(&file, &batch.schema());
    Batch out;
    int blocks = 0;
    while (reader.Next(&out)) ++blocks;
    EXPECT_EQ(blocks, 2);
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST(SpillFileTest, MissingDirectoryIsAClearError) {
  try {
    SpillFile file("/nonexistent/tarn/spill/dir", nullptr);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kIoError);
    EXPECT_NE(e.info().ToString().find("/nonexistent/tarn/spill/dir"), std::string::npos);
  }
}

}  // namespace
}  // namespace tarn::exec::testing
