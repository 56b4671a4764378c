#include "types/datetime.h"

#include <cctype>
#include <cstdio>

namespace tarn {

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{year_of_era + era * 400 + (month <= 2), month, day};
}

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

std::string FormatDate(int64_t days) {
  CivilDate date = CivilFromDays(days);
  char buffer[48];
  if (date.year >= 0 && date.year <= 9999) {
    std::snprintf(buffer, sizeof(buffer), "%04lld-%02d-%02d", static_cast<long long>(date.year), date.month,
                  date.day);
  } else if (date.year > 9999) {
    std::snprintf(buffer, sizeof(buffer), "+%lld-%02d-%02d", static_cast<long long>(date.year), date.month, date.day);
  } else {
    std::snprintf(buffer, sizeof(buffer), "-%04lld-%02d-%02d", static_cast<long long>(-date.year), date.month,
                  date.day);
  }
  return buffer;
}

std::string FormatTimeOfDay(int64_t micros_of_day) {
  int64_t seconds = micros_of_day / kMicrosPerSecond;
  int fraction = static_cast<int>(micros_of_day % kMicrosPerSecond);
  char buffer[32];
  int n = std::snprintf(buffer, sizeof(buffer), "%02d:%02d:%02d", static_cast<int>(seconds / 3600),
                        static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  if (fraction != 0) {
    n += std::snprintf(buffer + n, sizeof(buffer) - n, ".%06d", fraction);
    while (buffer[n - 1] == '0') --n;
    buffer[n] = '\0';
  }
  return std::string(buffer, n);
}

std::string FormatTimestamp(int64_t micros, char separator) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t micros_of_day = FloorMod(micros, kMicrosPerDay);
  std::string out = FormatDate(days);
  out += separator;
  out += FormatTimeOfDay(micros_of_day);
  return out;
}

namespace {

// Reads 1..max_digits digits; returns false if none.
bool ReadNumber(std::string_view text, size_t* pos, int max_digits, int64_t* out, int* digits_read = nullptr) {
  int64_t value = 0;
  int digits = 0;
  while (*pos < text.size() && digits < max_digits && std::isdigit(static_cast<unsigned char>(text[*pos]))) {
    value = value * 10 + (text[*pos] - '0');
    ++*pos;
    ++digits;
  }
  if (digits_read) *digits_read = digits;
  *out = value;
  return digits > 0;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// Parses the date part; leaves *pos after it.
bool ParseDatePart(std::string_view text, size_t* pos, int64_t* days) {
  int sign = 1;
  if (*pos < text.size() && (text[*pos] == '+' || text[*pos] == '-')) {
    sign = text[*pos] == '-' ? -1 : 1;
    ++*pos;
  }
  int64_t year = 0, month = 1, day = 1;
  int digits = 0;
  if (!ReadNumber(text, pos, 7, &year, &digits) || digits < 4) return false;
  year *= sign;
  if (*pos < text.size() && text[*pos] == '-') {
    ++*pos;
    if (!ReadNumber(text, pos, 2, &month)) return false;
    if (*pos < text.size() && text[*pos] == '-') {
      ++*pos;
      if (!ReadNumber(text, pos, 2, &day)) return false;
    }
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, static_cast<int>(month))) return false;
  *days = DaysFromCivil(year, static_cast<int>(month), static_cast<int>(day));
  return true;
}

}  // namespace

std::optional<int32_t> ParseDate(std::string_view text) {
  text = Trim(text);
  size_t pos = 0;
  int64_t days = 0;
  if (!ParseDatePart(text, &pos, &days)) return std::nullopt;
  if (pos != text.size() && text[pos] != ' ' && text[pos] != 'T') return std::nullopt;
  if (days < INT32_MIN || days > INT32_MAX) return std::nullopt;
  return static_cast<int32_t>(days);
}

std::optional<ParsedTimestamp> ParseTimestamp(std::string_view text) {
  text = Trim(text);
  size_t pos = 0;
  int64_t days = 0;
  if (!ParseDatePart(text, &pos, &days)) return std::nullopt;
  // Beyond what int64 microseconds can hold (about ±292,000 years); the two
  // days of margin keep the time of day and a zone offset from overflowing.
  if (days > INT64_MAX / kMicrosPerDay - 2 || days < INT64_MIN / kMicrosPerDay + 2) return std::nullopt;
  ParsedTimestamp result{days * kMicrosPerDay, std::nullopt, ""};
  if (pos == text.size()) return result;
  if (text[pos] != ' ' && text[pos] != 'T') return std::nullopt;
  ++pos;
  int64_t hour = 0, minute = 0, second = 0, fraction = 0;
  if (!ReadNumber(text, &pos, 2, &hour)) return pos == text.size() ? std::optional(result) : std::nullopt;
  if (pos >= text.size() || text[pos] != ':') return std::nullopt;
  ++pos;
  if (!ReadNumber(text, &pos, 2, &minute)) return std::nullopt;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!ReadNumber(text, &pos, 2, &second)) return std::nullopt;
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
      int digits = 0;
      int64_t raw = 0;
      // Up to 9 digits are accepted; below microseconds they are truncated.
      if (!ReadNumber(text, &pos, 9, &raw, &digits)) digits = 0;
      for (int i = digits; i < 6; ++i) raw *= 10;
      for (int i = 6; i < digits; ++i) raw /= 10;
      fraction = raw;
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
  result.micros += hour * kMicrosPerHour + minute * kMicrosPerMinute + second * kMicrosPerSecond + fraction;
  // Optional zone.
  while (pos < text.size() && text[pos] == ' ') ++pos;
  if (pos == text.size()) return result;
  std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") {
    result.offset_seconds = 0;
    return result;
  }
  auto parse_offset = [&](std::string_view offset) -> std::optional<int32_t> {
    if (offset.empty()) return 0;
    if (offset[0] != '+' && offset[0] != '-') return std::nullopt;
    int sign = offset[0] == '-' ? -1 : 1;
    size_t p = 1;
    int64_t h = 0, m = 0, s = 0;
    int digits = 0;
    if (!ReadNumber(offset, &p, 2, &h, &digits)) return std::nullopt;
    if (p < offset.size() && offset[p] == ':') ++p;
    if (p < offset.size()) {
      if (!ReadNumber(offset, &p, 2, &m)) return std::nullopt;
      if (p < offset.size() && offset[p] == ':') ++p;
      if (p < offset.size() && !ReadNumber(offset, &p, 2, &s)) return std::nullopt;
    }
    if (p != offset.size() || h > 18 || m > 59 || s > 59) return std::nullopt;
    return static_cast<int32_t>(sign * (h * 3600 + m * 60 + s));
  };
  if (zone[0] == '+' || zone[0] == '-') {
    auto offset = parse_offset(zone);
    if (!offset) return std::nullopt;
    result.offset_seconds = offset;
    return result;
  }
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (zone.substr(0, prefix.size()) == prefix) {
      auto offset = parse_offset(zone.substr(prefix.size()));
      if (offset) {
        result.offset_seconds = offset;
        return result;
      }
    }
  }
  // A region id such as Europe/Amsterdam: letters, '/', '_', '-'.
  for (char c : zone) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '-' && c != '+') {
      return std::nullopt;
    }
  }
  result.zone_id = std::string(zone);
  return result;
}

}  // namespace tarn
