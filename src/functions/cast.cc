#include "functions/cast.h"

#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "columnar/value_text.h"
#include "common/error.h"
#include "common/strings.h"
#include "functions/kernel_util.h"
#include "types/datetime.h"
#include "types/decimal.h"
#include "types/number_text.h"
#include "types/time_zone.h"

namespace tarn {

namespace {

// --- Cast rules (Spark's Cast object) ------------------------------------------

bool IsAnsiInterval(const DataType& t) {
  return t.id() == TypeId::kYearMonthInterval || t.id() == TypeId::kDayTimeInterval;
}
bool IsIntegralOrDecimal(const DataType& t) { return t.is_integral() || t.id() == TypeId::kDecimal; }

bool CanCastNested(const DataType& from, const DataType& to, CastMode mode);

bool CanCastAtomic(const DataType& from, const DataType& to, bool ansi) {
  TypeId f = from.id(), t = to.id();
  if (from == to || f == TypeId::kNull || t == TypeId::kString) return true;
  if (f == TypeId::kString) {
    return t == TypeId::kBinary || t == TypeId::kBoolean || t == TypeId::kTimestamp || t == TypeId::kTimestampNtz ||
           t == TypeId::kDate || t == TypeId::kCalendarInterval || IsAnsiInterval(to) || to.is_numeric();
  }
  if (IsAnsiInterval(from) && IsIntegralOrDecimal(to)) return true;
  if (IsIntegralOrDecimal(from) && IsAnsiInterval(to)) {
    // Only integral → single-field intervals (decimal sources are not supported yet).
    return to.interval_start() == to.interval_end() && from.is_integral();
  }
  if (f == TypeId::kDayTimeInterval && t == TypeId::kDayTimeInterval) return true;
  if (f == TypeId::kYearMonthInterval && t == TypeId::kYearMonthInterval) return true;
  switch (t) {
    case TypeId::kBinary: return !ansi && from.is_integral();
    case TypeId::kBoolean:
      return from.is_numeric() || (!ansi && (f == TypeId::kDate || f == TypeId::kTimestamp));
    case TypeId::kTimestamp:
      return f == TypeId::kDate || f == TypeId::kTimestampNtz || from.is_numeric() || (!ansi && f == TypeId::kBoolean);
    case TypeId::kTimestampNtz: return f == TypeId::kDate || f == TypeId::kTimestamp;
    case TypeId::kDate: return f == TypeId::kTimestamp || f == TypeId::kTimestampNtz;
    default: break;
  }
  if (to.is_numeric()) {
    return from.is_numeric() || f == TypeId::kBoolean || f == TypeId::kTimestamp || (!ansi && f == TypeId::kDate);
  }
  return false;
}

bool CanCastNested(const DataType& from, const DataType& to, CastMode mode) {
  // Nullability of nested results is the analyzer's concern (it widens it);
  // here only the element conversions matter.
  CastMode inner = mode == CastMode::kTry ? CastMode::kLegacy : mode;  // canTryCast: canCast inside
  if (from.id() == TypeId::kArray && to.id() == TypeId::kArray) {
    return CanCast(from.element_type(), to.element_type(), inner);
  }
  if (from.id() == TypeId::kMap && to.id() == TypeId::kMap) {
    return CanCast(from.key_type(), to.key_type(), inner) && CanCast(from.value_type(), to.value_type(), inner);
  }
  if (from.id() == TypeId::kStruct && to.id() == TypeId::kStruct) {
    if (from.fields().size() != to.fields().size()) return false;
    for (size_t i = 0; i < from.fields().size(); ++i) {
      if (!CanCast(from.fields()[i].type, to.fields()[i].type, inner)) return false;
    }
    return true;
  }
  return false;
}

// --- Errors ----------------------------------------------------------------------

std::string SqlType(const DataType& type) { return "\"" + type.ToSql() + "\""; }

std::string QuoteString(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

/// How Spark's toSQLValue prints a value in an error message: 'abc', 10L, 1.0E10D, 1.5BD.
std::string SqlValue(const Vector& in, size_t row, const TimeZone* zone) {
  const DataType& type = in.type();
  std::string text;
  switch (type.id()) {
    case TypeId::kString: return QuoteString(in.StringAt(row).view());
    case TypeId::kByte: return std::to_string(in.ValueAt<int8_t>(row)) + "Y";
    case TypeId::kShort: return std::to_string(in.ValueAt<int16_t>(row)) + "S";
    case TypeId::kLong: return std::to_string(in.ValueAt<int64_t>(row)) + "L";
    case TypeId::kDouble: {
      double d = in.ValueAt<double>(row);
      AppendJavaNumber(d, &text);
      return std::isfinite(d) ? text + "D" : "CAST('" + text + "' AS DOUBLE)";
    }
    case TypeId::kFloat: {
      AppendJavaNumber(in.ValueAt<float>(row), &text);
      return "CAST('" + text + "' AS FLOAT)";
    }
    case TypeId::kDecimal: AppendSparkText(in, row, &text); return text + "BD";
    case TypeId::kDate: AppendSparkText(in, row, &text); return "DATE '" + text + "'";
    case TypeId::kTimestamp: {
      int64_t micros = in.ValueAt<int64_t>(row);
      return "TIMESTAMP '" + FormatTimestamp(zone ? zone->UtcToLocal(micros) : micros) + "'";
    }
    case TypeId::kTimestampNtz: return "TIMESTAMP_NTZ '" + FormatTimestamp(in.ValueAt<int64_t>(row)) + "'";
    default: AppendSparkText(in, row, &text); return text;
  }
}

// One cast of one column: the source, the target, the mode and the session
// zone, with the failure paths every conversion shares.
class Caster {
 public:
  Caster(const Vector& in, const DataType& to, CastMode mode, const FunctionContext& ctx)
      : in_(in), to_(to), mode_(mode), ctx_(ctx) {}

  bool ansi() const { return mode_ != CastMode::kLegacy; }

  const TimeZone& zone() const {
    if (!zone_) {
      zone_ = TimeZone::Find(ctx_.time_zone);
      if (!zone_) {
        ThrowError(ErrorClass::kInvalidConfValue, {{"confValue", ctx_.time_zone},
                                                   {"confName", "spark.sql.session.timeZone"},
                                                   {"message", "Cannot resolve the given timezone"}});
      }
    }
    return *zone_;
  }

  [[noreturn]] void InvalidInput(size_t row) const {
    ThrowError(ErrorClass::kCastInvalidInput, {{"expression", SqlValue(in_, row, zone_.get())},
                                               {"sourceType", SqlType(in_.type())},
                                               {"targetType", SqlType(to_)}});
  }
  [[noreturn]] void Overflow(size_t row) const {
    ThrowError(ErrorClass::kCastOverflow, {{"value", SqlValue(in_, row, zone_.get())},
                                           {"sourceType", SqlType(in_.type())},
                                           {"targetType", SqlType(to_)}});
  }
  [[noreturn]] void DecimalOutOfRange(const std::string& value) const {
    ThrowError(ErrorClass::kNumericValueOutOfRange, {{"value", value},
                                                     {"precision", std::to_string(to_.precision())},
                                                     {"scale", std::to_string(to_.scale())},
                                                     {"config", "\"spark.sql.ansi.enabled\""}});
  }

  /// Malformed input: an error under ANSI, NULL in legacy mode.
  template <typename T>
  std::optional<T> Invalid(size_t row) const {
    if (ansi()) InvalidInput(row);
    return std::nullopt;
  }

  /// out[row] = fn(row) for the non-null rows; fn returns std::optional<Out>.
  /// In try mode any error of a row makes that row NULL.
  template <typename Out, typename Fn>
  VectorPtr Map(size_t rows, Fn&& fn) const {
    VectorPtr out = Vector::Make(to_, rows);
    bool may_have_nulls = in_.may_have_nulls();
    for (size_t row = 0; row < rows; ++row) {
      if (may_have_nulls && in_.IsNull(row)) {
        out->SetNull(row);
        continue;
      }
      std::optional<Out> value;
      if (mode_ == CastMode::kTry) {
        try {
          value = fn(row);
        } catch (const Error& error) {
          if (error.info().IsInternal()) throw;  // bugs are not NULLs
          value.reset();
        }
      } else {
        value = fn(row);
      }
      if (!value) {
        out->SetNull(row);
      } else if constexpr (std::is_same_v<Out, int128_t>) {
        if (to_.physical_type() == PhysicalType::kInt128) out->values<int128_t>()[row] = *value;
        else out->values<int64_t>()[row] = static_cast<int64_t>(*value);
      } else {
        WriteValue<Out>(*out, row, *value);
      }
    }
    return out;
  }

  const Vector& in_;
  const DataType& to_;
  CastMode mode_;
  const FunctionContext& ctx_;
  mutable std::shared_ptr<const TimeZone> zone_;
};

// --- Reading sources -------------------------------------------------------------

int128_t DecimalAt(const Vector& v, size_t row) {
  return v.type().physical_type() == PhysicalType::kInt128 ? v.ValueAt<int128_t>(row) : v.ValueAt<int64_t>(row);
}

int64_t IntegralAt(const Vector& v, size_t row) {
  switch (v.type().id()) {
    case TypeId::kBoolean: return v.ValueAt<uint8_t>(row) ? 1 : 0;
    case TypeId::kByte: return v.ValueAt<int8_t>(row);
    case TypeId::kShort: return v.ValueAt<int16_t>(row);
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kYearMonthInterval: return v.ValueAt<int32_t>(row);
    default: return v.ValueAt<int64_t>(row);
  }
}

double FloatingAt(const Vector& v, size_t row) {
  return v.type().id() == TypeId::kFloat ? static_cast<double>(v.ValueAt<float>(row)) : v.ValueAt<double>(row);
}

// Spark trims ASCII whitespace and control characters (UTF8String.trimAll).
std::string_view TrimText(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= 0x20) s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= 0x20) s.remove_suffix(1);
  return s;
}

// --- Number helpers ------------------------------------------------------------------

// Java's (long) and (int) of a double: NaN → 0, saturating at the ends.
int64_t JavaDoubleToLong(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9223372036854775808.0) return std::numeric_limits<int64_t>::max();
  if (d <= -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(d);
}
int32_t JavaDoubleToInt(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 2147483647.0) return std::numeric_limits<int32_t>::max();
  if (d <= -2147483648.0) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(d);
}

int64_t LowBits(int128_t v) { return static_cast<int64_t>(static_cast<uint64_t>(static_cast<uint128_t>(v))); }

// UTF8String.toLong: [+-]digits[.digits]; the fraction (legacy only) is dropped.
std::optional<int64_t> ParseIntegral(std::string_view s, bool allow_fraction, int64_t min, int64_t max) {
  s = TrimText(s);
  if (s.empty()) return std::nullopt;
  size_t pos = 0;
  bool negative = s[0] == '-';
  if (negative || s[0] == '+') {
    if (s.size() == 1) return std::nullopt;
    pos = 1;
  }
  // Accumulate negatively so that MIN parses.
  int64_t value = 0;
  for (; pos < s.size(); ++pos) {
    char c = s[pos];
    if (c == '.' && allow_fraction) break;
    if (c < '0' || c > '9') return std::nullopt;
    if (__builtin_mul_overflow(value, 10, &value) || __builtin_sub_overflow(value, c - '0', &value)) {
      return std::nullopt;
    }
  }
  if (pos < s.size()) {
    for (++pos; pos < s.size(); ++pos)
      if (s[pos] < '0' || s[pos] > '9') return std::nullopt;
  }
  if (!negative) {
    if (value == std::numeric_limits<int64_t>::min()) return std::nullopt;
    value = -value;
  }
  if (value < min || value > max) return std::nullopt;
  return value;
}

bool IsDecimalNumberText(std::string_view s) {
  size_t pos = 0;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) ++pos;
  size_t digits = 0;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos, ++digits;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos, ++digits;
  }
  if (digits == 0) return false;
  if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
    ++pos;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) ++pos;
    size_t exp_digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return pos == s.size();
}

// Java's Double.parseDouble / Float.parseFloat (decimal forms, optional d/f
// suffix) plus Spark's case-insensitive inf/infinity/nan literals.
std::optional<double> ParseFloating(std::string_view text, bool is_float) {
  std::string_view s = TrimText(text);
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "inf" || lower == "+inf" || lower == "infinity" || lower == "+infinity") {
    return std::numeric_limits<double>::infinity();
  }
  if (lower == "-inf" || lower == "-infinity") return -std::numeric_limits<double>::infinity();
  if (lower == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (!s.empty() && (lower.back() == 'd' || lower.back() == 'f')) s.remove_suffix(1);
  if (!IsDecimalNumberText(s)) return std::nullopt;
  std::string copy(s);
  if (is_float) return static_cast<double>(std::strtof(copy.c_str(), nullptr));
  return std::strtod(copy.c_str(), nullptr);
}

bool FitsPrecision(int128_t unscaled, int precision) {
  int128_t limit = PowerOfTen128(precision);
  return unscaled < limit && unscaled > -limit;
}

// Rescales an unscaled decimal from scale `from` to `to` with HALF_UP rounding;
// nullopt when it does not fit `precision` digits.
std::optional<int128_t> Rescale(int128_t value, int from, int to, int precision) {
  if (to > from) {
    int shift = to - from;
    if (value != 0 && NumDigits(value) + shift > precision) return std::nullopt;
    value *= PowerOfTen128(shift);
  } else if (to < from) {
    int128_t divisor = PowerOfTen128(from - to);
    int128_t quotient = value / divisor, remainder = value % divisor;
    if (remainder < 0) remainder = -remainder;
    if (remainder * 2 >= divisor) quotient += value < 0 ? -1 : 1;
    value = quotient;
  }
  if (!FitsPrecision(value, precision)) return std::nullopt;
  return value;
}

// Java BigDecimal.toString (legacy CAST to STRING): scientific when the
// adjusted exponent is below -6.
std::string DecimalLegacyText(int128_t unscaled, int scale) {
  int digits = NumDigits(unscaled);
  int adjusted = digits - 1 - scale;
  if (scale == 0 || adjusted >= -6) return DecimalToString(unscaled, scale);
  std::string magnitude = Int128ToString(unscaled < 0 ? -unscaled : unscaled);
  std::string out = unscaled < 0 ? "-" : "";
  out += magnitude[0];
  if (magnitude.size() > 1) out += "." + magnitude.substr(1);
  return out + "E" + std::to_string(adjusted);
}

// --- To string --------------------------------------------------------------------

void AppendCastText(const Vector& v, size_t row, bool nested, const Caster& c, std::string* out) {
  if (v.IsNull(row)) {
    out->append(nested ? "null" : "NULL");
    return;
  }
  const DataType& type = v.type();
  switch (type.id()) {
    case TypeId::kTimestamp: out->append(FormatTimestamp(c.zone().UtcToLocal(v.ValueAt<int64_t>(row)))); return;
    case TypeId::kBinary:
    case TypeId::kString: out->append(v.StringAt(row).view()); return;
    case TypeId::kDecimal:
      if (!c.ansi()) {
        out->append(DecimalLegacyText(DecimalAt(v, row), type.scale()));
        return;
      }
      break;
    case TypeId::kArray:
    case TypeId::kMap: {
      const Vector& base = v.Base();
      size_t index = v.RowIndex(row);
      const int32_t* offsets = base.offsets();
      bool is_map = type.id() == TypeId::kMap;
      out->push_back(is_map ? '{' : '[');
      for (int32_t i = offsets[index]; i < offsets[index + 1]; ++i) {
        if (i != offsets[index]) out->append(", ");
        AppendCastText(base.child(0), i, true, c, out);
        if (is_map) {
          out->append(" -> ");
          AppendCastText(base.child(1), i, true, c, out);
        }
      }
      out->push_back(is_map ? '}' : ']');
      return;
    }
    case TypeId::kStruct: {
      const Vector& base = v.Base();
      size_t index = v.RowIndex(row);
      out->push_back('{');
      for (size_t f = 0; f < base.num_children(); ++f) {
        if (f != 0) out->append(", ");
        AppendCastText(base.child(f), index, true, c, out);
      }
      out->push_back('}');
      return;
    }
    default: break;
  }
  SparkTextOptions options;
  options.null_text = "null";
  AppendSparkText(v, row, out, options);
}

VectorPtr CastToString(const Caster& c, size_t rows) {
  return c.Map<std::string>(rows, [&](size_t row) -> std::optional<std::string> {
    std::string text;
    AppendCastText(c.in_, row, false, c, &text);
    return text;
  });
}

// --- To numbers ------------------------------------------------------------------------

struct IntegralRange {
  int64_t min, max;
};

IntegralRange RangeOf(TypeId id) {
  switch (id) {
    case TypeId::kByte: return {INT8_MIN, INT8_MAX};
    case TypeId::kShort: return {INT16_MIN, INT16_MAX};
    case TypeId::kInt: return {INT32_MIN, INT32_MAX};
    default: return {INT64_MIN, INT64_MAX};
  }
}

// Java's narrowing of a long to the target width (legacy wrap-around).
int64_t Wrap(int64_t v, TypeId to) {
  switch (to) {
    case TypeId::kByte: return static_cast<int8_t>(v);
    case TypeId::kShort: return static_cast<int16_t>(v);
    case TypeId::kInt: return static_cast<int32_t>(v);
    default: return v;
  }
}

template <typename T>
VectorPtr CastToIntegralAs(const Caster& c, size_t rows) {
  const DataType& from = c.in_.type();
  TypeId to = c.to_.id();
  IntegralRange range = RangeOf(to);
  auto narrow = [&](int64_t v, size_t row) -> std::optional<T> {
    if (v >= range.min && v <= range.max) return static_cast<T>(v);
    if (c.ansi()) c.Overflow(row);
    return static_cast<T>(Wrap(v, to));
  };
  switch (from.id()) {
    case TypeId::kBoolean:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return c.Map<T>(rows, [&](size_t row) { return narrow(IntegralAt(c.in_, row), row); });
    case TypeId::kFloat:
    case TypeId::kDouble:
      return c.Map<T>(rows, [&](size_t row) -> std::optional<T> {
        double d = FloatingAt(c.in_, row);
        if (c.ansi()) {
          // ExactNumeric: the truncated value must fit (NaN never does).
          double t = std::trunc(d);
          bool fits = to == TypeId::kLong ? (t >= -9223372036854775808.0 && t <= 9223372036854775807.0)
                                          : (t >= static_cast<double>(range.min) && t <= static_cast<double>(range.max));
          if (!fits) c.Overflow(row);
          return static_cast<T>(to == TypeId::kLong ? JavaDoubleToLong(d) : JavaDoubleToInt(d));
        }
        // Java: (long) d, or (int) d then narrowed.
        if (to == TypeId::kLong) return static_cast<T>(JavaDoubleToLong(d));
        return static_cast<T>(Wrap(JavaDoubleToInt(d), to));
      });
    case TypeId::kDecimal:
      return c.Map<T>(rows, [&](size_t row) -> std::optional<T> {
        int128_t whole = DecimalAt(c.in_, row) / PowerOfTen128(from.scale());  // truncates toward zero
        if (whole >= range.min && whole <= range.max) return static_cast<T>(static_cast<int64_t>(whole));
        if (c.ansi()) c.Overflow(row);
        return static_cast<T>(Wrap(LowBits(whole), to));
      });
    case TypeId::kString:
      return c.Map<T>(rows, [&](size_t row) -> std::optional<T> {
        auto v = ParseIntegral(c.in_.StringAt(row).view(), !c.ansi(), range.min, range.max);
        if (!v) return c.Invalid<T>(row);
        return static_cast<T>(*v);
      });
    case TypeId::kTimestamp:
      return c.Map<T>(rows, [&](size_t row) -> std::optional<T> {
        int64_t seconds = FloorDiv(c.in_.ValueAt<int64_t>(row), kMicrosPerSecond);
        if (seconds >= range.min && seconds <= range.max) return static_cast<T>(seconds);
        if (c.ansi()) c.Overflow(row);
        return std::nullopt;
      });
    case TypeId::kDate: return Vector::MakeNull(c.to_, rows);  // legacy: always NULL (Hive)
    case TypeId::kYearMonthInterval:
    case TypeId::kDayTimeInterval: {
      // The number of the interval's single unit.
      IntervalField field = from.interval_end();
      int64_t unit = 1;
      if (from.id() == TypeId::kYearMonthInterval) {
        unit = field == IntervalField::kYear ? 12 : 1;
      } else {
        unit = field == IntervalField::kDay      ? kMicrosPerDay
               : field == IntervalField::kHour   ? kMicrosPerHour
               : field == IntervalField::kMinute ? kMicrosPerMinute
                                                 : kMicrosPerSecond;
      }
      return c.Map<T>(rows, [&, unit](size_t row) -> std::optional<T> {
        int64_t v = IntegralAt(c.in_, row) / unit;
        if (v >= range.min && v <= range.max) return static_cast<T>(v);
        c.Overflow(row);
      });
    }
    default: break;
  }
  return nullptr;
}

VectorPtr CastToIntegral(const Caster& c, size_t rows) {
  switch (c.to_.id()) {
    case TypeId::kByte: return CastToIntegralAs<int8_t>(c, rows);
    case TypeId::kShort: return CastToIntegralAs<int16_t>(c, rows);
    case TypeId::kInt: return CastToIntegralAs<int32_t>(c, rows);
    default: return CastToIntegralAs<int64_t>(c, rows);
  }
}

template <typename T>
VectorPtr CastToFloatingAs(const Caster& c, size_t rows) {
  const DataType& from = c.in_.type();
  bool is_float = std::is_same_v<T, float>;
  switch (from.id()) {
    case TypeId::kBoolean:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return c.Map<T>(rows, [&](size_t row) { return std::optional<T>(static_cast<T>(IntegralAt(c.in_, row))); });
    case TypeId::kFloat:
    case TypeId::kDouble:
      return c.Map<T>(rows, [&](size_t row) { return std::optional<T>(static_cast<T>(FloatingAt(c.in_, row))); });
    case TypeId::kDecimal:
      return c.Map<T>(rows, [&](size_t row) -> std::optional<T> {
        std::string text = DecimalToString(DecimalAt(c.in_, row), from.scale());
        if (is_float) return static_cast<T>(std::strtof(text.c_str(), nullptr));
        return static_cast<T>(std::strtod(text.c_str(), nullptr));
      });
    case TypeId::kString:
      return c.Map<T>(rows, [&](size_t row) -> std::optional<T> {
        auto v = ParseFloating(c.in_.StringAt(row).view(), is_float);
        if (!v) return c.Invalid<T>(row);
        return static_cast<T>(*v);
      });
    case TypeId::kTimestamp:
      return c.Map<T>(rows, [&](size_t row) {
        return std::optional<T>(static_cast<T>(static_cast<double>(c.in_.ValueAt<int64_t>(row)) / 1e6));
      });
    case TypeId::kDate: return Vector::MakeNull(c.to_, rows);
    default: break;
  }
  return nullptr;
}

VectorPtr CastToDecimal(const Caster& c, size_t rows) {
  const DataType& from = c.in_.type();
  const int precision = c.to_.precision(), scale = c.to_.scale();
  // Overflow: NUMERIC_VALUE_OUT_OF_RANGE under ANSI, NULL in legacy mode.
  auto out_of_range = [&](const std::string& value) -> std::optional<int128_t> {
    if (c.ansi()) c.DecimalOutOfRange(value);
    return std::nullopt;
  };
  // Doubles convert through their shortest decimal text (Scala's BigDecimal(double)).
  auto from_double = [&](double d) -> std::optional<int128_t> {
    if (!std::isfinite(d)) return std::nullopt;  // NULL even under ANSI, as Spark does
    std::string text;
    AppendJavaNumber(d, &text);
    auto v = ParseDecimal(text, precision, scale);
    if (!v || !FitsPrecision(*v, precision)) return out_of_range(text);
    return v;
  };
  switch (from.id()) {
    case TypeId::kBoolean:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return c.Map<int128_t>(rows, [&](size_t row) -> std::optional<int128_t> {
        int64_t v = IntegralAt(c.in_, row);
        auto result = Rescale(v, 0, scale, precision);
        if (!result) return out_of_range(std::to_string(v));
        return result;
      });
    case TypeId::kDecimal:
      return c.Map<int128_t>(rows, [&](size_t row) -> std::optional<int128_t> {
        int128_t v = DecimalAt(c.in_, row);
        auto result = Rescale(v, from.scale(), scale, precision);
        if (!result) return out_of_range(DecimalToString(v, from.scale()));
        return result;
      });
    case TypeId::kFloat:
    case TypeId::kDouble:
      return c.Map<int128_t>(rows, [&](size_t row) { return from_double(FloatingAt(c.in_, row)); });
    case TypeId::kTimestamp:
      return c.Map<int128_t>(rows, [&](size_t row) {
        return from_double(static_cast<double>(c.in_.ValueAt<int64_t>(row)) / 1e6);
      });
    case TypeId::kString:
      return c.Map<int128_t>(rows, [&](size_t row) -> std::optional<int128_t> {
        std::string_view text = TrimText(c.in_.StringAt(row).view());
        if (!IsDecimalNumberText(text)) return c.Invalid<int128_t>(row);
        auto v = ParseDecimal(text, precision, scale);
        if (!v || !FitsPrecision(*v, precision)) return out_of_range(std::string(text));
        return v;
      });
    case TypeId::kDate: return Vector::MakeNull(c.to_, rows);
    case TypeId::kYearMonthInterval:
    case TypeId::kDayTimeInterval: {
      // The interval in its end unit, with the sub-unit remainder as fraction digits.
      IntervalField field = from.interval_end();
      int64_t unit = from.id() == TypeId::kYearMonthInterval ? (field == IntervalField::kYear ? 12 : 1)
                     : field == IntervalField::kDay          ? kMicrosPerDay
                     : field == IntervalField::kHour         ? kMicrosPerHour
                     : field == IntervalField::kMinute       ? kMicrosPerMinute
                                                             : kMicrosPerSecond;
      int unit_digits = 0;
      for (int64_t u = unit; u > 1 && u % 10 == 0; u /= 10) ++unit_digits;
      return c.Map<int128_t>(rows, [&, unit, unit_digits](size_t row) -> std::optional<int128_t> {
        int64_t v = IntegralAt(c.in_, row);
        if (unit == 12 || unit == 1 || unit != PowerOfTen128(unit_digits)) {
          // Whole units (years, days, hours, minutes): exact only for whole values.
          auto result = Rescale(v / unit, 0, scale, precision);
          if (!result) return out_of_range(std::to_string(v / unit));
          return result;
        }
        auto result = Rescale(v, unit_digits, scale, precision);
        if (!result) return out_of_range(DecimalToString(v, unit_digits));
        return result;
      });
    }
    default: break;
  }
  return nullptr;
}

VectorPtr CastToBoolean(const Caster& c, size_t rows) {
  const DataType& from = c.in_.type();
  switch (from.id()) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kTimestamp:
      return c.Map<bool>(rows, [&](size_t row) { return std::optional<bool>(IntegralAt(c.in_, row) != 0); });
    case TypeId::kFloat:
    case TypeId::kDouble:
      return c.Map<bool>(rows, [&](size_t row) { return std::optional<bool>(FloatingAt(c.in_, row) != 0); });
    case TypeId::kDecimal:
      return c.Map<bool>(rows, [&](size_t row) { return std::optional<bool>(DecimalAt(c.in_, row) != 0); });
    case TypeId::kString:
      return c.Map<bool>(rows, [&](size_t row) -> std::optional<bool> {
        std::string lower;
        for (char ch : TrimText(c.in_.StringAt(row).view())) {
          lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        }
        if (lower == "t" || lower == "true" || lower == "y" || lower == "yes" || lower == "1") return true;
        if (lower == "f" || lower == "false" || lower == "n" || lower == "no" || lower == "0") return false;
        return c.Invalid<bool>(row);
      });
    case TypeId::kDate: return Vector::MakeNull(c.to_, rows);
    default: break;
  }
  return nullptr;
}

// --- Dates and timestamps -----------------------------------------------------------------

// Seconds (integral) to microseconds, saturating like TimeUnit.SECONDS.toMicros.
int64_t SecondsToMicros(int64_t seconds) {
  int64_t out;
  if (__builtin_mul_overflow(seconds, kMicrosPerSecond, &out)) {
    return seconds > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  }
  return out;
}

VectorPtr CastToTimestamp(const Caster& c, size_t rows, bool ntz) {
  const DataType& from = c.in_.type();
  switch (from.id()) {
    case TypeId::kString:
      return c.Map<int64_t>(rows, [&](size_t row) -> std::optional<int64_t> {
        auto parsed = ParseTimestamp(TrimText(c.in_.StringAt(row).view()));
        if (!parsed) return c.Invalid<int64_t>(row);
        if (ntz) return parsed->micros;  // a zone in the text is ignored
        if (parsed->offset_seconds) return parsed->micros - int64_t{*parsed->offset_seconds} * kMicrosPerSecond;
        if (!parsed->zone_id.empty()) {
          auto zone = TimeZone::Find(parsed->zone_id);
          if (!zone) return c.Invalid<int64_t>(row);
          return zone->LocalToUtc(parsed->micros);
        }
        return c.zone().LocalToUtc(parsed->micros);
      });
    case TypeId::kDate:
      return c.Map<int64_t>(rows, [&](size_t row) -> std::optional<int64_t> {
        int64_t local = int64_t{c.in_.ValueAt<int32_t>(row)} * kMicrosPerDay;
        return ntz ? local : c.zone().LocalToUtc(local);
      });
    case TypeId::kTimestamp:  // to ntz: the session's wall clock
      return c.Map<int64_t>(rows, [&](size_t row) {
        return std::optional<int64_t>(c.zone().UtcToLocal(c.in_.ValueAt<int64_t>(row)));
      });
    case TypeId::kTimestampNtz:  // to timestamp: the wall clock read in the session zone
      return c.Map<int64_t>(rows, [&](size_t row) {
        return std::optional<int64_t>(c.zone().LocalToUtc(c.in_.ValueAt<int64_t>(row)));
      });
    case TypeId::kBoolean:
      return c.Map<int64_t>(rows, [&](size_t row) { return std::optional<int64_t>(IntegralAt(c.in_, row)); });
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return c.Map<int64_t>(rows, [&](size_t row) {
        return std::optional<int64_t>(SecondsToMicros(IntegralAt(c.in_, row)));
      });
    case TypeId::kFloat:
    case TypeId::kDouble:
      return c.Map<int64_t>(rows, [&](size_t row) -> std::optional<int64_t> {
        double d = FloatingAt(c.in_, row);
        if (!std::isfinite(d)) return c.Invalid<int64_t>(row);
        return JavaDoubleToLong(d * 1e6);
      });
    case TypeId::kDecimal:
      return c.Map<int64_t>(rows, [&](size_t row) -> std::optional<int64_t> {
        // (d * 1e6).longValue: truncated, then the low 64 bits.
        int128_t v = DecimalAt(c.in_, row);
        int s = from.scale();
        if (s >= 6) return LowBits(v / PowerOfTen128(s - 6));
        uint128_t product = static_cast<uint128_t>(v) * static_cast<uint128_t>(PowerOfTen128(6 - s));
        return LowBits(static_cast<int128_t>(product));
      });
    default: break;
  }
  return nullptr;
}

VectorPtr CastToDate(const Caster& c, size_t rows) {
  const DataType& from = c.in_.type();
  switch (from.id()) {
    case TypeId::kString:
      return c.Map<int32_t>(rows, [&](size_t row) -> std::optional<int32_t> {
        auto days = ParseDate(TrimText(c.in_.StringAt(row).view()));
        if (!days) return c.Invalid<int32_t>(row);
        return *days;
      });
    case TypeId::kTimestamp:
      return c.Map<int32_t>(rows, [&](size_t row) {
        return std::optional<int32_t>(
            static_cast<int32_t>(FloorDiv(c.zone().UtcToLocal(c.in_.ValueAt<int64_t>(row)), kMicrosPerDay)));
      });
    case TypeId::kTimestampNtz:
      return c.Map<int32_t>(rows, [&](size_t row) {
        return std::optional<int32_t>(static_cast<int32_t>(FloorDiv(c.in_.ValueAt<int64_t>(row), kMicrosPerDay)));
      });
    default: break;
  }
  return nullptr;
}

// --- Binary ------------------------------------------------------------------------------

VectorPtr CastToBinary(const Caster& c, size_t rows) {
  const DataType& from = c.in_.type();
  if (from.id() == TypeId::kString) {
    return c.Map<std::string>(rows, [&](size_t row) {
      return std::optional<std::string>(std::string(c.in_.StringAt(row).view()));
    });
  }
  if (from.is_integral()) {  // legacy: the big-endian bytes of the value
    int width = from.fixed_width();
    return c.Map<std::string>(rows, [&, width](size_t row) -> std::optional<std::string> {
      uint64_t v = static_cast<uint64_t>(IntegralAt(c.in_, row));
      std::string bytes(static_cast<size_t>(width), '\0');
      for (int i = width - 1; i >= 0; --i, v >>= 8) bytes[static_cast<size_t>(i)] = static_cast<char>(v & 0xFF);
      return bytes;
    });
  }
  return nullptr;
}

// --- Intervals -----------------------------------------------------------------------------

int64_t DayTimeUnit(IntervalField field) {
  switch (field) {
    case IntervalField::kDay: return kMicrosPerDay;
    case IntervalField::kHour: return kMicrosPerHour;
    case IntervalField::kMinute: return kMicrosPerMinute;
    default: return kMicrosPerSecond;
  }
}

// "[+-]a[-b]" / "[+-]d[ hh[:mm[:ss[.f]]]]": the digits groups of an ANSI
// interval text, optionally wrapped in INTERVAL '...' <qualifier>.
std::optional<std::pair<bool, std::vector<std::string>>> SplitIntervalText(std::string_view text) {
  text = TrimText(text);
  bool negative = false;
  if (text.size() > 8 && EqualsIgnoreCase(text.substr(0, 8), "interval")) {
    text = TrimText(text.substr(8));
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
      negative = text[0] == '-';
      text = TrimText(text.substr(1));
    }
    if (text.empty() || text[0] != '\'') return std::nullopt;
    size_t close = text.find('\'', 1);
    if (close == std::string_view::npos) return std::nullopt;
    text = text.substr(1, close - 1);  // the qualifier after it is not checked
  }
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = negative != (text[0] == '-');
    text = text.substr(1);
  }
  std::vector<std::string> groups(1);
  for (char ch : text) {
    if (ch >= '0' && ch <= '9') {
      groups.back() += ch;
    } else if (ch == '-' || ch == ' ' || ch == ':' || ch == '.') {
      groups.back() += ch == '.' ? "." : "";
      if (ch != '.') groups.emplace_back();
    } else {
      return std::nullopt;
    }
  }
  for (const std::string& g : groups)
    if (g.empty() || g == "." || g.size() > 19) return std::nullopt;
  return std::make_pair(negative, groups);
}

VectorPtr CastToYearMonth(const Caster& c, size_t rows) {
  const DataType& from = c.in_.type();
  const IntervalField start = c.to_.interval_start(), end = c.to_.interval_end();
  auto fit = [&](int64_t months, size_t row) -> std::optional<int32_t> {
    if (months < INT32_MIN || months > INT32_MAX) c.Overflow(row);
    return static_cast<int32_t>(months);
  };
  switch (from.id()) {
    case TypeId::kYearMonthInterval:
      return c.Map<int32_t>(rows, [&](size_t row) -> std::optional<int32_t> {
        int32_t months = c.in_.ValueAt<int32_t>(row);
        return end == IntervalField::kYear ? months - months % 12 : months;
      });
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return c.Map<int32_t>(rows, [&](size_t row) -> std::optional<int32_t> {
        int64_t v = IntegralAt(c.in_, row), months;
        if (__builtin_mul_overflow(v, end == IntervalField::kYear ? 12 : 1, &months)) c.Overflow(row);
        return fit(months, row);
      });
    case TypeId::kString:
      return c.Map<int32_t>(rows, [&](size_t row) -> std::optional<int32_t> {
        auto split = SplitIntervalText(c.in_.StringAt(row).view());
        size_t expected = start == end ? 1 : 2;
        if (!split || split->second.size() != expected) return c.Invalid<int32_t>(row);
        for (const std::string& g : split->second)
          if (g.find('.') != std::string::npos) return c.Invalid<int32_t>(row);
        int64_t first = std::stoll(split->second[0]);
        int64_t months = 0;
        if (start == IntervalField::kYear) {
          months = first * 12;
          if (expected == 2) {
            int64_t m = std::stoll(split->second[1]);
            if (m > 11) return c.Invalid<int32_t>(row);
            months += m;
          }
        } else {
          months = first;
        }
        if (split->first) months = -months;
        if (months < INT32_MIN || months > INT32_MAX) return c.Invalid<int32_t>(row);
        return static_cast<int32_t>(months);
      });
    default: break;
  }
  return nullptr;
}

VectorPtr CastToDayTime(const Caster& c, size_t rows) {
  const DataType& from = c.in_.type();
  const IntervalField start = c.to_.interval_start(), end = c.to_.interval_end();
  const int64_t end_unit = DayTimeUnit(end);
  switch (from.id()) {
    case TypeId::kDayTimeInterval:
      return c.Map<int64_t>(rows, [&](size_t row) -> std::optional<int64_t> {
        int64_t micros = c.in_.ValueAt<int64_t>(row);
        return end == IntervalField::kSecond ? micros : micros - micros % end_unit;
      });
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      return c.Map<int64_t>(rows, [&](size_t row) -> std::optional<int64_t> {
        int64_t micros;
        if (__builtin_mul_overflow(IntegralAt(c.in_, row), end_unit, &micros)) c.Overflow(row);
        return micros;
      });
    case TypeId::kString:
      return c.Map<int64_t>(rows, [&](size_t row) -> std::optional<int64_t> {
        auto split = SplitIntervalText(c.in_.StringAt(row).view());
        size_t expected = static_cast<size_t>(end) - static_cast<size_t>(start) + 1;
        if (!split || split->second.size() != expected) return c.Invalid<int64_t>(row);
        int64_t total = 0;
        for (size_t i = 0; i < expected; ++i) {
          const std::string& g = split->second[i];
          auto field = static_cast<IntervalField>(static_cast<int>(start) + static_cast<int>(i));
          size_t point = g.find('.');
          if (point != std::string::npos && field != IntervalField::kSecond) return c.Invalid<int64_t>(row);
          int64_t whole = std::stoll(g.substr(0, point));
          // Fields after the first are bounded (hours < 24, minutes/seconds < 60).
          if (i > 0 && whole >= (field == IntervalField::kHour ? 24 : 60)) return c.Invalid<int64_t>(row);
          int64_t part;
          if (__builtin_mul_overflow(whole, DayTimeUnit(field), &part) || __builtin_add_overflow(total, part, &total)) {
            return c.Invalid<int64_t>(row);
          }
          if (point != std::string::npos) {
            std::string fraction = g.substr(point + 1, 6);
            if (g.size() - point - 1 > 9) return c.Invalid<int64_t>(row);
            while (fraction.size() < 6) fraction += '0';
            total += std::stoll(fraction);
          }
        }
        return split->first ? -total : total;
      });
    default: break;
  }
  return nullptr;
}

// Spark's IntervalUtils.stringToInterval (the legacy INTERVAL type):
// "[interval] <number> <unit> [<number> <unit> ...]", units year, month, week,
// day, hour, minute, second, millisecond, microsecond (plural allowed).
// Malformed text is NULL in every mode (safeStringToInterval).
std::optional<IntervalValue> ParseCalendarInterval(std::string_view text) {
  text = TrimText(text);
  std::vector<std::string> words;
  std::string word;
  for (char ch : text) {
    if (static_cast<unsigned char>(ch) <= 0x20) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  size_t i = 0;
  if (i < words.size() && words[i] == "interval") ++i;
  if (i == words.size() || (words.size() - i) % 2 != 0) return std::nullopt;
  IntervalValue result{0, 0, 0};
  for (; i < words.size(); i += 2) {
    std::string unit = words[i + 1];
    if (unit.size() > 1 && unit.back() == 's') unit.pop_back();
    const std::string& number = words[i];
    bool fractional = number.find('.') != std::string::npos;
    if (!IsDecimalNumberText(number) || number.find_first_of("eE") != std::string::npos) return std::nullopt;
    if (fractional && unit != "second") return std::nullopt;
    int64_t micros_per_unit = 0;
    if (unit == "year" || unit == "month") {
      auto v = ParseIntegral(number, false, INT32_MIN, INT32_MAX);
      int64_t months = 0;
      if (!v || __builtin_mul_overflow(*v, unit == "year" ? 12 : 1, &months)) return std::nullopt;
      int64_t total = int64_t{result.months} + months;
      if (total < INT32_MIN || total > INT32_MAX) return std::nullopt;
      result.months = static_cast<int32_t>(total);
      continue;
    }
    if (unit == "week" || unit == "day") {
      auto v = ParseIntegral(number, false, INT32_MIN, INT32_MAX);
      int64_t days = 0;
      if (!v || __builtin_mul_overflow(*v, unit == "week" ? 7 : 1, &days)) return std::nullopt;
      int64_t total = int64_t{result.days} + days;
      if (total < INT32_MIN || total > INT32_MAX) return std::nullopt;
      result.days = static_cast<int32_t>(total);
      continue;
    }
    if (unit == "hour") micros_per_unit = kMicrosPerHour;
    else if (unit == "minute") micros_per_unit = kMicrosPerMinute;
    else if (unit == "second") micros_per_unit = kMicrosPerSecond;
    else if (unit == "millisecond") micros_per_unit = 1000;
    else if (unit == "microsecond") micros_per_unit = 1;
    else return std::nullopt;
    int64_t micros = 0;
    if (fractional) {
      auto v = ParseDecimal(number, 18, 6);  // seconds with microsecond digits
      if (!v) return std::nullopt;
      micros = static_cast<int64_t>(*v);
    } else {
      auto v = ParseIntegral(number, false, INT64_MIN, INT64_MAX);
      if (!v || __builtin_mul_overflow(*v, micros_per_unit, &micros)) return std::nullopt;
    }
    if (__builtin_add_overflow(result.micros, micros, &result.micros)) return std::nullopt;
  }
  return result;
}

VectorPtr CastToCalendarInterval(const Caster& c, size_t rows) {
  if (c.in_.type().id() != TypeId::kString) return nullptr;
  return c.Map<IntervalValue>(rows, [&](size_t row) { return ParseCalendarInterval(c.in_.StringAt(row).view()); });
}

// --- Nested ------------------------------------------------------------------------------------

VectorPtr CastImpl(const VectorPtr& input, size_t rows, const DataType& to, CastMode mode, const FunctionContext& ctx);

// A flat copy of `child` with the rows where `parent_null[i]` set to NULL, so
// that values under NULL parents cannot fail a cast.
VectorPtr MaskRows(const Vector& child, const Vector& parent, size_t rows) {
  VectorPtr copy = child.Slice(0, rows);
  for (size_t i = 0; i < rows; ++i)
    if (parent.IsNull(i)) copy->SetNull(i);
  return copy;
}

VectorPtr CastNested(const VectorPtr& input, size_t rows, const DataType& to, CastMode mode,
                     const FunctionContext& ctx) {
  VectorPtr flat = Vector::Flatten(input);
  const Vector& in = *flat;
  VectorPtr out = Vector::Make(to, 0);
  if (to.id() == TypeId::kStruct) {
    out->Resize(rows);
    for (size_t f = 0; f < in.num_children(); ++f) {
      VectorPtr child = in.may_have_nulls() ? MaskRows(in.child(f), in, rows) : in.child_ptr(f);
      out->set_child(f, CastImpl(child, rows, to.fields()[f].type, mode, ctx));
    }
    for (size_t i = 0; i < rows; ++i)
      if (in.IsNull(i)) out->SetNull(i);
    return out;
  }
  // Arrays and maps: the elements of the non-null rows, compacted.
  out->Resize(rows);
  int32_t* offsets = out->offsets();
  const int32_t* in_offsets = in.offsets();
  std::vector<VectorPtr> children;
  size_t num_children = to.id() == TypeId::kMap ? 2 : 1;
  bool compact = in_offsets[0] != 0;
  for (size_t i = 0; i < rows && !compact; ++i) compact = in.IsNull(i) && in_offsets[i + 1] != in_offsets[i];
  for (size_t k = 0; k < num_children; ++k) {
    VectorPtr child = in.child_ptr(k);
    if (compact) {
      VectorPtr packed = Vector::Make(child->type(), 0);
      for (size_t i = 0; i < rows; ++i) {
        if (in.IsNull(i)) continue;
        for (int32_t e = in_offsets[i]; e < in_offsets[i + 1]; ++e) packed->AppendFrom(*child, static_cast<size_t>(e));
      }
      child = packed;
    }
    const DataType& child_type = to.id() == TypeId::kMap ? (k == 0 ? to.key_type() : to.value_type())
                                                          : to.element_type();
    size_t count = compact ? child->size() : static_cast<size_t>(in_offsets[rows]);
    children.push_back(CastImpl(child, count, child_type, mode, ctx));
  }
  int32_t next = 0;
  offsets[0] = 0;
  for (size_t i = 0; i < rows; ++i) {
    if (in.IsNull(i)) {
      out->SetNull(i);
    } else {
      next += compact ? in_offsets[i + 1] - in_offsets[i] : 0;
    }
    offsets[i + 1] = compact ? next : in_offsets[i + 1];
  }
  for (size_t k = 0; k < num_children; ++k) out->set_child(k, children[k]);
  return out;
}

VectorPtr CastImpl(const VectorPtr& input, size_t rows, const DataType& to, CastMode mode, const FunctionContext& ctx) {
  const DataType& from = input->type();
  if (from == to) return input;
  if (from.id() == TypeId::kNull) return Vector::MakeNull(to, rows);
  if (!CanCast(from, to, mode)) {
    ThrowError(ErrorClass::kDatatypeMismatch,
               {{"sqlExpr", "CAST(value AS " + to.ToSql() + ")"},
                {"message", "cannot cast " + SqlType(from) + " to " + SqlType(to)}});
  }
  // A constant casts once.
  if (input->encoding() == VectorEncoding::kConstant && rows != 1) {
    VectorPtr one = CastImpl(input->Slice(0, 1), 1, to, mode, ctx);
    return Vector::MakeConstant(one, 0, rows);
  }
  Caster caster(*input, to, mode, ctx);
  VectorPtr out;
  switch (to.id()) {
    case TypeId::kString: out = CastToString(caster, rows); break;
    case TypeId::kBinary: out = CastToBinary(caster, rows); break;
    case TypeId::kBoolean: out = CastToBoolean(caster, rows); break;
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: out = CastToIntegral(caster, rows); break;
    case TypeId::kFloat: out = CastToFloatingAs<float>(caster, rows); break;
    case TypeId::kDouble: out = CastToFloatingAs<double>(caster, rows); break;
    case TypeId::kDecimal: out = CastToDecimal(caster, rows); break;
    case TypeId::kDate: out = CastToDate(caster, rows); break;
    case TypeId::kTimestamp: out = CastToTimestamp(caster, rows, false); break;
    case TypeId::kTimestampNtz: out = CastToTimestamp(caster, rows, true); break;
    case TypeId::kYearMonthInterval: out = CastToYearMonth(caster, rows); break;
    case TypeId::kDayTimeInterval: out = CastToDayTime(caster, rows); break;
    case TypeId::kCalendarInterval: out = CastToCalendarInterval(caster, rows); break;
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct: out = CastNested(input, rows, to, mode, ctx); break;
    default: break;
  }
  if (!out) {
    ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "CAST from " + SqlType(from) + " to " + SqlType(to)}});
  }
  return out;
}

}  // namespace

bool CanCast(const DataType& from, const DataType& to, CastMode mode) {
  if (from.is_nested() || to.is_nested()) {
    if (from == to || from.id() == TypeId::kNull || to.id() == TypeId::kString) return true;
    return CanCastNested(from, to, mode);
  }
  return CanCastAtomic(from, to, mode != CastMode::kLegacy);
}

VectorPtr CastVector(const VectorPtr& input, size_t rows, const DataType& to, CastMode mode,
                     const FunctionContext& ctx) {
  if (mode != CastMode::kTry || (!input->type().is_nested() && !to.is_nested())) {
    return CastImpl(input, rows, to, mode, ctx);
  }
  // try_cast of nested values: a failure anywhere inside a row makes the whole
  // row NULL. Try the batch at once; on an error redo it row by row.
  try {
    return CastImpl(input, rows, to, CastMode::kAnsi, ctx);
  } catch (const Error&) {
  }
  VectorPtr out = Vector::Make(to, 0);
  out->Reserve(rows);
  for (size_t row = 0; row < rows; ++row) {
    VectorPtr one;
    try {
      one = CastImpl(input->Slice(row, 1), 1, to, CastMode::kAnsi, ctx);
    } catch (const Error&) {
      one = Vector::MakeNull(to, 1);
    }
    out->AppendFrom(*one, 0);
  }
  return out;
}

}  // namespace tarn
