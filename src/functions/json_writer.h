// Values as Spark's JSON generator (JacksonGenerator) writes them for
// to_json: structs as objects (null fields left out), maps as objects with
// their keys as text, arrays as arrays; dates "2024-01-31", timestamps
// "2024-01-31T10:00:00.000Z" in the session time zone, binary as base64,
// doubles in Java's toString form and NaN/Infinity as quoted strings.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "columnar/vector.h"

namespace tarn::json {

struct JsonWriterOptions {
  /// Session time zone for TIMESTAMP values: "UTC", "Z", "GMT", "+08:00",
  /// "UTC+8", "GMT-05:30". Region ids (America/New_York) need a zone
  /// database tarn does not have yet; they are written as UTC.
  std::string time_zone = "UTC";
  bool ignore_null_fields = true;  ///< spark.sql.jsonGenerator.ignoreNullFields
};

/// `s` as a JSON string literal, escaped as Jackson does.
void AppendQuoted(std::string_view s, std::string* out);

/// A parsed JSON value written back compactly, as Jackson's copyCurrentStructure
/// does (strings escaped by AppendQuoted, doubles in Java's form).
void AppendParsedJson(const nlohmann::ordered_json& value, std::string* out);

/// Row `row` of `vector` (any encoding, not null) as JSON text.
void AppendJsonValue(const Vector& vector, size_t row, const JsonWriterOptions& options, std::string* out);

/// Offset in seconds of a fixed-offset zone id, or nullopt for region ids.
std::optional<int32_t> FixedZoneOffsetSeconds(std::string_view zone);

}  // namespace tarn::json
