// JoinHashTable: candidates in build order whatever the thread count, rows
// left out by `skip`, composite and string keys, NULL keys (null-safe
// equality) and integer probes of other encodings.
#include "exec/join_hash_table.h"

#include <gtest/gtest.h>

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

// Every build row matching probe row `row`, in the order the table gives them.
std::vector<int64_t> Matches(const JoinHashTable& table, const std::vector<VectorPtr>& probe, size_t row) {
  std::vector<uint64_t> hashes(probe[0]->size());
  JoinHashTable::HashKeys(probe, hashes.size(), hashes.data());
  std::vector<int64_t> out;
  for (int64_t e = table.First(probe, row, hashes[row]); e >= 0; e = table.Next(probe, row, hashes[row], e))
    out.push_back(table.BuildRow(e));
  return out;
}

TEST(JoinHashTableTest, CandidatesComeInBuildOrderWithAnyThreadCount) {
  // 200,000 rows (several threads build), key = row % 1000: 200 rows per key.
  const size_t rows = 200000;
  std::vector<int64_t> values(rows);
  for (size_t r = 0; r < rows; ++r) values[r] = static_cast<int64_t>(r % 1000);
  std::vector<VectorPtr> keys{Longs(values)};
  for (size_t threads : {1, 2, 4}) {
    JoinHashTable table;
    table.Build(keys, rows, {}, threads);
    EXPECT_EQ(table.indexed_rows(), rows);
    std::vector<VectorPtr> probe{Longs({7, 999, 1000, -1})};
    std::vector<int64_t> seven = Matches(table, probe, 0);
    ASSERT_EQ(seven.size(), 200u) << threads;
    for (size_t i = 0; i < seven.size(); ++i) EXPECT_EQ(seven[i], static_cast<int64_t>(7 + 1000 * i));
    EXPECT_EQ(Matches(table, probe, 1).size(), 200u);
    EXPECT_TRUE(Matches(table, probe, 2).empty());
    EXPECT_TRUE(Matches(table, probe, 3).empty());
  }
}

TEST(JoinHashTableTest, SkippedRowsAreNotIndexed) {
  std::vector<VectorPtr> keys{Longs({5, 5, 6, 5})};
  JoinHashTable table;
  table.Build(keys, 4, {0, 1, 0, 0}, 1);
  EXPECT_EQ(table.indexed_rows(), 3u);
  std::vector<VectorPtr> probe{Longs({5, 6})};
  EXPECT_EQ(Matches(table, probe, 0), (std::vector<int64_t>{0, 3}));
  EXPECT_EQ(Matches(table, probe, 1), std::vector<int64_t>{2});
}

TEST(JoinHashTableTest, CompositeStringKeysAndNullSafeNulls) {
  // (NULL, "a") equals (NULL, "a") under <=>: the caller decides whether NULL
  // keys are indexed; the table compares them as equal.
  std::vector<VectorPtr> keys{Longs({1, 1, 0, 2}, {2}), Strings({"a", "a long string past the inline size", "a", "b"})};
  JoinHashTable table;
  table.Build(keys, 4, {}, 1);
  std::vector<VectorPtr> probe{Longs({1, 1, 0, 2, 1}, {2}),
                               Strings({"a long string past the inline size", "a", "a", "a", "b"})};
  EXPECT_EQ(Matches(table, probe, 0), std::vector<int64_t>{1});
  EXPECT_EQ(Matches(table, probe, 1), std::vector<int64_t>{0});
  EXPECT_EQ(Matches(table, probe, 2), std::vector<int64_t>{2});
  EXPECT_TRUE(Matches(table, probe, 3).empty());
  EXPECT_TRUE(Matches(table, probe, 4).empty());
}

TEST(JoinHashTableTest, IntegerKeysMatchProbesOfOtherEncodingsAndNulls) {
  std::vector<VectorPtr> keys{Longs({10, 20, 30})};
  JoinHashTable table;
  table.Build(keys, 3, {}, 1);
  // A constant probe vector (not flat) and a NULL probe row whose slot holds 20.
  std::vector<VectorPtr> constant{Vector::MakeConstant(Longs({20}), 0, 3)};
  EXPECT_EQ(Matches(table, constant, 2), std::vector<int64_t>{1});
  VectorPtr with_null = Longs({20, 20});
  with_null->SetNull(1);
  std::vector<VectorPtr> probe{with_null};
  EXPECT_EQ(Matches(table, probe, 0), std::vector<int64_t>{1});
  EXPECT_TRUE(Matches(table, probe, 1).empty());
}

}  // namespace
}  // namespace tarn::exec
