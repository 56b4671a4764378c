// CSV input as Spark's DataFrameReader.csv reads it (CSVOptions, UnivocityParser,
// CSVInferSchema), producing Batches of Spark-typed Vectors.
//
// Records: without multiLine every line (\n, \r\n or \r, or lineSep) is one
// record; with multiLine a quoted field may span lines. Empty lines and lines
// starting with the comment character are skipped. With header the first
// record of every file is the header. A UTF-8 byte-order mark at the start of
// a file is dropped.
//
// Fields: a field starting with the quote character is quoted; inside it the
// escape character (default '\') or a doubled quote stands for a quote. A
// field equal to nullValue (default "") is NULL; a quoted empty field reads as
// emptyValue (default "", hence NULL under the default nullValue, as in Spark).
//
// Malformed records (a token count other than the schema's, a value that does
// not convert, more than maxColumns tokens): PERMISSIVE keeps the row with
// NULLs for the bad values and the record text in columnNameOfCorruptRecord
// when the schema has that (string) column; DROPMALFORMED drops the row;
// FAILFAST throws MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION naming the
// file and line.
//
// Memory: the file is read in blocks of options.read_block_size; one record
// must fit in max_record_bytes; a batch holds at most batch_size rows.
//
// Time zone: timestamp text without an offset is read as UTC (no session time
// zone at this layer).
//
// Thread safety: a CsvReader is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "columnar/batch.h"
#include "common/file_system.h"
#include "formats/files/text_values.h"
#include "types/data_type.h"

namespace tarn {

struct CsvReadOptions {
  bool header = false;
  /// sep / delimiter: one character.
  char delimiter = ',';
  /// quote: '\0' turns quoting off (Spark's quote="").
  char quote = '"';
  char escape = '\\';
  /// comment: '\0' = no comment lines (Spark's default).
  char comment = '\0';
  std::string null_value;
  /// emptyValue: what a quoted empty field reads as.
  std::string empty_value;
  std::string nan_value = "NaN";
  std::string positive_inf = "Inf";
  std::string negative_inf = "-Inf";
  /// dateFormat / timestampFormat: empty = Spark's defaults (ISO text with the
  /// CAST fallback); otherwise only yyyy-MM-dd / yyyy-MM-dd HH:mm:ss.
  std::string date_format;
  std::string timestamp_format;
  std::string timestamp_ntz_format;
  bool infer_schema = false;
  /// preferDate: infer DATE for yyyy-MM-dd values (Spark 3.4+ default).
  bool prefer_date = true;
  double sampling_ratio = 1.0;
  ParseMode mode = ParseMode::kPermissive;
  std::string column_name_of_corrupt_record = "_corrupt_record";
  /// rescuedDataColumn: values of the wrong type and fields beyond the
  /// schema go to this column as JSON (text_values.h RescuedData) instead of
  /// making the record malformed; inference adds the column. Empty = off.
  std::string rescued_data_column;
  bool multi_line = false;
  bool ignore_leading_white_space = false;
  bool ignore_trailing_white_space = false;
  /// lineSep: empty = \n, \r\n or \r; else 1 or 2 characters.
  std::string line_sep;
  /// encoding / charset: UTF-8 only.
  std::string encoding = "UTF-8";
  /// enforceSchema=false: with header, the header must name the schema's columns (FAILED_READ_FILE otherwise).
  bool enforce_schema = true;
  int max_columns = 20480;
  /// maxCharsPerColumn: -1 = unlimited (bounded by max_record_bytes).
  int64_t max_chars_per_column = -1;
  /// spark.sql.caseSensitive for header de-duplication.
  bool case_sensitive = false;

  // tarn's own knobs.
  size_t batch_size = 64 * 1024;
  size_t read_block_size = 1 << 20;
  size_t max_record_bytes = 256u << 20;
};

/// Spark option map ("header" → "true", "sep" → ";", ...; keys case-insensitive)
/// to options. Throws INVALID_PARAMETER_VALUE for bad values and
/// UNSUPPORTED_FEATURE for unsupported encodings or date/time patterns.
CsvReadOptions ParseCsvReadOptions(const std::vector<std::pair<std::string, std::string>>& options);

/// The schema Spark would give these files: header names (or _c0, _c1, ...),
/// made unique, with types inferred when options.infer_schema (else strings).
Schema InferCsvSchema(FileSystem& fs, const std::vector<std::string>& paths, const CsvReadOptions& options);

class CsvReader {
 public:
  /// Opens one file. Without `schema` it is inferred from this file alone.
  /// Throws PATH_NOT_FOUND, TARN_IO_ERROR, UNSUPPORTED_DATATYPE (a column type
  /// CSV cannot hold) and the option errors above.
  static std::unique_ptr<CsvReader> Open(FileSystem& fs, const std::string& path, CsvReadOptions options = {},
                                         std::optional<Schema> schema = std::nullopt);
  ~CsvReader();

  const Schema& schema() const;
  /// The next up to batch_size rows; false at the end of the file.
  bool Next(Batch* batch);

 private:
  class Impl;
  explicit CsvReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Reads whole files into one batch each, concatenated (tests, small inputs).
std::vector<Batch> ReadCsvFiles(FileSystem& fs, const std::vector<std::string>& paths, const CsvReadOptions& options,
                                std::optional<Schema> schema = std::nullopt);

}  // namespace tarn
