#include "types/coercion.h"

#include <algorithm>

namespace tarn {
namespace {

// Position in Spark's numeric precedence (byte < short < int < long < float < double).
int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kByte: return 1;
    case TypeId::kShort: return 2;
    case TypeId::kInt: return 3;
    case TypeId::kLong: return 4;
    case TypeId::kDecimal: return 5;
    case TypeId::kFloat: return 6;
    case TypeId::kDouble: return 7;
    default: return 0;
  }
}

bool IsAtomic(const DataType& type) { return !type.is_nested() && type.id() != TypeId::kNull; }

std::optional<DataType> WiderNumeric(const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (a.id() == TypeId::kDecimal || b.id() == TypeId::kDecimal) {
    // Decimal with float/double → double; with integrals → a decimal holding both.
    if (a.id() == TypeId::kFloat || a.id() == TypeId::kDouble || b.id() == TypeId::kFloat ||
        b.id() == TypeId::kDouble)
      return DataType::Double();
    return WiderDecimal(DecimalForIntegral(a), DecimalForIntegral(b));
  }
  return NumericRank(a.id()) >= NumericRank(b.id()) ? a : b;
}

}  // namespace

DataType DecimalForIntegral(const DataType& type) {
  switch (type.id()) {
    case TypeId::kByte: return DataType::Decimal(3, 0);
    case TypeId::kShort: return DataType::Decimal(5, 0);
    case TypeId::kInt: return DataType::Decimal(10, 0);
    case TypeId::kLong: return DataType::Decimal(20, 0);
    default: return type;
  }
}

DataType AdjustDecimal(int precision, int scale) {
  if (precision <= kMaxDecimalPrecision) return DataType::Decimal(std::max(precision, 1), scale);
  int int_digits = precision - scale;
  int min_scale = std::min(scale, 6);
  int adjusted_scale = std::max(kMaxDecimalPrecision - int_digits, min_scale);
  return DataType::Decimal(kMaxDecimalPrecision, adjusted_scale);
}

DataType WiderDecimal(const DataType& a, const DataType& b) {
  int scale = std::max(a.scale(), b.scale());
  int int_digits = std::max(a.precision() - a.scale(), b.precision() - b.scale());
  int precision = std::min(int_digits + scale, kMaxDecimalPrecision);
  return DataType::Decimal(precision, std::min(scale, precision));
}

DataType DecimalAddType(const DataType& a, const DataType& b) {
  int scale = std::max(a.scale(), b.scale());
  int precision = std::max(a.precision() - a.scale(), b.precision() - b.scale()) + scale + 1;
  return AdjustDecimal(precision, scale);
}

DataType DecimalMultiplyType(const DataType& a, const DataType& b) {
  return AdjustDecimal(a.precision() + b.precision() + 1, a.scale() + b.scale());
}

DataType DecimalDivideType(const DataType& a, const DataType& b) {
  int scale = std::max(6, a.scale() + b.precision() + 1);
  int precision = a.precision() - a.scale() + b.scale() + scale;
  return AdjustDecimal(precision, scale);
}

DataType DecimalRemainderType(const DataType& a, const DataType& b) {
  int scale = std::max(a.scale(), b.scale());
  int precision = std::min(a.precision() - a.scale(), b.precision() - b.scale()) + scale;
  return AdjustDecimal(precision, scale);
}

bool CanImplicitCast(const DataType& from, const DataType& to) {
  if (from == to || from.id() == TypeId::kNull) return true;
  if (from.is_numeric() && to.is_numeric()) {
    if (to.id() == TypeId::kDecimal) {
      if (from.id() == TypeId::kFloat || from.id() == TypeId::kDouble) return false;
      DataType exact = DecimalForIntegral(from);
      return to.precision() - to.scale() >= exact.precision() - exact.scale() && to.scale() >= exact.scale();
    }
    if (from.id() == TypeId::kDecimal) return to.id() == TypeId::kFloat || to.id() == TypeId::kDouble;
    return NumericRank(from.id()) <= NumericRank(to.id());
  }
  if (from.id() == TypeId::kDate && to.is_timestamp()) return true;
  if (from.id() == TypeId::kTimestampNtz && to.id() == TypeId::kTimestamp) return true;
  // ANSI string promotion: strings to any atomic type, atomic types to strings.
  if (from.id() == TypeId::kString && IsAtomic(to) && to.id() != TypeId::kCalendarInterval) return true;
  if (to.id() == TypeId::kString && IsAtomic(from) && from.id() != TypeId::kBinary) return true;
  if (from.id() == TypeId::kArray && to.id() == TypeId::kArray)
    return CanImplicitCast(from.element_type(), to.element_type());
  return false;
}

std::optional<DataType> FindCommonType(const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (a.id() == TypeId::kNull) return b;
  if (b.id() == TypeId::kNull) return a;
  if (a.is_numeric() && b.is_numeric()) return WiderNumeric(a, b);
  // Dates and timestamps meet at the timestamp.
  if ((a.id() == TypeId::kDate || a.is_timestamp()) && (b.id() == TypeId::kDate || b.is_timestamp())) {
    if (a.id() == TypeId::kTimestamp || b.id() == TypeId::kTimestamp) return DataType::Timestamp();
    return DataType::TimestampNtz();
  }
  // A string meets another atomic type at that type (ANSI string promotion).
  if (a.id() == TypeId::kString && IsAtomic(b)) return b;
  if (b.id() == TypeId::kString && IsAtomic(a)) return a;
  if (a.id() == TypeId::kArray && b.id() == TypeId::kArray) {
    auto element = FindCommonType(a.element_type(), b.element_type());
    if (!element) return std::nullopt;
    return DataType::Array(*element, a.contains_null() || b.contains_null());
  }
  if (a.id() == TypeId::kMap && b.id() == TypeId::kMap) {
    auto key = FindCommonType(a.key_type(), b.key_type());
    auto value = FindCommonType(a.value_type(), b.value_type());
    if (!key || !value) return std::nullopt;
    return DataType::Map(*key, *value, a.value_contains_null() || b.value_contains_null());
  }
  if (a.id() == TypeId::kStruct && b.id() == TypeId::kStruct && a.fields().size() == b.fields().size()) {
    std::vector<Field> fields;
    for (size_t i = 0; i < a.fields().size(); ++i) {
      auto type = FindCommonType(a.fields()[i].type, b.fields()[i].type);
      if (!type) return std::nullopt;
      fields.push_back({a.fields()[i].name, *type, a.fields()[i].nullable || b.fields()[i].nullable, ""});
    }
    return DataType::Struct(std::move(fields));
  }
  if (a.id() == TypeId::kYearMonthInterval && b.id() == TypeId::kYearMonthInterval)
    return DataType::YearMonthInterval(std::min(a.interval_start(), b.interval_start()),
                                       std::max(a.interval_end(), b.interval_end()));
  if (a.id() == TypeId::kDayTimeInterval && b.id() == TypeId::kDayTimeInterval)
    return DataType::DayTimeInterval(std::min(a.interval_start(), b.interval_start()),
                                     std::max(a.interval_end(), b.interval_end()));
  return std::nullopt;
}

std::optional<DataType> FindCommonType(const std::vector<DataType>& types) {
  if (types.empty()) return DataType::Null();
  // Strings are promoted to the other types only when there is one; take the
  // non-string types first so 'a' in (1, 2) coerces both ways consistently.
  std::optional<DataType> result = types[0];
  for (size_t i = 1; i < types.size() && result; ++i) result = FindCommonType(*result, types[i]);
  return result;
}

bool IsOrderable(const DataType& type) {
  switch (type.id()) {
    case TypeId::kMap: return false;
    case TypeId::kArray: return IsOrderable(type.element_type());
    case TypeId::kStruct:
      for (const Field& field : type.fields())
        if (!IsOrderable(field.type)) return false;
      return true;
    default: return true;
  }
}

}  // namespace tarn
