#include <gtest/gtest.h>

#include <string>

#include "formats/text/schema_text.h"

namespace tarn {
namespace {

Schema NestedSchema() {
  return {{"id", DataType::Int(), false},
          {"price", DataType::Decimal(10, 2)},
          {"s", DataType::Struct({{"x", DataType::String()}, {"ts", DataType::TimestampNtz(), false}})},
          {"tags", DataType::Array(DataType::Long(), false)},
          {"m", DataType::Map(DataType::String(), DataType::Array(DataType::Double()))}};
}

TEST(SchemaText, TreeLikePrintSchema) {
  EXPECT_EQ(SchemaTreeString(NestedSchema()),
            "root\n"
            " |-- id: integer (nullable = false)\n"
            " |-- price: decimal(10,2) (nullable = true)\n"
            " |-- s: struct (nullable = true)\n"
            " |    |-- x: string (nullable = true)\n"
            " |    |-- ts: timestamp_ntz (nullable = false)\n"
            " |-- tags: array (nullable = true)\n"
            " |    |-- element: long (containsNull = false)\n"
            " |-- m: map (nullable = true)\n"
            " |    |-- key: string\n"
            " |    |-- value: array (valueContainsNull = true)\n"
            " |    |    |-- element: double (containsNull = true)\n");
}

TEST(SchemaText, SparkJson) {
  Schema schema = NestedSchema();
  schema[0].comment = "the \"key\"";
  EXPECT_EQ(SchemaToJson(schema),
            "{\"type\":\"struct\",\"fields\":["
            "{\"name\":\"id\",\"type\":\"integer\",\"nullable\":false,\"metadata\":{\"comment\":\"the \\\"key\\\"\"}},"
            "{\"name\":\"price\",\"type\":\"decimal(10,2)\",\"nullable\":true,\"metadata\":{}},"
            "{\"name\":\"s\",\"type\":{\"type\":\"struct\",\"fields\":["
            "{\"name\":\"x\",\"type\":\"string\",\"nullable\":true,\"metadata\":{}},"
            "{\"name\":\"ts\",\"type\":\"timestamp_ntz\",\"nullable\":false,\"metadata\":{}}]},"
            "\"nullable\":true,\"metadata\":{}},"
            "{\"name\":\"tags\",\"type\":{\"type\":\"array\",\"elementType\":\"long\",\"containsNull\":false},"
            "\"nullable\":true,\"metadata\":{}},"
            "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"keyType\":\"string\",\"valueType\":"
            "{\"type\":\"array\",\"elementType\":\"double\",\"containsNull\":true},\"valueContainsNull\":true},"
            "\"nullable\":true,\"metadata\":{}}]}");
}

TEST(SchemaText, TypeNames) {
  EXPECT_EQ(SparkTypeName(DataType::Byte()), "byte");
  EXPECT_EQ(SparkTypeName(DataType::Short()), "short");
  EXPECT_EQ(SparkTypeName(DataType::Null()), "void");
  EXPECT_EQ(SparkTypeName(DataType::YearMonthInterval()), "interval year to month");
  EXPECT_EQ(SparkTypeName(DataType::DayTimeInterval(IntervalField::kDay, IntervalField::kDay)), "interval day");
  EXPECT_EQ(SparkTypeName(DataType::CalendarInterval()), "interval");
}

}  // namespace
}  // namespace tarn
