#include "types/data_type.h"

#include <algorithm>
#include <cctype>

#include "common/check.h"
#include "common/strings.h"

namespace tarn {

struct DataType::Nested {
  std::vector<Field> fields;  // array: [element], map: [key, value], struct: fields
};

namespace {

const char* IntervalFieldName(IntervalField field) {
  switch (field) {
    case IntervalField::kYear: return "year";
    case IntervalField::kMonth: return "month";
    case IntervalField::kDay: return "day";
    case IntervalField::kHour: return "hour";
    case IntervalField::kMinute: return "minute";
    case IntervalField::kSecond: return "second";
  }
  return "?";
}

std::string IntervalString(const DataType& type) {
  std::string out = "interval ";
  out += IntervalFieldName(type.interval_start());
  if (type.interval_end() != type.interval_start()) {
    out += " to ";
    out += IntervalFieldName(type.interval_end());
  }
  return out;
}

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

}  // namespace

DataType DataType::Decimal(int precision, int scale) {
  DataType type(TypeId::kDecimal);
  type.precision_ = static_cast<uint8_t>(precision);
  type.scale_ = static_cast<uint8_t>(scale);
  return type;
}

DataType DataType::YearMonthInterval(IntervalField start, IntervalField end) {
  DataType type(TypeId::kYearMonthInterval);
  type.precision_ = static_cast<uint8_t>(start);
  type.scale_ = static_cast<uint8_t>(end);
  return type;
}

DataType DataType::DayTimeInterval(IntervalField start, IntervalField end) {
  DataType type(TypeId::kDayTimeInterval);
  type.precision_ = static_cast<uint8_t>(start);
  type.scale_ = static_cast<uint8_t>(end);
  return type;
}

DataType DataType::Array(DataType element, bool contains_null) {
  DataType type(TypeId::kArray);
  type.nested_ = std::make_shared<Nested>(Nested{{Field{"element", std::move(element), contains_null, ""}}});
  return type;
}

DataType DataType::Map(DataType key, DataType value, bool value_contains_null) {
  DataType type(TypeId::kMap);
  type.nested_ = std::make_shared<Nested>(
      Nested{{Field{"key", std::move(key), false, ""}, Field{"value", std::move(value), value_contains_null, ""}}});
  return type;
}

DataType DataType::Struct(std::vector<Field> fields) {
  DataType type(TypeId::kStruct);
  type.nested_ = std::make_shared<Nested>(Nested{std::move(fields)});
  return type;
}

PhysicalType DataType::physical_type() const {
  switch (id_) {
    case TypeId::kNull: return PhysicalType::kNone;
    case TypeId::kBoolean: return PhysicalType::kBool;
    case TypeId::kByte: return PhysicalType::kInt8;
    case TypeId::kShort: return PhysicalType::kInt16;
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kYearMonthInterval: return PhysicalType::kInt32;
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz:
    case TypeId::kTime:
    case TypeId::kDayTimeInterval: return PhysicalType::kInt64;
    case TypeId::kFloat: return PhysicalType::kFloat;
    case TypeId::kDouble: return PhysicalType::kDouble;
    case TypeId::kDecimal:
      return precision_ <= kMaxInt64DecimalPrecision ? PhysicalType::kInt64 : PhysicalType::kInt128;
    case TypeId::kString:
    case TypeId::kBinary: return PhysicalType::kString;
    case TypeId::kCalendarInterval: return PhysicalType::kInterval;
    case TypeId::kArray: return PhysicalType::kList;
    case TypeId::kMap: return PhysicalType::kMap;
    case TypeId::kStruct: return PhysicalType::kStruct;
  }
  TARN_UNREACHABLE();
}

int DataType::fixed_width() const {
  switch (physical_type()) {
    case PhysicalType::kBool:
    case PhysicalType::kInt8: return 1;
    case PhysicalType::kInt16: return 2;
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 8;
    case PhysicalType::kInt128:
    case PhysicalType::kString:
    case PhysicalType::kInterval: return 16;
    default: return 0;
  }
}

const DataType& DataType::element_type() const {
  TARN_CHECK(id_ == TypeId::kArray, "element_type of " + ToString());
  return nested_->fields[0].type;
}

bool DataType::contains_null() const {
  TARN_CHECK(id_ == TypeId::kArray, "contains_null of " + ToString());
  return nested_->fields[0].nullable;
}

const DataType& DataType::key_type() const {
  TARN_CHECK(id_ == TypeId::kMap, "key_type of " + ToString());
  return nested_->fields[0].type;
}

const DataType& DataType::value_type() const {
  TARN_CHECK(id_ == TypeId::kMap, "value_type of " + ToString());
  return nested_->fields[1].type;
}

bool DataType::value_contains_null() const {
  TARN_CHECK(id_ == TypeId::kMap, "value_contains_null of " + ToString());
  return nested_->fields[1].nullable;
}

const std::vector<Field>& DataType::fields() const {
  TARN_CHECK(nested_ != nullptr, "fields of " + ToString());
  return nested_->fields;
}

int DataType::FieldIndex(std::string_view name, bool case_sensitive) const {
  const auto& all = fields();
  for (size_t i = 0; i < all.size(); ++i) {
    const std::string& field = all[i].name;
    bool equal = case_sensitive ? field == name : EqualsIgnoreCase(field, name);
    if (equal) return static_cast<int>(i);
  }
  return -1;
}

bool DataType::is_integral() const {
  return id_ == TypeId::kByte || id_ == TypeId::kShort || id_ == TypeId::kInt || id_ == TypeId::kLong;
}

bool DataType::is_numeric() const {
  return is_integral() || id_ == TypeId::kFloat || id_ == TypeId::kDouble || id_ == TypeId::kDecimal;
}

std::string DataType::ToString() const {
  switch (id_) {
    case TypeId::kNull: return "void";
    case TypeId::kBoolean: return "boolean";
    case TypeId::kByte: return "tinyint";
    case TypeId::kShort: return "smallint";
    case TypeId::kInt: return "int";
    case TypeId::kLong: return "bigint";
    case TypeId::kFloat: return "float";
    case TypeId::kDouble: return "double";
    case TypeId::kDecimal: return "decimal(" + std::to_string(precision_) + "," + std::to_string(scale_) + ")";
    case TypeId::kString: return "string";
    case TypeId::kBinary: return "binary";
    case TypeId::kDate: return "date";
    case TypeId::kTimestamp: return "timestamp";
    case TypeId::kTimestampNtz: return "timestamp_ntz";
    case TypeId::kTime: return "time(6)";
    case TypeId::kYearMonthInterval:
    case TypeId::kDayTimeInterval: return IntervalString(*this);
    case TypeId::kCalendarInterval: return "interval";
    case TypeId::kArray: return "array<" + element_type().ToString() + ">";
    case TypeId::kMap: return "map<" + key_type().ToString() + "," + value_type().ToString() + ">";
    case TypeId::kStruct: {
      std::string out = "struct<";
      for (size_t i = 0; i < fields().size(); ++i) {
        if (i > 0) out += ",";
        out += fields()[i].name + ":" + fields()[i].type.ToString();
      }
      return out + ">";
    }
  }
  TARN_UNREACHABLE();
}

std::string DataType::ToSql() const {
  switch (id_) {
    case TypeId::kArray: return "ARRAY<" + element_type().ToSql() + ">";
    case TypeId::kMap: return "MAP<" + key_type().ToSql() + ", " + value_type().ToSql() + ">";
    case TypeId::kStruct: {
      std::string out = "STRUCT<";
      for (size_t i = 0; i < fields().size(); ++i) {
        if (i > 0) out += ", ";
        out += fields()[i].name + ": " + fields()[i].type.ToSql();
        if (!fields()[i].nullable) out += " NOT NULL";
      }
      return out + ">";
    }
    default: return Upper(ToString());
  }
}

bool DataType::operator==(const DataType& other) const {
  if (id_ != other.id_ || precision_ != other.precision_ || scale_ != other.scale_) return false;
  if (nested_ == other.nested_) return true;
  if (!nested_ || !other.nested_) return false;
  return nested_->fields == other.nested_->fields;
}

}  // namespace tarn
