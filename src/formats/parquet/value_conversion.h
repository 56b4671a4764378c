// Turning stored Parquet values into the values of the leaf's Spark type
// (see ValueConversion in schema.h): widening and narrowing integers,
// decimals from integers or big-endian bytes, time units, INT96, FLOAT16,
// UUID text and INTERVAL.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "columnar/vector.h"
#include "formats/parquet/encoding/byte_array.h"
#include "formats/parquet/schema.h"

namespace tarn::parquet {

/// Appends `count` fixed-width stored values (`width` bytes each, the leaf's
/// physical type) converted into `out` at row `at` (out must be sized).
void ConvertFixed(const LeafColumn& leaf, const uint8_t* in, size_t count, Vector* out, size_t at,
                  std::string_view path);
/// Same for byte arrays (BYTE_ARRAY, or FIXED_LEN_BYTE_ARRAY viewed as ByteArrays).
/// String outputs point into the input memory: the caller keeps it alive.
/// `utf8_checked`: the caller already knows the bytes are valid UTF-8.
void ConvertBytes(const LeafColumn& leaf, const ByteArray* in, size_t count, Vector* out, size_t at,
                  std::string_view path, bool utf8_checked = false);
/// True when no byte has the high bit set (ASCII is valid UTF-8).
bool IsAscii(const uint8_t* data, size_t size);
/// Byte width of a stored value of a fixed-width physical type (0 for BYTE_ARRAY, BOOLEAN).
int StoredWidth(const LeafColumn& leaf);

}  // namespace tarn::parquet
