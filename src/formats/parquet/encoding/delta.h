// The delta encodings:
//  - DELTA_BINARY_PACKED (INT32, INT64): header <block size> <miniblocks per
//    block> <value count> <zigzag first value>, then blocks of <zigzag min
//    delta> <one bit-width byte per miniblock> <bit-packed miniblocks>.
//    All arithmetic wraps (done in the unsigned type), as the spec requires.
//  - DELTA_LENGTH_BYTE_ARRAY: DELTA_BINARY_PACKED lengths, then the bytes of
//    all values concatenated.
//  - DELTA_BYTE_ARRAY: DELTA_BINARY_PACKED prefix lengths, then the suffixes
//    as DELTA_LENGTH_BYTE_ARRAY; value i = value[i-1][0, prefix) + suffix.
//
// Decoders know their value count from the header: GetBatch returns fewer
// than n values only when fewer are left, and throws ThrowCorruptPage when the
// data ends before the values the header promised. They decode lazily in
// batches, so memory does not grow with a (possibly corrupt) header count.
// Encoders buffer one page and append it on Flush.
//
// Thread safety: single-threaded values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "formats/parquet/encoding/byte_array.h"

namespace tarn::parquet {

template <typename T>
class DeltaBinaryPackedDecoder {
  static_assert(std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>);

 public:
  DeltaBinaryPackedDecoder() = default;
  /// Reads and checks the header; the buffer must outlive the decoder.
  DeltaBinaryPackedDecoder(const uint8_t* data, size_t size);

  /// The byte length of the complete stream at the start of data[0, size)
  /// (header, then every block up to the last miniblock holding a value),
  /// found by walking block headers without unpacking. Throws if truncated.
  /// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY use it to find what follows.
  static size_t EncodedLength(const uint8_t* data, size_t size);

  uint64_t total_values() const { return total_values_; }
  uint64_t values_left() const { return values_left_; }

  size_t GetBatch(T* out, size_t n);
  size_t Skip(size_t n);

 private:
  using U = std::make_unsigned_t<T>;
  void NextMiniblock();

  const uint8_t* pos_ = nullptr;  // after the last miniblock started
  const uint8_t* end_ = nullptr;
  uint64_t miniblocks_ = 0;
  uint64_t per_miniblock_ = 0;
  uint64_t total_values_ = 0;
  uint64_t values_left_ = 0;  // not yet returned
  uint64_t to_unpack_ = 0;    // deltas not yet unpacked
  bool first_pending_ = false;
  U last_ = 0;
  U min_delta_ = 0;
  const uint8_t* widths_ = nullptr;  // the current block's miniblock bit widths
  uint64_t next_miniblock_ = 0;      // index in the block; == miniblocks_: read a block header
  const uint8_t* mb_data_ = nullptr;
  int mb_width_ = 0;
  uint64_t mb_left_ = 0;  // deltas of the current miniblock not yet unpacked
  uint32_t buffer_pos_ = 0;
  uint32_t buffer_len_ = 0;
  U buffer_[32];  // unpacked (relative) deltas of a partly consumed group
};

extern template class DeltaBinaryPackedDecoder<int32_t>;
extern template class DeltaBinaryPackedDecoder<int64_t>;

template <typename T>
class DeltaBinaryPackedEncoder {
  static_assert(std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>);

 public:
  /// block_size: a positive multiple of 128; miniblocks: divides it into
  /// multiples of 32 values.
  explicit DeltaBinaryPackedEncoder(uint32_t block_size = 128, uint32_t miniblocks = 4);

  void Put(T value) { Put(&value, 1); }
  void Put(const T* values, size_t n);
  uint64_t num_values() const { return count_; }
  /// About the bytes Flush would append now.
  size_t EstimatedSize() const;
  /// Appends the header and all blocks, then resets (block sizes are kept).
  void Flush(std::string* out);

 private:
  using U = std::make_unsigned_t<T>;
  void FlushBlock();

  uint32_t block_size_;
  uint32_t miniblocks_;
  uint32_t per_miniblock_;
  uint64_t count_ = 0;
  U first_ = 0;
  U last_ = 0;
  std::vector<U> deltas_;  // the current block, block_size_ long
  size_t num_deltas_ = 0;
  std::string blocks_;     // finished blocks
};

extern template class DeltaBinaryPackedEncoder<int32_t>;
extern template class DeltaBinaryPackedEncoder<int64_t>;

class DeltaLengthByteArrayDecoder {
 public:
  DeltaLengthByteArrayDecoder() = default;
  DeltaLengthByteArrayDecoder(const uint8_t* data, size_t size);

  uint64_t total_values() const { return lengths_.total_values(); }
  uint64_t values_left() const { return lengths_.values_left(); }

  /// Zero-copy views into the page. Throws on a negative length or one that
  /// runs past the buffer.
  size_t GetBatch(ByteArray* out, size_t n);
  size_t Skip(size_t n);

 private:
  DeltaBinaryPackedDecoder<int32_t> lengths_;
  const uint8_t* data_pos_ = nullptr;
  const uint8_t* data_end_ = nullptr;
};

class DeltaLengthByteArrayEncoder {
 public:
  void Put(ByteArray value);
  void Put(const ByteArray* values, size_t n) {
    for (size_t i = 0; i < n; ++i) Put(values[i]);
  }
  uint64_t num_values() const { return lengths_.num_values(); }
  size_t EstimatedSize() const { return lengths_.EstimatedSize() + data_.size(); }
  void Flush(std::string* out);

 private:
  DeltaBinaryPackedEncoder<int32_t> lengths_;
  std::string data_;
};

class DeltaByteArrayDecoder {
 public:
  DeltaByteArrayDecoder() = default;
  DeltaByteArrayDecoder(const uint8_t* data, size_t size);

  uint64_t total_values() const { return suffixes_.total_values(); }
  uint64_t values_left() const { return suffixes_.values_left(); }

  /// Decodes up to n values. Their bytes are appended to *arena (grown once
  /// per call); the ByteArrays point into *arena and stay valid until *arena
  /// is next modified. Throws if a prefix is longer than the previous value.
  size_t GetBatch(ByteArray* out, size_t n, std::string* arena);
  size_t Skip(size_t n);

 private:
  DeltaBinaryPackedDecoder<int32_t> prefixes_;
  DeltaLengthByteArrayDecoder suffixes_;
  std::string last_;  // the previous value, whose prefix the next one shares
  std::vector<int32_t> prefix_scratch_;
  std::vector<ByteArray> suffix_scratch_;
};

class DeltaByteArrayEncoder {
 public:
  void Put(ByteArray value);
  void Put(const ByteArray* values, size_t n) {
    for (size_t i = 0; i < n; ++i) Put(values[i]);
  }
  uint64_t num_values() const { return prefixes_.num_values(); }
  size_t EstimatedSize() const { return prefixes_.EstimatedSize() + suffixes_.EstimatedSize(); }
  void Flush(std::string* out);

 private:
  DeltaBinaryPackedEncoder<int32_t> prefixes_;
  DeltaLengthByteArrayEncoder suffixes_;
  std::string last_;
};

// One-shot forms for a whole page: decode exactly n values (the page may
// announce more) or throw ThrowCorruptPage.
void DecodeDeltaBinaryPacked(const uint8_t* data, size_t size, int32_t* out, size_t n);
void DecodeDeltaBinaryPacked(const uint8_t* data, size_t size, int64_t* out, size_t n);
void DecodeDeltaLengthByteArray(const uint8_t* data, size_t size, ByteArray* out, size_t n);
/// Values are materialised in *arena (see DeltaByteArrayDecoder::GetBatch).
void DecodeDeltaByteArray(const uint8_t* data, size_t size, ByteArray* out, size_t n, std::string* arena);

}  // namespace tarn::parquet
