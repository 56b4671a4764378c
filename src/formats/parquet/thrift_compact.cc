#include "formats/parquet/thrift_compact.h"

#include <bit>
#include <cstring>

#include "common/error.h"

namespace tarn::parquet {

static_assert(std::endian::native == std::endian::little, "doubles are copied as little-endian bytes");

const char* ToString(ThriftType type) {
  switch (type) {
    case ThriftType::kStop: return "stop";
    case ThriftType::kBoolTrue:
    case ThriftType::kBoolFalse: return "bool";
    case ThriftType::kByte: return "byte";
    case ThriftType::kI16: return "i16";
    case ThriftType::kI32: return "i32";
    case ThriftType::kI64: return "i64";
    case ThriftType::kDouble: return "double";
    case ThriftType::kBinary: return "binary";
    case ThriftType::kList: return "list";
    case ThriftType::kSet: return "set";
    case ThriftType::kMap: return "map";
    case ThriftType::kStruct: return "struct";
  }
  return "invalid";
}

void ThrowCorrupt(std::string_view path, const std::string& detail) {
  ThrowError(ErrorClass::kCorruptFile,
             {{"path", path.empty() ? std::string("(unknown file)") : std::string(path)}, {"message", detail}});
}

// --- reader -------------------------------------------------------------------

ThriftReader::ThriftReader(const uint8_t* data, size_t size, std::string_view path)
    : data_(data), size_(size), path_(path) {}

void ThriftReader::Fail(const std::string& detail) const {
  ThrowCorrupt(path_, "Invalid Thrift metadata at byte " + std::to_string(pos_) + ": " + detail + ".");
}

void ThriftReader::Need(size_t n) const {
  if (n > remaining()) {
    Fail("needs " + std::to_string(n) + " bytes but only " + std::to_string(remaining()) + " remain");
  }
}

uint64_t ThriftReader::ReadVarint() {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    Need(1);
    uint8_t byte = data_[pos_++];
    if (shift == 63 && byte > 1) Fail("varint overflows 64 bits");
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  Fail("varint longer than 10 bytes");
}

static int64_t ZigZagDecode(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

ThriftType ThriftReader::CheckType(uint8_t nibble) const {
  if (nibble == 0 || nibble > static_cast<uint8_t>(ThriftType::kStruct)) {
    Fail("invalid wire type " + std::to_string(nibble));
  }
  return static_cast<ThriftType>(nibble);
}

void ThriftReader::StructBegin() { last_field_ids_.push_back(0); }

bool ThriftReader::ReadField(int16_t* id, ThriftType* type) {
  if (last_field_ids_.empty()) Fail("field read outside a struct");
  Need(1);
  uint8_t header = data_[pos_++];
  if (header == 0) {
    last_field_ids_.pop_back();
    return false;
  }
  uint8_t delta = header >> 4;
  if (delta != 0) {
    int next = last_field_ids_.back() + delta;
    if (next > INT16_MAX) Fail("field id overflows i16");
    *id = static_cast<int16_t>(next);
  } else {
    *id = ReadI16();
  }
  *type = CheckType(header & 0x0f);
  last_field_ids_.back() = *id;
  return true;
}

bool ThriftReader::ReadBoolElement() {
  Need(1);
  // 1 is true; writers use 2 (and some 0) for false.
  return data_[pos_++] == 1;
}

int8_t ThriftReader::ReadByte() {
  Need(1);
  return static_cast<int8_t>(data_[pos_++]);
}

int16_t ThriftReader::ReadI16() {
  uint64_t v = ReadVarint();
  if (v > UINT16_MAX) Fail("i16 value out of range");
  return static_cast<int16_t>(ZigZagDecode(v));
}

int32_t ThriftReader::ReadI32() {
  uint64_t v = ReadVarint();
  if (v > UINT32_MAX) Fail("i32 value out of range");
  return static_cast<int32_t>(ZigZagDecode(v));
}

int64_t ThriftReader::ReadI64() { return ZigZagDecode(ReadVarint()); }

double ThriftReader::ReadDouble() {
  Need(8);
  double value;
  std::memcpy(&value, data_ + pos_, 8);
  pos_ += 8;
  return value;
}

std::string_view ThriftReader::ReadBinary() {
  uint64_t length = ReadVarint();
  Need(length);
  std::string_view value(reinterpret_cast<const char*>(data_ + pos_), length);
  pos_ += length;
  return value;
}

uint32_t ThriftReader::ReadListBegin(ThriftType* element_type) {
  Need(1);
  uint8_t header = data_[pos_++];
  uint64_t size = header >> 4;
  if (size == 15) size = ReadVarint();
  if (size == 0 && (header & 0x0f) == 0) {  // fastparquet writes empty lists with element type 0
    *element_type = ThriftType::kStop;
    return 0;
  }
  *element_type = CheckType(header & 0x0f);
  // Every element takes at least one byte (a double eight), so a size beyond
  // what is left is corrupt; checking here keeps callers from reserving it.
  uint64_t min_bytes = *element_type == ThriftType::kDouble ? 8 : 1;
  if (size > remaining() / min_bytes) {
    Fail("list of " + std::to_string(size) + " elements exceeds the " + std::to_string(remaining()) +
         " bytes left");
  }
  return static_cast<uint32_t>(size);
}

uint32_t ThriftReader::ReadMapBegin(ThriftType* key_type, ThriftType* value_type) {
  uint64_t size = ReadVarint();
  if (size == 0) return 0;
  Need(1);
  uint8_t types = data_[pos_++];
  *key_type = CheckType(types >> 4);
  *value_type = CheckType(types & 0x0f);
  if (size > remaining() / 2) {
    Fail("map of " + std::to_string(size) + " entries exceeds the " + std::to_string(remaining()) +
         " bytes left");
  }
  return static_cast<uint32_t>(size);
}

void ThriftReader::SkipValue(ThriftType type, int depth, bool in_container) {
  if (depth > kMaxDepth) Fail("nesting deeper than " + std::to_string(kMaxDepth));
  switch (type) {
    case ThriftType::kBoolTrue:
    case ThriftType::kBoolFalse:
      // A bool field's value is in its header; a bool element is one byte.
      if (in_container) ReadBoolElement();
      return;
    case ThriftType::kByte: ReadByte(); return;
    case ThriftType::kI16:
    case ThriftType::kI32:
    case ThriftType::kI64: ReadVarint(); return;
    case ThriftType::kDouble: ReadDouble(); return;
    case ThriftType::kBinary: ReadBinary(); return;
    case ThriftType::kList:
    case ThriftType::kSet: {
      ThriftType element_type;
      uint32_t size = ReadListBegin(&element_type);
      for (uint32_t i = 0; i < size; ++i) SkipValue(element_type, depth + 1, true);
      return;
    }
    case ThriftType::kMap: {
      ThriftType key_type, value_type;
      uint32_t size = ReadMapBegin(&key_type, &value_type);
      for (uint32_t i = 0; i < size; ++i) {
        SkipValue(key_type, depth + 1, true);
        SkipValue(value_type, depth + 1, true);
      }
      return;
    }
    case ThriftType::kStruct: {
      StructBegin();
      int16_t id;
      ThriftType field_type;
      while (ReadField(&id, &field_type)) SkipValue(field_type, depth + 1, false);
      return;
    }
    case ThriftType::kStop: break;
  }
  Fail("cannot skip a value of wire type " + std::to_string(static_cast<int>(type)));
}

// --- writer -------------------------------------------------------------------

void ThriftWriter::WriteVarint(uint64_t value) {
  while (value >= 0x80) {
    out_->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out_->push_back(static_cast<char>(value));
}

void ThriftWriter::WriteI64(int64_t value) {
  WriteVarint((static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
}

void ThriftWriter::WriteDouble(double value) {
  char bytes[8];
  std::memcpy(bytes, &value, 8);
  out_->append(bytes, 8);
}

void ThriftWriter::WriteBinary(std::string_view value) {
  WriteVarint(value.size());
  out_->append(value);
}

void ThriftWriter::StructEnd() {
  out_->push_back(0);
  last_field_ids_.pop_back();
}

void ThriftWriter::FieldBegin(int16_t id, ThriftType type) {
  int delta = id - last_field_ids_.back();
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
  } else {
    out_->push_back(static_cast<char>(type));
    WriteI64(id);
  }
  last_field_ids_.back() = id;
}

void ThriftWriter::ListBegin(ThriftType element_type, size_t size) {
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | static_cast<int>(element_type)));
  } else {
    out_->push_back(static_cast<char>(0xf0 | static_cast<int>(element_type)));
    WriteVarint(size);
  }
}

void ThriftWriter::MapBegin(ThriftType key_type, ThriftType value_type, size_t size) {
  WriteVarint(size);
  if (size > 0) out_->push_back(static_cast<char>((static_cast<int>(key_type) << 4) | static_cast<int>(value_type)));
}

}  // namespace tarn::parquet
