#include "columnar/value_text.h"

#include <cstdio>

#include "types/number_text.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace tarn {
namespace {

const char* FieldName(IntervalField field) {
  switch (field) {
    case IntervalField::kYear: return "YEAR";
    case IntervalField::kMonth: return "MONTH";
    case IntervalField::kDay: return "DAY";
    case IntervalField::kHour: return "HOUR";
    case IntervalField::kMinute: return "MINUTE";
    case IntervalField::kSecond: return "SECOND";
  }
  return "?";
}

// Java's BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString()
// for a magnitude: "54.775808", "5.5", "0".
std::string SecondsText(uint64_t micros) {
  std::string text = std::to_string(micros / kMicrosPerSecond);
  char fraction[8];
  std::snprintf(fraction, sizeof(fraction), "%06llu", static_cast<unsigned long long>(micros % kMicrosPerSecond));
  int digits = 6;
  while (digits > 0 && fraction[digits - 1] == '0') --digits;
  if (digits > 0) text.append(".").append(fraction, digits);
  return text;
}

std::string SignedSecondsText(int64_t micros) {
  if (micros >= 0) return SecondsText(static_cast<uint64_t>(micros));
  return "-" + SecondsText(0 - static_cast<uint64_t>(micros));
}

std::string TwoDigits(uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof(buffer), "%02llu", static_cast<unsigned long long>(value));
  return buffer;
}

// Seconds of a day-time interval: at least two integer digits ("05.5").
std::string PaddedSeconds(uint64_t micros) {
  std::string text = SecondsText(micros);
  if (micros < 10 * static_cast<uint64_t>(kMicrosPerSecond)) text.insert(0, "0");
  return text;
}

void AppendBinary(std::string_view bytes, SparkTextOptions::BinaryStyle style, std::string* out) {
  static constexpr char kUpper[] = "0123456789ABCDEF";
  static constexpr char kLower[] = "0123456789abcdef";
  const bool bracket = style == SparkTextOptions::BinaryStyle::kBracketHex;
  const char* digits = bracket ? kUpper : kLower;
  if (bracket) out->push_back('[');
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bracket && i != 0) out->push_back(' ');
    auto b = static_cast<uint8_t>(bytes[i]);
    out->push_back(digits[b >> 4]);
    out->push_back(digits[b & 15]);
  }
  if (bracket) out->push_back(']');
}

void AppendFlatText(const Vector& v, size_t row, std::string* out, const SparkTextOptions& options);

// Nested values: Spark separates elements with ", " and writes nulls as the
// null text.
void AppendNested(const Vector& child, size_t row, std::string* out, const SparkTextOptions& options) {
  AppendSparkText(child, row, out, options);
}

void AppendFlatText(const Vector& v, size_t row, std::string* out, const SparkTextOptions& options) {
  if (v.IsNull(row)) {
    out->append(options.null_text);
    return;
  }
  const DataType& type = v.type();
  switch (type.id()) {
    case TypeId::kNull: out->append(options.null_text); return;
    case TypeId::kBoolean: out->append(v.values<uint8_t>()[row] ? "true" : "false"); return;
    case TypeId::kByte: out->append(std::to_string(v.values<int8_t>()[row])); return;
    case TypeId::kShort: out->append(std::to_string(v.values<int16_t>()[row])); return;
    case TypeId::kInt: out->append(std::to_string(v.values<int32_t>()[row])); return;
    case TypeId::kLong: out->append(std::to_string(v.values<int64_t>()[row])); return;
    case TypeId::kFloat: AppendJavaNumber(v.values<float>()[row], out); return;
    case TypeId::kDouble: AppendJavaNumber(v.values<double>()[row], out); return;
    case TypeId::kDecimal: {
      int128_t unscaled = type.physical_type() == PhysicalType::kInt128 ? v.values<int128_t>()[row]
                                                                         : v.values<int64_t>()[row];
      out->append(DecimalToString(unscaled, type.scale()));
      return;
    }
    case TypeId::kString: out->append(v.values<StringView>()[row].view()); return;
    case TypeId::kBinary: AppendBinary(v.values<StringView>()[row].view(), options.binary_style, out); return;
    case TypeId::kDate: out->append(FormatDate(v.values<int32_t>()[row])); return;
    case TypeId::kTime: {
      int64_t micros = v.values<int64_t>()[row];
      if (micros < 0 && micros != INT64_MIN) {  // corrupt input: keep it readable
        out->push_back('-');
        micros = -micros;
      }
      out->append(FormatTimeOfDay(micros));
      return;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz: out->append(FormatTimestamp(v.values<int64_t>()[row], ' ')); return;
    case TypeId::kYearMonthInterval:
      out->append(YearMonthIntervalToString(v.values<int32_t>()[row], type.interval_start(), type.interval_end()));
      return;
    case TypeId::kDayTimeInterval:
      out->append(DayTimeIntervalToString(v.values<int64_t>()[row], type.interval_start(), type.interval_end()));
      return;
    case TypeId::kCalendarInterval: out->append(CalendarIntervalToString(v.values<IntervalValue>()[row])); return;
    case TypeId::kArray: {
      const int32_t* offsets = v.offsets();
      out->push_back('[');
      for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) {
        if (i != offsets[row]) out->append(", ");
        AppendNested(v.child(0), i, out, options);
      }
      out->push_back(']');
      return;
    }
    case TypeId::kMap: {
      const int32_t* offsets = v.offsets();
      out->push_back('{');
      for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) {
        if (i != offsets[row]) out->append(", ");
        AppendNested(v.child(0), i, out, options);
        out->append(" -> ");
        AppendNested(v.child(1), i, out, options);
      }
      out->push_back('}');
      return;
    }
    case TypeId::kStruct: {
      out->push_back('{');
      for (size_t f = 0; f < v.num_children(); ++f) {
        if (f != 0) out->append(", ");
        AppendNested(v.child(f), row, out, options);
      }
      out->push_back('}');
      return;
    }
  }
}

}  // namespace

void AppendSparkText(const Vector& vector, size_t row, std::string* out, const SparkTextOptions& options) {
  AppendFlatText(vector.Base(), vector.RowIndex(row), out, options);
}

std::string YearMonthIntervalToString(int32_t months, IntervalField start, IntervalField end) {
  int64_t magnitude = months < 0 ? -static_cast<int64_t>(months) : months;
  std::string year = (months < 0 ? "-" : "") + std::to_string(magnitude / 12);
  std::string text = "INTERVAL '";
  if (start == end) {
    text += start == IntervalField::kYear ? year : std::to_string(months);
    text += "' ";
    text += FieldName(start);
  } else {
    text += year + "-" + std::to_string(magnitude % 12) + "' " + FieldName(start) + " TO " + FieldName(end);
  }
  return text;
}

std::string DayTimeIntervalToString(int64_t micros, IntervalField start, IntervalField end) {
  // Unsigned magnitude: -INT64_MIN does not fit an int64.
  uint64_t rest = micros < 0 ? 0 - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
  const auto day = static_cast<uint64_t>(kMicrosPerDay), hour = static_cast<uint64_t>(kMicrosPerHour),
             minute = static_cast<uint64_t>(kMicrosPerMinute);
  std::string text = "INTERVAL '";
  if (micros < 0) text += '-';
  switch (start) {
    case IntervalField::kDay:
      text += std::to_string(rest / day);
      rest %= day;
      break;
    case IntervalField::kHour:
      text += TwoDigits(rest / hour);
      rest %= hour;
      break;
    case IntervalField::kMinute:
      text += TwoDigits(rest / minute);
      rest %= minute;
      break;
    default: text += PaddedSeconds(rest); break;
  }
  if (start < IntervalField::kHour && IntervalField::kHour <= end) {
    text += " " + TwoDigits(rest / hour);
    rest %= hour;
  }
  if (start < IntervalField::kMinute && IntervalField::kMinute <= end) {
    text += ":" + TwoDigits(rest / minute);
    rest %= minute;
  }
  if (start < IntervalField::kSecond && IntervalField::kSecond <= end) text += ":" + PaddedSeconds(rest);
  text += "' ";
  text += FieldName(start);
  if (start != end) {
    text += " TO ";
    text += FieldName(end);
  }
  return text;
}

std::string CalendarIntervalToString(const IntervalValue& interval) {
  if (interval.months == 0 && interval.days == 0 && interval.micros == 0) return "0 seconds";
  std::string text;
  auto unit = [&text](int64_t value, const char* name) {
    if (value == 0) return;
    text += std::to_string(value);
    text += ' ';
    text += name;
    text += ' ';
  };
  unit(interval.months / 12, "years");
  unit(interval.months % 12, "months");
  unit(interval.days, "days");
  int64_t rest = interval.micros;
  unit(rest / kMicrosPerHour, "hours");
  rest %= kMicrosPerHour;
  unit(rest / kMicrosPerMinute, "minutes");
  rest %= kMicrosPerMinute;
  if (rest != 0) text += SignedSecondsText(rest) + " seconds ";
  text.pop_back();
  return text;
}

}  // namespace tarn
