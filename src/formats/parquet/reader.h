// ParquetReader: reads a Parquet file into Batches of Spark-typed Vectors.
//
// Open() reads and validates the footer and maps the Parquet schema to Spark
// types (the same mapping Spark's ParquetSchemaConverter makes). Next() then
// decodes row group after row group, only the projected columns, skipping
// row groups and pages whose statistics rule out the predicates.
//
// Thread safety: one reader per thread; row groups are decoded in parallel
// inside Next() when options.threads > 1.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "common/file_system.h"
#include "types/data_type.h"

namespace tarn::parquet {

struct FileMetaData;

/// A simple predicate on a top-level primitive column used to skip row groups
/// (chunk statistics) and pages (the page index) — never to filter rows
/// exactly: callers still filter. With page pruning a batch holds only the
/// rows of the pages that may match (flat projections only).
struct ColumnPredicate {
  enum class Op { kEq, kLt, kLe, kGt, kGe, kIsNull, kIsNotNull };
  std::string column;
  Op op;
  /// The literal as text in the column's Spark type ("42", "2024-01-01", "abc").
  std::string literal;
};

struct ParquetReadOptions {
  /// Top-level column names or dotted paths to nested fields ("s.a"); empty = all.
  std::vector<std::string> columns;
  std::vector<ColumnPredicate> predicates;
  /// Rows per batch handed out by Next() (a row group is split as needed).
  size_t batch_size = 64 * 1024;
  /// Row groups decoded concurrently.
  int threads = 1;
  /// Only row groups [first_row_group, first_row_group + row_group_count)
  /// are read (-1: to the end) — one scan task's share of a file.
  int64_t first_row_group = 0;
  int64_t row_group_count = -1;
  /// Verify page CRCs when present (off by default, as in parquet-mr and Spark:
  /// parquet.page.verify-checksum.enabled).
  bool verify_checksums = false;
};

class ParquetReader {
 public:
  /// Reads the footer; throws tarn::Error for missing, malformed or unsupported files.
  static std::unique_ptr<ParquetReader> Open(FileSystem& fs, const std::string& path,
                                             ParquetReadOptions options = {});
  /// Same over an open file (its path() names it in errors).
  static std::unique_ptr<ParquetReader> Open(std::unique_ptr<RandomAccessFile> file, ParquetReadOptions options = {});
  virtual ~ParquetReader() = default;

  /// The Spark schema of the (projected) columns.
  virtual const Schema& schema() const = 0;
  /// The file's schema before projection.
  virtual const Schema& file_schema() const = 0;
  virtual const FileMetaData& metadata() const = 0;
  virtual int64_t num_rows() const = 0;
  /// Row groups skipped by statistics or the page index so far.
  virtual int64_t row_groups_skipped() const = 0;
  /// Data pages skipped by the page index so far.
  virtual int64_t pages_skipped() const = 0;
  /// Indices of the row groups (within the options' range) whose chunk
  /// statistics do not rule out the predicates — what a scan plans tasks for.
  virtual std::vector<int64_t> MatchingRowGroups() const = 0;

  /// Fills `batch` with the next rows; false when the file is exhausted.
  virtual bool Next(Batch* batch) = 0;
};

/// Reads a whole file into one batch (tests, small files).
Batch ReadParquetFile(FileSystem& fs, const std::string& path, ParquetReadOptions options = {});

}  // namespace tarn::parquet
