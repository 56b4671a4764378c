// BYTE_STREAM_SPLIT: for N values of K bytes, K streams of N bytes; stream k
// holds byte k of every value. Used for FLOAT (K=4), DOUBLE (8), FLOAT16 (2),
// INT32, INT64 and FIXED_LEN_BYTE_ARRAY(K). The page holds exactly K * N
// bytes, so N = size / K and the stream stride is N.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/check.h"

namespace tarn::parquet {

class ByteStreamSplitDecoder {
 public:
  ByteStreamSplitDecoder() = default;
  /// Throws unless width >= 1 and size is a multiple of width.
  ByteStreamSplitDecoder(const uint8_t* data, size_t size, size_t width);

  size_t width() const { return width_; }
  size_t total_values() const { return num_values_; }
  size_t values_left() const { return num_values_ - position_; }

  /// Writes up to n values of width() bytes each, back to back, into out;
  /// returns how many (fewer only when fewer are left).
  size_t GetBatch(uint8_t* out, size_t n);
  /// Typed form for float, double, int32_t, int64_t: sizeof(T) must be width().
  template <typename T>
  size_t GetBatch(T* out, size_t n) {
    TARN_CHECK_EQ(sizeof(T), width_);
    return GetBatch(reinterpret_cast<uint8_t*>(out), n);
  }
  size_t Skip(size_t n);

 private:
  const uint8_t* data_ = nullptr;
  size_t width_ = 1;
  size_t num_values_ = 0;
  size_t position_ = 0;
};

/// One-shot form: the first n values of the page into out (n * width bytes);
/// throws if the page holds fewer.
void DecodeByteStreamSplit(const uint8_t* data, size_t size, size_t width, size_t n, uint8_t* out);

/// Appends the split form of n values of `width` bytes stored back to back.
void EncodeByteStreamSplit(const uint8_t* values, size_t n, size_t width, std::string* out);

}  // namespace tarn::parquet
