#include "functions/datetime_format.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "types/datetime.h"

namespace tarn {
namespace {

int64_t Local(int64_t y, int mo, int d, int h = 0, int mi = 0, int s = 0, int micros = 0) {
  return DaysFromCivil(y, mo, d) * kMicrosPerDay + h * kMicrosPerHour + mi * kMicrosPerMinute +
         s * kMicrosPerSecond + micros;
}

std::string Fmt(std::string_view pattern, int64_t local, int32_t offset = 0, std::string_view zone = "UTC") {
  return DateTimePattern::Compile(pattern, false)->Format(local, offset, zone);
}

std::optional<int64_t> ParseLocal(std::string_view pattern, std::string_view text, std::string* error = nullptr) {
  auto parsed = DateTimePattern::Compile(pattern, true)->Parse(text, error);
  if (!parsed) return std::nullopt;
  return parsed->local_micros;
}

ErrorClass PatternError(std::string_view pattern, bool parsing) {
  try {
    DateTimePattern::Compile(pattern, parsing);
  } catch (const Error& e) {
    return e.info().error_class;
  }
  return ErrorClass::kInternalError;
}

TEST(DatetimeFormatTest, FormatsCommonPatterns) {
  int64_t t = Local(2016, 4, 8, 13, 5, 9, 123456);
  EXPECT_EQ(Fmt("yyyy-MM-dd HH:mm:ss", t), "2016-04-08 13:05:09");
  EXPECT_EQ(Fmt("y", t), "2016");
  EXPECT_EQ(Fmt("yy", t), "16");
  EXPECT_EQ(Fmt("yyy", t), "2016");
  EXPECT_EQ(Fmt("M/d/yy", t), "4/8/16");
  EXPECT_EQ(Fmt("MMM MMMM", t), "Apr April");
  EXPECT_EQ(Fmt("E EEE EEEE", t), "Fri Fri Friday");
  EXPECT_EQ(Fmt("D DD DDD", t), "99 99 099");
  EXPECT_EQ(Fmt("h hh a K k", t), "1 01 PM 1 13");
  EXPECT_EQ(Fmt("S SS SSS SSSSSS SSSSSSSSS", t), "1 12 123 123456 123456000");
  EXPECT_EQ(Fmt("Q QQ QQQ QQQQ", t), "2 02 Q2 2nd quarter");
  EXPECT_EQ(Fmt("G GGGG", t), "AD Anno Domini");
  EXPECT_EQ(Fmt("'T'HH''mm'o''clock'", t), "T13'05o'clock");
  EXPECT_EQ(Fmt("[yyyy]", t), "2016");
  EXPECT_EQ(Fmt("hh a", Local(2016, 4, 8, 0, 0)), "12 AM");
  EXPECT_EQ(Fmt("k", Local(2016, 4, 8, 0, 0)), "24");
}

TEST(DatetimeFormatTest, FormatsYearsOutsideFourDigits) {
  EXPECT_EQ(Fmt("yyyy-MM-dd", Local(10000, 1, 1)), "+10000-01-01");
  EXPECT_EQ(Fmt("yyyy-MM-dd", Local(-1, 1, 1)), "-0001-01-01");
  EXPECT_EQ(Fmt("y", Local(-44, 3, 15)), "-44");
  EXPECT_EQ(Fmt("yyyy G", Local(0, 1, 1)), "0001 BC");  // with an era, y is year-of-era
  EXPECT_EQ(Fmt("yy", Local(-5, 1, 1)), "05");
  EXPECT_EQ(Fmt("yyyy", Local(5, 1, 1)), "0005");
}

TEST(DatetimeFormatTest, FormatsZonesAndOffsets) {
  int64_t t = Local(2020, 7, 1, 12, 0);
  EXPECT_EQ(Fmt("z", t, -7 * 3600, "America/Los_Angeles"), "PDT");
  EXPECT_EQ(Fmt("z", t, -8 * 3600, "America/Los_Angeles"), "PST");
  EXPECT_EQ(Fmt("zzzz", t, -7 * 3600, "America/Los_Angeles"), "Pacific Daylight Time");
  EXPECT_EQ(Fmt("VV", t, -7 * 3600, "America/Los_Angeles"), "America/Los_Angeles");
  EXPECT_EQ(Fmt("X XX XXX", t, -7 * 3600, "America/Los_Angeles"), "-07 -0700 -07:00");
  EXPECT_EQ(Fmt("X XX XXX", t, 0, "UTC"), "Z Z Z");
  EXPECT_EQ(Fmt("x xx xxx", t, 0, "UTC"), "+00 +0000 +00:00");
  EXPECT_EQ(Fmt("X", t, 5 * 3600 + 30 * 60, "Asia/Kolkata"), "+0530");
  EXPECT_EQ(Fmt("Z ZZZZ ZZZZZ", t, 5 * 3600 + 30 * 60, "Asia/Kolkata"), "+0530 GMT+05:30 +05:30");
  EXPECT_EQ(Fmt("Z ZZZZZ", t, 0, "UTC"), "+0000 Z");
  EXPECT_EQ(Fmt("O OOOO", t, 8 * 3600, "Asia/Shanghai"), "GMT+8 GMT+08:00");
  EXPECT_EQ(Fmt("z", t, 0, "UTC"), "UTC");
}

TEST(DatetimeFormatTest, RejectsInvalidPatterns) {
  EXPECT_EQ(PatternError("yyyy-b", false), ErrorClass::kInvalidDatetimePatternChar);
  EXPECT_EQ(PatternError("u", false), ErrorClass::kInvalidDatetimePatternChar);
  EXPECT_EQ(PatternError("yyyy-MM-dd c", false), ErrorClass::kInvalidDatetimePatternChar);
  EXPECT_EQ(PatternError("MMMMM", false), ErrorClass::kInvalidDatetimePatternLength);
  EXPECT_EQ(PatternError("yyyyyyyyyyy", false), ErrorClass::kInvalidDatetimePatternLength);
  EXPECT_EQ(PatternError("ddd", false), ErrorClass::kInvalidDatetimePatternLength);
  EXPECT_EQ(PatternError("yyyy]", false), ErrorClass::kInvalidDatetimePattern);
  EXPECT_EQ(PatternError("'abc", false), ErrorClass::kInvalidDatetimePattern);
  EXPECT_EQ(PatternError("V", false), ErrorClass::kInvalidDatetimePattern);
  // Formatting-only letters are refused when parsing.
  EXPECT_EQ(PatternError("EEE", false), ErrorClass::kInternalError);
  EXPECT_EQ(PatternError("EEE", true), ErrorClass::kInvalidDatetimePatternChar);
  EXPECT_EQ(PatternError("QQ", true), ErrorClass::kInvalidDatetimePatternChar);
  // Letters inside quotes are text.
  EXPECT_EQ(PatternError("'u b c'", true), ErrorClass::kInternalError);
}

TEST(DatetimeFormatTest, ParsesCommonPatterns) {
  EXPECT_EQ(ParseLocal("yyyy-MM-dd HH:mm:ss", "2016-12-31 23:59:59"), Local(2016, 12, 31, 23, 59, 59));
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", "2016-12-31"), Local(2016, 12, 31));
  EXPECT_EQ(ParseLocal("dd/MM/yyyy", "09/02/2020"), Local(2020, 2, 9));
  EXPECT_EQ(ParseLocal("yyyyMMdd", "20200102"), Local(2020, 1, 2));
  EXPECT_EQ(ParseLocal("yyyyMMddHHmmss", "20200102030405"), Local(2020, 1, 2, 3, 4, 5));
  EXPECT_EQ(ParseLocal("yyMMdd", "200102"), Local(2020, 1, 2));
  EXPECT_EQ(ParseLocal("MMM d, yyyy", "jan 5, 2021"), Local(2021, 1, 5));
  EXPECT_EQ(ParseLocal("MMMM d yyyy", "FEBRUARY 5 2021"), Local(2021, 2, 5));
  EXPECT_EQ(ParseLocal("M/d/y", "1/5/2021"), Local(2021, 1, 5));
  EXPECT_EQ(ParseLocal("hh:mm a", "01:30 PM"), Local(1970, 1, 1, 13, 30));
  EXPECT_EQ(ParseLocal("hh:mm a", "12:30 am"), Local(1970, 1, 1, 0, 30));
  EXPECT_EQ(ParseLocal("hh:mm", "12:30"), Local(1970, 1, 1, 0, 30));  // no am/pm: AM
  EXPECT_EQ(ParseLocal("yyyy-MM", "2020-05"), Local(2020, 5, 1));
  EXPECT_EQ(ParseLocal("yyyy D", "2020 60"), Local(2020, 2, 29));
  EXPECT_EQ(ParseLocal("'Year' yyyy", "year 2020"), Local(2020, 1, 1));
  EXPECT_EQ(ParseLocal("yyyy-MM-dd[ HH:mm]", "2020-05-06"), Local(2020, 5, 6));
  EXPECT_EQ(ParseLocal("yyyy-MM-dd[ HH:mm]", "2020-05-06 07:08"), Local(2020, 5, 6, 7, 8));
}

TEST(DatetimeFormatTest, ParsesFractionsOfVariableLength) {
  const char* pattern = "yyyy-MM-dd HH:mm:ss.SSSSSS";
  EXPECT_EQ(ParseLocal(pattern, "2019-10-06 10:11:12.1"), Local(2019, 10, 6, 10, 11, 12, 100000));
  EXPECT_EQ(ParseLocal(pattern, "2019-10-06 10:11:12.123456"), Local(2019, 10, 6, 10, 11, 12, 123456));
  EXPECT_EQ(ParseLocal(pattern, "2019-10-06 10:11:12.1234567"), std::nullopt);
  EXPECT_EQ(ParseLocal("yyyy-MM-dd HH:mm:ss.SSSSSSSSS", "2019-10-06 10:11:12.123456789"),
            Local(2019, 10, 6, 10, 11, 12, 123456));
  EXPECT_EQ(ParseLocal("HHmmssSSS", "101112123"), Local(1970, 1, 1, 10, 11, 12, 123000));
}

TEST(DatetimeFormatTest, ParsesYearsWithSigns) {
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", "-0001-01-01"), Local(-1, 1, 1));
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", "+10000-01-01"), Local(10000, 1, 1));
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", "10000-01-01"), std::nullopt);  // strict: needs the '+'
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", "+2020-01-01"), std::nullopt);
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", "20-01-01"), std::nullopt);
}

TEST(DatetimeFormatTest, RejectsMalformedText) {
  std::string error;
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", "2016-12-31 abc", &error), std::nullopt);
  EXPECT_EQ(error, "Text '2016-12-31 abc' could not be parsed, unparsed text found at index 10");
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", "2016-1-31", &error), std::nullopt);
  EXPECT_EQ(error, "Text '2016-1-31' could not be parsed at index 5");
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", "2019-02-29", &error), std::nullopt);
  EXPECT_EQ(error, "Text '2019-02-29' could not be parsed: Invalid date 'February 29' as '2019' is not a leap year");
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", "2019-04-31", &error), std::nullopt);
  EXPECT_EQ(error, "Text '2019-04-31' could not be parsed: Invalid date 'APRIL 31'");
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", "2019-13-01", &error), std::nullopt);
  EXPECT_EQ(error, "Text '2019-13-01' could not be parsed: Invalid value for MonthOfYear (valid values 1 - 12): 13");
  EXPECT_EQ(ParseLocal("HH", "24"), std::nullopt);
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", ""), std::nullopt);
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", "2020-02-28"), Local(2020, 2, 28));
  EXPECT_EQ(ParseLocal("yyyy-MM-dd", "2020-02-29"), Local(2020, 2, 29));
}

TEST(DatetimeFormatTest, ParsesZonesAndOffsets) {
  auto parse = [](std::string_view pattern, std::string_view text) {
    return DateTimePattern::Compile(pattern, true)->Parse(text, nullptr);
  };
  auto p = parse("yyyy-MM-dd HH:mm:ssXXX", "2020-01-01 00:00:00+05:30");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->offset_seconds, 5 * 3600 + 1800);
  p = parse("yyyy-MM-dd HH:mm:ssX", "2020-01-01 00:00:00Z");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->offset_seconds, 0);
  p = parse("yyyy-MM-dd HH:mm:ss Z", "2020-01-01 00:00:00 -0800");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->offset_seconds, -8 * 3600);
  p = parse("yyyy-MM-dd HH:mm:ss VV", "2020-01-01 00:00:00 America/Los_Angeles");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->zone_id, "America/Los_Angeles");
  EXPECT_FALSE(p->offset_seconds);
  p = parse("yyyy-MM-dd HH:mm:ss z", "2020-01-01 00:00:00 PST");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->zone_id, "America/Los_Angeles");
  p = parse("yyyy-MM-dd HH:mm:ss z", "2020-01-01 00:00:00 UTC");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->offset_seconds, 0);
  p = parse("yyyy-MM-dd HH:mm:ss O", "2020-01-01 00:00:00 GMT+8");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->offset_seconds, 8 * 3600);
  EXPECT_FALSE(parse("yyyy-MM-dd HH:mm:ssXXX", "2020-01-01 00:00:00+0530"));
}

}  // namespace
}  // namespace tarn
