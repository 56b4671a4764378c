#include "formats/parquet/thrift_compact.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "common/error.h"

namespace tarn::parquet {
namespace {

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// Expects `body` to throw FAILED_READ_FILE.FILE_CORRUPTED.
template <typename F>
void ExpectCorrupt(F&& body) {
  try {
    body();
    ADD_FAILURE() << "expected a corruption error";
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kCorruptFile) << e.what();
  }
}

TEST(ThriftCompactTest, RoundTripsEveryWireType) {
  std::string buffer;
  ThriftWriter w(&buffer);
  w.StructBegin();
  w.FieldBool(1, true);
  w.FieldBool(2, false);
  w.FieldByte(3, -7);
  w.FieldI16(4, std::numeric_limits<int16_t>::min());
  w.FieldI32(5, std::numeric_limits<int32_t>::max());
  w.FieldI64(6, std::numeric_limits<int64_t>::min());
  w.FieldDouble(7, -2.5);
  w.FieldBinary(40, std::string("a\0b", 3));  // delta > 15: long-form field header
  w.FieldBegin(41, ThriftType::kList);
  w.ListBegin(ThriftType::kI64, 20);  // >= 15 elements: long-form list header
  for (int i = 0; i < 20; ++i) w.WriteI64(i * 1000003LL - 5);
  w.FieldBegin(42, ThriftType::kMap);
  w.MapBegin(ThriftType::kBinary, ThriftType::kI32, 2);
  w.WriteBinary("k1"), w.WriteI32(-1);
  w.WriteBinary("k2"), w.WriteI32(2);
  w.FieldBegin(3, ThriftType::kStruct);  // ids may go down
  w.StructBegin();
  w.FieldBegin(1, ThriftType::kList);
  w.ListBegin(ThriftType::kBoolTrue, 3);
  w.WriteBool(true), w.WriteBool(false), w.WriteBool(true);
  w.StructEnd();
  w.StructEnd();

  ThriftReader r(Bytes(buffer), buffer.size());
  int16_t id;
  ThriftType type;
  r.StructBegin();
  ASSERT_TRUE(r.ReadField(&id, &type));
  EXPECT_EQ(id, 1);
  EXPECT_EQ(type, ThriftType::kBoolTrue);
  ASSERT_TRUE(r.ReadField(&id, &type));
  EXPECT_EQ(id, 2);
  EXPECT_EQ(type, ThriftType::kBoolFalse);
  ASSERT_TRUE(r.ReadField(&id, &type));
  EXPECT_EQ(r.ReadByte(), -7);
  ASSERT_TRUE(r.ReadField(&id, &type));
  EXPECT_EQ(r.ReadI16(), std::numeric_limits<int16_t>::min());
  ASSERT_TRUE(r.ReadField(&id, &type));
  EXPECT_EQ(r.ReadI32(), std::numeric_limits<int32_t>::max());
  ASSERT_TRUE(r.ReadField(&id, &type));
  EXPECT_EQ(r.ReadI64(), std::numeric_limits<int64_t>::min());
  ASSERT_TRUE(r.ReadField(&id, &type));
  EXPECT_EQ(r.ReadDouble(), -2.5);
  ASSERT_TRUE(r.ReadField(&id, &type));
  EXPECT_EQ(id, 40);
  EXPECT_EQ(type, ThriftType::kBinary);
  EXPECT_EQ(r.ReadBinary(), std::string_view("a\0b", 3));
  ASSERT_TRUE(r.ReadField(&id, &type));
  ThriftType element;
  ASSERT_EQ(r.ReadListBegin(&element), 20u);
  EXPECT_EQ(element, ThriftType::kI64);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(r.ReadI64(), i * 1000003LL - 5);
  ASSERT_TRUE(r.ReadField(&id, &type));
  ThriftType key, value;
  ASSERT_EQ(r.ReadMapBegin(&key, &value), 2u);
  EXPECT_EQ(key, ThriftType::kBinary);
  EXPECT_EQ(value, ThriftType::kI32);
  EXPECT_EQ(r.ReadBinary(), "k1");
  EXPECT_EQ(r.ReadI32(), -1);
  EXPECT_EQ(r.ReadBinary(), "k2");
  EXPECT_EQ(r.ReadI32(), 2);
  ASSERT_TRUE(r.ReadField(&id, &type));
  EXPECT_EQ(id, 3);
  EXPECT_EQ(type, ThriftType::kStruct);
  r.StructBegin();
  ASSERT_TRUE(r.ReadField(&id, &type));
  ASSERT_EQ(r.ReadListBegin(&element), 3u);
  EXPECT_TRUE(r.ReadBoolElement());
  EXPECT_FALSE(r.ReadBoolElement());
  EXPECT_TRUE(r.ReadBoolElement());
  EXPECT_FALSE(r.ReadField(&id, &type));
  EXPECT_FALSE(r.ReadField(&id, &type));
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(ThriftCompactTest, SkipsEveryWireType) {
  std::string buffer;
  ThriftWriter w(&buffer);
  w.StructBegin();
  w.FieldBool(1, true);
  w.FieldDouble(2, 1.0);
  w.FieldBegin(3, ThriftType::kMap);
  w.MapBegin(ThriftType::kI32, ThriftType::kList, 1);
  w.WriteI32(5);
  w.ListBegin(ThriftType::kStruct, 1);
  w.StructBegin();
  w.FieldBinary(1, "deep");
  w.FieldBegin(2, ThriftType::kSet);
  w.ListBegin(ThriftType::kBoolTrue, 2);
  w.WriteBool(false), w.WriteBool(true);
  w.StructEnd();
  w.FieldBegin(4, ThriftType::kList);
  w.ListBegin(ThriftType::kDouble, 2);
  w.WriteDouble(1), w.WriteDouble(2);
  w.FieldBegin(5, ThriftType::kMap);
  w.MapBegin(ThriftType::kI32, ThriftType::kI32, 0);
  w.FieldI16(6, 300);
  w.FieldByte(7, 1);
  w.StructEnd();
  buffer += "tail";

  ThriftReader r(Bytes(buffer), buffer.size());
  r.Skip(ThriftType::kStruct);
  EXPECT_EQ(r.remaining(), 4u);
}

TEST(ThriftCompactTest, VarintLimits) {
  // Ten bytes is the most a 64-bit varint takes.
  std::string max_u64 = std::string(9, '\xff') + '\x01';
  ThriftReader ok(Bytes(max_u64), max_u64.size());
  EXPECT_EQ(ok.ReadI64(), std::numeric_limits<int64_t>::min());

  std::string eleven = std::string(10, '\x80') + '\x00';
  ExpectCorrupt([&] { ThriftReader(Bytes(eleven), eleven.size()).ReadI64(); });
  std::string overflow = std::string(9, '\xff') + '\x02';
  ExpectCorrupt([&] { ThriftReader(Bytes(overflow), overflow.size()).ReadI64(); });
  std::string big = "\xff\xff\xff\xff\x1f";  // 2^36-1: not an i32
  ExpectCorrupt([&] { ThriftReader(Bytes(big), big.size()).ReadI32(); });
  std::string truncated = "\xff\xff";
  ExpectCorrupt([&] { ThriftReader(Bytes(truncated), truncated.size()).ReadI64(); });
}

TEST(ThriftCompactTest, RejectsContainerSizesBeyondTheInput) {
  // A list header claiming 2^31 i32 elements followed by three bytes.
  std::string list = "\xf5\x80\x80\x80\x80\x08" "abc";
  ExpectCorrupt([&] {
    ThriftReader r(Bytes(list), list.size());
    ThriftType element;
    r.ReadListBegin(&element);
  });
  // Eight bytes cannot hold two doubles.
  std::string doubles = std::string("\x27") + std::string(8, '\0');
  ExpectCorrupt([&] {
    ThriftReader r(Bytes(doubles), doubles.size());
    ThriftType element;
    r.ReadListBegin(&element);
  });
  std::string map = "\xff\xff\xff\xff\x07\x55" "ab";
  ExpectCorrupt([&] {
    ThriftReader r(Bytes(map), map.size());
    ThriftType key, value;
    r.ReadMapBegin(&key, &value);
  });
  std::string binary = "\xff\xff\xff\xff\x0f" "abc";  // 4 GiB string
  ExpectCorrupt([&] { ThriftReader(Bytes(binary), binary.size()).ReadBinary(); });
}

TEST(ThriftCompactTest, RejectsInvalidWireTypesAndDeepNesting) {
  std::string bad_type = "\x1d";  // field 1 of wire type 13
  ExpectCorrupt([&] { ThriftReader(Bytes(bad_type), bad_type.size()).Skip(ThriftType::kStruct); });
  std::string bad_element = "\x1e";  // list of one element of type 14
  ExpectCorrupt([&] { ThriftReader(Bytes(bad_element), bad_element.size()).Skip(ThriftType::kList); });

  // 200 structs, each the first field of the one before.
  std::string deep(200, '\x1c');
  deep += std::string(200, '\0');
  ExpectCorrupt([&] { ThriftReader(Bytes(deep), deep.size()).Skip(ThriftType::kStruct); });
  // Lists of lists nest too.
  std::string deep_lists(200, '\x19');
  ExpectCorrupt([&] { ThriftReader(Bytes(deep_lists), deep_lists.size()).Skip(ThriftType::kList); });

  // Within the limit is fine.
  std::string shallow(30, '\x1c');
  shallow += std::string(31, '\0');
  ThriftReader r(Bytes(shallow), shallow.size());
  r.Skip(ThriftType::kStruct);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(ThriftCompactTest, TruncatedInputAlwaysFailsCleanly) {
  std::string buffer;
  ThriftWriter w(&buffer);
  w.StructBegin();
  w.FieldI64(1, 1LL << 40);
  w.FieldBinary(2, "hello world");
  w.FieldBegin(3, ThriftType::kList);
  w.ListBegin(ThriftType::kStruct, 2);
  for (int i = 0; i < 2; ++i) {
    w.StructBegin();
    w.FieldDouble(1, i);
    w.FieldBool(2, i == 0);
    w.StructEnd();
  }
  w.StructEnd();
  for (size_t n = 0; n < buffer.size(); ++n) {
    ExpectCorrupt([&] { ThriftReader(Bytes(buffer), n).Skip(ThriftType::kStruct); });
  }
  ThriftReader whole(Bytes(buffer), buffer.size());
  whole.Skip(ThriftType::kStruct);
  EXPECT_EQ(whole.remaining(), 0u);
}

TEST(ThriftCompactTest, ErrorsNameTheFileAndPosition) {
  std::string truncated = "\x15";
  try {
    ThriftReader r(Bytes(truncated), truncated.size(), "/data/x.parquet");
    r.Skip(ThriftType::kStruct);
    FAIL();
  } catch (const Error& e) {
    std::string text = e.what();
    EXPECT_NE(text.find("/data/x.parquet"), std::string::npos) << text;
    EXPECT_NE(text.find("at byte 1"), std::string::npos) << text;
    EXPECT_NE(text.find("FAILED_READ_FILE.FILE_CORRUPTED"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace tarn::parquet
