#include "delta/deletion_vector.h"

#include <roaring/roaring.h>

#include <array>
#include <cstring>
#include <memory>

#include "common/error.h"
#include "formats/parquet/compression.h"
#include "delta/snapshot.h"

namespace tarn::delta {
namespace {

constexpr std::string_view kZ85Alphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
constexpr uint32_t kRoaringBitmapArrayMagic = 1681511377;
constexpr size_t kUuidZ85Length = 20;

const std::array<int8_t, 256>& Z85Digits() {
  static const std::array<int8_t, 256> digits = [] {
    std::array<int8_t, 256> d;
    d.fill(-1);
    for (size_t i = 0; i < kZ85Alphabet.size(); ++i) d[static_cast<uint8_t>(kZ85Alphabet[i])] = static_cast<int8_t>(i);
    return d;
  }();
  return digits;
}

uint32_t LittleEndian32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;  // x86-64 and every platform tarn targets are little-endian
}

uint32_t BigEndian32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

[[noreturn]] void Fail(ErrorClass error_class, const std::string& message) {
  ThrowError(error_class, {{"message", message}});
}

struct RoaringDeleter {
  void operator()(roaring_bitmap_t* r) const { roaring_bitmap_free(r); }
};

}  // namespace

std::optional<std::string> DecodeZ85(std::string_view text) {
  if (text.size() % 5 != 0) return std::nullopt;
  const auto& digits = Z85Digits();
  std::string out;
  out.reserve(text.size() / 5 * 4);
  for (size_t block = 0; block < text.size(); block += 5) {
    const bool last = block + 5 == text.size();
    // The Rust z85 crate writes a short tail as one block whose k leading '#'
    // stand for k padding bytes in front (as zero digits).
    size_t padding = 0;
    if (last) {
      while (padding < 4 && text[block + padding] == '#') ++padding;
    }
    uint64_t value = 0;
    for (size_t i = 0; i < 5; ++i) {
      int digit = i < padding ? 0 : digits[static_cast<uint8_t>(text[block + i])];
      if (digit < 0) return std::nullopt;
      value = value * 85 + static_cast<uint64_t>(digit);
    }
    // '#' is digit 84, so a plain block starting with it always overflows:
    // the padded reading above is the only valid one.
    if (value > 0xffffffffULL) return std::nullopt;
    char bytes[4] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
                     static_cast<char>(value)};
    out.append(bytes + padding, 4 - padding);
  }
  return out;
}

std::string EncodeZ85(std::string_view bytes) {
  std::string padded(bytes);
  while (padded.size() % 4 != 0) padded.push_back('\0');
  std::string out;
  out.reserve(padded.size() / 4 * 5);
  for (size_t i = 0; i < padded.size(); i += 4) {
    uint32_t value = BigEndian32(reinterpret_cast<const uint8_t*>(padded.data() + i));
    char block[5];
    for (int k = 4; k >= 0; --k) {
      block[k] = kZ85Alphabet[value % 85];
      value /= 85;
    }
    out.append(block, 5);
  }
  return out;
}

std::string DeletionVectorPath(const std::string& table_path, const DeletionVectorDescriptor& dv) {
  if (dv.storage_type == 'p') return ResolvePath(table_path, DecodePath(dv.path_or_inline_dv));
  if (dv.storage_type != 'u') ThrowInternal("an inline deletion vector has no file");
  const std::string& text = dv.path_or_inline_dv;
  if (text.size() < kUuidZ85Length) {
    Fail(ErrorClass::kDeltaDeletionVectorSizeMismatch, "the relative deletion vector path \"" + text + "\" is too short for a UUID");
  }
  std::string prefix = text.substr(0, text.size() - kUuidZ85Length);
  auto uuid = DecodeZ85(std::string_view(text).substr(text.size() - kUuidZ85Length));
  if (!uuid || uuid->size() != 16) {
    Fail(ErrorClass::kDeltaDeletionVectorSizeMismatch, "\"" + text + "\" does not end in a Z85-encoded UUID");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name = "deletion_vector_";
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) name.push_back('-');
    auto b = static_cast<uint8_t>((*uuid)[i]);
    name.push_back(kHex[b >> 4]);
    name.push_back(kHex[b & 15]);
  }
  name += ".bin";
  return table_path + "/" + (prefix.empty() ? "" : prefix + "/") + name;
}

namespace {

std::vector<uint64_t> ParseBitmaps(std::string_view bytes, const std::string& what, uint64_t max_rows) {
  if (bytes.size() < 12) Fail(ErrorClass::kDeltaDeletionVectorSizeMismatch, what + ": " + std::to_string(bytes.size()) + " bytes is too short");
  if (LittleEndian32(bytes.data()) != kRoaringBitmapArrayMagic) {
    ThrowError(ErrorClass::kCorruptFile, {{"path", what}, {"message", "not a RoaringBitmapArray (bad magic number)"}});
  }
  uint64_t buckets;
  std::memcpy(&buckets, bytes.data() + 4, 8);
  size_t pos = 12;
  std::vector<uint64_t> rows;
  int64_t previous_key = -1;
  for (uint64_t b = 0; b < buckets; ++b) {
    if (bytes.size() - pos < 4) Fail(ErrorClass::kDeltaDeletionVectorSizeMismatch, what + ": bucket " + std::to_string(b) + " is cut off");
    uint32_t key = LittleEndian32(bytes.data() + pos);
    pos += 4;
    if (static_cast<int64_t>(key) <= previous_key || key > 0x7fffffffU) {
      Fail(ErrorClass::kDeltaDeletionVectorInvalidRowIndex, what + ": bucket keys must ascend and stay below 2^31");
    }
    previous_key = key;
    const char* data = bytes.data() + pos;
    size_t available = bytes.size() - pos;
    size_t size = roaring_bitmap_portable_deserialize_size(data, available);
    if (size == 0) ThrowError(ErrorClass::kCorruptFile, {{"path", what}, {"message", "malformed Roaring bitmap in bucket " + std::to_string(b)}});
    std::unique_ptr<roaring_bitmap_t, RoaringDeleter> bitmap(roaring_bitmap_portable_deserialize_safe(data, available));
    if (!bitmap) ThrowError(ErrorClass::kCorruptFile, {{"path", what}, {"message", "malformed Roaring bitmap in bucket " + std::to_string(b)}});
    pos += size;
    uint64_t count = roaring_bitmap_get_cardinality(bitmap.get());
    if (count > max_rows || rows.size() + count > max_rows) {
      Fail(ErrorClass::kDeltaDeletionVectorCardinalityMismatch, what + ": more rows than the descriptor's cardinality " + std::to_string(max_rows));
    }
    std::vector<uint32_t> low(count);
    if (count > 0) roaring_bitmap_to_uint32_array(bitmap.get(), low.data());
    for (size_t i = 0; i < low.size(); ++i) {
      // CRoaring's safe deserialisation does not validate container order: check it.
      if (i > 0 && low[i] <= low[i - 1]) ThrowError(ErrorClass::kCorruptFile, {{"path", what}, {"message", "unsorted Roaring container"}});
      rows.push_back((uint64_t{key} << 32) | low[i]);
    }
  }
  if (pos != bytes.size()) Fail(ErrorClass::kDeltaDeletionVectorSizeMismatch, what + ": " + std::to_string(bytes.size() - pos) + " bytes after the bitmap");
  return rows;
}

}  // namespace

std::vector<uint64_t> ParseRoaringBitmapArray(std::string_view bytes, const std::string& what) {
  return ParseBitmaps(bytes, what, UINT64_MAX);
}

std::string SerializeRoaringBitmapArray(const std::vector<uint64_t>& rows) {
  std::string out;
  auto append32 = [&out](uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
  append32(kRoaringBitmapArrayMagic);
  std::vector<std::pair<uint32_t, std::vector<uint32_t>>> buckets;
  for (uint64_t row : rows) {
    auto key = static_cast<uint32_t>(row >> 32);
    if (buckets.empty() || buckets.back().first != key) buckets.push_back({key, {}});
    buckets.back().second.push_back(static_cast<uint32_t>(row));
  }
  uint64_t count = buckets.size();
  out.append(reinterpret_cast<const char*>(&count), 8);
  for (const auto& [key, low] : buckets) {
    append32(key);
    std::unique_ptr<roaring_bitmap_t, RoaringDeleter> bitmap(roaring_bitmap_create());
    for (uint32_t v : low) roaring_bitmap_add(bitmap.get(), v);
    std::string bytes(roaring_bitmap_portable_size_in_bytes(bitmap.get()), '\0');
    roaring_bitmap_portable_serialize(bitmap.get(), bytes.data());
    out += bytes;
  }
  return out;
}

std::vector<uint64_t> LoadDeletionVector(FileSystem& fs, const std::string& table_path, const DeletionVectorDescriptor& dv) {
  if (dv.size_in_bytes < 0 || dv.cardinality < 0) {
    Fail(ErrorClass::kDeltaDeletionVectorSizeMismatch, "negative size or cardinality in the descriptor of " + dv.UniqueId());
  }
  std::vector<uint64_t> rows;
  std::string what;
  if (dv.storage_type == 'i') {
    what = "inline deletion vector " + dv.path_or_inline_dv;
    auto bytes = DecodeZ85(dv.path_or_inline_dv);
    if (!bytes || bytes->size() < static_cast<size_t>(dv.size_in_bytes)) {
      Fail(ErrorClass::kDeltaDeletionVectorSizeMismatch, what + ": not Z85 text of " + std::to_string(dv.size_in_bytes) + " bytes");
    }
    bytes->resize(static_cast<size_t>(dv.size_in_bytes));
    rows = ParseBitmaps(*bytes, what, static_cast<uint64_t>(dv.cardinality));
  } else {
    what = DeletionVectorPath(table_path, dv);
    auto opened = fs.OpenForRead(what);
    if (!opened.ok() && opened.status().code() == StatusCode::kNotFound) ThrowError(ErrorClass::kFileNotExist, {{"path", what}});
    std::unique_ptr<RandomAccessFile> file = ValueOrThrow(std::move(opened));
    // Byte 0 is the format version, so the first DV of a file starts at 1.
    uint64_t offset = dv.offset ? static_cast<uint64_t>(*dv.offset) : 1;
    uint64_t needed = offset + 4 + static_cast<uint64_t>(dv.size_in_bytes) + 4;
    if (dv.offset && *dv.offset < 1) Fail(ErrorClass::kDeltaDeletionVectorSizeMismatch, what + ": offset " + std::to_string(*dv.offset) + " is inside the header");
    if (needed > file->size()) {
      Fail(ErrorClass::kDeltaDeletionVectorSizeMismatch, what + ": the DV at offset " + std::to_string(offset) + " of " +
                                                             std::to_string(dv.size_in_bytes) + " bytes ends past the file (" +
                                                             std::to_string(file->size()) + " bytes)");
    }
    uint8_t version = 0;
    ThrowIfError(file->ReadAt(0, 1, &version));
    if (version != 1) ThrowError(ErrorClass::kCorruptFile, {{"path", what}, {"message", "unknown deletion vector file format version " + std::to_string(version)}});
    std::string buffer(4 + static_cast<size_t>(dv.size_in_bytes) + 4, '\0');
    ThrowIfError(file->ReadAt(offset, buffer.size(), reinterpret_cast<uint8_t*>(buffer.data())));
    const auto* p = reinterpret_cast<const uint8_t*>(buffer.data());
    uint32_t size = BigEndian32(p);
    if (size != static_cast<uint32_t>(dv.size_in_bytes)) {
      Fail(ErrorClass::kDeltaDeletionVectorSizeMismatch, what + ": the file says " + std::to_string(size) + " bytes, the log " +
                                                             std::to_string(dv.size_in_bytes));
    }
    uint32_t crc = BigEndian32(p + 4 + size);
    if (parquet::Crc32(p + 4, size) != crc) Fail(ErrorClass::kDeltaDeletionVectorChecksumMismatch, what);
    rows = ParseBitmaps(std::string_view(buffer).substr(4, size), what, static_cast<uint64_t>(dv.cardinality));
  }
  if (rows.size() != static_cast<uint64_t>(dv.cardinality)) {
    Fail(ErrorClass::kDeltaDeletionVectorCardinalityMismatch, what + ": " + std::to_string(rows.size()) +
                                                                  " rows, the log says " + std::to_string(dv.cardinality));
  }
  return rows;
}

}  // namespace tarn::delta
