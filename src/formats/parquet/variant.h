// VARIANT values: decoding of the Variant binary encoding (parquet-format
// VariantEncoding.md: a `metadata` dictionary of field names plus a
// self-describing `value`) into a small value tree, and the reconstruction of
// shredded variants (VariantShredding.md) from the struct tarn reads a VARIANT
// column as: struct<metadata: binary, value: binary, typed_value: …>, where
// typed_value is a primitive column, a group of shredded object fields
// ({value, typed_value} each) or a list of such groups.
//
// Every length, offset and field id is checked against the bytes it points
// into; corrupt input throws FAILED_READ_FILE.FILE_CORRUPTED. Child values
// must occupy disjoint byte ranges and nesting is bounded, so the tree is
// never larger than its input allows and decoding never recurses unboundedly.
//
// Thread safety: pure functions over read-only input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "columnar/vector.h"
#include "types/decimal.h"

namespace tarn::parquet {

struct VariantField;

/// One decoded Variant value.
struct VariantValue {
  enum class Kind : uint8_t {
    kNull,
    kBoolean,
    kInt8,
    kInt16,
    kInt32,
    kInt64,
    kFloat,
    kDouble,
    kDecimal4,
    kDecimal8,
    kDecimal16,
    kDate,               ///< integer: days since 1970-01-01
    kTimestamp,          ///< integer: microseconds since the epoch, UTC
    kTimestampNtz,       ///< integer: microseconds, wall clock
    kTimestampNanos,     ///< integer: nanoseconds since the epoch, UTC
    kTimestampNtzNanos,  ///< integer: nanoseconds, wall clock
    kTime,               ///< integer: microseconds since midnight
    kString,             ///< bytes: UTF-8
    kBinary,             ///< bytes
    kUuid,               ///< bytes: the 16 bytes, big-endian
    kObject,             ///< fields, sorted by key
    kArray,              ///< elements
  };
  Kind kind = Kind::kNull;
  bool boolean = false;
  int64_t integer = 0;     ///< integers, dates, times and timestamps
  double floating = 0;     ///< float (exactly widened) and double
  int128_t unscaled = 0;   ///< decimals
  int scale = 0;
  /// Decimals from a shredded DECIMAL(p,s) column: p. 0 when decoded from
  /// binary, which stores only the scale.
  int precision = 0;
  std::string bytes;       ///< string, binary, uuid
  std::vector<VariantField> fields;  ///< kObject, sorted by name
  std::vector<VariantValue> elements;
};

/// One field of a variant object. (A named struct rather than a std::pair:
/// clang 14 cannot instantiate pair<string, VariantValue> inside VariantValue.)
struct VariantField {
  std::string name;
  VariantValue value;
};

/// The field-name dictionary of a variant's `metadata` bytes.
class VariantMetadata {
 public:
  /// Parses and validates `bytes` (which must outlive this object); `path` names the file in errors.
  VariantMetadata(std::string_view bytes, std::string_view path);
  size_t size() const { return names_.size(); }
  /// Throws FILE_CORRUPTED when `id` is out of range.
  std::string_view name(uint64_t id) const;

 private:
  std::vector<std::string_view> names_;
  std::string path_;
};

/// Decodes the Variant-encoded value at the start of `value` (trailing bytes are ignored).
VariantValue DecodeVariant(const VariantMetadata& metadata, std::string_view value, std::string_view path);

/// Reconstructs row `row` of a VARIANT column read as its struct (any encoding).
/// nullopt when the struct itself is null (an SQL NULL, not a variant null).
std::optional<VariantValue> ReadVariant(const Vector& column, size_t row, std::string_view path);

}  // namespace tarn::parquet
