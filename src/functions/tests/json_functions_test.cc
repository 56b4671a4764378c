#include <gtest/gtest.h>

#include "common/error.h"
#include "functions/json_writer.h"
#include "functions/tests/string_test_util.h"

namespace tarn {
namespace {

VectorPtr CallScalar(const std::string& name, std::vector<VectorPtr> args, const FunctionContext& ctx = {}) {
  return testing::CallText(name, std::move(args), ctx);
}
using testing::MakeVector;
using testing::Texts;
using Strs = std::vector<std::optional<std::string_view>>;

VectorPtr S(Strs values) { return MakeVector<std::string_view>(DataType::String(), values); }
VectorPtr S1(std::string_view value) { return S({value}); }
VectorPtr NullStr() { return S({std::nullopt}); }

std::string Call1(const std::string& name, std::vector<VectorPtr> args, const FunctionContext& ctx = {}) {
  VectorPtr out = CallScalar(name, std::move(args), ctx);
  return out == nullptr ? "<no function>" : testing::TextAt(*out, 0);
}

TEST(JsonFunctionsTest, GetJsonObject) {
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a":"b"})"), S1("$.a")}), "b");
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a":{"b":1.50,"c":[1,2]}})"), S1("$.a")}), R"({"b":1.5,"c":[1,2]})");
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a":{"b":[1,2,3]}})"), S1("$.a.b[1]")}), "2");
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a b":7})"), S1("$['a b']")}), "7");
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a":[{"b":1},{"b":2}]})"), S1("$.a[*].b")}), "[1,2]");
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a":[{"b":1},{"c":2}]})"), S1("$.a[*].b")}), "1");
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a":["x","y"]})"), S1("$.a[*]")}), R"(["x","y"])");
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a":[[1,2],[3]]})"), S1("$.a[*][*]")}), "[1,2,3]");
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a":null})"), S1("$.a")}), "NULL");
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a":1})"), S1("$.b")}), "NULL");
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a":1)"), S1("$.a")}), "NULL");
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a":1})"), S1("a")}), "NULL");
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a":"x\"y\n"})"), S1("$")}), R"({"a":"x\"y\n"})");
  EXPECT_EQ(Call1("get_json_object", {S1(R"({"a":true})"), S1("$.a")}), "true");
  EXPECT_EQ(Call1("get_json_object", {NullStr(), S1("$.a")}), "NULL");
  std::string deep(5000, '[');
  EXPECT_EQ(Call1("get_json_object", {S1(deep), S1("$")}), "NULL");
  VectorPtr out = CallScalar("get_json_object", {S({R"({"a":1})", R"({"b":2})"}), S({"$.a", "$.b"})});
  EXPECT_EQ(Texts(*out), (std::vector<std::string>{"1", "2"}));
}

TEST(JsonFunctionsTest, ArrayLengthAndKeys) {
  EXPECT_EQ(Call1("json_array_length", {S1("[1,2,3,4]")}), "4");
  EXPECT_EQ(Call1("json_array_length", {S1(R"([1,2,3,{"f1":1,"f2":[5,6]},4])")}), "5");
  EXPECT_EQ(Call1("json_array_length", {S1("[1,2")}), "NULL");
  EXPECT_EQ(Call1("json_array_length", {S1("{}")}), "NULL");
  EXPECT_EQ(Call1("json_object_keys", {S1("{}")}), "[]");
  EXPECT_EQ(Call1("json_object_keys", {S1(R"({"key": "value"})")}), "[key]");
  EXPECT_EQ(Call1("json_object_keys", {S1(R"({"f1":"abc","f2":{"f3":"a", "f4":"b"}})")}), "[f1, f2]");
  EXPECT_EQ(Call1("json_object_keys", {S1("[1]")}), "NULL");
}

TEST(JsonFunctionsTest, SchemaOfJson) {
  EXPECT_EQ(Call1("schema_of_json", {S1(R"([{"col":0}])")}), "ARRAY<STRUCT<col: BIGINT>>");
  EXPECT_EQ(Call1("schema_of_json", {S1(R"({"b":1.5,"a":"x","c":[1,2.5],"d":null})")}),
            "STRUCT<a: STRING, b: DOUBLE, c: ARRAY<DOUBLE>, d: STRING>");
}

TEST(JsonFunctionsTest, ToJson) {
  DataType type = DataType::Struct({{"a", DataType::Int(), true, ""},
                                    {"b", DataType::String(), true, ""},
                                    {"c", DataType::Double(), true, ""},
                                    {"t", DataType::Timestamp(), true, ""}});
  VectorPtr row = Vector::Make(type, 2);
  row->child(0).values<int32_t>()[0] = 1;
  row->child(1).SetString(0, "x\"y");
  row->child(2).values<double>()[0] = 1e7;
  row->child(3).values<int64_t>()[0] = 1704067200000000;  // 2024-01-01 00:00:00 UTC
  row->child(0).values<int32_t>()[1] = 2;
  row->child(1).SetNull(1);
  row->child(2).values<double>()[1] = 0.5;
  row->child(3).SetNull(1);
  VectorPtr out = CallScalar("to_json", {row});
  EXPECT_EQ(Texts(*out), (std::vector<std::string>{R"({"a":1,"b":"x\"y","c":1.0E7,"t":"2024-01-01T00:00:00.000Z"})",
                                                   R"({"a":2,"c":0.5})"}));
  FunctionContext ctx;
  ctx.time_zone = "+08:00";
  EXPECT_EQ(Call1("to_json", {Vector::View(row, 0, 1)}, ctx),
            R"({"a":1,"b":"x\"y","c":1.0E7,"t":"2024-01-01T08:00:00.000+08:00"})");

  VectorPtr array = Vector::Make(DataType::Array(DataType::Int()), 1);
  array->child(0).Resize(2);
  array->child(0).values<int32_t>()[0] = 1;
  array->child(0).SetNull(1);
  array->offsets()[1] = 2;
  EXPECT_EQ(Call1("to_json", {array}), "[1,null]");

  VectorPtr map = Vector::Make(DataType::Map(DataType::String(), DataType::Int()), 1);
  map->child(0).Resize(1);
  map->child(0).SetString(0, "k");
  map->child(1).Resize(1);
  map->child(1).values<int32_t>()[0] = 3;
  map->offsets()[1] = 1;
  EXPECT_EQ(Call1("to_json", {map}), R"({"k":3})");
}

TEST(JsonFunctionsTest, FixedZoneOffsets) {
  EXPECT_EQ(json::FixedZoneOffsetSeconds("UTC"), 0);
  EXPECT_EQ(json::FixedZoneOffsetSeconds("+08:00"), 8 * 3600);
  EXPECT_EQ(json::FixedZoneOffsetSeconds("GMT-05:30"), -(5 * 3600 + 30 * 60));
  EXPECT_EQ(json::FixedZoneOffsetSeconds("America/New_York"), std::nullopt);
}

}  // namespace
}  // namespace tarn
