// FileTable: a table over files in one format (parquet.`/path`, csv.`dir/*.csv`,
// CREATE TEMP VIEW ... USING json OPTIONS (path ...)). The listing (files,
// globs, hive partition directories) comes from formats/files; each format
// contributes a schema and a per-file batch reader. Partition columns follow
// the data columns, as in Spark.
//
// Scans split into tasks (PlanScanTasks): one per CSV/JSON file, one per
// Parquet row group left after statistics pruning, each read single-threaded.
//
// Thread safety: immutable after Open; Scan streams are single-threaded.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/file_system.h"
#include "formats/files/file_listing.h"
#include "table/table_provider.h"

namespace tarn {

/// Reader options as given in SQL (OPTIONS (...), read_files named arguments);
/// keys are lower case.
using FileOptions = std::map<std::string, std::string>;

/// Which part of a file a scan task reads: Parquet row groups
/// [first_row_group, first_row_group + row_group_count) (-1: to the end);
/// other formats always read whole files.
struct FilePart {
  int64_t first_row_group = 0;
  int64_t row_group_count = -1;
};

/// One file format: how to find a schema and read one file.
class FileFormat {
 public:
  virtual ~FileFormat() = default;
  virtual std::string name() const = 0;
  /// The data schema of these files (inferred or from options).
  virtual Schema InferSchema(FileSystem& fs, const std::vector<std::string>& paths, const FileOptions& options) const = 0;
  /// Batches of `columns` (indices into `schema`) of one file (of `part` of it).
  virtual std::unique_ptr<BatchStream> Open(FileSystem& fs, const std::string& path, const Schema& schema,
                                            const std::vector<int>& columns, const ScanSpec& spec,
                                            const FileOptions& options, const FilePart& part = {}) const = 0;
  /// The parts of one file that scan tasks read: by default the whole file;
  /// Parquet: one part per row group whose statistics may match spec.filters.
  virtual std::vector<FilePart> SplitFile(FileSystem& fs, const std::string& path, const Schema& schema,
                                          const ScanSpec& spec) const {
    return {FilePart{}};
  }
};

/// The format named `name` ("parquet", "csv", "json"), or null.
std::shared_ptr<const FileFormat> FindFileFormat(std::string_view name);

class FileTable : public TableProvider {
 public:
  /// Lists the files and fixes the schema. Throws PATH_NOT_FOUND and friends.
  static std::shared_ptr<FileTable> Open(std::shared_ptr<FileSystem> fs, std::shared_ptr<const FileFormat> format,
                                         const std::string& path, FileOptions options = {},
                                         std::optional<Schema> user_schema = std::nullopt);

  const Schema& schema() const override { return schema_; }
  std::string description() const override;
  std::optional<int64_t> row_count() const override { return row_count_; }
  /// Parquet: min / max / null count from the footers of all files.
  std::optional<ColumnStatistics> file_column_statistics(size_t i) const override;
  std::unique_ptr<BatchStream> Scan(const ScanSpec& spec) const override;
  /// One task per file, per surviving row group for Parquet.
  std::vector<std::shared_ptr<ScanTask>> PlanScanTasks(const ScanSpec& spec) const override;

  const FileListing& listing() const { return listing_; }

 private:
  std::shared_ptr<FileSystem> fs_;
  std::shared_ptr<const FileFormat> format_;
  std::string path_;
  FileOptions options_;
  FileListing listing_;
  Schema data_schema_;
  Schema schema_;  // data columns, then partition columns
  std::optional<int64_t> row_count_;
  std::vector<std::optional<ColumnStatistics>> file_column_statistics_;  // per column of schema_
  friend class FileTableStream;
};

}  // namespace tarn
