#include "formats/parquet/encoding/byte_stream_split.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "formats/parquet/encoding/tests/encoding_test_util.h"

namespace tarn::parquet {
namespace {

using testing::Exact;
using testing::ExpectCorrupt;
using testing::FromBytes;
using testing::Hex;

// Encodings.md: three FLOATs AA BB CC DD | 00 11 22 33 | A3 B4 C5 D6 become
// AA 00 A3 BB 11 B4 CC 22 C5 DD 33 D6.
TEST(ByteStreamSplitTest, SpecExample) {
  const std::string plain = FromBytes({0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x11, 0x22, 0x33, 0xA3, 0xB4, 0xC5, 0xD6});
  std::string encoded;
  EncodeByteStreamSplit(reinterpret_cast<const uint8_t*>(plain.data()), 3, 4, &encoded);
  EXPECT_EQ(Hex(encoded), "aa 00 a3 bb 11 b4 cc 22 c5 dd 33 d6");
  auto data = Exact(encoded);
  std::string out(12, '\0');
  DecodeByteStreamSplit(data.data(), data.size(), 4, 3, reinterpret_cast<uint8_t*>(out.data()));
  EXPECT_EQ(out, plain);
}

TEST(ByteStreamSplitTest, RoundTripAnyWidthInBatches) {
  std::mt19937_64 rng(31);
  for (size_t width : {1, 2, 3, 4, 5, 8, 12, 16}) {
    for (size_t count : {0, 1, 2, 17, 1000}) {
      std::string plain(width * count, '\0');
      for (auto& c : plain) c = static_cast<char>(rng());
      std::string encoded;
      EncodeByteStreamSplit(reinterpret_cast<const uint8_t*>(plain.data()), count, width, &encoded);
      ASSERT_EQ(encoded.size(), plain.size());
      auto data = Exact(encoded);
      ByteStreamSplitDecoder decoder(data.data(), data.size(), width);
      ASSERT_EQ(decoder.total_values(), count);
      std::string out(plain.size(), '\0');
      size_t done = 0;
      while (done < count) {
        const size_t n = std::min<size_t>(1 + rng() % 100, count - done);
        if (rng() % 4 == 0) {
          ASSERT_EQ(decoder.Skip(n), n);
          std::memcpy(out.data() + done * width, plain.data() + done * width, n * width);
        } else {
          ASSERT_EQ(decoder.GetBatch(reinterpret_cast<uint8_t*>(out.data()) + done * width, n), n);
        }
        done += n;
      }
      ASSERT_EQ(out, plain) << "width " << width << " count " << count;
      EXPECT_EQ(decoder.values_left(), 0u);
    }
  }
}

TEST(ByteStreamSplitTest, TypedDoubles) {
  const std::vector<double> values = {1.0, -2.5, 1e300, 0.0};
  std::string encoded;
  EncodeByteStreamSplit(reinterpret_cast<const uint8_t*>(values.data()), values.size(), 8, &encoded);
  auto data = Exact(encoded);
  ByteStreamSplitDecoder decoder(data.data(), data.size(), 8);
  std::vector<double> out(4);
  ASSERT_EQ(decoder.GetBatch(out.data(), 10), 4u);
  EXPECT_EQ(out, values);
}

TEST(ByteStreamSplitTest, Corruption) {
  auto data = Exact(std::string(10, 'x'));
  ExpectCorrupt([&] { ByteStreamSplitDecoder(data.data(), data.size(), 4); }, "not a multiple");
  ExpectCorrupt([&] { ByteStreamSplitDecoder(data.data(), data.size(), 0); }, "width 0");
  uint8_t out[40];
  ExpectCorrupt([&] { DecodeByteStreamSplit(data.data(), data.size(), 2, 6, out); }, "holds 5 values");
}

}  // namespace
}  // namespace tarn::parquet
