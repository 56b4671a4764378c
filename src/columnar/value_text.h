// Values as Spark prints them: the text of CAST(x AS STRING) and of
// Dataset.show() (Spark 4's ToPrettyString), used by the table printer and
// the CSV writer.
//
//   numbers      Java's toString: 1.0, 1.0E7, 1.5E-7, NaN; decimals plain ("0.05")
//   date/time    2024-01-02, 2024-01-02 03:04:05.5 (TIMESTAMP in UTC: tarn's CLI
//                has no session time zone here), 03:04:05.5
//   intervals    INTERVAL '1-2' YEAR TO MONTH, INTERVAL '1 02:03:04.5' DAY TO SECOND,
//                1 years 2 months 3 days 4.5 seconds (calendar interval)
//   binary       [4A 6F] (show()'s default hex style) or plain lower-case hex
//   nested       [1, 2], {1, a}, {a -> 1}; nulls inside as `null_text`
//
// Thread safety: pure functions over read-only vectors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "columnar/vector.h"
#include "types/data_type.h"

namespace tarn {

struct SparkTextOptions {
  /// Text of a NULL at any level (show(): "NULL"; CAST inside arrays: "null").
  std::string_view null_text = "NULL";
  enum class BinaryStyle : uint8_t {
    kBracketHex,  ///< "[4A 6F]", Spark's show() default
    kHex,         ///< "4a6f"
  };
  BinaryStyle binary_style = BinaryStyle::kBracketHex;
};

/// Appends row `row` of `vector` (any encoding) as Spark prints it.
void AppendSparkText(const Vector& vector, size_t row, std::string* out, const SparkTextOptions& options = {});

/// Spark's ANSI interval texts (IntervalUtils.to*IntervalString, CalendarInterval.toString).
std::string YearMonthIntervalToString(int32_t months, IntervalField start, IntervalField end);
std::string DayTimeIntervalToString(int64_t micros, IntervalField start, IntervalField end);
std::string CalendarIntervalToString(const IntervalValue& interval);

}  // namespace tarn
