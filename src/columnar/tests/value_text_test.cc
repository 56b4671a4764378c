#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "columnar/vector.h"
#include "columnar/value_text.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace tarn {
namespace {

std::string Text(const Vector& v, size_t row, SparkTextOptions options = {}) {
  std::string out;
  AppendSparkText(v, row, &out, options);
  return out;
}

template <typename T>
VectorPtr Flat(const DataType& type, const std::vector<T>& values) {
  VectorPtr v = Vector::Make(type, values.size());
  for (size_t i = 0; i < values.size(); ++i) v->values<T>()[i] = values[i];
  return v;
}

TEST(SparkText, Scalars) {
  EXPECT_EQ(Text(*Flat<uint8_t>(DataType::Boolean(), {1}), 0), "true");
  EXPECT_EQ(Text(*Flat<int64_t>(DataType::Long(), {-7}), 0), "-7");
  EXPECT_EQ(Text(*Flat<double>(DataType::Double(), {1e7}), 0), "1.0E7");
  EXPECT_EQ(Text(*Flat<double>(DataType::Double(), {2.5}), 0), "2.5");
  EXPECT_EQ(Text(*Flat<float>(DataType::Float(), {0.1f}), 0), "0.1");
  EXPECT_EQ(Text(*Flat<int64_t>(DataType::Decimal(4, 2), {-5}), 0), "-0.05");
  EXPECT_EQ(Text(*Flat<int128_t>(DataType::Decimal(38, 0), {PowerOfTen128(37)}), 0),
            "10000000000000000000000000000000000000");
  VectorPtr s = Vector::Make(DataType::String(), 1);
  s->SetString(0, "a\tb");
  EXPECT_EQ(Text(*s, 0), "a\tb");
  VectorPtr b = Vector::Make(DataType::Binary(), 1);
  b->SetString(0, std::string("\x4a\x6f\x00", 3));
  EXPECT_EQ(Text(*b, 0), "[4A 6F 00]");
  EXPECT_EQ(Text(*b, 0, {.binary_style = SparkTextOptions::BinaryStyle::kHex}), "4a6f00");
  EXPECT_EQ(Text(*Vector::MakeNull(DataType::Int(), 1), 0), "NULL");
}

TEST(SparkText, DatesAndTimestampsLikeCastToString) {
  int64_t micros = (DaysFromCivil(2024, 1, 2) * 86400 + 3 * 3600 + 4 * 60 + 5) * kMicrosPerSecond + 500000;
  EXPECT_EQ(Text(*Flat<int64_t>(DataType::Timestamp(), {micros}), 0), "2024-01-02 03:04:05.5");
  EXPECT_EQ(Text(*Flat<int64_t>(DataType::TimestampNtz(), {micros - 500000}), 0), "2024-01-02 03:04:05");
  EXPECT_EQ(Text(*Flat<int32_t>(DataType::Date(), {static_cast<int32_t>(DaysFromCivil(2024, 1, 2))}), 0),
            "2024-01-02");
  EXPECT_EQ(Text(*Flat<int64_t>(DataType::Time(), {3 * kMicrosPerHour + 250000}), 0), "03:00:00.25");
}

TEST(SparkText, Intervals) {
  using F = IntervalField;
  EXPECT_EQ(YearMonthIntervalToString(14, F::kYear, F::kMonth), "INTERVAL '1-2' YEAR TO MONTH");
  EXPECT_EQ(YearMonthIntervalToString(-14, F::kYear, F::kMonth), "INTERVAL '-1-2' YEAR TO MONTH");
  EXPECT_EQ(YearMonthIntervalToString(24, F::kYear, F::kYear), "INTERVAL '2' YEAR");
  EXPECT_EQ(YearMonthIntervalToString(-14, F::kMonth, F::kMonth), "INTERVAL '-14' MONTH");

  int64_t value = kMicrosPerDay + 2 * kMicrosPerHour + 3 * kMicrosPerMinute + 4 * kMicrosPerSecond + 500000;
  EXPECT_EQ(DayTimeIntervalToString(value, F::kDay, F::kSecond), "INTERVAL '1 02:03:04.5' DAY TO SECOND");
  EXPECT_EQ(DayTimeIntervalToString(-value, F::kDay, F::kSecond), "INTERVAL '-1 02:03:04.5' DAY TO SECOND");
  EXPECT_EQ(DayTimeIntervalToString(value, F::kDay, F::kHour), "INTERVAL '1 02' DAY TO HOUR");
  EXPECT_EQ(DayTimeIntervalToString(value, F::kHour, F::kMinute), "INTERVAL '26:03' HOUR TO MINUTE");
  EXPECT_EQ(DayTimeIntervalToString(65 * kMicrosPerSecond, F::kMinute, F::kSecond),
            "INTERVAL '01:05' MINUTE TO SECOND");
  EXPECT_EQ(DayTimeIntervalToString(0, F::kDay, F::kSecond), "INTERVAL '0 00:00:00' DAY TO SECOND");
  EXPECT_EQ(DayTimeIntervalToString(3 * kMicrosPerDay, F::kDay, F::kDay), "INTERVAL '3' DAY");
  EXPECT_EQ(DayTimeIntervalToString(std::numeric_limits<int64_t>::min(), F::kDay, F::kSecond),
            "INTERVAL '-106751991 04:00:54.775808' DAY TO SECOND");
  EXPECT_EQ(DayTimeIntervalToString(std::numeric_limits<int64_t>::min(), F::kSecond, F::kSecond),
            "INTERVAL '-9223372036854.775808' SECOND");

  EXPECT_EQ(CalendarIntervalToString({0, 0, 0}), "0 seconds");
  EXPECT_EQ(CalendarIntervalToString({14, 3, 4 * kMicrosPerHour + 5 * kMicrosPerMinute + 6500000}),
            "1 years 2 months 3 days 4 hours 5 minutes 6.5 seconds");
  EXPECT_EQ(CalendarIntervalToString({-1, 0, -500000}), "-1 months -0.5 seconds");
}

TEST(SparkText, NestedValuesLikeShow) {
  // [1, NULL], {7, x}, {a -> 1, b -> NULL}
  VectorPtr list = Vector::Make(DataType::Array(DataType::Int()), 0);
  list->child(0).Resize(2);
  list->child(0).values<int32_t>()[0] = 1;
  list->child(0).SetNull(1);
  list->Resize(2);
  list->offsets()[1] = 2;
  list->offsets()[2] = 2;
  EXPECT_EQ(Text(*list, 0), "[1, NULL]");
  EXPECT_EQ(Text(*list, 0, {.null_text = "null"}), "[1, null]");
  EXPECT_EQ(Text(*list, 1), "[]");

  VectorPtr st = Vector::Make(DataType::Struct({{"i", DataType::Int()}, {"s", DataType::String()}}), 1);
  st->child(0).Resize(1);
  st->child(0).values<int32_t>()[0] = 7;
  st->child(1).Resize(1);
  st->child(1).SetString(0, "x");
  EXPECT_EQ(Text(*st, 0), "{7, x}");

  VectorPtr map = Vector::Make(DataType::Map(DataType::String(), DataType::Int()), 0);
  map->child(0).Resize(2);
  map->child(1).Resize(2);
  map->child(0).SetString(0, "a");
  map->child(0).SetString(1, "b");
  map->child(1).values<int32_t>()[0] = 1;
  map->child(1).SetNull(1);
  map->Resize(1);
  map->offsets()[1] = 2;
  EXPECT_EQ(Text(*map, 0), "{a -> 1, b -> NULL}");
}

}  // namespace
}  // namespace tarn
