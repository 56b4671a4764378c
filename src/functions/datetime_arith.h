// Date and timestamp arithmetic as Spark's DateTimeUtils does it, for the
// datetime functions and for the engine's operators:
//
//   date + int              → date_add (function)            DateAddDays
//   date ± year-month intvl → DateAddMonths                  (DateAddYMInterval)
//   date ± calendar intvl   → DateAddInterval                (DateAddInterval)
//   ts   ± year-month intvl → TimestampAddMonths             (TimestampAddYMInterval)
//   ts   ± day-time intvl   → TimestampAddMicros             (TimestampAddInterval, DT)
//   ts   ± calendar intvl   → TimestampAddInterval           (TimestampAddInterval)
//   ts - ts                 → SubtractTimestamps             (day-time interval micros)
//   date - date             → SubtractDatesDayTime (ANSI) / SubtractDatesCalendar (legacy)
//
// TIMESTAMP values are UTC micros and month/day steps happen on the wall clock
// of `zone` (a DST gap moves the result forward, an overlap keeps the earlier
// offset, as java.time's ZonedDateTime does). TIMESTAMP_NTZ values are wall
// clock already: pass the UTC zone (TimeZone::Find("UTC")).
//
// Overflow of the result raises ARITHMETIC_OVERFLOW / DATETIME_OVERFLOW as Spark does
// (its Math.*Exact calls); int days wrap as Spark's `date + int` does.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>

#include "columnar/vector.h"

namespace tarn {

class TimeZone;

/// days + n, wrapping like Spark's int addition (date_add, date_sub).
int32_t DateAddDays(int32_t days, int32_t n);
/// Adds months, clamping the day to the end of the target month (Jan 31 + 1 month = Feb 28/29).
int32_t DateAddMonths(int32_t days, int32_t months);
/// Adds a calendar interval to a date. Time parts (micros) are refused in ANSI
/// mode; in legacy mode the date goes through a timestamp at midnight in `zone`.
int32_t DateAddInterval(int32_t days, const IntervalValue& interval, bool ansi, const TimeZone& zone);

/// Adds months on the wall clock of `zone`, keeping the time of day.
int64_t TimestampAddMonths(int64_t micros, int32_t months, const TimeZone& zone);
/// Adds an exact number of microseconds (day-time intervals); ARITHMETIC_OVERFLOW past int64.
int64_t TimestampAddMicros(int64_t micros, int64_t delta);
/// Adds months, then days (both on the wall clock of `zone`), then micros (exact).
int64_t TimestampAddInterval(int64_t micros, const IntervalValue& interval, const TimeZone& zone);

/// end - start in microseconds (a day-time interval); ARITHMETIC_OVERFLOW past int64.
int64_t SubtractTimestamps(int64_t end, int64_t start);
/// end - start as a day-time interval (ANSI: days * 86400 s).
int64_t SubtractDatesDayTime(int32_t end, int32_t start);
/// end - start as java.time.Period: months and days (legacy interval mode).
IntervalValue SubtractDatesCalendar(int32_t end, int32_t start);

/// Spark's monthsBetween: whole months when the days of month match or both are
/// month ends, else the difference with 31-day months, rounded to 8 digits when asked.
double MonthsBetween(int64_t micros1, int64_t micros2, bool round_off, const TimeZone& zone);

/// UTC micros of local midnight of `days` in `zone`.
int64_t DaysToMicros(int32_t days, const TimeZone& zone);
/// The local date in `zone` of UTC `micros`.
int32_t MicrosToDays(int64_t micros, const TimeZone& zone);

/// Wall-clock micros `local` resolved in `zone`, preferring `preferred_offset`
/// (seconds) when the wall clock is ambiguous (ZonedDateTime.ofLocal).
int64_t LocalToUtcPreferring(int64_t local, int32_t preferred_offset, const TimeZone& zone);

}  // namespace tarn
