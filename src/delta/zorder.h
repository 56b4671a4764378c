// Multi-dimensional clustering orders for OPTIMIZE ZORDER BY and liquid
// clustering: rows are ordered along a space-filling curve over the ranks of
// their key columns, so that rows close in every key column land in the same
// file and per-file min/max statistics become narrow in all of them.
//
// As in Delta (range_partition_id + interleave_bits), each key column is first
// turned into a range id: the rows sorted by that column (Spark's ordering,
// NULLs first) are cut into at most `max_ranges` equally deep ranges, equal
// values always in one range. The ids are then combined into one curve key:
//  - kZOrder: the ids' bits interleaved, most significant first (Morton);
//  - kHilbert: the Hilbert index of the ids (Skilling's transposed form),
//    which keeps neighbours on the curve neighbours in space more often —
//    what liquid clustering uses.
// With k columns each id gets min(10, 64 / k) bits, so the key is one uint64.
// The work is columnar: each key column is sorted once as typed keys (fixed-width
// values as order-preserving uint64s, strings as views; other types fall back to
// the generic row comparison), and the rows are sorted by (curve key, row).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/batch.h"

namespace tarn::delta {

/// A row of a list of batches.
struct RowRef {
  uint32_t batch = 0;
  uint32_t row = 0;
};

enum class Curve { kZOrder, kHilbert };

/// The rows of `batches` (one schema) in curve order over the columns
/// `key_columns` (indices into the batches' schema).
std::vector<RowRef> CurveOrder(const std::vector<Batch>& batches, const std::vector<int>& key_columns, Curve curve,
                               int max_ranges = 1000);

/// The bits of `ids` (each < 2^bits) interleaved, most significant first (exposed for tests).
uint64_t InterleaveBits(const std::vector<uint32_t>& ids, int bits);
/// The Hilbert index of the point `ids` (each < 2^bits) (exposed for tests).
uint64_t HilbertIndex(std::vector<uint32_t> ids, int bits);

}  // namespace tarn::delta
