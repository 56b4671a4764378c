#include <gtest/gtest.h>

#include <string>

#include "columnar/batch.h"
#include "formats/text/result_writer.h"
#include "formats/text/table_printer.h"
#include "common/utf8.h"

namespace tarn {
namespace {

Batch SampleBatch() {
  VectorPtr ids = Vector::Make(DataType::Long(), 3);
  ids->values<int64_t>()[0] = 1;
  ids->values<int64_t>()[1] = 22;
  ids->SetNull(2);
  VectorPtr names = Vector::Make(DataType::String(), 3);
  names->SetString(0, "a");
  names->SetString(1, "héllo");
  names->SetString(2, "x\ny");
  return Batch({{"id", DataType::Long()}, {"name", DataType::String()}}, {ids, names}, 3);
}

TEST(TablePrinter, BoxLayoutAlignsNumbersRight) {
  Batch batch = SampleBatch();
  TablePrinter printer(batch.schema());
  printer.AddRows(batch, 0, batch.num_rows());
  EXPECT_EQ(printer.Render(RowCountText(3)),
            "┌────────┬────────┐\n"
            "│     id │ name   │\n"
            "│ bigint │ string │\n"
            "├────────┼────────┤\n"
            "│      1 │ a      │\n"
            "│     22 │ héllo  │\n"
            "│   NULL │ x\\ny   │\n"
            "└────────┴────────┘\n"
            "3 rows\n");
}

TEST(TablePrinter, AsciiWithoutTypesAndTruncation) {
  TablePrinter printer({{"k", "", TablePrinter::Align::kLeft}, {"v", "", TablePrinter::Align::kRight}},
                       {.max_column_width = 6, .show_types = false, .ascii = true});
  printer.AddRow({"abcdefghij", "1"});
  printer.AddRow({"abcdef", "22"});
  printer.AddRow({"漢字漢字", "\x1b"});
  EXPECT_EQ(printer.Render("1 row"),
            "+--------+------+\n"
            "| k      |    v |\n"
            "+--------+------+\n"
            "| abcde… |    1 |\n"
            "| abcdef |   22 |\n"
            "| 漢字…  | \\x1b |\n"
            "+--------+------+\n"
            "1 row\n");
}

TEST(TablePrinter, DisplayWidth) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("héllo"), 5u);
  EXPECT_EQ(DisplayWidth("漢字"), 4u);
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1u);  // e + combining acute
  EXPECT_EQ(DisplayWidth("\xFF"), 1u);       // U+FFFD
}

TEST(ResultWriter, TableStopsAtMaxRowsAndCounts) {
  std::string out;
  auto writer = ResultWriter::Make(OutputFormat::kTable, [&out](std::string_view s) { out += s; },
                                   {.table = {.show_types = false, .ascii = true}, .max_table_rows = 2});
  Batch batch = SampleBatch();
  writer->Begin(batch.schema());
  EXPECT_TRUE(writer->wants_more());
  writer->Write(batch);
  EXPECT_FALSE(writer->wants_more());
  writer->End();
  EXPECT_EQ(out,
            "+----+-------+\n"
            "| id | name  |\n"
            "+----+-------+\n"
            "|  1 | a     |\n"
            "| 22 | héllo |\n"
            "+----+-------+\n"
            "more than 2 rows (2 shown)\n");

  out.clear();
  writer->Begin(batch.schema());
  writer->Write(batch);
  writer->End(1000);
  EXPECT_NE(out.find("1000 rows (2 shown)\n"), std::string::npos) << out;
  EXPECT_EQ(out.front(), '\n');  // a second result set is set apart
}

TEST(ResultWriter, EmptyTable) {
  std::string out;
  auto writer = ResultWriter::Make(OutputFormat::kTable, [&out](std::string_view s) { out += s; },
                                   {.table = {.show_types = false, .ascii = true}});
  writer->Begin({{"a", DataType::Int()}});
  writer->End();
  EXPECT_EQ(out, "+---+\n| a |\n+---+\n+---+\n0 rows\n");
}

TEST(ResultWriter, JsonAndCsv) {
  Batch batch = SampleBatch();
  std::string json;
  auto json_writer = ResultWriter::Make(OutputFormat::kJson, [&json](std::string_view s) { json += s; });
  json_writer->Begin(batch.schema());
  json_writer->Write(batch);
  json_writer->End();
  EXPECT_EQ(json,
            "{\"id\":1,\"name\":\"a\"}\n"
            "{\"id\":22,\"name\":\"héllo\"}\n"
            "{\"id\":null,\"name\":\"x\\ny\"}\n");

  std::string csv;
  auto csv_writer = ResultWriter::Make(OutputFormat::kCsv, [&csv](std::string_view s) { csv += s; });
  csv_writer->Begin(batch.schema());
  csv_writer->Write(batch);
  csv_writer->End();
  EXPECT_EQ(csv, "id,name\n1,a\n22,héllo\n,\"x\ny\"\n");

  EXPECT_EQ(ParseOutputFormat("JSON"), OutputFormat::kJson);
  EXPECT_EQ(ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_FALSE(ParseOutputFormat("xml").has_value());
}

}  // namespace
}  // namespace tarn
