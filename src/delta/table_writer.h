// TableWriter: writes rows into a Delta table's data files and describes
// them as `add` actions (PROTOCOL.md "Add File and Remove File", "Per-file
// Statistics", "Partition Value Serialization").
//
// Rows arrive as batches in the table's logical schema (every column,
// partition columns included, in metaData order). Each row goes to the file
// of its partition: hive-style directories `col=value/` with Spark's path
// escaping (ExternalCatalogUtils.escapePathName; NULL and '' are
// `__HIVE_DEFAULT_PARTITION__`), files named like Spark's
// `part-<n>-<uuid>.c000.snappy.parquet`. Partition columns are not stored in
// the files; under column mapping (name mode) the Parquet columns carry the
// physical names. A file is closed and a new one started once it reaches the
// target size (`delta.targetFileSize`, default 128 MiB; checked after each
// batch, so files end at batch boundaries).
//
// Statistics follow Delta's StatisticsCollection: numRecords, and minValues /
// maxValues / nullCount for the first `delta.dataSkippingNumIndexedCols`
// (default 32; -1 = all) leaf columns of the data schema, by physical name.
// min/max only for numbers, dates, timestamps and strings; strings cut to 32
// characters (max extended with a tie-breaker character so it stays an upper
// bound, or dropped), timestamps truncated to milliseconds.
//
// Errors: TASK_WRITE_FAILED / I/O errors from the file system; nothing is
// referenced by the log until the caller commits the returned actions.
//
// Thread safety: one writer per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "common/file_system.h"
#include "delta/actions.h"
#include "delta/schema.h"
#include "delta/table_features.h"

namespace tarn::delta {

struct TableWriteOptions {
  int64_t target_file_size = int64_t{128} << 20;
  int num_indexed_cols = 32;
  /// File names are `<file_prefix>-<n>-<uuid>.c000.snappy.parquet` ("cdc" for change data files).
  std::string file_prefix = "part";
  /// Clock for add.modificationTime (ms since the epoch); null: system clock.
  std::function<int64_t()> clock;
};

/// The write options a table's configuration asks for (delta.targetFileSize,
/// delta.dataSkippingNumIndexedCols).
TableWriteOptions WriteOptionsFor(const Metadata& metadata);

/// Spark's escaping of a partition directory name or value.
std::string EscapePartitionPathName(std::string_view text);

/// The partition value text of row `row` of `vector` (nullopt for NULL and '').
std::optional<std::string> PartitionValueText(const Vector& vector, size_t row);

/// The stats JSON of rows written to one file (exposed for tests and the checkpoint writer).
class FileStatsCollector {
 public:
  /// `data_schema`: the file's columns (physical names); the first
  /// `num_indexed_cols` leaves get statistics.
  FileStatsCollector(const Schema& data_schema, int num_indexed_cols);
  ~FileStatsCollector();
  void Add(const Batch& batch);
  std::string ToJson() const;
  int64_t num_records() const { return num_records_; }

 private:
  struct Leaf;
  std::vector<std::unique_ptr<Leaf>> leaves_;
  Schema schema_;
  int64_t num_records_ = 0;
};

class TableWriter {
 public:
  /// Writes into the table at `table_path` with `metadata`'s schema and partitioning.
  TableWriter(std::shared_ptr<FileSystem> fs, std::string table_path, const Metadata& metadata,
              const Protocol& protocol, TableWriteOptions options);
  ~TableWriter();

  /// The logical schema batches must have.
  const Schema& schema() const { return schema_; }
  void Write(const Batch& batch);
  /// Closes every open file; returns their add actions (dataChange = true).
  std::vector<AddFile> Finish();
  /// A new, empty writer into the same table with the same schema and
  /// options (its own file names), for another thread to write with.
  std::unique_ptr<TableWriter> NewSibling() const;
  /// Takes the finished files of a sibling: this writer's Finish returns them too.
  void Adopt(std::vector<AddFile> adds);
  int64_t num_rows() const { return num_rows_; }

 private:
  struct OpenFile;
  void Roll(OpenFile& file);
  OpenFile& FileFor(const std::string& key, const PartitionValues& values, const std::string& directory);
  Batch ToPhysical(const Batch& data) const;

  std::shared_ptr<FileSystem> fs_;
  std::string table_path_;
  Metadata metadata_;  ///< as given (for NewSibling)
  Protocol protocol_;
  TableWriteOptions options_;
  DeltaSchema delta_schema_;
  Schema schema_;                    ///< logical, all columns
  std::vector<std::string> partition_columns_;
  std::vector<int> partition_index_;  ///< schema index of each partition column
  std::vector<int> data_index_;       ///< schema index of each data column
  Schema physical_data_schema_;       ///< the Parquet schema of the files
  std::vector<std::string> partition_keys_;  ///< add.partitionValues keys: physical names under column mapping
  std::map<std::string, int32_t> field_ids_;  ///< column mapping 'id': Parquet field ids by physical path
  std::map<std::string, std::unique_ptr<OpenFile>> open_;
  std::vector<AddFile> done_;
  int64_t num_rows_ = 0;
  int file_counter_ = 0;
  std::string write_id_;
};

}  // namespace tarn::delta
