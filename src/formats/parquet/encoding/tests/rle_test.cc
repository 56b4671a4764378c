#include "formats/parquet/encoding/rle.h"

#include <gtest/gtest.h>

#include <random>

#include "formats/parquet/encoding/tests/encoding_test_util.h"

namespace tarn::parquet {
namespace {

using testing::Exact;
using testing::ExpectCorrupt;
using testing::ExpectSafe;
using testing::FromBytes;
using testing::Hex;

std::string Encode(const std::vector<uint32_t>& values, int width) {
  RleBitPackedEncoder encoder(width);
  encoder.Put(values.data(), values.size());
  EXPECT_EQ(encoder.num_values(), values.size());
  const size_t estimate = encoder.EstimatedSize();
  std::string out;
  encoder.Flush(&out);
  EXPECT_LE(out.size(), estimate);
  return out;
}

// Decodes with a repeating pattern of batch sizes so batches start and end in
// the middle of runs and groups.
template <typename T>
std::vector<uint32_t> Decode(const std::string& encoded, int width, size_t count,
                             const std::vector<size_t>& batches = {1000000}) {
  auto data = Exact(encoded);
  RleBitPackedDecoder decoder(data.data(), data.size(), width);
  std::vector<T> out(count);
  size_t done = 0;
  for (size_t b = 0; done < count; ++b) {
    const size_t n = std::min(batches[b % batches.size()], count - done);
    const size_t got = decoder.GetBatch(out.data() + done, n);
    EXPECT_EQ(got, n);
    if (got != n) break;
    done += got;
  }
  return std::vector<uint32_t>(out.begin(), out.end());
}

// Random data with runs of random length: short literal stretches and long
// repeats, so the encoder switches between both kinds of runs.
std::vector<uint32_t> RunnyValues(size_t count, int width, std::mt19937_64& rng) {
  const uint64_t mask = width == 0 ? 0 : (uint64_t{1} << width) - 1;
  std::vector<uint32_t> values;
  while (values.size() < count) {
    const uint32_t v = static_cast<uint32_t>(rng() & mask);
    const size_t run = rng() % 4 == 0 ? rng() % 300 : 1 + rng() % 3;
    for (size_t i = 0; i < run && values.size() < count; ++i) values.push_back(v);
  }
  return values;
}

// Encodings.md: one bit-packed run (1 group of 8) of 0..7 with width 3.
TEST(RleTest, SpecBitPackedRun) {
  const std::string encoded = FromBytes({0x03, 0x88, 0xC6, 0xFA});
  auto values = Decode<uint32_t>(encoded, 3, 8);
  for (uint32_t i = 0; i < 8; ++i) EXPECT_EQ(values[i], i);
  EXPECT_EQ(Hex(Encode({0, 1, 2, 3, 4, 5, 6, 7}, 3)), Hex(encoded));
}

TEST(RleTest, RepeatedRunKnownBytes) {
  // 100 copies of 1 at width 1: header 200 = varint c8 01, value byte 01.
  std::vector<uint32_t> ones(100, 1);
  EXPECT_EQ(Hex(Encode(ones, 1)), "c8 01 01");
  EXPECT_EQ(Decode<uint8_t>(FromBytes({0xC8, 0x01, 0x01}), 1, 100), ones);
  // Width 9 stores the repeated value in 2 bytes, little-endian.
  std::vector<uint32_t> big(10, 0x1AB);
  EXPECT_EQ(Hex(Encode(big, 9)), "14 ab 01");
  EXPECT_EQ(Decode<uint16_t>(FromBytes({0x14, 0xAB, 0x01}), 9, 10), big);
}

TEST(RleTest, LiteralsAreToppedUpBeforeARepeat) {
  // 3 literals then 20 sevens: 5 sevens fill the group of 8, 15 repeat.
  std::vector<uint32_t> values = {1, 2, 3};
  values.insert(values.end(), 20, 7);
  const std::string encoded = Encode(values, 3);
  EXPECT_EQ(Hex(encoded).substr(0, 2), "03");  // 1 group bit-packed
  EXPECT_EQ(Hex(encoded).substr(Hex(encoded).size() - 5), "1e 07");  // 15 x 7
  EXPECT_EQ(Decode<uint32_t>(encoded, 3, values.size()), values);
}

TEST(RleTest, RoundTripEveryWidth) {
  std::mt19937_64 rng(7);
  const std::vector<std::vector<size_t>> batchings = {{1000000}, {1}, {7, 32, 1, 100}, {33, 64, 5}};
  for (int width = 0; width <= 32; ++width) {
    for (size_t count : {0, 1, 8, 9, 100, 1023, 1024, 1025, 5000}) {
      const auto values = RunnyValues(count, width, rng);
      const std::string encoded = Encode(values, width);
      for (const auto& batches : batchings) {
        ASSERT_EQ(Decode<uint32_t>(encoded, width, count, batches), values) << "width " << width;
        if (width <= 16) {
          ASSERT_EQ(Decode<uint16_t>(encoded, width, count, batches), values);
        }
        if (width <= 8) {
          ASSERT_EQ(Decode<uint8_t>(encoded, width, count, batches), values);
        }
      }
    }
  }
}

TEST(RleTest, AllLiteralAndAllRepeat) {
  std::mt19937_64 rng(3);
  std::vector<uint32_t> distinct(3000);
  for (size_t i = 0; i < distinct.size(); ++i) distinct[i] = static_cast<uint32_t>(i);
  const std::string literal = Encode(distinct, 12);
  EXPECT_LT(literal.size(), 3000 * 12 / 8 + 16);
  EXPECT_EQ(Decode<uint32_t>(literal, 12, 3000, {100, 3, 77}), distinct);

  std::vector<uint32_t> same(1 << 20, 5);
  const std::string repeat = Encode(same, 3);
  EXPECT_EQ(repeat.size(), 5u);  // one run: 4-byte varint header, 1 value byte
  EXPECT_EQ(Decode<uint8_t>(repeat, 3, same.size(), {4096}), same);
}

TEST(RleTest, SignedOutputs) {
  std::vector<uint32_t> values = {0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 0};
  const std::string encoded = Encode(values, 2);
  auto data = Exact(encoded);
  RleBitPackedDecoder decoder(data.data(), data.size(), 2);
  int16_t levels[13];
  ASSERT_EQ(decoder.GetBatch(levels, 13), 13u);
  for (size_t i = 0; i < 13; ++i) EXPECT_EQ(levels[i], static_cast<int16_t>(values[i]));
  RleBitPackedDecoder decoder32(data.data(), data.size(), 2);
  int32_t ints[13];
  ASSERT_EQ(decoder32.GetBatch(ints, 13), 13u);
  EXPECT_EQ(ints[12], 0);
  EXPECT_EQ(ints[5], 2);
}

TEST(RleTest, SkipMatchesDecode) {
  std::mt19937_64 rng(11);
  for (int width : {0, 1, 3, 8, 13, 32}) {
    const auto values = RunnyValues(4000, width, rng);
    auto data = Exact(Encode(values, width));
    RleBitPackedDecoder decoder(data.data(), data.size(), width);
    size_t pos = 0;
    std::vector<uint32_t> out(200);
    while (pos < values.size()) {
      const size_t skip = std::min<size_t>(rng() % 150, values.size() - pos);
      ASSERT_EQ(decoder.Skip(skip), skip);
      pos += skip;
      const size_t take = std::min<size_t>(rng() % 150, values.size() - pos);
      ASSERT_EQ(decoder.GetBatch(out.data(), take), take);
      for (size_t i = 0; i < take; ++i) ASSERT_EQ(out[i], values[pos + i]) << "width " << width << " at " << pos + i;
      pos += take;
    }
    EXPECT_LT(decoder.Skip(10), 8u);  // at most the padding of the last group
  }
}

TEST(RleTest, DictionaryGather) {
  std::mt19937_64 rng(5);
  const std::vector<double> dictionary = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5};
  const auto indices = RunnyValues(3000, 3, rng);
  std::vector<uint32_t> clamped(indices);
  for (auto& i : clamped) i %= dictionary.size();
  std::string page;
  EncodeDictionaryIndices(clamped.data(), clamped.size(), 3, &page);
  EXPECT_EQ(page[0], 3);
  auto data = Exact(page);
  RleBitPackedDecoder decoder = MakeDictionaryIndexDecoder(data.data(), data.size());
  std::vector<double> out(clamped.size());
  size_t done = 0;
  for (size_t n : {1, 700, 33, 2000, 266}) {
    ASSERT_EQ(decoder.GetBatchWithDictionary(dictionary.data(), dictionary.size(), out.data() + done, n), n);
    done += n;
  }
  for (size_t i = 0; i < out.size(); ++i) ASSERT_EQ(out[i], dictionary[clamped[i]]);

  RleBitPackedDecoder indices_decoder = MakeDictionaryIndexDecoder(data.data(), data.size());
  std::vector<uint32_t> got(clamped.size());
  ASSERT_EQ(indices_decoder.GetIndices(got.data(), got.size(), dictionary.size()), got.size());
  EXPECT_EQ(got, clamped);
}

TEST(RleTest, DictionaryIndexOutOfRangeThrows) {
  const std::vector<uint32_t> literal = {0, 1, 2, 3, 4, 5, 6, 7};
  const std::vector<uint32_t> repeat(20, 6);
  const int dictionary[6] = {10, 11, 12, 13, 14, 15};
  int out[20];
  for (const auto* values : {&literal, &repeat}) {
    std::string page;
    EncodeDictionaryIndices(values->data(), values->size(), 3, &page);
    auto data = Exact(page);
    RleBitPackedDecoder decoder = MakeDictionaryIndexDecoder(data.data(), data.size());
    ExpectCorrupt([&] { decoder.GetBatchWithDictionary(dictionary, 6, out, values->size()); }, "out of range");
    RleBitPackedDecoder indices = MakeDictionaryIndexDecoder(data.data(), data.size());
    uint32_t idx[20];
    ExpectCorrupt([&] { indices.GetIndices(idx, values->size(), 6); }, "dictionary index");
  }
  // An empty dictionary: any index is out of range.
  std::string page;
  EncodeDictionaryIndices(literal.data(), 1, 1, &page);
  auto data = Exact(page);
  RleBitPackedDecoder decoder = MakeDictionaryIndexDecoder(data.data(), data.size());
  ExpectCorrupt([&] { decoder.GetBatchWithDictionary(dictionary, 0, out, 1); });
}

TEST(RleTest, DictionaryIndexWidthByte) {
  const std::string page = FromBytes({33, 0x02, 0x00});
  auto data = Exact(page);
  ExpectCorrupt([&] { MakeDictionaryIndexDecoder(data.data(), data.size()); }, "bit width 33 exceeds 32");
  // No data at all: an empty decoder.
  RleBitPackedDecoder empty = MakeDictionaryIndexDecoder(data.data(), 0);
  uint32_t out[1];
  EXPECT_EQ(empty.GetBatch(out, 1), 0u);
  // Width 0: every index is 0.
  const std::string zero = FromBytes({0, 0x14});
  auto zero_data = Exact(zero);
  RleBitPackedDecoder zeros = MakeDictionaryIndexDecoder(zero_data.data(), zero_data.size());
  uint32_t idx[10];
  ASSERT_EQ(zeros.GetBatch(idx, 10), 10u);
  EXPECT_EQ(idx[9], 0u);
}

TEST(RleTest, LengthPrefixed) {
  RleBitPackedEncoder encoder(2);
  const std::vector<uint32_t> levels = {1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0, 2};
  encoder.Put(levels.data(), levels.size());
  std::string page = "xy";  // something before, as in a real page
  encoder.FlushLengthPrefixed(&page);
  page += "VALUES";
  auto data = Exact(page);
  LengthPrefixed framed = ReadLengthPrefixed(data.data() + 2, data.size() - 2);
  EXPECT_EQ(framed.bytes_consumed, framed.size + 4);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(data.data() + 2 + framed.bytes_consumed), 6), "VALUES");
  RleBitPackedDecoder decoder(framed.data, framed.size, 2);
  uint16_t out[12];
  ASSERT_EQ(decoder.GetBatch(out, 12), 12u);
  for (size_t i = 0; i < 12; ++i) EXPECT_EQ(out[i], levels[i]);

  ExpectCorrupt([&] { ReadLengthPrefixed(data.data(), 3); }, "truncated");
  const std::string too_long = FromBytes({10, 0, 0, 0, 1, 2});
  auto too_long_data = Exact(too_long);
  ExpectCorrupt([&] { ReadLengthPrefixed(too_long_data.data(), too_long_data.size()); }, "exceeds");
}

// Encodings.md, BIT_PACKED section: 0..7 with width 3 packs MSB-first into
// 00000101 00111001 01110111.
TEST(RleTest, LegacyBitPackedSpecExample) {
  const std::vector<uint32_t> values = {0, 1, 2, 3, 4, 5, 6, 7};
  std::string packed;
  EncodeLegacyBitPacked(values.data(), values.size(), 3, &packed);
  EXPECT_EQ(Hex(packed), "05 39 77");
  auto data = Exact(packed);
  uint16_t out[8];
  EXPECT_EQ(DecodeLegacyBitPacked(data.data(), data.size(), 3, out, 8), 3u);
  for (uint16_t i = 0; i < 8; ++i) EXPECT_EQ(out[i], i);
}

TEST(RleTest, LegacyBitPackedRoundTripAndTruncation) {
  std::mt19937_64 rng(9);
  for (int width = 0; width <= 32; ++width) {
    std::vector<uint32_t> values(77);
    for (auto& v : values) v = static_cast<uint32_t>(rng() & ((uint64_t{1} << width) - 1));
    std::string packed;
    EncodeLegacyBitPacked(values.data(), values.size(), width, &packed);
    ASSERT_EQ(packed.size(), (77 * width + 7) / 8);
    auto data = Exact(packed);
    std::vector<uint32_t> out(77);
    ASSERT_EQ(DecodeLegacyBitPacked(data.data(), data.size(), width, out.data(), 77), packed.size());
    ASSERT_EQ(out, values) << "width " << width;
    if (width > 0) ExpectCorrupt([&] { DecodeLegacyBitPacked(data.data(), data.size() - 1, width, out.data(), 77); });
  }
  std::vector<uint8_t> bytes(8, 0xFF);
  uint8_t small[4];
  ExpectCorrupt([&] { DecodeLegacyBitPacked(bytes.data(), bytes.size(), 9, small, 4); }, "too large");
  ExpectCorrupt([&] { DecodeLegacyBitPacked(bytes.data(), bytes.size(), 33, small, 1); }, "exceeds 32");
}

TEST(RleTest, BitWidthAbove32Throws) {
  std::vector<uint8_t> data = {0x02, 0x01};
  ExpectCorrupt([&] { RleBitPackedDecoder(data.data(), data.size(), 63); }, "width 63 exceeds 32");
}

TEST(RleTest, CorruptHeaders) {
  uint32_t out[64];
  auto decode = [&](std::initializer_list<int> bytes, int width, size_t n) {
    auto data = Exact(FromBytes(bytes));
    RleBitPackedDecoder decoder(data.data(), data.size(), width);
    return decoder.GetBatch(out, n);
  };
  ExpectCorrupt([&] { decode({0x80}, 1, 1); }, "truncated varint");
  ExpectCorrupt([&] { decode({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, 1, 1); }, "exceeds 32 bits");
  ExpectCorrupt([&] { decode({0x10}, 8, 1); }, "value truncated");
  ExpectCorrupt([&] { decode({0x10, 0x01}, 9, 1); }, "value truncated");
  ExpectCorrupt([&] { decode({0x10, 0x05}, 2, 1); }, "exceeds bit width");
  // A bit-packed run announcing far more groups than bytes: only what is
  // there is decoded (14 whole values of width 5 in 9 bytes).
  EXPECT_EQ(decode({0xFF, 0xFF, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 5, 64), 14u);
  // Zero-length runs are skipped; data ending early gives a short batch.
  EXPECT_EQ(decode({0x00, 0x01, 0x04, 0x01}, 1, 10), 2u);
  // A huge repeated run only yields what is asked for.
  EXPECT_EQ(decode({0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0x01}, 1, 64), 64u);
}

TEST(RleTest, RandomGarbageNeverCrashes) {
  std::mt19937_64 rng(1234);
  uint32_t out[300];
  for (int iter = 0; iter < 3000; ++iter) {
    std::string bytes(rng() % 40, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng());
    auto data = Exact(bytes);
    const int width = static_cast<int>(rng() % 33);
    ExpectSafe([&] {
      RleBitPackedDecoder decoder(data.data(), data.size(), width);
      decoder.GetBatch(out, 300);
      decoder.Skip(1000);
    });
    ExpectSafe([&] {
      RleBitPackedDecoder decoder = MakeDictionaryIndexDecoder(data.data(), data.size());
      const int64_t dictionary[3] = {1, 2, 3};
      int64_t values[300];
      decoder.GetBatchWithDictionary(dictionary, 3, values, 300);
    });
  }
}

}  // namespace
}  // namespace tarn::parquet
