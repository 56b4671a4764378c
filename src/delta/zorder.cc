#include "delta/zorder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <string_view>
#include <type_traits>
#include <utility>

#include "columnar/row_compare.h"
#include "common/check.h"

namespace tarn::delta {

uint64_t InterleaveBits(const std::vector<uint32_t>& ids, int bits) {
  uint64_t key = 0;
  for (int b = bits - 1; b >= 0; --b) {
    for (uint32_t id : ids) key = (key << 1) | ((id >> b) & 1u);
  }
  return key;
}

uint64_t HilbertIndex(std::vector<uint32_t> x, int bits) {
  // John Skilling, "Programming the Hilbert curve" (2004): axes → transposed index.
  const size_t n = x.size();
  if (n == 0 || bits == 0) return 0;
  const uint32_t m = 1u << (bits - 1);
  for (uint32_t q = m; q > 1; q >>= 1) {
    const uint32_t p = q - 1;
    for (size_t i = 0; i < n; ++i) {
      if (x[i] & q) {
        x[0] ^= p;
      } else {
        const uint32_t t = (x[0] ^ x[i]) & p;
        x[0] ^= t;
        x[i] ^= t;
      }
    }
  }
  for (size_t i = 1; i < n; ++i) x[i] ^= x[i - 1];
  uint32_t t = 0;
  for (uint32_t q = m; q > 1; q >>= 1) {
    if (x[n - 1] & q) t ^= q - 1;
  }
  for (size_t i = 0; i < n; ++i) x[i] ^= t;
  return InterleaveBits(x, bits);
}

namespace {

// A value of a fixed-width key column as a uint64 whose unsigned order is
// Spark's order of the values: signed integers with the sign bit flipped,
// floating point by its bits (negatives inverted), -0.0 as 0.0 and every NaN
// as one value above +infinity.
template <typename T>
uint64_t OrderedBits(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    double d = static_cast<double>(v);
    if (std::isnan(d)) d = std::numeric_limits<double>::quiet_NaN();
    if (d == 0.0) d = 0.0;
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    return (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<uint64_t>(static_cast<int64_t>(v)) ^ (uint64_t{1} << 63);
  } else {
    return static_cast<uint64_t>(v);
  }
}

// Sorts (key, row) pairs by key, stably: LSD radix sort on bytes, skipping
// the bytes every key shares (small ranges and curve keys use few of them).
// Input in row order thus comes out ordered by (key, row).
void RadixSortByKey(std::vector<std::pair<uint64_t, uint32_t>>& items) {
  const size_t n = items.size();
  if (n < 2) return;
  uint64_t all_or = 0, all_and = ~uint64_t{0};
  for (const auto& item : items) {
    all_or |= item.first;
    all_and &= item.first;
  }
  std::vector<std::pair<uint64_t, uint32_t>> scratch(n);
  for (int shift = 0; shift < 64; shift += 8) {
    if ((((all_or ^ all_and) >> shift) & 0xFF) == 0) continue;  // this byte is the same in every key
    size_t offsets[257] = {};
    for (const auto& item : items) ++offsets[((item.first >> shift) & 0xFF) + 1];
    for (size_t b = 1; b <= 256; ++b) offsets[b] += offsets[b - 1];
    for (const auto& item : items) scratch[offsets[(item.first >> shift) & 0xFF]++] = item;
    items.swap(scratch);
  }
}

// The rows sorted by one key column in Spark's order (NULLs first) into
// `order`, and for each position whether its value equals the previous one.
class ColumnSorter {
 public:
  ColumnSorter(const std::vector<Batch>& batches, const std::vector<RowRef>& rows, int column)
      : batches_(batches), rows_(rows), column_(column) {}

  void Sort(std::vector<uint32_t>* order, std::vector<uint8_t>* same) {
    const size_t n = rows_.size();
    order->clear();
    same->assign(n, 0);
    const DataType& type = batches_[0].column(column_).type();
    switch (type.physical_type()) {
      case PhysicalType::kBool:
      case PhysicalType::kInt8: return SortFixed<int8_t>(order, same);
      case PhysicalType::kInt16: return SortFixed<int16_t>(order, same);
      case PhysicalType::kInt32: return SortFixed<int32_t>(order, same);
      case PhysicalType::kInt64: return SortFixed<int64_t>(order, same);
      case PhysicalType::kFloat: return SortFixed<float>(order, same);
      case PhysicalType::kDouble: return SortFixed<double>(order, same);
      case PhysicalType::kString: return SortStrings(order, same);
      default: return SortGeneric(order, same);
    }
  }

 private:
  const Vector& ColumnOf(const RowRef& r) const { return batches_[r.batch].column(column_); }

  // NULL rows first (in row order), then the others; returns how many NULLs.
  size_t TakeNulls(std::vector<uint32_t>* order, std::vector<uint32_t>* valid) const {
    for (uint32_t i = 0; i < rows_.size(); ++i) {
      (ColumnOf(rows_[i]).IsNull(rows_[i].row) ? order : valid)->push_back(i);
    }
    return order->size();
  }

  template <typename T>
  void SortFixed(std::vector<uint32_t>* order, std::vector<uint8_t>* same) {
    std::vector<uint32_t> valid;
    const size_t nulls = TakeNulls(order, &valid);
    std::vector<std::pair<uint64_t, uint32_t>> keyed(valid.size());
    for (size_t k = 0; k < valid.size(); ++k) {
      const RowRef& r = rows_[valid[k]];
      keyed[k] = {OrderedBits(ColumnOf(r).ValueAt<T>(r.row)), valid[k]};
    }
    RadixSortByKey(keyed);
    MarkNullRun(nulls, same);
    for (size_t k = 0; k < keyed.size(); ++k) {
      order->push_back(keyed[k].second);
      (*same)[nulls + k] = k > 0 && keyed[k].first == keyed[k - 1].first;
    }
  }

  void SortStrings(std::vector<uint32_t>* order, std::vector<uint8_t>* same) {
    std::vector<uint32_t> valid;
    const size_t nulls = TakeNulls(order, &valid);
    std::vector<std::pair<std::string_view, uint32_t>> keyed(valid.size());
    for (size_t k = 0; k < valid.size(); ++k) {
      const RowRef& r = rows_[valid[k]];
      keyed[k] = {ColumnOf(r).StringAt(r.row).view(), valid[k]};  // unsigned byte order, as Spark
    }
    std::sort(keyed.begin(), keyed.end());
    MarkNullRun(nulls, same);
    for (size_t k = 0; k < keyed.size(); ++k) {
      order->push_back(keyed[k].second);
      (*same)[nulls + k] = k > 0 && keyed[k].first == keyed[k - 1].first;
    }
  }

  // Other types (decimal(>18), intervals, nested): the generic row comparison.
  void SortGeneric(std::vector<uint32_t>* order, std::vector<uint8_t>* same) {
    order->resize(rows_.size());
    std::iota(order->begin(), order->end(), 0u);
    std::stable_sort(order->begin(), order->end(), [&](uint32_t a, uint32_t b) {
      return CompareRows(ColumnOf(rows_[a]), rows_[a].row, ColumnOf(rows_[b]), rows_[b].row) < 0;
    });
    for (size_t pos = 1; pos < order->size(); ++pos) {
      const RowRef& prev = rows_[(*order)[pos - 1]];
      const RowRef& here = rows_[(*order)[pos]];
      (*same)[pos] = RowsEqual(ColumnOf(prev), prev.row, ColumnOf(here), here.row);
    }
  }

  static void MarkNullRun(size_t nulls, std::vector<uint8_t>* same) {
    for (size_t k = 1; k < nulls; ++k) (*same)[k] = 1;
  }

  const std::vector<Batch>& batches_;
  const std::vector<RowRef>& rows_;
  int column_;
};

}  // namespace

std::vector<RowRef> CurveOrder(const std::vector<Batch>& batches, const std::vector<int>& key_columns, Curve curve,
                               int max_ranges) {
  std::vector<RowRef> rows;
  for (size_t b = 0; b < batches.size(); ++b) {
    for (size_t r = 0; r < batches[b].num_rows(); ++r) rows.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(r)});
  }
  const size_t n = rows.size();
  if (key_columns.empty() || n < 2) return rows;
  const int k = static_cast<int>(key_columns.size());
  const int bits = std::max(1, std::min(10, 64 / k));
  const int64_t ranges = std::min<int64_t>({int64_t{1} << bits, std::max(1, max_ranges), static_cast<int64_t>(n)});

  // ids[c][i]: the range id of row i (index into `rows`) in key column c.
  std::vector<std::vector<uint32_t>> ids(key_columns.size(), std::vector<uint32_t>(n));
  std::vector<uint32_t> order;
  std::vector<uint8_t> same;
  for (size_t c = 0; c < key_columns.size(); ++c) {
    ColumnSorter(batches, rows, key_columns[c]).Sort(&order, &same);
    uint32_t id = 0;
    for (size_t pos = 0; pos < n; ++pos) {
      // A run of equal values keeps the id of its first row (equal depth otherwise).
      if (!same[pos]) id = static_cast<uint32_t>(static_cast<int64_t>(pos) * ranges / static_cast<int64_t>(n));
      ids[c][order[pos]] = id;
    }
  }
  // The curve key per row, then the rows by key (ties in row order).
  std::vector<std::pair<uint64_t, uint32_t>> keyed(n);
  std::vector<uint32_t> point(key_columns.size());
  for (size_t i = 0; i < n; ++i) {
    for (size_t c = 0; c < key_columns.size(); ++c) point[c] = ids[c][i];
    keyed[i] = {curve == Curve::kZOrder ? InterleaveBits(point, bits) : HilbertIndex(point, bits), static_cast<uint32_t>(i)};
  }
  RadixSortByKey(keyed);  // stable: ties stay in row order
  std::vector<RowRef> sorted(n);
  for (size_t i = 0; i < n; ++i) sorted[i] = rows[keyed[i].second];
  return sorted;
}

}  // namespace tarn::delta
