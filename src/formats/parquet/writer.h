// ParquetWriter: writes Batches of Spark-typed Vectors as a Parquet file that
// Spark, DuckDB, Polars and tarn's own reader (reader.h) read back.
//
// Layout: "PAR1", then row group after row group (each column chunk: an
// optional dictionary page, then data pages), then the page index (every
// ColumnIndex, then every OffsetIndex), then the footer. The Spark ↔ Parquet
// type mapping is in schema_writer.h, shredding of nested values in
// column_shredder.h, and page encoding choices in column_writer.h.
//
// Memory: at most one row group is buffered (its pages, encoded and
// compressed), plus one pending page and one dictionary per column.
//
// Errors: I/O failures and values the format cannot hold throw tarn::Error
// (TASK_WRITE_FAILED naming the path); a writer whose Write threw is broken
// and its Close throws too. A writer destroyed without Close leaves an
// incomplete file behind (callers that publish files — Delta commits — only
// reference files whose Close returned).
//
// Thread safety: one writer per thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "common/file_system.h"
#include "common/version.h"
#include "formats/parquet/compression.h"
#include "formats/parquet/metadata.h"
#include "types/data_type.h"

namespace tarn::parquet {

/// The created_by tarn writes: "<application> version <semver>", the form
/// parquet-mr's VersionParser understands.
/// Parquet's created_by convention: "<application> version <version>".
inline const std::string kTarnCreatedBy = std::string("tarn version ") + kVersion;

struct ParquetWriteOptions {
  enum class DataPageVersion : uint8_t { kV1, kV2 };

  CompressionCodec codec = CompressionCodec::kSnappy;
  /// Codec-specific; kDefaultCompressionLevel picks each codec's default.
  int compression_level = kDefaultCompressionLevel;
  /// A row group ends when it holds this many rows or its chunks reach
  /// row_group_bytes (encoded and compressed), whichever comes first.
  int64_t row_group_rows = 1'000'000;
  int64_t row_group_bytes = int64_t{128} << 20;
  /// A page ends at a row boundary once its values reach page_bytes (as
  /// PLAIN would store them) or it holds page_rows rows (parquet-mr's 20000).
  int64_t page_bytes = int64_t{1} << 20;
  int64_t page_rows = 20'000;
  /// Dictionary-encode pages first; a chunk falls back to the non-dictionary
  /// encoding when its dictionary would grow beyond dictionary_page_bytes.
  bool dictionary = true;
  int64_t dictionary_page_bytes = int64_t{1} << 20;
  DataPageVersion data_page_version = DataPageVersion::kV1;
  /// Forces the non-dictionary encoding of columns it applies to (PLAIN, RLE,
  /// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY,
  /// BYTE_STREAM_SPLIT); other columns keep the default choice.
  std::optional<Encoding> value_encoding = std::nullopt;
  /// Chunk statistics in the footer (min/max/null_count).
  bool write_statistics = true;
  /// ColumnIndex + OffsetIndex.
  bool write_page_index = true;
  /// Byte-array bounds longer than this are truncated (0: never).
  size_t statistics_truncate_length = 64;
  /// A CRC-32 in every page header.
  bool page_checksums = true;
  std::vector<KeyValue> key_value_metadata = {};
  std::string created_by = kTarnCreatedBy;
  /// SchemaElement.field_id by the element's dotted path below the root
  /// ("a", "s.x", "l.list.element", "m.key_value.value"): Delta's column
  /// mapping mode 'id' (and Spark's parquet.field.id) match columns by it.
  std::map<std::string, int32_t> field_ids = {};
};

class ParquetWriter {
 public:
  /// Creates (or truncates) `path`. Throws INVALID_PARAMETER_VALUE for bad
  /// options, UNSUPPORTED_FEATURE for a schema Parquet cannot hold (an empty
  /// struct), and I/O errors.
  static std::unique_ptr<ParquetWriter> Open(FileSystem& fs, const std::string& path, const Schema& schema,
                                             ParquetWriteOptions options = {});
  ~ParquetWriter();
  ParquetWriter(const ParquetWriter&) = delete;
  ParquetWriter& operator=(const ParquetWriter&) = delete;

  const Schema& schema() const;
  /// Appends the batch's rows; its column types must be the writer's.
  void Write(const Batch& batch);
  /// Rows written so far.
  int64_t num_rows() const;
  /// Ends the last row group, writes the page index and the footer, and
  /// closes the file. Returns the footer (its statistics feed Delta's file
  /// statistics). Only the first call writes.
  const FileMetaData& Close();
  /// The footer; complete only after Close().
  const FileMetaData& metadata() const;
  /// The file's size once closed (bytes written so far before).
  uint64_t file_size() const;

 private:
  class Impl;
  explicit ParquetWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Writes one batch as a whole file; returns its footer.
FileMetaData WriteParquetFile(FileSystem& fs, const std::string& path, const Batch& batch,
                              ParquetWriteOptions options = {});

}  // namespace tarn::parquet
