#include "functions/datetime_arith.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "types/datetime.h"
#include "types/time_zone.h"

namespace tarn {
namespace {

int64_t Utc(std::string_view text) { return ParseTimestamp(text)->micros; }
int32_t Day(std::string_view text) { return *ParseDate(text); }

TEST(DatetimeArithTest, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(DateAddMonths(Day("2020-01-31"), 1), Day("2020-02-29"));
  EXPECT_EQ(DateAddMonths(Day("2019-01-31"), 1), Day("2019-02-28"));
  EXPECT_EQ(DateAddMonths(Day("2020-02-29"), 12), Day("2021-02-28"));
  EXPECT_EQ(DateAddMonths(Day("2020-02-29"), 48), Day("2024-02-29"));
  EXPECT_EQ(DateAddMonths(Day("0001-03-31"), -14), Day("0000-01-31"));
  EXPECT_EQ(DateAddMonths(Day("0001-03-31"), -15), Day("-0001-12-31"));
  EXPECT_EQ(DateAddDays(INT32_MAX, 1), INT32_MIN);  // Spark's int addition wraps
}

TEST(DatetimeArithTest, DateAddInterval) {
  auto utc = TimeZone::Utc();
  EXPECT_EQ(DateAddInterval(Day("2020-01-31"), IntervalValue{1, 1, 0}, true, *utc), Day("2020-03-01"));
  EXPECT_THROW(DateAddInterval(Day("2020-01-31"), IntervalValue{0, 0, kMicrosPerHour}, true, *utc), Error);
  EXPECT_EQ(DateAddInterval(Day("2020-01-31"), IntervalValue{0, 0, 25 * kMicrosPerHour}, false, *utc),
            Day("2020-02-01"));
}

TEST(DatetimeArithTest, TimestampArithmeticAcrossDst) {
  auto la = TimeZone::Find("America/Los_Angeles");
  ASSERT_TRUE(la);
  // 2020-03-07 10:00 PST + 1 day = 2020-03-08 10:00 PDT: 23 hours later.
  int64_t start = Utc("2020-03-07 18:00:00");
  EXPECT_EQ(TimestampAddInterval(start, IntervalValue{0, 1, 0}, *la), Utc("2020-03-08 17:00:00"));
  // + 24 hours as micros is exact time.
  EXPECT_EQ(TimestampAddInterval(start, IntervalValue{0, 0, 24 * kMicrosPerHour}, *la), Utc("2020-03-08 18:00:00"));
  // 2020-02-08 02:30 PST + 1 month = 2020-03-08 02:30, in the gap → 03:30 PDT.
  EXPECT_EQ(TimestampAddMonths(Utc("2020-02-08 10:30:00"), 1, *la), Utc("2020-03-08 10:30:00"));
  // Fall back: 01:30 PDT + 1 day... wall clock 2020-11-01 01:30 exists twice; the earlier offset (PDT) is kept.
  EXPECT_EQ(TimestampAddInterval(Utc("2020-10-31 08:30:00"), IntervalValue{0, 1, 0}, *la),
            Utc("2020-11-01 08:30:00"));
  // From the second 01:30 (PST), + 0 days + 1 month keeps PST when valid.
  EXPECT_EQ(TimestampAddMonths(Utc("2020-11-01 09:30:00"), 1, *la), Utc("2020-12-01 09:30:00"));
  EXPECT_THROW(TimestampAddMicros(INT64_MAX, 1), Error);
}

TEST(DatetimeArithTest, Differences) {
  EXPECT_EQ(SubtractTimestamps(Utc("2020-01-02 00:00:00"), Utc("2020-01-01 00:00:00")), kMicrosPerDay);
  EXPECT_EQ(SubtractDatesDayTime(Day("2020-03-01"), Day("2020-02-28")), 2 * kMicrosPerDay);
  EXPECT_EQ(SubtractDatesCalendar(Day("2020-03-01"), Day("2020-01-31")), (IntervalValue{1, 1, 0}));
  EXPECT_EQ(SubtractDatesCalendar(Day("2020-01-31"), Day("2020-03-01")), (IntervalValue{-1, -1, 0}));
}

TEST(DatetimeArithTest, MonthsBetween) {
  auto utc = TimeZone::Utc();
  EXPECT_DOUBLE_EQ(MonthsBetween(Utc("1997-02-28 10:30:00"), Utc("1996-10-30 00:00:00"), true, *utc), 3.94959677);
  EXPECT_DOUBLE_EQ(MonthsBetween(Utc("2020-02-29 00:00:00"), Utc("2019-02-28 00:00:00"), true, *utc), 12.0);
}

}  // namespace
}  // namespace tarn
