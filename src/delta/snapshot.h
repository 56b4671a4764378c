// A Delta table at one version (PROTOCOL.md "Action Reconciliation"): the
// protocol, the metadata, the active files keyed by (path, deletion vector
// id), the remove tombstones, the app transactions and the domain metadata.
//
// Loading replays a LogSegment: the checkpoint (with its sidecars), then the
// commits after it in version order — compaction files in place of the runs
// of commits they cover, applied so that their first occurrence of a key wins
// (they list actions newest-first). Update() moves a snapshot forward by
// replaying only the commits after its version.
//
// Time travel: SnapshotAt(version) and FindVersionAtTimestamp follow Spark:
// the latest commit whose timestamp is <= the given one, with commit
// timestamps from in-commit timestamps when the table enables them
// (delta.enableInCommitTimestamps, honouring the enablement version), else
// commit file modification times made strictly increasing.
//
// Errors (tarn::Error): DELTA_MISSING_DELTA_TABLE, DELTA_VERSION_NOT_FOUND,
// DELTA_VERSIONS_NOT_CONTIGUOUS, DELTA_STATE_RECOVER_ERROR (no protocol or
// metadata), the table-feature errors of table_features.h, and
// FAILED_READ_FILE.* for unreadable log files.
//
// Thread safety: a Snapshot is immutable once loaded and shared read-only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/file_system.h"
#include "delta/actions.h"
#include "delta/log_segment.h"
#include "delta/schema.h"
#include "delta/table_features.h"

namespace tarn::delta {

struct SnapshotOptions {
  /// Check that tarn can read the table (table_features.h). Writers that only
  /// need the log may turn it off.
  bool check_read_supported = true;
  /// Replay compaction files in place of the commits they cover.
  bool use_compactions = true;
};

class Snapshot : public std::enable_shared_from_this<Snapshot> {
 public:
  /// The snapshot at `version` (latest when nullopt).
  static std::shared_ptr<const Snapshot> Load(std::shared_ptr<FileSystem> fs, const std::string& table_path,
                                              std::optional<int64_t> version = std::nullopt,
                                              const SnapshotOptions& options = {});
  /// The snapshot of an already listed log.
  static std::shared_ptr<const Snapshot> Load(std::shared_ptr<FileSystem> fs, const LogListing& listing,
                                              std::optional<int64_t> version, const SnapshotOptions& options = {});

  /// A newer snapshot (latest when nullopt) built from this one by replaying
  /// only the commits after version(); itself when there are none.
  std::shared_ptr<const Snapshot> Update(std::optional<int64_t> version = std::nullopt) const;

  const std::string& table_path() const { return table_path_; }
  int64_t version() const { return version_; }
  const Protocol& protocol() const { return protocol_; }
  const Metadata& metadata() const { return metadata_; }
  /// The parsed metaData.schemaString.
  const DeltaSchema& schema() const { return schema_; }
  ColumnMappingMode column_mapping_mode() const { return GetColumnMappingMode(protocol_, metadata_); }

  /// Active files, sorted by (path, deletion vector id).
  const std::vector<AddFile>& files() const { return files_; }
  /// Remove tombstones (kept for VACUUM), sorted like files().
  const std::vector<RemoveFile>& tombstones() const { return tombstones_; }
  /// appId → latest txn.
  const std::map<std::string, Txn>& txns() const { return txns_; }
  /// domain → live domain metadata (removed domains are dropped).
  const std::map<std::string, DomainMetadata>& domain_metadata() const { return domain_metadata_; }
  /// The commitInfo of the commit at version(), when its commit file exists.
  const std::optional<CommitInfo>& commit_info() const { return commit_info_; }
  /// The commit timestamp of version() in ms (in-commit timestamp or file modification time).
  int64_t timestamp_ms() const { return timestamp_ms_; }
  /// How the state was built (for tests and EXPLAIN): the log segment.
  const LogSegment& segment() const { return segment_; }
  FileSystem& fs() const { return *fs_; }
  const std::shared_ptr<FileSystem>& fs_ptr() const { return fs_; }

  /// A configuration value of the table's metadata, or `fallback`.
  std::string Config(const std::string& key, const std::string& fallback = "") const;
  /// True when the table writes in-commit timestamps.
  bool InCommitTimestampsEnabled() const;

 private:
  friend class Replayer;
  /// Checks the replayed state (protocol, metadata, features) and parses the schema.
  void FinishLoad();
  std::shared_ptr<FileSystem> fs_;
  std::string table_path_;
  int64_t version_ = -1;
  Protocol protocol_;
  Metadata metadata_;
  DeltaSchema schema_;
  std::vector<AddFile> files_;
  std::vector<RemoveFile> tombstones_;
  std::map<std::string, Txn> txns_;
  std::map<std::string, DomainMetadata> domain_metadata_;
  std::optional<CommitInfo> commit_info_;
  int64_t timestamp_ms_ = 0;
  LogSegment segment_;
  SnapshotOptions options_;
  bool has_protocol_ = false;
  bool has_metadata_ = false;
};

/// The version a `TIMESTAMP AS OF timestamp_ms` read sees: the latest commit
/// whose timestamp is <= timestamp_ms. `latest` is the table's latest
/// snapshot (its metadata says whether in-commit timestamps are on).
/// Throws DELTA_TIMESTAMP_GREATER_THAN_COMMIT / DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION.
int64_t FindVersionAtTimestamp(const Snapshot& latest, const LogListing& listing, int64_t timestamp_ms);

/// A data, deletion-vector or sidecar path of an action resolved against
/// `base` (the table root): absolute paths and file: URIs are kept.
std::string ResolvePath(const std::string& base, const std::string& path);

}  // namespace tarn::delta
