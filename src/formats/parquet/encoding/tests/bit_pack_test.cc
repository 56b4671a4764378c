#include "formats/parquet/encoding/bit_pack.h"

#include <gtest/gtest.h>

#include <random>

#include "formats/parquet/encoding/tests/encoding_test_util.h"

namespace tarn::parquet {
namespace {

using testing::Exact;
using testing::ExpectCorrupt;
using testing::FromBytes;
using testing::Hex;

uint64_t Mask(int width) { return width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1; }

// Encodings.md, RLE section: 0..7 with bit width 3 packs LSB-first into
// 10001000 11000110 11111010.
TEST(BitPackTest, SpecExample) {
  const uint32_t values[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  std::string packed;
  PackBits(values, 8, 3, &packed);
  EXPECT_EQ(Hex(packed), Hex(FromBytes({0x88, 0xC6, 0xFA})));
  auto exact = Exact(packed);
  uint32_t out[8];
  EXPECT_EQ(UnpackBits(exact.data(), exact.size(), 3, out, 8), 3u);
  for (uint32_t i = 0; i < 8; ++i) EXPECT_EQ(out[i], i);
}

template <typename T>
void RoundTrip(int width, size_t count, std::mt19937_64& rng) {
  std::vector<uint64_t> values(count);
  for (auto& v : values) v = rng() & Mask(width);
  // Extremes too: all ones and zeros in the first values.
  if (count > 0) values[0] = Mask(width);
  if (count > 1) values[1] = 0;
  std::string packed;
  PackBits(values.data(), count, width, &packed);
  ASSERT_EQ(packed.size(), (count * width + 7) / 8);
  auto exact = Exact(packed);
  std::vector<T> out(count + 1, T{0x5A});
  ASSERT_EQ(UnpackBits(exact.data(), exact.size(), width, out.data(), count), packed.size());
  for (size_t i = 0; i < count; ++i) ASSERT_EQ(uint64_t{out[i]}, values[i]) << "width " << width << " i " << i;
  EXPECT_EQ(out[count], T{0x5A}) << "wrote past the requested count";
}

TEST(BitPackTest, RoundTripEveryWidthAndCount) {
  std::mt19937_64 rng(42);
  for (size_t count : {0, 1, 7, 8, 31, 32, 33, 64, 95, 100, 1000, 4099}) {
    for (int w = 0; w <= 8; ++w) RoundTrip<uint8_t>(w, count, rng);
    for (int w = 0; w <= 16; ++w) RoundTrip<uint16_t>(w, count, rng);
    for (int w = 0; w <= 32; ++w) RoundTrip<uint32_t>(w, count, rng);
    for (int w = 0; w <= 64; ++w) RoundTrip<uint64_t>(w, count, rng);
  }
}

TEST(BitPackTest, Pack32MasksHighBits) {
  const uint32_t values[2] = {0xFFFFFFFF, 0x2};
  std::string packed;
  PackBits(values, 2, 4, &packed);
  EXPECT_EQ(Hex(packed), "2f");
}

TEST(BitPackTest, TruncatedInputThrows) {
  std::vector<uint8_t> data(11, 0xFF);  // 88 bits: 29 values of width 3 need 11 bytes, 30 need 12
  uint32_t out[40];
  EXPECT_EQ(UnpackBits(data.data(), data.size(), 3, out, 29), 11u);
  ExpectCorrupt([&] { UnpackBits(data.data(), data.size(), 3, out, 30); }, "bytes available");
  ExpectCorrupt([&] { UnpackBits(data.data(), 0, 1, out, 1); });
  // Width 0 needs no bytes at all.
  EXPECT_EQ(UnpackBits(data.data(), 0, 0, out, 40), 0u);
  EXPECT_EQ(out[39], 0u);
}

TEST(BitPackTest, WidthTooLargeThrows) {
  std::vector<uint8_t> data(64, 0);
  uint8_t o8[8];
  uint16_t o16[8];
  uint32_t o32[8];
  uint64_t o64[8];
  ExpectCorrupt([&] { UnpackBits(data.data(), data.size(), 9, o8, 8); }, "exceeds 8");
  ExpectCorrupt([&] { UnpackBits(data.data(), data.size(), 17, o16, 8); }, "exceeds 16");
  ExpectCorrupt([&] { UnpackBits(data.data(), data.size(), 33, o32, 8); }, "exceeds 32");
  ExpectCorrupt([&] { UnpackBits(data.data(), data.size(), 65, o64, 8); }, "exceeds 64");
  ExpectCorrupt([&] { UnpackBits(data.data(), data.size(), -1, o32, 8); });
}

TEST(BitPackTest, HugeCountDoesNotOverflow) {
  std::vector<uint8_t> data(16, 0);
  uint32_t out[1];
  ExpectCorrupt([&] { UnpackBits(data.data(), data.size(), 32, out, SIZE_MAX / 2); });
  ExpectCorrupt([&] { UnpackBits(data.data(), data.size(), 1, out, SIZE_MAX); });
}

}  // namespace
}  // namespace tarn::parquet
