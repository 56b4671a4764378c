#include "delta/zorder.h"

#include <algorithm>
#include <numeric>

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
  std::vector<uint32_t> order(n);
  for (size_t c = 0; c < key_columns.size(); ++c) {
    const int col = key_columns[c];
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      const RowRef& ra = rows[a];
      const RowRef& rb = rows[b];
      return CompareRows(batches[ra.batch].column(col), ra.row, batches[rb.batch].column(col), rb.row) < 0;
    });
    uint32_t id = 0;
    for (size_t pos = 0; pos < n; ++pos) {
      const RowRef& here = rows[order[pos]];
      const bool new_value =
          pos == 0 || !RowsEqual(batches[rows[order[pos - 1]].batch].column(col), rows[order[pos - 1]].row,
                                 batches[here.batch].column(col), here.row);
      // A run of equal values keeps the id of its first row (equal depth otherwise).
      if (new_value) id = static_cast<uint32_t>(static_cast<int64_t>(pos) * ranges / static_cast<int64_t>(n));
      ids[c][order[pos]] = id;
    }
  }
  std::vector<uint64_t> keys(n);
  std::vector<uint32_t> point(key_columns.size());
  for (size_t i = 0; i < n; ++i) {
    for (size_t c = 0; c < key_columns.size(); ++c) point[c] = ids[c][i];
    keys[i] = curve == Curve::kZOrder ? InterleaveBits(point, bits) : HilbertIndex(point, bits);
  }
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return keys[a] < keys[b]; });
  std::vector<RowRef> sorted(n);
  for (size_t i = 0; i < n; ++i) sorted[i] = rows[order[i]];
  return sorted;
}

}  // namespace tarn::delta
