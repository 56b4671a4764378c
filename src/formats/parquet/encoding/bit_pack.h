// Bit packing in the Parquet order: values back to back, each value's bits
// starting at the least significant free bit of the current byte (the order
// of the RLE/bit-packed hybrid, DELTA_BINARY_PACKED miniblocks and PLAIN
// booleans). The legacy BIT_PACKED level encoding packs MSB-first and lives
// in rle.h.
//
// UnpackBits is the hot loop of dictionary and level decoding: it runs an
// unrolled, width-specialised kernel over groups of 32 values (32 values of
// width w occupy exactly 4*w bytes), with one bounds decision per group and
// no per-value checks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace tarn::parquet {

/// Unpacks `count` values of `bit_width` bits from `in` into out.
/// bit_width may be 0..8*sizeof(out element). in_size is how many bytes are
/// readable from `in` (the rest of the page, not just the packed values: the
/// more slack, the more groups take the fast path). Throws ThrowCorruptPage if
/// the width is too large or in_size < ceil(count * bit_width / 8). Never
/// reads at or beyond in + in_size. Returns the bytes consumed,
/// ceil(count * bit_width / 8).
size_t UnpackBits(const uint8_t* in, size_t in_size, int bit_width, uint8_t* out, size_t count);
size_t UnpackBits(const uint8_t* in, size_t in_size, int bit_width, uint16_t* out, size_t count);
size_t UnpackBits(const uint8_t* in, size_t in_size, int bit_width, uint32_t* out, size_t count);
size_t UnpackBits(const uint8_t* in, size_t in_size, int bit_width, uint64_t* out, size_t count);

/// Appends ceil(count * bit_width / 8) bytes packing the low `bit_width` bits
/// of each value (higher bits are ignored). bit_width 0..32 resp. 0..64.
void PackBits(const uint32_t* values, size_t count, int bit_width, std::string* out);
void PackBits(const uint64_t* values, size_t count, int bit_width, std::string* out);

}  // namespace tarn::parquet
