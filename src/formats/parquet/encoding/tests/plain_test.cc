#include "formats/parquet/encoding/plain.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "formats/parquet/encoding/tests/encoding_test_util.h"

namespace tarn::parquet {
namespace {

using testing::Exact;
using testing::ExpectCorrupt;
using testing::FromBytes;
using testing::Hex;

template <typename T>
void RoundTripFixed(const std::vector<T>& values) {
  std::string encoded;
  EncodePlain(values.data(), values.size(), &encoded);
  ASSERT_EQ(encoded.size(), values.size() * sizeof(T));
  auto data = Exact(encoded);
  std::vector<T> out(values.size());
  // In two batches, as a reader walking a page would.
  const size_t half = values.size() / 2;
  size_t consumed = DecodePlain(data.data(), data.size(), out.data(), half);
  consumed += DecodePlain(data.data() + consumed, data.size() - consumed, out.data() + half, values.size() - half);
  EXPECT_EQ(consumed, data.size());
  if (!values.empty()) {
    EXPECT_EQ(0, std::memcmp(out.data(), values.data(), values.size() * sizeof(T)));
    ExpectCorrupt([&] { DecodePlain(data.data(), data.size() - 1, out.data(), values.size()); }, "PLAIN data");
  }
}

TEST(PlainTest, FixedWidthRoundTrips) {
  RoundTripFixed<int32_t>({0, 1, -1, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()});
  RoundTripFixed<int64_t>({0, -7, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()});
  RoundTripFixed<float>({0.0f, -0.0f, 1.5f, std::numeric_limits<float>::infinity(),
                         std::numeric_limits<float>::quiet_NaN()});
  RoundTripFixed<double>({3.25, -1e300, std::numeric_limits<double>::denorm_min()});
  RoundTripFixed<Int96>({Int96{{1, 2, 3}}, Int96{{0xFFFFFFFF, 0, 2440588}}});
  RoundTripFixed<int32_t>({});
}

TEST(PlainTest, LittleEndianLayout) {
  const int32_t v32 = 0x01020304;
  const int64_t v64 = -2;
  std::string encoded;
  EncodePlain(&v32, 1, &encoded);
  EncodePlain(&v64, 1, &encoded);
  EXPECT_EQ(Hex(encoded), "04 03 02 01 fe ff ff ff ff ff ff ff");
}

TEST(PlainTest, ByteArrayRoundTrip) {
  std::mt19937_64 rng(17);
  std::vector<std::string> strings = {"", "a", "", std::string(1000, 'x'), "tarn"};
  for (int i = 0; i < 200; ++i) {
    std::string s(rng() % 40, '\0');
    for (auto& c : s) c = static_cast<char>(rng());
    strings.push_back(s);
  }
  std::vector<ByteArray> values;
  for (const auto& s : strings) values.emplace_back(s);
  std::string encoded;
  EncodePlainByteArray(values.data(), values.size(), &encoded);
  auto data = Exact(encoded);
  std::vector<ByteArray> out(values.size());
  size_t consumed = DecodePlainByteArray(data.data(), data.size(), out.data(), 3);
  EXPECT_EQ(SkipPlainByteArray(data.data(), data.size(), 3), consumed);
  consumed += DecodePlainByteArray(data.data() + consumed, data.size() - consumed, out.data() + 3, values.size() - 3);
  EXPECT_EQ(consumed, data.size());
  for (size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(out[i].view(), strings[i]);
    if (out[i].size != 0) {
      EXPECT_GE(out[i].data, data.data());  // zero copy: views into the page
      EXPECT_LE(out[i].data + out[i].size, data.data() + data.size());
    }
  }
}

TEST(PlainTest, ByteArrayKnownBytesAndCorruption) {
  const ByteArray ab(std::string_view("ab"));
  std::string encoded;
  EncodePlainByteArray(&ab, 1, &encoded);
  EXPECT_EQ(Hex(encoded), "02 00 00 00 61 62");
  ByteArray out[2];
  auto truncated_length = Exact(FromBytes({2, 0, 0}));
  ExpectCorrupt([&] { DecodePlainByteArray(truncated_length.data(), truncated_length.size(), out, 1); },
                "truncated");
  auto too_long = Exact(FromBytes({3, 0, 0, 0, 'a', 'b'}));
  ExpectCorrupt([&] { DecodePlainByteArray(too_long.data(), too_long.size(), out, 1); }, "exceeds");
  auto huge = Exact(FromBytes({0xFF, 0xFF, 0xFF, 0xFF, 'a'}));
  ExpectCorrupt([&] { DecodePlainByteArray(huge.data(), huge.size(), out, 1); }, "exceeds");
  ExpectCorrupt([&] { SkipPlainByteArray(huge.data(), huge.size(), 1); }, "exceeds");
  auto one = Exact(encoded);
  ExpectCorrupt([&] { DecodePlainByteArray(one.data(), one.size(), out, 2); }, "truncated");
}

TEST(PlainTest, FixedLenByteArray) {
  const std::string bytes = "abcdefghijkl";
  std::vector<ByteArray> values = {ByteArray(std::string_view("abc")), ByteArray(std::string_view("def"))};
  std::string encoded;
  EncodePlainFixedLen(values.data(), values.size(), 3, &encoded);
  EXPECT_EQ(encoded, "abcdef");
  auto data = Exact(bytes);
  ByteArray out[4];
  EXPECT_EQ(DecodePlainFixedLen(data.data(), data.size(), 3, out, 4), 12u);
  EXPECT_EQ(out[3].view(), "jkl");
  ExpectCorrupt([&] { DecodePlainFixedLen(data.data(), data.size(), 5, out, 3); });
  ExpectCorrupt([&] { DecodePlainFixedLen(data.data(), data.size(), 0, out, 1); }, "width 0");
}

TEST(PlainTest, BooleanRoundTripAcrossBatches) {
  std::mt19937_64 rng(23);
  for (size_t count : {0, 1, 7, 8, 9, 63, 64, 65, 1000}) {
    std::vector<uint8_t> values(count);
    for (auto& v : values) v = rng() & 1;
    PlainBooleanEncoder encoder;
    // Put in odd pieces so the encoder carries partial bytes.
    size_t put = 0;
    while (put < count) {
      const size_t n = std::min<size_t>(1 + rng() % 13, count - put);
      encoder.Put(values.data() + put, n);
      put += n;
    }
    EXPECT_EQ(encoder.num_values(), count);
    std::string encoded;
    encoder.Flush(&encoded);
    ASSERT_EQ(encoded.size(), (count + 7) / 8);
    auto data = Exact(encoded);
    PlainBooleanDecoder decoder(data.data(), data.size());
    std::vector<uint8_t> out(count);
    size_t done = 0;
    while (done < count) {
      const size_t n = std::min<size_t>(1 + rng() % 70, count - done);
      if (rng() % 4 == 0) {
        ASSERT_EQ(decoder.Skip(n), n);
        for (size_t i = done; i < done + n; ++i) out[i] = values[i];
      } else {
        ASSERT_EQ(decoder.GetBatch(out.data() + done, n), n);
      }
      done += n;
    }
    ASSERT_EQ(out, values) << "count " << count;
    EXPECT_EQ(decoder.values_left(), encoded.size() * 8 - count);  // padding bits
  }
}

TEST(PlainTest, BooleanKnownBytesAndEnd) {
  PlainBooleanEncoder encoder;
  for (bool b : {true, false, true, true, false, false, false, false, true}) encoder.Put(b);
  std::string encoded;
  encoder.Flush(&encoded);
  EXPECT_EQ(Hex(encoded), "0d 01");
  auto data = Exact(encoded);
  PlainBooleanDecoder decoder(data.data(), data.size());
  uint8_t out[32];
  EXPECT_EQ(decoder.GetBatch(out, 32), 16u);  // only what the bytes hold
  EXPECT_EQ(decoder.GetBatch(out, 1), 0u);
}

}  // namespace
}  // namespace tarn::parquet
