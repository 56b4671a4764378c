// GroupTable: dense group ids in first-seen order, NULL keys grouped, and the
// dictionary-encoded path (keys looked up once per combination of dictionary
// entries) giving the same groups as the hashed path over flat keys.
#include "exec/group_table.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace tarn::exec {
namespace {

// A flat string vector; "" stands for NULL.
VectorPtr Strings(const std::vector<std::string>& values) {
  VectorPtr v = Vector::Make(DataType::String(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].empty()) v->SetNull(i);
    else v->SetString(i, values[i]);
  }
  return v;
}

VectorPtr Dictionary(VectorPtr dictionary, const std::vector<int32_t>& indices) {
  Buffer buffer(indices.size() * sizeof(int32_t));
  for (size_t i = 0; i < indices.size(); ++i) buffer.as<int32_t>()[i] = indices[i];
  return Vector::MakeDictionary(std::move(dictionary), std::move(buffer), indices.size());
}

std::vector<uint32_t> Groups(GroupTable& table, const std::vector<VectorPtr>& keys,
                             const std::vector<uint32_t>* rows = nullptr) {
  std::vector<uint32_t> groups(keys[0]->size(), 999);
  table.FindOrInsert(keys, keys[0]->size(), groups.data(), rows);
  return groups;
}

TEST(GroupTableTest, DictionaryKeysGetTheGroupsOfTheirValuesInFirstSeenOrder) {
  // Entries 0 and 3 hold the same value: their rows share a group. Entry 2 is NULL.
  VectorPtr modes = Strings({"AIR", "MAIL", "", "AIR"});
  VectorPtr flags = Strings({"1", "2"});
  // 16 rows for 8 combinations: the encoded path's threshold (two rows per combination).
  std::vector<int32_t> mode_rows{1, 1, 2, 0, 3, 2, 1, 0, 2, 3, 1, 1, 0, 2, 3, 1};
  std::vector<int32_t> flag_rows{0, 0, 1, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0};
  std::vector<VectorPtr> encoded{Dictionary(modes, mode_rows), Dictionary(flags, flag_rows)};
  GroupTable table({DataType::String(), DataType::String()});
  std::vector<uint32_t> groups = Groups(table, encoded);
  // (MAIL,1) (MAIL,1) (NULL,2) (AIR,2) (AIR,2) (NULL,2) (MAIL,1) (AIR,1) (NULL,2) (AIR,1) (MAIL,2) (MAIL,1)
  // (AIR,2) (NULL,2) (AIR,1) (MAIL,1)
  EXPECT_EQ(groups, (std::vector<uint32_t>{0, 0, 1, 2, 2, 1, 0, 3, 1, 3, 4, 0, 2, 1, 3, 0}));
  ASSERT_EQ(table.size(), 5u);
  EXPECT_TRUE(table.keys()[0]->IsNull(1));
  EXPECT_EQ(table.keys()[0]->StringAt(3).view(), "AIR");
  EXPECT_EQ(table.keys()[1]->StringAt(3).view(), "1");

  // The same rows flat (the hashed path) find the same groups and add none.
  std::vector<VectorPtr> flat{Vector::Flatten(encoded[0]), Vector::Flatten(encoded[1])};
  EXPECT_EQ(Groups(table, flat), groups);
  EXPECT_EQ(table.size(), 5u);
}

TEST(GroupTableTest, DictionaryKeysOnlyLookUpTheSelectedRows) {
  VectorPtr modes = Strings({"AIR", "MAIL", "SHIP"});
  std::vector<VectorPtr> keys{Dictionary(modes, {2, 0, 2, 1, 2, 0, 2, 2})};
  GroupTable table({DataType::String()});
  std::vector<uint32_t> rows{1, 2, 4, 5, 6, 7};
  std::vector<uint32_t> groups = Groups(table, keys, &rows);
  // Rows 0 and 3 are left alone; MAIL (row 3 only) gets no group.
  EXPECT_EQ(groups, (std::vector<uint32_t>{999, 0, 1, 999, 1, 0, 1, 1}));
  EXPECT_EQ(table.size(), 2u);
}

TEST(GroupTableTest, ConstantAndDictionaryKeysTogether) {
  VectorPtr modes = Strings({"AIR", "MAIL"});
  VectorPtr year = Vector::Make(DataType::Int(), 1);
  year->values<int32_t>()[0] = 1998;
  std::vector<VectorPtr> keys{Vector::MakeConstant(year, 0, 6), Dictionary(modes, {1, 0, 1, 1, 0, 0})};
  GroupTable table({DataType::Int(), DataType::String()});
  EXPECT_EQ(Groups(table, keys), (std::vector<uint32_t>{0, 1, 0, 0, 1, 1}));
  EXPECT_EQ(table.keys()[0]->values<int32_t>()[1], 1998);
}

TEST(GroupTableTest, LargeDictionariesTakeTheHashedPath) {
  // More dictionary entries than rows: every row hashed, same answers.
  std::vector<std::string> values;
  for (int i = 0; i < 100; ++i) values.push_back("v" + std::to_string(i));
  std::vector<VectorPtr> keys{Dictionary(Strings(values), {7, 42, 7, 99})};
  GroupTable table({DataType::String()});
  EXPECT_EQ(Groups(table, keys), (std::vector<uint32_t>{0, 1, 0, 2}));
  EXPECT_EQ(table.keys()[0]->StringAt(2).view(), "v99");
}

TEST(GroupTableTest, ManyGroupsSurviveGrowth) {
  // 10,000 distinct keys over several batches: the table grows and every key
  // keeps its first group.
  GroupTable table({DataType::Long()});
  for (int round = 0; round < 2; ++round) {
    for (int64_t start = 0; start < 10000; start += 2500) {
      VectorPtr v = Vector::Make(DataType::Long(), 2500);
      for (int64_t i = 0; i < 2500; ++i) v->values<int64_t>()[i] = (start + i) * 7919;
      std::vector<uint32_t> groups = Groups(table, {v});
      for (int64_t i = 0; i < 2500; ++i) ASSERT_EQ(groups[i], static_cast<uint32_t>(start + i));
    }
  }
  EXPECT_EQ(table.size(), 10000u);
}

}  // namespace
}  // namespace tarn::exec

namespace tarn::exec {
namespace {

VectorPtr Longs(const std::vector<int64_t>& values, const std::vector<size_t>& nulls = {}) {
  VectorPtr v = Vector::Make(DataType::Long(), values.size());
  for (size_t i = 0; i < values.size(); ++i) v->values<int64_t>()[i] = values[i];
  for (size_t r : nulls) v->SetNull(r);
  return v;
}

TEST(GroupTableTest, IntegersOfASmallRangeGetTheGroupsOfTheHashedPath) {
  // Values -3..2 and NULL (rows 2 and 9, whatever their stored value), next to a
  // dictionary key: 7 x 2 codes, so 32 rows (the pattern twice) take the encoded path.
  std::vector<int64_t> values{-3, 2, 7, -3, 0, 2, -3, 0, 2, 99, 1, -3, 0, 1, 2, -3};
  std::vector<int32_t> mode_rows{0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1};
  // (-3,AIR) (2,AIR) (NULL,MAIL) (-3,AIR) (0,MAIL) (2,AIR) (-3,AIR) (0,MAIL) (2,AIR) (NULL,MAIL)
  // (1,AIR) (-3,AIR) (0,MAIL) (1,AIR) (2,AIR) (-3,MAIL)
  std::vector<uint32_t> expected{0, 1, 2, 0, 3, 1, 0, 3, 1, 2, 4, 0, 3, 4, 1, 5};
  for (size_t i = 0; i < 16; ++i) {
    values.push_back(values[i]);
    mode_rows.push_back(mode_rows[i]);
    expected.push_back(expected[i]);
  }
  VectorPtr modes = Strings({"AIR", "MAIL"});
  GroupTable table({DataType::Long(), DataType::String()});
  std::vector<uint32_t> groups = Groups(table, {Longs(values, {2, 9, 18, 25}), Dictionary(modes, mode_rows)});
  EXPECT_EQ(groups, expected);
  ASSERT_EQ(table.size(), 6u);
  EXPECT_TRUE(table.keys()[0]->IsNull(2));
  EXPECT_EQ(table.keys()[0]->values<int64_t>()[5], -3);
  EXPECT_EQ(table.keys()[1]->StringAt(5).view(), "MAIL");
  // The hashed path (one far value widens the range) finds the same groups.
  GroupTable hashed({DataType::Long(), DataType::String()});
  values.push_back(int64_t{1} << 40);
  mode_rows.push_back(0);
  std::vector<uint32_t> wide = Groups(hashed, {Longs(values, {2, 9, 18, 25}), Dictionary(modes, mode_rows)});
  wide.pop_back();
  EXPECT_EQ(wide, expected);
}

TEST(GroupTableTest, ExtremeIntegersDoNotWrapIntoASmallRange) {
  // min and max of int64 span everything: the hashed path, two groups.
  const int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
  GroupTable table({DataType::Long()});
  EXPECT_EQ(Groups(table, {Longs({lo, hi, lo, hi, hi, lo})}), (std::vector<uint32_t>{0, 1, 0, 1, 1, 0}));
  // Neighbours at the top of the range: the encoded path.
  EXPECT_EQ(Groups(table, {Longs({hi, hi - 1, hi, hi - 1, hi - 1, hi})}), (std::vector<uint32_t>{1, 2, 1, 2, 2, 1}));
}

}  // namespace
}  // namespace tarn::exec

namespace tarn::exec {
namespace {

TEST(GroupTableTest, WideIntegerKeysWithNullsAndEncodingsCompareAsIntegers) {
  // The hashed path (values far apart) with NULLs: NULL is one group, equal to
  // NULL only, whatever value its slot holds (0 here, as row 1's key).
  VectorPtr flat = Vector::Make(DataType::Long(), 6);
  int64_t values[] = {int64_t{1} << 40, 0, 5, 0, int64_t{1} << 40, 5};
  for (size_t i = 0; i < 6; ++i) flat->values<int64_t>()[i] = values[i];
  flat->SetNull(3);
  GroupTable table({DataType::Long()});
  EXPECT_EQ(Groups(table, {flat}), (std::vector<uint32_t>{0, 1, 2, 3, 0, 2}));
  // The same values through a dictionary and a constant find the same groups.
  EXPECT_EQ(Groups(table, {Dictionary(flat, {3, 4, 1, 2, 3})}), (std::vector<uint32_t>{3, 0, 1, 2, 3}));
  EXPECT_EQ(Groups(table, {Vector::MakeConstant(flat, 3, 2)}), (std::vector<uint32_t>{3, 3}));
  EXPECT_EQ(table.size(), 4u);
  // Find compares the same way: NULL finds the NULL group, 7 no group.
  VectorPtr probe = Vector::Make(DataType::Long(), 4);
  int64_t probes[] = {5, 0, 7, int64_t{1} << 40};
  for (size_t i = 0; i < 4; ++i) probe->values<int64_t>()[i] = probes[i];
  probe->SetNull(1);
  std::vector<int64_t> found(4);
  table.Find({probe}, 4, found.data());
  EXPECT_EQ(found, (std::vector<int64_t>{2, 3, -1, 0}));
}

}  // namespace
}  // namespace tarn::exec
