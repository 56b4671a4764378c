// Spark SQL data types: the logical types of every column and value in tarn,
// with Spark's names ("int", "decimal(10,2)", "array<string>") and the physical
// representation each one has in a columnar Vector (see PhysicalType).
//
// Thread safety: DataType is an immutable value; copies share nested children.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tarn {

enum class TypeId : uint8_t {
  kNull,
  kBoolean,
  kByte,   ///< tinyint
  kShort,  ///< smallint
  kInt,
  kLong,  ///< bigint
  kFloat,
  kDouble,
  kDecimal,
  kString,
  kBinary,
  kDate,              ///< days since 1970-01-01
  kTimestamp,         ///< microseconds since the epoch, UTC-normalised (Spark TIMESTAMP_LTZ)
  kTimestampNtz,      ///< microseconds since the epoch, wall clock without zone
  kTime,              ///< microseconds since midnight (Spark 4.1 TIME)
  kYearMonthInterval, ///< months
  kDayTimeInterval,   ///< microseconds
  kCalendarInterval,  ///< months, days, microseconds (Spark's legacy INTERVAL; Parquet INTERVAL)
  kArray,
  kMap,
  kStruct,
};

/// How a type's values are laid out in memory.
enum class PhysicalType : uint8_t {
  kNone,      ///< kNull: no values
  kBool,      ///< uint8_t 0/1 (bit-packed only at the Arrow boundary)
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kInt128,    ///< decimals with precision > 18
  kFloat,
  kDouble,
  kString,    ///< StringView (16 bytes) for strings and binary
  kInterval,  ///< CalendarInterval (16 bytes)
  kList,      ///< int32 offsets + element child
  kMap,       ///< int32 offsets + key and value children
  kStruct,    ///< one child per field, no data buffer
};

/// Interval field qualifiers (Spark's YearMonthIntervalType / DayTimeIntervalType).
enum class IntervalField : uint8_t { kYear, kMonth, kDay, kHour, kMinute, kSecond };

class DataType;
struct Field;

class DataType {
 public:
  DataType() : id_(TypeId::kNull) {}

  static DataType Null() { return DataType(TypeId::kNull); }
  static DataType Boolean() { return DataType(TypeId::kBoolean); }
  static DataType Byte() { return DataType(TypeId::kByte); }
  static DataType Short() { return DataType(TypeId::kShort); }
  static DataType Int() { return DataType(TypeId::kInt); }
  static DataType Long() { return DataType(TypeId::kLong); }
  static DataType Float() { return DataType(TypeId::kFloat); }
  static DataType Double() { return DataType(TypeId::kDouble); }
  /// precision 1..38, scale 0..precision (checked by the caller that parses user input).
  static DataType Decimal(int precision, int scale);
  static DataType String() { return DataType(TypeId::kString); }
  static DataType Binary() { return DataType(TypeId::kBinary); }
  static DataType Date() { return DataType(TypeId::kDate); }
  static DataType Timestamp() { return DataType(TypeId::kTimestamp); }
  static DataType TimestampNtz() { return DataType(TypeId::kTimestampNtz); }
  static DataType Time() { return DataType(TypeId::kTime); }
  static DataType YearMonthInterval(IntervalField start = IntervalField::kYear,
                                    IntervalField end = IntervalField::kMonth);
  static DataType DayTimeInterval(IntervalField start = IntervalField::kDay,
                                  IntervalField end = IntervalField::kSecond);
  static DataType CalendarInterval() { return DataType(TypeId::kCalendarInterval); }
  static DataType Array(DataType element, bool contains_null = true);
  static DataType Map(DataType key, DataType value, bool value_contains_null = true);
  static DataType Struct(std::vector<Field> fields);

  TypeId id() const { return id_; }
  PhysicalType physical_type() const;
  /// Bytes per value for fixed-width physical types (0 for nested / none).
  int fixed_width() const;

  int precision() const { return precision_; }
  int scale() const { return scale_; }
  IntervalField interval_start() const { return static_cast<IntervalField>(precision_); }
  IntervalField interval_end() const { return static_cast<IntervalField>(scale_); }

  /// Array element, map key/value, struct fields. Valid only for nested types.
  const DataType& element_type() const;
  bool contains_null() const;
  const DataType& key_type() const;
  const DataType& value_type() const;
  bool value_contains_null() const;
  const std::vector<Field>& fields() const;
  /// Index of the field with this name (case-insensitive when asked), or -1.
  int FieldIndex(std::string_view name, bool case_sensitive = false) const;

  bool is_nested() const { return id_ == TypeId::kArray || id_ == TypeId::kMap || id_ == TypeId::kStruct; }
  bool is_integral() const;
  bool is_numeric() const;  ///< integral, float, double, decimal
  bool is_string_like() const { return id_ == TypeId::kString || id_ == TypeId::kBinary; }
  bool is_timestamp() const { return id_ == TypeId::kTimestamp || id_ == TypeId::kTimestampNtz; }

  /// Spark's simpleString: "int", "decimal(10,2)", "array<int>", "struct<a:int,b:string>".
  std::string ToString() const;
  /// Spark's sql form: "INT", "DECIMAL(10,2)", "ARRAY<INT>", "STRUCT<a: INT>".
  std::string ToSql() const;

  bool operator==(const DataType& other) const;
  bool operator!=(const DataType& other) const { return !(*this == other); }

 private:
  explicit DataType(TypeId id) : id_(id) {}
  struct Nested;

  TypeId id_;
  uint8_t precision_ = 0;  // decimal precision, or interval start field
  uint8_t scale_ = 0;      // decimal scale, or interval end field
  std::shared_ptr<const Nested> nested_;
};

struct Field {
  std::string name;
  DataType type;
  bool nullable = true;
  std::string comment = {};  // an initializer, so {name, type} / {name, type, nullable} leave it empty without warnings

  bool operator==(const Field& other) const {
    return name == other.name && type == other.type && nullable == other.nullable;
  }
};

/// A table's or batch's columns: a list of fields.
using Schema = std::vector<Field>;

/// Largest decimal precision (Spark's DecimalType.MAX_PRECISION).
inline constexpr int kMaxDecimalPrecision = 38;
/// Largest precision stored in an int64 (above it: int128).
inline constexpr int kMaxInt64DecimalPrecision = 18;

}  // namespace tarn
