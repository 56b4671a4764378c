#include "functions/datetime_arith.h"

#include <cmath>

#include "common/error.h"
#include "types/datetime.h"
#include "types/time_zone.h"

namespace tarn {

namespace {

[[noreturn]] void ThrowOverflow(const std::string& what) {
  ThrowError(ErrorClass::kArithmeticOverflow,
             {{"message", what}, {"config", "\"spark.sql.ansi.enabled\""}});
}

int32_t ToDays(int64_t days, const char* operation) {
  if (days < INT32_MIN || days > INT32_MAX) ThrowError(ErrorClass::kDatetimeOverflow, {{"operation", operation}});
  return static_cast<int32_t>(days);
}

// Civil date + months with the day clamped to the month's end (LocalDate.plusMonths).
int64_t AddMonthsToCivil(int64_t days, int64_t months) {
  CivilDate date = CivilFromDays(days);
  int64_t total = date.year * 12 + (date.month - 1) + months;
  int64_t year = FloorDiv(total, 12);
  int month = static_cast<int>(FloorMod(total, 12)) + 1;
  int day = std::min(date.day, DaysInMonth(year, month));
  return DaysFromCivil(year, month, day);
}

}  // namespace

int32_t DateAddDays(int32_t days, int32_t n) {
  return static_cast<int32_t>(static_cast<uint32_t>(days) + static_cast<uint32_t>(n));
}

int32_t DateAddMonths(int32_t days, int32_t months) {
  return ToDays(AddMonthsToCivil(days, months), "date + months");
}

int64_t DaysToMicros(int32_t days, const TimeZone& zone) {
  return zone.LocalToUtc(static_cast<int64_t>(days) * kMicrosPerDay);
}

int32_t MicrosToDays(int64_t micros, const TimeZone& zone) {
  return static_cast<int32_t>(FloorDiv(zone.UtcToLocal(micros), kMicrosPerDay));
}

int64_t LocalToUtcPreferring(int64_t local, int32_t preferred_offset, const TimeZone& zone) {
  int64_t candidate = local - static_cast<int64_t>(preferred_offset) * kMicrosPerSecond;
  if (zone.OffsetSecondsAtUtc(candidate) == preferred_offset) return candidate;
  return zone.LocalToUtc(local);
}

int32_t DateAddInterval(int32_t days, const IntervalValue& interval, bool ansi, const TimeZone& zone) {
  if (interval.micros == 0) {
    int64_t result = AddMonthsToCivil(days, interval.months) + interval.days;
    return ToDays(result, "date + interval");
  }
  if (ansi) {
    ThrowError(ErrorClass::kUnsupportedFeature,
               {{"feature", "Cannot add hours, minutes or seconds, milliseconds, microseconds to a date"}});
  }
  int64_t micros = TimestampAddInterval(DaysToMicros(days, zone), interval, zone);
  return MicrosToDays(micros, zone);
}

int64_t TimestampAddMonths(int64_t micros, int32_t months, const TimeZone& zone) {
  if (months == 0) return micros;
  int32_t offset = zone.OffsetSecondsAtUtc(micros);
  int64_t local = micros + static_cast<int64_t>(offset) * kMicrosPerSecond;
  int64_t days = FloorDiv(local, kMicrosPerDay);
  int64_t time = FloorMod(local, kMicrosPerDay);
  int64_t new_days = AddMonthsToCivil(days, months);
  return LocalToUtcPreferring(new_days * kMicrosPerDay + time, offset, zone);
}

int64_t TimestampAddMicros(int64_t micros, int64_t delta) {
  int64_t out;
  if (__builtin_add_overflow(micros, delta, &out)) ThrowOverflow("long overflow");
  return out;
}

int64_t TimestampAddInterval(int64_t micros, const IntervalValue& interval, const TimeZone& zone) {
  if (interval.months == 0 && interval.days == 0) return TimestampAddMicros(micros, interval.micros);
  int32_t offset = zone.OffsetSecondsAtUtc(micros);
  int64_t local = micros + static_cast<int64_t>(offset) * kMicrosPerSecond;
  int64_t days = FloorDiv(local, kMicrosPerDay);
  int64_t time = FloorMod(local, kMicrosPerDay);
  // ZonedDateTime.plusMonths then plusDays, each re-resolving the wall clock
  // with the previous offset preferred.
  if (interval.months != 0) {
    days = AddMonthsToCivil(days, interval.months);
    int64_t utc = LocalToUtcPreferring(days * kMicrosPerDay + time, offset, zone);
    offset = zone.OffsetSecondsAtUtc(utc);
    local = utc + static_cast<int64_t>(offset) * kMicrosPerSecond;
    days = FloorDiv(local, kMicrosPerDay);
    time = FloorMod(local, kMicrosPerDay);
  }
  int64_t result = micros;
  {
    int64_t local_result = (days + interval.days) * kMicrosPerDay + time;
    result = LocalToUtcPreferring(local_result, offset, zone);
  }
  return TimestampAddMicros(result, interval.micros);
}

int64_t SubtractTimestamps(int64_t end, int64_t start) {
  int64_t out;
  if (__builtin_sub_overflow(end, start, &out)) ThrowOverflow("long overflow");
  return out;
}

int64_t SubtractDatesDayTime(int32_t end, int32_t start) {
  return (static_cast<int64_t>(end) - start) * kMicrosPerDay;
}

IntervalValue SubtractDatesCalendar(int32_t end, int32_t start) {
  // java.time.Period.between: whole months, then the remaining days, same sign.
  CivilDate a = CivilFromDays(start);
  CivilDate b = CivilFromDays(end);
  int64_t total_months = (b.year * 12 + b.month) - (a.year * 12 + a.month);
  int64_t days = b.day - a.day;
  if (total_months > 0 && days < 0) {
    --total_months;
    int64_t calc = AddMonthsToCivil(start, total_months);
    days = end - calc;
  } else if (total_months < 0 && days > 0) {
    ++total_months;
    days -= DaysInMonth(b.year, b.month);
  }
  return IntervalValue{static_cast<int32_t>(total_months), static_cast<int32_t>(days), 0};
}

double MonthsBetween(int64_t micros1, int64_t micros2, bool round_off, const TimeZone& zone) {
  int32_t date1 = MicrosToDays(micros1, zone);
  int32_t date2 = MicrosToDays(micros2, zone);
  CivilDate c1 = CivilFromDays(date1);
  CivilDate c2 = CivilFromDays(date2);
  bool end1 = c1.day == DaysInMonth(c1.year, c1.month);
  bool end2 = c2.day == DaysInMonth(c2.year, c2.month);
  double month_diff = static_cast<double>((c1.year * 12 + c1.month) - (c2.year * 12 + c2.month));
  if (c1.day == c2.day || (end1 && end2)) return month_diff;
  // Hive's way: seconds, not millis, to keep 8 digits exact.
  int64_t seconds1 = (micros1 - DaysToMicros(date1, zone)) / kMicrosPerSecond;
  int64_t seconds2 = (micros2 - DaysToMicros(date2, zone)) / kMicrosPerSecond;
  int64_t seconds_diff = static_cast<int64_t>(c1.day - c2.day) * 86400 + seconds1 - seconds2;
  double diff = month_diff + static_cast<double>(seconds_diff) / (31.0 * 86400);
  if (!round_off) return diff;
  return static_cast<double>(static_cast<int64_t>(std::floor(diff * 1e8 + 0.5))) / 1e8;
}

}  // namespace tarn
