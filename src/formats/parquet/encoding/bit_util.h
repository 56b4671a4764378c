// Little-endian loads and stores, ULEB128 varints, zigzag and bit-width
// helpers shared by the Parquet encodings. Everything that reads from a
// buffer takes its end and throws ThrowCorruptPage instead of reading past it.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "formats/parquet/encoding/corrupt.h"

namespace tarn::parquet {

static_assert(std::endian::native == std::endian::little,
              "the Parquet encodings assume a little-endian host");

template <typename T>
inline T LoadLE(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <typename T>
inline void StoreLE(uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

/// Bytes needed to hold `bits` bits.
constexpr uint64_t BytesForBits(uint64_t bits) { return (bits >> 3) + ((bits & 7) != 0); }

/// Number of bits needed to represent `max_value` (0 for 0).
constexpr int BitWidthOf(uint64_t max_value) { return max_value == 0 ? 0 : 64 - std::countl_zero(max_value); }

constexpr uint64_t ZigZagEncode(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
constexpr int64_t ZigZagDecode(uint64_t v) {
  return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
}

/// Reads one ULEB128 varint of at most `max_bits` significant bits from
/// [*pos, end), advancing *pos. Throws on truncation or a value that does not
/// fit in `max_bits` (32 or 64). `what` names the field in the error.
inline uint64_t ReadUleb128(const uint8_t** pos, const uint8_t* end, int max_bits, const char* what) {
  const uint8_t* p = *pos;
  uint64_t value = 0;
  for (int shift = 0; shift < max_bits; shift += 7) {
    if (p == end) [[unlikely]]
      ThrowCorruptPage(std::string(what) + ": truncated varint");
    uint8_t byte = *p++;
    uint64_t bits = byte & 0x7F;
    if (shift > max_bits - 7 && (bits >> (max_bits - shift)) != 0) [[unlikely]]
      ThrowCorruptPage(std::string(what) + ": varint exceeds " + std::to_string(max_bits) + " bits");
    value |= bits << shift;
    if ((byte & 0x80) == 0) {
      *pos = p;
      return value;
    }
  }
  ThrowCorruptPage(std::string(what) + ": varint exceeds " + std::to_string(max_bits) + " bits");
}

inline void AppendUleb128(uint64_t v, std::string* out) {
  char buf[10];
  int n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>((v & 0x7F) | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  out->append(buf, n);
}

inline void AppendLE32(uint32_t v, std::string* out) {
  char buf[4];
  std::memcpy(buf, &v, 4);
  out->append(buf, 4);
}

}  // namespace tarn::parquet
