#include "formats/parquet/encoding/delta.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "formats/parquet/encoding/tests/encoding_test_util.h"

namespace tarn::parquet {
namespace {

using testing::Exact;
using testing::ExpectCorrupt;
using testing::ExpectSafe;
using testing::FromBytes;
using testing::Hex;

template <typename T>
std::string EncodeDbp(const std::vector<T>& values, uint32_t block_size = 128, uint32_t miniblocks = 4) {
  DeltaBinaryPackedEncoder<T> encoder(block_size, miniblocks);
  encoder.Put(values.data(), values.size());
  EXPECT_EQ(encoder.num_values(), values.size());
  std::string out;
  encoder.Flush(&out);
  return out;
}

template <typename T>
std::vector<T> DecodeDbp(const std::string& encoded, const std::vector<size_t>& batches = {1u << 30}) {
  auto data = Exact(encoded);
  DeltaBinaryPackedDecoder<T> decoder(data.data(), data.size());
  std::vector<T> out(decoder.total_values());
  size_t done = 0;
  for (size_t b = 0; done < out.size(); ++b) {
    const size_t n = std::min(batches[b % batches.size()], out.size() - done);
    EXPECT_EQ(decoder.GetBatch(out.data() + done, n), n);
    done += n;
  }
  T extra;
  EXPECT_EQ(decoder.GetBatch(&extra, 1), 0u);
  EXPECT_EQ(decoder.values_left(), 0u);
  return out;
}

// Encodings.md, DELTA_BINARY_PACKED example 1 (1, 2, 3, 4, 5), with a valid
// block size of 128 in 4 miniblocks instead of the example's 8.
TEST(DeltaBinaryPackedTest, SpecExample1) {
  const std::string expected = FromBytes({0x80, 0x01, 0x04, 0x05, 0x02,  // header: 128, 4, 5 values, first 1
                                          0x02, 0x00, 0x00, 0x00, 0x00});  // min delta 1, widths 0
  EXPECT_EQ(Hex(EncodeDbp<int32_t>({1, 2, 3, 4, 5})), Hex(expected));
  EXPECT_EQ(DecodeDbp<int32_t>(expected), (std::vector<int32_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(DecodeDbp<int64_t>(expected), (std::vector<int64_t>{1, 2, 3, 4, 5}));
}

// Example 2 (7, 5, 3, 1, 2, 3, 4, 5): min delta -2, relative deltas
// 0,0,0,3,3,3,3 on 2 bits, the miniblock padded to 32 values.
TEST(DeltaBinaryPackedTest, SpecExample2) {
  const std::string expected = FromBytes({0x80, 0x01, 0x04, 0x08, 0x0E,  // header, first value 7
                                          0x03, 0x02, 0x00, 0x00, 0x00,  // min delta -2, widths 2,0,0,0
                                          0xC0, 0x3F, 0, 0, 0, 0, 0, 0});  // 32 values x 2 bits
  EXPECT_EQ(Hex(EncodeDbp<int64_t>({7, 5, 3, 1, 2, 3, 4, 5})), Hex(expected));
  EXPECT_EQ(DecodeDbp<int32_t>(expected), (std::vector<int32_t>{7, 5, 3, 1, 2, 3, 4, 5}));
}

TEST(DeltaBinaryPackedTest, SpecBlockSizeOf8IsRejected) {
  // The example's literal header (block size 8) is invalid in a real file.
  auto data = Exact(FromBytes({0x08, 0x01, 0x05, 0x02, 0x02, 0x00}));
  ExpectCorrupt([&] { DeltaBinaryPackedDecoder<int32_t>(data.data(), data.size()); },
                "block size 8 is not a positive multiple of 128");
}

TEST(DeltaBinaryPackedTest, EmptyAndSingle) {
  const std::string empty = EncodeDbp<int32_t>({});
  EXPECT_EQ(Hex(empty), "80 01 04 00 00");
  EXPECT_TRUE(DecodeDbp<int32_t>(empty).empty());
  const std::string one = EncodeDbp<int64_t>({-3});
  EXPECT_EQ(Hex(one), "80 01 04 01 05");  // no blocks after the first value
  EXPECT_EQ(DecodeDbp<int64_t>(one), std::vector<int64_t>{-3});
}

template <typename T>
std::vector<std::vector<T>> Samples(std::mt19937_64& rng) {
  using L = std::numeric_limits<T>;
  std::vector<std::vector<T>> samples;
  for (size_t count : {2, 31, 32, 33, 127, 128, 129, 513, 3000}) {
    std::vector<T> random(count), sorted(count), constant(count, T{-42}), extremes(count), walk(count);
    T acc = 0;
    for (size_t i = 0; i < count; ++i) {
      random[i] = static_cast<T>(rng());
      sorted[i] = static_cast<T>(i * 3 + (rng() % 3));
      extremes[i] = i % 3 == 0 ? L::min() : (i % 3 == 1 ? L::max() : T{0});
      acc = static_cast<T>(static_cast<std::make_unsigned_t<T>>(acc) + (rng() % 2000) - 1000);
      walk[i] = acc;
    }
    samples.insert(samples.end(), {random, sorted, constant, extremes, walk});
  }
  // One huge negative jump inside otherwise small deltas.
  std::vector<T> jump(300, 5);
  jump[200] = L::min();
  samples.push_back(jump);
  return samples;
}

template <typename T>
void RoundTripAll() {
  std::mt19937_64 rng(99);
  const std::vector<std::pair<uint32_t, uint32_t>> configs = {{128, 4}, {128, 1}, {256, 8}, {512, 4}};
  const std::vector<std::vector<size_t>> batchings = {{1u << 30}, {1}, {5, 32, 64, 3}, {100, 31}};
  for (const auto& values : Samples<T>(rng)) {
    for (auto [block, miniblocks] : configs) {
      const std::string encoded = EncodeDbp(values, block, miniblocks);
      for (const auto& batches : batchings) ASSERT_EQ(DecodeDbp<T>(encoded, batches), values);
      // The stream length is found without decoding, and ignores what follows.
      EXPECT_EQ(DeltaBinaryPackedDecoder<T>::EncodedLength(Exact(encoded).data(), encoded.size()),
                encoded.size());
      const std::string followed = encoded + "trailing bytes";
      EXPECT_EQ(DeltaBinaryPackedDecoder<T>::EncodedLength(Exact(followed).data(), followed.size()),
                encoded.size());
    }
  }
}

TEST(DeltaBinaryPackedTest, RoundTripInt32) { RoundTripAll<int32_t>(); }
TEST(DeltaBinaryPackedTest, RoundTripInt64) { RoundTripAll<int64_t>(); }

TEST(DeltaBinaryPackedTest, WidthsStayWithinThePhysicalType) {
  // Deltas MAX, -MAX, MIN: min delta MIN, relative deltas up to 2^32 - 1, so
  // the miniblock needs exactly the full width of the type (wrapping math).
  using L32 = std::numeric_limits<int32_t>;
  const std::vector<int32_t> v32 = {0, L32::max(), 0, L32::min()};
  const std::string e32 = EncodeDbp(v32);
  EXPECT_EQ(static_cast<uint8_t>(e32[10]), 32);  // after a 5-byte header and a 5-byte min delta
  EXPECT_EQ(DecodeDbp<int32_t>(e32), v32);
  using L64 = std::numeric_limits<int64_t>;
  const std::vector<int64_t> v64 = {0, L64::max(), 0, L64::min()};
  const std::string e64 = EncodeDbp(v64);
  EXPECT_EQ(static_cast<uint8_t>(e64[15]), 64);  // after a 5-byte header and a 10-byte min delta
  EXPECT_EQ(DecodeDbp<int64_t>(e64), v64);
}

TEST(DeltaBinaryPackedTest, Skip) {
  std::mt19937_64 rng(5);
  std::vector<int64_t> values(2000);
  for (auto& v : values) v = static_cast<int64_t>(rng() % 100000);
  auto data = Exact(EncodeDbp(values));
  DeltaBinaryPackedDecoder<int64_t> decoder(data.data(), data.size());
  size_t pos = 0;
  int64_t out[100];
  while (pos < values.size()) {
    const size_t skip = std::min<size_t>(rng() % 300, values.size() - pos);
    ASSERT_EQ(decoder.Skip(skip), skip);
    pos += skip;
    const size_t take = std::min<size_t>(rng() % 100, values.size() - pos);
    ASSERT_EQ(decoder.GetBatch(out, take), take);
    for (size_t i = 0; i < take; ++i) ASSERT_EQ(out[i], values[pos + i]);
    pos += take;
  }
}

TEST(DeltaBinaryPackedTest, OneShotDecode) {
  const std::vector<int32_t> values = {4, 8, 15, 16, 23, 42};
  auto data = Exact(EncodeDbp(values));
  std::vector<int32_t> out(6);
  DecodeDeltaBinaryPacked(data.data(), data.size(), out.data(), 6);
  EXPECT_EQ(out, values);
  DecodeDeltaBinaryPacked(data.data(), data.size(), out.data(), 2);  // fewer than the page holds is fine
  out.resize(7);
  ExpectCorrupt([&] { DecodeDeltaBinaryPacked(data.data(), data.size(), out.data(), 7); }, "expected 7");
}

TEST(DeltaBinaryPackedTest, CorruptHeaders) {
  auto expect = [](std::initializer_list<int> bytes, const std::string& fragment) {
    auto data = Exact(FromBytes(bytes));
    ExpectCorrupt(
        [&] {
          DeltaBinaryPackedDecoder<int32_t> decoder(data.data(), data.size());
          int32_t out[200];
          decoder.GetBatch(out, 200);
        },
        fragment);
    ExpectCorrupt([&] { DeltaBinaryPackedDecoder<int32_t>::EncodedLength(data.data(), data.size()); }, fragment);
  };
  expect({}, "truncated varint");
  expect({0x80, 0x01, 0x04, 0x05}, "truncated varint");
  expect({0x00, 0x04, 0x05, 0x02}, "block size 0");
  expect({0x80, 0x01, 0x03, 0x05, 0x02}, "3 miniblocks do not divide");
  expect({0x80, 0x01, 0x08, 0x05, 0x02}, "8 miniblocks do not divide");  // 16 values per miniblock
  expect({0x80, 0x01, 0x00, 0x05, 0x02}, "0 miniblocks");
  expect({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, "exceeds 32 bits");
  // Widths: 33 is too wide for INT32 (and 65 for INT64).
  expect({0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 33, 0, 0, 0}, "bit width 33 exceeds 32");
  auto wide = Exact(FromBytes({0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 65, 0, 0, 0}));
  ExpectCorrupt([&] { DeltaBinaryPackedDecoder<int64_t>::EncodedLength(wide.data(), wide.size()); },
                "bit width 65 exceeds 64");
  // Widths and miniblock data cut short.
  expect({0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0}, "bit widths truncated");
  expect({0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 8, 0, 0, 0, 1, 2}, "miniblock data truncated");
}

TEST(DeltaBinaryPackedTest, HugeCountNeedsData) {
  // 2^40 values announced, no blocks: decoding stops at the first missing
  // block without allocating anything for the count.
  auto data = Exact(FromBytes({0x80, 0x01, 0x04, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x02}));
  DeltaBinaryPackedDecoder<int64_t> decoder(data.data(), data.size());
  EXPECT_EQ(decoder.total_values(), uint64_t{1} << 40);
  int64_t out[10];
  ExpectCorrupt([&] { decoder.GetBatch(out, 10); }, "min delta");
  ExpectCorrupt([&] { DeltaBinaryPackedDecoder<int64_t>::EncodedLength(data.data(), data.size()); });
  // All-zero-width blocks cost 5 bytes per 128 values: a long header count
  // runs out of bytes after a bounded number of blocks.
  std::string blocks = FromBytes({0x80, 0x01, 0x04, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00});
  for (int i = 0; i < 50; ++i) blocks += FromBytes({0x02, 0, 0, 0, 0});
  auto many = Exact(blocks);
  ExpectCorrupt([&] { DeltaBinaryPackedDecoder<int32_t>::EncodedLength(many.data(), many.size()); });
  DeltaBinaryPackedDecoder<int32_t> zeros(many.data(), many.size());
  std::vector<int32_t> values(50 * 128 + 1);
  EXPECT_EQ(zeros.GetBatch(values.data(), values.size()), values.size());
  EXPECT_EQ(values.back(), 50 * 128);
  ExpectCorrupt([&] { zeros.GetBatch(values.data(), 1); });
}

TEST(DeltaBinaryPackedTest, TruncationAnywhereIsSafe) {
  std::mt19937_64 rng(77);
  std::vector<int32_t> values(700);
  for (auto& v : values) v = static_cast<int32_t>(rng() % 5000);
  const std::string encoded = EncodeDbp(values);
  for (size_t cut = 0; cut < encoded.size(); ++cut) {
    auto data = Exact(encoded.substr(0, cut));
    ExpectSafe([&] {
      DeltaBinaryPackedDecoder<int32_t> decoder(data.data(), data.size());
      std::vector<int32_t> out(values.size());
      decoder.GetBatch(out.data(), out.size());
      // Only cutting padding of the last miniblock may decode successfully.
      EXPECT_EQ(out, values) << "cut at " << cut;
    });
  }
}

TEST(DeltaBinaryPackedTest, RandomGarbageNeverCrashes) {
  std::mt19937_64 rng(4321);
  const std::string valid = EncodeDbp<int64_t>({1, 5, -7, 1000000, 3, 3, 3, 9});
  for (int iter = 0; iter < 3000; ++iter) {
    std::string bytes = valid;
    for (int m = 0; m < 3; ++m) bytes[rng() % bytes.size()] = static_cast<char>(rng());
    bytes.resize(rng() % (bytes.size() + 1));
    auto data = Exact(bytes);
    ExpectSafe([&] {
      DeltaBinaryPackedDecoder<int64_t> decoder(data.data(), data.size());
      int64_t out[64];
      decoder.GetBatch(out, 64);
    });
    ExpectSafe([&] { DeltaBinaryPackedDecoder<int32_t>::EncodedLength(data.data(), data.size()); });
  }
}

// --- DELTA_LENGTH_BYTE_ARRAY -----------------------------------------------------

std::vector<ByteArray> Views(const std::vector<std::string>& strings) {
  std::vector<ByteArray> views;
  for (const auto& s : strings) views.emplace_back(s);
  return views;
}

// Encodings.md: "Hello", "World", "Foobar", "ABCDEF" are the lengths
// DeltaEncoding(5, 5, 6, 6) followed by "HelloWorldFoobarABCDEF".
TEST(DeltaLengthByteArrayTest, SpecExample) {
  const std::vector<std::string> strings = {"Hello", "World", "Foobar", "ABCDEF"};
  DeltaLengthByteArrayEncoder encoder;
  encoder.Put(Views(strings).data(), strings.size());
  std::string encoded;
  encoder.Flush(&encoded);
  const std::string lengths = EncodeDbp<int32_t>({5, 5, 6, 6});
  EXPECT_EQ(Hex(lengths), "80 01 04 04 0a 00 01 00 00 00 02 00 00 00");
  EXPECT_EQ(encoded, lengths + "HelloWorldFoobarABCDEF");
  auto data = Exact(encoded);
  DeltaLengthByteArrayDecoder decoder(data.data(), data.size());
  EXPECT_EQ(decoder.total_values(), 4u);
  ByteArray out[4];
  ASSERT_EQ(decoder.GetBatch(out, 4), 4u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(out[i].view(), strings[i]);
  EXPECT_EQ(out[0].data, data.data() + lengths.size());  // zero copy
}

TEST(DeltaLengthByteArrayTest, RoundTripInBatches) {
  std::mt19937_64 rng(8);
  std::vector<std::string> strings;
  for (int i = 0; i < 1500; ++i) {
    std::string s(rng() % 3 == 0 ? 0 : rng() % 50, '\0');
    for (auto& c : s) c = static_cast<char>(rng());
    strings.push_back(s);
  }
  DeltaLengthByteArrayEncoder encoder;
  encoder.Put(Views(strings).data(), strings.size());
  EXPECT_EQ(encoder.num_values(), strings.size());
  std::string encoded;
  encoder.Flush(&encoded);
  auto data = Exact(encoded);
  DeltaLengthByteArrayDecoder decoder(data.data(), data.size());
  std::vector<ByteArray> out(strings.size());
  size_t done = 0;
  while (done < strings.size()) {
    const size_t n = std::min<size_t>(1 + rng() % 400, strings.size() - done);
    if (rng() % 3 == 0) {
      ASSERT_EQ(decoder.Skip(n), n);
      for (size_t i = done; i < done + n; ++i) out[i] = ByteArray(strings[i]);
    } else {
      ASSERT_EQ(decoder.GetBatch(out.data() + done, n), n);
    }
    done += n;
  }
  for (size_t i = 0; i < strings.size(); ++i) ASSERT_EQ(out[i].view(), strings[i]);
  EXPECT_EQ(decoder.GetBatch(out.data(), 1), 0u);
  // Decode all at once through the one-shot form.
  std::vector<ByteArray> all(strings.size());
  DecodeDeltaLengthByteArray(data.data(), data.size(), all.data(), all.size());
  EXPECT_EQ(all.back().view(), strings.back());
}

TEST(DeltaLengthByteArrayTest, Corruption) {
  ByteArray out[4];
  auto negative = Exact(EncodeDbp<int32_t>({2, -1}) + "ab");
  ExpectCorrupt([&] { DecodeDeltaLengthByteArray(negative.data(), negative.size(), out, 2); }, "negative");
  auto too_long = Exact(EncodeDbp<int32_t>({2, 10}) + "abcde");
  ExpectCorrupt([&] { DecodeDeltaLengthByteArray(too_long.data(), too_long.size(), out, 2); }, "exceeds");
  auto too_few = Exact(EncodeDbp<int32_t>({1}) + "a");
  ExpectCorrupt([&] { DecodeDeltaLengthByteArray(too_few.data(), too_few.size(), out, 2); }, "expected 2");
}

// --- DELTA_BYTE_ARRAY ---------------------------------------------------------------

std::vector<std::string> DecodeDba(const std::string& encoded, size_t batch) {
  auto data = Exact(encoded);
  DeltaByteArrayDecoder decoder(data.data(), data.size());
  std::vector<std::string> result;
  std::vector<ByteArray> out(batch);
  for (;;) {
    std::string arena;  // a fresh arena per batch, as a reader handing batches out would
    const size_t n = decoder.GetBatch(out.data(), batch, &arena);
    if (n == 0) break;
    for (size_t i = 0; i < n; ++i) result.emplace_back(out[i].view());
  }
  return result;
}

// Encodings.md: "axis", "axle", "babble", "babyhood" are prefix lengths
// (0, 2, 0, 3), suffix lengths (4, 2, 6, 5) and "axislebabbleyhood".
TEST(DeltaByteArrayTest, SpecExample) {
  const std::vector<std::string> strings = {"axis", "axle", "babble", "babyhood"};
  DeltaByteArrayEncoder encoder;
  encoder.Put(Views(strings).data(), strings.size());
  std::string encoded;
  encoder.Flush(&encoded);
  EXPECT_EQ(encoded, EncodeDbp<int32_t>({0, 2, 0, 3}) + EncodeDbp<int32_t>({4, 2, 6, 5}) + "axislebabbleyhood");
  for (size_t batch : {1, 2, 3, 4, 10}) EXPECT_EQ(DecodeDba(encoded, batch), strings);
}

TEST(DeltaByteArrayTest, RoundTripSharedPrefixes) {
  std::mt19937_64 rng(12);
  std::vector<std::string> strings = {"", "", "a", "a", ""};
  std::string current = "prefix";
  for (int i = 0; i < 2000; ++i) {
    current.resize(rng() % (current.size() + 1));  // keep a prefix of the previous value
    const size_t extra = rng() % 6;
    for (size_t k = 0; k < extra; ++k) current.push_back(static_cast<char>('a' + rng() % 3));
    strings.push_back(current);
  }
  DeltaByteArrayEncoder encoder;
  encoder.Put(Views(strings).data(), strings.size());
  std::string encoded;
  encoder.Flush(&encoded);
  for (size_t batch : {1, 7, 256, 5000}) ASSERT_EQ(DecodeDba(encoded, batch), strings);

  // Skipping keeps the previous value for the prefixes that follow.
  auto data = Exact(encoded);
  DeltaByteArrayDecoder decoder(data.data(), data.size());
  ASSERT_EQ(decoder.Skip(1000), 1000u);
  std::string arena;
  ByteArray out[10];
  ASSERT_EQ(decoder.GetBatch(out, 10, &arena), 10u);
  for (size_t i = 0; i < 10; ++i) EXPECT_EQ(out[i].view(), strings[1000 + i]);

  std::vector<ByteArray> all(strings.size());
  std::string one_arena;
  DecodeDeltaByteArray(data.data(), data.size(), all.data(), all.size(), &one_arena);
  for (size_t i = 0; i < strings.size(); ++i) ASSERT_EQ(all[i].view(), strings[i]);
}

TEST(DeltaByteArrayTest, Corruption) {
  ByteArray out[4];
  std::string arena;
  // The first value cannot share a prefix with anything.
  auto first_prefix = Exact(EncodeDbp<int32_t>({1}) + EncodeDbp<int32_t>({1}) + "a");
  ExpectCorrupt([&] { DecodeDeltaByteArray(first_prefix.data(), first_prefix.size(), out, 1, &arena); },
                "longer than the previous value");
  auto long_prefix = Exact(EncodeDbp<int32_t>({0, 3}) + EncodeDbp<int32_t>({2, 0}) + "ab");
  ExpectCorrupt([&] { DecodeDeltaByteArray(long_prefix.data(), long_prefix.size(), out, 2, &arena); },
                "prefix length 3");
  auto negative = Exact(EncodeDbp<int32_t>({0, -1}) + EncodeDbp<int32_t>({2, 0}) + "ab");
  ExpectCorrupt([&] { DecodeDeltaByteArray(negative.data(), negative.size(), out, 2, &arena); }, "negative");
  auto mismatch = Exact(EncodeDbp<int32_t>({0, 0, 0}) + EncodeDbp<int32_t>({1, 1}) + "ab");
  ExpectCorrupt([&] { DeltaByteArrayDecoder(mismatch.data(), mismatch.size()); }, "3 prefix lengths but 2");
}

TEST(DeltaByteArrayTest, RandomGarbageNeverCrashes) {
  std::mt19937_64 rng(555);
  DeltaByteArrayEncoder encoder;
  encoder.Put(Views({"apple", "applesauce", "apricot", "banana", "band"}).data(), 5);
  std::string valid;
  encoder.Flush(&valid);
  for (int iter = 0; iter < 3000; ++iter) {
    std::string bytes = valid;
    for (int m = 0; m < 2; ++m) bytes[rng() % bytes.size()] = static_cast<char>(rng());
    bytes.resize(rng() % (bytes.size() + 1));
    auto data = Exact(bytes);
    ExpectSafe([&] {
      DeltaByteArrayDecoder decoder(data.data(), data.size());
      ByteArray out[8];
      std::string arena;
      decoder.GetBatch(out, 8, &arena);
    });
    ExpectSafe([&] {
      DeltaLengthByteArrayDecoder decoder(data.data(), data.size());
      ByteArray out[8];
      decoder.GetBatch(out, 8);
    });
  }
}

}  // namespace
}  // namespace tarn::parquet
