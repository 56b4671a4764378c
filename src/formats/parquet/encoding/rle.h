// The RLE / bit-packed hybrid encoding (definition and repetition levels,
// dictionary indices, RLE booleans), its length-prefixed v1 form, the
// dictionary-index framing (one bit-width byte, then the hybrid), and the
// deprecated MSB-first BIT_PACKED level encoding.
//
// Wire format (Encodings.md): a sequence of runs, each starting with a
// ULEB128 header h. h & 1 == 0: a repeated run of h >> 1 copies of one value
// stored in ceil(bit_width / 8) little-endian bytes. h & 1 == 1: (h >> 1)
// groups of 8 values bit-packed LSB-first (bit_pack.h).
//
// Decoders never read past their buffer and throw ThrowCorruptPage on a bad
// header or value; running out of data is not an error by itself: GetBatch
// returns fewer values than asked and the caller, who knows how many values
// the page holds, decides.
//
// Thread safety: decoders and encoders are single-threaded values.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

namespace tarn::parquet {

class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder() = default;
  /// Decodes data[0, size) with values of `bit_width` bits (0..32; larger
  /// widths throw). The buffer must outlive the decoder.
  RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width);

  int bit_width() const { return bit_width_; }

  /// Decodes up to n values into out; returns how many (fewer only when the
  /// data ends). The output type must be wide enough for bit_width.
  size_t GetBatch(uint8_t* out, size_t n);
  size_t GetBatch(uint16_t* out, size_t n);
  size_t GetBatch(int16_t* out, size_t n) { return GetBatch(reinterpret_cast<uint16_t*>(out), n); }
  size_t GetBatch(uint32_t* out, size_t n);
  size_t GetBatch(int32_t* out, size_t n) { return GetBatch(reinterpret_cast<uint32_t*>(out), n); }

  /// Skips up to n values; returns how many.
  size_t Skip(size_t n);

  /// GetBatch for dictionary indices: also throws if an index is
  /// >= dictionary_size.
  size_t GetIndices(uint32_t* out, size_t n, size_t dictionary_size);

  /// Decodes up to n dictionary indices and writes dictionary[index] to out
  /// (repeated runs become fills, bit-packed runs a checked gather). Throws on
  /// an index >= dictionary_size.
  template <typename V>
  size_t GetBatchWithDictionary(const V* dictionary, size_t dictionary_size, V* out, size_t n);

  /// The building block of the above: decodes up to `max` values, either as
  /// one repeated run (returns its length, *repeated = true, *value set) or
  /// as literal values written to scratch[0, returned). Returns 0 at the end.
  size_t NextChunk(uint32_t* scratch, size_t max, bool* repeated, uint32_t* value);

 private:
  template <typename T>
  size_t Decode(T* out, size_t n);
  bool NextRun();
  void FillBuffer();
  [[noreturn]] static void ThrowIndexOutOfRange(uint32_t index, size_t dictionary_size);

  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  int bit_width_ = 0;
  uint64_t repeat_left_ = 0;  // values left in the current repeated run
  uint32_t repeat_value_ = 0;
  uint64_t literal_left_ = 0;  // values of the current bit-packed run not yet unpacked
  const uint8_t* literal_end_ = nullptr;
  // A partly consumed group of unpacked literal values.
  uint32_t buffer_pos_ = 0;
  uint32_t buffer_len_ = 0;
  uint32_t buffer_[32];
};

template <typename V>
size_t RleBitPackedDecoder::GetBatchWithDictionary(const V* dictionary, size_t dictionary_size, V* out,
                                                   size_t n) {
  constexpr size_t kChunk = 512;
  uint32_t indices[kChunk];
  size_t done = 0;
  while (done < n) {
    bool repeated = false;
    uint32_t value = 0;
    const size_t k = NextChunk(indices, std::min(n - done, kChunk), &repeated, &value);
    if (k == 0) break;
    if (repeated) {
      if (value >= dictionary_size) [[unlikely]]
        ThrowIndexOutOfRange(value, dictionary_size);
      std::fill_n(out + done, k, dictionary[value]);
    } else {
      uint32_t max_index = 0;
      for (size_t i = 0; i < k; ++i) max_index = std::max(max_index, indices[i]);
      if (max_index >= dictionary_size) [[unlikely]]
        ThrowIndexOutOfRange(max_index, dictionary_size);
      V* dst = out + done;
      for (size_t i = 0; i < k; ++i) dst[i] = dictionary[indices[i]];
    }
    done += k;
  }
  return done;
}

/// The v1 framing of levels and RLE booleans: a 4-byte little-endian length,
/// then that many bytes of hybrid data.
struct LengthPrefixed {
  const uint8_t* data;
  size_t size;
  size_t bytes_consumed;  ///< 4 + size
};
/// Throws if the prefix or the data it announces is truncated.
LengthPrefixed ReadLengthPrefixed(const uint8_t* data, size_t size);

/// Dictionary-encoded data pages: one byte holding the index bit width
/// (at most 32), then the hybrid. An empty buffer gives an empty decoder.
RleBitPackedDecoder MakeDictionaryIndexDecoder(const uint8_t* data, size_t size);

/// Deprecated BIT_PACKED levels (MSB-first): decodes n values of `bit_width`
/// (0..32) bits; returns the bytes consumed, ceil(n * bit_width / 8). Throws if
/// the buffer is shorter or a value does not fit the output type.
size_t DecodeLegacyBitPacked(const uint8_t* data, size_t size, int bit_width, uint8_t* out, size_t n);
size_t DecodeLegacyBitPacked(const uint8_t* data, size_t size, int bit_width, uint16_t* out, size_t n);
size_t DecodeLegacyBitPacked(const uint8_t* data, size_t size, int bit_width, uint32_t* out, size_t n);
inline size_t DecodeLegacyBitPacked(const uint8_t* data, size_t size, int bit_width, int16_t* out, size_t n) {
  return DecodeLegacyBitPacked(data, size, bit_width, reinterpret_cast<uint16_t*>(out), n);
}
/// Appends n values in the deprecated BIT_PACKED layout (for tests and old readers).
void EncodeLegacyBitPacked(const uint32_t* values, size_t n, int bit_width, std::string* out);

/// Streams values into the hybrid encoding: repeated runs of 8 or more become
/// RLE runs, everything else bit-packed runs of at most kMaxLiteralRun values.
class RleBitPackedEncoder {
 public:
  static constexpr size_t kMaxLiteralRun = 1024;

  /// bit_width 0..32; every value put must fit in it.
  explicit RleBitPackedEncoder(int bit_width);

  void Put(uint32_t value) {
    if (run_count_ != 0 && value == run_value_) {
      ++run_count_;
    } else {
      StartRun(value);
    }
  }
  void Put(const uint32_t* values, size_t n) { PutAll(values, n); }
  void Put(const uint16_t* values, size_t n) { PutAll(values, n); }
  void Put(const int16_t* values, size_t n) { PutAll(reinterpret_cast<const uint16_t*>(values), n); }
  void Put(const uint8_t* values, size_t n) { PutAll(values, n); }

  int bit_width() const { return bit_width_; }
  uint64_t num_values() const { return committed_values_ + run_count_; }
  /// An upper bound of the bytes Flush would append now.
  size_t EstimatedSize() const;

  /// Appends all values put so far as hybrid runs and resets the encoder.
  void Flush(std::string* out);
  /// Same, with the 4-byte length prefix of v1 levels and RLE booleans.
  void FlushLengthPrefixed(std::string* out);

 private:
  template <typename T>
  void PutAll(const T* values, size_t n) {
    for (size_t i = 0; i < n; ++i) Put(static_cast<uint32_t>(values[i]));
  }
  void StartRun(uint32_t value);
  void CommitRun(uint32_t value, uint64_t count);
  void EmitLiterals(size_t count);
  void EmitRepeat(uint32_t value, uint64_t count);

  int bit_width_;
  uint64_t max_value_;
  uint32_t run_value_ = 0;
  uint64_t run_count_ = 0;
  uint64_t committed_values_ = 0;
  // Pending bit-packed values; CommitRun adds at most 15 before emitting.
  size_t num_literals_ = 0;
  uint32_t literals_[kMaxLiteralRun + 16];
  std::string encoded_;
};

/// Dictionary-index page data: the bit-width byte, then the hybrid runs.
void EncodeDictionaryIndices(const uint32_t* indices, size_t n, int bit_width, std::string* out);

}  // namespace tarn::parquet
