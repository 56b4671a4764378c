#include "exec/group_table.h"

#include <algorithm>
#include <limits>
#include <type_traits>

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
// combination of key codes; beyond this many combinations its per-batch
// table no longer stays in L1.
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

namespace {

// How FindOrInsertEncoded turns one key column into a small code per row.
struct KeyCode {
  enum class Kind : uint8_t { kConstant, kDictionary, kIntegerRange } kind = Kind::kConstant;
  size_t width = 1;  // number of codes
  int64_t min = 0;   // kIntegerRange: value v has code v - min, NULL the last code
  bool nulls = false;
};

template <typename T>
bool IntegerRange(const Vector& key, const uint32_t* rows, size_t count, size_t max_width, KeyCode* code) {
  const T* values = key.values<T>();
  const uint8_t* validity = key.validity();
  int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
  for (size_t k = 0; k < count; ++k) {
    size_t r = rows ? rows[k] : k;
    if (validity != nullptr && !bitmap::Get(validity, r)) {
      code->nulls = true;
      continue;
    }
    int64_t v = static_cast<int64_t>(values[r]);
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    // Wide already (q18's order keys): stop reading.
    if (static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) >= max_width) return false;
  }
  if (lo > hi) lo = hi = 0;  // every row NULL
  uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  if (span >= max_width) return false;
  code->kind = KeyCode::Kind::kIntegerRange;
  code->width = static_cast<size_t>(span) + 1 + (code->nulls ? 1 : 0);
  code->min = lo;
  return code->width <= max_width;
}

template <typename T>
void AddIntegerCodes(const Vector& key, const KeyCode& code, const uint32_t* rows, size_t count, uint32_t stride,
                     uint32_t* codes) {
  const T* values = key.values<T>();
  const uint8_t* validity = key.validity();
  for (size_t k = 0; k < count; ++k) {
    size_t r = rows ? rows[k] : k;
    uint32_t c = validity != nullptr && !bitmap::Get(validity, r)
                     ? static_cast<uint32_t>(code.width - 1)
                     : static_cast<uint32_t>(static_cast<uint64_t>(static_cast<int64_t>(values[r])) -
                                             static_cast<uint64_t>(code.min));
    codes[k] += c * stride;
  }
}

// Calls fn(std::type_identity<T>{}) for integer-like physical types (whose
// values are equal exactly when their integers are); false otherwise.
template <typename Fn>
bool DispatchInteger(const DataType& type, Fn&& fn) {
  switch (type.physical_type()) {
    case PhysicalType::kBool:
    case PhysicalType::kInt8: fn(std::type_identity<int8_t>{}); return true;
    case PhysicalType::kInt16: fn(std::type_identity<int16_t>{}); return true;
    case PhysicalType::kInt32: fn(std::type_identity<int32_t>{}); return true;
    case PhysicalType::kInt64: fn(std::type_identity<int64_t>{}); return true;
    default: return false;
  }
}

}  // namespace

// Rows whose keys have the same small codes — dictionary indices (the key is
// the base row they point at), a constant, or an integer's offset from the
// batch's smallest value when the batch's values span a small range — have
// the same key, so they share a group: the first row of each combination of
// codes goes through the hashed lookup (in row order, so group ids stay in
// first-seen order) and the others copy its group.
bool GroupTable::FindOrInsertEncoded(const std::vector<VectorPtr>& keys, size_t num_rows, uint32_t* groups,
                                     const std::vector<uint32_t>* rows) {
  size_t count = rows ? rows->size() : num_rows;
  if (keys.empty() || count < 2) return false;
  const uint32_t* selected = rows ? rows->data() : nullptr;
  // Two rows per combination at least, and a code table that stays in L1.
  size_t limit = std::min(kMaxEncodedCombinations, count / 2);
  std::vector<KeyCode> key_codes(keys.size());
  size_t combinations = 1;
  for (size_t c = 0; c < keys.size(); ++c) {
    const Vector& key = *keys[c];
    KeyCode& code = key_codes[c];
    if (key.encoding() == VectorEncoding::kDictionary) {
      code.kind = KeyCode::Kind::kDictionary;
      code.width = key.Base().size();
    } else if (key.is_flat()) {
      bool ok = false;
      bool integer = DispatchInteger(key.type(), [&]<typename T>(std::type_identity<T>) {
        ok = IntegerRange<T>(key, selected, count, limit / combinations, &code);
      });
      if (!integer || !ok) return false;
    }
    combinations *= code.width;
    if (combinations > limit) return false;
  }
  codes_.assign(count, 0);
  uint32_t stride = 1;
  for (size_t c = 0; c < keys.size(); ++c) {
    const Vector& key = *keys[c];
    const KeyCode& code = key_codes[c];
    if (code.kind == KeyCode::Kind::kDictionary) {
      const int32_t* indices = key.indices();
      for (size_t k = 0; k < count; ++k)
        codes_[k] += static_cast<uint32_t>(indices[selected ? selected[k] : k]) * stride;
    } else if (code.kind == KeyCode::Kind::kIntegerRange) {
      DispatchInteger(key.type(), [&]<typename T>(std::type_identity<T>) {
        AddIntegerCodes<T>(key, code, selected, count, stride, codes_.data());
      });
    }
    stride *= static_cast<uint32_t>(code.width);
  }
  code_first_.assign(combinations, 0);
  firsts_.clear();
  for (size_t k = 0; k < count; ++k) {
    uint32_t& first = code_first_[codes_[k]];
    if (first == 0) {
      firsts_.push_back(static_cast<uint32_t>(selected ? selected[k] : k));
      first = static_cast<uint32_t>(firsts_.size());
    }
  }
  std::vector<VectorPtr> first_keys;
  for (const VectorPtr& key : keys) first_keys.push_back(SelectRows(key, firsts_.data(), firsts_.size()));
  first_groups_.assign(firsts_.size(), 0);
  FindOrInsertHashed(first_keys, firsts_.size(), first_groups_.data(), nullptr);
  for (size_t k = 0; k < count; ++k) groups[selected ? selected[k] : k] = first_groups_[code_first_[codes_[k]] - 1];
  return true;
}

// The probe loop of FindOrInsertHashed over the hashes in scratch_, with
// `equal(group, row)` deciding whether row `row` of `keys` is group `group`.
template <typename Equal>
void GroupTable::InsertHashed(const std::vector<VectorPtr>& keys, uint32_t* groups, const std::vector<uint32_t>* rows,
                              Equal&& equal) {
  size_t count = rows ? rows->size() : scratch_.size();
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
        if (Tag(slot) == Tag(hash) && equal(GroupOf(slot), row)) {
          groups[row] = GroupOf(slot);
          break;
        }
        s = (s + 1) & mask_;
      }
    }
  }
}

// Calls fn(equal), equal(group, row) telling whether row `row` of `keys` has
// group `group`'s key. One integer-like key (TPC-H's order and customer keys)
// is compared as integers read through plain pointers, not with RowsEqual's
// per-row type switch.
template <typename Fn>
void GroupTable::WithKeyEquality(const std::vector<VectorPtr>& keys, Fn&& fn) const {
  bool integer = keys.size() == 1 && DispatchInteger(keys[0]->type(), [&]<typename T>(std::type_identity<T>) {
    const Vector& key = *keys[0];
    const Vector& base = key.Base();
    const T* values = base.values<T>();
    const uint8_t* validity = base.validity();
    const int32_t* indices = key.encoding() == VectorEncoding::kDictionary ? key.indices() : nullptr;
    size_t stride = key.is_flat() ? 1 : 0;
    size_t first = key.encoding() == VectorEncoding::kConstant ? key.RowIndex(0) : 0;
    const Vector& mine = *keys_[0];  // grows while rows are inserted: read through it each time
    fn([&](uint32_t group, size_t row) {
      size_t at = indices != nullptr ? static_cast<size_t>(indices[row]) : first + row * stride;
      bool null = validity != nullptr && !bitmap::Get(validity, at);
      bool group_null = mine.validity() != nullptr && !bitmap::Get(mine.validity(), group);
      if (null || group_null) return null == group_null;
      return mine.values<T>()[group] == values[at];
    });
  });
  if (!integer) fn([&](uint32_t group, size_t row) { return Matches(group, keys, row); });
}

void GroupTable::FindOrInsertHashed(const std::vector<VectorPtr>& keys, size_t num_rows, uint32_t* groups,
                                    const std::vector<uint32_t>* rows) {
  scratch_.assign(num_rows, 0);
  for (size_t c = 0; c < keys.size(); ++c) HashColumn(*keys[c], num_rows, scratch_.data(), c > 0);
  WithKeyEquality(keys, [&](auto&& equal) { InsertHashed(keys, groups, rows, equal); });
}

void GroupTable::Find(const std::vector<VectorPtr>& keys, size_t num_rows, int64_t* groups) const {
  TARN_CHECK_EQ(keys.size(), keys_.size());
  std::vector<uint64_t> hashes(num_rows, 0);
  for (size_t c = 0; c < keys.size(); ++c) HashColumn(*keys[c], num_rows, hashes.data(), c > 0);
  WithKeyEquality(keys, [&](auto&& equal) {
    for (size_t block = 0; block < num_rows; block += kPrefetchBlock) {
      size_t end = std::min(num_rows, block + kPrefetchBlock);
      for (size_t row = block; row < end; ++row) __builtin_prefetch(&slots_[hashes[row] & mask_]);
      for (size_t row = block; row < end; ++row) {
        size_t s = hashes[row] & mask_;
        groups[row] = -1;
        for (uint64_t slot; (slot = slots_[s]) != 0; s = (s + 1) & mask_) {
          if (Tag(slot) == Tag(hashes[row]) && equal(GroupOf(slot), row)) {
            groups[row] = GroupOf(slot);
            break;
          }
        }
      }
    }
  });
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
