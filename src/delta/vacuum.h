// VACUUM on a Delta table (Delta's VacuumCommand.gc): deletes the files in
// the table directory that the table no longer needs.
//
// A file is kept when the latest snapshot references it — an active data
// file or its deletion vector file — or when a remove tombstone for it (or
// its DV) is younger than the retention (`retention_ms`, default
// delta.deletedFileRetentionDuration = 7 days), or when the file itself was
// modified within the retention (a writer may be about to commit it). Every
// other file under the table directory is deleted, partition directories
// recursively, including _change_data files and deletion vector files.
// Hidden names (`_` or `.` prefixed: _delta_log, .crc files, ...) are never
// touched, except `_change_data` and partition directories whose column name
// starts with `_`. Directories left empty are removed.
//
// Errors: DELTA_VACUUM_RETENTION_PERIOD_NEGATIVE, DELTA_VACUUM_RETENTION_PERIOD_TOO_SHORT
// (retention below the table's with the check on), I/O errors of deletes.
//
// Thread safety: one call per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "delta/snapshot.h"

namespace tarn::delta {

struct VacuumSpec {
  std::optional<double> retain_hours;  ///< RETAIN n HOURS; nullopt: the table's retention
  bool dry_run = false;
  bool retention_check = true;         ///< spark.databricks.delta.retentionDurationCheck.enabled
  std::function<int64_t()> clock;      ///< ms since the epoch; null: system clock
};

struct VacuumResult {
  std::vector<std::string> paths;  ///< files deleted (dry run: to delete), absolute, sorted
  int64_t bytes = 0;               ///< their total size
  int64_t directories = 0;         ///< directories visited (Delta's numVacuumedDirectories)
  int64_t retention_ms = 0;        ///< the retention applied
  int64_t default_retention_ms = 0;
};

/// delta.deletedFileRetentionDuration of the table in ms (default 7 days).
int64_t DeletedFileRetentionMs(const Metadata& metadata);

/// Finds (and unless dry_run deletes) the files VACUUM removes.
VacuumResult Vacuum(const Snapshot& snapshot, const VacuumSpec& spec);

}  // namespace tarn::delta
