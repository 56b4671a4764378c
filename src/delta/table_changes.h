// Reading the change data feed: `table_changes(table, start [, end])`
// (Databricks' table_changes; Spark's CDCReader; delta-kernel-rs'
// table_changes). TableChanges is a TableProvider whose rows are the table's
// columns (the end version's schema) plus `_change_type`, `_commit_version`
// (bigint) and `_commit_timestamp` (timestamp), version by version:
//
//  - a commit with `cdc` actions: the rows of those change files (they carry
//    `_change_type`; partition values come from the action);
//  - otherwise its dataChange `add`s are inserts and its dataChange `remove`s
//    deletes (whole files, minus the rows their deletion vectors hide);
//  - an add and a remove of the same path with different deletion vectors
//    (a DELETE by deletion vector, or a restore): rows the new DV deletes
//    that the old one did not are deletes, rows it no longer deletes are
//    inserts;
//  - commits that change no data (OPTIMIZE, metadata) contribute nothing.
//
// The range: versions (clamped to the latest version at the end) or
// timestamps — a start timestamp selects the first commit at or after it, an
// end timestamp the last commit at or before it (commit timestamps as for
// TIMESTAMP AS OF: in-commit timestamps when enabled, else file times made
// strictly increasing).
//
// Errors (Delta's): DELTA_INVALID_CDC_RANGE (end before start),
// DELTA_CDC_START_VERSION_AFTER_LATEST, DELTA_VERSION_NOT_FOUND (log cleaned
// up or negative), DELTA_TIMESTAMP_GREATER_THAN_COMMIT /
// DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION, DELTA_MISSING_CHANGE_DATA
// (a version in the range where the feed was not enabled),
// DELTA_CHANGE_DATA_FEED_INCOMPATIBLE_SCHEMA_CHANGE (a version whose schema
// the end schema cannot read: a dropped, renamed or retyped column),
// DELTA_CHANGE_DATA_FILE_NOT_FOUND (a vacuumed change file) and the snapshot
// errors.
//
// Thread safety: immutable after Open; each Scan stream is single-threaded.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/file_system.h"
#include "delta/actions.h"
#include "delta/snapshot.h"
#include "table/table_provider.h"

namespace tarn::delta {

/// One end of the range: a version or a timestamp (ms since the epoch).
struct ChangeBound {
  std::optional<int64_t> version;
  std::optional<int64_t> timestamp_ms;
};

/// What to read for one version: a change file, or a data file's rows as
/// inserts or deletes.
struct ChangeFile {
  enum class Kind {
    kChangeData,   ///< a `_change_data/` file with its own _change_type column
    kData,         ///< a data file: every row not in `excluded_dv` has `change_type`
    kDvDifference  ///< a data file: rows in `selected_dv` but not in `excluded_dv` have `change_type`
  };
  Kind kind = Kind::kData;
  int64_t version = 0;
  int64_t timestamp_ms = 0;
  std::string path;  ///< relative to the table (URI-decoded)
  PartitionValues partition_values;
  std::string change_type;  ///< kData / kDvDifference
  std::optional<DeletionVectorDescriptor> excluded_dv;
  std::optional<DeletionVectorDescriptor> selected_dv;
};

class TableChanges : public TableProvider {
 public:
  /// Resolves the range [start, end] (end: the latest version when absent)
  /// of the table at `path` and plans the files of every version in it.
  static std::shared_ptr<TableChanges> Open(std::shared_ptr<FileSystem> fs, const std::string& path,
                                            const ChangeBound& start, const std::optional<ChangeBound>& end);

  const Schema& schema() const override { return schema_; }
  std::string description() const override;
  std::unique_ptr<BatchStream> Scan(const ScanSpec& spec) const override;

  int64_t start_version() const { return start_; }
  int64_t end_version() const { return end_; }
  /// The files read, in version order (for tests and EXPLAIN).
  const std::vector<ChangeFile>& files() const { return files_; }
  /// The snapshot whose schema the rows have (the end version).
  const Snapshot& read_snapshot() const { return *read_snapshot_; }

 private:
  std::shared_ptr<const Snapshot> read_snapshot_;
  int64_t start_ = 0;
  int64_t end_ = 0;
  Schema schema_;
  std::vector<ChangeFile> files_;
};

}  // namespace tarn::delta
