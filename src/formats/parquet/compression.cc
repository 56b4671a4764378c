#include "formats/parquet/compression.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <climits>
#include <cstring>

#include "common/error.h"
#include "formats/parquet/thrift_compact.h"

namespace tarn::parquet {
namespace {

[[noreturn]] void FailDecompress(std::string_view path, CompressionCodec codec, const std::string& detail) {
  ThrowCorrupt(path, std::string(ToString(codec)) + " decompression failed: " + detail + ".");
}

std::string SizeMismatch(size_t actual, size_t expected) {
  return "produced " + std::to_string(actual) + " bytes, the page header says " + std::to_string(expected);
}

void InflateGzip(const uint8_t* src, size_t src_len, uint8_t* dst, size_t dst_len, std::string_view path) {
  z_stream stream{};
  // 15 window bits + 32: detect a gzip or zlib header.
  if (inflateInit2(&stream, 15 + 32) != Z_OK) ThrowInternal("zlib inflateInit2 failed");
  stream.next_in = const_cast<Bytef*>(src);
  stream.next_out = dst;
  size_t in_left = src_len, out_left = dst_len;
  std::string error;
  while (error.empty()) {
    // zlib counts in uInt; feed large buffers in slices.
    uInt in_chunk = static_cast<uInt>(std::min<size_t>(in_left, UINT_MAX));
    uInt out_chunk = static_cast<uInt>(std::min<size_t>(out_left, UINT_MAX));
    stream.avail_in = in_chunk;
    stream.avail_out = out_chunk;
    int rc = inflate(&stream, Z_NO_FLUSH);
    in_left -= in_chunk - stream.avail_in;
    out_left -= out_chunk - stream.avail_out;
    if (rc == Z_STREAM_END) {
      if (in_left == 0) break;
      // Another gzip member follows (e.g. concatenated by a Hadoop writer).
      if (inflateReset(&stream) != Z_OK) error = "cannot reset the inflater";
    } else if (rc == Z_BUF_ERROR && stream.avail_out == 0 && out_left == 0) {
      error = "the data inflates to more than " + std::to_string(dst_len) + " bytes";
    } else if (rc == Z_BUF_ERROR && in_left == 0) {
      error = "the stream is truncated";
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      error = stream.msg ? stream.msg : "zlib error " + std::to_string(rc);
    }
  }
  inflateEnd(&stream);
  if (!error.empty()) FailDecompress(path, CompressionCodec::kGzip, error);
  if (out_left != 0) FailDecompress(path, CompressionCodec::kGzip, SizeMismatch(dst_len - out_left, dst_len));
}

// One raw LZ4 block into exactly dst_len bytes; false if it does not decode so.
bool Lz4Block(const uint8_t* src, size_t src_len, uint8_t* dst, size_t dst_len) {
  if (src_len > INT_MAX || dst_len > INT_MAX) return false;
  int n = LZ4_decompress_safe(reinterpret_cast<const char*>(src), reinterpret_cast<char*>(dst),
                              static_cast<int>(src_len), static_cast<int>(dst_len));
  return n >= 0 && static_cast<size_t>(n) == dst_len;
}

uint32_t LoadBigEndian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

// Hadoop's Lz4Codec framing; false if the input is not framed that way.
bool Lz4Hadoop(const uint8_t* src, size_t src_len, uint8_t* dst, size_t dst_len) {
  if (src_len < 8) return false;
  while (src_len >= 8) {
    size_t uncompressed = LoadBigEndian32(src);
    size_t compressed = LoadBigEndian32(src + 4);
    src += 8, src_len -= 8;
    if (compressed > src_len || uncompressed > dst_len) return false;
    if (!Lz4Block(src, compressed, dst, uncompressed)) return false;
    src += compressed, src_len -= compressed;
    dst += uncompressed, dst_len -= uncompressed;
  }
  return src_len == 0 && dst_len == 0;
}

}  // namespace

void Decompress(CompressionCodec codec, const uint8_t* src, size_t src_len, uint8_t* dst, size_t dst_len,
                std::string_view path) {
  if (src_len == 0 && dst_len == 0) return;  // an empty page: no codec accepts zero bytes
  uint8_t no_output;
  if (dst == nullptr) dst = &no_output;  // an empty std::vector's data(); zlib rejects null
  switch (codec) {
    case CompressionCodec::kUncompressed:
      if (src_len != dst_len) FailDecompress(path, codec, SizeMismatch(src_len, dst_len));
      std::memcpy(dst, src, src_len);
      return;
    case CompressionCodec::kSnappy: {
      const char* in = reinterpret_cast<const char*>(src);
      size_t length = 0;
      if (!snappy::GetUncompressedLength(in, src_len, &length)) FailDecompress(path, codec, "invalid header");
      if (length != dst_len) FailDecompress(path, codec, SizeMismatch(length, dst_len));
      if (!snappy::RawUncompress(in, src_len, reinterpret_cast<char*>(dst))) {
        FailDecompress(path, codec, "invalid data");
      }
      return;
    }
    case CompressionCodec::kGzip: InflateGzip(src, src_len, dst, dst_len, path); return;
    case CompressionCodec::kBrotli: {
      size_t decoded = dst_len;
      if (BrotliDecoderDecompress(src_len, src, &decoded, dst) != BROTLI_DECODER_RESULT_SUCCESS) {
        FailDecompress(path, codec, "invalid or oversized data");
      }
      if (decoded != dst_len) FailDecompress(path, codec, SizeMismatch(decoded, dst_len));
      return;
    }
    case CompressionCodec::kZstd: {
      size_t n = ZSTD_decompress(dst, dst_len, src, src_len);
      if (ZSTD_isError(n)) FailDecompress(path, codec, ZSTD_getErrorName(n));
      if (n != dst_len) FailDecompress(path, codec, SizeMismatch(n, dst_len));
      return;
    }
    case CompressionCodec::kLz4Raw:
      if (!Lz4Block(src, src_len, dst, dst_len)) {
        FailDecompress(path, codec, "invalid data or not exactly " + std::to_string(dst_len) + " bytes");
      }
      return;
    case CompressionCodec::kLz4:
      if (Lz4Hadoop(src, src_len, dst, dst_len) || Lz4Block(src, src_len, dst, dst_len)) return;
      FailDecompress(path, codec, "neither Hadoop-framed nor a raw LZ4 block of " + std::to_string(dst_len) + " bytes");
    case CompressionCodec::kLzo: break;
  }
  std::string name = ToString(codec);
  if (name == "UNKNOWN") name += " (" + std::to_string(static_cast<int>(codec)) + ")";
  ThrowError(ErrorClass::kUnsupportedParquet,
             {{"path", path.empty() ? std::string("(unknown file)") : std::string(path)},
              {"feature", "the compression codec " + name}});
}

std::string Compress(CompressionCodec codec, const uint8_t* src, size_t len, int level) {
  bool default_level = level == kDefaultCompressionLevel;
  std::string out;
  switch (codec) {
    case CompressionCodec::kUncompressed: return std::string(reinterpret_cast<const char*>(src), len);
    case CompressionCodec::kSnappy:
      snappy::Compress(reinterpret_cast<const char*>(src), len, &out);
      return out;
    case CompressionCodec::kGzip: {
      if (len > UINT_MAX) ThrowInternal("GZIP input too large");
      z_stream stream{};
      // 15 window bits + 16: write a gzip header, as Parquet's GZIP expects.
      if (deflateInit2(&stream, default_level ? 6 : level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        ThrowError(ErrorClass::kInvalidParameterValue,
                   {{"parameter", "level"}, {"function", "GZIP compression"}, {"message", std::to_string(level)}});
      }
      out.resize(deflateBound(&stream, len));
      stream.next_in = const_cast<Bytef*>(src);
      stream.avail_in = static_cast<uInt>(len);
      stream.next_out = reinterpret_cast<Bytef*>(out.data());
      stream.avail_out = static_cast<uInt>(out.size());
      int rc = deflate(&stream, Z_FINISH);
      out.resize(stream.total_out);
      deflateEnd(&stream);
      if (rc != Z_STREAM_END) ThrowInternal("zlib deflate failed");
      return out;
    }
    case CompressionCodec::kZstd: {
      out.resize(ZSTD_compressBound(len));
      size_t n = ZSTD_compress(out.data(), out.size(), src, len, default_level ? 3 : level);
      if (ZSTD_isError(n)) ThrowInternal(std::string("ZSTD_compress failed: ") + ZSTD_getErrorName(n));
      out.resize(n);
      return out;
    }
    case CompressionCodec::kLz4Raw: {
      if (len > LZ4_MAX_INPUT_SIZE) ThrowInternal("LZ4 input too large");
      out.resize(LZ4_compressBound(static_cast<int>(len)));
      int n = LZ4_compress_default(reinterpret_cast<const char*>(src), out.data(), static_cast<int>(len),
                                   static_cast<int>(out.size()));
      if (n <= 0) ThrowInternal("LZ4_compress_default failed");
      out.resize(n);
      return out;
    }
    case CompressionCodec::kBrotli: {
      size_t n = BrotliEncoderMaxCompressedSize(len);
      out.resize(n);
      if (!BrotliEncoderCompress(default_level ? 4 : level, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, len, src, &n,
                                 reinterpret_cast<uint8_t*>(out.data()))) {
        ThrowInternal("BrotliEncoderCompress failed");
      }
      out.resize(n);
      return out;
    }
    default: break;
  }
  ThrowError(ErrorClass::kUnsupportedFeature,
             {{"feature", std::string("writing Parquet pages with the ") + ToString(codec) + " codec"}});
}

uint32_t Crc32(const uint8_t* data, size_t len) {
  return static_cast<uint32_t>(crc32_z(0, data, len));
}

}  // namespace tarn::parquet
