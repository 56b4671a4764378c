// Which files of `_delta_log/` make up a snapshot (PROTOCOL.md "Delta Log
// Entries", "Checkpoints", "Log Compaction Files", "Last Checkpoint File").
//
// ListDeltaLog classifies the directory once: commits `<v>.json`, classic
// checkpoints `<v>.checkpoint.parquet`, multi-part `<v>.checkpoint.<o>.<p>.parquet`,
// UUID-named V2 checkpoints `<v>.checkpoint.<uuid>.{json,parquet}`, and
// compactions `<x>.<y>.compacted.json`; everything else (`.crc`, Hadoop
// `.*.crc`, `_last_checkpoint`, junk) is ignored. BuildLogSegment then picks,
// for a version, the newest complete checkpoint at or below it and the
// commits after it — replacing runs of commits by compaction files that lie
// entirely inside the range — and fails on a gap in the versions.
//
// `_last_checkpoint` is parsed (writers keep it up to date), but the listing
// decides: tarn's FileSystem lists a directory in one call, so the hint would
// save nothing, and a stale or torn hint must never hide a newer checkpoint.
//
// Thread safety: pure functions over the given FileSystem.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/file_system.h"

namespace tarn::delta {

enum class CheckpointKind { kClassic, kMultiPart, kV2Json, kV2Parquet };

/// "classic", "multipart", "v2-json", "v2-parquet".
const char* CheckpointKindName(CheckpointKind kind);

struct CheckpointFiles {
  int64_t version = 0;
  CheckpointKind kind = CheckpointKind::kClassic;
  std::vector<FileInfo> files;  ///< one file, or the parts in order
};

struct CommitFile {
  int64_t version = 0;
  FileInfo file;
};

struct CompactionFile {
  int64_t from = 0;
  int64_t to = 0;
  FileInfo file;
};

/// `_delta_log/_last_checkpoint` (the fields readers use).
struct LastCheckpoint {
  int64_t version = 0;
  int64_t size = 0;                  ///< actions in the checkpoint
  std::optional<int64_t> parts;      ///< multi-part checkpoints
  std::optional<int64_t> size_in_bytes;
  std::optional<int64_t> num_of_add_files;
  std::optional<std::string> v2_checkpoint_path;  ///< the UUID-named file, when V2
};

struct LogListing {
  std::string table_path;
  std::string log_path;  ///< table_path + "/_delta_log"
  std::vector<CommitFile> commits;            ///< ascending version
  std::vector<CheckpointFiles> checkpoints;   ///< complete checkpoints, ascending version
  std::vector<CompactionFile> compactions;    ///< ascending (from, to)
  std::optional<LastCheckpoint> last_checkpoint;

  /// Highest commit or checkpoint version; -1 when the log is empty.
  int64_t latest_version() const;
  /// Lowest version a snapshot can be built for (0, or the oldest checkpoint
  /// when early commits were cleaned up); -1 when none.
  int64_t earliest_version() const;
};

/// Lists and classifies `<table_path>/_delta_log`. Throws DELTA_MISSING_DELTA_TABLE
/// when there is no log or it holds no commit or checkpoint.
LogListing ListDeltaLog(FileSystem& fs, const std::string& table_path);

/// Parses `_last_checkpoint` text; nullopt when it is malformed (it is only a hint).
std::optional<LastCheckpoint> ParseLastCheckpoint(std::string_view text);

/// The files to replay for one version.
struct LogSegment {
  std::string table_path;
  std::string log_path;
  int64_t version = 0;
  std::optional<CheckpointFiles> checkpoint;
  /// After the checkpoint, in version order: commit files and compaction
  /// files (a compaction covers versions from..to and stands for them).
  struct Step {
    int64_t from = 0;
    int64_t to = 0;
    bool compacted = false;
    FileInfo file;
  };
  std::vector<Step> steps;
};

/// The segment for `version` (latest when nullopt). Throws DELTA_VERSION_NOT_FOUND
/// for versions outside the log, DELTA_VERSIONS_NOT_CONTIGUOUS for a gap.
/// With `use_compactions` false, compaction files are ignored.
LogSegment BuildLogSegment(const LogListing& listing, std::optional<int64_t> version, bool use_compactions = true);

/// The commit and compaction files that carry a state from version `from` - 1
/// to `to` (both inclusive); throws DELTA_VERSIONS_NOT_CONTIGUOUS on a gap.
std::vector<LogSegment::Step> PlanLogSteps(const LogListing& listing, int64_t from, int64_t to, bool use_compactions);

}  // namespace tarn::delta
