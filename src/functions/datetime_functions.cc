// The datetime_funcs group: extraction, construction, arithmetic and zone
// conversion. The pattern-based functions (date_format, to_timestamp, ...)
// live in datetime_parse_functions.cc.
#include "functions/builtins.h"
#include "functions/datetime_arith.h"
#include "functions/datetime_util.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"

#include <cctype>
#include <cmath>

#include "common/error.h"
#include "types/datetime.h"
#include "types/time_zone.h"

namespace tarn {

namespace {

using dtutil::AnsiConfig;
using dtutil::LocalMicrosVector;
using dtutil::SessionZone;

constexpr const char* kGroup = "datetime_funcs";

void Add(FunctionRegistry& registry, std::string name, std::string usage, std::vector<Signature> signatures,
         ScalarKernel kernel) {
  registry.Add(MakeScalar(std::move(name), kGroup, std::move(usage), std::move(signatures), std::move(kernel)));
}

// Signatures taking one date-like argument (read as a wall-clock value).
std::vector<Signature> DateLike(const DataType& result, std::vector<DataType> extra = {}) {
  std::vector<Signature> out;
  for (const DataType& type : {DataType::Date(), DataType::Timestamp(), DataType::TimestampNtz()}) {
    Signature s{{type}, result};
    s.args.insert(s.args.end(), extra.begin(), extra.end());
    out.push_back(s);
  }
  return out;
}

int64_t LocalDays(int64_t local_micros) { return FloorDiv(local_micros, kMicrosPerDay); }

// Day of week 1 = Monday .. 7 = Sunday (ISO).
int IsoWeekDay(int64_t days) { return static_cast<int>(FloorMod(days + 3, 7)) + 1; }

int DayOfYear(int64_t days) {
  CivilDate date = CivilFromDays(days);
  return static_cast<int>(days - DaysFromCivil(date.year, 1, 1)) + 1;
}

int IsoWeeksInYear(int64_t year) {
  int jan1 = IsoWeekDay(DaysFromCivil(year, 1, 1));
  return jan1 == 4 || (jan1 == 3 && IsLeapYear(year)) ? 53 : 52;
}

// ISO-8601 week number and week-based year.
std::pair<int64_t, int> IsoWeek(int64_t days) {
  CivilDate date = CivilFromDays(days);
  int week = (DayOfYear(days) - IsoWeekDay(days) + 10) / 7;
  if (week < 1) return {date.year - 1, IsoWeeksInYear(date.year - 1)};
  if (week > IsoWeeksInYear(date.year)) return {date.year + 1, 1};
  return {date.year, week};
}

// A unary function of the wall-clock value of a date / timestamp / timestamp_ntz.
template <typename Out, typename Fn>
ScalarKernel LocalKernel(DataType result, Fn fn) {
  return [result, fn](std::span<const VectorPtr> args, size_t rows, const FunctionContext& ctx) {
    VectorPtr local = LocalMicrosVector(args[0], rows, ctx);
    VectorPtr one[] = {local};
    return MapRows<Out, int64_t>(std::span<const VectorPtr>(one), rows, result, fn);
  };
}

// --- current_* ------------------------------------------------------------------

template <typename T>
VectorPtr ConstantOf(const DataType& type, T value, size_t rows) {
  VectorPtr one = Vector::Make(type, 1);
  WriteValue<T>(*one, 0, value);
  return rows == 1 ? one : Vector::MakeConstant(one, 0, rows);
}

void RegisterCurrent(FunctionRegistry& registry) {
  Add(registry, "current_date", "_FUNC_() - Returns the current date at the start of query evaluation.",
      {{{}, DataType::Date()}}, [](std::span<const VectorPtr>, size_t rows, const FunctionContext& ctx) {
        auto zone = SessionZone(ctx);
        return ConstantOf<int32_t>(DataType::Date(), MicrosToDays(ctx.statement_micros, *zone), rows);
      });
  registry.AddAlias("curdate", "current_date");
  Add(registry, "current_timestamp", "_FUNC_() - Returns the current timestamp at the start of query evaluation.",
      {{{}, DataType::Timestamp()}}, [](std::span<const VectorPtr>, size_t rows, const FunctionContext& ctx) {
        return ConstantOf<int64_t>(DataType::Timestamp(), ctx.statement_micros, rows);
      });
  registry.AddAlias("now", "current_timestamp");
  Add(registry, "localtimestamp",
      "_FUNC_() - Returns the current timestamp without time zone at the start of query evaluation.",
      {{{}, DataType::TimestampNtz()}}, [](std::span<const VectorPtr>, size_t rows, const FunctionContext& ctx) {
        auto zone = SessionZone(ctx);
        return ConstantOf<int64_t>(DataType::TimestampNtz(), zone->UtcToLocal(ctx.statement_micros), rows);
      });
  Add(registry, "current_timezone", "_FUNC_() - Returns the current session local timezone.",
      {{{}, DataType::String()}}, [](std::span<const VectorPtr>, size_t rows, const FunctionContext& ctx) {
        return ConstantOf<std::string>(DataType::String(), ctx.time_zone, rows);
      });
}

// --- field extraction -----------------------------------------------------------

void RegisterExtraction(FunctionRegistry& registry) {
  auto date_field = [&](const char* name, const char* usage, auto fn) {
    Add(registry, name, usage, DateLike(DataType::Int()),
        LocalKernel<int32_t>(DataType::Int(), [fn](int64_t local) { return fn(LocalDays(local)); }));
  };
  date_field("year", "_FUNC_(date) - Returns the year component of the date/timestamp.",
             [](int64_t days) { return static_cast<int32_t>(CivilFromDays(days).year); });
  date_field("quarter", "_FUNC_(date) - Returns the quarter of the year for date, in the range 1 to 4.",
             [](int64_t days) { return (CivilFromDays(days).month - 1) / 3 + 1; });
  date_field("month", "_FUNC_(date) - Returns the month component of the date/timestamp.",
             [](int64_t days) { return CivilFromDays(days).month; });
  date_field("day", "_FUNC_(date) - Returns the day of month of the date/timestamp.",
             [](int64_t days) { return CivilFromDays(days).day; });
  registry.AddAlias("dayofmonth", "day");
  date_field("dayofweek",
             "_FUNC_(date) - Returns the day of the week for date/timestamp (1 = Sunday, 2 = Monday, ..., 7 = Saturday).",
             [](int64_t days) { return IsoWeekDay(days) % 7 + 1; });
  date_field("weekday",
             "_FUNC_(date) - Returns the day of the week for date/timestamp (0 = Monday, 1 = Tuesday, ..., 6 = Sunday).",
             [](int64_t days) { return IsoWeekDay(days) - 1; });
  date_field("dayofyear", "_FUNC_(date) - Returns the day of year of the date/timestamp.",
             [](int64_t days) { return DayOfYear(days); });
  date_field("weekofyear",
             "_FUNC_(date) - Returns the week of the year of the given date. A week is considered to start on a "
             "Monday and week 1 is the first week with >3 days.",
             [](int64_t days) { return IsoWeek(days).second; });
  auto time_field = [&](const char* name, const char* usage, int64_t unit, int64_t modulo) {
    Add(registry, name, usage, DateLike(DataType::Int()),
        LocalKernel<int32_t>(DataType::Int(), [unit, modulo](int64_t local) {
          return static_cast<int32_t>(FloorMod(local, kMicrosPerDay) / unit % modulo);
        }));
  };
  time_field("hour", "_FUNC_(timestamp) - Returns the hour component of the string/timestamp.", kMicrosPerHour, 24);
  time_field("minute", "_FUNC_(timestamp) - Returns the minute component of the string/timestamp.",
             kMicrosPerMinute, 60);
  time_field("second", "_FUNC_(timestamp) - Returns the second component of the string/timestamp.",
             kMicrosPerSecond, 60);
  static const char* const kDayNames[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static const char* const kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  Add(registry, "dayname", "_FUNC_(date) - Returns the three-letter abbreviated day name from the given date.",
      DateLike(DataType::String()), LocalKernel<std::string>(DataType::String(), [](int64_t local) {
        return std::string(kDayNames[IsoWeekDay(LocalDays(local)) - 1]);
      }));
  Add(registry, "monthname", "_FUNC_(date) - Returns the three-letter abbreviated month name from the given date.",
      DateLike(DataType::String()), LocalKernel<std::string>(DataType::String(), [](int64_t local) {
        return std::string(kMonthNames[CivilFromDays(LocalDays(local)).month - 1]);
      }));
}

// --- date_part / extract -----------------------------------------------------------

enum class Part { kYear, kYearOfWeek, kQuarter, kMonth, kWeek, kDay, kDayOfWeek, kDayOfWeekIso, kDoy, kHour,
                  kMinute, kSecond };

std::optional<Part> ParsePart(std::string_view field) {
  std::string f;
  for (char c : field) f += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto any = [&](std::initializer_list<const char*> names) {
    for (const char* n : names)
      if (f == n) return true;
    return false;
  };
  if (any({"YEAR", "Y", "YEARS", "YR", "YRS"})) return Part::kYear;
  if (any({"YEAROFWEEK"})) return Part::kYearOfWeek;
  if (any({"QUARTER", "QTR"})) return Part::kQuarter;
  if (any({"MONTH", "MON", "MONS", "MONTHS"})) return Part::kMonth;
  if (any({"WEEK", "W", "WEEKS"})) return Part::kWeek;
  if (any({"DAY", "D", "DAYS"})) return Part::kDay;
  if (any({"DAYOFWEEK", "DOW"})) return Part::kDayOfWeek;
  if (any({"DAYOFWEEK_ISO", "DOW_ISO"})) return Part::kDayOfWeekIso;
  if (any({"DOY"})) return Part::kDoy;
  if (any({"HOUR", "H", "HOURS", "HR", "HRS"})) return Part::kHour;
  if (any({"MINUTE", "M", "MIN", "MINS", "MINUTES"})) return Part::kMinute;
  if (any({"SECOND", "S", "SEC", "SECONDS", "SECS"})) return Part::kSecond;
  return std::nullopt;
}

[[noreturn]] void ThrowExtractField(std::string_view field, const DataType& source) {
  ThrowError(ErrorClass::kInvalidExtractField,
             {{"field", "`" + std::string(field) + "`"}, {"expr", "\"" + source.ToSql() + "\""}});
}

BoundScalar BindDatePart(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("date_part", args, 2);
  if (args[0].type.id() != TypeId::kString && args[0].type.id() != TypeId::kNull)
    ThrowUnexpectedInputType(0, "\"STRING\"", args[0].type);
  std::optional<std::string_view> field = ConstantArg<std::string_view>(args[0]);
  if (!field) throw FunctionBindError("The field of date_part must be a foldable STRING expression.");
  std::string field_text(*field);
  const DataType& source = args[1].type;
  std::optional<Part> part = ParsePart(field_text);
  BoundScalar bound;
  bound.arg_types = {DataType::String(), source};
  TypeId id = source.id();
  if (id == TypeId::kString) {
    bound.arg_types[1] = DataType::Timestamp();
    id = TypeId::kTimestamp;
  }
  if (id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampNtz) {
    if (!part) ThrowExtractField(field_text, source);
    Part p = *part;
    if (p == Part::kSecond) {
      bound.result_type = DataType::Decimal(8, 6);
      bound.kernel = [](std::span<const VectorPtr> a, size_t rows, const FunctionContext& ctx) {
        VectorPtr local = LocalMicrosVector(a[1], rows, ctx);
        VectorPtr one[] = {local};
        return MapRows<int64_t, int64_t>(std::span<const VectorPtr>(one), rows, DataType::Decimal(8, 6),
                                         [](int64_t v) { return FloorMod(v, kMicrosPerMinute); });
      };
      return bound;
    }
    bound.result_type = DataType::Int();
    bound.kernel = [p](std::span<const VectorPtr> a, size_t rows, const FunctionContext& ctx) {
      VectorPtr local = LocalMicrosVector(a[1], rows, ctx);
      VectorPtr one[] = {local};
      return MapRows<int32_t, int64_t>(std::span<const VectorPtr>(one), rows, DataType::Int(), [p](int64_t v) {
        int64_t days = LocalDays(v);
        int64_t time = FloorMod(v, kMicrosPerDay);
        switch (p) {
          case Part::kYear: return static_cast<int32_t>(CivilFromDays(days).year);
          case Part::kYearOfWeek: return static_cast<int32_t>(IsoWeek(days).first);
          case Part::kQuarter: return (CivilFromDays(days).month - 1) / 3 + 1;
          case Part::kMonth: return CivilFromDays(days).month;
          case Part::kWeek: return IsoWeek(days).second;
          case Part::kDay: return CivilFromDays(days).day;
          case Part::kDayOfWeek: return IsoWeekDay(days) % 7 + 1;
          case Part::kDayOfWeekIso: return IsoWeekDay(days);
          case Part::kDoy: return DayOfYear(days);
          case Part::kHour: return static_cast<int32_t>(time / kMicrosPerHour);
          case Part::kMinute: return static_cast<int32_t>(time / kMicrosPerMinute % 60);
          case Part::kSecond: break;
        }
        return 0;
      });
    };
    return bound;
  }
  if (id == TypeId::kYearMonthInterval) {
    if (part == Part::kYear) {
      bound.result_type = DataType::Int();
      bound.kernel = [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        return MapRows<int32_t, int32_t>(a.subspan(1), rows, DataType::Int(), [](int32_t m) { return m / 12; });
      };
      return bound;
    }
    if (part == Part::kMonth) {
      bound.result_type = DataType::Byte();
      bound.kernel = [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        return MapRows<int8_t, int32_t>(a.subspan(1), rows, DataType::Byte(),
                                        [](int32_t m) { return static_cast<int8_t>(m % 12); });
      };
      return bound;
    }
    ThrowExtractField(field_text, source);
  }
  if (id == TypeId::kDayTimeInterval) {
    auto make = [&](DataType result, auto fn) {
      bound.result_type = result;
      bound.kernel = [result, fn](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        using Out = decltype(fn(int64_t{}));
        return MapRows<Out, int64_t>(a.subspan(1), rows, result, fn);
      };
      return bound;
    };
    if (part == Part::kDay)
      return make(DataType::Int(), [](int64_t us) { return static_cast<int32_t>(us / kMicrosPerDay); });
    if (part == Part::kHour)
      return make(DataType::Byte(),
                  [](int64_t us) { return static_cast<int8_t>(us % kMicrosPerDay / kMicrosPerHour); });
    if (part == Part::kMinute)
      return make(DataType::Byte(),
                  [](int64_t us) { return static_cast<int8_t>(us % kMicrosPerHour / kMicrosPerMinute); });
    if (part == Part::kSecond)
      return make(DataType::Decimal(8, 6), [](int64_t us) { return us % kMicrosPerMinute; });
    ThrowExtractField(field_text, source);
  }
  if (id == TypeId::kCalendarInterval) {
    auto make = [&](DataType result, auto fn) {
      bound.result_type = result;
      bound.kernel = [result, fn](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        using Out = decltype(fn(IntervalValue{}));
        return MapRows<Out, IntervalValue>(a.subspan(1), rows, result, fn);
      };
      return bound;
    };
    if (part == Part::kYear) return make(DataType::Int(), [](IntervalValue v) { return v.months / 12; });
    if (part == Part::kMonth)
      return make(DataType::Byte(), [](IntervalValue v) { return static_cast<int8_t>(v.months % 12); });
    if (part == Part::kDay) return make(DataType::Int(), [](IntervalValue v) { return v.days; });
    if (part == Part::kHour) return make(DataType::Long(), [](IntervalValue v) { return v.micros / kMicrosPerHour; });
    if (part == Part::kMinute)
      return make(DataType::Byte(),
                  [](IntervalValue v) { return static_cast<int8_t>(v.micros % kMicrosPerHour / kMicrosPerMinute); });
    if (part == Part::kSecond)
      return make(DataType::Decimal(8, 6), [](IntervalValue v) { return v.micros % kMicrosPerMinute; });
    ThrowExtractField(field_text, source);
  }
  ThrowUnexpectedInputType(1, "(\"DATE\" or \"TIMESTAMP\" or \"INTERVAL\")", source);
}

void RegisterDatePart(FunctionRegistry& registry) {
  FunctionInfo info;
  info.name = "date_part";
  info.group = kGroup;
  info.usage = "_FUNC_(field, source) - Extracts a part of the date/timestamp or interval source.";
  info.scalar = BindDatePart;
  registry.Add(info);
  info.name = "extract";
  info.usage = "_FUNC_(field FROM source) - Extracts a part of the date/timestamp or interval source.";
  registry.Add(info);
  info.name = "datepart";
  registry.Add(info);
}

// --- construction ---------------------------------------------------------------------

// Java's LocalDateTime.of validation; empty when valid.
std::string ValidateDateTime(int64_t year, int64_t month, int64_t day, int64_t hour, int64_t minute, int64_t second,
                             int64_t nanos, bool check_time) {
  auto range = [](const char* field, int64_t min, int64_t max, int64_t value) {
    return "Invalid value for " + std::string(field) + " (valid values " + std::to_string(min) + " - " +
           std::to_string(max) + "): " + std::to_string(value);
  };
  static const char* const kUpper[] = {"JANUARY", "FEBRUARY", "MARCH",     "APRIL",   "MAY",      "JUNE",
                                       "JULY",    "AUGUST",   "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER"};
  if (year < -999999999 || year > 999999999) return range("Year", -999999999, 999999999, year);
  if (month < 1 || month > 12) return range("MonthOfYear", 1, 12, month);
  if (day < 1 || day > 31) return "Invalid value for DayOfMonth (valid values 1 - 28/31): " + std::to_string(day);
  if (day > DaysInMonth(year, static_cast<int>(month))) {
    if (month == 2 && day == 29) return "Invalid date 'February 29' as '" + std::to_string(year) + "' is not a leap year";
    return "Invalid date '" + std::string(kUpper[month - 1]) + " " + std::to_string(day) + "'";
  }
  if (!check_time) return "";
  if (hour < 0 || hour > 23) return range("HourOfDay", 0, 23, hour);
  if (minute < 0 || minute > 59) return range("MinuteOfHour", 0, 59, minute);
  if (second < 0 || second > 59) return range("SecondOfMinute", 0, 59, second);
  if (nanos < 0 || nanos > 999999999) return range("NanoOfSecond", 0, 999999999, nanos);
  return "";
}

[[noreturn]] void ThrowOutOfBounds(const std::string& message) {
  ThrowError(ErrorClass::kDatetimeFieldOutOfBounds, {{"rangeMessage", message}, {"ansiConfig", AnsiConfig()}});
}

// make_timestamp's wall clock, or nullopt (legacy) / error (ANSI).
std::optional<int64_t> MakeLocalTimestamp(int32_t year, int32_t month, int32_t day, int32_t hour, int32_t minute,
                                          int64_t sec_micros, bool ansi) {
  int64_t seconds = sec_micros / kMicrosPerSecond;
  int64_t micros = sec_micros % kMicrosPerSecond;
  bool carry_minute = false;
  if (seconds == 60) {
    if (micros != 0) {
      if (ansi) ThrowError(ErrorClass::kInvalidFractionOfSecond, {{"ansiConfig", AnsiConfig()}});
      return std::nullopt;
    }
    seconds = 0;
    carry_minute = true;
  }
  std::string error = ValidateDateTime(year, month, day, hour, minute, seconds, micros * 1000, true);
  if (!error.empty()) {
    if (ansi) ThrowOutOfBounds(error);
    return std::nullopt;
  }
  int64_t days = DaysFromCivil(year, month, day);
  int64_t local = days * kMicrosPerDay + hour * kMicrosPerHour + minute * kMicrosPerMinute +
                  seconds * kMicrosPerSecond + micros;
  if (carry_minute) local += kMicrosPerMinute;
  return local;
}

BoundScalar BindMakeTimestamp(const std::vector<ArgType>& args, const FunctionContext&, const char* name,
                              bool ntz, bool allow_zone) {
  ExpectArgCount(name, args, 6, allow_zone ? 7 : 6);
  std::vector<Signature> signatures;
  Signature s{{DataType::Int(), DataType::Int(), DataType::Int(), DataType::Int(), DataType::Int(),
               DataType::Decimal(16, 6)},
              ntz ? DataType::TimestampNtz() : DataType::Timestamp()};
  if (args.size() == 7) s.args.push_back(DataType::String());
  signatures.push_back(s);
  MatchSignature(name, args, signatures);
  BoundScalar bound;
  bound.result_type = s.result;
  bound.arg_types = s.args;
  bound.kernel = [ntz](std::span<const VectorPtr> a, size_t rows, const FunctionContext& ctx) {
    bool ansi = ctx.ansi;
    auto session = ntz ? nullptr : SessionZone(ctx);
    VectorPtr out = Vector::Make(ntz ? DataType::TimestampNtz() : DataType::Timestamp(), rows);
    for (size_t row = 0; row < rows; ++row) {
      bool null = false;
      for (const VectorPtr& arg : a) null |= arg->IsNull(row);
      if (null) {
        out->SetNull(row);
        continue;
      }
      std::optional<int64_t> local =
          MakeLocalTimestamp(a[0]->ValueAt<int32_t>(row), a[1]->ValueAt<int32_t>(row), a[2]->ValueAt<int32_t>(row),
                             a[3]->ValueAt<int32_t>(row), a[4]->ValueAt<int32_t>(row), a[5]->ValueAt<int64_t>(row),
                             ansi);
      if (!local) {
        out->SetNull(row);
        continue;
      }
      if (ntz) {
        out->values<int64_t>()[row] = *local;
        continue;
      }
      std::shared_ptr<const TimeZone> zone = session;
      if (a.size() == 7) {
        zone = dtutil::FindZone(a[6]->StringAt(row).view());
      }
      out->values<int64_t>()[row] = zone->LocalToUtc(*local);
    }
    return out;
  };
  return bound;
}

int64_t CheckedMul(int64_t a, int64_t b) {
  int64_t out;
  if (__builtin_mul_overflow(a, b, &out))
    ThrowError(ErrorClass::kArithmeticOverflow, {{"message", "long overflow"}, {"config", AnsiConfig()}});
  return out;
}
int64_t CheckedAdd(int64_t a, int64_t b) {
  int64_t out;
  if (__builtin_add_overflow(a, b, &out))
    ThrowError(ErrorClass::kArithmeticOverflow, {{"message", "long overflow"}, {"config", AnsiConfig()}});
  return out;
}
int32_t CheckedInt(int64_t v) {
  if (v < INT32_MIN || v > INT32_MAX)
    ThrowError(ErrorClass::kArithmeticOverflow, {{"message", "integer overflow"}, {"config", AnsiConfig()}});
  return static_cast<int32_t>(v);
}

void RegisterConstruction(FunctionRegistry& registry) {
  Add(registry, "make_date", "_FUNC_(year, month, day) - Create date from year, month and day fields.",
      {{{DataType::Int(), DataType::Int(), DataType::Int()}, DataType::Date()}},
      [](std::span<const VectorPtr> a, size_t rows, const FunctionContext& ctx) {
        bool ansi = ctx.ansi;
        return MapRows<int32_t, int32_t, int32_t, int32_t>(
            a, rows, DataType::Date(), [ansi](int32_t y, int32_t m, int32_t d) -> std::optional<int32_t> {
              std::string error = ValidateDateTime(y, m, d, 0, 0, 0, 0, false);
              if (!error.empty()) {
                if (ansi) ThrowOutOfBounds(error);
                return std::nullopt;
              }
              int64_t days = DaysFromCivil(y, m, d);
              if (days < INT32_MIN || days > INT32_MAX) {
                if (ansi) ThrowOutOfBounds("Invalid value for EpochDay: " + std::to_string(days));
                return std::nullopt;
              }
              return static_cast<int32_t>(days);
            });
      });
  auto add_make_ts = [&](const char* name, const char* usage, bool ntz, bool zone) {
    FunctionInfo info;
    info.name = name;
    info.group = kGroup;
    info.usage = usage;
    info.scalar = [name, ntz, zone](const std::vector<ArgType>& args, const FunctionContext& ctx) {
      return BindMakeTimestamp(args, ctx, name, ntz, zone);
    };
    registry.Add(info);
  };
  add_make_ts("make_timestamp",
              "_FUNC_(year, month, day, hour, min, sec[, timezone]) - Create timestamp from year, month, day, hour, "
              "min, sec and timezone fields.",
              false, true);
  add_make_ts("make_timestamp_ltz",
              "_FUNC_(year, month, day, hour, min, sec[, timezone]) - Create the current timestamp with local time "
              "zone from year, month, day, hour, min, sec and timezone fields.",
              false, true);
  add_make_ts("make_timestamp_ntz",
              "_FUNC_(year, month, day, hour, min, sec) - Create local date-time from year, month, day, hour, min, "
              "sec fields.",
              true, false);

  // make_interval([years[, months[, weeks[, days[, hours[, mins[, secs]]]]]]])
  {
    FunctionInfo info;
    info.name = "make_interval";
    info.group = kGroup;
    info.usage = "_FUNC_([years[, months[, weeks[, days[, hours[, mins[, secs]]]]]]]) - Make interval from years, "
                 "months, weeks, days, hours, mins and secs.";
    info.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
      ExpectArgCount("make_interval", args, 0, 7);
      std::vector<DataType> all = {DataType::Int(), DataType::Int(), DataType::Int(), DataType::Int(),
                                   DataType::Int(), DataType::Int(), DataType::Decimal(18, 6)};
      Signature s{std::vector<DataType>(all.begin(), all.begin() + args.size()), DataType::CalendarInterval()};
      MatchSignature("make_interval", args, {s});
      BoundScalar bound;
      bound.result_type = DataType::CalendarInterval();
      bound.arg_types = s.args;
      bound.kernel = [](std::span<const VectorPtr> a, size_t rows, const FunctionContext& ctx) {
        bool ansi = ctx.ansi;
        VectorPtr out = Vector::Make(DataType::CalendarInterval(), rows);
        for (size_t row = 0; row < rows; ++row) {
          int64_t v[7] = {0, 0, 0, 0, 0, 0, 0};
          bool null = false;
          for (size_t i = 0; i < a.size(); ++i) {
            if (a[i]->IsNull(row)) null = true;
            else v[i] = i == 6 ? a[i]->ValueAt<int64_t>(row) : a[i]->ValueAt<int32_t>(row);
          }
          if (null) {
            out->SetNull(row);
            continue;
          }
          try {
            int32_t months = CheckedInt(CheckedAdd(CheckedInt(v[0] * 12), v[1]));
            int32_t days = CheckedInt(CheckedAdd(CheckedInt(v[2] * 7), v[3]));
            int64_t micros = CheckedAdd(v[6], CheckedMul(v[4], kMicrosPerHour));
            micros = CheckedAdd(micros, CheckedMul(v[5], kMicrosPerMinute));
            out->values<IntervalValue>()[row] = IntervalValue{months, days, micros};
          } catch (const Error&) {
            if (ansi) throw;
            out->SetNull(row);
          }
        }
        return out;
      };
      return bound;
    };
    registry.Add(info);
  }
  {
    FunctionInfo info;
    info.name = "make_dt_interval";
    info.group = kGroup;
    info.usage = "_FUNC_([days[, hours[, mins[, secs]]]]) - Make DayTimeIntervalType duration from days, hours, "
                 "mins and secs.";
    info.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
      ExpectArgCount("make_dt_interval", args, 0, 4);
      std::vector<DataType> all = {DataType::Int(), DataType::Int(), DataType::Int(), DataType::Decimal(18, 6)};
      Signature s{std::vector<DataType>(all.begin(), all.begin() + args.size()), DataType::DayTimeInterval()};
      MatchSignature("make_dt_interval", args, {s});
      BoundScalar bound;
      bound.result_type = DataType::DayTimeInterval();
      bound.arg_types = s.args;
      bound.kernel = [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        VectorPtr out = Vector::Make(DataType::DayTimeInterval(), rows);
        for (size_t row = 0; row < rows; ++row) {
          int64_t v[4] = {0, 0, 0, 0};
          bool null = false;
          for (size_t i = 0; i < a.size(); ++i) {
            if (a[i]->IsNull(row)) null = true;
            else v[i] = i == 3 ? a[i]->ValueAt<int64_t>(row) : a[i]->ValueAt<int32_t>(row);
          }
          if (null) {
            out->SetNull(row);
            continue;
          }
          int64_t micros = CheckedAdd(v[3], CheckedMul(v[0], kMicrosPerDay));
          micros = CheckedAdd(micros, CheckedMul(v[1], kMicrosPerHour));
          micros = CheckedAdd(micros, CheckedMul(v[2], kMicrosPerMinute));
          out->values<int64_t>()[row] = micros;
        }
        return out;
      };
      return bound;
    };
    registry.Add(info);
  }
  {
    FunctionInfo info;
    info.name = "make_ym_interval";
    info.group = kGroup;
    info.usage = "_FUNC_([years[, months]]) - Make year-month interval from years, months.";
    info.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
      ExpectArgCount("make_ym_interval", args, 0, 2);
      Signature s{std::vector<DataType>(args.size(), DataType::Int()), DataType::YearMonthInterval()};
      MatchSignature("make_ym_interval", args, {s});
      BoundScalar bound;
      bound.result_type = DataType::YearMonthInterval();
      bound.arg_types = s.args;
      bound.kernel = [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        VectorPtr out = Vector::Make(DataType::YearMonthInterval(), rows);
        for (size_t row = 0; row < rows; ++row) {
          int64_t v[2] = {0, 0};
          bool null = false;
          for (size_t i = 0; i < a.size(); ++i) {
            if (a[i]->IsNull(row)) null = true;
            else v[i] = a[i]->ValueAt<int32_t>(row);
          }
          if (null) {
            out->SetNull(row);
            continue;
          }
          out->values<int32_t>()[row] = CheckedInt(CheckedAdd(CheckedInt(v[0] * 12), v[1]));
        }
        return out;
      };
      return bound;
    };
    registry.Add(info);
  }
}

BoundScalar BindTimestampAdd(const std::vector<ArgType>& args, const FunctionContext&, const char* name);
BoundScalar BindTimestampDiff(const std::vector<ArgType>& args, const FunctionContext&, const char* name);

// --- date arithmetic --------------------------------------------------------------------

std::optional<int> ParseDayOfWeek(std::string_view text) {
  std::string s;
  for (char c : text) s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  static const char* const kNames[7][3] = {{"MO", "MON", "MONDAY"},    {"TU", "TUE", "TUESDAY"},
                                           {"WE", "WED", "WEDNESDAY"}, {"TH", "THU", "THURSDAY"},
                                           {"FR", "FRI", "FRIDAY"},    {"SA", "SAT", "SATURDAY"},
                                           {"SU", "SUN", "SUNDAY"}};
  for (int d = 0; d < 7; ++d)
    for (const char* n : kNames[d])
      if (s == n) return d + 1;
  return std::nullopt;
}

enum TruncLevel { kTruncInvalid = -1, kMicro, kMilli, kSecond, kMinute, kHour, kDay, kWeek, kMonth, kQuarter,
                  kYear };

TruncLevel ParseTruncLevel(std::string_view text) {
  std::string s;
  for (char c : text) s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (s == "MICROSECOND") return kMicro;
  if (s == "MILLISECOND") return kMilli;
  if (s == "SECOND") return kSecond;
  if (s == "MINUTE") return kMinute;
  if (s == "HOUR") return kHour;
  if (s == "DAY" || s == "DD") return kDay;
  if (s == "WEEK") return kWeek;
  if (s == "MON" || s == "MONTH" || s == "MM") return kMonth;
  if (s == "QUARTER") return kQuarter;
  if (s == "YEAR" || s == "YYYY" || s == "YY") return kYear;
  return kTruncInvalid;
}

// Truncates a date to week/month/quarter/year (DateTimeUtils.truncDate).
int64_t TruncDays(int64_t days, TruncLevel level) {
  CivilDate date = CivilFromDays(days);
  switch (level) {
    case kWeek: return days - (IsoWeekDay(days) - 1);
    case kMonth: return DaysFromCivil(date.year, date.month, 1);
    case kQuarter: return DaysFromCivil(date.year, (date.month - 1) / 3 * 3 + 1, 1);
    case kYear: return DaysFromCivil(date.year, 1, 1);
    default: return days;
  }
}

void RegisterDateArithmetic(FunctionRegistry& registry) {
  auto days_op = [](int sign) {
    return [sign](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
      return MapRows<int32_t, int32_t, int32_t>(a, rows, DataType::Date(), [sign](int32_t d, int32_t n) {
        return DateAddDays(d, sign > 0 ? n : static_cast<int32_t>(0u - static_cast<uint32_t>(n)));
      });
    };
  };
  Add(registry, "date_add", "_FUNC_(start_date, num_days) - Returns the date that is `num_days` after `start_date`.",
      {{{DataType::Date(), DataType::Int()}, DataType::Date()}}, days_op(1));
  Add(registry, "date_sub", "_FUNC_(start_date, num_days) - Returns the date that is `num_days` before `start_date`.",
      {{{DataType::Date(), DataType::Int()}, DataType::Date()}}, days_op(-1));
  {
    // datediff(end, start) on dates; datediff(unit, start, end) is timestampdiff.
    FunctionInfo info = MakeScalar(
        "datediff", kGroup, "_FUNC_(endDate, startDate) - Returns the number of days from `startDate` to `endDate`.",
        {{{DataType::Date(), DataType::Date()}, DataType::Int()}},
        [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
          return MapRows<int32_t, int32_t, int32_t>(a, rows, DataType::Int(), [](int32_t end, int32_t start) {
            return static_cast<int32_t>(static_cast<uint32_t>(end) - static_cast<uint32_t>(start));
          });
        });
    ScalarBinder two = info.scalar;
    info.scalar = [two](const std::vector<ArgType>& args, const FunctionContext& ctx) {
      if (args.size() == 3) return BindTimestampDiff(args, ctx, "datediff");
      return two(args, ctx);
    };
    registry.Add(info);
    info.name = "date_diff";
    info.scalar = [two](const std::vector<ArgType>& args, const FunctionContext& ctx) {
      if (args.size() == 3) return BindTimestampDiff(args, ctx, "date_diff");
      return two(args, ctx);
    };
    registry.Add(info);
  }
  Add(registry, "add_months",
      "_FUNC_(start_date, num_months) - Returns the date that is `num_months` after `start_date`.",
      {{{DataType::Date(), DataType::Int()}, DataType::Date()}},
      [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        return MapRows<int32_t, int32_t, int32_t>(a, rows, DataType::Date(),
                                                  [](int32_t d, int32_t n) { return DateAddMonths(d, n); });
      });
  Add(registry, "months_between",
      "_FUNC_(timestamp1, timestamp2[, roundOff]) - If `timestamp1` is later than `timestamp2`, then the result is "
      "positive. If `timestamp1` and `timestamp2` are on the same day of month, or both are the last day of month, "
      "time of day will be ignored. Otherwise, the difference is calculated based on 31 days per month, and rounded "
      "to 8 digits unless roundOff=false.",
      {{{DataType::Timestamp(), DataType::Timestamp()}, DataType::Double()},
       {{DataType::Timestamp(), DataType::Timestamp(), DataType::Boolean()}, DataType::Double()}},
      [](std::span<const VectorPtr> a, size_t rows, const FunctionContext& ctx) {
        auto zone = SessionZone(ctx);
        if (a.size() == 2) {
          return MapRows<double, int64_t, int64_t>(a, rows, DataType::Double(), [&zone](int64_t t1, int64_t t2) {
            return MonthsBetween(t1, t2, true, *zone);
          });
        }
        return MapRows<double, int64_t, int64_t, bool>(
            a, rows, DataType::Double(),
            [&zone](int64_t t1, int64_t t2, bool round) { return MonthsBetween(t1, t2, round, *zone); });
      });
  Add(registry, "last_day", "_FUNC_(date) - Returns the last day of the month which the date belongs to.",
      {{{DataType::Date()}, DataType::Date()}}, [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        return MapRows<int32_t, int32_t>(a, rows, DataType::Date(), [](int32_t d) {
          CivilDate c = CivilFromDays(d);
          return static_cast<int32_t>(d + DaysInMonth(c.year, c.month) - c.day);
        });
      });
  Add(registry, "next_day",
      "_FUNC_(start_date, day_of_week) - Returns the first date which is later than `start_date` and named as "
      "indicated. The function returns NULL if at least one of the input parameters is NULL. When both of the input "
      "parameters are not NULL and day_of_week is an invalid input, the function throws SparkIllegalArgumentException "
      "if `spark.sql.ansi.enabled` is set to true, otherwise NULL.",
      {{{DataType::Date(), DataType::String()}, DataType::Date()}},
      [](std::span<const VectorPtr> a, size_t rows, const FunctionContext& ctx) {
        bool ansi = ctx.ansi;
        return MapRows<int32_t, int32_t, std::string_view>(
            a, rows, DataType::Date(), [ansi](int32_t d, std::string_view dow) -> std::optional<int32_t> {
              std::optional<int> target = ParseDayOfWeek(dow);
              if (!target) {
                if (ansi) ThrowError(ErrorClass::kIllegalDayOfWeek, {{"string", std::string(dow)}});
                return std::nullopt;
              }
              int current = IsoWeekDay(d);
              int delta = (*target - current + 7) % 7;
              return DateAddDays(d, delta == 0 ? 7 : delta);
            });
      });
  Add(registry, "trunc",
      "_FUNC_(date, fmt) - Returns `date` with the time portion of the day truncated to the unit specified by the "
      "format model `fmt`.",
      {{{DataType::Date(), DataType::String()}, DataType::Date()}},
      [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        return MapRows<int32_t, int32_t, std::string_view>(
            a, rows, DataType::Date(), [](int32_t d, std::string_view fmt) -> std::optional<int32_t> {
              TruncLevel level = ParseTruncLevel(fmt);
              if (level < kWeek) return std::nullopt;
              return static_cast<int32_t>(TruncDays(d, level));
            });
      });
  Add(registry, "date_trunc",
      "_FUNC_(fmt, ts) - Returns timestamp `ts` truncated to the unit specified by the format model `fmt`.",
      {{{DataType::String(), DataType::Timestamp()}, DataType::Timestamp()}},
      [](std::span<const VectorPtr> a, size_t rows, const FunctionContext& ctx) {
        auto zone = SessionZone(ctx);
        return MapRows<int64_t, std::string_view, int64_t>(
            a, rows, DataType::Timestamp(), [&zone](std::string_view fmt, int64_t t) -> std::optional<int64_t> {
              TruncLevel level = ParseTruncLevel(fmt);
              switch (level) {
                case kTruncInvalid: return std::nullopt;
                case kMicro: return t;
                case kMilli: return t - FloorMod(t, 1000);
                case kSecond: return t - FloorMod(t, kMicrosPerSecond);
                default: break;
              }
              int32_t offset = zone->OffsetSecondsAtUtc(t);
              int64_t local = t + static_cast<int64_t>(offset) * kMicrosPerSecond;
              int64_t unit = level == kMinute ? kMicrosPerMinute : level == kHour ? kMicrosPerHour : kMicrosPerDay;
              if (level <= kDay) return LocalToUtcPreferring(local - FloorMod(local, unit), offset, *zone);
              int64_t days = TruncDays(FloorDiv(local, kMicrosPerDay), level);
              return zone->LocalToUtc(days * kMicrosPerDay);
            });
      });
  Add(registry, "date_from_unix_date", "_FUNC_(days) - Create date from the number of days since 1970-01-01.",
      {{{DataType::Int()}, DataType::Date()}}, [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        return MapRows<int32_t, int32_t>(a, rows, DataType::Date(), [](int32_t d) { return d; });
      });
  Add(registry, "unix_date", "_FUNC_(date) - Returns the number of days since 1970-01-01.",
      {{{DataType::Date()}, DataType::Int()}}, [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        return MapRows<int32_t, int32_t>(a, rows, DataType::Int(), [](int32_t d) { return d; });
      });
  auto unix_unit = [&](const char* name, const char* usage, int64_t unit) {
    Add(registry, name, usage, {{{DataType::Timestamp()}, DataType::Long()}},
        [unit](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
          return MapRows<int64_t, int64_t>(a, rows, DataType::Long(), [unit](int64_t t) { return FloorDiv(t, unit); });
        });
  };
  unix_unit("unix_seconds", "_FUNC_(timestamp) - Returns the number of seconds since 1970-01-01 00:00:00 UTC.",
            kMicrosPerSecond);
  unix_unit("unix_millis", "_FUNC_(timestamp) - Returns the number of milliseconds since 1970-01-01 00:00:00 UTC.",
            1000);
  unix_unit("unix_micros", "_FUNC_(timestamp) - Returns the number of microseconds since 1970-01-01 00:00:00 UTC.",
            1);
  Add(registry, "timestamp_seconds",
      "_FUNC_(seconds) - Creates timestamp from the number of seconds (can be fractional) since UTC epoch.",
      {{{DataType::Long()}, DataType::Timestamp()},
       {{DataType::Decimal(38, 18)}, DataType::Timestamp()},
       {{DataType::Double()}, DataType::Timestamp()}},
      [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) -> VectorPtr {
        const DataType& type = a[0]->type();
        if (type.id() == TypeId::kLong)
          return MapRows<int64_t, int64_t>(a, rows, DataType::Timestamp(),
                                           [](int64_t s) { return CheckedMul(s, kMicrosPerSecond); });
        if (type.id() == TypeId::kDouble)
          return MapRows<int64_t, double>(a, rows, DataType::Timestamp(), [](double s) -> std::optional<int64_t> {
            if (std::isnan(s) || std::isinf(s)) return std::nullopt;
            double us = s * 1e6;  // Java's (long) saturates
            if (us >= 9.2233720368547758e18) return INT64_MAX;
            if (us <= -9.2233720368547758e18) return INT64_MIN;
            return static_cast<int64_t>(us);
          });
        // Decimal: seconds * 10^6 must be an exact long.
        int scale = type.scale();
        auto convert = [scale](int128_t unscaled) -> int64_t {
          int128_t micros = unscaled;
          if (scale <= 6) {
            micros = unscaled * PowerOfTen128(6 - scale);
          } else {
            int128_t divisor = PowerOfTen128(scale - 6);
            if (unscaled % divisor != 0)
              ThrowError(ErrorClass::kArithmeticOverflow, {{"message", "Rounding necessary"}, {"config", AnsiConfig()}});
            micros = unscaled / divisor;
          }
          if (micros > INT64_MAX || micros < INT64_MIN)
            ThrowError(ErrorClass::kArithmeticOverflow, {{"message", "Overflow"}, {"config", AnsiConfig()}});
          return static_cast<int64_t>(micros);
        };
        if (type.precision() <= kMaxInt64DecimalPrecision)
          return MapRows<int64_t, int64_t>(a, rows, DataType::Timestamp(),
                                           [convert](int64_t u) { return convert(u); });
        return MapRows<int64_t, int128_t>(a, rows, DataType::Timestamp(), convert);
      });
  Add(registry, "timestamp_millis",
      "_FUNC_(milliseconds) - Creates timestamp from the number of milliseconds since UTC epoch.",
      {{{DataType::Long()}, DataType::Timestamp()}}, [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        return MapRows<int64_t, int64_t>(a, rows, DataType::Timestamp(), [](int64_t s) { return CheckedMul(s, 1000); });
      });
  Add(registry, "timestamp_micros",
      "_FUNC_(microseconds) - Creates timestamp from the number of microseconds since UTC epoch.",
      {{{DataType::Long()}, DataType::Timestamp()}}, [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        return MapRows<int64_t, int64_t>(a, rows, DataType::Timestamp(), [](int64_t s) { return s; });
      });
}

// --- timestampadd / timestampdiff ---------------------------------------------------------

enum class Unit { kMicro, kMilli, kSecond, kMinute, kHour, kDay, kDayOfYear, kWeek, kMonth, kQuarter, kYear };

std::optional<Unit> ParseUnit(std::string_view text, bool for_add) {
  std::string s;
  for (char c : text) s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (s == "MICROSECOND") return Unit::kMicro;
  if (s == "MILLISECOND") return Unit::kMilli;
  if (s == "SECOND") return Unit::kSecond;
  if (s == "MINUTE") return Unit::kMinute;
  if (s == "HOUR") return Unit::kHour;
  if (s == "DAY") return Unit::kDay;
  if (s == "DAYOFYEAR" && for_add) return Unit::kDayOfYear;
  if (s == "WEEK") return Unit::kWeek;
  if (s == "MONTH") return Unit::kMonth;
  if (s == "QUARTER") return Unit::kQuarter;
  if (s == "YEAR") return Unit::kYear;
  return std::nullopt;
}

int64_t TimestampAddUnit(Unit unit, int64_t quantity, int64_t t, const TimeZone& zone) {
  switch (unit) {
    case Unit::kMicro: return TimestampAddMicros(t, quantity);
    case Unit::kMilli: return TimestampAddMicros(t, CheckedMul(quantity, 1000));
    case Unit::kSecond: return TimestampAddMicros(t, CheckedMul(quantity, kMicrosPerSecond));
    case Unit::kMinute: return TimestampAddMicros(t, CheckedMul(quantity, kMicrosPerMinute));
    case Unit::kHour: return TimestampAddMicros(t, CheckedMul(quantity, kMicrosPerHour));
    case Unit::kDay:
    case Unit::kDayOfYear: return TimestampAddInterval(t, IntervalValue{0, CheckedInt(quantity), 0}, zone);
    case Unit::kWeek: return TimestampAddInterval(t, IntervalValue{0, CheckedInt(CheckedMul(quantity, 7)), 0}, zone);
    case Unit::kMonth: return TimestampAddMonths(t, CheckedInt(quantity), zone);
    case Unit::kQuarter: return TimestampAddMonths(t, CheckedInt(CheckedMul(quantity, 3)), zone);
    case Unit::kYear: return TimestampAddMonths(t, CheckedInt(CheckedMul(quantity, 12)), zone);
  }
  return t;
}

// LocalDateTime.until(end, unit) on the wall clocks.
int64_t TimestampDiffUnit(Unit unit, int64_t start_local, int64_t end_local) {
  auto time_units = [&](int64_t unit_micros) { return (end_local - start_local) / unit_micros; };
  switch (unit) {
    case Unit::kMicro: return end_local - start_local;
    case Unit::kMilli: return time_units(1000);
    case Unit::kSecond: return time_units(kMicrosPerSecond);
    case Unit::kMinute: return time_units(kMicrosPerMinute);
    case Unit::kHour: return time_units(kMicrosPerHour);
    default: break;
  }
  int64_t start_days = FloorDiv(start_local, kMicrosPerDay), end_days = FloorDiv(end_local, kMicrosPerDay);
  int64_t start_time = FloorMod(start_local, kMicrosPerDay), end_time = FloorMod(end_local, kMicrosPerDay);
  if (end_days > start_days && end_time < start_time) --end_days;
  else if (end_days < start_days && end_time > start_time) ++end_days;
  if (unit == Unit::kDay || unit == Unit::kDayOfYear) return end_days - start_days;
  if (unit == Unit::kWeek) return (end_days - start_days) / 7;
  CivilDate a = CivilFromDays(start_days), b = CivilFromDays(end_days);
  int64_t packed1 = (a.year * 12 + a.month - 1) * 32 + a.day;
  int64_t packed2 = (b.year * 12 + b.month - 1) * 32 + b.day;
  int64_t months = (packed2 - packed1) / 32;
  if (unit == Unit::kMonth) return months;
  if (unit == Unit::kQuarter) return months / 3;
  return months / 12;
}

[[noreturn]] void ThrowBadUnit(const char* function, std::string_view unit) {
  ThrowError(ErrorClass::kInvalidParameterValueDatetimeUnit,
             {{"parameter", "`unit`"},
              {"function", std::string("`") + function + "`"},
              {"message", "expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, "
                          "MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal '" +
                              std::string(unit) + "'"}});
}

Unit ConstantUnit(const char* function, const ArgType& arg, bool for_add) {
  std::optional<std::string_view> text = ConstantArg<std::string_view>(arg);
  if (!text) throw FunctionBindError(std::string("The unit of ") + function + " must be a constant string.");
  std::optional<Unit> unit = ParseUnit(*text, for_add);
  if (!unit) ThrowBadUnit(function, *text);
  return *unit;
}

BoundScalar BindTimestampAdd(const std::vector<ArgType>& args, const FunctionContext&, const char* name) {
  ExpectArgCount(name, args, 3);
  Unit unit = ConstantUnit(name, args[0], true);
  DataType ts = args[2].type.id() == TypeId::kTimestampNtz ? DataType::TimestampNtz() : DataType::Timestamp();
  MatchSignature(name, args, {{{DataType::String(), DataType::Long(), ts}, ts}});
  BoundScalar bound;
  bound.result_type = ts;
  bound.arg_types = {DataType::String(), DataType::Long(), ts};
  bool ntz = ts.id() == TypeId::kTimestampNtz;
  bound.kernel = [unit, ntz](std::span<const VectorPtr> a, size_t rows, const FunctionContext& ctx) {
    auto zone = ntz ? dtutil::FindZone("UTC") : SessionZone(ctx);
    const DataType& type = a[2]->type();
    return MapRows<int64_t, int64_t, int64_t>(a.subspan(1), rows, type, [&](int64_t q, int64_t t) {
      return TimestampAddUnit(unit, q, t, *zone);
    });
  };
  return bound;
}

BoundScalar BindTimestampDiff(const std::vector<ArgType>& args, const FunctionContext&, const char* name) {
  ExpectArgCount(name, args, 3);
  Unit unit = ConstantUnit(name, args[0], false);
  bool ntz = args[1].type.id() == TypeId::kTimestampNtz && args[2].type.id() == TypeId::kTimestampNtz;
  DataType ts = ntz ? DataType::TimestampNtz() : DataType::Timestamp();
  MatchSignature(name, args, {{{DataType::String(), ts, ts}, DataType::Long()}});
  BoundScalar bound;
  bound.result_type = DataType::Long();
  bound.arg_types = {DataType::String(), ts, ts};
  bound.kernel = [unit, ntz](std::span<const VectorPtr> a, size_t rows, const FunctionContext& ctx) {
    auto zone = ntz ? dtutil::FindZone("UTC") : SessionZone(ctx);
    return MapRows<int64_t, int64_t, int64_t>(a.subspan(1), rows, DataType::Long(), [&](int64_t s, int64_t e) {
      return TimestampDiffUnit(unit, zone->UtcToLocal(s), zone->UtcToLocal(e));
    });
  };
  return bound;
}

void RegisterTimestampUnits(FunctionRegistry& registry) {
  auto add = [&](const char* name, const char* usage, BoundScalar (*bind)(const std::vector<ArgType>&,
                                                                          const FunctionContext&, const char*)) {
    FunctionInfo info;
    info.name = name;
    info.group = kGroup;
    info.usage = usage;
    info.scalar = [name, bind](const std::vector<ArgType>& args, const FunctionContext& ctx) {
      return bind(args, ctx, name);
    };
    registry.Add(info);
  };
  add("timestampadd",
      "_FUNC_(unit, quantity, timestamp) - Adds the specified number of units to the given timestamp.",
      BindTimestampAdd);
  add("timestampdiff",
      "_FUNC_(unit, startTimestamp, endTimestamp) - Gets the difference between the timestamps in the specified "
      "units by truncating the fraction part.",
      BindTimestampDiff);
  // dateadd(start, days) is date_add; dateadd(unit, quantity, ts) is timestampadd.
  const FunctionInfo* date_add = registry.Find("date_add");
  FunctionInfo info = *date_add;
  ScalarBinder two = info.scalar;
  info.name = "dateadd";
  info.scalar = [two](const std::vector<ArgType>& args, const FunctionContext& ctx) {
    if (args.size() == 3) return BindTimestampAdd(args, ctx, "dateadd");
    return two(args, ctx);
  };
  registry.Add(info);
}

// --- zone conversion ----------------------------------------------------------------------

void RegisterZoneConversion(FunctionRegistry& registry) {
  Add(registry, "from_utc_timestamp",
      "_FUNC_(timestamp, timezone) - Given a timestamp like '2017-07-14 02:40:00.0', interprets it as a time in UTC, "
      "and renders that time as a timestamp in the given time zone.",
      {{{DataType::Timestamp(), DataType::String()}, DataType::Timestamp()}},
      [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        dtutil::ZoneCache zones;
        return MapRows<int64_t, int64_t, std::string_view>(a, rows, DataType::Timestamp(),
                                                           [&](int64_t t, std::string_view tz) {
                                                             return zones.Get(tz)->UtcToLocal(t);
                                                           });
      });
  Add(registry, "to_utc_timestamp",
      "_FUNC_(timestamp, timezone) - Given a timestamp like '2017-07-14 02:40:00.0', interprets it as a time in the "
      "given time zone, and renders that time as a timestamp in UTC.",
      {{{DataType::Timestamp(), DataType::String()}, DataType::Timestamp()}},
      [](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
        dtutil::ZoneCache zones;
        return MapRows<int64_t, int64_t, std::string_view>(a, rows, DataType::Timestamp(),
                                                           [&](int64_t t, std::string_view tz) {
                                                             return zones.Get(tz)->LocalToUtc(t);
                                                           });
      });
  Add(registry, "convert_timezone",
      "_FUNC_([sourceTz, ]targetTz, sourceTs) - Converts the timestamp without time zone `sourceTs` from the "
      "`sourceTz` time zone to `targetTz`.",
      {{{DataType::String(), DataType::TimestampNtz()}, DataType::TimestampNtz()},
       {{DataType::String(), DataType::String(), DataType::TimestampNtz()}, DataType::TimestampNtz()}},
      [](std::span<const VectorPtr> a, size_t rows, const FunctionContext& ctx) {
        dtutil::ZoneCache zones;
        if (a.size() == 2) {
          std::string session = ctx.time_zone;
          return MapRows<int64_t, std::string_view, int64_t>(
              a, rows, DataType::TimestampNtz(), [&](std::string_view target, int64_t t) {
                int64_t utc = zones.Get(session)->LocalToUtc(t);
                return zones.Get(target)->UtcToLocal(utc);
              });
        }
        return MapRows<int64_t, std::string_view, std::string_view, int64_t>(
            a, rows, DataType::TimestampNtz(), [&](std::string_view source, std::string_view target, int64_t t) {
              int64_t utc = zones.Get(source)->LocalToUtc(t);
              return zones.Get(target)->UtcToLocal(utc);
            });
      });
}

}  // namespace

void RegisterDatetimeParseFunctions(FunctionRegistry& registry);

void RegisterDatetimeFunctions(FunctionRegistry& registry) {
  RegisterCurrent(registry);
  RegisterExtraction(registry);
  RegisterDatePart(registry);
  RegisterConstruction(registry);
  RegisterDateArithmetic(registry);
  RegisterTimestampUnits(registry);
  RegisterZoneConversion(registry);
  RegisterDatetimeParseFunctions(registry);
}

}  // namespace tarn
