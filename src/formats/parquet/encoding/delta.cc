#include "formats/parquet/encoding/delta.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "common/check.h"
#include "formats/parquet/encoding/bit_pack.h"
#include "formats/parquet/encoding/bit_util.h"
#include "formats/parquet/encoding/corrupt.h"

namespace tarn::parquet {
namespace {

struct DeltaHeader {
  uint64_t miniblocks;
  uint64_t per_miniblock;
  uint64_t total_values;
  uint64_t first_value;  // two's complement bits of the first value
};

DeltaHeader ReadDeltaHeader(const uint8_t** pos, const uint8_t* end) {
  DeltaHeader h;
  const uint64_t block_size = ReadUleb128(pos, end, 32, "DELTA_BINARY_PACKED block size");
  h.miniblocks = ReadUleb128(pos, end, 32, "DELTA_BINARY_PACKED miniblock count");
  h.total_values = ReadUleb128(pos, end, 64, "DELTA_BINARY_PACKED value count");
  h.first_value = static_cast<uint64_t>(ZigZagDecode(ReadUleb128(pos, end, 64, "DELTA_BINARY_PACKED first value")));
  if (block_size == 0 || block_size % 128 != 0) [[unlikely]]
    ThrowCorruptPage("DELTA_BINARY_PACKED: block size " + std::to_string(block_size) +
                     " is not a positive multiple of 128");
  if (h.miniblocks == 0 || block_size % h.miniblocks != 0 || (block_size / h.miniblocks) % 32 != 0) [[unlikely]]
    ThrowCorruptPage("DELTA_BINARY_PACKED: " + std::to_string(h.miniblocks) +
                     " miniblocks do not divide block size " + std::to_string(block_size) +
                     " into multiples of 32 values");
  h.per_miniblock = block_size / h.miniblocks;
  return h;
}

[[noreturn]] void ThrowWidthTooLarge(int width, int max_width) {
  ThrowCorruptPage("DELTA_BINARY_PACKED: miniblock bit width " + std::to_string(width) + " exceeds " +
                   std::to_string(max_width));
}

[[noreturn]] void ThrowMiniblockTruncated() {
  ThrowCorruptPage("DELTA_BINARY_PACKED: miniblock data truncated");
}

// Bytes a miniblock occupies in the stream: always a full miniblock, except
// that a last miniblock cut short at the very end of the buffer is accepted
// as long as the values actually needed are there.
size_t MiniblockSpan(uint64_t per_miniblock, uint64_t needed_values, int width, size_t available) {
  const uint64_t full = per_miniblock * width / 8;
  if (BytesForBits(needed_values * width) > available) [[unlikely]]
    ThrowMiniblockTruncated();
  return static_cast<size_t>(std::min<uint64_t>(full, available));
}

}  // namespace

// --- DELTA_BINARY_PACKED decoder ---------------------------------------------------

template <typename T>
DeltaBinaryPackedDecoder<T>::DeltaBinaryPackedDecoder(const uint8_t* data, size_t size)
    : pos_(data), end_(data + size) {
  const DeltaHeader h = ReadDeltaHeader(&pos_, end_);
  miniblocks_ = h.miniblocks;
  per_miniblock_ = h.per_miniblock;
  total_values_ = h.total_values;
  values_left_ = h.total_values;
  to_unpack_ = h.total_values == 0 ? 0 : h.total_values - 1;
  first_pending_ = h.total_values != 0;
  last_ = static_cast<U>(h.first_value);
  next_miniblock_ = miniblocks_;
}

template <typename T>
size_t DeltaBinaryPackedDecoder<T>::EncodedLength(const uint8_t* data, size_t size) {
  constexpr int kMaxWidth = 8 * sizeof(T);
  const uint8_t* pos = data;
  const uint8_t* end = data + size;
  const DeltaHeader h = ReadDeltaHeader(&pos, end);
  uint64_t remaining = h.total_values == 0 ? 0 : h.total_values - 1;
  // Every block costs at least 1 + miniblocks bytes, so this loop is bounded
  // by the buffer size whatever the header claims.
  while (remaining != 0) {
    ReadUleb128(&pos, end, 64, "DELTA_BINARY_PACKED min delta");
    if (static_cast<uint64_t>(end - pos) < h.miniblocks) [[unlikely]]
      ThrowCorruptPage("DELTA_BINARY_PACKED: miniblock bit widths truncated");
    const uint8_t* widths = pos;
    pos += h.miniblocks;
    for (uint64_t i = 0; i < h.miniblocks && remaining != 0; ++i) {
      const int width = widths[i];
      if (width > kMaxWidth) [[unlikely]]
        ThrowWidthTooLarge(width, kMaxWidth);
      const uint64_t values = std::min(h.per_miniblock, remaining);
      pos += MiniblockSpan(h.per_miniblock, values, width, static_cast<size_t>(end - pos));
      remaining -= values;
    }
  }
  return static_cast<size_t>(pos - data);
}

template <typename T>
void DeltaBinaryPackedDecoder<T>::NextMiniblock() {
  constexpr int kMaxWidth = 8 * sizeof(T);
  TARN_CHECK(to_unpack_ != 0, "DELTA_BINARY_PACKED: no miniblock left to read");
  if (next_miniblock_ == miniblocks_) {
    min_delta_ = static_cast<U>(ZigZagDecode(ReadUleb128(&pos_, end_, 64, "DELTA_BINARY_PACKED min delta")));
    if (static_cast<uint64_t>(end_ - pos_) < miniblocks_) [[unlikely]]
      ThrowCorruptPage("DELTA_BINARY_PACKED: miniblock bit widths truncated");
    widths_ = pos_;
    pos_ += miniblocks_;
    next_miniblock_ = 0;
  }
  const int width = widths_[next_miniblock_++];
  if (width > kMaxWidth) [[unlikely]]
    ThrowWidthTooLarge(width, kMaxWidth);
  mb_left_ = std::min(per_miniblock_, to_unpack_);
  const size_t span = MiniblockSpan(per_miniblock_, mb_left_, width, static_cast<size_t>(end_ - pos_));
  mb_data_ = pos_;
  mb_width_ = width;
  pos_ += span;
}

template <typename T>
size_t DeltaBinaryPackedDecoder<T>::GetBatch(T* out_signed, size_t n) {
  n = static_cast<size_t>(std::min<uint64_t>(n, values_left_));
  U* out = reinterpret_cast<U*>(out_signed);
  size_t done = 0;
  if (n != 0 && first_pending_) {
    out[0] = last_;
    first_pending_ = false;
    done = 1;
  }
  U last = last_;
  const U* src;
  size_t k;
  while (done < n) {
    if (buffer_pos_ < buffer_len_) {
      k = std::min<size_t>(n - done, buffer_len_ - buffer_pos_);
      src = buffer_ + buffer_pos_;
      buffer_pos_ += static_cast<uint32_t>(k);
    } else {
      if (mb_left_ == 0) NextMiniblock();
      const size_t want = n - done;
      if (want >= 32 && mb_left_ >= 32) {
        // Whole groups unpacked in place, then turned into values below.
        k = static_cast<size_t>(std::min<uint64_t>(want, mb_left_)) & ~size_t{31};
        mb_data_ += UnpackBits(mb_data_, end_ - mb_data_, mb_width_, out + done, k);
        src = out + done;
      } else {
        const uint32_t m = static_cast<uint32_t>(std::min<uint64_t>(32, mb_left_));
        mb_data_ += UnpackBits(mb_data_, end_ - mb_data_, mb_width_, buffer_, m);
        buffer_pos_ = 0;
        buffer_len_ = m;
        mb_left_ -= m;
        to_unpack_ -= m;
        continue;
      }
      mb_left_ -= k;
      to_unpack_ -= k;
    }
    const U min_delta = min_delta_;
    U* dst = out + done;
    for (size_t i = 0; i < k; ++i) {
      last += min_delta + src[i];
      dst[i] = last;
    }
    done += k;
  }
  last_ = last;
  values_left_ -= n;
  return n;
}

template <typename T>
size_t DeltaBinaryPackedDecoder<T>::Skip(size_t n) {
  T scratch[256];
  size_t done = 0;
  while (done < n) {
    const size_t k = GetBatch(scratch, std::min<size_t>(n - done, 256));
    if (k == 0) break;
    done += k;
  }
  return done;
}

template class DeltaBinaryPackedDecoder<int32_t>;
template class DeltaBinaryPackedDecoder<int64_t>;

// --- DELTA_BINARY_PACKED encoder ---------------------------------------------------

template <typename T>
DeltaBinaryPackedEncoder<T>::DeltaBinaryPackedEncoder(uint32_t block_size, uint32_t miniblocks)
    : block_size_(block_size), miniblocks_(miniblocks) {
  TARN_CHECK(block_size != 0 && block_size % 128 == 0, "DELTA_BINARY_PACKED block size");
  TARN_CHECK(miniblocks != 0 && block_size % miniblocks == 0 && (block_size / miniblocks) % 32 == 0,
             "DELTA_BINARY_PACKED miniblock count");
  per_miniblock_ = block_size / miniblocks;
  deltas_.resize(block_size);
}

template <typename T>
void DeltaBinaryPackedEncoder<T>::Put(const T* values, size_t n) {
  size_t i = 0;
  if (count_ == 0 && n != 0) {
    first_ = last_ = static_cast<U>(values[0]);
    i = 1;
  }
  count_ += n;
  U last = last_;
  while (i < n) {
    const size_t k = std::min<size_t>(block_size_ - num_deltas_, n - i);
    U* deltas = deltas_.data() + num_deltas_;
    for (size_t j = 0; j < k; ++j) {
      const U v = static_cast<U>(values[i + j]);
      deltas[j] = v - last;  // wraps, as the spec requires
      last = v;
    }
    num_deltas_ += k;
    i += k;
    if (num_deltas_ == block_size_) FlushBlock();
  }
  last_ = last;
}

template <typename T>
void DeltaBinaryPackedEncoder<T>::FlushBlock() {
  const size_t n = num_deltas_;
  if (n == 0) return;
  T min_delta = static_cast<T>(deltas_[0]);
  for (size_t i = 1; i < n; ++i) min_delta = std::min(min_delta, static_cast<T>(deltas_[i]));
  AppendUleb128(ZigZagEncode(static_cast<int64_t>(min_delta)), &blocks_);
  for (size_t i = 0; i < n; ++i) deltas_[i] -= static_cast<U>(min_delta);

  const size_t widths_at = blocks_.size();
  blocks_.append(miniblocks_, '\0');  // unused miniblocks keep width 0
  for (uint32_t m = 0; m < miniblocks_; ++m) {
    const size_t start = size_t{m} * per_miniblock_;
    if (start >= n) break;
    const size_t count = std::min<size_t>(per_miniblock_, n - start);
    U bits = 0;
    for (size_t i = start; i < start + count; ++i) bits |= deltas_[i];
    const int width = BitWidthOf(bits);
    blocks_[widths_at + m] = static_cast<char>(width);
    const size_t data_at = blocks_.size();
    PackBits(deltas_.data() + start, count, width, &blocks_);
    blocks_.resize(data_at + size_t{per_miniblock_} * width / 8, '\0');  // pad to a full miniblock
  }
  num_deltas_ = 0;
}

template <typename T>
size_t DeltaBinaryPackedEncoder<T>::EstimatedSize() const {
  return 4 * 10 + blocks_.size() + 10 + miniblocks_ + num_deltas_ * sizeof(T) + per_miniblock_ * sizeof(T);
}

template <typename T>
void DeltaBinaryPackedEncoder<T>::Flush(std::string* out) {
  FlushBlock();
  AppendUleb128(block_size_, out);
  AppendUleb128(miniblocks_, out);
  AppendUleb128(count_, out);
  AppendUleb128(ZigZagEncode(static_cast<int64_t>(static_cast<T>(first_))), out);
  out->append(blocks_);
  blocks_.clear();
  count_ = 0;
  first_ = last_ = 0;
}

template class DeltaBinaryPackedEncoder<int32_t>;
template class DeltaBinaryPackedEncoder<int64_t>;

// --- DELTA_LENGTH_BYTE_ARRAY -------------------------------------------------------

DeltaLengthByteArrayDecoder::DeltaLengthByteArrayDecoder(const uint8_t* data, size_t size) {
  const size_t lengths_size = DeltaBinaryPackedDecoder<int32_t>::EncodedLength(data, size);
  lengths_ = DeltaBinaryPackedDecoder<int32_t>(data, lengths_size);
  data_pos_ = data + lengths_size;
  data_end_ = data + size;
}

size_t DeltaLengthByteArrayDecoder::GetBatch(ByteArray* out, size_t n) {
  int32_t lengths[256];
  size_t done = 0;
  while (done < n) {
    const size_t k = lengths_.GetBatch(lengths, std::min<size_t>(n - done, 256));
    if (k == 0) break;
    for (size_t i = 0; i < k; ++i) {
      const int32_t length = lengths[i];
      if (length < 0 || static_cast<size_t>(length) > static_cast<size_t>(data_end_ - data_pos_)) [[unlikely]]
        ThrowCorruptPage("DELTA_LENGTH_BYTE_ARRAY: value length " + std::to_string(length) +
                         " is negative or exceeds the " + std::to_string(data_end_ - data_pos_) + " bytes left");
      out[done + i] = ByteArray(data_pos_, static_cast<uint32_t>(length));
      data_pos_ += length;
    }
    done += k;
  }
  return done;
}

size_t DeltaLengthByteArrayDecoder::Skip(size_t n) {
  ByteArray scratch[256];
  size_t done = 0;
  while (done < n) {
    const size_t k = GetBatch(scratch, std::min<size_t>(n - done, 256));
    if (k == 0) break;
    done += k;
  }
  return done;
}

void DeltaLengthByteArrayEncoder::Put(ByteArray value) {
  TARN_CHECK(value.size <= static_cast<uint32_t>(std::numeric_limits<int32_t>::max()),
             "byte array longer than 2 GiB");
  lengths_.Put(static_cast<int32_t>(value.size));
  if (value.size != 0) data_.append(reinterpret_cast<const char*>(value.data), value.size);
}

void DeltaLengthByteArrayEncoder::Flush(std::string* out) {
  lengths_.Flush(out);
  out->append(data_);
  data_.clear();
}

// --- DELTA_BYTE_ARRAY ----------------------------------------------------------------

DeltaByteArrayDecoder::DeltaByteArrayDecoder(const uint8_t* data, size_t size) {
  const size_t prefixes_size = DeltaBinaryPackedDecoder<int32_t>::EncodedLength(data, size);
  prefixes_ = DeltaBinaryPackedDecoder<int32_t>(data, prefixes_size);
  suffixes_ = DeltaLengthByteArrayDecoder(data + prefixes_size, size - prefixes_size);
  if (prefixes_.total_values() != suffixes_.total_values()) [[unlikely]]
    ThrowCorruptPage("DELTA_BYTE_ARRAY: " + std::to_string(prefixes_.total_values()) + " prefix lengths but " +
                     std::to_string(suffixes_.total_values()) + " suffixes");
}

size_t DeltaByteArrayDecoder::GetBatch(ByteArray* out, size_t n, std::string* arena) {
  n = static_cast<size_t>(std::min<uint64_t>(n, values_left()));
  if (n == 0) return 0;
  prefix_scratch_.resize(n);
  suffix_scratch_.resize(n);
  if (prefixes_.GetBatch(prefix_scratch_.data(), n) != n || suffixes_.GetBatch(suffix_scratch_.data(), n) != n)
      [[unlikely]]
    ThrowCorruptPage("DELTA_BYTE_ARRAY: fewer values than the header announces");

  // Check every prefix against the previous value's length and size the
  // arena once, so the views handed out below never move.
  uint64_t previous = last_.size();
  uint64_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    const int32_t prefix = prefix_scratch_[i];
    if (prefix < 0 || static_cast<uint64_t>(prefix) > previous) [[unlikely]]
      ThrowCorruptPage("DELTA_BYTE_ARRAY: prefix length " + std::to_string(prefix) +
                       " is negative or longer than the previous value (" + std::to_string(previous) + " bytes)");
    previous = static_cast<uint64_t>(prefix) + suffix_scratch_[i].size;
    if (previous > std::numeric_limits<uint32_t>::max()) [[unlikely]]
      ThrowCorruptPage("DELTA_BYTE_ARRAY: value longer than 4 GiB");
    total += previous;
  }
  const size_t base = arena->size();
  arena->reserve(base + total);
  const char* prev_data = last_.data();
  for (size_t i = 0; i < n; ++i) {
    const size_t at = arena->size();
    const uint32_t prefix = static_cast<uint32_t>(prefix_scratch_[i]);
    arena->append(prev_data, prefix);  // within capacity: no reallocation
    arena->append(reinterpret_cast<const char*>(suffix_scratch_[i].data), suffix_scratch_[i].size);
    prev_data = arena->data() + at;
    out[i] = ByteArray(reinterpret_cast<const uint8_t*>(prev_data), static_cast<uint32_t>(arena->size() - at));
  }
  last_.assign(out[n - 1].view());
  return n;
}

size_t DeltaByteArrayDecoder::Skip(size_t n) {
  ByteArray scratch[256];
  std::string arena;
  size_t done = 0;
  while (done < n) {
    arena.clear();
    const size_t k = GetBatch(scratch, std::min<size_t>(n - done, 256), &arena);
    if (k == 0) break;
    done += k;
  }
  return done;
}

void DeltaByteArrayEncoder::Put(ByteArray value) {
  TARN_CHECK(value.size <= static_cast<uint32_t>(std::numeric_limits<int32_t>::max()),
             "byte array longer than 2 GiB");
  const size_t limit = std::min<size_t>(last_.size(), value.size);
  size_t prefix = 0;
  while (prefix < limit && static_cast<uint8_t>(last_[prefix]) == value.data[prefix]) ++prefix;
  prefixes_.Put(static_cast<int32_t>(prefix));
  suffixes_.Put(ByteArray(value.data + prefix, static_cast<uint32_t>(value.size - prefix)));
  last_.assign(value.view());
}

void DeltaByteArrayEncoder::Flush(std::string* out) {
  prefixes_.Flush(out);
  suffixes_.Flush(out);
  last_.clear();
}

// --- one-shot forms ----------------------------------------------------------------

namespace {
[[noreturn]] void ThrowTooFewValues(const char* encoding, uint64_t have, size_t want) {
  ThrowCorruptPage(std::string(encoding) + ": the page holds " + std::to_string(have) + " values, expected " +
                   std::to_string(want));
}
}  // namespace

void DecodeDeltaBinaryPacked(const uint8_t* data, size_t size, int32_t* out, size_t n) {
  DeltaBinaryPackedDecoder<int32_t> decoder(data, size);
  if (decoder.GetBatch(out, n) != n) ThrowTooFewValues("DELTA_BINARY_PACKED", decoder.total_values(), n);
}

void DecodeDeltaBinaryPacked(const uint8_t* data, size_t size, int64_t* out, size_t n) {
  DeltaBinaryPackedDecoder<int64_t> decoder(data, size);
  if (decoder.GetBatch(out, n) != n) ThrowTooFewValues("DELTA_BINARY_PACKED", decoder.total_values(), n);
}

void DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, ByteArray* out, size_t n) {
  DeltaLengthByteArrayDecoder decoder(data, size);
  if (decoder.GetBatch(out, n) != n) ThrowTooFewValues("DELTA_LENGTH_BYTE_ARRAY", decoder.total_values(), n);
}

void DecodeDeltaByteArray(const uint8_t* data, size_t size, ByteArray* out, size_t n, std::string* arena) {
  DeltaByteArrayDecoder decoder(data, size);
  if (decoder.GetBatch(out, n, arena) != n) ThrowTooFewValues("DELTA_BYTE_ARRAY", decoder.total_values(), n);
}

}  // namespace tarn::parquet
