#include <gtest/gtest.h>

#include "types/data_type.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace tarn {
namespace {

TEST(DataType, SparkNames) {
  EXPECT_EQ(DataType::Decimal(10, 2).ToString(), "decimal(10,2)");
  EXPECT_EQ(DataType::Array(DataType::Int()).ToString(), "array<int>");
  EXPECT_EQ(DataType::Map(DataType::String(), DataType::Long()).ToString(), "map<string,bigint>");
  DataType s = DataType::Struct({{"a", DataType::Int()}, {"b", DataType::Array(DataType::String())}});
  EXPECT_EQ(s.ToString(), "struct<a:int,b:array<string>>");
  EXPECT_EQ(s.FieldIndex("B"), 1);
  EXPECT_EQ(s.FieldIndex("B", /*case_sensitive=*/true), -1);
  EXPECT_EQ(DataType::Decimal(18, 0).physical_type(), PhysicalType::kInt64);
  EXPECT_EQ(DataType::Decimal(19, 0).physical_type(), PhysicalType::kInt128);
  EXPECT_NE(DataType::Decimal(10, 2), DataType::Decimal(10, 3));
  EXPECT_EQ(DataType::Array(DataType::Int()), DataType::Array(DataType::Int()));
}

TEST(Datetime, CivilRoundTrip) {
  for (int64_t d = -800000; d <= 800000; d += 37) {
    CivilDate c = CivilFromDays(d);
    ASSERT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
}

TEST(Datetime, Format) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDate(-719529), "-0001-12-31");
  EXPECT_EQ(FormatTimestamp(1500000, 'T'), "1970-01-01T00:00:01.5");
  EXPECT_EQ(FormatTimestamp(-1, ' '), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(FormatTimestamp(9089380393200000000LL, 'T'), "+290000-12-30T23:00:00");
  EXPECT_EQ(FormatTimestamp(INT64_MIN, 'T'), "-290308-12-21T19:59:05.224192");
}

TEST(DatetimeTest, TimestampsBeyondInt64MicrosAreNotParsed) {
  // A 7-digit year is a valid date but no timestamp (found by the text reader fuzzer: the
  // days-to-microseconds product overflowed).
  EXPECT_FALSE(ParseTimestamp("8888888-01-01").has_value());
  EXPECT_FALSE(ParseTimestamp("-8888888-01-01 00:00:00").has_value());
  auto far = ParseTimestamp("290000-12-31 23:59:59");
  ASSERT_TRUE(far.has_value());
  EXPECT_GT(far->micros, 0);
}

TEST(Datetime, Parse) {
  EXPECT_EQ(ParseDate("2024-02-29"), DaysFromCivil(2024, 2, 29));
  EXPECT_FALSE(ParseDate("2023-02-29").has_value());
  auto ts = ParseTimestamp("2024-01-02T03:04:05.5+01:00");
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(ts->offset_seconds, 3600);
  EXPECT_EQ(ts->micros, DaysFromCivil(2024, 1, 2) * kMicrosPerDay + 3 * kMicrosPerHour + 4 * kMicrosPerMinute +
                            5 * kMicrosPerSecond + 500000);
}

TEST(Decimal, Text) {
  EXPECT_EQ(DecimalToString(-5, 2), "-0.05");
  EXPECT_EQ(DecimalToString(100, 2), "1.00");
  EXPECT_EQ(DecimalToString(12345, 0), "12345");
  int128_t big = PowerOfTen128(38) - 1;
  EXPECT_EQ(Int128ToString(big), std::string(38, '9'));
  EXPECT_EQ(NumDigits(big), 38);
  int128_t lowest = static_cast<int128_t>(static_cast<uint128_t>(1) << 127);
  EXPECT_EQ(DecimalToString(lowest, 2), "-1701411834604692317316873037158841057.28");
  EXPECT_EQ(ParseDecimal("-12.345", 10, 2), int128_t(-1235));
  EXPECT_FALSE(ParseDecimal("123456", 5, 0).has_value());
}

}  // namespace
}  // namespace tarn
