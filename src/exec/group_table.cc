#include "exec/group_table.h"

#include <algorithm>

#include "columnar/row_compare.h"
#include "common/check.h"
#include "exec/vector_util.h"

namespace tarn::exec {

namespace {

// A slot holds the group id + 1 (0 = empty) in its low 32 bits and the upper
// 32 bits of the key's hash as a tag: most non-matching slots are rejected
// without touching the group's hash or key values (two cache misses saved).
constexpr uint64_t Tag(uint64_t hash) { return hash & 0xffffffff00000000ULL; }
constexpr uint64_t Slot(uint64_t hash, uint32_t group) { return Tag(hash) | (uint64_t{group} + 1); }
constexpr uint32_t GroupOf(uint64_t slot) { return static_cast<uint32_t>(slot) - 1; }

// Rows whose slots are looked up together: their first slots are prefetched
// first, so the misses overlap instead of following one another.
constexpr size_t kPrefetchBlock = 64;

// The encoded path pays off while a batch has at least two rows per
// combination of dictionary entries; beyond this many combinations its
// per-batch table no longer stays in L1.
constexpr size_t kMaxEncodedCombinations = 4096;

}  // namespace

GroupTable::GroupTable(std::vector<DataType> key_types) {
  for (const DataType& type : key_types) keys_.push_back(Vector::Make(type, 0));
  slots_.assign(1024, 0);
  mask_ = slots_.size() - 1;
}

bool GroupTable::Matches(uint32_t group, const std::vector<VectorPtr>& keys, size_t row) const {
  for (size_t c = 0; c < keys.size(); ++c)
    if (!RowsEqual(*keys_[c], group, *keys[c], row)) return false;
  return true;
}

void GroupTable::Grow() {
  slots_.assign(slots_.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (uint32_t g = 0; g < hashes_.size(); ++g) {
    size_t s = hashes_[g] & mask_;
    while (slots_[s] != 0) s = (s + 1) & mask_;
    slots_[s] = Slot(hashes_[g], g);
  }
}

void GroupTable::FindOrInsert(const std::vector<VectorPtr>& keys, size_t num_rows, uint32_t* groups,
                              const std::vector<uint32_t>* rows) {
  TARN_CHECK_EQ(keys.size(), keys_.size());
  if (!FindOrInsertEncoded(keys, num_rows, groups, rows)) FindOrInsertHashed(keys, num_rows, groups, rows);
}

// A row's key is determined by the base rows its dictionary indices point at,
// so rows with the same combination of indices share a group: the first row
// of each combination goes through the hashed lookup (in row order, so group
// ids stay in first-seen order) and the others copy its group.
bool GroupTable::FindOrInsertEncoded(const std::vector<VectorPtr>& keys, size_t num_rows, uint32_t* groups,
                                     const std::vector<uint32_t>* rows) {
  size_t count = rows ? rows->size() : num_rows;
  if (keys.empty() || count == 0) return false;
  size_t combinations = 1;
  for (const VectorPtr& key : keys) {
    if (key->is_flat()) return false;
    if (key->encoding() == VectorEncoding::kDictionary) combinations *= key->Base().size();
    if (combinations > kMaxEncodedCombinations || combinations * 2 > count) return false;
  }
  codes_.assign(count, 0);
  uint32_t stride = 1;
  for (const VectorPtr& key : keys) {
    if (key->encoding() != VectorEncoding::kDictionary) continue;  // constant: one base row
    const int32_t* indices = key->indices();
    if (rows != nullptr) {
      for (size_t k = 0; k < count; ++k) codes_[k] += static_cast<uint32_t>(indices[(*rows)[k]]) * stride;
    } else {
      for (size_t k = 0; k < count; ++k) codes_[k] += static_cast<uint32_t>(indices[k]) * stride;
    }
    stride *= static_cast<uint32_t>(key->Base().size());
  }
  code_first_.assign(combinations, 0);
  firsts_.clear();
  for (size_t k = 0; k < count; ++k) {
    uint32_t& first = code_first_[codes_[k]];
    if (first == 0) {
      firsts_.push_back(static_cast<uint32_t>(rows ? (*rows)[k] : k));
      first = static_cast<uint32_t>(firsts_.size());
    }
  }
  std::vector<VectorPtr> first_keys;
  for (const VectorPtr& key : keys) first_keys.push_back(SelectRows(key, firsts_.data(), firsts_.size()));
  first_groups_.assign(firsts_.size(), 0);
  FindOrInsertHashed(first_keys, firsts_.size(), first_groups_.data(), nullptr);
  for (size_t k = 0; k < count; ++k) groups[rows ? (*rows)[k] : k] = first_groups_[code_first_[codes_[k]] - 1];
  return true;
}

void GroupTable::FindOrInsertHashed(const std::vector<VectorPtr>& keys, size_t num_rows, uint32_t* groups,
                                    const std::vector<uint32_t>* rows) {
  scratch_.assign(num_rows, 0);
  for (size_t c = 0; c < keys.size(); ++c) HashColumn(*keys[c], num_rows, scratch_.data(), c > 0);
  size_t count = rows ? rows->size() : num_rows;
  for (size_t block = 0; block < count; block += kPrefetchBlock) {
    size_t end = std::min(count, block + kPrefetchBlock);
    for (size_t k = block; k < end; ++k) __builtin_prefetch(&slots_[scratch_[rows ? (*rows)[k] : k] & mask_]);
    for (size_t k = block; k < end; ++k) {
      size_t row = rows ? (*rows)[k] : k;
      uint64_t hash = scratch_[row];
      size_t s = hash & mask_;
      while (true) {
        uint64_t slot = slots_[s];
        if (slot == 0) {
          uint32_t group = static_cast<uint32_t>(hashes_.size());
          hashes_.push_back(hash);
          for (size_t c = 0; c < keys.size(); ++c) keys_[c]->AppendFrom(*keys[c], row);
          slots_[s] = Slot(hash, group);
          groups[row] = group;
          if (hashes_.size() * 2 > slots_.size()) Grow();
          break;
        }
        if (Tag(slot) == Tag(hash) && Matches(GroupOf(slot), keys, row)) {
          groups[row] = GroupOf(slot);
          break;
        }
        s = (s + 1) & mask_;
      }
    }
  }
}

void GroupTable::Find(const std::vector<VectorPtr>& keys, size_t num_rows, int64_t* groups) const {
  TARN_CHECK_EQ(keys.size(), keys_.size());
  std::vector<uint64_t> hashes(num_rows, 0);
  for (size_t c = 0; c < keys.size(); ++c) HashColumn(*keys[c], num_rows, hashes.data(), c > 0);
  for (size_t block = 0; block < num_rows; block += kPrefetchBlock) {
    size_t end = std::min(num_rows, block + kPrefetchBlock);
    for (size_t row = block; row < end; ++row) __builtin_prefetch(&slots_[hashes[row] & mask_]);
    for (size_t row = block; row < end; ++row) {
      size_t s = hashes[row] & mask_;
      groups[row] = -1;
      for (uint64_t slot; (slot = slots_[s]) != 0; s = (s + 1) & mask_) {
        if (Tag(slot) == Tag(hashes[row]) && Matches(GroupOf(slot), keys, row)) {
          groups[row] = GroupOf(slot);
          break;
        }
      }
    }
  }
}

int64_t GroupTable::memory_bytes() const {
  int64_t bytes = static_cast<int64_t>(slots_.size() * 8 + hashes_.size() * 8);
  for (const VectorPtr& key : keys_) {
    int width = key->type().fixed_width();
    bytes += static_cast<int64_t>(key->size()) * (width > 0 ? width : 32);
  }
  return bytes;
}

}  // namespace tarn::exec
