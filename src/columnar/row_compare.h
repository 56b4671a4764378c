// Row comparison, equality and hashing over Vectors of any type and encoding,
// with Spark's semantics: the ordering ORDER BY uses, the equality GROUP BY /
// joins / DISTINCT use, and hashes consistent with that equality.
//
//  - NULL is smaller than every value (top level and inside arrays/structs/maps);
//    two NULLs compare equal (callers apply SQL NULL semantics themselves).
//  - Floating point: NaN is greater than every other value and equal to NaN;
//    -0.0 equals 0.0 (and hashes the same).
//  - Strings and binary compare by unsigned bytes; arrays, structs and maps
//    lexicographically (a shorter prefix is smaller).
//
// Thread safety: pure functions over read-only vectors.
#pragma once

#include <cstddef>
#include <cstdint>

#include "columnar/vector.h"

namespace tarn {

/// <0, 0, >0 as row_a of `a` sorts before, with, after row_b of `b`.
/// Both vectors have the same type.
int CompareRows(const Vector& a, size_t row_a, const Vector& b, size_t row_b);

/// Equality for grouping/joining: NULL equals NULL, NaN equals NaN, -0.0 equals 0.0.
bool RowsEqual(const Vector& a, size_t row_a, const Vector& b, size_t row_b);

/// A hash consistent with RowsEqual (equal rows hash equally).
uint64_t HashRow(const Vector& vector, size_t row, uint64_t seed = 0);

/// hashes[i] = hash of row i for i < rows; with `combine`, mixes it into the
/// hash already in hashes[i] (for multi-column keys). Same values as
/// HashRow(vector, i, combine ? hashes[i] : 0).
void HashColumn(const Vector& vector, size_t rows, uint64_t* hashes, bool combine);

/// The hash of a 64-bit value (a good mixer).
inline uint64_t HashInt64(uint64_t x, uint64_t seed) {
  x ^= seed + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

}  // namespace tarn
