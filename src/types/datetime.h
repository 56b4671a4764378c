// Calendar arithmetic for DATE (days since 1970-01-01) and TIMESTAMP
// (microseconds since the epoch) in the proleptic Gregorian calendar, as
// Spark 3+ uses, and their canonical text forms.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tarn {

inline constexpr int64_t kMicrosPerSecond = 1000000;
inline constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

struct CivilDate {
  int64_t year;
  int month;  ///< 1..12
  int day;    ///< 1..31
};

struct CivilTime {
  int hour, minute, second;
  int micros;  ///< 0..999999
};

/// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t year, int month, int day);
CivilDate CivilFromDays(int64_t days);
bool IsLeapYear(int64_t year);
int DaysInMonth(int64_t year, int month);

/// Floor division helpers for negative timestamps.
inline int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
inline int64_t FloorMod(int64_t a, int64_t b) {
  int64_t r = a % b;  // no a - q*b: that overflows for INT64_MIN
  return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
}

/// "YYYY-MM-DD"; years beyond 9999 get a '+' and years before 0 a '-' (as Spark prints them).
std::string FormatDate(int64_t days);
/// "HH:MM:SS" plus ".ffffff" with trailing zeros removed when the fraction is not zero.
std::string FormatTimeOfDay(int64_t micros_of_day);
/// Date and time joined by `separator` (' ' for Spark, 'T' for ISO).
std::string FormatTimestamp(int64_t micros, char separator = ' ');

/// Parses "[+-]YYYY[-MM[-DD]]" with Spark's cast rules (trailing 'T...' or ' ...' allowed).
std::optional<int32_t> ParseDate(std::string_view text);
/// Parses a timestamp text as Spark's CAST(string AS TIMESTAMP) does: date,
/// optional 'T' or ' ' then H[H]:M[M][:S[S][.fraction]], optional zone (Z,
/// +hh:mm, UTC, GMT+hh, region ids are resolved by the caller).
/// Returns local micros and, when the text carries an offset, that offset in seconds.
struct ParsedTimestamp {
  int64_t micros;                         ///< as written (wall clock)
  std::optional<int32_t> offset_seconds;  ///< zone offset when the text had one
  std::string zone_id;                    ///< region id when the text had one (e.g. "America/New_York")
};
std::optional<ParsedTimestamp> ParseTimestamp(std::string_view text);

}  // namespace tarn
