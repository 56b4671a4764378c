// CSV output (RFC 4180): a header row of column names, then one record per
// row. A field is quoted when it contains the delimiter, a quote, CR or LF,
// or is the empty string (so it differs from NULL, which is an empty field,
// as Spark's CSV writer does); quotes inside are doubled.
//
// Values are written as Spark's CAST(x AS STRING) prints them (see
// columnar/value_text.h: 1.0E7, 2024-01-02 03:04:05.5), except arrays,
// maps and structs, which are written as canonical JSON text
// (formats/json/row_json.h), and BINARY, which is written as lower-case hex.
//
// Thread safety: a CsvWriter is used by one thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "columnar/batch.h"
#include "types/data_type.h"

namespace tarn {

struct CsvWriteOptions {
  char delimiter = ',';
  bool header = true;
  /// Record separator; RFC 4180 says "\r\n", Spark and most tools write "\n".
  std::string_view line_separator = "\n";
};

class CsvWriter {
 public:
  explicit CsvWriter(CsvWriteOptions options = {}) : options_(options) {}

  /// Appends the header record (when options.header).
  void AppendHeader(const Schema& schema, std::string* out) const;
  /// Appends one record per row of `batch`.
  void AppendRows(const Batch& batch, std::string* out) const;
  /// Appends one record for row `row`.
  void AppendRow(const Batch& batch, size_t row, std::string* out) const;

  /// Appends `text` as one field, quoted when needed.
  void AppendField(std::string_view text, std::string* out) const;

 private:
  CsvWriteOptions options_;
};

}  // namespace tarn
