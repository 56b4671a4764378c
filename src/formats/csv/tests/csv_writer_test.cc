#include <gtest/gtest.h>

#include <string>

#include "columnar/batch.h"
#include "formats/csv/csv_writer.h"
#include "types/datetime.h"

namespace tarn {
namespace {

TEST(CsvWriter, QuotesOnlyWhenNeeded) {
  CsvWriter writer;
  auto field = [&](std::string_view text) {
    std::string out;
    writer.AppendField(text, &out);
    return out;
  };
  EXPECT_EQ(field("plain"), "plain");
  EXPECT_EQ(field("a,b"), "\"a,b\"");
  EXPECT_EQ(field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(field("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(field("cr\r"), "\"cr\r\"");
  EXPECT_EQ(field(""), "\"\"");  // empty string differs from NULL
  EXPECT_EQ(field(" spaced "), " spaced ");

  CsvWriter tabs({.delimiter = '\t'});
  std::string out;
  tabs.AppendField("a,b\tc", &out);
  EXPECT_EQ(out, "\"a,b\tc\"");
}

TEST(CsvWriter, HeaderAndRows) {
  VectorPtr ids = Vector::Make(DataType::Int(), 3);
  for (int i = 0; i < 3; ++i) ids->values<int32_t>()[i] = i + 1;
  VectorPtr names = Vector::Make(DataType::String(), 3);
  names->SetString(0, "x,y");
  names->SetNull(1);
  names->SetString(2, "");
  VectorPtr ts = Vector::Make(DataType::Timestamp(), 3);
  ts->values<int64_t>()[0] = (DaysFromCivil(2024, 1, 2) * 86400 + 3 * 3600 + 4 * 60 + 5) * kMicrosPerSecond + 500000;
  ts->SetNull(1);
  ts->SetNull(2);
  VectorPtr doubles = Vector::Make(DataType::Double(), 3);
  doubles->values<double>()[0] = 1e7;
  doubles->values<double>()[1] = 0.5;
  doubles->SetNull(2);
  VectorPtr list = Vector::Make(DataType::Array(DataType::String()), 0);
  list->child(0).Resize(2);
  list->child(0).SetString(0, "a\"");
  list->child(0).SetNull(1);
  list->Resize(3);
  list->offsets()[1] = 2;
  list->offsets()[2] = 2;
  list->offsets()[3] = 2;
  list->SetNull(2);
  VectorPtr bin = Vector::Make(DataType::Binary(), 3);
  bin->SetString(0, "\x01\xff");
  bin->SetNull(1);
  bin->SetNull(2);

  Batch batch({{"id", DataType::Int()},
               {"na,me", DataType::String()},
               {"ts", DataType::Timestamp()},
               {"d", DataType::Double()},
               {"l", list->type()},
               {"b", DataType::Binary()}},
              {ids, names, ts, doubles, list, bin}, 3);
  CsvWriter writer;
  std::string out;
  writer.AppendHeader(batch.schema(), &out);
  writer.AppendRows(batch, &out);
  EXPECT_EQ(out,
            "id,\"na,me\",ts,d,l,b\n"
            "1,\"x,y\",2024-01-02 03:04:05.5,1.0E7,\"[\"\"a\\\"\"\"\",null]\",01ff\n"
            "2,,,0.5,[],\n"
            "3,\"\",,,,\n");

  CsvWriter no_header({.header = false, .line_separator = "\r\n"});
  std::string crlf;
  no_header.AppendHeader(batch.schema(), &crlf);
  no_header.AppendRow(batch, 1, &crlf);
  EXPECT_EQ(crlf, "2,,,0.5,[],\r\n");
}

}  // namespace
}  // namespace tarn
