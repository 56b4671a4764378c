#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "columnar/vector.h"
#include "common/hash.h"
#include "formats/json/row_json.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace tarn {
namespace {

std::string Json(const Vector& v, size_t row, JsonRowOptions options = {}) {
  std::string out;
  AppendValueJson(v, row, &out, options);
  return out;
}

template <typename T>
VectorPtr Flat(const DataType& type, const std::vector<T>& values) {
  VectorPtr v = Vector::Make(type, values.size());
  for (size_t i = 0; i < values.size(); ++i) v->values<T>()[i] = values[i];
  return v;
}

VectorPtr Strings(const DataType& type, const std::vector<std::string>& values) {
  VectorPtr v = Vector::Make(type, values.size());
  for (size_t i = 0; i < values.size(); ++i) v->SetString(i, values[i]);
  return v;
}

TEST(RowJson, NullsOfEveryType) {
  for (const DataType& type :
       {DataType::Boolean(), DataType::Int(), DataType::Double(), DataType::Decimal(38, 2), DataType::String(),
        DataType::Binary(), DataType::Date(), DataType::Timestamp(), DataType::CalendarInterval(),
        DataType::Array(DataType::Int()), DataType::Struct({{"a", DataType::Int()}}),
        DataType::Map(DataType::String(), DataType::Int())}) {
    VectorPtr v = Vector::MakeNull(type, 2);
    EXPECT_EQ(Json(*v, 1), "null") << type.ToString();
  }
  VectorPtr void_vector = Vector::Make(DataType::Null(), 1);
  EXPECT_EQ(Json(*void_vector, 0), "null");
}

TEST(RowJson, BooleansAndIntegers) {
  EXPECT_EQ(Json(*Flat<uint8_t>(DataType::Boolean(), {1, 0}), 0), "true");
  EXPECT_EQ(Json(*Flat<uint8_t>(DataType::Boolean(), {1, 0}), 1), "false");
  EXPECT_EQ(Json(*Flat<int8_t>(DataType::Byte(), {-128}), 0), "-128");
  EXPECT_EQ(Json(*Flat<int16_t>(DataType::Short(), {32767}), 0), "32767");
  EXPECT_EQ(Json(*Flat<int32_t>(DataType::Int(), {-2147483647 - 1}), 0), "-2147483648");
  EXPECT_EQ(Json(*Flat<int64_t>(DataType::Long(), {std::numeric_limits<int64_t>::max()}), 0),
            "9223372036854775807");  // exact beyond 2^53
}

TEST(RowJson, DoublesInEcmaScriptLayout) {
  VectorPtr v = Flat<double>(DataType::Double(), {100, 123.45, 0.000123, 1.5e-7, 1e21, -0.0, 1.7976931348623157e308,
                                                  std::nan(""), INFINITY, -INFINITY, 1e20});
  std::vector<std::string> expected = {"100",     "123.45", "0.000123",   "1.5e-7",      "1e+21",
                                       "-0",      "1.7976931348623157e+308", "\"NaN\"", "\"Infinity\"",
                                       "\"-Infinity\"", "100000000000000000000"};
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(Json(*v, i), expected[i]) << i;
}

TEST(RowJson, FloatsUseBinary32ShortestDigits) {
  VectorPtr v = Flat<float>(DataType::Float(), {0.1f, 3.4028235e38f, 123456789.0f, -0.0f, std::nanf("")});
  EXPECT_EQ(Json(*v, 0), "0.1");
  EXPECT_EQ(Json(*v, 1), "3.4028235e+38");
  EXPECT_EQ(Json(*v, 2), "123456790");
  EXPECT_EQ(Json(*v, 3), "-0");
  EXPECT_EQ(Json(*v, 4), "\"NaN\"");
}

TEST(RowJson, DecimalsAsExactStrings) {
  EXPECT_EQ(Json(*Flat<int64_t>(DataType::Decimal(4, 2), {-5}), 0), "\"-0.05\"");
  EXPECT_EQ(Json(*Flat<int64_t>(DataType::Decimal(5, 2), {100}), 0), "\"1.00\"");
  EXPECT_EQ(Json(*Flat<int64_t>(DataType::Decimal(10, 0), {12345}), 0), "\"12345\"");
  int128_t big = PowerOfTen128(37) * 9 + 1;  // 38 digits
  EXPECT_EQ(Json(*Flat<int128_t>(DataType::Decimal(38, 10), {-big}), 0),
            "\"-9000000000000000000000000000.0000000001\"");
}

TEST(RowJson, StringEscapesLikeJsonStringify) {
  VectorPtr v = Strings(DataType::String(), {std::string("q\"b\\s/\b\f\n\r\t\x01\x1f\x7f", 14), "héllo ✓ 𝄞",
                                             std::string("nul\0x", 5), ""});
  EXPECT_EQ(Json(*v, 0), "\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\"");
  EXPECT_EQ(Json(*v, 1), "\"héllo ✓ 𝄞\"");  // non-ASCII literal
  EXPECT_EQ(Json(*v, 2), "\"nul\\u0000x\"");
  EXPECT_EQ(Json(*v, 3), "\"\"");
}

TEST(RowJson, InvalidUtf8BecomesReplacementCharacters) {
  const std::string fffd = "\xEF\xBF\xBD";
  VectorPtr v = Strings(DataType::String(),
                        {"a\xFF" "b", "\xE2\x82", "\xF0\x90\x80" "a", "\xC0\xAF", "\xED\xA0\x80", "ok\xEF\xBF\xBD"});
  EXPECT_EQ(Json(*v, 0), "\"a" + fffd + "b\"");
  EXPECT_EQ(Json(*v, 1), "\"" + fffd + "\"");         // truncated sequence: one replacement
  EXPECT_EQ(Json(*v, 2), "\"" + fffd + "a\"");        // maximal subpart of a 4-byte sequence
  EXPECT_EQ(Json(*v, 3), "\"" + fffd + fffd + "\"");  // overlong: each byte
  EXPECT_EQ(Json(*v, 4), "\"" + fffd + fffd + fffd + "\"");  // surrogate
  EXPECT_EQ(Json(*v, 5), "\"ok" + fffd + "\"");       // a real U+FFFD stays
}

TEST(RowJson, BinaryAsLowerCaseHex) {
  VectorPtr v = Strings(DataType::Binary(), {std::string("\x00\xAB\x10\xff", 4), ""});
  EXPECT_EQ(Json(*v, 0), "\"00ab10ff\"");
  EXPECT_EQ(Json(*v, 1), "\"\"");
}

TEST(RowJson, DatesAndTimes) {
  VectorPtr dates = Flat<int32_t>(DataType::Date(), {0, static_cast<int32_t>(DaysFromCivil(290000, 12, 30)),
                                                     static_cast<int32_t>(DaysFromCivil(-1, 12, 31)),
                                                     static_cast<int32_t>(DaysFromCivil(2024, 2, 29))});
  EXPECT_EQ(Json(*dates, 0), "\"1970-01-01\"");
  EXPECT_EQ(Json(*dates, 1), "\"+290000-12-30\"");
  EXPECT_EQ(Json(*dates, 2), "\"-0001-12-31\"");
  EXPECT_EQ(Json(*dates, 3), "\"2024-02-29\"");

  VectorPtr times = Flat<int64_t>(DataType::Time(), {(7 * 3600 + 20 * 60) * kMicrosPerSecond,
                                                     (3600 + 22 * 60) * kMicrosPerSecond + 500000, 1});
  EXPECT_EQ(Json(*times, 0), "\"07:20:00\"");
  EXPECT_EQ(Json(*times, 1), "\"01:22:00.5\"");
  EXPECT_EQ(Json(*times, 2), "\"00:00:00.000001\"");

  int64_t micros = (DaysFromCivil(2011, 10, 6) * 86400 + 22 * 3600 + 21 * 60 + 49) * kMicrosPerSecond + 580000;
  VectorPtr ntz = Flat<int64_t>(DataType::TimestampNtz(), {micros, 9089380393200000000LL, -1});
  EXPECT_EQ(Json(*ntz, 0), "\"2011-10-06T22:21:49.58\"");
  EXPECT_EQ(Json(*ntz, 1), "\"+290000-12-30T23:00:00\"");
  EXPECT_EQ(Json(*ntz, 2), "\"1969-12-31T23:59:59.999999\"");

  VectorPtr ts = Flat<int64_t>(DataType::Timestamp(), {micros, (DaysFromCivil(2009, 3, 1) * 86400 + 60) * kMicrosPerSecond});
  EXPECT_EQ(Json(*ts, 0), "\"2011-10-06T22:21:49.58Z\"");
  EXPECT_EQ(Json(*ts, 1), "\"2009-03-01T00:01:00Z\"");
  EXPECT_EQ(Json(*ts, 1, {.timestamp_utc_suffix = false}), "\"2009-03-01T00:01:00\"");
}

TEST(RowJson, Intervals) {
  VectorPtr cal = Flat<IntervalValue>(DataType::CalendarInterval(), {{1, -2, 3000000}});
  EXPECT_EQ(Json(*cal, 0), "{\"months\":1,\"days\":-2,\"micros\":3000000}");
  EXPECT_EQ(Json(*Flat<int32_t>(DataType::YearMonthInterval(), {-14}), 0), "-14");
  EXPECT_EQ(Json(*Flat<int64_t>(DataType::DayTimeInterval(), {90061000001LL}), 0), "90061000001");
}

// [1, null, 3], null, [], [4]
VectorPtr IntLists() {
  VectorPtr list = Vector::Make(DataType::Array(DataType::Int()), 0);
  Vector& elements = list->child(0);
  elements.Resize(4);
  int32_t values[] = {1, 0, 3, 4};
  for (int i = 0; i < 4; ++i) elements.values<int32_t>()[i] = values[i];
  elements.SetNull(1);
  list->Resize(4);
  int32_t offsets[] = {0, 3, 3, 3, 4};
  for (int i = 0; i < 5; ++i) list->offsets()[i] = offsets[i];
  list->SetNull(1);
  return list;
}

TEST(RowJson, Arrays) {
  VectorPtr list = IntLists();
  EXPECT_EQ(Json(*list, 0), "[1,null,3]");
  EXPECT_EQ(Json(*list, 1), "null");
  EXPECT_EQ(Json(*list, 2), "[]");
  EXPECT_EQ(Json(*list, 3), "[4]");
}

TEST(RowJson, StructsInFieldOrder) {
  DataType type = DataType::Struct({{"z", DataType::Int()}, {"a\"b", DataType::String()},
                                    {"inner", DataType::Struct({{"x", DataType::Double()}})}});
  VectorPtr s = Vector::Make(type, 2);
  s->child(0).Resize(2);
  s->child(0).values<int32_t>()[0] = 7;
  s->child(0).SetNull(1);
  s->child(1).Resize(2);
  s->child(1).SetString(0, "v");
  s->child(1).SetString(1, "w");
  Vector& inner = s->child(2);
  inner.Resize(2);
  inner.child(0).Resize(2);
  inner.child(0).values<double>()[0] = 0.5;
  inner.SetNull(1);
  EXPECT_EQ(Json(*s, 0), "{\"z\":7,\"a\\\"b\":\"v\",\"inner\":{\"x\":0.5}}");
  EXPECT_EQ(Json(*s, 1), "{\"z\":null,\"a\\\"b\":\"w\",\"inner\":null}");
}

TEST(RowJson, MapsAsKeyValueObjectsInStoredOrder) {
  VectorPtr m = Vector::Make(DataType::Map(DataType::String(), DataType::Long()), 0);
  m->child(0).Resize(3);
  m->child(1).Resize(3);
  m->child(0).SetString(0, "b");
  m->child(0).SetString(1, "a");
  m->child(0).SetString(2, "c");
  m->child(1).values<int64_t>()[0] = 2;
  m->child(1).SetNull(1);
  m->child(1).values<int64_t>()[2] = 3;
  m->Resize(2);
  m->offsets()[1] = 2;
  m->offsets()[2] = 3;
  EXPECT_EQ(Json(*m, 0), "[{\"key\":\"b\",\"value\":2},{\"key\":\"a\",\"value\":null}]");
  EXPECT_EQ(Json(*m, 1), "[{\"key\":\"c\",\"value\":3}]");
}

TEST(RowJson, ConstantAndDictionaryEncodings) {
  VectorPtr base = Strings(DataType::String(), {"x", "a longer string than twelve bytes"});
  base->SetNull(0);
  VectorPtr constant = Vector::MakeConstant(base, 1, 3);
  EXPECT_EQ(Json(*constant, 2), "\"a longer string than twelve bytes\"");

  Buffer indices;
  int32_t picks[] = {1, 0, 1};
  indices.Append(reinterpret_cast<const char*>(picks), sizeof(picks));
  VectorPtr dictionary = Vector::MakeDictionary(base, std::move(indices), 3);
  EXPECT_EQ(Json(*dictionary, 0), "\"a longer string than twelve bytes\"");
  EXPECT_EQ(Json(*dictionary, 1), "null");

  // A dictionary over lists, then a constant over that dictionary's base.
  VectorPtr lists = IntLists();
  Buffer list_indices;
  int32_t list_picks[] = {3, 1, 0};
  list_indices.Append(reinterpret_cast<const char*>(list_picks), sizeof(list_picks));
  VectorPtr dict_lists = Vector::MakeDictionary(lists, std::move(list_indices), 3);
  EXPECT_EQ(Json(*dict_lists, 0), "[4]");
  EXPECT_EQ(Json(*dict_lists, 1), "null");
  EXPECT_EQ(Json(*dict_lists, 2), "[1,null,3]");

  // Batch::Select produces dictionary vectors.
  Batch batch({{"l", lists->type()}}, {lists}, 4);
  Batch picked = batch.Select({0, 3});
  std::string row;
  AppendRowJson(picked, 1, &row);
  EXPECT_EQ(row, "{\"l\":[4]}");
}

TEST(RowJson, RowsAndChecksum) {
  VectorPtr ids = Flat<int64_t>(DataType::Long(), {1, 2});
  VectorPtr names = Strings(DataType::String(), {"a", "é\n"});
  names->SetNull(0);
  Batch batch({{"id", DataType::Long()}, {"na\tme", DataType::String()}}, {ids, names}, 2);
  std::string line0, line1;
  AppendRowJson(batch, 0, &line0);
  AppendRowJson(batch, 1, &line1);
  EXPECT_EQ(line0, "{\"id\":1,\"na\\tme\":null}");
  EXPECT_EQ(line1, "{\"id\":2,\"na\\tme\":\"é\\n\"}");

  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  // Order-independent row sum, as the oracles' checksum.row_sum_hex.
  uint64_t sum = Fnv1a64(line0) + Fnv1a64(line1);
  EXPECT_EQ(sum, Fnv1a64(line1) + Fnv1a64(line0));
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(Fnv1a64("foobar")));
  EXPECT_STREQ(hex, "85944171f73967e8");
}

}  // namespace
}  // namespace tarn
