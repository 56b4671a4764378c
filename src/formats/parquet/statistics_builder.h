// Column statistics as the writer builds them (parquet.thrift Statistics and
// the ColumnIndex): min/max in the sort order of the column's type, encoded
// as the spec wants them.
//
// Orders: signed for integers (and DECIMAL on INT32/INT64, DATE, TIMESTAMP,
// TIME), false < true for booleans, IEEE for FLOAT/DOUBLE with NaN ignored
// (a zero min is written as -0.0 and a zero max as +0.0, as parquet.thrift
// asks, since -0.0 == +0.0), unsigned lexicographic bytes for BYTE_ARRAY, and
// numeric (big-endian two's complement) for DECIMAL on FIXED_LEN_BYTE_ARRAY.
// INTERVAL has no order: no min/max at all.
//
// Long byte-array bounds are truncated to a prefix: the min stays a lower
// bound as is; the max gets its last byte (for STRING: code point)
// incremented so it stays an upper bound, and both are marked inexact.
//
// Thread safety: values.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "formats/parquet/metadata.h"

namespace tarn::parquet {

/// How a column's min/max are ordered and encoded.
enum class StatisticsOrder : uint8_t {
  kNone,               ///< no order defined (INTERVAL): no min/max
  kSigned,             ///< BOOLEAN, INT32, INT64 (little-endian)
  kFloat,              ///< FLOAT, DOUBLE (little-endian, NaN ignored)
  kUnsignedBytes,      ///< BYTE_ARRAY, byte-wise unsigned
  kSignedBigEndian,    ///< DECIMAL on FIXED_LEN_BYTE_ARRAY
};

/// Min and max of fixed-width values: T is uint8_t (booleans), int32_t, int64_t, float or double.
template <typename T>
class MinMax {
 public:
  void Update(T value) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(value)) return;
    }
    if (!has_) {
      min_ = max_ = value;
      has_ = true;
      return;
    }
    if (value < min_) min_ = value;
    if (max_ < value) max_ = value;
  }
  void Merge(const MinMax& other) {
    if (other.has_) {
      Update(other.min_);
      Update(other.max_);
    }
  }
  bool has() const { return has_; }
  T min() const { return min_; }
  T max() const { return max_; }
  /// The PLAIN (little-endian) bytes; zeros follow parquet.thrift's -0.0/+0.0 rule.
  std::string EncodedMin() const { return Encode(IsZero(min_) ? Zero(true) : min_); }
  std::string EncodedMax() const { return Encode(IsZero(max_) ? Zero(false) : max_); }

 private:
  static bool IsZero(T v) {
    if constexpr (std::is_floating_point_v<T>) return v == 0;
    return false;
  }
  static T Zero(bool negative) {
    if constexpr (std::is_floating_point_v<T>) return negative ? -T{0} : T{0};
    return T{0};
  }
  static std::string Encode(T v) { return std::string(reinterpret_cast<const char*>(&v), sizeof(T)); }

  bool has_ = false;
  T min_{};
  T max_{};
};

/// Compares byte strings in `order` (kUnsignedBytes or kSignedBigEndian; for
/// the latter both must have the same length).
int CompareBytes(std::string_view a, std::string_view b, StatisticsOrder order);

/// Min and max of byte strings (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY), kept whole.
class BytesMinMax {
 public:
  explicit BytesMinMax(StatisticsOrder order = StatisticsOrder::kUnsignedBytes) : order_(order) {}
  void Update(std::string_view value) {
    if (!has_) {
      min_.assign(value);
      max_.assign(value);
      has_ = true;
      return;
    }
    if (CompareBytes(value, min_, order_) < 0) min_.assign(value);
    if (CompareBytes(value, max_, order_) > 0) max_.assign(value);
  }
  void Merge(const BytesMinMax& other) {
    if (other.has_) {
      Update(other.min_);
      Update(other.max_);
    }
  }
  void Reset() { has_ = false; }
  bool has() const { return has_; }
  const std::string& min() const { return min_; }
  const std::string& max() const { return max_; }

 private:
  StatisticsOrder order_;
  bool has_ = false;
  std::string min_;
  std::string max_;
};

/// A min/max pair ready for the footer or the ColumnIndex.
struct EncodedBounds {
  std::string min;
  std::string max;
  bool min_exact = true;
  bool max_exact = true;
};

/// Truncates byte-array bounds longer than `limit` bytes (0 = never);
/// `utf8` keeps code points whole. A max that cannot be truncated (all 0xFF
/// bytes / maximal code points) stays whole.
EncodedBounds TruncateBounds(std::string min, std::string max, size_t limit, bool utf8);

/// Compares two encoded bounds of a column (the bytes written to min/max).
int CompareEncoded(std::string_view a, std::string_view b, Type physical_type, StatisticsOrder order);

/// ASCENDING / DESCENDING / UNORDERED from the encoded per-page bounds of the
/// pages that hold values (null pages are left out by the caller).
BoundaryOrder ComputeBoundaryOrder(const std::vector<std::string>& mins, const std::vector<std::string>& maxes,
                                   Type physical_type, StatisticsOrder order);

}  // namespace tarn::parquet
