// The Thrift compact protocol, hand-written for the Parquet metadata structs
// (see metadata.h): a reader over a byte span and a writer appending to a
// string. Reference: thrift/doc/specs/thrift-compact-protocol.md.
//
// The reader treats its input as untrusted: every read is bounds-checked,
// varints are at most 10 bytes, skipping unknown values nests at most
// kMaxDepth deep (the typed readers in metadata.cc nest only as deep as the
// Parquet structs do), and a container's size is checked against the bytes
// left before anything is allocated. Malformed input throws FAILED_READ_FILE.FILE_CORRUPTED naming
// the file given at construction.
//
// Thread safety: a reader or writer is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::parquet {

/// Wire types of the compact protocol (the low nibble of a field header).
enum class ThriftType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

/// "i32", "struct", ...: for error messages.
const char* ToString(ThriftType type);

/// Throws FAILED_READ_FILE.FILE_CORRUPTED for `path` (or "(unknown file)").
[[noreturn]] void ThrowCorrupt(std::string_view path, const std::string& detail);

class ThriftReader {
 public:
  static constexpr int kMaxDepth = 64;

  /// `path` names the file in error messages; the bytes must outlive the reader.
  ThriftReader(const uint8_t* data, size_t size, std::string_view path = {});

  size_t position() const { return pos_; }
  size_t remaining() const { return size_ - pos_; }
  std::string_view path() const { return path_; }

  /// Struct framing: StructBegin, then ReadField until it returns false (the
  /// STOP byte, which also ends the struct), consuming or skipping each value.
  void StructBegin();
  bool ReadField(int16_t* id, ThriftType* type);

  /// A bool list element (one byte). A bool *field* has no payload: its value
  /// is the field's type, kBoolTrue or kBoolFalse.
  bool ReadBoolElement();
  int8_t ReadByte();
  int16_t ReadI16();
  int32_t ReadI32();
  int64_t ReadI64();
  double ReadDouble();
  /// A binary/string value; the view points into the input.
  std::string_view ReadBinary();

  /// List (or set) header: the element count, checked against the bytes left.
  uint32_t ReadListBegin(ThriftType* element_type);
  /// Map header: the entry count; key/value types are valid when count > 0.
  uint32_t ReadMapBegin(ThriftType* key_type, ThriftType* value_type);
  /// Skips a field's value of any type, including nested containers and structs.
  void Skip(ThriftType type) { SkipValue(type, 0, /*in_container=*/false); }

  /// Throws FILE_CORRUPTED with the current byte position.
  [[noreturn]] void Fail(const std::string& detail) const;

 private:
  uint64_t ReadVarint();
  void Need(size_t n) const;
  void SkipValue(ThriftType type, int depth, bool in_container);
  ThriftType CheckType(uint8_t nibble) const;

  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  std::string_view path_;
  std::vector<int16_t> last_field_ids_;  ///< one per open struct
};

/// Appends compact-protocol bytes to a string. Mirror of ThriftReader.
class ThriftWriter {
 public:
  explicit ThriftWriter(std::string* out) : out_(out) {}

  void StructBegin() { last_field_ids_.push_back(0); }
  /// Writes STOP and closes the struct.
  void StructEnd();
  void FieldBegin(int16_t id, ThriftType type);

  void FieldBool(int16_t id, bool value) {
    FieldBegin(id, value ? ThriftType::kBoolTrue : ThriftType::kBoolFalse);
  }
  void FieldByte(int16_t id, int8_t value) { FieldBegin(id, ThriftType::kByte), WriteByte(value); }
  void FieldI16(int16_t id, int16_t value) { FieldBegin(id, ThriftType::kI16), WriteI64(value); }
  void FieldI32(int16_t id, int32_t value) { FieldBegin(id, ThriftType::kI32), WriteI64(value); }
  void FieldI64(int16_t id, int64_t value) { FieldBegin(id, ThriftType::kI64), WriteI64(value); }
  void FieldDouble(int16_t id, double value) { FieldBegin(id, ThriftType::kDouble), WriteDouble(value); }
  void FieldBinary(int16_t id, std::string_view value) {
    FieldBegin(id, ThriftType::kBinary), WriteBinary(value);
  }
  /// A field holding an empty struct (a member of a union of empty structs).
  void FieldEmptyStruct(int16_t id) { FieldBegin(id, ThriftType::kStruct), out_->push_back(0); }

  /// Bare values (list elements); i16 and i32 are zigzag varints like i64.
  void WriteBool(bool value) { out_->push_back(value ? 1 : 2); }
  void WriteByte(int8_t value) { out_->push_back(static_cast<char>(value)); }
  void WriteI32(int32_t value) { WriteI64(value); }
  void WriteI64(int64_t value);
  void WriteDouble(double value);
  void WriteBinary(std::string_view value);
  void ListBegin(ThriftType element_type, size_t size);
  void MapBegin(ThriftType key_type, ThriftType value_type, size_t size);

 private:
  void WriteVarint(uint64_t value);

  std::string* out_;
  std::vector<int16_t> last_field_ids_;
};

}  // namespace tarn::parquet
