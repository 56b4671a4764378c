#include "functions/datetime_format.h"

#include <array>
#include <cctype>
#include <cstdio>

#include "common/error.h"
#include "types/datetime.h"

namespace tarn {

namespace {

enum class Kind : uint8_t {
  kLiteral,
  kOptionalStart,
  kOptionalEnd,
  kEra,           // G
  kYear,          // y (proleptic year, Spark's 'u')
  kYearOfEra,     // y with G in the pattern
  kMonth,         // M / L
  kDayOfMonth,    // d
  kDayOfYear,     // D
  kQuarter,       // Q / q (formatting only)
  kDayOfWeek,     // E (formatting only)
  kAlignedWeekDay,// F (formatting only)
  kAmPm,          // a
  kHourOfDay,     // H 0-23
  kClockHourAmPm, // h 1-12
  kHourAmPm,      // K 0-11
  kClockHourDay,  // k 1-24
  kMinute,        // m
  kSecond,        // s
  kFraction,      // S
  kZoneId,        // VV
  kZoneName,      // z
  kOffsetX,       // X
  kOffsetx,       // x
  kOffsetZ,       // Z
  kOffsetO,       // O
};

enum class Sign : uint8_t { kNormal, kNotNegative, kExceedsPad };

// The fields a parse fills; -1 index means none.
enum ParsedField : int {
  kFYear, kFYearOfEra, kFEra, kFMonth, kFDay, kFDayOfYear, kFAmPm, kFHourOfDay, kFClockHourAmPm, kFHourAmPm,
  kFClockHourDay, kFMinute, kFSecond, kFNano, kFieldCount
};

const char* const kMonthShort[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* const kMonthFull[] = {"January", "February", "March",     "April",   "May",      "June",
                                  "July",    "August",   "September", "October", "November", "December"};
const char* const kMonthUpper[] = {"JANUARY", "FEBRUARY", "MARCH",     "APRIL",   "MAY",      "JUNE",
                                   "JULY",    "AUGUST",   "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"};
// Monday first, as java.time.DayOfWeek.
const char* const kDayShort[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char* const kDayFull[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

[[noreturn]] void ThrowPattern(std::string_view pattern) {
  ThrowError(ErrorClass::kInvalidDatetimePattern, {{"pattern", "'" + std::string(pattern) + "'"}});
}
[[noreturn]] void ThrowPatternChar(char c) {
  ThrowError(ErrorClass::kInvalidDatetimePatternChar, {{"c", std::string(1, c)}});
}
[[noreturn]] void ThrowPatternLength(std::string_view pattern) {
  ThrowError(ErrorClass::kInvalidDatetimePatternLength, {{"pattern", "'" + std::string(pattern) + "'"}});
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Day of week 0 = Monday .. 6 = Sunday.
int WeekDayIndex(int64_t days) { return static_cast<int>(FloorMod(days + 3, 7)); }

}  // namespace

struct DateTimePattern::Token {
  Kind kind = Kind::kLiteral;
  int count = 0;
  std::string literal;
  // Number layout (Java's NumberPrinterParser).
  bool number = false;
  bool reduced = false;  // 'yy': two digits, base 2000
  int min_width = 1;
  int max_width = 19;
  Sign sign = Sign::kNormal;
  int subsequent_width = 0;  // digits reserved for adjacent fixed-width fields
  int parse_max_fraction = 0;
  int matching_end = -1;  // kOptionalStart: index of its kOptionalEnd
};

DateTimePattern::DateTimePattern() = default;
DateTimePattern::~DateTimePattern() = default;

struct PatternCompiler {
  static std::shared_ptr<const DateTimePattern> Compile(std::string_view pattern, bool for_parsing) {
    auto out = std::make_shared<DateTimePattern>();
    out->pattern_ = std::string(pattern);
    std::vector<DateTimePattern::Token>& tokens = out->tokens_;
    // Spark's pre-checks (DateTimeFormatterHelper.convertIncompatiblePattern) on unquoted text.
    bool has_era = false;
    {
      bool quoted = false;
      char prev = 0;
      int run = 0;
      for (char c : pattern) {
        if (c == '\'') {
          quoted = !quoted;
          prev = 0;
          run = 0;
          continue;
        }
        if (quoted) continue;
        if (c == 'G') has_era = true;
        if (c == 'u') ThrowPatternChar(c);
        if (c == 'A' || c == 'c' || c == 'n' || c == 'N' || c == 'p') ThrowPatternChar(c);
        if (for_parsing && (c == 'Y' || c == 'W' || c == 'w' || c == 'E' || c == 'e' || c == 'F' || c == 'q' ||
                            c == 'Q'))
          ThrowPatternChar(c);
        run = c == prev ? run + 1 : 1;
        prev = c;
        if (run >= 5 && (c == 'G' || c == 'M' || c == 'L' || c == 'E' || c == 'e' || c == 'Q' || c == 'q'))
          ThrowPatternLength(pattern);
        if (run >= 11 && (c == 'y' || c == 'Y')) ThrowPatternLength(pattern);
      }
    }
    std::vector<int> open;
    size_t i = 0;
    while (i < pattern.size()) {
      char c = pattern[i];
      if (IsAsciiLetter(c)) {
        size_t start = i;
        while (i < pattern.size() && pattern[i] == c) ++i;
        int count = static_cast<int>(i - start);
        tokens.push_back(LetterToken(pattern, c, count, has_era, for_parsing));
      } else if (c == '\'') {
        size_t j = i + 1;
        std::string text;
        bool closed = false;
        while (j < pattern.size()) {
          if (pattern[j] == '\'') {
            if (j + 1 < pattern.size() && pattern[j + 1] == '\'') {
              text += '\'';
              j += 2;
              continue;
            }
            closed = true;
            break;
          }
          text += pattern[j++];
        }
        if (!closed) ThrowPattern(pattern);  // "Pattern ends with an incomplete string literal"
        if (j == i + 1) text = "'";           // '' is a quote
        AddLiteral(tokens, text);
        i = j + 1;
      } else if (c == '[') {
        open.push_back(static_cast<int>(tokens.size()));
        DateTimePattern::Token token;
        token.kind = Kind::kOptionalStart;
        tokens.push_back(token);
        ++i;
      } else if (c == ']') {
        if (open.empty()) ThrowPattern(pattern);  // "] without previous ["
        tokens[open.back()].matching_end = static_cast<int>(tokens.size());
        open.pop_back();
        DateTimePattern::Token token;
        token.kind = Kind::kOptionalEnd;
        tokens.push_back(token);
        ++i;
      } else if (c == '{' || c == '}' || c == '#') {
        ThrowPatternChar(c);  // reserved by DateTimeFormatter
      } else {
        AddLiteral(tokens, std::string(1, c));
        ++i;
      }
    }
    // Unclosed '[' sections end at the end of the pattern (Java closes them).
    while (!open.empty()) {
      tokens[open.back()].matching_end = static_cast<int>(tokens.size());
      open.pop_back();
      DateTimePattern::Token token;
      token.kind = Kind::kOptionalEnd;
      tokens.push_back(token);
    }
    AssignAdjacentWidths(tokens);
    return out;
  }

  static void AddLiteral(std::vector<DateTimePattern::Token>& tokens, const std::string& text) {
    if (!tokens.empty() && tokens.back().kind == Kind::kLiteral) {
      tokens.back().literal += text;
      return;
    }
    DateTimePattern::Token token;
    token.kind = Kind::kLiteral;
    token.literal = text;
    tokens.push_back(token);
  }

  static DateTimePattern::Token Number(Kind kind, int count, int min, int max, Sign sign) {
    DateTimePattern::Token token;
    token.kind = kind;
    token.count = count;
    token.number = true;
    token.min_width = min;
    token.max_width = max;
    token.sign = sign;
    return token;
  }

  // Java's DateTimeFormatterBuilder.parseField, restricted to what Spark allows.
  static DateTimePattern::Token LetterToken(std::string_view pattern, char c, int count, bool has_era,
                                             bool for_parsing) {
    auto too_many = [&]() -> DateTimePattern::Token { ThrowPatternLength(pattern); };
    auto one_or_two = [&](Kind kind) {
      if (count == 1) return Number(kind, count, 1, 19, Sign::kNormal);
      if (count == 2) return Number(kind, count, 2, 2, Sign::kNotNegative);
      return too_many();
    };
    DateTimePattern::Token token;
    token.count = count;
    switch (c) {
      case 'G':
        token.kind = Kind::kEra;
        return token;
      case 'y': {
        Kind kind = has_era ? Kind::kYearOfEra : Kind::kYear;
        if (count == 2) {
          DateTimePattern::Token t = Number(kind, count, 2, 2, Sign::kNotNegative);
          t.reduced = true;
          return t;
        }
        if (count < 4) return Number(kind, count, count, 19, Sign::kNormal);
        return Number(kind, count, count, 19, Sign::kExceedsPad);
      }
      case 'M':
      case 'L':
        if (count <= 2) return one_or_two(Kind::kMonth);
        token.kind = Kind::kMonth;
        return token;
      case 'd': return one_or_two(Kind::kDayOfMonth);
      case 'D':
        if (count == 1) return Number(Kind::kDayOfYear, count, 1, 19, Sign::kNormal);
        if (count == 2) return Number(Kind::kDayOfYear, count, 2, 3, Sign::kNotNegative);
        if (count == 3) return Number(Kind::kDayOfYear, count, 3, 3, Sign::kNotNegative);
        return too_many();
      case 'Q':
      case 'q':
        if (count <= 2) return one_or_two(Kind::kQuarter);
        token.kind = Kind::kQuarter;
        return token;
      case 'E':
        token.kind = Kind::kDayOfWeek;
        return token;
      case 'F':
        if (count > 1) return too_many();
        return Number(Kind::kAlignedWeekDay, count, 1, 19, Sign::kNormal);
      case 'a':
        if (count > 1) return too_many();
        token.kind = Kind::kAmPm;
        return token;
      case 'H': return one_or_two(Kind::kHourOfDay);
      case 'h': return one_or_two(Kind::kClockHourAmPm);
      case 'K': return one_or_two(Kind::kHourAmPm);
      case 'k': return one_or_two(Kind::kClockHourDay);
      case 'm': return one_or_two(Kind::kMinute);
      case 's': return one_or_two(Kind::kSecond);
      case 'S': {
        if (count > 9) return too_many();
        DateTimePattern::Token t;
        t.kind = Kind::kFraction;
        t.count = count;
        // Formatting prints exactly `count` digits; Spark parses 1..count digits
        // (a single S is a fixed one-digit field that joins adjacent parsing).
        t.number = for_parsing && count == 1;
        t.min_width = t.max_width = 1;
        t.sign = Sign::kNotNegative;
        return t;
      }
      case 'V':
        if (count != 2) ThrowPattern(pattern);  // "Pattern letter count must be 2: V"
        token.kind = Kind::kZoneId;
        return token;
      case 'z':
        if (count > 4) return too_many();
        token.kind = Kind::kZoneName;
        return token;
      case 'X':
        if (count > 5) return too_many();
        token.kind = Kind::kOffsetX;
        return token;
      case 'x':
        if (count > 5) return too_many();
        token.kind = Kind::kOffsetx;
        return token;
      case 'Z':
        if (count > 5) return too_many();
        token.kind = Kind::kOffsetZ;
        return token;
      case 'O':
        if (count != 1 && count != 4) ThrowPattern(pattern);  // "Pattern letter count must be 1 or 4: O"
        token.kind = Kind::kOffsetO;
        return token;
      default:
        // Week-based fields (Y, w, W, e) are not implemented; others are unknown to Java.
        ThrowPatternChar(c);
    }
  }

  static bool IsFixed(const DateTimePattern::Token& t) {
    return t.number && t.min_width == t.max_width && t.sign == Sign::kNotNegative;
  }

  // Java's adjacent value parsing: fixed-width numbers directly after a
  // number reserve their digits from it ("yyyyMMdd" parses 20200102).
  static void AssignAdjacentWidths(std::vector<DateTimePattern::Token>& tokens) {
    int active = -1;
    for (size_t i = 0; i < tokens.size(); ++i) {
      DateTimePattern::Token& t = tokens[i];
      if (!t.number) {
        active = -1;
        continue;
      }
      if (active >= 0 && IsFixed(t)) {
        tokens[active].subsequent_width += t.max_width;
      } else {
        active = static_cast<int>(i);
      }
    }
  }
};

std::shared_ptr<const DateTimePattern> DateTimePattern::Compile(std::string_view pattern, bool for_parsing) {
  return PatternCompiler::Compile(pattern, for_parsing);
}

// --- zone names ---------------------------------------------------------------

namespace {

struct ZoneNames {
  const char* id;
  int32_t standard_offset;
  const char* standard_short;
  const char* daylight_short;
  const char* standard_full;
  const char* daylight_full;
};

// Java's English names (CLDR) of the zones people use most; others print their id.
constexpr ZoneNames kZoneNames[] = {
    {"America/Los_Angeles", -8 * 3600, "PST", "PDT", "Pacific Standard Time", "Pacific Daylight Time"},
    {"America/Denver", -7 * 3600, "MST", "MDT", "Mountain Standard Time", "Mountain Daylight Time"},
    {"America/Chicago", -6 * 3600, "CST", "CDT", "Central Standard Time", "Central Daylight Time"},
    {"America/New_York", -5 * 3600, "EST", "EDT", "Eastern Standard Time", "Eastern Daylight Time"},
    {"Europe/London", 0, "GMT", "BST", "Greenwich Mean Time", "British Summer Time"},
    {"Europe/Paris", 3600, "CET", "CEST", "Central European Standard Time", "Central European Summer Time"},
    {"Europe/Berlin", 3600, "CET", "CEST", "Central European Standard Time", "Central European Summer Time"},
    {"Europe/Amsterdam", 3600, "CET", "CEST", "Central European Standard Time", "Central European Summer Time"},
    {"Asia/Tokyo", 9 * 3600, "JST", "JDT", "Japan Standard Time", "Japan Daylight Time"},
    {"Asia/Shanghai", 8 * 3600, "CST", "CDT", "China Standard Time", "China Daylight Time"},
    {"Asia/Kolkata", 19800, "IST", "IST", "India Standard Time", "India Standard Time"},
    {"UTC", 0, "UTC", "UTC", "Coordinated Universal Time", "Coordinated Universal Time"},
    {"Etc/UTC", 0, "UTC", "UTC", "Coordinated Universal Time", "Coordinated Universal Time"},
    {"Z", 0, "Z", "Z", "Z", "Z"},
    {"GMT", 0, "GMT", "GMT", "Greenwich Mean Time", "Greenwich Mean Time"},
};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (Lower(a[i]) != Lower(b[i])) return false;
  return true;
}

}  // namespace

std::optional<std::string> ShortZoneName(std::string_view zone_id, int32_t offset_seconds, bool full) {
  for (const ZoneNames& names : kZoneNames) {
    if (zone_id != names.id) continue;
    bool standard = offset_seconds == names.standard_offset;
    if (full) return std::string(standard ? names.standard_full : names.daylight_full);
    return std::string(standard ? names.standard_short : names.daylight_short);
  }
  return std::nullopt;
}

// --- formatting ---------------------------------------------------------------

namespace {

struct LocalFields {
  int64_t days;
  CivilDate date;
  int64_t micros_of_day;
  int hour, minute, second, micros;
};

LocalFields Decompose(int64_t local_micros) {
  LocalFields f;
  f.days = FloorDiv(local_micros, kMicrosPerDay);
  f.date = CivilFromDays(f.days);
  f.micros_of_day = FloorMod(local_micros, kMicrosPerDay);
  int64_t seconds = f.micros_of_day / kMicrosPerSecond;
  f.hour = static_cast<int>(seconds / 3600);
  f.minute = static_cast<int>(seconds / 60 % 60);
  f.second = static_cast<int>(seconds % 60);
  f.micros = static_cast<int>(f.micros_of_day % kMicrosPerSecond);
  return f;
}

const char* FieldName(Kind kind) {
  switch (kind) {
    case Kind::kYear: return "Year";
    case Kind::kYearOfEra: return "YearOfEra";
    case Kind::kDayOfYear: return "DayOfYear";
    default: return "Field";
  }
}

void AppendNumber(const DateTimePattern::Token& t, int64_t value, std::string* out) {
  if (t.reduced) {
    int64_t v = (value < 0 ? -value : value) % 100;
    out->push_back(static_cast<char>('0' + v / 10));
    out->push_back(static_cast<char>('0' + v % 10));
    return;
  }
  uint64_t magnitude = value < 0 ? static_cast<uint64_t>(-(value + 1)) + 1 : static_cast<uint64_t>(value);
  std::string digits = std::to_string(magnitude);
  if (static_cast<int>(digits.size()) > t.max_width) {
    ThrowError(ErrorClass::kDatetimeFieldOutOfBounds,
               {{"rangeMessage", "Field " + std::string(FieldName(t.kind)) + " cannot be printed as the value " +
                                     std::to_string(value) + " exceeds the maximum print width of " +
                                     std::to_string(t.max_width)},
                {"ansiConfig", "\"spark.sql.ansi.enabled\""}});
  }
  if (value < 0) {
    out->push_back('-');
  } else if (t.sign == Sign::kExceedsPad && static_cast<int>(digits.size()) > t.min_width) {
    out->push_back('+');
  }
  for (int i = static_cast<int>(digits.size()); i < t.min_width; ++i) out->push_back('0');
  *out += digits;
}

void AppendTwo(int value, std::string* out) {
  out->push_back(static_cast<char>('0' + value / 10));
  out->push_back(static_cast<char>('0' + value % 10));
}

// Java's OffsetIdPrinterParser patterns: +HH, +HHmm, +HHMM, +HH:MM, +HHMMss, +HH:MM:ss.
void AppendOffset(int32_t offset, std::string_view layout, std::string_view no_offset, std::string* out) {
  if (offset == 0) {
    *out += no_offset;
    return;
  }
  int32_t abs = offset < 0 ? -offset : offset;
  int hours = abs / 3600, minutes = abs / 60 % 60, seconds = abs % 60;
  bool colon = layout.find(':') != std::string_view::npos;
  out->push_back(offset < 0 ? '-' : '+');
  AppendTwo(hours, out);
  bool has_minutes = layout.size() > 3;
  bool optional_minutes = layout == "+HHmm";
  bool has_seconds = layout.size() > 6;
  bool optional_seconds = layout == "+HHMMss" || layout == "+HH:MM:ss";
  if (has_minutes && (!optional_minutes || minutes != 0 || seconds != 0)) {
    if (colon) out->push_back(':');
    AppendTwo(minutes, out);
    if (has_seconds && (!optional_seconds || seconds != 0)) {
      if (colon) out->push_back(':');
      AppendTwo(seconds, out);
    }
  }
}

std::string_view OffsetLayout(int count) {
  static constexpr std::string_view kLayouts[] = {"+HHmm", "+HHMM", "+HH:MM", "+HHMMss", "+HH:MM:ss"};
  return kLayouts[count - 1];
}

void AppendLocalizedOffset(int32_t offset, bool full, std::string* out) {
  *out += "GMT";
  if (offset == 0) return;
  int32_t abs = offset < 0 ? -offset : offset;
  int hours = abs / 3600, minutes = abs / 60 % 60, seconds = abs % 60;
  out->push_back(offset < 0 ? '-' : '+');
  if (full) {
    AppendTwo(hours, out);
    out->push_back(':');
    AppendTwo(minutes, out);
    if (seconds != 0) {
      out->push_back(':');
      AppendTwo(seconds, out);
    }
  } else {
    *out += std::to_string(hours);
    if (minutes != 0 || seconds != 0) {
      out->push_back(':');
      AppendTwo(minutes, out);
      if (seconds != 0) {
        out->push_back(':');
        AppendTwo(seconds, out);
      }
    }
  }
}

}  // namespace

std::string DateTimePattern::Format(int64_t local_micros, int32_t offset_seconds, std::string_view zone_id) const {
  LocalFields f = Decompose(local_micros);
  std::string out;
  for (const Token& t : tokens_) {
    switch (t.kind) {
      case Kind::kLiteral: out += t.literal; break;
      case Kind::kOptionalStart:
      case Kind::kOptionalEnd: break;  // every field is printable: optional sections print
      case Kind::kEra:
        if (t.count == 4) out += f.date.year > 0 ? "Anno Domini" : "Before Christ";
        else out += f.date.year > 0 ? "AD" : "BC";
        break;
      case Kind::kYear: AppendNumber(t, f.date.year, &out); break;
      case Kind::kYearOfEra: AppendNumber(t, f.date.year > 0 ? f.date.year : 1 - f.date.year, &out); break;
      case Kind::kMonth:
        if (t.count == 3) out += kMonthShort[f.date.month - 1];
        else if (t.count == 4) out += kMonthFull[f.date.month - 1];
        else AppendNumber(t, f.date.month, &out);
        break;
      case Kind::kDayOfMonth: AppendNumber(t, f.date.day, &out); break;
      case Kind::kDayOfYear:
        AppendNumber(t, f.days - DaysFromCivil(f.date.year, 1, 1) + 1, &out);
        break;
      case Kind::kQuarter: {
        int quarter = (f.date.month - 1) / 3 + 1;
        static const char* const kOrdinal[] = {"1st", "2nd", "3rd", "4th"};
        if (t.count == 3) out += "Q" + std::to_string(quarter);
        else if (t.count == 4) out += std::string(kOrdinal[quarter - 1]) + " quarter";
        else AppendNumber(t, quarter, &out);
        break;
      }
      case Kind::kDayOfWeek:
        out += t.count == 4 ? kDayFull[WeekDayIndex(f.days)] : kDayShort[WeekDayIndex(f.days)];
        break;
      case Kind::kAlignedWeekDay: AppendNumber(t, (f.date.day - 1) % 7 + 1, &out); break;
      case Kind::kAmPm: out += f.hour < 12 ? "AM" : "PM"; break;
      case Kind::kHourOfDay: AppendNumber(t, f.hour, &out); break;
      case Kind::kClockHourAmPm: AppendNumber(t, f.hour % 12 == 0 ? 12 : f.hour % 12, &out); break;
      case Kind::kHourAmPm: AppendNumber(t, f.hour % 12, &out); break;
      case Kind::kClockHourDay: AppendNumber(t, f.hour == 0 ? 24 : f.hour, &out); break;
      case Kind::kMinute: AppendNumber(t, f.minute, &out); break;
      case Kind::kSecond: AppendNumber(t, f.second, &out); break;
      case Kind::kFraction: {
        char digits[16];
        std::snprintf(digits, sizeof(digits), "%06d000", f.micros);
        out.append(digits, t.count);
        break;
      }
      case Kind::kZoneId: out += zone_id; break;
      case Kind::kZoneName: {
        std::optional<std::string> name = ShortZoneName(zone_id, offset_seconds, t.count == 4);
        out += name ? *name : std::string(zone_id);
        break;
      }
      case Kind::kOffsetX: AppendOffset(offset_seconds, OffsetLayout(t.count), "Z", &out); break;
      case Kind::kOffsetx: {
        static constexpr std::string_view kZero[] = {"+00", "+0000", "+00:00", "+0000", "+00:00"};
        AppendOffset(offset_seconds, OffsetLayout(t.count), kZero[t.count - 1], &out);
        break;
      }
      case Kind::kOffsetZ:
        if (t.count <= 3) AppendOffset(offset_seconds, "+HHMM", "+0000", &out);
        else if (t.count == 4) AppendLocalizedOffset(offset_seconds, true, &out);
        else AppendOffset(offset_seconds, "+HH:MM:ss", "Z", &out);
        break;
      case Kind::kOffsetO: AppendLocalizedOffset(offset_seconds, t.count == 4, &out); break;
    }
  }
  return out;
}

// --- parsing ------------------------------------------------------------------

namespace {

struct ParseState {
  std::array<int64_t, kFieldCount> values{};
  std::array<bool, kFieldCount> present{};
  std::optional<int32_t> offset;
  std::string zone;
  bool conflict = false;

  void Set(int field, int64_t value) {
    if (present[field] && values[field] != value) conflict = true;
    present[field] = true;
    values[field] = value;
  }
};

class Parser {
 public:
  Parser(const std::vector<DateTimePattern::Token>& tokens, std::string_view text) : tokens_(tokens), text_(text) {}

  // Parses tokens [begin, end) from `pos`; returns the new position or -1 (failure at *error_pos).
  int64_t Run(size_t begin, size_t end, int64_t pos, ParseState& state) {
    for (size_t i = begin; i < end; ++i) {
      const DateTimePattern::Token& t = tokens_[i];
      if (t.kind == Kind::kOptionalStart) {
        ParseState saved = state;
        int64_t next = Run(i + 1, t.matching_end, pos, state);
        if (next < 0) state = saved;
        else pos = next;
        i = t.matching_end;
        continue;
      }
      if (t.kind == Kind::kOptionalEnd) continue;
      pos = One(i, pos, state);
      if (pos < 0) return -1;
    }
    return pos;
  }

  int64_t error_pos() const { return error_pos_; }

 private:
  int64_t Fail(int64_t pos) {
    error_pos_ = std::max(error_pos_, pos);
    return -1;
  }

  bool IsDigit(int64_t pos) const {
    return pos < static_cast<int64_t>(text_.size()) && text_[pos] >= '0' && text_[pos] <= '9';
  }

  // Case-insensitive match of `word` at pos.
  bool Matches(int64_t pos, std::string_view word) const {
    if (pos + static_cast<int64_t>(word.size()) > static_cast<int64_t>(text_.size())) return false;
    return EqualsIgnoreCase(text_.substr(pos, word.size()), word);
  }

  // The longest of `words` at pos: index or -1.
  int MatchWord(int64_t pos, const char* const* words, int n, int64_t* next) const {
    int best = -1;
    size_t best_len = 0;
    for (int i = 0; i < n; ++i) {
      std::string_view w = words[i];
      if (w.size() > best_len && Matches(pos, w)) {
        best = i;
        best_len = w.size();
      }
    }
    *next = pos + static_cast<int64_t>(best_len);
    return best;
  }

  // Java's NumberPrinterParser.parse in strict mode.
  int64_t ParseNumber(const DateTimePattern::Token& t, int64_t pos, int64_t* value) {
    const int64_t start = pos;
    bool negative = false, positive = false;
    if (pos < static_cast<int64_t>(text_.size()) && (text_[pos] == '+' || text_[pos] == '-')) {
      char s = text_[pos];
      bool fixed = t.min_width == t.max_width;
      if (s == '+' && (t.sign == Sign::kExceedsPad)) positive = true;
      else if (s == '-' && (t.sign == Sign::kNormal || t.sign == Sign::kExceedsPad) && !fixed) negative = true;
      else return Fail(pos);
      ++pos;
    }
    int max = t.reduced ? 2 + t.subsequent_width : t.max_width + t.subsequent_width;
    // First pass counts the digits available; with reserved adjacent widths the
    // second pass leaves them for the following fields.
    int available = 0;
    while (available < max && IsDigit(pos + available)) ++available;
    int take = available;
    if (t.subsequent_width > 0) take = std::max(t.min_width, available - t.subsequent_width);
    if (t.reduced) take = 2;
    if (take < (t.reduced ? 2 : t.min_width) || take > available) return Fail(pos);
    if (take > 18) return Fail(pos);  // beyond any field's range
    int64_t v = 0;
    for (int k = 0; k < take; ++k) v = v * 10 + (text_[pos + k] - '0');
    int64_t end = pos + take;
    if (negative) {
      if (v == 0) return Fail(start);  // strict: no "-0"
      v = -v;
    } else if (t.sign == Sign::kExceedsPad) {
      int len = take;
      if (positive && len <= t.min_width) return Fail(start);
      if (!positive && len > t.min_width) return Fail(start);
    }
    if (t.reduced) v += 2000;  // base 2000: 00..99 → 2000..2099
    *value = v;
    return end;
  }

  int64_t ParseOffset(int64_t pos, std::string_view layout, std::string_view no_offset, int32_t* offset) {
    if (!no_offset.empty() && Matches(pos, no_offset)) {
      // Java prefers a full offset when one follows ("+0000" vs "+00" prefix); try it first.
      int32_t parsed = 0;
      int64_t full = ParseSignedOffset(pos, layout, &parsed);
      if (full > pos + static_cast<int64_t>(no_offset.size())) {
        *offset = parsed;
        return full;
      }
      *offset = 0;
      return pos + static_cast<int64_t>(no_offset.size());
    }
    int64_t next = ParseSignedOffset(pos, layout, offset);
    return next < 0 ? Fail(pos) : next;
  }

  int64_t ParseSignedOffset(int64_t pos, std::string_view layout, int32_t* offset) {
    if (pos >= static_cast<int64_t>(text_.size()) || (text_[pos] != '+' && text_[pos] != '-')) return -1;
    int sign = text_[pos] == '-' ? -1 : 1;
    ++pos;
    bool colon = layout.find(':') != std::string_view::npos;
    auto two = [&](int64_t p, int* out) {
      if (!IsDigit(p) || !IsDigit(p + 1)) return false;
      *out = (text_[p] - '0') * 10 + (text_[p + 1] - '0');
      return true;
    };
    int hours = 0, minutes = 0, seconds = 0;
    if (!two(pos, &hours)) return -1;
    pos += 2;
    bool has_minutes = layout.size() > 3;
    bool optional_minutes = layout == "+HHmm";
    bool has_seconds = layout.size() > 6;
    bool optional_seconds = layout == "+HHMMss" || layout == "+HH:MM:ss";
    if (has_minutes) {
      int64_t p = pos;
      if (colon) {
        if (p < static_cast<int64_t>(text_.size()) && text_[p] == ':') ++p;
        else p = -1;
      }
      if (p >= 0 && two(p, &minutes)) {
        pos = p + 2;
        if (has_seconds) {
          int64_t q = pos;
          if (colon) {
            if (q < static_cast<int64_t>(text_.size()) && text_[q] == ':') ++q;
            else q = -1;
          }
          if (q >= 0 && two(q, &seconds)) pos = q + 2;
          else if (!optional_seconds) return -1;
        }
      } else if (!optional_minutes) {
        return -1;
      }
    }
    if (hours > 18 || minutes > 59 || seconds > 59) return -1;
    *offset = sign * (hours * 3600 + minutes * 60 + seconds);
    if (*offset > 18 * 3600 || *offset < -18 * 3600) return -1;
    return pos;
  }

  // "GMT", "GMT+8", "GMT+08:00" (O and ZZZZ).
  int64_t ParseLocalizedOffset(int64_t pos, int32_t* offset) {
    if (!Matches(pos, "GMT")) return Fail(pos);
    pos += 3;
    *offset = 0;
    if (pos >= static_cast<int64_t>(text_.size()) || (text_[pos] != '+' && text_[pos] != '-')) return pos;
    int sign = text_[pos] == '-' ? -1 : 1;
    int64_t p = pos + 1;
    int hours = 0, digits = 0;
    while (digits < 2 && IsDigit(p)) {
      hours = hours * 10 + (text_[p++] - '0');
      ++digits;
    }
    if (digits == 0) return pos;  // "GMT" alone; the sign belongs to what follows
    int minutes = 0, seconds = 0;
    if (p + 2 < static_cast<int64_t>(text_.size()) + 0 && text_[p] == ':' && IsDigit(p + 1) && IsDigit(p + 2)) {
      minutes = (text_[p + 1] - '0') * 10 + (text_[p + 2] - '0');
      p += 3;
      if (p + 2 < static_cast<int64_t>(text_.size()) + 0 && text_[p] == ':' && IsDigit(p + 1) && IsDigit(p + 2)) {
        seconds = (text_[p + 1] - '0') * 10 + (text_[p + 2] - '0');
        p += 3;
      }
    }
    if (hours > 18 || minutes > 59 || seconds > 59) return Fail(pos);
    *offset = sign * (hours * 3600 + minutes * 60 + seconds);
    return p;
  }

  // A zone id (VV) or zone name (z): region ids, Z, UTC/GMT/UT with offsets, +hh:mm.
  int64_t ParseZone(int64_t pos, bool names, ParseState& state) {
    if (pos >= static_cast<int64_t>(text_.size())) return Fail(pos);
    char c = text_[pos];
    if (c == '+' || c == '-') {
      int32_t offset = 0;
      int64_t next = ParseSignedOffset(pos, "+HH:MM:ss", &offset);
      if (next < 0) next = ParseSignedOffset(pos, "+HHMMss", &offset);
      if (next < 0) return Fail(pos);
      state.offset = offset;
      return next;
    }
    if (names) {
      // Short names first (PST → America/Los_Angeles).
      for (const ZoneNames& z : kZoneNames) {
        for (const char* name : {z.standard_short, z.daylight_short, z.standard_full, z.daylight_full}) {
          std::string_view n = name;
          if (n.size() > 1 && Matches(pos, n) &&
              !(pos + static_cast<int64_t>(n.size()) < static_cast<int64_t>(text_.size()) &&
                (IsAsciiLetter(text_[pos + n.size()]) || text_[pos + n.size()] == '/'))) {
            if (std::string_view(z.id) == "GMT" || std::string_view(z.id) == "UTC" ||
                std::string_view(z.id) == "Etc/UTC") {
              break;  // handled with the prefixes below (they may carry an offset)
            }
            state.zone = z.id;  // Java resolves a name to its region; the rules give the offset
            return pos + static_cast<int64_t>(n.size());
          }
        }
      }
    }
    for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
      if (!Matches(pos, prefix)) continue;
      int64_t p = pos + static_cast<int64_t>(prefix.size());
      if (p < static_cast<int64_t>(text_.size()) && (text_[p] == '+' || text_[p] == '-')) {
        // Offsets after UTC/GMT/UT: +H, +HH, +HH:MM, +HHMM.
        int sign = text_[p] == '-' ? -1 : 1;
        int64_t q = p + 1;
        int hours = 0, digits = 0;
        while (digits < 2 && IsDigit(q)) {
          hours = hours * 10 + (text_[q++] - '0');
          ++digits;
        }
        if (digits == 0) {
          state.offset = 0;
          return p;
        }
        int minutes = 0;
        if (q < static_cast<int64_t>(text_.size()) && text_[q] == ':' && IsDigit(q + 1) && IsDigit(q + 2)) {
          minutes = (text_[q + 1] - '0') * 10 + (text_[q + 2] - '0');
          q += 3;
        } else if (digits == 2 && IsDigit(q) && IsDigit(q + 1)) {
          minutes = (text_[q] - '0') * 10 + (text_[q + 1] - '0');
          q += 2;
        }
        if (hours > 18 || minutes > 59) return Fail(pos);
        state.offset = sign * (hours * 3600 + minutes * 60);
        return q;
      }
      if (p < static_cast<int64_t>(text_.size()) && (IsAsciiLetter(text_[p]) || text_[p] == '/')) continue;
      state.offset = 0;
      return p;
    }
    if (c == 'Z' || c == 'z') {
      int64_t p = pos + 1;
      if (!(p < static_cast<int64_t>(text_.size()) && (IsAsciiLetter(text_[p]) || text_[p] == '/'))) {
        state.offset = 0;
        return p;
      }
    }
    if (!IsAsciiLetter(c)) return Fail(pos);
    int64_t p = pos;
    while (p < static_cast<int64_t>(text_.size())) {
      char d = text_[p];
      if (IsAsciiLetter(d) || (d >= '0' && d <= '9') || d == '/' || d == '_' || d == '-' || d == '+' || d == '.' ||
          d == '~')
        ++p;
      else
        break;
    }
    state.zone = std::string(text_.substr(pos, p - pos));
    return p;
  }

  int64_t One(size_t index, int64_t pos, ParseState& state) {
    const DateTimePattern::Token& t = tokens_[index];
    const int64_t size = static_cast<int64_t>(text_.size());
    int64_t value = 0;
    switch (t.kind) {
      case Kind::kLiteral:
        if (!Matches(pos, t.literal)) return Fail(pos);
        return pos + static_cast<int64_t>(t.literal.size());
      case Kind::kOptionalStart:
      case Kind::kOptionalEnd: return pos;
      case Kind::kEra: {
        static const char* const kShort[] = {"BC", "AD"};
        static const char* const kFull[] = {"Before Christ", "Anno Domini"};
        int64_t next = 0;
        int era = MatchWord(pos, t.count == 4 ? kFull : kShort, 2, &next);
        if (era < 0) return Fail(pos);
        state.Set(kFEra, era);
        return next;
      }
      case Kind::kMonth:
        if (t.count >= 3) {
          int64_t next = 0;
          int month = MatchWord(pos, t.count == 4 ? kMonthFull : kMonthShort, 12, &next);
          if (month < 0) return Fail(pos);
          state.Set(kFMonth, month + 1);
          return next;
        }
        break;
      case Kind::kAmPm: {
        static const char* const kAmPmText[] = {"AM", "PM"};
        int64_t next = 0;
        int ampm = MatchWord(pos, kAmPmText, 2, &next);
        if (ampm < 0) return Fail(pos);
        state.Set(kFAmPm, ampm);
        return next;
      }
      case Kind::kFraction: {
        int max = t.count;
        int digits = 0;
        int64_t nanos = 0;
        while (digits < max && IsDigit(pos + digits)) {
          nanos = nanos * 10 + (text_[pos + digits] - '0');
          ++digits;
        }
        if (digits == 0) return Fail(pos);
        for (int k = digits; k < 9; ++k) nanos *= 10;
        state.Set(kFNano, nanos);
        return pos + digits;
      }
      case Kind::kZoneId: return ParseZone(pos, false, state);
      case Kind::kZoneName: return ParseZone(pos, true, state);
      case Kind::kOffsetX:
      case Kind::kOffsetx:
      case Kind::kOffsetZ: {
        std::string_view layout, no_offset;
        if (t.kind == Kind::kOffsetZ) {
          if (t.count == 4) {
            int32_t offset = 0;
            int64_t next = ParseLocalizedOffset(pos, &offset);
            if (next < 0) return -1;
            state.offset = offset;
            return next;
          }
          layout = t.count <= 3 ? "+HHMM" : "+HH:MM:ss";
          no_offset = t.count <= 3 ? "+0000" : "Z";
        } else {
          layout = OffsetLayout(t.count);
          static constexpr std::string_view kZero[] = {"+00", "+0000", "+00:00", "+0000", "+00:00"};
          no_offset = t.kind == Kind::kOffsetX ? "Z" : kZero[t.count - 1];
        }
        int32_t offset = 0;
        int64_t next = ParseOffset(pos, layout, no_offset, &offset);
        if (next < 0) return -1;
        state.offset = offset;
        return next;
      }
      case Kind::kOffsetO: {
        int32_t offset = 0;
        int64_t next = ParseLocalizedOffset(pos, &offset);
        if (next < 0) return -1;
        state.offset = offset;
        return next;
      }
      default: break;
    }
    if (!t.number && t.kind != Kind::kFraction) return Fail(pos);  // formatting-only fields never reach here
    (void)size;
    int64_t next = ParseNumber(t, pos, &value);
    if (next < 0) return -1;
    switch (t.kind) {
      case Kind::kYear: state.Set(kFYear, value); break;
      case Kind::kYearOfEra: state.Set(kFYearOfEra, value); break;
      case Kind::kMonth: state.Set(kFMonth, value); break;
      case Kind::kDayOfMonth: state.Set(kFDay, value); break;
      case Kind::kDayOfYear: state.Set(kFDayOfYear, value); break;
      case Kind::kHourOfDay: state.Set(kFHourOfDay, value); break;
      case Kind::kClockHourAmPm: state.Set(kFClockHourAmPm, value); break;
      case Kind::kHourAmPm: state.Set(kFHourAmPm, value); break;
      case Kind::kClockHourDay: state.Set(kFClockHourDay, value); break;
      case Kind::kMinute: state.Set(kFMinute, value); break;
      case Kind::kSecond: state.Set(kFSecond, value); break;
      case Kind::kFraction: state.Set(kFNano, value * 100000000); break;
      default: return Fail(pos);
    }
    return next;
  }

  const std::vector<DateTimePattern::Token>& tokens_;
  std::string_view text_;
  int64_t error_pos_ = 0;
};

std::string RangeError(const char* field, int64_t min, int64_t max, int64_t value) {
  return "Invalid value for " + std::string(field) + " (valid values " + std::to_string(min) + " - " +
         std::to_string(max) + "): " + std::to_string(value);
}

// Java's STRICT resolution plus Spark's defaults (1970-01-01, midnight).
// Returns an error message or empty on success.
std::string Resolve(const ParseState& s, int64_t* local_micros) {
  auto has = [&](int f) { return s.present[f]; };
  auto get = [&](int f) { return s.values[f]; };
  struct Check {
    int field;
    const char* name;
    int64_t min, max;
  };
  static constexpr Check kChecks[] = {
      {kFYear, "Year", -999999999, 999999999}, {kFYearOfEra, "YearOfEra", 1, 999999999},
      {kFMonth, "MonthOfYear", 1, 12},         {kFDay, "DayOfMonth", 1, 31},
      {kFDayOfYear, "DayOfYear", 1, 366},      {kFHourOfDay, "HourOfDay", 0, 23},
      {kFClockHourAmPm, "ClockHourOfAmPm", 1, 12}, {kFHourAmPm, "HourOfAmPm", 0, 11},
      {kFClockHourDay, "ClockHourOfDay", 1, 24}, {kFMinute, "MinuteOfHour", 0, 59},
      {kFSecond, "SecondOfMinute", 0, 59},
  };
  for (const Check& c : kChecks)
    if (has(c.field) && (get(c.field) < c.min || get(c.field) > c.max))
      return RangeError(c.name, c.min, c.max, get(c.field));

  std::optional<int64_t> year;
  if (has(kFYear)) year = get(kFYear);
  if (has(kFYearOfEra)) {
    int64_t yoe = get(kFYearOfEra);
    // Without an era Java's STRICT resolver leaves year-of-era unresolved.
    if (has(kFEra)) {
      int64_t y = get(kFEra) == 1 ? yoe : 1 - yoe;
      if (year && *year != y) return "Conflict found: Year " + std::to_string(*year) + " differs from Year " +
                                     std::to_string(y);
      year = y;
    }
  }
  int64_t days = 0;
  int64_t y = year.value_or(1970);
  int month = has(kFMonth) ? static_cast<int>(get(kFMonth)) : 1;
  int day = has(kFDay) ? static_cast<int>(get(kFDay)) : 1;
  if (year && has(kFDayOfYear) && !has(kFMonth) && !has(kFDay)) {
    int64_t doy = get(kFDayOfYear);
    if (doy == 366 && !IsLeapYear(y))
      return "Invalid date 'DayOfYear 366' as '" + std::to_string(y) + "' is not a leap year";
    days = DaysFromCivil(y, 1, 1) + doy - 1;
  } else {
    if (day > DaysInMonth(y, month)) {
      if (month == 2 && day == 29)
        return "Invalid date 'February 29' as '" + std::to_string(y) + "' is not a leap year";
      return "Invalid date '" + std::string(kMonthUpper[month - 1]) + " " + std::to_string(day) + "'";
    }
    days = DaysFromCivil(y, month, day);
    if (year && has(kFMonth) && has(kFDay) && has(kFDayOfYear)) {
      int64_t doy = days - DaysFromCivil(y, 1, 1) + 1;
      if (doy != get(kFDayOfYear))
        return "Conflict found: Field DayOfYear " + std::to_string(doy) + " differs from DayOfYear " +
               std::to_string(get(kFDayOfYear)) + " derived from " + FormatDate(days);
    }
  }

  int64_t hour = 0;
  std::optional<int64_t> hour_of_day;
  if (has(kFHourOfDay)) hour_of_day = get(kFHourOfDay);
  if (has(kFClockHourDay)) {
    int64_t h = get(kFClockHourDay) == 24 ? 0 : get(kFClockHourDay);
    if (hour_of_day && *hour_of_day != h) return "Conflict found: HourOfDay differs from ClockHourOfDay";
    hour_of_day = h;
  }
  std::optional<int64_t> hour_of_ampm;
  if (has(kFHourAmPm)) hour_of_ampm = get(kFHourAmPm);
  if (has(kFClockHourAmPm)) {
    int64_t h = get(kFClockHourAmPm) == 12 ? 0 : get(kFClockHourAmPm);
    if (hour_of_ampm && *hour_of_ampm != h) return "Conflict found: HourOfAmPm differs from ClockHourOfAmPm";
    hour_of_ampm = h;
  }
  if (hour_of_ampm && has(kFAmPm)) {
    int64_t h = get(kFAmPm) * 12 + *hour_of_ampm;
    if (hour_of_day && *hour_of_day != h) return "Conflict found: HourOfDay differs from AmPmOfDay";
    hour_of_day = h;
  }
  if (hour_of_day) {
    if (has(kFAmPm) && !hour_of_ampm && get(kFAmPm) != *hour_of_day / 12)
      return "Conflict found: Field AmPmOfDay " + std::to_string(*hour_of_day / 12) + " differs from AmPmOfDay " +
             std::to_string(get(kFAmPm));
    hour = *hour_of_day;
  } else if (hour_of_ampm) {
    hour = *hour_of_ampm;  // no am/pm: Spark assumes AM
  } else if (has(kFAmPm) && get(kFAmPm) == 1) {
    hour = 12;
  }
  int64_t minute = has(kFMinute) ? get(kFMinute) : 0;
  int64_t second = has(kFSecond) ? get(kFSecond) : 0;
  int64_t nano = has(kFNano) ? get(kFNano) : 0;
  *local_micros = days * kMicrosPerDay + hour * kMicrosPerHour + minute * kMicrosPerMinute +
                  second * kMicrosPerSecond + nano / 1000;
  return "";
}

}  // namespace

std::optional<DateTimePattern::Parsed> DateTimePattern::Parse(std::string_view text, std::string* error) const {
  Parser parser(tokens_, text);
  ParseState state;
  int64_t end = parser.Run(0, tokens_.size(), 0, state);
  std::string quoted = "Text '" + std::string(text) + "' could not be parsed";
  if (end < 0) {
    if (error) *error = quoted + " at index " + std::to_string(parser.error_pos());
    return std::nullopt;
  }
  if (end != static_cast<int64_t>(text.size())) {
    if (error) *error = quoted + ", unparsed text found at index " + std::to_string(end);
    return std::nullopt;
  }
  if (state.conflict) {
    if (error) *error = quoted + ": Conflict found: a field was parsed twice with different values";
    return std::nullopt;
  }
  Parsed parsed;
  std::string message = Resolve(state, &parsed.local_micros);
  if (!message.empty()) {
    if (error) *error = quoted + ": " + message;
    return std::nullopt;
  }
  parsed.offset_seconds = state.offset;
  parsed.zone_id = state.zone;
  return parsed;
}

}  // namespace tarn
