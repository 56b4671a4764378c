// Checkpoints and log cleanup (PROTOCOL.md "Checkpoints", "Last Checkpoint
// File", "Metadata Cleanup").
//
// WriteCheckpoint writes a classic single-file checkpoint
// `_delta_log/<v>.checkpoint.parquet` of a snapshot: one action per row in
// the struct columns txn, add, remove, metaData, protocol, domainMetadata
// (Spark's checkpoint schema; `add.stats` as the JSON text). The rows are
// built by running each action's JSON (actions.h ToJson) through tarn's JSON
// reader with that schema, so the checkpoint and the commit files can never
// disagree on an action's fields. The Parquet bytes are assembled in memory
// and published with one put-if-absent, so a crash never leaves a torn
// checkpoint; then `_last_checkpoint` (version, size, sizeInBytes,
// numOfAddFiles) is replaced — it is only a hint.
//
// Remove tombstones older than `delta.deletedFileRetentionDuration`
// (default 1 week) are left out, as Spark does.
//
// CleanUpExpiredLogs removes commit, checkpoint and .crc files older than
// `delta.logRetentionDuration` (default 30 days) — only those below the
// newest checkpoint C such that every log file before C has expired, so that
// every version from C on stays readable. Disabled by
// `delta.enableExpiredLogCleanup = false`.
//
// Thread safety: pure functions over the given FileSystem.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "delta/snapshot.h"

namespace tarn::delta {

struct CheckpointResult {
  int64_t version = 0;
  int64_t num_actions = 0;
  int64_t num_add_files = 0;
  int64_t size_in_bytes = 0;
  bool written = false;  ///< false when a checkpoint of that version already existed
};

/// Writes the checkpoint of `snapshot` and `_last_checkpoint`. `now_ms` decides
/// which tombstones have expired.
CheckpointResult WriteCheckpoint(const Snapshot& snapshot, int64_t now_ms);

/// `delta.checkpointInterval` of the table (default 10).
int64_t CheckpointInterval(const Metadata& metadata);

/// Parses Delta's interval properties ("interval 30 days", "1 week", "interval 2 hours");
/// nullopt when malformed.
std::optional<int64_t> ParseIntervalMs(std::string_view text);

/// Deletes the expired log files (see above); returns how many were deleted.
int64_t CleanUpExpiredLogs(FileSystem& fs, const Snapshot& latest, int64_t now_ms);

/// What a writer does after committing `version`: a checkpoint every
/// checkpointInterval commits, then log cleanup. Failures here never fail the
/// commit (it is already durable); they are returned for logging.
/// `metadata` is the table's metadata as of `version`.
Status RunPostCommitHooks(const std::shared_ptr<FileSystem>& fs, const std::string& table_path, int64_t version,
                          const Metadata& metadata, int64_t now_ms);

}  // namespace tarn::delta
