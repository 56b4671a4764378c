// RuntimeFilter: min/max as scan filters, the bloom filter over any vector
// encoding (a dictionary-encoded probe column hashes as its values), NULLs,
// empty builds, and no false negatives.
#include "exec/runtime_filter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace tarn::exec {
namespace {

VectorPtr Longs(const std::vector<int64_t>& values, const std::vector<size_t>& nulls = {}) {
  VectorPtr v = Vector::Make(DataType::Long(), values.size());
  for (size_t i = 0; i < values.size(); ++i) v->values<int64_t>()[i] = values[i];
  for (size_t r : nulls) v->SetNull(r);
  return v;
}

VectorPtr Strings(const std::vector<std::string>& values) {
  VectorPtr v = Vector::Make(DataType::String(), values.size());
  for (size_t i = 0; i < values.size(); ++i) v->SetString(i, values[i]);
  return v;
}

SelectionVector AllRows(size_t n) {
  SelectionVector rows(n);
  for (size_t i = 0; i < n; ++i) rows[i] = static_cast<uint32_t>(i);
  return rows;
}

TEST(RuntimeFilterTest, MinMaxBecomeScanFiltersOnTheProviderColumn) {
  VectorPtr keys = Longs({30, -5, 12, 0}, {3});  // the NULL row's 0 is not a key
  auto filter = RuntimeFilter::Build(*keys, 4, {}, 100);
  EXPECT_FALSE(filter->empty());
  EXPECT_EQ(filter->keys(), 3);
  std::vector<ScanFilter> filters;
  filter->AppendScanFilters(7, &filters);
  ASSERT_EQ(filters.size(), 2u);
  EXPECT_EQ(filters[0].column, 7);
  EXPECT_EQ(filters[0].op, ScanFilter::Op::kGe);
  EXPECT_EQ(filters[0].literal, "-5");
  EXPECT_EQ(filters[1].op, ScanFilter::Op::kLe);
  EXPECT_EQ(filters[1].literal, "30");
}

TEST(RuntimeFilterTest, SkippedAndNullKeysLeaveAnEmptyFilter) {
  VectorPtr keys = Longs({1, 2, 3}, {1});
  auto filter = RuntimeFilter::Build(*keys, 3, {1, 0, 1}, 100);  // row 0 and 2 skipped, row 1 NULL
  EXPECT_TRUE(filter->empty());
  std::vector<ScanFilter> filters;
  filter->AppendScanFilters(0, &filters);
  EXPECT_TRUE(filters.empty());
  EXPECT_TRUE(RuntimeFilter::Build(*Longs({}), 0, {}, 100)->empty());
}

TEST(RuntimeFilterTest, BloomKeepsEveryBuildKeyDropsNullsAndMostOthers) {
  std::vector<int64_t> build;
  for (int64_t i = 0; i < 1000; ++i) build.push_back(i * 7919);
  auto filter = RuntimeFilter::Build(*Longs(build), build.size(), {}, 1000);
  ASSERT_TRUE(filter->has_bloom());
  std::vector<int64_t> probe;
  for (int64_t i = 0; i < 100000; ++i) probe.push_back(i);
  probe.push_back(0);
  VectorPtr column = Longs(probe, {probe.size() - 1});  // a NULL row holding a build key's bits
  SelectionVector rows = AllRows(probe.size());
  filter->Select(*column, &rows);
  size_t kept_keys = 0;
  for (uint32_t r : rows) {
    EXPECT_NE(r, probe.size() - 1) << "a NULL key was kept";
    if (probe[r] % 7919 == 0) ++kept_keys;
  }
  EXPECT_EQ(kept_keys, 13u);  // 0, 7919, ..., 12 * 7919 < 100000: no false negatives
  EXPECT_LT(rows.size(), 13u + 5000u);  // false positives well under 5 %
}

TEST(RuntimeFilterTest, IntegerProbesOfAnyEncodingAndSelectionKeepEveryBuildKey) {
  // int32 keys (negative ones too: hashed sign-extended, as HashColumn does),
  // min/max from the values skipping NULL and skipped rows.
  VectorPtr build = Vector::Make(DataType::Int(), 5);
  const std::vector<int32_t> values = {-40, 7, 123456, 99, -1000};
  for (size_t i = 0; i < values.size(); ++i) build->values<int32_t>()[i] = values[i];
  build->SetNull(2);
  auto filter = RuntimeFilter::Build(*build, 5, {0, 0, 0, 1, 0}, 100);  // 99 skipped
  ASSERT_TRUE(filter->has_bloom());
  EXPECT_EQ(filter->keys(), 3);
  std::vector<ScanFilter> filters;
  filter->AppendScanFilters(0, &filters);
  ASSERT_EQ(filters.size(), 2u);
  EXPECT_EQ(filters[0].literal, "-1000");
  EXPECT_EQ(filters[1].literal, "7");
  // A dictionary-encoded probe over a selection that skips some rows.
  VectorPtr dictionary = Vector::Make(DataType::Int(), 3);
  dictionary->values<int32_t>()[0] = -40;
  dictionary->values<int32_t>()[1] = 5;
  dictionary->values<int32_t>()[2] = -1000;
  const std::vector<int32_t> indices = {0, 1, 2, 0, 2};
  Buffer buffer(indices.size() * sizeof(int32_t));
  std::memcpy(buffer.data(), indices.data(), buffer.size());
  VectorPtr column = Vector::MakeDictionary(dictionary, std::move(buffer), indices.size());
  SelectionVector rows = {0, 1, 2, 4};
  filter->Select(*column, &rows);
  for (uint32_t want : {0u, 2u, 4u}) EXPECT_NE(std::find(rows.begin(), rows.end(), want), rows.end()) << want;
  EXPECT_EQ(std::find(rows.begin(), rows.end(), 3u), rows.end()) << "a row outside the selection came back";
}

TEST(RuntimeFilterTest, TooManyBuildRowsGetNoBloom) {
  auto filter = RuntimeFilter::Build(*Longs({1, 2, 3}), 3, {}, 2);
  EXPECT_FALSE(filter->has_bloom());
  EXPECT_FALSE(filter->empty());
}

TEST(RuntimeFilterTest, DictionaryProbeColumnHashesAsItsValues) {
  auto filter = RuntimeFilter::Build(*Strings({"MAIL", "a string longer than twelve bytes"}), 2, {}, 100);
  ASSERT_TRUE(filter->has_bloom());
  VectorPtr dictionary = Strings({"AIR", "MAIL", "a string longer than twelve bytes", "SHIP"});
  const std::vector<int32_t> indices = {3, 1, 0, 2, 1, 3};
  Buffer buffer(indices.size() * sizeof(int32_t));
  std::memcpy(buffer.data(), indices.data(), buffer.size());
  VectorPtr column = Vector::MakeDictionary(dictionary, std::move(buffer), indices.size());
  SelectionVector rows = AllRows(indices.size());
  filter->Select(*column, &rows);
  // Rows 1, 3 and 4 hold build values; other rows may pass as false positives only.
  for (uint32_t want : {1u, 3u, 4u}) EXPECT_NE(std::find(rows.begin(), rows.end(), want), rows.end()) << want;
  std::vector<ScanFilter> filters;
  filter->AppendScanFilters(0, &filters);
  ASSERT_EQ(filters.size(), 2u);
  EXPECT_EQ(filters[0].literal, "MAIL");
  EXPECT_EQ(filters[1].literal, "a string longer than twelve bytes");
}

TEST(RuntimeFilterTest, FloatingPointKeysHaveNoRange) {
  VectorPtr keys = Vector::Make(DataType::Double(), 2);
  keys->values<double>()[0] = 1.5;
  keys->values<double>()[1] = -0.0;
  auto filter = RuntimeFilter::Build(*keys, 2, {}, 100);
  std::vector<ScanFilter> filters;
  filter->AppendScanFilters(0, &filters);
  EXPECT_TRUE(filters.empty());
  // 0.0 equals -0.0 for a join: the bloom filter must keep it.
  VectorPtr probe = Vector::Make(DataType::Double(), 1);
  probe->values<double>()[0] = 0.0;
  SelectionVector rows = AllRows(1);
  filter->Select(*probe, &rows);
  EXPECT_EQ(rows.size(), 1u);
}

TEST(RuntimeFilterTest, RegistryHandsOutWhatWasPublished) {
  RuntimeFilterRegistry registry;
  EXPECT_EQ(registry.Find(3), nullptr);
  auto filter = RuntimeFilter::Build(*Longs({1}), 1, {}, 10);
  registry.Publish(3, filter);
  EXPECT_EQ(registry.Find(3), filter);
  EXPECT_EQ(registry.Find(4), nullptr);
}

}  // namespace
}  // namespace tarn::exec
