#include "formats/parquet/encoding/rle.h"

#include <cstring>

#include "common/check.h"
#include "formats/parquet/encoding/bit_pack.h"
#include "formats/parquet/encoding/bit_util.h"
#include "formats/parquet/encoding/corrupt.h"

namespace tarn::parquet {

// --- decoder ------------------------------------------------------------------

RleBitPackedDecoder::RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width)
    : pos_(data), end_(data + size), bit_width_(bit_width), literal_end_(data) {
  if (bit_width < 0 || bit_width > 32) [[unlikely]]
    ThrowCorruptPage("RLE/bit-packed data: bit width " + std::to_string(bit_width) + " exceeds 32");
}

// Reads the next run header. Returns false at the end of the data. Runs of
// length zero are legal to skip; every header consumes at least one byte, so
// the caller's loop always ends.
bool RleBitPackedDecoder::NextRun() {
  if (pos_ >= end_) return false;
  const uint64_t header = ReadUleb128(&pos_, end_, 32, "RLE/bit-packed run header");
  const size_t available = static_cast<size_t>(end_ - pos_);
  if (header & 1) {
    const uint64_t values = (header >> 1) * 8;
    const uint64_t bytes = (header >> 1) * static_cast<uint64_t>(bit_width_);
    if (bytes <= available) {
      literal_left_ = values;
      literal_end_ = pos_ + bytes;
    } else {
      // A last run cut short: keep the whole values that are there. If the
      // caller needs more, GetBatch comes back short.
      literal_left_ = uint64_t{available} * 8 / bit_width_;
      literal_end_ = end_;
    }
  } else {
    const size_t value_bytes = (bit_width_ + 7) / 8;
    if (value_bytes > available) [[unlikely]]
      ThrowCorruptPage("RLE/bit-packed data: repeated run value truncated");
    uint32_t value = 0;
    std::memcpy(&value, pos_, value_bytes);
    pos_ += value_bytes;
    if (bit_width_ < 32 && (value >> bit_width_) != 0) [[unlikely]]
      ThrowCorruptPage("RLE/bit-packed data: repeated value " + std::to_string(value) + " exceeds bit width " +
                       std::to_string(bit_width_));
    repeat_value_ = value;
    repeat_left_ = header >> 1;
  }
  return true;
}

void RleBitPackedDecoder::FillBuffer() {
  const uint32_t m = static_cast<uint32_t>(std::min<uint64_t>(32, literal_left_));
  pos_ += UnpackBits(pos_, end_ - pos_, bit_width_, buffer_, m);
  literal_left_ -= m;
  if (literal_left_ == 0) pos_ = literal_end_;
  buffer_pos_ = 0;
  buffer_len_ = m;
}

template <typename T>
size_t RleBitPackedDecoder::Decode(T* out, size_t n) {
  TARN_CHECK(bit_width_ <= static_cast<int>(8 * sizeof(T)), "RLE output type too narrow for the bit width");
  size_t done = 0;
  while (done < n) {
    if (buffer_pos_ < buffer_len_) {
      const size_t k = std::min<size_t>(n - done, buffer_len_ - buffer_pos_);
      for (size_t i = 0; i < k; ++i) out[done + i] = static_cast<T>(buffer_[buffer_pos_ + i]);
      buffer_pos_ += static_cast<uint32_t>(k);
      done += k;
    } else if (repeat_left_ != 0) {
      const size_t k = static_cast<size_t>(std::min<uint64_t>(n - done, repeat_left_));
      std::fill_n(out + done, k, static_cast<T>(repeat_value_));
      repeat_left_ -= k;
      done += k;
    } else if (literal_left_ != 0) {
      const size_t want = n - done;
      if (want >= 32 && literal_left_ >= 32) {
        // Whole groups straight into the output.
        const size_t k = static_cast<size_t>(std::min<uint64_t>(want, literal_left_)) & ~size_t{31};
        pos_ += UnpackBits(pos_, end_ - pos_, bit_width_, out + done, k);
        literal_left_ -= k;
        if (literal_left_ == 0) pos_ = literal_end_;
        done += k;
      } else {
        FillBuffer();
      }
    } else if (!NextRun()) {
      break;
    }
  }
  return done;
}

size_t RleBitPackedDecoder::GetBatch(uint8_t* out, size_t n) { return Decode(out, n); }
size_t RleBitPackedDecoder::GetBatch(uint16_t* out, size_t n) { return Decode(out, n); }
size_t RleBitPackedDecoder::GetBatch(uint32_t* out, size_t n) { return Decode(out, n); }

size_t RleBitPackedDecoder::Skip(size_t n) {
  size_t done = 0;
  while (done < n) {
    if (buffer_pos_ < buffer_len_) {
      const size_t k = std::min<size_t>(n - done, buffer_len_ - buffer_pos_);
      buffer_pos_ += static_cast<uint32_t>(k);
      done += k;
    } else if (repeat_left_ != 0) {
      const size_t k = static_cast<size_t>(std::min<uint64_t>(n - done, repeat_left_));
      repeat_left_ -= k;
      done += k;
    } else if (literal_left_ != 0) {
      // Whole groups of 8 occupy bit_width bytes: skip them without unpacking.
      const uint64_t k = std::min<uint64_t>(n - done, literal_left_) & ~uint64_t{7};
      if (k != 0) {
        pos_ += k / 8 * bit_width_;
        literal_left_ -= k;
        if (literal_left_ == 0) pos_ = literal_end_;
        done += static_cast<size_t>(k);
      } else {
        FillBuffer();
      }
    } else if (!NextRun()) {
      break;
    }
  }
  return done;
}

size_t RleBitPackedDecoder::NextChunk(uint32_t* scratch, size_t max, bool* repeated, uint32_t* value) {
  if (max == 0) return 0;
  for (;;) {
    if (buffer_pos_ < buffer_len_) {
      const size_t k = std::min<size_t>(max, buffer_len_ - buffer_pos_);
      std::memcpy(scratch, buffer_ + buffer_pos_, k * sizeof(uint32_t));
      buffer_pos_ += static_cast<uint32_t>(k);
      *repeated = false;
      return k;
    }
    if (repeat_left_ != 0) {
      const size_t k = static_cast<size_t>(std::min<uint64_t>(max, repeat_left_));
      repeat_left_ -= k;
      *repeated = true;
      *value = repeat_value_;
      return k;
    }
    if (literal_left_ != 0) {
      if (max >= 32 && literal_left_ >= 32) {
        const size_t k = static_cast<size_t>(std::min<uint64_t>(max, literal_left_)) & ~size_t{31};
        pos_ += UnpackBits(pos_, end_ - pos_, bit_width_, scratch, k);
        literal_left_ -= k;
        if (literal_left_ == 0) pos_ = literal_end_;
        *repeated = false;
        return k;
      }
      FillBuffer();
      continue;
    }
    if (!NextRun()) return 0;
  }
}

size_t RleBitPackedDecoder::GetIndices(uint32_t* out, size_t n, size_t dictionary_size) {
  const size_t got = Decode(out, n);
  uint32_t max_index = 0;
  for (size_t i = 0; i < got; ++i) max_index = std::max(max_index, out[i]);
  if (got != 0 && max_index >= dictionary_size) [[unlikely]]
    ThrowIndexOutOfRange(max_index, dictionary_size);
  return got;
}

void RleBitPackedDecoder::ThrowIndexOutOfRange(uint32_t index, size_t dictionary_size) {
  ThrowCorruptPage("dictionary index " + std::to_string(index) + " is out of range (the dictionary has " +
                   std::to_string(dictionary_size) + " entries)");
}

// --- framing ------------------------------------------------------------------

LengthPrefixed ReadLengthPrefixed(const uint8_t* data, size_t size) {
  if (size < 4) [[unlikely]]
    ThrowCorruptPage("length-prefixed RLE data: the 4-byte length is truncated");
  const uint32_t length = LoadLE<uint32_t>(data);
  if (length > size - 4) [[unlikely]]
    ThrowCorruptPage("length-prefixed RLE data: length " + std::to_string(length) + " exceeds the " +
                     std::to_string(size - 4) + " bytes available");
  return {data + 4, length, size_t{4} + length};
}

RleBitPackedDecoder MakeDictionaryIndexDecoder(const uint8_t* data, size_t size) {
  if (size == 0) return RleBitPackedDecoder(data, 0, 0);
  const int bit_width = data[0];
  if (bit_width > 32) [[unlikely]]
    ThrowCorruptPage("dictionary indices: bit width " + std::to_string(bit_width) + " exceeds 32");
  return RleBitPackedDecoder(data + 1, size - 1, bit_width);
}

// --- deprecated BIT_PACKED levels -----------------------------------------------

namespace {

template <typename T>
size_t DecodeLegacy(const uint8_t* data, size_t size, int bit_width, T* out, size_t n) {
  if (bit_width < 0 || bit_width > 32) [[unlikely]]
    ThrowCorruptPage("BIT_PACKED levels: bit width " + std::to_string(bit_width) + " exceeds 32");
  if (bit_width == 0) {
    std::fill_n(out, n, T{0});
    return 0;
  }
  if (n > size / bit_width * 8 + size % bit_width * 8 / bit_width) [[unlikely]]
    ThrowCorruptPage("BIT_PACKED levels: " + std::to_string(n) + " values need more than the " +
                     std::to_string(size) + " bytes available");
  const uint64_t mask = (uint64_t{1} << bit_width) - 1;
  uint64_t acc = 0;  // the low `bits` bits are pending, most significant first
  int bits = 0;
  const uint8_t* p = data;
  for (size_t i = 0; i < n; ++i) {
    while (bits < bit_width) {
      acc = (acc << 8) | *p++;
      bits += 8;
    }
    bits -= bit_width;
    const uint64_t v = (acc >> bits) & mask;
    if constexpr (sizeof(T) < 4) {
      if (v > static_cast<uint64_t>(T(~T{0}))) [[unlikely]]
        ThrowCorruptPage("BIT_PACKED levels: value " + std::to_string(v) + " is too large");
    }
    out[i] = static_cast<T>(v);
  }
  return BytesForBits(uint64_t{n} * bit_width);
}

}  // namespace

size_t DecodeLegacyBitPacked(const uint8_t* data, size_t size, int bit_width, uint8_t* out, size_t n) {
  return DecodeLegacy(data, size, bit_width, out, n);
}
size_t DecodeLegacyBitPacked(const uint8_t* data, size_t size, int bit_width, uint16_t* out, size_t n) {
  return DecodeLegacy(data, size, bit_width, out, n);
}
size_t DecodeLegacyBitPacked(const uint8_t* data, size_t size, int bit_width, uint32_t* out, size_t n) {
  return DecodeLegacy(data, size, bit_width, out, n);
}

void EncodeLegacyBitPacked(const uint32_t* values, size_t n, int bit_width, std::string* out) {
  TARN_CHECK(bit_width >= 0 && bit_width <= 32, "BIT_PACKED bit width out of range");
  const uint64_t mask = bit_width == 0 ? 0 : (uint64_t{1} << bit_width) - 1;
  uint64_t acc = 0;  // the low `bits` bits are pending
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    acc = (acc << bit_width) | (values[i] & mask);
    bits += bit_width;
    while (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>(acc >> bits));
    }
  }
  if (bits > 0) out->push_back(static_cast<char>(acc << (8 - bits)));
}

// --- encoder ------------------------------------------------------------------

RleBitPackedEncoder::RleBitPackedEncoder(int bit_width) : bit_width_(bit_width) {
  TARN_CHECK(bit_width >= 0 && bit_width <= 32, "RLE bit width out of range");
  max_value_ = (uint64_t{1} << bit_width) - 1;
}

void RleBitPackedEncoder::StartRun(uint32_t value) {
  if (run_count_ != 0) CommitRun(run_value_, run_count_);
  run_value_ = value;
  run_count_ = 1;
}

// A finished run of `count` copies of `value`. Bit-packed runs must hold a
// multiple of 8 values (only the last run of the stream may be padded), so
// the run first tops the pending literals up to a group boundary; what is left
// becomes a repeated run if it is still at least 8 long.
void RleBitPackedEncoder::CommitRun(uint32_t value, uint64_t count) {
  TARN_CHECK(value <= max_value_, "RLE value does not fit the bit width");
  committed_values_ += count;
  const size_t fill = (8 - num_literals_ % 8) % 8;
  if (count >= fill + 8) {
    for (size_t i = 0; i < fill; ++i) literals_[num_literals_++] = value;
    if (num_literals_ != 0) EmitLiterals(num_literals_);
    EmitRepeat(value, count - fill);
  } else {
    for (uint64_t i = 0; i < count; ++i) literals_[num_literals_++] = value;
    if (num_literals_ >= kMaxLiteralRun) EmitLiterals(kMaxLiteralRun);
  }
}

// Emits the first `count` pending literals as one bit-packed run, padded with
// zeros to a whole group of 8.
void RleBitPackedEncoder::EmitLiterals(size_t count) {
  const uint64_t groups = (count + 7) / 8;
  AppendUleb128((groups << 1) | 1, &encoded_);
  const size_t start = encoded_.size();
  PackBits(literals_, count, bit_width_, &encoded_);
  encoded_.resize(start + groups * bit_width_, '\0');
  num_literals_ -= count;
  std::memmove(literals_, literals_ + count, num_literals_ * sizeof(uint32_t));
}

void RleBitPackedEncoder::EmitRepeat(uint32_t value, uint64_t count) {
  constexpr uint64_t kMaxRun = (uint64_t{1} << 31) - 1;  // the spec's limit on a run length
  const size_t value_bytes = (bit_width_ + 7) / 8;
  while (count != 0) {
    const uint64_t run = std::min(count, kMaxRun);
    AppendUleb128(run << 1, &encoded_);
    char bytes[4];
    std::memcpy(bytes, &value, 4);
    encoded_.append(bytes, value_bytes);
    count -= run;
  }
}

size_t RleBitPackedEncoder::EstimatedSize() const {
  const uint64_t pending = num_literals_ + std::min<uint64_t>(run_count_, 16);
  return encoded_.size() + BytesForBits((pending + 7) / 8 * 8 * bit_width_) + 2 * (5 + 4);
}

void RleBitPackedEncoder::Flush(std::string* out) {
  if (run_count_ != 0) CommitRun(run_value_, run_count_);
  run_count_ = 0;
  if (num_literals_ != 0) EmitLiterals(num_literals_);
  out->append(encoded_);
  encoded_.clear();
  committed_values_ = 0;
}

void RleBitPackedEncoder::FlushLengthPrefixed(std::string* out) {
  const size_t start = out->size();
  out->append(4, '\0');
  Flush(out);
  const size_t length = out->size() - start - 4;
  TARN_CHECK(length <= UINT32_MAX, "RLE data longer than 4 GiB");
  StoreLE<uint32_t>(reinterpret_cast<uint8_t*>(out->data()) + start, static_cast<uint32_t>(length));
}

void EncodeDictionaryIndices(const uint32_t* indices, size_t n, int bit_width, std::string* out) {
  out->push_back(static_cast<char>(bit_width));
  RleBitPackedEncoder encoder(bit_width);
  encoder.Put(indices, n);
  encoder.Flush(out);
}

}  // namespace tarn::parquet
