// DeltaTable: a Delta table as the engine sees it — a TableProvider over one
// snapshot (the latest, or a version / timestamp for time travel).
//
// The schema is the table's logical schema in metaData order (partition
// columns at their schema position). A scan plans its files first — partition
// pruning with the partition values, then file skipping with the per-file
// statistics (see stats.h) for the pushed-down filters — and then reads each
// file in the table's terms (file_reader.h): physical column names or field
// ids under column mapping, deletion vectors applied, type-widened values
// cast, missing columns NULL, partition values as typed constant columns.
//
// Thread safety: immutable after Open; each Scan stream is single-threaded.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "delta/snapshot.h"
#include "table/table_provider.h"

namespace tarn::delta {

/// VERSION AS OF / TIMESTAMP AS OF (at most one is set).
struct TimeTravel {
  std::optional<int64_t> version;
  std::optional<int64_t> timestamp_ms;
};

/// The partition value of `field` in an add's partitionValues: keyed by the
/// physical name under column mapping (PROTOCOL.md), by the logical name
/// otherwise — either is accepted. nullopt for NULL.
std::optional<std::string_view> PartitionValueOf(const PartitionValues& values, const DeltaField& field);

class DeltaTable : public TableProvider {
 public:
  /// Loads the snapshot of the table at `path`; throws the snapshot errors
  /// (snapshot.h) and the time-travel ones.
  static std::shared_ptr<DeltaTable> Open(std::shared_ptr<FileSystem> fs, const std::string& path,
                                          const TimeTravel& time_travel = {});
  /// A table over an already loaded snapshot.
  static std::shared_ptr<DeltaTable> Open(std::shared_ptr<const Snapshot> snapshot);
  /// The table with two hidden columns after the table's: each row's data
  /// file (kFilePathColumn: the add's path as in the log) and its physical
  /// position in that file (kRowIndexColumn; rows deleted by a DV keep their
  /// positions) — Spark's _metadata.file_path / row_index, what row-level DML
  /// (DELETE, UPDATE, MERGE) scans to find the rows it changes.
  static std::shared_ptr<DeltaTable> OpenWithRowMetadata(std::shared_ptr<const Snapshot> snapshot);
  static constexpr const char* kFilePathColumn = "__delta_file_path";
  static constexpr const char* kRowIndexColumn = "__delta_row_index";
  /// The table's own columns (schema() minus the hidden row-metadata columns).
  size_t num_table_columns() const { return num_table_columns_; }

  const Schema& schema() const override { return schema_; }
  std::string description() const override;
  /// Σ numRecords − Σ deletion vector cardinality, when every file has numRecords.
  std::optional<int64_t> row_count() const override { return row_count_; }
  /// From ANALYZE TABLE ... FOR COLUMNS (the tarn.tableStatistics domain; table_statistics.h).
  std::optional<ColumnStatistics> column_statistics(size_t i) const override;
  std::unique_ptr<BatchStream> Scan(const ScanSpec& spec) const override;
  /// One task per planned file (partition pruning and skipping applied), read single-threaded.
  std::vector<std::shared_ptr<ScanTask>> PlanScanTasks(const ScanSpec& spec) const override;

  const Snapshot& snapshot() const { return *snapshot_; }
  /// The files a scan with these filters reads, after partition pruning and
  /// file skipping.
  std::vector<const AddFile*> PlanFiles(const std::vector<ScanFilter>& filters) const;
  /// Reads exactly `files` (active files of this snapshot; no pruning), in
  /// order — what a rewrite (OPTIMIZE, REORG) reads. Deletion vectors apply.
  std::unique_ptr<BatchStream> ScanFiles(std::vector<const AddFile*> files, const ScanSpec& spec) const;
  /// Whether column `i` of schema() is a partition column.
  bool is_partition_column(size_t i) const { return partition_index_[i] >= 0; }

 private:
  std::shared_ptr<const Snapshot> snapshot_;
  Schema schema_;
  /// Per schema column: its position in metaData.partitionColumns, or -1.
  std::vector<int> partition_index_;
  /// Partition columns generated as CAST(source AS DATE): (source column, partition column).
  std::vector<std::pair<int, int>> date_partitions_;
  std::optional<int64_t> row_count_;
  std::vector<std::optional<ColumnStatistics>> column_statistics_;
  size_t num_table_columns_ = 0;
};

}  // namespace tarn::delta
