#include "exec/runtime_filter.h"

#include "columnar/row_compare.h"
#include "columnar/value_text.h"

namespace tarn::exec {
namespace {

// Types whose min/max a ScanFilter literal carries exactly, as the
// optimizer's pushed filters (no floats: NaN and -0.0; no timestamps: the
// literal text depends on the session time zone).
bool RangeComparable(const DataType& type) {
  if (type.is_nested() || type.is_timestamp()) return false;
  switch (type.id()) {
    case TypeId::kNull:
    case TypeId::kFloat:
    case TypeId::kDouble: return false;
    default: return true;
  }
}

std::string LiteralText(const Vector& keys, size_t row) {
  std::string text;
  SparkTextOptions options;
  options.binary_style = SparkTextOptions::BinaryStyle::kHex;
  AppendSparkText(keys, row, &text, options);
  return text;
}

// The rows holding the smallest and largest key of a flat integer vector
// (physical int32/int64: integers, dates, decimals up to 18 digits), read as
// plain values — CompareRows per row was a tenth of TPC-H q04's profile; returns
// the number of keys (rows neither skipped nor NULL).
template <typename T>
int64_t IntegerMinMaxRows(const Vector& keys, size_t rows, const std::vector<uint8_t>& skip, int64_t* min_row,
                          int64_t* max_row) {
  const T* values = keys.values<T>();
  bool nulls = keys.may_have_nulls();
  int64_t count = 0;
  for (size_t r = 0; r < rows; ++r) {
    if ((r < skip.size() && skip[r]) || (nulls && keys.IsNull(r))) continue;
    ++count;
    if (*min_row < 0 || values[r] < values[*min_row]) *min_row = static_cast<int64_t>(r);
    if (*max_row < 0 || values[r] > values[*max_row]) *max_row = static_cast<int64_t>(r);
  }
  return count;
}

}  // namespace

std::shared_ptr<const RuntimeFilter> RuntimeFilter::Build(const Vector& keys, size_t rows,
                                                          const std::vector<uint8_t>& skip, int64_t bloom_max_items) {
  auto filter = std::make_shared<RuntimeFilter>();
  int64_t min_row = -1, max_row = -1;
  bool range = RangeComparable(keys.type());
  PhysicalType physical = keys.type().physical_type();
  bool integers = range && keys.is_flat() && (physical == PhysicalType::kInt32 || physical == PhysicalType::kInt64);
  if (integers) {
    filter->keys_ = physical == PhysicalType::kInt32 ? IntegerMinMaxRows<int32_t>(keys, rows, skip, &min_row, &max_row)
                                                     : IntegerMinMaxRows<int64_t>(keys, rows, skip, &min_row, &max_row);
  }
  for (size_t r = 0; r < rows && !integers; ++r) {
    if ((r < skip.size() && skip[r]) || keys.IsNull(r)) continue;
    ++filter->keys_;
    if (!range) continue;
    if (min_row < 0 || CompareRows(keys, r, keys, static_cast<size_t>(min_row)) < 0) min_row = static_cast<int64_t>(r);
    if (max_row < 0 || CompareRows(keys, r, keys, static_cast<size_t>(max_row)) > 0) max_row = static_cast<int64_t>(r);
  }
  if (min_row >= 0) {
    filter->min_ = LiteralText(keys, static_cast<size_t>(min_row));
    filter->max_ = LiteralText(keys, static_cast<size_t>(max_row));
  }
  if (filter->keys_ == 0 || filter->keys_ > bloom_max_items) return filter;
  // About 16 bits per key in 64-bit blocks: one block per key, 4 bits in it
  // (a cache miss per probe; ~1-2 % false positives).
  uint64_t words = 1;
  while (words * 4 < static_cast<uint64_t>(filter->keys_)) words *= 2;
  filter->bloom_.assign(words, 0);
  filter->bloom_mask_ = words - 1;
  std::vector<uint64_t> hashes(rows);
  HashColumn(keys, rows, hashes.data(), /*combine=*/false);
  for (size_t r = 0; r < rows; ++r) {
    if ((r < skip.size() && skip[r]) || keys.IsNull(r)) continue;
    filter->bloom_[(hashes[r] >> 40) & filter->bloom_mask_] |= BitsOf(hashes[r]);
  }
  return filter;
}

void RuntimeFilter::AppendScanFilters(int column, std::vector<ScanFilter>* out) const {
  if (!min_ || !max_) return;
  out->push_back(ScanFilter{column, ScanFilter::Op::kGe, *min_});
  out->push_back(ScanFilter{column, ScanFilter::Op::kLe, *max_});
}

void RuntimeFilter::Select(const Vector& column, SelectionVector* rows) const {
  bool nulls = column.may_have_nulls() || column.type().id() == TypeId::kNull;
  size_t kept = 0;
  PhysicalType physical = column.type().physical_type();
  if (physical == PhysicalType::kInt32 || physical == PhysicalType::kInt64) {
    // Integer keys (the usual join key): hash only the rows still selected,
    // as HashColumn does (the value sign-extended to 64 bits); then test them
    // with each block prefetched a few rows ahead (a large filter misses the
    // cache on every row), without a branch on the outcome.
    const Vector& base = column.Base();
    std::vector<uint64_t> hashes(rows->size());
    for (size_t k = 0; k < rows->size(); ++k) {
      uint32_t r = (*rows)[k];
      size_t i = column.is_flat() ? r : column.RowIndex(r);
      int64_t value = physical == PhysicalType::kInt64 ? base.values<int64_t>()[i] : base.values<int32_t>()[i];
      hashes[k] = HashInt64(static_cast<uint64_t>(value), 0);
    }
    constexpr size_t kAhead = 16;
    for (size_t k = 0; k < rows->size(); ++k) {
      if (k + kAhead < hashes.size()) __builtin_prefetch(&bloom_[(hashes[k + kAhead] >> 40) & bloom_mask_]);
      uint32_t r = (*rows)[k];
      (*rows)[kept] = r;
      kept += MayContain(hashes[k]) && !(nulls && column.IsNull(r));
    }
    rows->resize(kept);
    return;
  }
  size_t n = column.size();
  std::vector<uint64_t> hashes(n);
  HashColumn(column, n, hashes.data(), /*combine=*/false);
  for (uint32_t r : *rows) {
    if (nulls && column.IsNull(r)) continue;
    if (MayContain(hashes[r])) (*rows)[kept++] = r;
  }
  rows->resize(kept);
}

}  // namespace tarn::exec
