// Spark 3+'s datetime pattern engine (the DateTimeFormatter patterns of
// https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html) for
// date_format, from_unixtime, to_date, to_timestamp, unix_timestamp & co.
//
// A pattern is compiled once (bind time when constant) into tokens, then
// formats wall-clock micros or parses text into wall-clock fields. Time zones
// stay outside: Format takes the offset and zone id to print, Parse returns
// the zone or offset the text named and the caller converts.
//
// Java semantics kept: 'y' is the proleptic year (Spark rewrites y to u unless
// the pattern has an era 'G'); strict widths (MM needs two digits); adjacent
// value parsing ("yyyyMMdd"); case-insensitive parsing; the STRICT resolver
// (Feb 30 fails); missing fields default to 1970-01-01 00:00:00; fractions
// parse 1..n digits.
//
// Thread safety: a compiled pattern is immutable.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarn {

class DateTimePattern {
 public:
  /// Compiles `pattern`; throws INVALID_DATETIME_PATTERN for unknown letters,
  /// too many letters or letters Spark forbids (week-based, and E/Q/F when parsing).
  static std::shared_ptr<const DateTimePattern> Compile(std::string_view pattern, bool for_parsing);

  /// Formats wall-clock `local_micros` (the value already shifted to the zone);
  /// `offset_seconds` and `zone_id` feed the zone letters (z, VV, X, x, Z, O).
  /// Throws INVALID_DATETIME_PATTERN-free DateTimeException equivalents as
  /// DATETIME_FIELD_OUT_OF_BOUNDS when a value exceeds its print width.
  std::string Format(int64_t local_micros, int32_t offset_seconds, std::string_view zone_id) const;

  struct Parsed {
    int64_t local_micros = 0;               ///< wall clock as written
    std::optional<int32_t> offset_seconds;  ///< when the text had an offset (X, x, Z, O, or 'GMT+1' in z/VV)
    std::string zone_id;                    ///< when the text named a region (VV, z)
  };
  /// Parses `text`; nullopt on failure with Java's message in *error
  /// ("Text '...' could not be parsed at index 4").
  std::optional<Parsed> Parse(std::string_view text, std::string* error) const;

  const std::string& pattern() const { return pattern_; }

  struct Token;  // defined in the .cc

 private:
  std::string pattern_;
  std::vector<Token> tokens_;
  friend struct PatternCompiler;

 public:
  DateTimePattern();
  ~DateTimePattern();
};

/// Java's short zone name ("PST", "PDT", "UTC") for a few common zones, else nullopt.
std::optional<std::string> ShortZoneName(std::string_view zone_id, int32_t offset_seconds, bool full);

}  // namespace tarn
