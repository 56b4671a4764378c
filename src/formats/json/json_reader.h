// JSON input as Spark's DataFrameReader.json reads it (JSONOptions,
// JacksonParser, JsonInferSchema), producing Batches of Spark-typed Vectors.
//
// Records: JSON Lines by default (one value per line; blank lines skipped); with
// multiLine the whole file is one document. A top-level object is one row, a
// top-level array of objects one row per element.
//
// Parsing follows Jackson with Spark's defaults: single-quoted strings allowed
// (allowSingleQuotes=true), NaN / Infinity / -Infinity / +INF as numbers
// (allowNonNumericNumbers=true); comments, unquoted field names, leading zeros,
// backslash-escaping any character and raw control characters in strings only
// when enabled. tarn parses with its own tolerant parser (it must keep number
// text exact for decimals and accept Jackson's relaxations, which simdjson
// does not), bounded in nesting depth.
//
// Schema inference (JsonInferSchema): objects → struct (fields sorted by name),
// arrays → array<merged element type>, integers → bigint (beyond bigint:
// decimal(p,0), or double past 38 digits), other numbers → double (decimal with
// prefersDecimal), strings → string (timestamp with inferTimestamp when they
// parse), booleans → boolean, conflicts → string, NULL-only → string (or the
// field is dropped with dropFieldIfAllNull). Records that do not parse add
// columnNameOfCorruptRecord to the inferred schema in PERMISSIVE mode.
//
// Reading with a schema converts values: numbers to the declared numeric types
// (overflow is malformed), strings to dates/timestamps/decimals, integers to
// timestamps (seconds), base64 strings to binary, any value to its JSON text
// for string columns, objects to structs (fields matched by exact name) or
// maps, arrays to arrays. Malformed records follow `mode` as in CSV; in
// PERMISSIVE a top-level field that fails to convert is NULL and the rest of
// the row is kept.
//
// Thread safety: a JsonReader is used by one thread at a time.
#pragma once

#include <cstddef>
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

struct JsonReadOptions {
  bool multi_line = false;
  bool primitives_as_string = false;
  bool prefers_decimal = false;
  bool allow_comments = false;
  bool allow_unquoted_field_names = false;
  bool allow_single_quotes = true;
  bool allow_numeric_leading_zeros = false;
  bool allow_non_numeric_numbers = true;
  bool allow_backslash_escaping_any_character = false;
  bool allow_unquoted_control_chars = false;
  bool drop_field_if_all_null = false;
  bool infer_timestamp = false;
  double sampling_ratio = 1.0;
  ParseMode mode = ParseMode::kPermissive;
  std::string column_name_of_corrupt_record = "_corrupt_record";
  /// rescuedDataColumn: fields the schema does not have and values of the
  /// wrong type go to this column as JSON (text_values.h RescuedData) instead
  /// of making the record malformed; inference adds the column. Empty = off.
  std::string rescued_data_column;
  std::string date_format;
  std::string timestamp_format;
  std::string timestamp_ntz_format;
  /// lineSep: empty = \n, \r\n or \r.
  std::string line_sep;
  std::string encoding = "UTF-8";

  // tarn's own knobs.
  size_t batch_size = 64 * 1024;
  size_t read_block_size = 1 << 20;
  /// Largest record (a line, or a whole multiLine file).
  size_t max_record_bytes = 256u << 20;
  size_t max_nesting_depth = 1000;
};

/// Spark option map to options (keys case-insensitive). Throws
/// INVALID_PARAMETER_VALUE / UNSUPPORTED_FEATURE as CSV does.
JsonReadOptions ParseJsonReadOptions(const std::vector<std::pair<std::string, std::string>>& options);

Schema InferJsonSchema(FileSystem& fs, const std::vector<std::string>& paths, const JsonReadOptions& options);

class JsonReader {
 public:
  /// Opens one file; without `schema` it is inferred from this file alone.
  static std::unique_ptr<JsonReader> Open(FileSystem& fs, const std::string& path, JsonReadOptions options = {},
                                          std::optional<Schema> schema = std::nullopt);
  ~JsonReader();

  const Schema& schema() const;
  /// The next up to batch_size rows; false at the end of the file.
  bool Next(Batch* batch);

 private:
  class Impl;
  explicit JsonReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Reads whole files into batches (tests, small inputs).
std::vector<Batch> ReadJsonFiles(FileSystem& fs, const std::vector<std::string>& paths, const JsonReadOptions& options,
                                 std::optional<Schema> schema = std::nullopt);

}  // namespace tarn
