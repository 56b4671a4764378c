// PLAIN encoding: fixed-width values little-endian back to back, INT96 as
// 12 bytes, FIXED_LEN_BYTE_ARRAY as its bytes, BYTE_ARRAY as a 4-byte LE
// length then the bytes, BOOLEAN bit-packed LSB-first.
//
// Decoders are stateless functions that take (data, size), decode exactly n
// values and return the bytes consumed, so a caller decodes a page in batches
// by advancing its pointer; they throw ThrowCorruptPage if the buffer holds
// fewer than n values. Booleans are bit-addressed, hence a small stateful
// decoder. Encoders append to a std::string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

#include "formats/parquet/encoding/byte_array.h"
#include "formats/parquet/encoding/corrupt.h"

namespace tarn::parquet {

/// An INT96 value as stored (legacy timestamps: nanoseconds of the day in
/// words 0-1, little-endian, then the Julian day in word 2).
struct Int96 {
  uint32_t words[3];
};
static_assert(sizeof(Int96) == 12);

[[noreturn]] void ThrowPlainTruncated(size_t n, size_t value_size, size_t size);

/// T: int32_t, int64_t, float, double, Int96 (or any 1/2/4/8/12-byte value).
template <typename T>
size_t DecodePlain(const uint8_t* data, size_t size, T* out, size_t n) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (n > size / sizeof(T)) [[unlikely]]
    ThrowPlainTruncated(n, sizeof(T), size);
  if (n != 0) std::memcpy(out, data, n * sizeof(T));
  return n * sizeof(T);
}

/// FIXED_LEN_BYTE_ARRAY of `width` bytes (width >= 1), zero-copy views.
size_t DecodePlainFixedLen(const uint8_t* data, size_t size, uint32_t width, ByteArray* out, size_t n);

/// BYTE_ARRAY, zero-copy views into data (`out` may be null: just skip).
size_t DecodePlainByteArray(const uint8_t* data, size_t size, ByteArray* out, size_t n);
/// Skips n BYTE_ARRAY values; returns the bytes they occupy.
size_t SkipPlainByteArray(const uint8_t* data, size_t size, size_t n);

/// PLAIN BOOLEAN: one bit per value, LSB first. Writes 0 or 1 per value.
class PlainBooleanDecoder {
 public:
  PlainBooleanDecoder() = default;
  PlainBooleanDecoder(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  /// Values left in the buffer (8 per byte; the writer's padding included).
  uint64_t values_left() const { return uint64_t{size_} * 8 - bit_pos_; }
  /// Decodes up to n values; returns how many (fewer only at the end).
  size_t GetBatch(uint8_t* out, size_t n);
  size_t Skip(size_t n);

 private:
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  uint64_t bit_pos_ = 0;
};

template <typename T>
void EncodePlain(const T* values, size_t n, std::string* out) {
  static_assert(std::is_trivially_copyable_v<T>);
  if (n != 0) out->append(reinterpret_cast<const char*>(values), n * sizeof(T));
}

/// Every value must be exactly `width` bytes long.
void EncodePlainFixedLen(const ByteArray* values, size_t n, uint32_t width, std::string* out);
void EncodePlainByteArray(const ByteArray* values, size_t n, std::string* out);

/// PLAIN BOOLEAN writer; keeps the partial last byte between Puts.
class PlainBooleanEncoder {
 public:
  void Put(const uint8_t* values, size_t n);  ///< each value 0 or non-zero
  void Put(bool value) {
    if (value) current_ |= static_cast<uint8_t>(1u << bits_);
    if (++bits_ == 8) FlushByte();
  }
  uint64_t num_values() const { return bytes_.size() * uint64_t{8} + bits_; }
  size_t EstimatedSize() const { return bytes_.size() + (bits_ != 0); }
  /// Appends the packed bits (last byte zero-padded) and resets.
  void Flush(std::string* out);

 private:
  void FlushByte() {
    bytes_.push_back(static_cast<char>(current_));
    current_ = 0;
    bits_ = 0;
  }
  std::string bytes_;
  uint8_t current_ = 0;
  int bits_ = 0;
};

}  // namespace tarn::parquet
