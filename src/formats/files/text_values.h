// Text → value parsing shared by the CSV and JSON readers, with the rules
// Spark's parsers apply (Java's Integer/Long/Double.parseDouble, Scala's
// toBoolean, the default date/timestamp formatters with their CAST fallback),
// and the parse mode both readers take.
//
// Thread safety: pure functions; DateTimeParser is an immutable value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "types/data_type.h"

namespace tarn {

/// Spark's parse modes for malformed records (CSV and JSON).
enum class ParseMode : uint8_t { kPermissive, kDropMalformed, kFailFast };

/// "PERMISSIVE" | "DROPMALFORMED" | "FAILFAST" (case-insensitive); throws
/// INVALID_PARAMETER_VALUE naming `source` ("csv", "json") otherwise.
ParseMode ParseModeFromString(std::string_view text, const char* source);
/// "true"/"false" (case-insensitive) option values; throws INVALID_PARAMETER_VALUE.
bool ParseBoolOption(std::string_view key, std::string_view value, const char* source);
/// A whole-number option; throws INVALID_PARAMETER_VALUE.
int64_t ParseIntOption(std::string_view key, std::string_view value, const char* source);

/// Java's Long.parseLong: optional sign, decimal digits, no spaces.
std::optional<int64_t> ParseJavaLong(std::string_view text);
/// Java's Double.parseDouble: surrounding whitespace (<= ' ') ignored, optional
/// sign, digits with optional fraction and exponent, optional d/f suffix,
/// NaN, Infinity. (Hex floats are not accepted.)
std::optional<double> ParseJavaDouble(std::string_view text);
/// As above, rounded once to float (Float.parseFloat).
std::optional<float> ParseJavaFloat(std::string_view text);
/// Scala's String.toBoolean: "true" / "false", case-insensitive.
std::optional<bool> ParseJavaBoolean(std::string_view text);

/// Dates and timestamps in a reader's dateFormat / timestampFormat. An empty
/// format is Spark's default: ISO text with the CAST fallback (types/datetime.h).
/// Only the patterns yyyy-MM-dd and yyyy-MM-dd HH:mm:ss are supported beyond
/// the defaults; the constructor throws UNSUPPORTED_FEATURE for others.
class DateTimeParser {
 public:
  DateTimeParser() = default;
  DateTimeParser(std::string date_format, std::string timestamp_format, std::string timestamp_ntz_format);

  /// Days since the epoch, or nullopt when the text is not a date.
  std::optional<int32_t> ParseDate(std::string_view text) const;
  /// Strictly yyyy-MM-dd (or the given pattern): what schema inference accepts as DATE.
  std::optional<int32_t> ParseDateStrict(std::string_view text) const;
  /// Microseconds since the epoch (UTC; an offset in the text is applied).
  std::optional<int64_t> ParseTimestamp(std::string_view text) const;
  /// Wall-clock microseconds; text with an offset or zone is rejected.
  std::optional<int64_t> ParseTimestampNtz(std::string_view text) const;

 private:
  bool date_strict_ = false;       // dateFormat = yyyy-MM-dd
  bool timestamp_strict_ = false;  // timestampFormat = yyyy-MM-dd HH:mm:ss
  bool timestamp_ntz_strict_ = false;
};

/// The index in `schema` of the column a reader fills itself — the corrupt
/// record column (columnNameOfCorruptRecord) or the rescued data column
/// (rescuedDataColumn) — or -1 when `name` is empty or not in the schema.
/// Throws INVALID_PARAMETER_VALUE naming `option` unless it is a nullable string.
int ReaderStringColumn(const Schema& schema, const std::string& name, const char* option, const char* source);

/// Appends the rescued data column (a nullable string) to an inferred schema;
/// INVALID_PARAMETER_VALUE when the data already has a column of that name.
void AddRescuedDataColumn(Schema* schema, const std::string& name, const char* source);

/// rescuedDataColumn (as Databricks' readers do): what a record held that the
/// schema could not take — a value of the wrong type, a field or column the
/// schema does not have — collected as one JSON object per record, with the
/// source file under "_file_path", e.g. {"price":"12,5","_file_path":"/in/a.csv"}.
class RescuedData {
 public:
  void Clear() { members_.clear(); }
  bool empty() const { return members_.empty(); }
  /// Adds `name` with a value that is already JSON text (a JSON reader's value).
  void AddJson(std::string_view name, std::string_view json_value);
  /// Adds `name` with a text value (a CSV field), quoted as a JSON string.
  void AddText(std::string_view name, std::string_view text);
  /// The JSON object of the members added, with "_file_path": `path`.
  std::string Finish(std::string_view path) const;

 private:
  std::string members_;
};

}  // namespace tarn
