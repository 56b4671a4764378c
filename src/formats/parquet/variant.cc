#include "formats/parquet/variant.h"

#include <algorithm>
#include <cstring>

#include "common/error.h"

namespace tarn::parquet {

namespace {

using Kind = VariantValue::Kind;

// Deeper nesting than any real document; keeps corrupt input from exhausting the stack.
constexpr int kMaxDepth = 256;
constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000 * 1000;

[[noreturn]] void Corrupt(std::string_view path, const std::string& message) {
  ThrowError(ErrorClass::kCorruptFile, {{"path", std::string(path)}, {"message", "invalid VARIANT: " + message}});
}

// Little-endian unsigned integer of `width` (1..8) bytes; the caller checked the bounds.
uint64_t LoadLE(const char* p, int width) {
  uint64_t result = 0;
  for (int i = width - 1; i >= 0; --i) result = (result << 8) | static_cast<uint8_t>(p[i]);
  return result;
}

// Sign-extends the low `width` bytes of `bits`.
int64_t SignExtend(uint64_t bits, int width) {
  if (width == 8) return static_cast<int64_t>(bits);
  uint64_t sign = uint64_t{1} << (width * 8 - 1);
  return static_cast<int64_t>((bits ^ sign) - sign);
}

class Decoder {
 public:
  Decoder(const VariantMetadata& metadata, std::string_view path) : metadata_(metadata), path_(path) {}

  // The value starting at bytes[0]; it must lie within `bytes`.
  VariantValue Decode(std::string_view bytes, int depth) {
    if (depth > kMaxDepth) Corrupt(path_, "nested too deeply");
    Need(bytes, 1);
    const uint8_t header = static_cast<uint8_t>(bytes[0]);
    const int basic_type = header & 3;
    const int value_header = header >> 2;
    switch (basic_type) {
      case 0: return Primitive(value_header, bytes.substr(1));
      case 1: {  // short string: the header holds the length
        Need(bytes, 1 + value_header);
        VariantValue v;
        v.kind = Kind::kString;
        v.bytes.assign(bytes.substr(1, value_header));
        return v;
      }
      case 2: return Object(value_header, bytes, depth);
      default: return Array(value_header, bytes, depth);
    }
  }

 private:
  void Need(std::string_view bytes, uint64_t size) const {
    if (bytes.size() < size) Corrupt(path_, "a value is truncated");
  }

  // Signed little-endian integer of `width` bytes at the start of `body`.
  int64_t Int(std::string_view body, int width) const {
    Need(body, width);
    return SignExtend(LoadLE(body.data(), width), width);
  }

  VariantValue Primitive(int type_id, std::string_view body) const {
    VariantValue v;
    auto integer = [&](Kind kind, int width) {
      v.kind = kind;
      v.integer = Int(body, width);
    };
    switch (type_id) {
      case 0: v.kind = Kind::kNull; break;
      case 1:
      case 2:
        v.kind = Kind::kBoolean;
        v.boolean = type_id == 1;
        break;
      case 3: integer(Kind::kInt8, 1); break;
      case 4: integer(Kind::kInt16, 2); break;
      case 5: integer(Kind::kInt32, 4); break;
      case 6: integer(Kind::kInt64, 8); break;
      case 7: {
        Need(body, 8);
        uint64_t bits = LoadLE(body.data(), 8);
        v.kind = Kind::kDouble;
        std::memcpy(&v.floating, &bits, 8);
        break;
      }
      case 8:
      case 9:
      case 10: {  // decimal4/8/16: one scale byte, then the unscaled value
        static constexpr Kind kKinds[] = {Kind::kDecimal4, Kind::kDecimal8, Kind::kDecimal16};
        static constexpr int kWidths[] = {4, 8, 16};
        static constexpr int kMaxScales[] = {9, 18, 38};
        const int index = type_id - 8;
        Need(body, 1 + kWidths[index]);
        v.kind = kKinds[index];
        v.scale = static_cast<uint8_t>(body[0]);
        if (v.scale > kMaxScales[index]) Corrupt(path_, "a decimal scale is out of range");
        if (index < 2) {
          v.unscaled = SignExtend(LoadLE(body.data() + 1, kWidths[index]), kWidths[index]);
        } else {
          uint64_t low = LoadLE(body.data() + 1, 8);
          int64_t high = static_cast<int64_t>(LoadLE(body.data() + 9, 8));
          v.unscaled = static_cast<int128_t>((static_cast<uint128_t>(high) << 64) | low);
        }
        break;
      }
      case 11: integer(Kind::kDate, 4); break;
      case 12: integer(Kind::kTimestamp, 8); break;
      case 13: integer(Kind::kTimestampNtz, 8); break;
      case 14: {
        Need(body, 4);
        uint32_t bits = static_cast<uint32_t>(LoadLE(body.data(), 4));
        float value;
        std::memcpy(&value, &bits, 4);
        v.kind = Kind::kFloat;
        v.floating = value;
        break;
      }
      case 15:
      case 16: {  // binary, string: 4-byte length, then the bytes
        Need(body, 4);
        uint64_t size = LoadLE(body.data(), 4);
        Need(body, 4 + size);
        v.kind = type_id == 15 ? Kind::kBinary : Kind::kString;
        v.bytes.assign(body.substr(4, size));
        break;
      }
      case 17:
        integer(Kind::kTime, 8);
        if (v.integer < 0 || v.integer >= kMicrosPerDay) Corrupt(path_, "a time of day is out of range");
        break;
      case 18: integer(Kind::kTimestampNanos, 8); break;
      case 19: integer(Kind::kTimestampNtzNanos, 8); break;
      case 20:
        Need(body, 16);
        v.kind = Kind::kUuid;
        v.bytes.assign(body.substr(0, 16));
        break;
      default: Corrupt(path_, "unknown primitive type " + std::to_string(type_id));
    }
    return v;
  }

  // Reads the element count and the `count + 1` offsets of an object or
  // array; returns where the values start (relative to `bytes`).
  size_t ReadLayout(std::string_view bytes, bool is_large, int id_size, int offset_size, uint64_t* count,
                    std::vector<uint64_t>* offsets) const {
    const int count_size = is_large ? 4 : 1;
    Need(bytes, 1 + count_size);
    *count = LoadLE(bytes.data() + 1, count_size);
    const uint64_t ids_at = 1 + count_size;
    const uint64_t offsets_at = ids_at + *count * id_size;
    const uint64_t values_at = offsets_at + (*count + 1) * offset_size;
    Need(bytes, values_at);
    offsets->resize(*count + 1);
    for (uint64_t i = 0; i <= *count; ++i) {
      (*offsets)[i] = LoadLE(bytes.data() + offsets_at + i * offset_size, offset_size);
    }
    if (offsets->back() > bytes.size() - values_at) Corrupt(path_, "values extend past the end of their container");
    return values_at;
  }

  VariantValue Object(int value_header, std::string_view bytes, int depth) {
    const int offset_size = (value_header & 3) + 1;
    const int id_size = ((value_header >> 2) & 3) + 1;
    const bool is_large = (value_header >> 4) & 1;
    uint64_t count;
    std::vector<uint64_t> offsets;
    const size_t values_at = ReadLayout(bytes, is_large, id_size, offset_size, &count, &offsets);
    const uint64_t end = offsets[count];
    // Field values may be stored in any order but must not overlap: each one
    // ends where the next-higher offset starts.
    std::vector<uint64_t> sorted(offsets.begin(), offsets.end() - 1);
    std::sort(sorted.begin(), sorted.end());
    for (size_t i = 0; i < sorted.size(); ++i) {
      if (sorted[i] >= (i + 1 < sorted.size() ? sorted[i + 1] : end)) Corrupt(path_, "object fields overlap");
    }
    std::string_view values = bytes.substr(values_at);
    VariantValue v;
    v.kind = Kind::kObject;
    v.fields.reserve(count);
    for (uint64_t i = 0; i < count; ++i) {
      uint64_t id = LoadLE(bytes.data() + 1 + (is_large ? 4 : 1) + i * id_size, id_size);
      uint64_t start = offsets[i];
      auto next = std::upper_bound(sorted.begin(), sorted.end(), start);
      uint64_t field_end = next == sorted.end() ? end : *next;
      VariantValue field = Decode(values.substr(start, field_end - start), depth + 1);
      v.fields.push_back(VariantField{std::string(metadata_.name(id)), std::move(field)});
    }
    std::sort(v.fields.begin(), v.fields.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    for (size_t i = 1; i < v.fields.size(); ++i) {
      if (v.fields[i - 1].name == v.fields[i].name) Corrupt(path_, "an object repeats a field");
    }
    return v;
  }

  VariantValue Array(int value_header, std::string_view bytes, int depth) {
    const int offset_size = (value_header & 3) + 1;
    const bool is_large = (value_header >> 2) & 1;
    uint64_t count;
    std::vector<uint64_t> offsets;
    const size_t values_at = ReadLayout(bytes, is_large, 0, offset_size, &count, &offsets);
    std::string_view values = bytes.substr(values_at);
    VariantValue v;
    v.kind = Kind::kArray;
    v.elements.reserve(count);
    for (uint64_t i = 0; i < count; ++i) {
      if (offsets[i] >= offsets[i + 1]) Corrupt(path_, "array elements overlap");
      v.elements.push_back(Decode(values.substr(offsets[i], offsets[i + 1] - offsets[i]), depth + 1));
    }
    return v;
  }

  const VariantMetadata& metadata_;
  std::string_view path_;
};

// Reconstruction of shredded values from the assembled struct.
class Reconstructor {
 public:
  Reconstructor(const VariantMetadata& metadata, std::string_view path) : decoder_(metadata, path), path_(path) {}

  // A {value, typed_value} group at row `row`; nullopt when the value is missing.
  std::optional<VariantValue> Shredded(const Vector& group, size_t row, int depth) {
    if (depth > kMaxDepth) Corrupt(path_, "nested too deeply");
    if (group.type().id() != TypeId::kStruct) Corrupt(path_, "a shredded field is not a group");
    if (group.IsNull(row)) return std::nullopt;
    const Vector& base = group.Base();
    const size_t r = group.RowIndex(row);
    const Vector* value = Child(base, "value");
    const Vector* typed = Child(base, "typed_value");
    const bool has_value = value != nullptr && !value->IsNull(r);
    const bool has_typed = typed != nullptr && !typed->IsNull(r);
    if (!has_typed) {
      if (!has_value) return std::nullopt;
      return DecodeBinary(*value, r, depth);
    }
    VariantValue result = Typed(*typed, r, depth);
    if (!has_value) return result;
    // Both set: only a partially shredded object, whose `value` holds the other fields.
    if (result.kind != Kind::kObject) Corrupt(path_, "both value and typed_value are set for a non-object");
    VariantValue rest = DecodeBinary(*value, r, depth);
    if (rest.kind != Kind::kObject) Corrupt(path_, "a partially shredded object's value is not an object");
    // The value must not hold a shredded field, even one missing from this row.
    for (auto& field : rest.fields) {
      if (typed->type().FieldIndex(field.name, /*case_sensitive=*/true) >= 0) {
        Corrupt(path_, "field \"" + field.name + "\" is shredded but also in the object's value");
      }
      auto at = std::lower_bound(result.fields.begin(), result.fields.end(), field.name,
                                 [](const auto& f, const std::string& key) { return f.name < key; });
      result.fields.insert(at, std::move(field));
    }
    return result;
  }

 private:
  static const Vector* Child(const Vector& base, std::string_view name) {
    int index = base.type().FieldIndex(name, /*case_sensitive=*/true);
    return index < 0 ? nullptr : &base.child(index);
  }

  VariantValue DecodeBinary(const Vector& value, size_t row, int depth) {
    if (value.type().id() != TypeId::kBinary) Corrupt(path_, "a value column is not binary");
    return decoder_.Decode(value.StringAt(row).view(), depth + 1);
  }

  // A non-null typed_value: a primitive of the column's type, an object or an array.
  VariantValue Typed(const Vector& typed, size_t row, int depth) {
    const DataType& type = typed.type();
    VariantValue v;
    switch (type.id()) {
      case TypeId::kStruct: {  // shredded object: one {value, typed_value} group per field
        const Vector& base = typed.Base();
        const size_t r = typed.RowIndex(row);
        v.kind = Kind::kObject;
        for (size_t i = 0; i < type.fields().size(); ++i) {
          std::optional<VariantValue> field = Shredded(base.child(i), r, depth + 1);
          if (field) v.fields.push_back(VariantField{type.fields()[i].name, std::move(*field)});
        }
        std::sort(v.fields.begin(), v.fields.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
        return v;
      }
      case TypeId::kArray: {  // shredded array: elements are {value, typed_value} groups
        const Vector& base = typed.Base();
        const size_t r = typed.RowIndex(row);
        const int32_t begin = base.offsets()[r];
        const int32_t end = base.offsets()[r + 1];
        v.kind = Kind::kArray;
        v.elements.reserve(end - begin);
        for (int32_t i = begin; i < end; ++i) {
          std::optional<VariantValue> element = Shredded(base.child(0), i, depth + 1);
          v.elements.push_back(element ? std::move(*element) : VariantValue{});  // missing: variant null
        }
        return v;
      }
      case TypeId::kBoolean:
        v.kind = Kind::kBoolean;
        v.boolean = typed.ValueAt<uint8_t>(row) != 0;
        return v;
      case TypeId::kByte: v.kind = Kind::kInt8; v.integer = typed.ValueAt<int8_t>(row); return v;
      case TypeId::kShort: v.kind = Kind::kInt16; v.integer = typed.ValueAt<int16_t>(row); return v;
      case TypeId::kInt: v.kind = Kind::kInt32; v.integer = typed.ValueAt<int32_t>(row); return v;
      case TypeId::kLong: v.kind = Kind::kInt64; v.integer = typed.ValueAt<int64_t>(row); return v;
      case TypeId::kFloat: v.kind = Kind::kFloat; v.floating = typed.ValueAt<float>(row); return v;
      case TypeId::kDouble: v.kind = Kind::kDouble; v.floating = typed.ValueAt<double>(row); return v;
      case TypeId::kDecimal:
        v.kind = type.precision() <= 9 ? Kind::kDecimal4 : type.precision() <= 18 ? Kind::kDecimal8 : Kind::kDecimal16;
        v.precision = type.precision();
        v.scale = type.scale();
        v.unscaled = type.physical_type() == PhysicalType::kInt128 ? typed.ValueAt<int128_t>(row)
                                                                    : typed.ValueAt<int64_t>(row);
        return v;
      case TypeId::kDate: v.kind = Kind::kDate; v.integer = typed.ValueAt<int32_t>(row); return v;
      case TypeId::kTimestamp: v.kind = Kind::kTimestamp; v.integer = typed.ValueAt<int64_t>(row); return v;
      case TypeId::kTimestampNtz: v.kind = Kind::kTimestampNtz; v.integer = typed.ValueAt<int64_t>(row); return v;
      case TypeId::kTime: v.kind = Kind::kTime; v.integer = typed.ValueAt<int64_t>(row); return v;
      case TypeId::kString:
      case TypeId::kBinary:
        v.kind = type.id() == TypeId::kString ? Kind::kString : Kind::kBinary;
        v.bytes.assign(typed.StringAt(row).view());
        return v;
      default: Corrupt(path_, "typed_value of unsupported type " + type.ToString());
    }
  }

  Decoder decoder_;
  std::string_view path_;
};

}  // namespace

VariantMetadata::VariantMetadata(std::string_view bytes, std::string_view path) : path_(path) {
  if (bytes.empty()) Corrupt(path, "empty metadata");
  const uint8_t header = static_cast<uint8_t>(bytes[0]);
  if ((header & 0x0f) != 1) Corrupt(path, "unsupported metadata version " + std::to_string(header & 0x0f));
  const int offset_size = (header >> 6) + 1;
  if (bytes.size() < 1 + uint64_t{2} * offset_size) Corrupt(path, "metadata is truncated");
  const uint64_t count = LoadLE(bytes.data() + 1, offset_size);
  const uint64_t strings_at = 1 + (count + 2) * offset_size;
  if (bytes.size() < strings_at) Corrupt(path, "metadata is truncated");
  names_.reserve(count);
  uint64_t start = LoadLE(bytes.data() + 1 + offset_size, offset_size);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t stop = LoadLE(bytes.data() + 1 + (i + 2) * offset_size, offset_size);
    if (stop < start || stop > bytes.size() - strings_at) Corrupt(path, "a metadata string lies outside the metadata");
    names_.push_back(bytes.substr(strings_at + start, stop - start));
    start = stop;
  }
}

std::string_view VariantMetadata::name(uint64_t id) const {
  if (id >= names_.size()) Corrupt(path_, "field id " + std::to_string(id) + " is not in the metadata");
  return names_[id];
}

VariantValue DecodeVariant(const VariantMetadata& metadata, std::string_view value, std::string_view path) {
  return Decoder(metadata, path).Decode(value, 0);
}

std::optional<VariantValue> ReadVariant(const Vector& column, size_t row, std::string_view path) {
  if (column.type().id() != TypeId::kStruct) Corrupt(path, "a VARIANT column is not a group");
  if (column.IsNull(row)) return std::nullopt;
  const Vector& base = column.Base();
  const size_t r = column.RowIndex(row);
  int index = column.type().FieldIndex("metadata", /*case_sensitive=*/true);
  if (index < 0 || base.child(index).type().id() != TypeId::kBinary || base.child(index).IsNull(r)) {
    Corrupt(path, "a VARIANT value has no binary metadata");
  }
  // Short strings live inside the StringView itself: keep it for the names to point into.
  const StringView metadata_bytes = base.child(index).StringAt(r);
  VariantMetadata metadata(metadata_bytes.view(), path);
  std::optional<VariantValue> value = Reconstructor(metadata, path).Shredded(column, row, 0);
  return value ? std::move(*value) : VariantValue{};  // missing at the top level: variant null
}

}  // namespace tarn::parquet
