// Validity bitmaps in Arrow's layout: bit i (LSB first) set = row i is valid.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tarn::bitmap {

inline size_t BytesFor(size_t bits) { return (bits + 7) / 8; }
inline bool Get(const uint8_t* bits, size_t i) { return (bits[i >> 3] >> (i & 7)) & 1; }
inline void Set(uint8_t* bits, size_t i) { bits[i >> 3] |= static_cast<uint8_t>(1u << (i & 7)); }
inline void Clear(uint8_t* bits, size_t i) { bits[i >> 3] &= static_cast<uint8_t>(~(1u << (i & 7))); }
inline void SetTo(uint8_t* bits, size_t i, bool value) { value ? Set(bits, i) : Clear(bits, i); }

/// Number of set bits among the first `length` bits.
size_t CountSet(const uint8_t* bits, size_t length);
/// Sets bits [begin, end) to `value`.
void SetRange(uint8_t* bits, size_t begin, size_t end, bool value);

}  // namespace tarn::bitmap
