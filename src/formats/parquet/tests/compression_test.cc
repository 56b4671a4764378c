#include "formats/parquet/compression.h"

#include <gtest/gtest.h>
#include <lz4.h>
#include <zlib.h>

#include <random>
#include <string>
#include <vector>

#include "common/error.h"

namespace tarn::parquet {
namespace {

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// Compressible but not trivial: runs of words with random numbers between.
std::string SampleData(size_t size, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out;
  while (out.size() < size) {
    out += (rng() % 3 == 0) ? "parquet " : "lakehouse ";
    out += std::to_string(rng() % 1000);
  }
  out.resize(size);
  return out;
}

std::string DecompressToString(CompressionCodec codec, const std::string& compressed, size_t size) {
  std::string out(size, '\0');
  Decompress(codec, Bytes(compressed), compressed.size(), reinterpret_cast<uint8_t*>(out.data()), size,
             "/t/file.parquet");
  return out;
}

ErrorClass DecompressError(CompressionCodec codec, const std::string& compressed, size_t size) {
  try {
    DecompressToString(codec, compressed, size);
  } catch (const Error& e) {
    return e.info().error_class;
  }
  return ErrorClass::kInternalError;  // "no error": never a class these throw
}

const CompressionCodec kWritableCodecs[] = {CompressionCodec::kUncompressed, CompressionCodec::kSnappy,
                                            CompressionCodec::kGzip,         CompressionCodec::kZstd,
                                            CompressionCodec::kLz4Raw,       CompressionCodec::kBrotli};

TEST(CompressionTest, RoundTripsEveryWritableCodec) {
  for (CompressionCodec codec : kWritableCodecs) {
    for (size_t size : {size_t{0}, size_t{1}, size_t{100}, size_t{70000}, size_t{1} << 20}) {
      std::string data = SampleData(size, static_cast<uint32_t>(size));
      std::string compressed = Compress(codec, Bytes(data), data.size());
      if (codec != CompressionCodec::kUncompressed && size >= 70000) {
        EXPECT_LT(compressed.size(), data.size() / 2) << ToString(codec);
      }
      EXPECT_EQ(DecompressToString(codec, compressed, size), data) << ToString(codec) << " size " << size;
    }
  }
}

TEST(CompressionTest, EmptyOutputWithoutABuffer) {
  for (CompressionCodec codec : kWritableCodecs) {
    std::string compressed = Compress(codec, nullptr, 0);
    Decompress(codec, Bytes(compressed), compressed.size(), nullptr, 0);
  }
}

TEST(CompressionTest, LevelsRoundTrip) {
  std::string data = SampleData(50000, 7);
  for (auto [codec, level] : std::vector<std::pair<CompressionCodec, int>>{{CompressionCodec::kGzip, 1},
                                                                            {CompressionCodec::kGzip, 9},
                                                                            {CompressionCodec::kZstd, 1},
                                                                            {CompressionCodec::kZstd, 19},
                                                                            {CompressionCodec::kBrotli, 0},
                                                                            {CompressionCodec::kBrotli, 11}}) {
    std::string compressed = Compress(codec, Bytes(data), data.size(), level);
    EXPECT_EQ(DecompressToString(codec, compressed, data.size()), data) << ToString(codec) << " " << level;
  }
}

TEST(CompressionTest, GzipReadsZlibHeadersAndConcatenatedMembers) {
  std::string a = SampleData(3000, 1), b = SampleData(5000, 2);
  std::string members = Compress(CompressionCodec::kGzip, Bytes(a), a.size()) +
                        Compress(CompressionCodec::kGzip, Bytes(b), b.size());
  EXPECT_EQ(DecompressToString(CompressionCodec::kGzip, members, a.size() + b.size()), a + b);

  std::string zlib(compressBound(a.size()), '\0');
  uLongf zlib_size = zlib.size();
  ASSERT_EQ(compress2(reinterpret_cast<Bytef*>(zlib.data()), &zlib_size, Bytes(a), a.size(), 6), Z_OK);
  zlib.resize(zlib_size);
  EXPECT_EQ(DecompressToString(CompressionCodec::kGzip, zlib, a.size()), a);
}

std::string RawLz4(const std::string& data) {
  std::string out(LZ4_compressBound(static_cast<int>(data.size())), '\0');
  int n = LZ4_compress_default(data.data(), out.data(), static_cast<int>(data.size()), static_cast<int>(out.size()));
  out.resize(n);
  return out;
}

std::string BigEndian32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

TEST(CompressionTest, Lz4ReadsHadoopFramingAndRawBlocks) {
  std::string a = SampleData(4000, 3), b = SampleData(900, 4);
  std::string block_a = RawLz4(a), block_b = RawLz4(b);
  std::string hadoop = BigEndian32(a.size()) + BigEndian32(block_a.size()) + block_a + BigEndian32(b.size()) +
                       BigEndian32(block_b.size()) + block_b;
  EXPECT_EQ(DecompressToString(CompressionCodec::kLz4, hadoop, a.size() + b.size()), a + b);
  EXPECT_EQ(DecompressToString(CompressionCodec::kLz4, block_a, a.size()), a);
  // LZ4_RAW is only ever a raw block.
  EXPECT_EQ(DecompressError(CompressionCodec::kLz4Raw, hadoop, a.size() + b.size()), ErrorClass::kCorruptFile);
  EXPECT_EQ(DecompressError(CompressionCodec::kLz4, hadoop, a.size() + b.size() + 1), ErrorClass::kCorruptFile);
}

TEST(CompressionTest, CorruptOrMissizedInputIsAnError) {
  std::string data = SampleData(20000, 5);
  for (CompressionCodec codec : kWritableCodecs) {
    std::string compressed = Compress(codec, Bytes(data), data.size());
    SCOPED_TRACE(ToString(codec));
    EXPECT_EQ(DecompressError(codec, compressed, data.size() + 1), ErrorClass::kCorruptFile);
    EXPECT_EQ(DecompressError(codec, compressed, data.size() - 1), ErrorClass::kCorruptFile);
    EXPECT_EQ(DecompressError(codec, compressed.substr(0, compressed.size() / 2), data.size()),
              ErrorClass::kCorruptFile);
    if (codec == CompressionCodec::kUncompressed) continue;
    // Garbage never crashes; it either fails or (rarely) decodes to other bytes.
    std::mt19937 rng(static_cast<uint32_t>(codec));
    for (int trial = 0; trial < 50; ++trial) {
      std::string flipped = compressed;
      for (int k = 0; k < 4; ++k) flipped[rng() % flipped.size()] ^= static_cast<char>(1 + rng() % 255);
      ErrorClass error = DecompressError(codec, flipped, data.size());
      EXPECT_TRUE(error == ErrorClass::kCorruptFile || error == ErrorClass::kInternalError);
    }
  }
}

TEST(CompressionTest, ErrorsNameTheFileAndCodec) {
  try {
    DecompressToString(CompressionCodec::kSnappy, "garbage!", 100);
    FAIL();
  } catch (const Error& e) {
    std::string text = e.what();
    EXPECT_NE(text.find("/t/file.parquet"), std::string::npos) << text;
    EXPECT_NE(text.find("SNAPPY"), std::string::npos) << text;
  }
}

TEST(CompressionTest, UnsupportedCodecs) {
  EXPECT_EQ(DecompressError(CompressionCodec::kLzo, "abc", 10), ErrorClass::kUnsupportedParquet);
  EXPECT_EQ(DecompressError(static_cast<CompressionCodec>(42), "abc", 10), ErrorClass::kUnsupportedParquet);
  std::string data = "x";
  for (CompressionCodec codec : {CompressionCodec::kLzo, CompressionCodec::kLz4}) {
    try {
      Compress(codec, Bytes(data), data.size());
      FAIL() << ToString(codec);
    } catch (const Error& e) {
      EXPECT_EQ(e.info().error_class, ErrorClass::kUnsupportedFeature);
    }
  }
}

TEST(CompressionTest, Crc32) {
  std::string check = "123456789";
  EXPECT_EQ(Crc32(Bytes(check), check.size()), 0xCBF43926u);
  EXPECT_EQ(Crc32(nullptr, 0), 0u);
}

}  // namespace
}  // namespace tarn::parquet
