#include "types/time_zone.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "types/datetime.h"

namespace tarn {
namespace {

int64_t Micros(int64_t y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
  return DaysFromCivil(y, mo, d) * kMicrosPerDay + h * kMicrosPerHour + mi * kMicrosPerMinute + s * kMicrosPerSecond;
}

std::shared_ptr<const TimeZone> Zone(std::string_view id) {
  auto zone = TimeZone::Find(id);
  EXPECT_NE(zone, nullptr) << id;
  return zone;
}

TEST(TimeZone, LosAngelesDst) {
  auto la = Zone("America/Los_Angeles");
  ASSERT_NE(la, nullptr);
  EXPECT_EQ(la->id(), "America/Los_Angeles");
  EXPECT_EQ(la->OffsetSecondsAtUtc(Micros(2024, 1, 15)), -8 * 3600);
  EXPECT_EQ(la->OffsetSecondsAtUtc(Micros(2024, 7, 1)), -7 * 3600);
  // Spring forward at 2024-03-10 10:00 UTC.
  EXPECT_EQ(la->OffsetSecondsAtUtc(Micros(2024, 3, 10, 10) - 1), -8 * 3600);
  EXPECT_EQ(la->OffsetSecondsAtUtc(Micros(2024, 3, 10, 10)), -7 * 3600);
  // Fall back at 2024-11-03 09:00 UTC.
  EXPECT_EQ(la->OffsetSecondsAtUtc(Micros(2024, 11, 3, 9) - 1), -7 * 3600);
  EXPECT_EQ(la->OffsetSecondsAtUtc(Micros(2024, 11, 3, 9)), -8 * 3600);

  EXPECT_EQ(la->UtcToLocal(Micros(2024, 7, 1, 12)), Micros(2024, 7, 1, 5));
  EXPECT_EQ(la->LocalToUtc(Micros(2024, 7, 1, 5)), Micros(2024, 7, 1, 12));
  EXPECT_EQ(la->LocalToUtc(Micros(2024, 1, 1, 0)), Micros(2024, 1, 1, 8));
  // Gap: 02:30 does not exist; java.time moves it to 03:30 PDT.
  EXPECT_EQ(la->LocalToUtc(Micros(2024, 3, 10, 2, 30)), Micros(2024, 3, 10, 10, 30));
  EXPECT_EQ(la->LocalToUtc(Micros(2024, 3, 10, 3, 0)), Micros(2024, 3, 10, 10, 0));
  EXPECT_EQ(la->LocalToUtc(Micros(2024, 3, 10, 1, 59, 59)), Micros(2024, 3, 10, 9, 59, 59));
  // Overlap: 01:30 happens twice; the earlier offset (PDT) wins.
  EXPECT_EQ(la->LocalToUtc(Micros(2024, 11, 3, 1, 30)), Micros(2024, 11, 3, 8, 30));
  EXPECT_EQ(la->LocalToUtc(Micros(2024, 11, 3, 2, 0)), Micros(2024, 11, 3, 10, 0));
}

TEST(TimeZone, FarFutureUsesTheFooterRule) {
  auto la = Zone("America/Los_Angeles");
  ASSERT_NE(la, nullptr);
  EXPECT_EQ(la->OffsetSecondsAtUtc(Micros(2100, 1, 1)), -8 * 3600);
  EXPECT_EQ(la->OffsetSecondsAtUtc(Micros(2100, 7, 1)), -7 * 3600);
  // 2100-03-14 is the second Sunday of March.
  EXPECT_EQ(la->OffsetSecondsAtUtc(Micros(2100, 3, 14, 10) - 1), -8 * 3600);
  EXPECT_EQ(la->OffsetSecondsAtUtc(Micros(2100, 3, 14, 10)), -7 * 3600);
  EXPECT_EQ(la->LocalToUtc(Micros(2100, 3, 14, 2, 30)), Micros(2100, 3, 14, 10, 30));
  auto berlin = Zone("Europe/Berlin");
  ASSERT_NE(berlin, nullptr);
  EXPECT_EQ(berlin->OffsetSecondsAtUtc(Micros(2100, 7, 1)), 7200);
  EXPECT_EQ(berlin->OffsetSecondsAtUtc(Micros(2100, 12, 1)), 3600);
  // Last Sunday of March 2100 is the 28th; the switch is at 01:00 UTC.
  EXPECT_EQ(berlin->OffsetSecondsAtUtc(Micros(2100, 3, 28, 1) - 1), 3600);
  EXPECT_EQ(berlin->OffsetSecondsAtUtc(Micros(2100, 3, 28, 1)), 7200);
  EXPECT_EQ(berlin->OffsetSecondsAtUtc(Micros(9999, 7, 1)), 7200);
}

TEST(TimeZone, FarPastIsLocalMeanTime) {
  EXPECT_EQ(Zone("America/Los_Angeles")->OffsetSecondsAtUtc(Micros(1800, 1, 1)), -(7 * 3600 + 52 * 60 + 58));
  EXPECT_EQ(Zone("Asia/Kolkata")->OffsetSecondsAtUtc(Micros(1800, 1, 1)), 5 * 3600 + 53 * 60 + 28);
  EXPECT_EQ(Zone("Europe/Berlin")->OffsetSecondsAtUtc(Micros(1800, 1, 1)), 53 * 60 + 28);
}

TEST(TimeZone, KolkataAndBerlin) {
  auto kolkata = Zone("Asia/Kolkata");
  EXPECT_EQ(kolkata->OffsetSecondsAtUtc(Micros(2024, 6, 1)), 19800);
  EXPECT_EQ(kolkata->LocalToUtc(Micros(2024, 6, 1, 5, 30)), Micros(2024, 6, 1));
  auto berlin = Zone("Europe/Berlin");
  EXPECT_EQ(berlin->OffsetSecondsAtUtc(Micros(2024, 1, 1)), 3600);
  EXPECT_EQ(berlin->OffsetSecondsAtUtc(Micros(2024, 7, 1)), 7200);
  // 2024-03-31 02:30 does not exist in Berlin → 03:30 CEST = 01:30 UTC.
  EXPECT_EQ(berlin->LocalToUtc(Micros(2024, 3, 31, 2, 30)), Micros(2024, 3, 31, 1, 30));
  // 2024-10-27 02:30 happens twice → the first (CEST) = 00:30 UTC.
  EXPECT_EQ(berlin->LocalToUtc(Micros(2024, 10, 27, 2, 30)), Micros(2024, 10, 27, 0, 30));
}

TEST(TimeZone, FixedOffsets) {
  struct Case {
    const char* id;
    int32_t offset;
    const char* normalized;
  };
  for (const Case& c : {Case{"+08:00", 28800, "+08:00"}, Case{"-0530", -19800, "-05:30"}, Case{"+8", 28800, "+08:00"},
                        Case{"Z", 0, "Z"}, Case{"UTC", 0, "UTC"}, Case{"GMT+8", 28800, "GMT+8"},
                        Case{"UTC-03:30", -12600, "UTC-03:30"}, Case{"-08:00:30", -28830, "-08:00:30"},
                        Case{"+5:30", 19800, "+05:30"}, Case{"EST", -18000, "-05:00"}, Case{"GMT", 0, "GMT"}}) {
    auto zone = TimeZone::Find(c.id);
    ASSERT_NE(zone, nullptr) << c.id;
    EXPECT_TRUE(zone->is_fixed()) << c.id;
    EXPECT_EQ(zone->OffsetSecondsAtUtc(Micros(2024, 7, 1)), c.offset) << c.id;
    EXPECT_EQ(zone->id(), c.normalized);
    EXPECT_EQ(zone->LocalToUtc(zone->UtcToLocal(123456789)), 123456789);
  }
  EXPECT_EQ(TimeZone::Fixed(-3600)->id(), "-01:00");
  EXPECT_EQ(TimeZone::Utc()->OffsetSecondsAtUtc(0), 0);
}

TEST(TimeZone, ShortIdsAndUnknown) {
  auto pst = TimeZone::Find("PST");
  ASSERT_NE(pst, nullptr);
  EXPECT_EQ(pst->OffsetSecondsAtUtc(Micros(2024, 7, 1)), -7 * 3600);
  EXPECT_EQ(TimeZone::Find("Mars/Olympus"), nullptr);
  EXPECT_EQ(TimeZone::Find("../../etc/passwd"), nullptr);
  EXPECT_EQ(TimeZone::Find("/etc/passwd"), nullptr);
  EXPECT_EQ(TimeZone::Find(""), nullptr);
  EXPECT_EQ(TimeZone::Find("+19:00"), nullptr);
  EXPECT_EQ(TimeZone::Find("+08:60"), nullptr);
  EXPECT_EQ(TimeZone::Find("GMT+"), nullptr);
  EXPECT_EQ(TimeZone::Find("america/los_angeles"), nullptr);  // region ids are case-sensitive, as in Java
  EXPECT_EQ(TimeZone::Find("Europe/Berlin"), TimeZone::Find("Europe/Berlin"));  // cached
}

TEST(TimeZone, ExtremeInstantsDoNotOverflow) {
  auto la = Zone("America/Los_Angeles");
  EXPECT_EQ(la->OffsetSecondsAtUtc(INT64_MIN), -(7 * 3600 + 52 * 60 + 58));
  la->OffsetSecondsAtUtc(INT64_MAX);
  la->LocalToUtc(INT64_MIN);
  la->LocalToUtc(INT64_MAX);
  la->UtcToLocal(INT64_MAX);
  TimeZone::Find("+08:00")->UtcToLocal(INT64_MAX);
}

TEST(TimeZone, PosixRules) {
  auto rule = ParsePosixTzRule("PST8PDT,M3.2.0,M11.1.0");
  ASSERT_TRUE(rule.has_value());
  EXPECT_EQ(rule->std_offset, -8 * 3600);
  EXPECT_EQ(rule->dst_offset, -7 * 3600);
  auto quoted = ParsePosixTzRule("<+0330>-3:30");
  ASSERT_TRUE(quoted.has_value());
  EXPECT_EQ(quoted->std_offset, 12600);
  EXPECT_FALSE(quoted->has_dst);
  auto southern = ParsePosixTzRule("AEST-10AEDT,M10.1.0,M4.1.0/3");
  ASSERT_TRUE(southern.has_value());
  EXPECT_EQ(southern->end.time, 3 * 3600);
  EXPECT_FALSE(ParsePosixTzRule("").has_value());
  EXPECT_FALSE(ParsePosixTzRule("PST").has_value());
  EXPECT_FALSE(ParsePosixTzRule("PST8PDT,M13.1.0,M11.1.0").has_value());
  EXPECT_FALSE(ParsePosixTzRule("PST8PDT,M3.2.0").has_value());
  // Sydney far in the future: DST in January, standard in July.
  auto sydney = Zone("Australia/Sydney");
  EXPECT_EQ(sydney->OffsetSecondsAtUtc(Micros(2200, 1, 15)), 11 * 3600);
  EXPECT_EQ(sydney->OffsetSecondsAtUtc(Micros(2200, 7, 15)), 10 * 3600);
}

TEST(TimeZone, CorruptTzifIsRejected) {
  std::ifstream in("/usr/share/zoneinfo/Europe/Berlin", std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(data.size(), 100u);
  ASSERT_NE(TimeZone::FromTzif("x", data), nullptr);
  EXPECT_EQ(TimeZone::FromTzif("x", ""), nullptr);
  EXPECT_EQ(TimeZone::FromTzif("x", "TZif2"), nullptr);
  // Every truncation either fails cleanly or parses; none may crash.
  for (size_t n = 0; n < data.size(); n += 7) TimeZone::FromTzif("x", std::string_view(data).substr(0, n));
  // Flipped bytes likewise.
  for (size_t i = 0; i < data.size(); i += 5) {
    std::string copy = data;
    copy[i] = static_cast<char>(copy[i] ^ 0xA5);
    auto zone = TimeZone::FromTzif("x", copy);
    if (zone) zone->LocalToUtc(Micros(2024, 3, 31, 2, 30));
  }
}

TEST(TimeZone, FindIsThreadSafe) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([] {
      for (int i = 0; i < 50; ++i) {
        auto zone = TimeZone::Find(i % 2 ? "Asia/Tokyo" : "America/New_York");
        ASSERT_NE(zone, nullptr);
      }
    });
  }
  for (auto& thread : threads) thread.join();
}

}  // namespace
}  // namespace tarn
