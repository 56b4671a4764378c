#include "delta/actions.h"

#include <gtest/gtest.h>

#include <random>

#include "common/error.h"
#include "delta/schema.h"
#include "delta/stats.h"
#include "delta/table_features.h"

namespace tarn::delta {
namespace {

TEST(DeltaActions, ParsesEveryActionKind) {
  std::string log =
      R"({"commitInfo":{"timestamp":1587968586154,"operation":"WRITE","operationParameters":{"mode":"Append"},"isBlindAppend":true,"custom":{"a":[1,2]}}})"
      "\n"
      R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["deletionVectors"],"writerFeatures":["deletionVectors"]}})"
      "\n"
      R"({"metaData":{"id":"t1","format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[]}","partitionColumns":["p"],"configuration":{"k":"v"},"createdTime":5}})"
      "\n\n"
      R"({"add":{"path":"p=a%20b/f%3A1.parquet","partitionValues":{"p":"a b","q":null},"size":10,"modificationTime":20,"dataChange":true,"stats":"{\"numRecords\":3}","deletionVector":{"storageType":"u","pathOrInlineDv":"ab^-aqEH.-t@S}K{vb[*k^","offset":4,"sizeInBytes":40,"cardinality":6},"baseRowId":7}})"
      "\n"
      R"({"remove":{"path":"old.parquet","deletionTimestamp":99,"dataChange":false}})"
      "\n"
      R"({"cdc":{"path":"_change_data/c.parquet","partitionValues":{},"size":3,"dataChange":false}})"
      "\n"
      R"({"txn":{"appId":"app","version":42}})"
      "\n"
      R"({"domainMetadata":{"domain":"delta.x","configuration":"{}","removed":false}})"
      "\n"
      R"({"checkpointMetadata":{"version":3}})"
      "\n"
      R"({"sidecar":{"path":"s.parquet","sizeInBytes":1,"modificationTime":2}})"
      "\n"
      R"({"someFutureAction":{"x":1}})"
      "\n";
  std::vector<Action> actions = ParseActions(log, "00.json");
  ASSERT_EQ(actions.size(), 10u);
  const auto& info = std::get<CommitInfo>(actions[0]);
  EXPECT_EQ(info.timestamp, 1587968586154);
  EXPECT_EQ(info.operation, "WRITE");
  EXPECT_EQ(info.operation_parameters.at("mode"), "Append");
  ASSERT_EQ(info.extra.size(), 1u);
  EXPECT_EQ(info.extra[0].second, R"({"a":[1,2]})");
  const auto& protocol = std::get<Protocol>(actions[1]);
  EXPECT_EQ(protocol.min_reader_version, 3);
  ASSERT_TRUE(protocol.reader_features.has_value());
  EXPECT_EQ((*protocol.reader_features)[0], "deletionVectors");
  const auto& metadata = std::get<Metadata>(actions[2]);
  EXPECT_EQ(metadata.partition_columns, std::vector<std::string>{"p"});
  EXPECT_EQ(metadata.configuration.at("k"), "v");
  const auto& add = std::get<AddFile>(actions[3]);
  EXPECT_EQ(add.path, "p=a b/f:1.parquet");  // URI-decoded
  EXPECT_EQ(add.partition_values.at("p"), "a b");
  EXPECT_FALSE(add.partition_values.at("q").has_value());
  ASSERT_TRUE(add.deletion_vector.has_value());
  EXPECT_EQ(add.deletion_vector->UniqueId(), "uab^-aqEH.-t@S}K{vb[*k^@4");
  EXPECT_EQ(add.base_row_id, 7);
  EXPECT_FALSE(std::get<RemoveFile>(actions[4]).data_change);
  EXPECT_EQ(std::get<Txn>(actions[6]).version, 42);
  EXPECT_EQ(std::get<CheckpointMetadata>(actions[8]).version, 3);
  EXPECT_EQ(std::get<Sidecar>(actions[9]).path, "s.parquet");
}

TEST(DeltaActions, ToJsonRoundTrips) {
  AddFile add;
  add.path = "p=a b/f.parquet";
  add.partition_values = {{"p", "a b"}, {"q", std::nullopt}};
  add.size = 10;
  add.modification_time = 20;
  add.stats = R"({"numRecords":3})";
  add.deletion_vector = DeletionVectorDescriptor{'i', "wi5b=000010000siXQKl0rr91000f55c8Xg0@@D72lkbi5=-{L", std::nullopt, 40, 6};
  std::string text = ToJson(add);
  EXPECT_NE(text.find(R"("path":"p=a%20b/f.parquet")"), std::string::npos) << text;
  auto back = ParseAction(text, "x", 1);
  ASSERT_TRUE(back.has_value());
  const auto& again = std::get<AddFile>(*back);
  EXPECT_EQ(again.path, add.path);
  EXPECT_EQ(again.partition_values, add.partition_values);
  EXPECT_EQ(again.stats, add.stats);
  EXPECT_EQ(again.deletion_vector, add.deletion_vector);

  Metadata m;
  m.id = "id";
  m.schema_string = R"({"type":"struct","fields":[]})";
  m.partition_columns = {"a"};
  m.configuration = {{"delta.appendOnly", "true"}};
  const Metadata m2 = std::get<Metadata>(*ParseAction(ToJson(m), "x", 1));
  EXPECT_EQ(m2.schema_string, m.schema_string);
  EXPECT_EQ(m2.configuration, m.configuration);
  EXPECT_EQ(m2.partition_columns, m.partition_columns);

  CommitInfo c;
  c.in_commit_timestamp = 5;
  c.operation = "WRITE";
  c.extra = {{"engine", R"({"x":1})"}};
  EXPECT_EQ(ToJson(Action(c)),
            R"({"commitInfo":{"inCommitTimestamp":5,"operation":"WRITE","operationParameters":{},"engine":{"x":1}}})");
  Protocol p{3, 7, std::vector<std::string>{"deletionVectors"}, std::vector<std::string>{"deletionVectors"}};
  EXPECT_EQ(ToJson(p),
            R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["deletionVectors"],"writerFeatures":["deletionVectors"]}})");
  EXPECT_EQ(ToJson(Txn{"a", 3, std::nullopt}), R"({"txn":{"appId":"a","version":3}})");
}

TEST(DeltaActions, MalformedLinesNameFileAndLine) {
  try {
    ParseActions("{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}\n{\"add\":{\"size\":3}}\n", "_delta_log/7.json");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kCorruptFile);
    EXPECT_NE(e.info().message.find("_delta_log/7.json"), std::string::npos);
    EXPECT_NE(e.info().message.find("line 2"), std::string::npos);
    EXPECT_NE(e.info().message.find("path"), std::string::npos);
  }
  EXPECT_THROW(ParseActions("{\"add\":", "f"), Error);
  EXPECT_THROW(ParseActions("[1,2]", "f"), Error);
  EXPECT_THROW(ParseActions("{\"add\":{\"path\":\"x\",\"deletionVector\":{\"storageType\":\"z\"}}}", "f"), Error);
}

TEST(DeltaActions, PathEncoding) {
  EXPECT_EQ(DecodePath("a%20b%2Fc%zz%4"), "a b/c%zz%4");
  EXPECT_EQ(EncodePath("x=a b/é%"), "x=a%20b/%C3%A9%25");
  EXPECT_EQ(DecodePath(EncodePath("weird #?[]{} name")), "weird #?[]{} name");
}

TEST(DeltaSchema, ParsesNestedTypesAndColumnMapping) {
  std::string json = R"js({"type":"struct","fields":[
    {"name":"a","type":"integer","nullable":false,"metadata":{"delta.columnMapping.id":1,"delta.columnMapping.physicalName":"col-1"}},
    {"name":"d","type":"decimal(10, 2)","nullable":true,"metadata":{}},
    {"name":"t","type":"timestamp_ntz","nullable":true,"metadata":{}},
    {"name":"v","type":"void","nullable":true,"metadata":{}},
    {"name":"s","type":{"type":"struct","fields":[{"name":"x","type":"long","nullable":true,"metadata":{"delta.columnMapping.physicalName":"col-x"}}]},"nullable":true,"metadata":{}},
    {"name":"arr","type":{"type":"array","elementType":{"type":"struct","fields":[{"name":"e","type":"string","nullable":true,"metadata":{}}]},"containsNull":true},"nullable":true,"metadata":{}},
    {"name":"m","type":{"type":"map","keyType":"string","valueType":"double","valueContainsNull":false},"nullable":true,"metadata":{}}
  ]})js";
  DeltaSchema schema = ParseSchemaString(json, "log");
  ASSERT_EQ(schema.fields.size(), 7u);
  EXPECT_EQ(schema.fields[0].physical_name, "col-1");
  EXPECT_EQ(schema.fields[0].column_mapping_id, 1);
  EXPECT_FALSE(schema.fields[0].nullable);
  EXPECT_EQ(schema.fields[1].type.type, DataType::Decimal(10, 2));
  EXPECT_EQ(schema.fields[2].type.type, DataType::TimestampNtz());
  EXPECT_EQ(schema.fields[3].type.type.id(), TypeId::kNull);
  EXPECT_EQ(schema.fields[4].type.fields[0].physical_name, "col-x");
  EXPECT_EQ(schema.fields[4].type.type.ToString(), "struct<x:bigint>");
  EXPECT_EQ(schema.fields[5].type.type.ToString(), "array<struct<e:string>>");
  EXPECT_EQ(schema.fields[6].type.type.ToString(), "map<string,double>");
  EXPECT_EQ(schema.FieldIndex("ARR"), 5);
  // Serialisation keeps the metadata and reads back the same.
  DeltaSchema again = ParseSchemaString(SchemaToJson(schema), "log");
  EXPECT_EQ(again.ToSchema(), schema.ToSchema());
  EXPECT_EQ(again.fields[4].type.fields[0].physical_name, "col-x");
  EXPECT_THROW(ParseSchemaString(R"({"type":"struct","fields":[{"name":"v","type":"variant"}]})", "log"), Error);
  EXPECT_THROW(ParseSchemaString(R"({"type":"struct","fields":[{"name":"v"}]})", "log"), Error);
  EXPECT_THROW(ParseSchemaString(R"("integer")", "log"), Error);
}

TEST(DeltaTableFeatures, ReaderGate) {
  EXPECT_NO_THROW(CheckReadSupported(Protocol{1, 2, {}, {}}, "t"));
  EXPECT_NO_THROW(CheckReadSupported(
      Protocol{3, 7, std::vector<std::string>{"columnMapping", "deletionVectors", "timestampNtz", "v2Checkpoint",
                                              "typeWidening-preview", "typeWidening", "vacuumProtocolCheck"},
               std::vector<std::string>{}},
      "t"));
  try {
    CheckReadSupported(Protocol{3, 7, std::vector<std::string>{"deletionVectors", "variantType"}, {}}, "/tables/t");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kDeltaUnsupportedFeaturesForRead);
    EXPECT_NE(e.info().message.find("variantType"), std::string::npos);
    EXPECT_NE(e.info().message.find("/tables/t"), std::string::npos);
  }
  try {
    CheckReadSupported(Protocol{99, 7, {}, {}}, "t");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kDeltaInvalidProtocolVersion);
    EXPECT_NE(e.info().message.find("reader version 99"), std::string::npos);
  }
  Metadata m;
  m.configuration["delta.columnMapping.mode"] = "name";
  EXPECT_EQ(GetColumnMappingMode(Protocol{2, 5, {}, {}}, m), ColumnMappingMode::kName);
  EXPECT_EQ(GetColumnMappingMode(Protocol{1, 2, {}, {}}, m), ColumnMappingMode::kNone);
  EXPECT_TRUE(HasWriterFeature(Protocol{1, 4, {}, {}}, "changeDataFeed"));
  EXPECT_FALSE(HasWriterFeature(Protocol{1, 7, {}, std::vector<std::string>{}}, "changeDataFeed"));
}

TEST(DeltaTableFeatures, TypeWideningRules) {
  EXPECT_TRUE(IsSupportedTypeWidening(DataType::Byte(), DataType::Long()));
  EXPECT_FALSE(IsSupportedTypeWidening(DataType::Long(), DataType::Int()));
  EXPECT_TRUE(IsSupportedTypeWidening(DataType::Int(), DataType::Double()));
  EXPECT_FALSE(IsSupportedTypeWidening(DataType::Long(), DataType::Double()));
  EXPECT_TRUE(IsSupportedTypeWidening(DataType::Float(), DataType::Double()));
  EXPECT_TRUE(IsSupportedTypeWidening(DataType::Date(), DataType::TimestampNtz()));
  EXPECT_FALSE(IsSupportedTypeWidening(DataType::Date(), DataType::Timestamp()));
  EXPECT_TRUE(IsSupportedTypeWidening(DataType::Decimal(6, 2), DataType::Decimal(10, 4)));
  EXPECT_FALSE(IsSupportedTypeWidening(DataType::Decimal(6, 2), DataType::Decimal(7, 4)));  // k1 < k2
  EXPECT_TRUE(IsSupportedTypeWidening(DataType::Int(), DataType::Decimal(12, 2)));
  EXPECT_FALSE(IsSupportedTypeWidening(DataType::Long(), DataType::Decimal(20, 1)));
  DeltaSchema ok = ParseSchemaString(
      R"({"type":"struct","fields":[{"name":"a","type":"long","nullable":true,"metadata":{"delta.typeChanges":[{"fromType":"integer","toType":"long"}]}}]})",
      "log");
  EXPECT_NO_THROW(CheckTypeChanges(ok));
  DeltaSchema bad = ParseSchemaString(
      R"({"type":"struct","fields":[{"name":"s","type":{"type":"struct","fields":[{"name":"m","type":{"type":"map","keyType":"string","valueType":"integer","valueContainsNull":true},"nullable":true,"metadata":{"delta.typeChanges":[{"fromType":"string","toType":"integer","fieldPath":"value"}]}}]},"nullable":true,"metadata":{}}]})",
      "log");
  try {
    CheckTypeChanges(bad);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kDeltaUnsupportedTypeChangeInSchema);
    EXPECT_NE(e.info().message.find("s.m.value"), std::string::npos) << e.info().message;
  }
}

TEST(DeltaActions, MangledLogTextNeverCrashes) {
  // Log files are untrusted input: random edits end in a clean error or a parse.
  const std::string log =
      R"({"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["deletionVectors"],"writerFeatures":[]}})"
      "\n"
      R"({"metaData":{"id":"t","format":{"provider":"parquet","options":{}},"schemaString":"{\"type\":\"struct\",\"fields\":[{\"name\":\"a\",\"type\":{\"type\":\"array\",\"elementType\":\"integer\",\"containsNull\":true},\"nullable\":true,\"metadata\":{}}]}","partitionColumns":[],"configuration":{}}})"
      "\n"
      R"({"add":{"path":"a%20b","partitionValues":{"p":null},"size":1,"modificationTime":2,"dataChange":true,"stats":"{\"numRecords\":3,\"minValues\":{\"a\":1}}","deletionVector":{"storageType":"i","pathOrInlineDv":"^Bg9^","sizeInBytes":4,"cardinality":1}}})"
      "\n";
  std::mt19937 rng(7);
  const std::string alphabet = "{}[]\":,0123456789aez\\ \n";
  for (int i = 0; i < 3000; ++i) {
    std::string mangled = log;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) mangled[rng() % mangled.size()] = alphabet[rng() % alphabet.size()];
    try {
      for (const Action& a : ParseActions(mangled, "fuzz.json")) {
        if (const auto* m = std::get_if<Metadata>(&a)) ParseSchemaString(m->schema_string, "fuzz.json");
        if (const auto* add = std::get_if<AddFile>(&a)) {
          if (add->stats) ParseFileStats(*add->stats, {{"a", DataType::Int()}});
        }
        ToJson(a);
      }
    } catch (const Error& e) {
      EXPECT_FALSE(e.info().IsInternal()) << e.info().ToString();
    }
  }
}

}  // namespace
}  // namespace tarn::delta
