// Page compression codecs (parquet.thrift CompressionCodec) and the page CRC.
//
// Thread safety: stateless functions, safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "formats/parquet/metadata.h"

namespace tarn::parquet {

/// Decompresses `src` into exactly `dst_len` bytes at `dst`. Anything else
/// (malformed input, more or fewer bytes than expected) throws
/// FAILED_READ_FILE.FILE_CORRUPTED naming `path`; LZO and unknown codecs throw
/// FAILED_READ_FILE.UNSUPPORTED_PARQUET_FEATURE.
///
/// GZIP accepts gzip or zlib headers and several concatenated gzip members.
/// LZ4 (the deprecated codec) is read as Hadoop framing — repeated [4-byte
/// big-endian uncompressed length][4-byte big-endian compressed length][LZ4
/// block] — falling back to one raw LZ4 block, as Arrow does, since both
/// kinds exist in the wild.
void Decompress(CompressionCodec codec, const uint8_t* src, size_t src_len, uint8_t* dst, size_t dst_len,
                std::string_view path = {});

/// Picks each codec's default: ZSTD 3 (as Spark), GZIP 6, BROTLI 4.
inline constexpr int kDefaultCompressionLevel = -1000;

/// Compresses with UNCOMPRESSED, SNAPPY, GZIP (gzip header), ZSTD, LZ4_RAW or
/// BROTLI; `level` is codec-specific and ignored by SNAPPY and LZ4_RAW. Other
/// codecs throw UNSUPPORTED_FEATURE.
std::string Compress(CompressionCodec codec, const uint8_t* src, size_t len, int level = kDefaultCompressionLevel);

/// The CRC-32 (zlib polynomial) that PageHeader.crc holds.
uint32_t Crc32(const uint8_t* data, size_t len);

}  // namespace tarn::parquet
