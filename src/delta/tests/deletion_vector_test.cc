#include "delta/deletion_vector.h"

#include <gtest/gtest.h>

#include <random>

#include "common/error.h"
#include "delta/tests/delta_test_util.h"
#include "formats/parquet/compression.h"

namespace tarn::delta {
namespace {

using testing::ScratchTable;

ErrorClass ErrorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.info().error_class;
  }
  return ErrorClass::kInternalError;
}

TEST(DeltaDeletionVector, Inline) {
  // cdf-table-with-dv v3 (Delta's portable RoaringBitmapArray format). PROTOCOL.md's
  // inline example ("wi5b=...") is in the older native format (magic 1681511376),
  // which the protocol does not specify and no writer emits into logs today.
  DeletionVectorDescriptor dv{'i', "^Bg9^0rr910000000000iXQKl0rr91000935c8Xg000311onP9", std::nullopt, 40, 4};
  auto fs = LocalFileSystem();
  EXPECT_EQ(LoadDeletionVector(*fs, "/t", dv), (std::vector<uint64_t>{0, 1, 4, 5}));  // as the oracle reads it
  DeletionVectorDescriptor native{'i', "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", std::nullopt, 40, 6};
  EXPECT_EQ(ErrorOf([&] { LoadDeletionVector(*fs, "/t", native); }), ErrorClass::kCorruptFile);
  dv.cardinality = 3;
  EXPECT_EQ(ErrorOf([&] { LoadDeletionVector(*fs, "/t", dv); }), ErrorClass::kDeltaDeletionVectorCardinalityMismatch);
  dv.cardinality = 4;
  dv.size_in_bytes = 44;  // more than the text holds
  EXPECT_EQ(ErrorOf([&] { LoadDeletionVector(*fs, "/t", dv); }), ErrorClass::kDeltaDeletionVectorSizeMismatch);
}

TEST(DeltaDeletionVector, HashPaddedZ85Tail) {
  // cdf-table-with-dv v5: the Rust z85 crate's "##" = two padding bytes in front of the tail.
  DeletionVectorDescriptor dv{'i', "^Bg9^0rr910000000000iXQKl0rr91000005c8Xg##093", std::nullopt, 34, 1};
  EXPECT_EQ(LoadDeletionVector(*LocalFileSystem(), "/t", dv), std::vector<uint64_t>{3});
  EXPECT_FALSE(DecodeZ85("abc").has_value());      // not a multiple of 5
  EXPECT_EQ(DecodeZ85("#0000").value_or("?").size(), 3u);  // one padding byte
  EXPECT_FALSE(DecodeZ85("ab\"de").has_value());   // not in the alphabet
  EXPECT_FALSE(DecodeZ85("%%%%%").has_value());    // overflows 32 bits
  std::string bytes = "\x01\x02\x03\x04\x05\x06\x07\x08";
  EXPECT_EQ(DecodeZ85(EncodeZ85(bytes)), bytes);
}

TEST(DeltaDeletionVector, RelativeAndAbsolutePaths) {
  DeletionVectorDescriptor dv{'u', "ab^-aqEH.-t@S}K{vb[*k^", 4, 40, 6};
  EXPECT_EQ(DeletionVectorPath("s3t", dv), "s3t/ab/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin");
  dv.path_or_inline_dv = "^-aqEH.-t@S}K{vb[*k^";
  EXPECT_EQ(DeletionVectorPath("/t", dv), "/t/deletion_vector_d2c639aa-8816-431a-aaf6-d3fe2512ff61.bin");
  dv.storage_type = 'p';
  dv.path_or_inline_dv = "file:/data/dv%20x.bin";
  EXPECT_EQ(DeletionVectorPath("/t", dv), "/data/dv x.bin");
  dv.storage_type = 'u';
  dv.path_or_inline_dv = "short";
  EXPECT_EQ(ErrorOf([&] { DeletionVectorPath("/t", dv); }), ErrorClass::kDeltaDeletionVectorSizeMismatch);
}

TEST(DeltaDeletionVector, BitmapsAcrossBuckets) {
  std::vector<uint64_t> rows = {0, 1, 65535, 65536, 100000, (uint64_t{1} << 32) + 5, (uint64_t{3} << 32)};
  std::string bytes = SerializeRoaringBitmapArray(rows);
  EXPECT_EQ(ParseRoaringBitmapArray(bytes, "dv"), rows);
  EXPECT_EQ(ErrorOf([&] { ParseRoaringBitmapArray(bytes.substr(0, bytes.size() - 1), "dv"); }), ErrorClass::kCorruptFile);
  std::string bad_magic = bytes;
  bad_magic[0] ^= 1;
  EXPECT_EQ(ErrorOf([&] { ParseRoaringBitmapArray(bad_magic, "dv"); }), ErrorClass::kCorruptFile);
  EXPECT_EQ(ErrorOf([&] { ParseRoaringBitmapArray(bytes + "x", "dv"); }), ErrorClass::kDeltaDeletionVectorSizeMismatch);
}

/// A DV file as Delta writes it: version byte, then per DV big-endian size, bitmap, big-endian CRC-32.
std::string DvFile(const std::string& bitmap) {
  auto be32 = [](uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
  };
  uint32_t crc = parquet::Crc32(reinterpret_cast<const uint8_t*>(bitmap.data()), bitmap.size());
  return std::string(1, '\x01') + be32(static_cast<uint32_t>(bitmap.size())) + bitmap + be32(crc);
}

TEST(DeltaDeletionVector, OnDiskFileChecks) {
  ScratchTable t;
  auto fs = LocalFileSystem();
  std::string bitmap = SerializeRoaringBitmapArray({2, 9});
  DeletionVectorDescriptor dv{'u', EncodeZ85(std::string(16, '\x11')), 1, static_cast<int32_t>(bitmap.size()), 2};
  std::string path = DeletionVectorPath(t.path(), dv);
  EXPECT_EQ(ErrorOf([&] { LoadDeletionVector(*fs, t.path(), dv); }), ErrorClass::kFileNotExist);
  ThrowIfError(fs->WriteFile(path, DvFile(bitmap)));
  EXPECT_EQ(LoadDeletionVector(*fs, t.path(), dv), (std::vector<uint64_t>{2, 9}));
  std::string corrupt = DvFile(bitmap);
  corrupt[8] ^= 0x40;
  ThrowIfError(fs->WriteFile(path, corrupt));
  EXPECT_EQ(ErrorOf([&] { LoadDeletionVector(*fs, t.path(), dv); }), ErrorClass::kDeltaDeletionVectorChecksumMismatch);
  ThrowIfError(fs->WriteFile(path, DvFile(bitmap).substr(0, 10)));
  EXPECT_EQ(ErrorOf([&] { LoadDeletionVector(*fs, t.path(), dv); }), ErrorClass::kDeltaDeletionVectorSizeMismatch);
  ThrowIfError(fs->WriteFile(path, DvFile(bitmap)));
  dv.offset = 5000;
  EXPECT_EQ(ErrorOf([&] { LoadDeletionVector(*fs, t.path(), dv); }), ErrorClass::kDeltaDeletionVectorSizeMismatch);
}

TEST(DeltaDeletionVector, MangledBitmapsNeverCrash) {
  // Untrusted input: random corruptions must end in a clean error or a valid result.
  std::string bytes = SerializeRoaringBitmapArray({1, 5, 70000, 70001, (uint64_t{2} << 32) + 1});
  std::mt19937 rng(42);
  for (int i = 0; i < 3000; ++i) {
    std::string mangled = bytes;
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) mangled[rng() % mangled.size()] = static_cast<char>(rng());
    if (rng() % 4 == 0) mangled.resize(rng() % mangled.size());
    try {
      std::vector<uint64_t> rows = ParseRoaringBitmapArray(mangled, "dv");
      EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end()));
    } catch (const Error& e) {
      EXPECT_FALSE(e.info().IsInternal()) << e.info().ToString();
    }
  }
}

}  // namespace
}  // namespace tarn::delta
