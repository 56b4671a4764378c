#include "formats/parquet/encoding/byte_stream_split.h"

#include <algorithm>

#include "formats/parquet/encoding/corrupt.h"

namespace tarn::parquet {
namespace {

// Fixed widths get a compile-time stream count so the inner loop unrolls.
template <size_t K>
void Gather(const uint8_t* data, size_t stride, size_t first, uint8_t* out, size_t n) {
  const uint8_t* src = data + first;
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < K; ++k) out[i * K + k] = src[k * stride + i];
  }
}

void GatherAny(const uint8_t* data, size_t stride, size_t first, size_t width, uint8_t* out, size_t n) {
  for (size_t k = 0; k < width; ++k) {
    const uint8_t* src = data + k * stride + first;
    for (size_t i = 0; i < n; ++i) out[i * width + k] = src[i];
  }
}

template <size_t K>
void Scatter(const uint8_t* values, size_t n, uint8_t* out) {
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < K; ++k) out[k * n + i] = values[i * K + k];
  }
}

void ScatterAny(const uint8_t* values, size_t n, size_t width, uint8_t* out) {
  for (size_t k = 0; k < width; ++k) {
    uint8_t* dst = out + k * n;
    for (size_t i = 0; i < n; ++i) dst[i] = values[i * width + k];
  }
}

}  // namespace

ByteStreamSplitDecoder::ByteStreamSplitDecoder(const uint8_t* data, size_t size, size_t width)
    : data_(data), width_(width) {
  if (width == 0) [[unlikely]]
    ThrowCorruptPage("BYTE_STREAM_SPLIT: value width 0");
  if (size % width != 0) [[unlikely]]
    ThrowCorruptPage("BYTE_STREAM_SPLIT: data size " + std::to_string(size) + " is not a multiple of the value width " +
                     std::to_string(width));
  num_values_ = size / width;
}

size_t ByteStreamSplitDecoder::GetBatch(uint8_t* out, size_t n) {
  n = std::min(n, values_left());
  switch (width_) {
    case 2: Gather<2>(data_, num_values_, position_, out, n); break;
    case 4: Gather<4>(data_, num_values_, position_, out, n); break;
    case 8: Gather<8>(data_, num_values_, position_, out, n); break;
    default: GatherAny(data_, num_values_, position_, width_, out, n); break;
  }
  position_ += n;
  return n;
}

size_t ByteStreamSplitDecoder::Skip(size_t n) {
  n = std::min(n, values_left());
  position_ += n;
  return n;
}

void DecodeByteStreamSplit(const uint8_t* data, size_t size, size_t width, size_t n, uint8_t* out) {
  ByteStreamSplitDecoder decoder(data, size, width);
  if (decoder.GetBatch(out, n) != n) [[unlikely]]
    ThrowCorruptPage("BYTE_STREAM_SPLIT: the page holds " + std::to_string(decoder.total_values()) +
                     " values, expected " + std::to_string(n));
}

void EncodeByteStreamSplit(const uint8_t* values, size_t n, size_t width, std::string* out) {
  TARN_CHECK(width != 0, "BYTE_STREAM_SPLIT width 0");
  if (n == 0) return;
  const size_t start = out->size();
  out->resize(start + n * width);
  uint8_t* dst = reinterpret_cast<uint8_t*>(out->data()) + start;
  switch (width) {
    case 2: Scatter<2>(values, n, dst); break;
    case 4: Scatter<4>(values, n, dst); break;
    case 8: Scatter<8>(values, n, dst); break;
    default: ScatterAny(values, n, width, dst); break;
  }
}

}  // namespace tarn::parquet
