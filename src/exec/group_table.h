// GroupTable: an open-addressing hash table that maps composite keys (one
// vector per key column) to dense group ids 0, 1, 2, ... in first-seen order,
// keeping each group's key values. NULL equals NULL (grouping semantics);
// callers that need SQL equality drop NULL-keyed rows first.
//
// Keys that arrive dictionary-encoded over small dictionaries (Parquet
// dictionary pages: TPC-H's flags and modes), or integers spanning a small
// range in a batch, are looked up once per distinct combination per batch,
// not once per row.
//
// Thread safety: one thread per table.
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/vector.h"

namespace tarn::exec {

class GroupTable {
 public:
  explicit GroupTable(std::vector<DataType> key_types);

  /// groups[i] = group of row i of `keys`, creating new groups as needed.
  /// Only rows in `rows` (all when null) are looked up; others are left alone.
  void FindOrInsert(const std::vector<VectorPtr>& keys, size_t num_rows, uint32_t* groups,
                    const std::vector<uint32_t>* rows = nullptr);
  /// groups[i] = group of row i, or -1 when absent.
  void Find(const std::vector<VectorPtr>& keys, size_t num_rows, int64_t* groups) const;

  size_t size() const { return hashes_.size(); }
  /// The key values: group g is row g of every vector (flat).
  const std::vector<VectorPtr>& keys() const { return keys_; }
  std::vector<DataType> key_types() const {
    std::vector<DataType> types;
    for (const VectorPtr& key : keys_) types.push_back(key->type());
    return types;
  }
  /// The hash of group g's key (HashColumn over the key columns).
  uint64_t hash(size_t group) const { return hashes_[group]; }
  int64_t memory_bytes() const;

 private:
  bool Matches(uint32_t group, const std::vector<VectorPtr>& keys, size_t row) const;
  void Grow();
  /// The hashed lookup of FindOrInsert, for every row or the rows in `rows`.
  void FindOrInsertHashed(const std::vector<VectorPtr>& keys, size_t num_rows, uint32_t* groups,
                          const std::vector<uint32_t>* rows);
  template <typename Fn>
  void WithKeyEquality(const std::vector<VectorPtr>& keys, Fn&& fn) const;
  template <typename Equal>
  void InsertHashed(const std::vector<VectorPtr>& keys, uint32_t* groups, const std::vector<uint32_t>* rows,
                    Equal&& equal);
  /// FindOrInsert when every key is dictionary-encoded, constant or an
  /// integer of a small range in this batch, with few combinations; false
  /// (nothing done) otherwise.
  bool FindOrInsertEncoded(const std::vector<VectorPtr>& keys, size_t num_rows, uint32_t* groups,
                           const std::vector<uint32_t>* rows);

  std::vector<VectorPtr> keys_;
  std::vector<uint64_t> hashes_;  // per group
  std::vector<uint64_t> slots_;   // hash tag | group + 1, 0 = empty (group_table.cc)
  size_t mask_ = 0;
  std::vector<uint64_t> scratch_;
  // FindOrInsertEncoded's per-batch scratch.
  std::vector<uint32_t> codes_;       // per looked-up row: its combination of base rows
  std::vector<uint32_t> code_first_;  // per combination: index into firsts_ + 1, 0 = not seen
  std::vector<uint32_t> firsts_;      // the first row of each combination, in row order
  std::vector<uint32_t> first_groups_;
};

}  // namespace tarn::exec
