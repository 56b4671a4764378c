// The pattern-based datetime functions: date_format, from_unixtime, to_date,
// to_timestamp[_ltz|_ntz], try_to_timestamp, unix_timestamp, to_unix_timestamp.
// Part of the datetime_funcs group (registered by RegisterDatetimeFunctions).
#include "common/error.h"
#include "functions/datetime_arith.h"
#include "functions/datetime_format.h"
#include "functions/datetime_util.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "types/datetime.h"
#include "types/time_zone.h"

namespace tarn {

namespace {

constexpr const char* kGroup = "datetime_funcs";
constexpr std::string_view kDefaultTimestampFormat = "yyyy-MM-dd HH:mm:ss";

// The compiled pattern of a format argument: compiled once when constant,
// else per distinct row value.
class PatternSource {
 public:
  PatternSource(std::shared_ptr<const DateTimePattern> fixed, bool parsing) : fixed_(std::move(fixed)), parsing_(parsing) {}
  const DateTimePattern& Get(std::string_view text) {
    if (fixed_) return *fixed_;
    if (!last_ || text != last_->pattern()) last_ = DateTimePattern::Compile(text, parsing_);
    return *last_;
  }

 private:
  std::shared_ptr<const DateTimePattern> fixed_;
  std::shared_ptr<const DateTimePattern> last_;
  bool parsing_;
};

std::shared_ptr<const DateTimePattern> CompileConstant(const std::vector<ArgType>& args, size_t index, bool parsing,
                                                       std::string_view fallback) {
  if (index >= args.size()) return DateTimePattern::Compile(fallback, parsing);
  std::optional<std::string_view> text = ConstantArg<std::string_view>(args[index]);
  if (!text) return nullptr;
  return DateTimePattern::Compile(*text, parsing);
}

enum class Target { kTimestamp, kTimestampNtz, kDate, kUnixSeconds };

[[noreturn]] void ThrowCannotParse(const std::string& message) {
  ThrowError(ErrorClass::kCannotParseTimestamp, {{"message", message}, {"ansiConfig", dtutil::AnsiConfig()}});
}

// Text parsed with a pattern: UTC micros (kTimestamp), wall clock (kTimestampNtz).
std::optional<int64_t> ParseText(std::string_view text, const DateTimePattern& pattern, const TimeZone& session,
                                 bool ntz, bool fail) {
  std::string error;
  std::optional<DateTimePattern::Parsed> parsed = pattern.Parse(text, &error);
  if (!parsed) {
    if (fail) ThrowCannotParse(error);
    return std::nullopt;
  }
  if (ntz) return parsed->local_micros;
  if (parsed->offset_seconds) return parsed->local_micros - static_cast<int64_t>(*parsed->offset_seconds) * kMicrosPerSecond;
  if (!parsed->zone_id.empty()) {
    std::shared_ptr<const TimeZone> zone = TimeZone::Find(parsed->zone_id);
    if (!zone) {
      if (fail) ThrowCannotParse("Text '" + std::string(text) + "' could not be parsed, unknown time-zone ID: " +
                                 parsed->zone_id);
      return std::nullopt;
    }
    return zone->LocalToUtc(parsed->local_micros);
  }
  return session.LocalToUtc(parsed->local_micros);
}

std::string SqlString(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "\\'";
    else out += c;
  }
  return out + "'";
}

[[noreturn]] void ThrowCastInvalid(std::string_view text, const char* target) {
  ThrowError(ErrorClass::kCastInvalidInput, {{"expression", SqlString(text)},
                                             {"sourceType", "\"STRING\""},
                                             {"targetType", std::string("\"") + target + "\""}});
}

// CAST(text AS TIMESTAMP[_NTZ]).
std::optional<int64_t> CastText(std::string_view text, const TimeZone& session, bool ntz, bool fail) {
  std::optional<ParsedTimestamp> parsed = ParseTimestamp(text);
  std::shared_ptr<const TimeZone> zone;
  if (parsed && !ntz && !parsed->offset_seconds && !parsed->zone_id.empty()) {
    zone = TimeZone::Find(parsed->zone_id);
    if (!zone) parsed.reset();
  }
  if (!parsed) {
    if (fail) ThrowCastInvalid(text, ntz ? "TIMESTAMP_NTZ" : "TIMESTAMP");
    return std::nullopt;
  }
  if (ntz) return parsed->micros;
  if (parsed->offset_seconds) return parsed->micros - static_cast<int64_t>(*parsed->offset_seconds) * kMicrosPerSecond;
  return (zone ? *zone : session).LocalToUtc(parsed->micros);
}

// The kernel of to_date / to_timestamp* / unix_timestamp: the first argument
// is STRING (parsed), DATE, TIMESTAMP or TIMESTAMP_NTZ; the optional second the format.
ScalarKernel ConvertKernel(Target target, bool has_format, bool try_mode, std::shared_ptr<const DateTimePattern> fixed) {
  return [=](std::span<const VectorPtr> a, size_t rows, const FunctionContext& ctx) {
    bool fail = ctx.ansi && !try_mode;
    std::shared_ptr<const TimeZone> session = dtutil::SessionZone(ctx);
    PatternSource patterns(fixed, true);
    DataType result = target == Target::kTimestamp      ? DataType::Timestamp()
                      : target == Target::kTimestampNtz ? DataType::TimestampNtz()
                      : target == Target::kDate         ? DataType::Date()
                                                        : DataType::Long();
    bool all_constant = true;
    for (const VectorPtr& arg : a) all_constant &= arg->encoding() == VectorEncoding::kConstant;
    size_t count = all_constant ? 1 : rows;
    VectorPtr out = Vector::Make(result, count);
    TypeId input = a[0]->type().id();
    bool ntz_parse = target == Target::kTimestampNtz;
    for (size_t row = 0; row < count; ++row) {
      if (a[0]->IsNull(row) || (has_format && a[1]->IsNull(row))) {
        out->SetNull(row);
        continue;
      }
      // Step 1: the input as UTC micros (or wall clock for kTimestampNtz), or days for dates.
      std::optional<int64_t> micros;
      std::optional<int32_t> days;
      switch (input) {
        case TypeId::kString: {
          std::string_view text = a[0]->StringAt(row).view();
          if (has_format || target == Target::kUnixSeconds) {
            std::string_view format = has_format ? a[1]->StringAt(row).view() : kDefaultTimestampFormat;
            micros = ParseText(text, patterns.Get(format), *session, ntz_parse, fail);
          } else if (target == Target::kDate) {
            days = ParseDate(text);
            if (!days && fail) ThrowCastInvalid(text, "DATE");
            if (!days) micros.reset();
          } else {
            micros = CastText(text, *session, ntz_parse, fail);
          }
          break;
        }
        case TypeId::kDate: days = a[0]->ValueAt<int32_t>(row); break;
        case TypeId::kTimestamp: {
          int64_t t = a[0]->ValueAt<int64_t>(row);
          micros = ntz_parse ? session->UtcToLocal(t) : t;
          break;
        }
        case TypeId::kTimestampNtz: {
          int64_t t = a[0]->ValueAt<int64_t>(row);
          micros = ntz_parse ? t : (target == Target::kUnixSeconds ? t : session->LocalToUtc(t));
          break;
        }
        default: break;
      }
      if (!micros && !days) {
        out->SetNull(row);
        continue;
      }
      // Step 2: the target.
      switch (target) {
        case Target::kDate:
          if (!days) days = MicrosToDays(*micros, *session);
          out->values<int32_t>()[row] = *days;
          break;
        case Target::kTimestamp:
          out->values<int64_t>()[row] = days ? DaysToMicros(*days, *session) : *micros;
          break;
        case Target::kTimestampNtz:
          out->values<int64_t>()[row] = days ? static_cast<int64_t>(*days) * kMicrosPerDay : *micros;
          break;
        case Target::kUnixSeconds:
          out->values<int64_t>()[row] = FloorDiv(days ? DaysToMicros(*days, *session) : *micros, kMicrosPerSecond);
          break;
      }
    }
    if (count == 1 && rows != 1) return Vector::MakeConstant(out, 0, rows);
    return out;
  };
}

ScalarBinder ConvertBinder(const char* name, Target target, bool try_mode, size_t min_args) {
  return [=](const std::vector<ArgType>& args, const FunctionContext& ctx) {
    ExpectArgCount(name, args, min_args, 2);
    DataType result = target == Target::kTimestamp      ? DataType::Timestamp()
                      : target == Target::kTimestampNtz ? DataType::TimestampNtz()
                      : target == Target::kDate         ? DataType::Date()
                                                        : DataType::Long();
    BoundScalar bound;
    bound.result_type = result;
    if (args.empty()) {  // unix_timestamp(): now
      bound.kernel = [](std::span<const VectorPtr>, size_t rows, const FunctionContext& c) {
        VectorPtr one = Vector::Make(DataType::Long(), 1);
        one->values<int64_t>()[0] = FloorDiv(c.statement_micros, kMicrosPerSecond);
        return rows == 1 ? one : Vector::MakeConstant(one, 0, rows);
      };
      return bound;
    }
    std::vector<Signature> signatures;
    for (const DataType& type :
         {DataType::String(), DataType::Date(), DataType::Timestamp(), DataType::TimestampNtz()}) {
      Signature s{{type}, result};
      if (args.size() == 2) s.args.push_back(DataType::String());
      signatures.push_back(s);
    }
    const Signature& matched = MatchSignature(name, args, signatures);
    bound.arg_types = matched.args;
    bool has_format = args.size() == 2;
    std::shared_ptr<const DateTimePattern> fixed;
    if (matched.args[0].id() == TypeId::kString && (has_format || target == Target::kUnixSeconds))
      fixed = CompileConstant(args, 1, true, kDefaultTimestampFormat);
    bound.kernel = ConvertKernel(target, has_format, try_mode, fixed);
    return bound;
  };
}

void AddConvert(FunctionRegistry& registry, const char* name, const char* usage, Target target, bool try_mode,
                size_t min_args = 1) {
  FunctionInfo info;
  info.name = name;
  info.group = kGroup;
  info.usage = usage;
  info.scalar = ConvertBinder(name, target, try_mode, min_args);
  registry.Add(info);
}

// date_format(ts, fmt) and from_unixtime(seconds[, fmt]).
ScalarBinder FormatBinder(const char* name, bool from_seconds) {
  return [=](const std::vector<ArgType>& args, const FunctionContext&) {
    std::vector<Signature> signatures;
    if (from_seconds) {
      signatures = {{{DataType::Long()}, DataType::String()},
                    {{DataType::Long(), DataType::String()}, DataType::String()}};
    } else {
      signatures = {{{DataType::Timestamp(), DataType::String()}, DataType::String()}};
    }
    const Signature& matched = MatchSignature(name, args, signatures);
    BoundScalar bound;
    bound.result_type = DataType::String();
    bound.arg_types = matched.args;
    bool has_format = args.size() == 2;
    std::shared_ptr<const DateTimePattern> fixed = CompileConstant(args, 1, false, kDefaultTimestampFormat);
    bound.kernel = [=](std::span<const VectorPtr> a, size_t rows, const FunctionContext& ctx) {
      std::shared_ptr<const TimeZone> zone = dtutil::SessionZone(ctx);
      std::string zone_id = ctx.time_zone;
      auto format = [&](int64_t seconds_or_micros, const DateTimePattern& pattern) {
        int64_t t = seconds_or_micros;
        if (from_seconds) {
          if (__builtin_mul_overflow(seconds_or_micros, kMicrosPerSecond, &t))
            ThrowError(ErrorClass::kArithmeticOverflow,
                       {{"message", "long overflow"}, {"config", dtutil::AnsiConfig()}});
        }
        return pattern.Format(zone->UtcToLocal(t), zone->OffsetSecondsAtUtc(t), zone_id);
      };
      PatternSource patterns(fixed, false);
      if (!has_format) {
        return MapRows<std::string, int64_t>(a, rows, DataType::String(),
                                             [&](int64_t t) { return format(t, *fixed); });
      }
      return MapRows<std::string, int64_t, std::string_view>(
          a, rows, DataType::String(), [&](int64_t t, std::string_view f) { return format(t, patterns.Get(f)); });
    };
    return bound;
  };
}

}  // namespace

void RegisterDatetimeParseFunctions(FunctionRegistry& registry) {
  {
    FunctionInfo info;
    info.name = "date_format";
    info.group = kGroup;
    info.usage = "_FUNC_(timestamp, fmt) - Converts `timestamp` to a value of string in the format specified by the "
                 "date format `fmt`.";
    info.scalar = FormatBinder("date_format", false);
    registry.Add(info);
    info.name = "from_unixtime";
    info.usage = "_FUNC_(unix_time[, fmt]) - Returns `unix_time` in the specified `fmt`.";
    info.scalar = FormatBinder("from_unixtime", true);
    registry.Add(info);
  }
  AddConvert(registry, "to_date",
             "_FUNC_(date_str[, fmt]) - Parses the `date_str` expression with the `fmt` expression to a date. "
             "Returns null with invalid input. By default, it follows casting rules to a date if the `fmt` is "
             "omitted.",
             Target::kDate, false);
  AddConvert(registry, "to_timestamp",
             "_FUNC_(timestamp_str[, fmt]) - Parses the `timestamp_str` expression with the `fmt` expression to a "
             "timestamp. Returns null with invalid input. By default, it follows casting rules to a timestamp if the "
             "`fmt` is omitted.",
             Target::kTimestamp, false);
  AddConvert(registry, "to_timestamp_ltz",
             "_FUNC_(timestamp_str[, fmt]) - Parses the `timestamp_str` expression with the `fmt` expression to a "
             "timestamp with local time zone.",
             Target::kTimestamp, false);
  AddConvert(registry, "to_timestamp_ntz",
             "_FUNC_(timestamp_str[, fmt]) - Parses the `timestamp_str` expression with the `fmt` expression to a "
             "timestamp without time zone.",
             Target::kTimestampNtz, false);
  AddConvert(registry, "try_to_timestamp",
             "_FUNC_(timestamp_str[, fmt]) - Parses the `timestamp_str` expression with the `fmt` expression to a "
             "timestamp. The function always returns null on an invalid input with/without ANSI SQL mode enabled.",
             Target::kTimestamp, true);
  AddConvert(registry, "unix_timestamp",
             "_FUNC_([timeExp[, fmt]]) - Returns the UNIX timestamp of current or specified time.",
             Target::kUnixSeconds, false, 0);
  AddConvert(registry, "to_unix_timestamp",
             "_FUNC_(timeExp[, fmt]) - Returns the UNIX timestamp of the given time.", Target::kUnixSeconds, false);
}

}  // namespace tarn
