// from_json: schema forms, Spark's value conversions, partial results,
// PERMISSIVE vs FAILFAST.
#include <memory>

#include "common/error.h"
#include "functions/builtins.h"
#include "functions/tests/function_test_util.h"

namespace tarn {
namespace {

using testing::MakeVector;
using testing::Texts;

const FunctionRegistry& Registry() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    RegisterJsonFunctions(r);
    return r;
  }();
  return registry;
}

VectorPtr Str(std::optional<std::string> s) { return MakeVector<std::string>(DataType::String(), {s}); }

VectorPtr Options(const std::string& key, const std::string& value) {
  VectorPtr map = Vector::Make(DataType::Map(DataType::String(), DataType::String()), 1);
  map->offsets()[0] = 0;
  map->offsets()[1] = 1;
  map->child(0).Resize(1);
  map->child(1).Resize(1);
  map->child(0).SetString(0, key);
  map->child(1).SetString(0, value);
  return map;
}

struct Result {
  DataType type;
  std::vector<std::string> texts;
};

Result FromJson(std::vector<std::optional<std::string>> json, const std::string& schema, VectorPtr options = nullptr) {
  const FunctionInfo* info = Registry().Find("from_json");
  EXPECT_NE(info, nullptr);
  std::vector<VectorPtr> args{MakeVector<std::string>(DataType::String(), json), Str(schema)};
  if (options) args.push_back(options);
  std::vector<ArgType> types{{args[0]->type(), true, nullptr}};
  for (size_t i = 1; i < args.size(); ++i) types.push_back({args[i]->type(), true, args[i]});
  FunctionContext ctx;
  BoundScalar bound = info->scalar(types, ctx);
  size_t rows = json.size();
  for (size_t i = 1; i < args.size(); ++i) args[i] = Vector::MakeConstant(args[i], 0, rows);
  VectorPtr out = bound.kernel(std::span<const VectorPtr>(args), rows, ctx);
  EXPECT_EQ(out->size(), rows);
  EXPECT_EQ(out->type(), bound.result_type);
  return {bound.result_type, Texts(*out)};
}

using Texts_ = std::vector<std::string>;

TEST(FromJson, SparkExamplesAndSchemaForms) {
  EXPECT_EQ(FromJson({R"({"a":1, "b":0.8})"}, "a INT, b DOUBLE").texts, Texts_{"{1, 0.8}"});
  EXPECT_EQ(FromJson({R"({"a":1, "b":0.8})"}, "struct<a:int,b:double>").texts, Texts_{"{1, 0.8}"});
  Result r = FromJson({R"({"teacher": "Alice", "student": [{"name": "Bob", "rank": 1}, {"name": "Charlie", "rank": 2}]})"},
                      "STRUCT<teacher: STRING, student: ARRAY<STRUCT<name: STRING, rank: INT>>>");
  EXPECT_EQ(r.texts, Texts_{"{Alice, [{Bob, 1}, {Charlie, 2}]}"});
  EXPECT_EQ(FromJson({"[1,2,null]", "[]", "{\"a\":1}"}, "array<int>").texts, (Texts_{"[1, 2, NULL]", "[]", "NULL"}));
  EXPECT_EQ(FromJson({R"({"a":1,"b":2})"}, "map<string,int>").texts, Texts_{"{a -> 1, b -> 2}"});
  // A single object for an array of structs is an array of one.
  EXPECT_EQ(FromJson({R"({"a":1})", R"([{"a":1},{"a":2}])"}, "array<struct<a:int>>").texts,
            (Texts_{"[{1}]", "[{1}, {2}]"}));
  EXPECT_TRUE(FromJson({"{}"}, "a INT NOT NULL").type.fields()[0].nullable);
}

TEST(FromJson, NullsBlankAndMalformed) {
  EXPECT_EQ(FromJson({std::nullopt, "", "  ", "{\"a\":", "[1]", "null", "{}"}, "a INT").texts,
            (Texts_{"NULL", "NULL", "NULL", "{NULL}", "{NULL}", "{NULL}", "{NULL}"}));
  EXPECT_EQ(FromJson({"{\"a\":", "[1,"}, "array<int>").texts, (Texts_{"NULL", "NULL"}));
  EXPECT_EQ(FromJson({R"({"a":null,"b":"x"})"}, "a INT, b STRING").texts, Texts_{"{NULL, x}"});
}

TEST(FromJson, ConversionsFollowJacksonParser) {
  EXPECT_EQ(FromJson({R"({"b":true,"i":-5,"l":9007199254740993,"f":1.5,"d":1e3,"s":"héllo"})"},
                     "b BOOLEAN, i TINYINT, l BIGINT, f FLOAT, d DOUBLE, s STRING").texts,
            Texts_{"{true, -5, 9007199254740993, 1.5, 1000.0, héllo}"});
  // A value that does not convert nulls its own top-level field only.
  EXPECT_EQ(FromJson({R"({"a":"x","b":2})"}, "a INT, b INT").texts, Texts_{"{NULL, 2}"});
  EXPECT_EQ(FromJson({R"({"a":300,"b":1.5,"c":"1"})"}, "a TINYINT, b INT, c INT").texts,
            Texts_{"{NULL, NULL, NULL}"});
  EXPECT_EQ(FromJson({R"({"a":[1,"x"],"b":1})"}, "a ARRAY<INT>, b INT").texts, Texts_{"{NULL, 1}"});
  // Non-string values read as STRING are their JSON text.
  EXPECT_EQ(FromJson({R"({"a":{"x":[1,2.5,null,"q"]},"b":12,"c":false})"}, "a STRING, b STRING, c STRING").texts,
            Texts_{"{{\"x\":[1,2.5,null,\"q\"]}, 12, false}"});
  EXPECT_EQ(FromJson({R"({"d":"NaN","e":"-Infinity","f":"nan"})"}, "d DOUBLE, e DOUBLE, f DOUBLE").texts,
            Texts_{"{NaN, -Infinity, NULL}"});
  EXPECT_EQ(FromJson({R"({"a":1.255,"b":"12.5","c":123456})"}, "a DECIMAL(5,2), b DECIMAL(4,1), c DECIMAL(4,0)").texts,
            Texts_{"{1.26, 12.5, NULL}"});
  EXPECT_EQ(FromJson({R"({"d":"2024-02-29","t":"2024-01-31 10:00:00","u":0,"x":"nope"})"},
                     "d DATE, t TIMESTAMP, u TIMESTAMP, x DATE").texts,
            Texts_{"{2024-02-29, 2024-01-31 10:00:00, 1970-01-01 00:00:00, NULL}"});
  EXPECT_EQ(FromJson({R"({"b":"aGVsbG8="})"}, "b BINARY").texts, Texts_{"{[68 65 6C 6C 6F]}"});
  // Case-sensitive names, unknown fields ignored, the last repeated key wins.
  EXPECT_EQ(FromJson({R"({"A":1,"a":2,"z":[1],"a":3})"}, "a INT, A INT").texts, Texts_{"{3, 1}"});
  // Single-quoted strings (allowSingleQuotes).
  EXPECT_EQ(FromJson({"{'a':'it\\'s \"q\"'}"}, "a STRING").texts, Texts_{"{it's \"q\"}"});
}

TEST(FromJson, NestedMapsAndFailedRowsKeepVectorsConsistent) {
  Result r = FromJson({R"({"m":{"k":[1,2]},"n":1})", R"({"m":{"k":[1,"bad"]},"n":2})", R"({"m":{"j":[3]},"n":3})"},
                      "m MAP<STRING, ARRAY<INT>>, n INT");
  EXPECT_EQ(r.texts, (Texts_{"{{k -> [1, 2]}, 1}", "{NULL, 2}", "{{j -> [3]}, 3}"}));
}

TEST(FromJson, ModesAndBindErrors) {
  EXPECT_EQ(FromJson({"{bad"}, "a INT", Options("mode", "PERMISSIVE")).texts, Texts_{"{NULL}"});
  try {
    FromJson({"{bad"}, "a INT", Options("MODE", "failfast"));
    ADD_FAILURE() << "FAILFAST did not throw";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("MALFORMED_RECORD_IN_PARSING"), std::string::npos) << e.what();
  }
  EXPECT_THROW(FromJson({R"({"a":"x"})"}, "a INT", Options("mode", "FAILFAST")), Error);
  EXPECT_THROW(FromJson({"{}"}, "a INT", Options("mode", "DROPMALFORMED")), FunctionBindError);
  EXPECT_THROW(FromJson({"{}"}, "int"), FunctionBindError);
  EXPECT_THROW(FromJson({"{}"}, "map<int,int>"), FunctionBindError);
  EXPECT_THROW(FromJson({"{}"}, "a INT,,"), Error);
}

TEST(FromJson, DeepNestingIsMalformedNotACrash) {
  std::string deep(5000, '[');
  EXPECT_EQ(FromJson({deep}, "array<int>").texts, Texts_{"NULL"});
}

}  // namespace
}  // namespace tarn
