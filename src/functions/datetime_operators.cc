// The operators on dates, timestamps and intervals (`d + interval '1' month`,
// `ts - ts`, `interval * 2`), as internal functions the analyzer calls by
// name. The arithmetic itself is datetime_arith.h.
#include <cmath>

#include "common/error.h"
#include "functions/builtins.h"
#include "functions/datetime_arith.h"
#include "functions/datetime_util.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "types/datetime.h"
#include "types/time_zone.h"

namespace tarn {
namespace {

bool IsInterval(const DataType& t) {
  return t.id() == TypeId::kYearMonthInterval || t.id() == TypeId::kDayTimeInterval ||
         t.id() == TypeId::kCalendarInterval;
}

FunctionInfo Internal(std::string name, std::string usage, ScalarBinder binder) {
  FunctionInfo info;
  info.name = std::move(name);
  info.kind = FunctionKind::kScalar;
  info.group = "datetime_funcs";
  info.usage = std::move(usage);
  info.internal = true;
  info.scalar = std::move(binder);
  return info;
}

bool DayOnly(const DataType& t) {
  return t.id() == TypeId::kDayTimeInterval && t.interval_end() == IntervalField::kDay;
}

// date/timestamp ± interval.
BoundScalar BindAddInterval(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("date_add_interval", args, 2);
  DataType base = args[0].type;
  DataType interval = args[1].type;
  if (!IsInterval(interval)) ThrowUnexpectedInputType(1, "\"INTERVAL\"", interval);
  if (base.id() == TypeId::kString) base = DataType::Timestamp();
  BoundScalar bound;
  if (base.id() == TypeId::kDate) {
    bool to_timestamp = (interval.id() == TypeId::kDayTimeInterval && !DayOnly(interval));
    if (to_timestamp) base = DataType::Timestamp();
  }
  if (base.id() != TypeId::kDate && !base.is_timestamp()) ThrowUnexpectedInputType(0, "(\"DATE\" or \"TIMESTAMP\")", args[0].type);
  bound.arg_types = {base, interval};
  bound.result_type = base;
  bound.kernel = [base, interval](std::span<const VectorPtr> in, size_t rows, const FunctionContext& ctx) -> VectorPtr {
    std::shared_ptr<const TimeZone> zone = base.id() == TypeId::kTimestamp ? dtutil::SessionZone(ctx) : TimeZone::Utc();
    const TimeZone& z = *zone;
    bool ansi = ctx.ansi;
    if (base.id() == TypeId::kDate) {
      switch (interval.id()) {
        case TypeId::kYearMonthInterval:
          return MapRows<int32_t, int32_t, int32_t>(in, rows, base, [](int32_t d, int32_t m) { return DateAddMonths(d, m); });
        case TypeId::kDayTimeInterval:
          return MapRows<int32_t, int32_t, int64_t>(in, rows, base, [](int32_t d, int64_t us) {
            return DateAddDays(d, static_cast<int32_t>(us / kMicrosPerDay));
          });
        default:
          return MapRows<int32_t, int32_t, IntervalValue>(in, rows, base, [&z, ansi](int32_t d, IntervalValue i) {
            return DateAddInterval(d, i, ansi, z);
          });
      }
    }
    switch (interval.id()) {
      case TypeId::kYearMonthInterval:
        return MapRows<int64_t, int64_t, int32_t>(in, rows, base, [&z](int64_t t, int32_t m) { return TimestampAddMonths(t, m, z); });
      case TypeId::kDayTimeInterval:
        return MapRows<int64_t, int64_t, int64_t>(in, rows, base, [](int64_t t, int64_t us) { return TimestampAddMicros(t, us); });
      default:
        return MapRows<int64_t, int64_t, IntervalValue>(in, rows, base, [&z](int64_t t, IntervalValue i) {
          return TimestampAddInterval(t, i, z);
        });
    }
  };
  return bound;
}

// ts - ts (dates are cast to timestamps) → day-time interval.
BoundScalar BindTimestampDiff(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("timestamp_diff_interval", args, 2);
  DataType type = args[0].type.id() == TypeId::kTimestampNtz && args[1].type.id() == TypeId::kTimestampNtz
                      ? DataType::TimestampNtz()
                      : DataType::Timestamp();
  BoundScalar bound;
  bound.arg_types = {type, type};
  bound.result_type = DataType::DayTimeInterval();
  bound.kernel = [](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
    return MapRows<int64_t, int64_t, int64_t>(in, rows, DataType::DayTimeInterval(),
                                             [](int64_t a, int64_t b) { return SubtractTimestamps(a, b); });
  };
  return bound;
}

// date - date → INTERVAL DAY.
BoundScalar BindDateDiff(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("date_diff_interval", args, 2);
  BoundScalar bound;
  bound.arg_types = {DataType::Date(), DataType::Date()};
  bound.result_type = DataType::DayTimeInterval(IntervalField::kDay, IntervalField::kDay);
  DataType result = bound.result_type;
  bound.kernel = [result](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
    return MapRows<int64_t, int32_t, int32_t>(in, rows, result,
                                             [](int32_t a, int32_t b) { return SubtractDatesDayTime(a, b); });
  };
  return bound;
}

[[noreturn]] void Overflow(const char* what) {
  ThrowError(ErrorClass::kArithmeticOverflow, {{"message", std::string(what) + " overflow"}, {"config", "\"spark.sql.ansi.enabled\""}});
}

// interval ± interval of the same kind.
BoundScalar BindIntervalAddSub(bool subtract, const std::vector<ArgType>& args) {
  ExpectArgCount(subtract ? "interval_subtract" : "interval_add", args, 2);
  DataType a = args[0].type, b = args[1].type;
  if (!IsInterval(a) || !IsInterval(b)) ThrowUnexpectedInputType(IsInterval(a) ? 1 : 0, "\"INTERVAL\"", IsInterval(a) ? b : a);
  DataType type;
  if (a.id() == b.id() && a.id() != TypeId::kCalendarInterval) {
    type = a.id() == TypeId::kYearMonthInterval
               ? DataType::YearMonthInterval(std::min(a.interval_start(), b.interval_start()), std::max(a.interval_end(), b.interval_end()))
               : DataType::DayTimeInterval(std::min(a.interval_start(), b.interval_start()), std::max(a.interval_end(), b.interval_end()));
  } else if (a.id() == b.id()) {
    type = a;
  } else {
    // Spark: the year-month operand is not an input the day-time addition accepts.
    throw FunctionBindError("cannot combine \"" + a.ToSql() + "\" and \"" + b.ToSql() + "\"", "UNEXPECTED_INPUT_TYPE");
  }
  BoundScalar bound;
  bound.arg_types = {type, type};
  bound.result_type = type;
  bound.kernel = [type, subtract](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) -> VectorPtr {
    switch (type.id()) {
      case TypeId::kYearMonthInterval:
        return MapRows<int32_t, int32_t, int32_t>(in, rows, type, [subtract](int32_t x, int32_t y) {
          int32_t r;
          if (subtract ? __builtin_sub_overflow(x, y, &r) : __builtin_add_overflow(x, y, &r)) Overflow("integer");
          return r;
        });
      case TypeId::kDayTimeInterval:
        return MapRows<int64_t, int64_t, int64_t>(in, rows, type, [subtract](int64_t x, int64_t y) {
          int64_t r;
          if (subtract ? __builtin_sub_overflow(x, y, &r) : __builtin_add_overflow(x, y, &r)) Overflow("long");
          return r;
        });
      default:
        return MapRows<IntervalValue, IntervalValue, IntervalValue>(in, rows, type, [subtract](IntervalValue x, IntervalValue y) {
          int s = subtract ? -1 : 1;
          return IntervalValue{x.months + s * y.months, x.days + s * y.days, x.micros + s * y.micros};
        });
    }
  };
  return bound;
}

// interval * number, interval / number (HALF_UP rounding as Spark's IntervalUtils).
BoundScalar BindIntervalScale(bool divide, const std::vector<ArgType>& args) {
  ExpectArgCount(divide ? "interval_divide" : "interval_multiply", args, 2);
  DataType type = args[0].type;
  if (!IsInterval(type)) ThrowUnexpectedInputType(0, "\"INTERVAL\"", type);
  if (!args[1].type.is_numeric() && args[1].type.id() != TypeId::kNull) ThrowUnexpectedInputType(1, "\"NUMERIC\"", args[1].type);
  // Spark's Multiply/Divide(YM|DT)Interval return the full YEAR TO MONTH /
  // DAY TO SECOND type whatever the input's fields.
  if (type.id() == TypeId::kYearMonthInterval) type = DataType::YearMonthInterval();
  if (type.id() == TypeId::kDayTimeInterval) type = DataType::DayTimeInterval();
  BoundScalar bound;
  bound.arg_types = {type, DataType::Double()};
  bound.result_type = type;
  bound.kernel = [type, divide](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) -> VectorPtr {
    auto scale = [divide](double v, double f) -> double {
      if (divide && f == 0) ThrowError(ErrorClass::kIntervalDividedByZero, {});
      return divide ? v / f : v * f;
    };
    switch (type.id()) {
      case TypeId::kYearMonthInterval:
        return MapRows<int32_t, int32_t, double>(in, rows, type, [scale](int32_t m, double f) {
          double r = std::round(scale(m, f));
          if (!(std::fabs(r) < 2147483648.0)) Overflow("integer");
          return static_cast<int32_t>(r);
        });
      case TypeId::kDayTimeInterval:
        return MapRows<int64_t, int64_t, double>(in, rows, type, [scale](int64_t us, double f) {
          double r = std::round(scale(static_cast<double>(us), f));
          if (!(std::fabs(r) < 9.2e18)) Overflow("long");
          return static_cast<int64_t>(r);
        });
      default:
        return MapRows<IntervalValue, IntervalValue, double>(in, rows, type, [scale](IntervalValue i, double f) {
          return IntervalValue{static_cast<int32_t>(std::round(scale(i.months, f))),
                               static_cast<int32_t>(std::round(scale(i.days, f))),
                               static_cast<int64_t>(std::round(scale(static_cast<double>(i.micros), f)))};
        });
    }
  };
  return bound;
}

}  // namespace

void RegisterDatetimeOperators(FunctionRegistry& registry) {
  registry.Add(Internal("date_add_interval", "date_or_timestamp _FUNC_ interval - the `+ interval` operator.", BindAddInterval));
  registry.Add(Internal("timestamp_diff_interval", "ts1 _FUNC_ ts2 - the `-` operator on timestamps.", BindTimestampDiff));
  registry.Add(Internal("date_diff_interval", "date1 _FUNC_ date2 - the `-` operator on dates.", BindDateDiff));
  registry.Add(Internal("interval_add", "i1 _FUNC_ i2 - the `+` operator on intervals.",
                        [](const std::vector<ArgType>& args, const FunctionContext&) { return BindIntervalAddSub(false, args); }));
  registry.Add(Internal("interval_subtract", "i1 _FUNC_ i2 - the `-` operator on intervals.",
                        [](const std::vector<ArgType>& args, const FunctionContext&) { return BindIntervalAddSub(true, args); }));
  registry.Add(Internal("interval_multiply", "i _FUNC_ n - the `*` operator on an interval.",
                        [](const std::vector<ArgType>& args, const FunctionContext&) { return BindIntervalScale(false, args); }));
  registry.Add(Internal("interval_divide", "i _FUNC_ n - the `/` operator on an interval.",
                        [](const std::vector<ArgType>& args, const FunctionContext&) { return BindIntervalScale(true, args); }));
}

}  // namespace tarn
