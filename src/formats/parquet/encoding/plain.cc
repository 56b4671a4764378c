#include "formats/parquet/encoding/plain.h"

#include <algorithm>

#include "common/check.h"
#include "formats/parquet/encoding/bit_pack.h"
#include "formats/parquet/encoding/bit_util.h"

namespace tarn::parquet {

void ThrowPlainTruncated(size_t n, size_t value_size, size_t size) {
  ThrowCorruptPage("PLAIN data: " + std::to_string(n) + " values of " + std::to_string(value_size) +
                   " bytes need more than the " + std::to_string(size) + " bytes available");
}

size_t DecodePlainFixedLen(const uint8_t* data, size_t size, uint32_t width, ByteArray* out, size_t n) {
  if (width == 0) [[unlikely]]
    ThrowCorruptPage("PLAIN FIXED_LEN_BYTE_ARRAY: width 0");
  if (n > size / width) [[unlikely]]
    ThrowPlainTruncated(n, width, size);
  for (size_t i = 0; i < n; ++i) out[i] = ByteArray(data + i * width, width);
  return n * width;
}

size_t DecodePlainByteArray(const uint8_t* data, size_t size, ByteArray* out, size_t n) {
  const uint8_t* p = data;
  const uint8_t* end = data + size;
  for (size_t i = 0; i < n; ++i) {
    if (end - p < 4) [[unlikely]]
      ThrowCorruptPage("PLAIN BYTE_ARRAY: length of value " + std::to_string(i) + " is truncated");
    const uint32_t length = LoadLE<uint32_t>(p);
    p += 4;
    if (length > static_cast<size_t>(end - p)) [[unlikely]]
      ThrowCorruptPage("PLAIN BYTE_ARRAY: value " + std::to_string(i) + " of length " + std::to_string(length) +
                       " exceeds the " + std::to_string(end - p) + " bytes left");
    if (out != nullptr) out[i] = ByteArray(p, length);
    p += length;
  }
  return static_cast<size_t>(p - data);
}

size_t SkipPlainByteArray(const uint8_t* data, size_t size, size_t n) {
  return DecodePlainByteArray(data, size, nullptr, n);
}

size_t PlainBooleanDecoder::GetBatch(uint8_t* out, size_t n) {
  n = static_cast<size_t>(std::min<uint64_t>(n, values_left()));
  size_t done = 0;
  // Bit by bit up to a byte boundary, then whole bytes through the unpacker.
  while (done < n && (bit_pos_ & 7) != 0) {
    out[done++] = (data_[bit_pos_ >> 3] >> (bit_pos_ & 7)) & 1;
    ++bit_pos_;
  }
  if (done < n) {
    const size_t byte = static_cast<size_t>(bit_pos_ >> 3);
    UnpackBits(data_ + byte, size_ - byte, 1, out + done, n - done);
    bit_pos_ += n - done;
  }
  return n;
}

size_t PlainBooleanDecoder::Skip(size_t n) {
  n = static_cast<size_t>(std::min<uint64_t>(n, values_left()));
  bit_pos_ += n;
  return n;
}

void EncodePlainFixedLen(const ByteArray* values, size_t n, uint32_t width, std::string* out) {
  out->reserve(out->size() + n * width);
  for (size_t i = 0; i < n; ++i) {
    TARN_CHECK(values[i].size == width, "FIXED_LEN_BYTE_ARRAY value of the wrong length");
    out->append(reinterpret_cast<const char*>(values[i].data), width);
  }
}

void EncodePlainByteArray(const ByteArray* values, size_t n, std::string* out) {
  size_t total = 0;
  for (size_t i = 0; i < n; ++i) total += 4 + values[i].size;
  const size_t start = out->size();
  out->resize(start + total);
  uint8_t* dst = reinterpret_cast<uint8_t*>(out->data()) + start;
  for (size_t i = 0; i < n; ++i) {
    StoreLE<uint32_t>(dst, values[i].size);
    if (values[i].size != 0) std::memcpy(dst + 4, values[i].data, values[i].size);
    dst += 4 + values[i].size;
  }
}

void PlainBooleanEncoder::Put(const uint8_t* values, size_t n) {
  size_t i = 0;
  while (i < n && bits_ != 0) Put(values[i++] != 0);
  // Whole bytes at a time.
  for (; i + 8 <= n; i += 8) {
    uint8_t byte = 0;
    for (int b = 0; b < 8; ++b) byte |= static_cast<uint8_t>((values[i + b] != 0) << b);
    bytes_.push_back(static_cast<char>(byte));
  }
  while (i < n) Put(values[i++] != 0);
}

void PlainBooleanEncoder::Flush(std::string* out) {
  out->append(bytes_);
  if (bits_ != 0) out->push_back(static_cast<char>(current_));
  bytes_.clear();
  current_ = 0;
  bits_ = 0;
}

}  // namespace tarn::parquet
