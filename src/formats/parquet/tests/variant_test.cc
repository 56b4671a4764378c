#include "formats/parquet/variant.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "common/error.h"

namespace tarn::parquet {
namespace {

using Kind = VariantValue::Kind;

// --- Builders of Variant bytes (VariantEncoding.md) -------------------------

std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

std::string LE(uint64_t value, int width) {
  std::string s;
  for (int i = 0; i < width; ++i) s.push_back(static_cast<char>(value >> (8 * i)));
  return s;
}

// Metadata v1 with 1-byte offsets.
std::string Metadata(const std::vector<std::string>& names) {
  std::string s = Bytes({0x01, static_cast<int>(names.size())});
  std::string strings;
  s += LE(0, 1);
  for (const std::string& name : names) {
    strings += name;
    s += LE(strings.size(), 1);
  }
  return s + strings;
}

std::string Primitive(int type_id, const std::string& body = "") { return std::string(1, char(type_id << 2)) + body; }
std::string ShortString(const std::string& s) { return std::string(1, char((s.size() << 2) | 1)) + s; }

// Object with 1-byte field ids and offsets, values in field order.
std::string Object(const std::vector<std::pair<int, std::string>>& fields) {
  std::string s = Bytes({0x02, static_cast<int>(fields.size())});
  std::string values;
  std::string offsets;
  for (const auto& [id, value] : fields) {
    s += LE(id, 1);
    offsets += LE(values.size(), 1);
    values += value;
  }
  offsets += LE(values.size(), 1);
  return s + offsets + values;
}

std::string Array(const std::vector<std::string>& elements) {
  std::string s = Bytes({0x03, static_cast<int>(elements.size())});
  std::string values;
  for (const std::string& e : elements) {
    s += LE(values.size(), 1);
    values += e;
  }
  return s + LE(values.size(), 1) + values;
}

VariantValue Decode(const std::string& metadata, const std::string& value) {
  VariantMetadata m(metadata, "test.parquet");
  return DecodeVariant(m, value, "test.parquet");
}

ErrorClass ErrorOf(const std::string& metadata, const std::string& value) {
  try {
    Decode(metadata, value);
  } catch (const Error& e) {
    return e.info().error_class;
  }
  return ErrorClass::kInternalError;  // stands for "no error"
}

const std::string kEmpty = Metadata({});

TEST(VariantDecode, Primitives) {
  EXPECT_EQ(Decode(kEmpty, Primitive(0)).kind, Kind::kNull);
  VariantValue t = Decode(kEmpty, Primitive(1));
  EXPECT_EQ(t.kind, Kind::kBoolean);
  EXPECT_TRUE(t.boolean);
  EXPECT_FALSE(Decode(kEmpty, Primitive(2)).boolean);
  EXPECT_EQ(Decode(kEmpty, Primitive(3, LE(0xde, 1))).integer, -34);
  EXPECT_EQ(Decode(kEmpty, Primitive(4, LE(0xfb2e, 2))).integer, -1234);
  VariantValue i64 = Decode(kEmpty, Primitive(6, LE(9876543210, 8)));
  EXPECT_EQ(i64.kind, Kind::kInt64);
  EXPECT_EQ(i64.integer, 9876543210);
  double d = -14.3;
  uint64_t bits;
  std::memcpy(&bits, &d, 8);
  EXPECT_EQ(Decode(kEmpty, Primitive(7, LE(bits, 8))).floating, -14.3);
  float f = 10.11f;
  uint32_t fbits;
  std::memcpy(&fbits, &f, 4);
  VariantValue fv = Decode(kEmpty, Primitive(14, LE(fbits, 4)));
  EXPECT_EQ(fv.kind, Kind::kFloat);
  EXPECT_EQ(static_cast<float>(fv.floating), 10.11f);
  VariantValue dec = Decode(kEmpty, Primitive(8, LE(3, 1) + LE(static_cast<uint32_t>(-123456789), 4)));
  EXPECT_EQ(dec.kind, Kind::kDecimal4);
  EXPECT_EQ(dec.scale, 3);
  EXPECT_EQ(dec.precision, 0);
  EXPECT_EQ(static_cast<int64_t>(dec.unscaled), -123456789);
  VariantValue dec16 = Decode(kEmpty, Primitive(10, LE(9, 1) + LE(static_cast<uint64_t>(-5), 8) + LE(~0ull, 8)));
  EXPECT_EQ(dec16.kind, Kind::kDecimal16);
  EXPECT_EQ(static_cast<int64_t>(dec16.unscaled), -5);
  EXPECT_EQ(Decode(kEmpty, Primitive(11, LE(20034, 4))).kind, Kind::kDate);
  EXPECT_EQ(Decode(kEmpty, Primitive(12, LE(1, 8))).kind, Kind::kTimestamp);
  EXPECT_EQ(Decode(kEmpty, Primitive(13, LE(1, 8))).kind, Kind::kTimestampNtz);
  EXPECT_EQ(Decode(kEmpty, Primitive(17, LE(45234123456, 8))).integer, 45234123456);
  EXPECT_EQ(Decode(kEmpty, Primitive(18, LE(1, 8))).kind, Kind::kTimestampNanos);
  EXPECT_EQ(Decode(kEmpty, Primitive(19, LE(1, 8))).kind, Kind::kTimestampNtzNanos);
  VariantValue bin = Decode(kEmpty, Primitive(15, LE(2, 4) + Bytes({0x0a, 0x0b})));
  EXPECT_EQ(bin.kind, Kind::kBinary);
  EXPECT_EQ(bin.bytes, Bytes({0x0a, 0x0b}));
  EXPECT_EQ(Decode(kEmpty, Primitive(16, LE(7, 4) + "iceberg")).bytes, "iceberg");
  VariantValue s = Decode(kEmpty, ShortString("drama"));
  EXPECT_EQ(s.kind, Kind::kString);
  EXPECT_EQ(s.bytes, "drama");
  VariantValue uuid = Decode(kEmpty, Primitive(20, std::string(16, '\x7f')));
  EXPECT_EQ(uuid.kind, Kind::kUuid);
  EXPECT_EQ(uuid.bytes.size(), 16u);
}

TEST(VariantDecode, ObjectsAndArrays) {
  const std::string metadata = Metadata({"b", "a"});
  // Field ids in name order (a = 1, b = 0), values stored in reverse.
  std::string value = Bytes({0x02, 2, 1, 0, 2, 0, 4}) + ShortString("x") + Primitive(3, LE(7, 1));
  VariantValue object = Decode(metadata, value);
  ASSERT_EQ(object.kind, Kind::kObject);
  ASSERT_EQ(object.fields.size(), 2u);
  EXPECT_EQ(object.fields[0].name, "a");
  EXPECT_EQ(object.fields[0].value.integer, 7);
  EXPECT_EQ(object.fields[1].name, "b");
  EXPECT_EQ(object.fields[1].value.bytes, "x");

  VariantValue array = Decode(metadata, Array({ShortString("comedy"), Primitive(0), Object({{1, Primitive(1)}})}));
  ASSERT_EQ(array.kind, Kind::kArray);
  ASSERT_EQ(array.elements.size(), 3u);
  EXPECT_EQ(array.elements[0].bytes, "comedy");
  EXPECT_EQ(array.elements[1].kind, Kind::kNull);
  EXPECT_EQ(array.elements[2].fields[0].name, "a");
  EXPECT_EQ(Decode(metadata, Array({})).elements.size(), 0u);
}

TEST(VariantDecode, CorruptInputFailsCleanly) {
  const std::string metadata = Metadata({"a", "b"});
  const std::string valid =
      Object({{0, Array({ShortString("x"), Primitive(5, LE(34, 4))})}, {1, Primitive(16, LE(3, 4) + "abc")}});
  ASSERT_EQ(Decode(metadata, valid).fields.size(), 2u);
  for (size_t n = 0; n < valid.size(); ++n) {
    EXPECT_EQ(ErrorOf(metadata, valid.substr(0, n)), ErrorClass::kCorruptFile) << "prefix " << n;
  }
  for (size_t n = 0; n < metadata.size(); ++n) {
    EXPECT_EQ(ErrorOf(metadata.substr(0, n), Primitive(0)), ErrorClass::kCorruptFile) << "metadata prefix " << n;
  }
  EXPECT_EQ(ErrorOf(Bytes({0x02, 0, 0}), Primitive(0)), ErrorClass::kCorruptFile);  // version 2
  EXPECT_EQ(ErrorOf(metadata, Object({{5, Primitive(0)}})), ErrorClass::kCorruptFile);  // unknown field id
  EXPECT_EQ(ErrorOf(metadata, Primitive(21)), ErrorClass::kCorruptFile);  // unknown primitive
  EXPECT_EQ(ErrorOf(metadata, Primitive(17, LE(~0ull, 8))), ErrorClass::kCorruptFile);  // time out of range
  EXPECT_EQ(ErrorOf(metadata, Primitive(8, LE(40, 1) + LE(1, 4))), ErrorClass::kCorruptFile);  // scale 40
  // Two fields sharing one value, two elements sharing one value, a repeated key.
  EXPECT_EQ(ErrorOf(metadata, Bytes({0x02, 2, 0, 1, 0, 0, 1}) + Primitive(0)), ErrorClass::kCorruptFile);
  EXPECT_EQ(ErrorOf(metadata, Bytes({0x03, 2, 0, 0, 1}) + Primitive(0)), ErrorClass::kCorruptFile);
  EXPECT_EQ(ErrorOf(metadata, Object({{0, Primitive(0)}, {0, Primitive(0)}})), ErrorClass::kCorruptFile);
  // A large array claiming 2^32-1 elements in a few bytes.
  EXPECT_EQ(ErrorOf(metadata, Bytes({0x13, 0xff, 0xff, 0xff, 0xff, 0})), ErrorClass::kCorruptFile);
  // Nesting deeper than any document: fails instead of exhausting the stack.
  std::string deep = Primitive(0);
  for (int i = 0; i < 1000; ++i) deep = Bytes({0x0f, 1}) + LE(0, 4) + LE(deep.size(), 4) + deep;
  EXPECT_EQ(ErrorOf(metadata, deep), ErrorClass::kCorruptFile);
}

TEST(VariantDecode, GarbageNeverCrashes) {
  std::mt19937 random(42);
  const std::string metadata = Metadata({"a", "b", "c"});
  int decoded = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string value(1 + random() % 24, '\0');
    for (char& c : value) c = static_cast<char>(random());
    ErrorClass result = ErrorOf(metadata, value);
    if (result == ErrorClass::kInternalError) {
      ++decoded;
    } else {
      EXPECT_EQ(result, ErrorClass::kCorruptFile);
    }
  }
  EXPECT_GT(decoded, 0);
}

// --- Shredded reconstruction ------------------------------------------------

Field NamedField(std::string name, DataType type) {
  Field field;
  field.name = std::move(name);
  field.type = std::move(type);
  return field;
}

// A shredded {value, typed_value} group.
DataType Group(DataType typed_value) {
  return DataType::Struct({NamedField("value", DataType::Binary()), NamedField("typed_value", std::move(typed_value))});
}

// A VARIANT column as tarn reads it.
DataType VariantStruct(DataType typed_value) {
  return DataType::Struct({NamedField("metadata", DataType::Binary()), NamedField("value", DataType::Binary()),
                           NamedField("typed_value", std::move(typed_value))});
}

TEST(VariantShredding, PrimitiveTypedValue) {
  VectorPtr column = Vector::Make(VariantStruct(DataType::Long()), 4);
  for (size_t r = 0; r < 4; ++r) column->child(0).SetString(r, kEmpty);
  column->child(1).SetNull(0);
  column->child(2).values<int64_t>()[0] = 34;            // row 0: shredded
  column->child(1).SetString(1, ShortString("n/a"));     // row 1: not an int64
  column->child(2).SetNull(1);
  column->child(1).SetNull(2);                            // row 2: both missing → variant null
  column->child(2).SetNull(2);
  column->SetNull(3);                                     // row 3: SQL NULL
  VariantValue row0 = *ReadVariant(*column, 0, "t");
  EXPECT_EQ(row0.kind, Kind::kInt64);
  EXPECT_EQ(row0.integer, 34);
  EXPECT_EQ(ReadVariant(*column, 1, "t")->bytes, "n/a");
  EXPECT_EQ(ReadVariant(*column, 2, "t")->kind, Kind::kNull);
  EXPECT_FALSE(ReadVariant(*column, 3, "t").has_value());

  // value and typed_value both set for a non-object.
  column->child(1).SetNull(0, false);
  column->child(1).SetString(0, Primitive(0));
  EXPECT_THROW(ReadVariant(*column, 0, "t"), Error);
}

TEST(VariantShredding, PartiallyShreddedObject) {
  const std::string metadata = Metadata({"a", "b", "c"});
  DataType typed =
      DataType::Struct({NamedField("a", Group(DataType::Int())), NamedField("c", Group(DataType::String()))});
  VectorPtr column = Vector::Make(VariantStruct(typed), 2);
  Vector& fields = column->child(2);
  for (size_t r = 0; r < 2; ++r) {
    column->child(0).SetString(r, metadata);
    column->child(1).SetString(r, Object({{1, ShortString("rest")}}));  // b is not shredded
    fields.child(0).child(0).SetNull(r);
    fields.child(0).child(1).values<int32_t>()[r] = 34;
    fields.child(1).child(0).SetNull(r);  // c is missing
    fields.child(1).child(1).SetNull(r);
  }
  VariantValue row = *ReadVariant(*column, 0, "t");
  ASSERT_EQ(row.kind, Kind::kObject);
  ASSERT_EQ(row.fields.size(), 2u);
  EXPECT_EQ(row.fields[0].name, "a");
  EXPECT_EQ(row.fields[0].value.kind, Kind::kInt32);
  EXPECT_EQ(row.fields[1].name, "b");
  EXPECT_EQ(row.fields[1].value.bytes, "rest");

  // The unshredded value holds a shredded field, present ("a") or missing ("c"): invalid.
  column->child(1).SetString(1, Object({{0, Primitive(0)}}));
  EXPECT_THROW(ReadVariant(*column, 1, "t"), Error);
  column->child(1).SetString(1, Object({{2, Primitive(0)}}));
  EXPECT_THROW(ReadVariant(*column, 1, "t"), Error);
}

TEST(VariantShredding, ShreddedArray) {
  VectorPtr column = Vector::Make(VariantStruct(DataType::Array(Group(DataType::String()))), 1);
  column->child(0).SetString(0, kEmpty);
  column->child(1).SetNull(0);
  Vector& list = column->child(2);
  Vector& elements = list.child(0);
  elements.Resize(3);
  list.offsets()[0] = 0;
  list.offsets()[1] = 3;
  elements.child(0).SetNull(0);
  elements.child(1).SetString(0, "comedy");
  elements.child(0).SetString(1, Primitive(5, LE(34, 4)));  // not a string: stored in value
  elements.child(1).SetNull(1);
  elements.child(0).SetString(2, Primitive(0));  // a null element
  elements.child(1).SetNull(2);
  VariantValue row = *ReadVariant(*column, 0, "t");
  ASSERT_EQ(row.kind, Kind::kArray);
  ASSERT_EQ(row.elements.size(), 3u);
  EXPECT_EQ(row.elements[0].bytes, "comedy");
  EXPECT_EQ(row.elements[1].integer, 34);
  EXPECT_EQ(row.elements[2].kind, Kind::kNull);
}

TEST(VariantShredding, DecimalTypedValueKeepsItsPrecision) {
  VectorPtr column = Vector::Make(VariantStruct(DataType::Decimal(2, 0)), 1);
  column->child(0).SetString(0, kEmpty);
  column->child(1).SetNull(0);
  column->child(2).values<int64_t>()[0] = 42;
  VariantValue row = *ReadVariant(*column, 0, "t");
  EXPECT_EQ(row.kind, Kind::kDecimal4);
  EXPECT_EQ(row.precision, 2);
  EXPECT_EQ(static_cast<int64_t>(row.unscaled), 42);
}

}  // namespace
}  // namespace tarn::parquet
