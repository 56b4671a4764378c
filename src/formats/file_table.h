// FileTable: a table over files in one format (parquet.`/path`, csv.`dir/*.csv`,
// CREATE TEMP VIEW ... USING json OPTIONS (path ...)). The listing (files,
// globs, hive partition directories) comes from formats/files; each format
// contributes a schema and a per-file batch reader. Partition columns follow
// the data columns, as in Spark.
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

/// One file format: how to find a schema and read one file.
class FileFormat {
 public:
  virtual ~FileFormat() = default;
  virtual std::string name() const = 0;
  /// The data schema of these files (inferred or from options).
  virtual Schema InferSchema(FileSystem& fs, const std::vector<std::string>& paths, const FileOptions& options) const = 0;
  /// Batches of `columns` (indices into `schema`) of one file.
  virtual std::unique_ptr<BatchStream> Open(FileSystem& fs, const std::string& path, const Schema& schema,
                                            const std::vector<int>& columns, const ScanSpec& spec,
                                            const FileOptions& options) const = 0;
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
  std::unique_ptr<BatchStream> Scan(const ScanSpec& spec) const override;

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
  friend class FileTableStream;
};

}  // namespace tarn
