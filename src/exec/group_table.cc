#include "exec/group_table.h"

#include "columnar/row_compare.h"
#include "common/check.h"

namespace tarn::exec {

GroupTable::GroupTable(std::vector<DataType> key_types) {
  for (const DataType& type : key_types) keys_.push_back(Vector::Make(type, 0));
  slots_.assign(1024, 0);
  mask_ = slots_.size() - 1;
}

bool GroupTable::Matches(uint32_t group, const std::vector<VectorPtr>& keys, size_t row, uint64_t hash) const {
  if (hashes_[group] != hash) return false;
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
    slots_[s] = g + 1;
  }
}

void GroupTable::FindOrInsert(const std::vector<VectorPtr>& keys, size_t num_rows, uint32_t* groups,
                              const std::vector<uint32_t>* rows) {
  TARN_CHECK_EQ(keys.size(), keys_.size());
  scratch_.assign(num_rows, 0);
  for (size_t c = 0; c < keys.size(); ++c) HashColumn(*keys[c], num_rows, scratch_.data(), c > 0);
  size_t count = rows ? rows->size() : num_rows;
  for (size_t k = 0; k < count; ++k) {
    size_t row = rows ? (*rows)[k] : k;
    uint64_t hash = scratch_[row];
    size_t s = hash & mask_;
    while (true) {
      uint32_t slot = slots_[s];
      if (slot == 0) {
        uint32_t group = static_cast<uint32_t>(hashes_.size());
        hashes_.push_back(hash);
        for (size_t c = 0; c < keys.size(); ++c) keys_[c]->AppendFrom(*keys[c], row);
        slots_[s] = group + 1;
        groups[row] = group;
        if (hashes_.size() * 2 > slots_.size()) Grow();
        break;
      }
      if (Matches(slot - 1, keys, row, hash)) {
        groups[row] = slot - 1;
        break;
      }
      s = (s + 1) & mask_;
    }
  }
}

void GroupTable::Find(const std::vector<VectorPtr>& keys, size_t num_rows, int64_t* groups) const {
  TARN_CHECK_EQ(keys.size(), keys_.size());
  std::vector<uint64_t> hashes(num_rows, 0);
  for (size_t c = 0; c < keys.size(); ++c) HashColumn(*keys[c], num_rows, hashes.data(), c > 0);
  for (size_t row = 0; row < num_rows; ++row) {
    size_t s = hashes[row] & mask_;
    groups[row] = -1;
    while (slots_[s] != 0) {
      if (Matches(slots_[s] - 1, keys, row, hashes[row])) {
        groups[row] = slots_[s] - 1;
        break;
      }
      s = (s + 1) & mask_;
    }
  }
}

int64_t GroupTable::memory_bytes() const {
  int64_t bytes = static_cast<int64_t>(slots_.size() * 4 + hashes_.size() * 8);
  for (const VectorPtr& key : keys_) {
    int width = key->type().fixed_width();
    bytes += static_cast<int64_t>(key->size()) * (width > 0 ? width : 32);
  }
  return bytes;
}

}  // namespace tarn::exec
