#include "formats/json/json_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "columnar/value_text.h"
#include "common/error.h"

namespace tarn {
namespace {

class JsonReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/tarn_json_reader_" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_TRUE(fs_->Delete(dir_).ok());
    ASSERT_TRUE(fs_->CreateDirectories(dir_).ok());
  }
  void TearDown() override { (void)fs_->Delete(dir_); }

  std::string Write(const std::string& name, const std::string& contents) {
    std::string path = dir_ + "/" + name;
    EXPECT_TRUE(fs_->WriteFile(path, contents).ok());
    return path;
  }
  static std::vector<std::string> Rows(const std::vector<Batch>& batches) {
    std::vector<std::string> rows;
    for (const Batch& batch : batches) {
      for (size_t r = 0; r < batch.num_rows(); ++r) {
        std::string row;
        for (size_t c = 0; c < batch.num_columns(); ++c) {
          if (c) row += "|";
          AppendSparkText(batch.column(c), r, &row);
        }
        rows.push_back(row);
      }
    }
    return rows;
  }
  static std::string SchemaText(const Schema& schema) {
    std::string out;
    for (const Field& f : schema) out += (out.empty() ? "" : ", ") + f.name + ":" + f.type.ToString();
    return out;
  }
  std::string Infer(const std::string& contents, const JsonReadOptions& options = {}) {
    return SchemaText(InferJsonSchema(*fs_, {Write("in.json", contents)}, options));
  }
  std::vector<std::string> Read(const std::string& contents, const JsonReadOptions& options = {},
                                std::optional<Schema> schema = std::nullopt) {
    return Rows(ReadJsonFiles(*fs_, {Write("in.json", contents)}, options, schema));
  }
  std::string ErrorOf(const std::string& contents, const JsonReadOptions& options, std::optional<Schema> schema,
                      std::string* message = nullptr) {
    try {
      Read(contents, options, schema);
    } catch (const Error& e) {
      if (message) *message = e.what();
      return std::string(ErrorClassName(e.info().error_class));
    }
    return "no error";
  }

  std::shared_ptr<FileSystem> fs_ = LocalFileSystem();
  std::string dir_;
};

TEST_F(JsonReaderTest, InfersSortedStructsAndMergesTypes) {
  std::string data =
      "{\"b\": 1, \"a\": \"x\", \"n\": {\"z\": true, \"y\": [1, 2.5]}}\n"
      "\n"
      "{\"b\": 2.5, \"c\": null, \"n\": {\"y\": []}, \"arr\": [{\"q\": 1}, {\"p\": \"s\"}]}\n"
      "{\"b\": 3, \"a\": 7, \"e\": []}\n";
  EXPECT_EQ(Infer(data),
            "a:string, arr:array<struct<p:string,q:bigint>>, b:double, c:string, e:array<string>, "
            "n:struct<y:array<double>,z:boolean>");
  JsonReadOptions drop;
  drop.drop_field_if_all_null = true;
  EXPECT_EQ(Infer(data, drop), "a:string, arr:array<struct<p:string,q:bigint>>, b:double, n:struct<y:array<double>,z:boolean>");
  std::vector<std::string> rows = Read(data);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], "x|NULL|1.0|NULL|NULL|{[1.0, 2.5], true}");
  EXPECT_EQ(rows[1], "NULL|[{NULL, 1}, {s, NULL}]|2.5|NULL|NULL|{[], NULL}");
  EXPECT_EQ(rows[2], "7|NULL|3.0|NULL|[]|NULL");
}

TEST_F(JsonReaderTest, NumberInference) {
  EXPECT_EQ(Infer("{\"a\": 1}\n{\"a\": 123456789012345678901234}\n"), "a:decimal(24,0)");
  EXPECT_EQ(Infer("{\"a\": 1.5}\n{\"a\": 123456789012345678901234}\n"), "a:double");
  EXPECT_EQ(Infer("{\"a\": 1e400}\n"), "a:double");
  EXPECT_EQ(Infer("{\"a\": NaN}\n{\"a\": -Infinity}\n"), "a:double");
  JsonReadOptions decimals;
  decimals.prefers_decimal = true;
  EXPECT_EQ(Infer("{\"a\": 1.25}\n{\"a\": 10.5}\n", decimals), "a:decimal(4,2)");
  JsonReadOptions strings;
  strings.primitives_as_string = true;
  EXPECT_EQ(Infer("{\"a\": 1, \"b\": true, \"c\": [2]}\n", strings), "a:string, b:string, c:array<string>");
  JsonReadOptions timestamps;
  timestamps.infer_timestamp = true;
  EXPECT_EQ(Infer("{\"t\": \"2024-01-02T03:04:05Z\", \"s\": \"hello\"}\n", timestamps), "s:string, t:timestamp");
  EXPECT_EQ(Infer("{\"t\": \"2024-01-02T03:04:05Z\"}\n"), "t:string");
  EXPECT_EQ(Infer("{\"a\": 1}\n{\"a\": {\"x\": 1}}\n"), "a:string");
}

TEST_F(JsonReaderTest, MalformedRecordsAddCorruptColumn) {
  std::string data = "{\"a\": 1}\n{\"a\": \n{\"a\": 2}\n[1, 2]\n";
  EXPECT_EQ(Infer(data), "_corrupt_record:string, a:bigint");
  EXPECT_EQ(Read(data), (std::vector<std::string>{"NULL|1", "{\"a\": |NULL", "NULL|2", "[1, 2]|NULL"}));
  JsonReadOptions drop;
  drop.mode = ParseMode::kDropMalformed;
  EXPECT_EQ(Infer(data, drop), "a:bigint");
  EXPECT_EQ(Read(data, drop), (std::vector<std::string>{"1", "2"}));
  JsonReadOptions fail;
  fail.mode = ParseMode::kFailFast;
  std::string message;
  EXPECT_EQ(ErrorOf(data, fail, Schema{{"a", DataType::Long()}}, &message),
            "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
  EXPECT_NE(message.find("line 2"), std::string::npos) << message;
  EXPECT_NE(message.find("in.json"), std::string::npos) << message;
}

TEST_F(JsonReaderTest, PermissivePartialResults) {
  Schema schema{{"a", DataType::Int()}, {"b", DataType::String()}, {"_corrupt_record", DataType::String()}};
  std::vector<std::string> rows = Read("{\"a\": 3000000000, \"b\": \"x\"}\n{\"a\": \"1\", \"b\": {\"k\": [1, 'q']}}\n", {}, schema);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], "NULL|x|{\"a\": 3000000000, \"b\": \"x\"}");
  EXPECT_EQ(rows[1], "NULL|{\"k\":[1,\"q\"]}|{\"a\": \"1\", \"b\": {\"k\": [1, 'q']}}");
}

TEST_F(JsonReaderTest, ConvertsToDeclaredTypes) {
  Schema schema{{"i", DataType::Short()},
                {"f", DataType::Float()},
                {"dec", DataType::Decimal(6, 2)},
                {"d", DataType::Date()},
                {"ts", DataType::Timestamp()},
                {"secs", DataType::Timestamp()},
                {"bin", DataType::Binary()},
                {"m", DataType::Map(DataType::String(), DataType::Long())},
                {"s", DataType::Struct({Field{"X", DataType::Long()}, Field{"x", DataType::String()}})},
                {"nan", DataType::Double()}};
  std::vector<std::string> rows = Read(
      "{\"i\": -7, \"f\": 0.1, \"dec\": 12.345, \"d\": \"2024-02-29\", \"ts\": \"2024-02-29 10:00:00+02:00\", "
      "\"secs\": 86400, \"bin\": \"aGk=\", \"m\": {\"k1\": 1, \"k2\": null}, \"s\": {\"x\": \"lower\", \"X\": 5}, "
      "\"nan\": \"NaN\", \"extra\": 1}\n",
      {}, schema);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], "-7|0.1|12.35|2024-02-29|2024-02-29 08:00:00|1970-01-02 00:00:00|[68 69]|{k1 -> 1, k2 -> NULL}|{5, lower}|NaN");
}

TEST_F(JsonReaderTest, JacksonRelaxations) {
  EXPECT_EQ(Read("{'a': 'single'}\n"), (std::vector<std::string>{"single"}));
  JsonReadOptions strict;
  strict.allow_single_quotes = false;
  EXPECT_EQ(Infer("{'a': 1}\n", strict), "_corrupt_record:string");
  EXPECT_EQ(Infer("{\"a\": 1} /* c */\n"), "_corrupt_record:string");
  JsonReadOptions relaxed;
  relaxed.allow_comments = true;
  relaxed.allow_unquoted_field_names = true;
  relaxed.allow_numeric_leading_zeros = true;
  EXPECT_EQ(Infer("{a: 007, // trailing\n}\n", relaxed), "_corrupt_record:string");  // a line is a record
  EXPECT_EQ(Infer("/* c */ {a: 007 /* x */}\n", relaxed), "a:bigint");
  EXPECT_EQ(Infer("{\"a\": 007}\n"), "_corrupt_record:string");
  EXPECT_EQ(Read("{\"a\": \"\\u00e9\\ud83d\\ude00\\ud800\"}\n"), (std::vector<std::string>{"é😀\xEF\xBF\xBD"}));
  EXPECT_EQ(Infer("{\"a\": \"tab\there\"}\n"), "_corrupt_record:string");
}

TEST_F(JsonReaderTest, MultiLineDocumentsAndArrays) {
  JsonReadOptions options;
  options.multi_line = true;
  std::string path = Write("m.json", "[\n  {\"a\": 1,\n   \"b\": \"x\"},\n  {\"a\": 2}\n]\n");
  EXPECT_EQ(SchemaText(InferJsonSchema(*fs_, {path}, options)), "a:bigint, b:string");
  EXPECT_EQ(Rows(ReadJsonFiles(*fs_, {path}, options)), (std::vector<std::string>{"1|x", "2|NULL"}));
  // Rows of one large array span batches.
  options.batch_size = 1;
  EXPECT_EQ(ReadJsonFiles(*fs_, {path}, options).size(), 2u);
  // A top-level array in JSON Lines is rows as well.
  EXPECT_EQ(Read("[{\"a\": 1}, {\"a\": 2}]\n{\"a\": 3}\n"), (std::vector<std::string>{"1", "2", "3"}));
}

TEST_F(JsonReaderTest, LineSeparatorsAndBlocks) {
  JsonReadOptions options;
  options.read_block_size = 3;
  options.batch_size = 2;
  std::string data = "\xEF\xBB\xBF{\"a\": 1}\r\n{\"a\": 2}\r{\"a\": 3}\n\n{\"a\": 4}";
  std::vector<Batch> batches = ReadJsonFiles(*fs_, {Write("l.json", data)}, options);
  EXPECT_EQ(batches.size(), 2u);
  EXPECT_EQ(Rows(batches), (std::vector<std::string>{"1", "2", "3", "4"}));
  JsonReadOptions sep;
  sep.line_sep = "||";
  sep.read_block_size = 5;
  EXPECT_EQ(Read("{\"a\": 1}||{\"a\": 2}||", sep), (std::vector<std::string>{"1", "2"}));
}

TEST_F(JsonReaderTest, OptionsFromMap) {
  JsonReadOptions o = ParseJsonReadOptions({{"multiLine", "true"}, {"allowSingleQuotes", "false"}, {"MODE", "failfast"}});
  EXPECT_TRUE(o.multi_line);
  EXPECT_FALSE(o.allow_single_quotes);
  EXPECT_EQ(o.mode, ParseMode::kFailFast);
  EXPECT_THROW(ParseJsonReadOptions({{"encoding", "UTF-16"}}), Error);
  EXPECT_THROW(ParseJsonReadOptions({{"timestampFormat", "MM/dd/yyyy"}}), Error);
}

TEST_F(JsonReaderTest, DeepNestingIsMalformedNotACrash) {
  std::string deep(100000, '[');
  EXPECT_EQ(Infer(deep + "\n"), "_corrupt_record:string");
  JsonReadOptions options;
  options.max_record_bytes = 10;
  EXPECT_EQ(ErrorOf(std::string(100, ' ') + "{}", options, Schema{{"a", DataType::Long()}}), "FAILED_READ_FILE");
}

TEST_F(JsonReaderTest, MalformedBytesNeverCrash) {
  std::string tricky = "{\"a\": [1, {\"b\": '\\u12\xff\"}], \"c\": -0.5e, \"d\": NaN, 'e': \"\\\"}\r\n[{}, 1]\n\"x\"\n";
  Schema schema{{"a", DataType::Array(DataType::Struct({Field{"b", DataType::Long()}}))},
                {"c", DataType::Decimal(30, 10)},
                {"d", DataType::Float()},
                {"_corrupt_record", DataType::String()}};
  for (bool multi_line : {false, true}) {
    for (size_t len = 0; len <= tricky.size(); ++len) {
      JsonReadOptions options;
      options.multi_line = multi_line;
      options.read_block_size = 4;
      std::string path = Write("t.json", tricky.substr(0, len));
      ReadJsonFiles(*fs_, {path}, options);
      ReadJsonFiles(*fs_, {path}, options, schema);
      options.mode = ParseMode::kDropMalformed;
      ReadJsonFiles(*fs_, {path}, options, schema);
    }
  }
}

}  // namespace
}  // namespace tarn

namespace tarn {
namespace {

TEST_F(JsonReaderTest, RescuedDataColumnTakesUnknownFieldsAndWrongTypes) {
  JsonReadOptions options;
  options.rescued_data_column = "_rescued_data";
  options.mode = ParseMode::kFailFast;  // nothing rescued may count as malformed
  Schema schema = {{"id", DataType::Long(), true, ""},
                   {"price", DataType::Double(), true, ""},
                   {"_rescued_data", DataType::String(), true, ""}};
  const std::string path = dir_ + "/in.json";
  EXPECT_EQ(Read("{\"id\":1,\"price\":2.5}\n{\"id\":\"two\",\"price\":3,\"tags\":[1,null],\"o\":{\"k\":\"v\"}}\n",
                 options, schema),
            (std::vector<std::string>{
                "1|2.5|NULL",
                "NULL|3.0|{\"id\":\"two\",\"tags\":[1,null],\"o\":{\"k\":\"v\"},\"_file_path\":\"" + path + "\"}"}));
  // Inference adds the column last, after the sorted data columns.
  EXPECT_EQ(Infer("{\"b\":1,\"a\":\"x\"}\n", options), "a:string, b:bigint, _rescued_data:string");
  options.rescued_data_column = "a";
  EXPECT_EQ(ErrorOf("{\"b\":1,\"a\":\"x\"}\n", options, std::nullopt), "INVALID_PARAMETER_VALUE");
}

}  // namespace
}  // namespace tarn
