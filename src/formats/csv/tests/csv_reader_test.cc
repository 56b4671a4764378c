#include "formats/csv/csv_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "columnar/value_text.h"
#include "common/error.h"

namespace tarn {
namespace {

class CsvReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/tarn_csv_reader_" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_TRUE(fs_->Delete(dir_).ok());
    ASSERT_TRUE(fs_->CreateDirectories(dir_).ok());
  }
  void TearDown() override { (void)fs_->Delete(dir_); }

  std::string Write(const std::string& name, const std::string& contents) {
    std::string path = dir_ + "/" + name;
    EXPECT_TRUE(fs_->WriteFile(path, contents).ok());
    return path;
  }

  // Rows as "v1|v2|..." with NULL for nulls.
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
  std::vector<std::string> Read(const std::string& contents, const CsvReadOptions& options,
                                std::optional<Schema> schema = std::nullopt) {
    std::string path = Write("in.csv", contents);
    return Rows(ReadCsvFiles(*fs_, {path}, options, schema));
  }
  std::string ErrorOf(const std::string& contents, const CsvReadOptions& options,
                      std::optional<Schema> schema = std::nullopt, std::string* message = nullptr) {
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

TEST_F(CsvReaderTest, HeaderAndStringsByDefault) {
  CsvReadOptions options;
  options.header = true;
  std::string path = Write("a.csv", "id,name\n1,alice\n2,\"bob, jr\"\n");
  Schema schema = InferCsvSchema(*fs_, {path}, options);
  EXPECT_EQ(SchemaText(schema), "id:string, name:string");
  EXPECT_EQ(Rows(ReadCsvFiles(*fs_, {path}, options)), (std::vector<std::string>{"1|alice", "2|bob, jr"}));
}

TEST_F(CsvReaderTest, NoHeaderNamesColumnsByPosition) {
  std::string path = Write("a.csv", "1,2,3\n4,5,6\n");
  EXPECT_EQ(SchemaText(InferCsvSchema(*fs_, {path}, {})), "_c0:string, _c1:string, _c2:string");
}

TEST_F(CsvReaderTest, SafeHeaderNames) {
  CsvReadOptions options;
  options.header = true;
  std::string path = Write("a.csv", "a,,A,b,a\n1,2,3,4,5\n");
  EXPECT_EQ(SchemaText(InferCsvSchema(*fs_, {path}, options)), "a0:string, _c1:string, A2:string, b:string, a4:string");
  options.case_sensitive = true;
  EXPECT_EQ(SchemaText(InferCsvSchema(*fs_, {path}, options)), "a0:string, _c1:string, A:string, b:string, a4:string");
}

TEST_F(CsvReaderTest, InferSchemaTypes) {
  CsvReadOptions options;
  options.header = true;
  options.infer_schema = true;
  std::string path = Write("a.csv",
                           "i,l,dec,d,b,dt,ts,s,mix,empty,nanv\n"
                           "1,3000000000,123456789012345678901,1.5,true,2024-01-02,2024-01-02 03:04:05,x,1,,NaN\n"
                           "2,4,5,2,FALSE,2024-02-03,2024-01-02T03:04:05Z,y,true,,1.0\n");
  EXPECT_EQ(SchemaText(InferCsvSchema(*fs_, {path}, options)),
            "i:int, l:bigint, dec:decimal(21,0), d:double, b:boolean, dt:date, ts:timestamp, s:string, mix:string, "
            "empty:string, nanv:double");
  std::vector<std::string> rows = Rows(ReadCsvFiles(*fs_, {path}, options));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], "1|3000000000|123456789012345678901|1.5|true|2024-01-02|2024-01-02 03:04:05|x|1|NULL|NaN");
  EXPECT_EQ(rows[1], "2|4|5|2.0|false|2024-02-03|2024-01-02 03:04:05|y|true|NULL|1.0");
}

TEST_F(CsvReaderTest, InferenceMergeRules) {
  CsvReadOptions options;
  options.infer_schema = true;
  auto infer = [&](const std::string& column) {
    return InferCsvSchema(*fs_, {Write("m.csv", column)}, options)[0].type.ToString();
  };
  EXPECT_EQ(infer("1\n3000000000\n"), "bigint");
  EXPECT_EQ(infer("1\n2.5\n"), "double");
  EXPECT_EQ(infer("99999999999999999999\n2.5\n"), "double");
  EXPECT_EQ(infer("1\n99999999999999999999\n"), "decimal(20,0)");
  EXPECT_EQ(infer("2024-01-01\n2024-01-01 10:00:00\n"), "timestamp");
  EXPECT_EQ(infer("1\ntrue\n"), "string");
  EXPECT_EQ(infer("1e5\n"), "double");
  EXPECT_TRUE(InferCsvSchema(*fs_, {Write("e.csv", "\n")}, options).empty());  // no records, no columns
}

TEST_F(CsvReaderTest, QuotesEscapesAndNulls) {
  CsvReadOptions options;
  std::vector<std::string> rows = Read("\"a\"\"b\",\"c\\\"d\",,\"\",e\"f\n", options);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], "a\"b|c\"d|NULL|NULL|e\"f");
  options.null_value = "NA";
  options.empty_value = "EMPTY";
  rows = Read("NA,\"\",,x\n", options);
  EXPECT_EQ(rows[0], "NULL|EMPTY||x");
}

TEST_F(CsvReaderTest, CommentsBlankLinesSeparatorsAndWhitespace) {
  CsvReadOptions options;
  options.comment = '#';
  options.delimiter = ';';
  options.ignore_leading_white_space = true;
  options.ignore_trailing_white_space = true;
  std::vector<std::string> rows = Read("# a comment, \"with quote\n\n  a ;  b  \r\n   \r\nc;d\rx;y", options);
  EXPECT_EQ(rows, (std::vector<std::string>{"a|b", "c|d", "x|y"}));
  CsvReadOptions sep;
  sep.line_sep = "|";
  EXPECT_EQ(Read("1,2|3,4|", sep), (std::vector<std::string>{"1|2", "3|4"}));
  CsvReadOptions bom;
  bom.header = true;
  EXPECT_EQ(SchemaText(InferCsvSchema(*fs_, {Write("bom.csv", "\xEF\xBB\xBFx,y\n1,2\n")}, bom)), "x:string, y:string");
}

TEST_F(CsvReaderTest, MultiLineQuotedFields) {
  CsvReadOptions options;
  options.multi_line = true;
  options.header = true;
  std::string path = Write("a.csv", "id,text\n1,\"line one\nline two\"\n2,plain\n");
  EXPECT_EQ(Rows(ReadCsvFiles(*fs_, {path}, options)), (std::vector<std::string>{"1|line one\nline two", "2|plain"}));
  // Without multiLine the same file has three data records, two of them short.
  options.multi_line = false;
  EXPECT_EQ(Rows(ReadCsvFiles(*fs_, {path}, options)).size(), 3u);
}

TEST_F(CsvReaderTest, UserSchemaConversions) {
  Schema schema{{"b", DataType::Byte()},       {"s", DataType::Short()},     {"f", DataType::Float()},
                {"dec", DataType::Decimal(6, 2)}, {"dt", DataType::Date()}, {"ts", DataType::Timestamp()},
                {"ntz", DataType::TimestampNtz()}, {"inf", DataType::Double()}};
  std::vector<std::string> rows =
      Read("7,-300,1.5,\"1,234.565\",2024-03-04,2024-03-04T05:06:07+01:00,2024-03-04 05:06:07,-Inf\n", {}, schema);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], "7|-300|1.5|1234.57|2024-03-04|2024-03-04 04:06:07|2024-03-04 05:06:07|-Infinity");
}

TEST_F(CsvReaderTest, ParseModes) {
  Schema schema{{"a", DataType::Int()}, {"b", DataType::Int()}, {"_corrupt_record", DataType::String()}};
  std::string data = "1,2\n3,x\n4\n5,6,7\n8,9\n";
  CsvReadOptions permissive;
  EXPECT_EQ(Read(data, permissive, schema),
            (std::vector<std::string>{"1|2|NULL", "3|NULL|3,x", "4|NULL|4", "5|6|5,6,7", "8|9|NULL"}));
  CsvReadOptions drop;
  drop.mode = ParseMode::kDropMalformed;
  EXPECT_EQ(Read(data, drop, schema), (std::vector<std::string>{"1|2|NULL", "8|9|NULL"}));
  CsvReadOptions fail;
  fail.mode = ParseMode::kFailFast;
  std::string message;
  EXPECT_EQ(ErrorOf(data, fail, schema, &message), "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
  EXPECT_NE(message.find("line 2"), std::string::npos) << message;
  EXPECT_NE(message.find("in.csv"), std::string::npos) << message;
  EXPECT_NE(message.find("3,x"), std::string::npos) << message;
  // Without the corrupt-record column PERMISSIVE still keeps the rows.
  Schema plain{{"a", DataType::Int()}, {"b", DataType::Int()}};
  EXPECT_EQ(Read("1,x\n", permissive, plain), (std::vector<std::string>{"1|NULL"}));
}

TEST_F(CsvReaderTest, MaxColumnsAndMaxChars) {
  CsvReadOptions options;
  options.max_columns = 2;
  Schema schema{{"a", DataType::String()}, {"b", DataType::String()}, {"_corrupt_record", DataType::String()}};
  EXPECT_EQ(Read("1,2,3\n4,5\n", options, schema), (std::vector<std::string>{"NULL|NULL|1,2,3", "4|5|NULL"}));
  options.max_chars_per_column = 3;
  options.max_columns = 10;
  EXPECT_EQ(Read("abcd,x\n", options, schema), (std::vector<std::string>{"abcd|x|abcd,x"}));
}

TEST_F(CsvReaderTest, BatchesAreBoundedAndRecordsSpanBlocks) {
  CsvReadOptions options;
  options.batch_size = 3;
  options.read_block_size = 5;  // records straddle block boundaries
  options.multi_line = true;
  std::string data;
  for (int i = 0; i < 10; ++i) data += std::to_string(i) + ",\"long value " + std::to_string(i) + "\n\"\r\n";
  std::string path = Write("a.csv", data);
  std::vector<Batch> batches = ReadCsvFiles(*fs_, {path}, options);
  ASSERT_EQ(batches.size(), 4u);
  EXPECT_EQ(batches[0].num_rows(), 3u);
  EXPECT_EQ(batches[3].num_rows(), 1u);
  std::vector<std::string> rows = Rows(batches);
  EXPECT_EQ(rows[9], "9|long value 9\n");
}

TEST_F(CsvReaderTest, RecordSizeLimit) {
  CsvReadOptions options;
  options.read_block_size = 4;
  options.max_record_bytes = 16;
  options.multi_line = true;
  EXPECT_EQ(ErrorOf("\"" + std::string(100, 'x'), options, Schema{{"a", DataType::String()}}), "FAILED_READ_FILE");
}

TEST_F(CsvReaderTest, OptionsFromMap) {
  CsvReadOptions options = ParseCsvReadOptions(
      {{"HEADER", "true"}, {"sep", "\\t"}, {"mode", "dropMalformed"}, {"quote", ""}, {"samplingRatio", "0.5"}});
  EXPECT_TRUE(options.header);
  EXPECT_EQ(options.delimiter, '\t');
  EXPECT_EQ(options.quote, '\0');
  EXPECT_EQ(options.mode, ParseMode::kDropMalformed);
  auto error_of = [](std::vector<std::pair<std::string, std::string>> pairs) {
    try {
      ParseCsvReadOptions(pairs);
    } catch (const Error& e) {
      return std::string(ErrorClassName(e.info().error_class));
    }
    return std::string("no error");
  };
  EXPECT_EQ(error_of({{"mode", "lenient"}}), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(error_of({{"header", "yes"}}), "INVALID_PARAMETER_VALUE");
  EXPECT_EQ(error_of({{"encoding", "latin1"}}), "UNSUPPORTED_FEATURE");
  EXPECT_EQ(error_of({{"dateFormat", "dd/MM/yyyy"}}), "UNSUPPORTED_FEATURE");
  EXPECT_EQ(error_of({{"timestampFormat", "yyyy-MM-dd HH:mm:ss"}}), "no error");
  EXPECT_EQ(error_of({{"sep", ""}}), "INVALID_PARAMETER_VALUE");
}

TEST_F(CsvReaderTest, StrictFormats) {
  CsvReadOptions options;
  options.date_format = "yyyy-MM-dd";
  options.timestamp_format = "yyyy-MM-dd HH:mm:ss";
  Schema schema{{"d", DataType::Date()}, {"t", DataType::Timestamp()}};
  EXPECT_EQ(Read("2024-01-02,2024-01-02 03:04:05\n2024-1-2,2024-01-02T03:04:05\n", options, schema),
            (std::vector<std::string>{"2024-01-02|2024-01-02 03:04:05", "NULL|NULL"}));
}

TEST_F(CsvReaderTest, EnforceSchemaFalseChecksTheHeader) {
  CsvReadOptions options;
  options.header = true;
  Schema schema{{"id", DataType::Int()}, {"name", DataType::String()}};
  EXPECT_EQ(Read("x,y\n1,a\n", options, schema), (std::vector<std::string>{"1|a"}));  // enforced: header ignored
  options.enforce_schema = false;
  EXPECT_EQ(Read("ID,name\n1,a\n", options, schema), (std::vector<std::string>{"1|a"}));
  std::string message;
  EXPECT_EQ(ErrorOf("id,title\n1,a\n", options, schema, &message), "FAILED_READ_FILE");
  EXPECT_NE(message.find("Expected: name but found: title"), std::string::npos) << message;
  EXPECT_EQ(ErrorOf("id\n1\n", options, schema), "FAILED_READ_FILE");
}

TEST_F(CsvReaderTest, UnsupportedColumnType) {
  Schema schema{{"a", DataType::Array(DataType::Int())}};
  EXPECT_EQ(ErrorOf("1\n", {}, schema), "UNSUPPORTED_DATATYPE");
}

TEST_F(CsvReaderTest, MalformedBytesNeverCrash) {
  // Every prefix of a tricky input, in every mode combination.
  std::string tricky = "\xEF\xBB\xBF\"a\\\"\",\"\r\n\"\"x,\xff\xfe\\\r\r\n#c,\"\n\"";
  for (bool multi_line : {false, true}) {
    for (size_t len = 0; len <= tricky.size(); ++len) {
      CsvReadOptions options;
      options.multi_line = multi_line;
      options.infer_schema = true;
      options.comment = '#';
      options.read_block_size = 3;
      std::string path = Write("t.csv", tricky.substr(0, len));
      ReadCsvFiles(*fs_, {path}, options);
      options.header = true;
      ReadCsvFiles(*fs_, {path}, options, Schema{{"a", DataType::Int()}, {"_corrupt_record", DataType::String()}});
    }
  }
}

}  // namespace
}  // namespace tarn

namespace tarn {
namespace {

TEST_F(CsvReaderTest, RescuedDataColumnTakesWrongTypesAndExtraFields) {
  CsvReadOptions options;
  options.header = true;
  options.rescued_data_column = "_rescued_data";
  options.mode = ParseMode::kFailFast;  // nothing rescued may count as malformed
  Schema schema = {{"id", DataType::Int(), true, ""},
                   {"price", DataType::Double(), true, ""},
                   {"_rescued_data", DataType::String(), true, ""}};
  const std::string path = dir_ + "/in.csv";
  EXPECT_EQ(Read("id,price,note\n1,2.5\n2,n/a,hello\nx,3\n", options, schema),
            (std::vector<std::string>{
                "1|2.5|NULL",
                "2|NULL|{\"price\":\"n/a\",\"note\":\"hello\",\"_file_path\":\"" + path + "\"}",
                "NULL|3.0|{\"id\":\"x\",\"_file_path\":\"" + path + "\"}"}));
  // Inference adds the column last; a data column of that name is an error.
  options.infer_schema = true;
  EXPECT_EQ(SchemaText(InferCsvSchema(*fs_, {Write("b.csv", "a,b\n1,x\n")}, options)),
            "a:int, b:string, _rescued_data:string");
  options.rescued_data_column = "b";
  EXPECT_EQ(ErrorOf("a,b\n1,x\n", options), "INVALID_PARAMETER_VALUE");
  // A user schema whose rescued column is not a string is refused.
  options.infer_schema = false;
  options.rescued_data_column = "id";
  EXPECT_EQ(ErrorOf("id\n1\n", options, Schema{{"id", DataType::Int(), true, ""}}), "INVALID_PARAMETER_VALUE");
}

}  // namespace
}  // namespace tarn
