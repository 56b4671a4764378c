// Canonical JSON rows: one Batch row as a JSON object without whitespace, in
// the exact form of the conformance oracles (../shared/testdata/parquet/
// MANIFEST.md, "Canonical value rendering"), so a row line can be compared
// textually and checksummed with Fnv1a64 (common/hash.h).
//
// Rendering by Spark type: null; true/false; integers bare; DOUBLE/FLOAT as
// the shortest round-trip decimal in ECMAScript layout (NaN and ±Infinity as
// strings); DECIMAL as a string with exactly `scale` fraction digits; STRING
// as a JSON.stringify-escaped string; BINARY as lower-case hex; DATE, TIME,
// TIMESTAMP_NTZ and TIMESTAMP (UTC, "Z") as ISO strings; CALENDAR INTERVAL as
// {"months","days","micros"}; year-month / day-time intervals as their
// integer months / micros; arrays, structs (fields in order) and maps
// ([{"key":k,"value":v},…] in stored order) recursively.
//
// Invalid UTF-8 in a STRING is rendered with each maximal ill-formed
// subsequence replaced by U+FFFD, as a JavaScript TextDecoder reads it, so the
// output is always valid UTF-8 JSON.
//
// Thread safety: pure functions over read-only vectors.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "columnar/batch.h"
#include "columnar/vector.h"

namespace tarn {

struct JsonRowOptions {
  /// Suffix TIMESTAMP (instant) values with "Z"; false renders them like TIMESTAMP_NTZ.
  bool timestamp_utc_suffix = true;
  /// Quote decimals ("1.50", exact for any reader); false writes bare JSON numbers as Spark's to_json does.
  bool decimals_as_strings = true;
};

/// Appends row `row` of `batch` as {"col":value,…} (keys = schema names, in order).
void AppendRowJson(const Batch& batch, size_t row, std::string* out, const JsonRowOptions& options = {});

/// Appends one value (row `row` of a vector of any encoding) as JSON.
void AppendValueJson(const Vector& vector, size_t row, std::string* out, const JsonRowOptions& options = {});

/// Appends `text` as a JSON string literal with JSON.stringify's escapes.
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace tarn
