#include "delta/snapshot.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <unordered_map>

#include "common/error.h"
#include "delta/checkpoint_reader.h"
#include "types/datetime.h"

namespace tarn::delta {

std::string ResolvePath(const std::string& base, const std::string& path) {
  if (path.rfind("file://", 0) == 0) return path.substr(7);
  if (path.rfind("file:", 0) == 0) return path.substr(5);
  if (!path.empty() && path[0] == '/') return path;
  if (path.find("://") != std::string::npos) return path;  // another scheme: the FileSystem decides
  return base + "/" + path;
}

namespace {

std::string FileKey(const std::string& path, const std::optional<DeletionVectorDescriptor>& dv) {
  std::string key = path;
  key.push_back('\0');
  if (dv) key += dv->UniqueId();
  return key;
}

}  // namespace

/// Applies actions in log order to the state of a snapshot being built.
class Replayer {
 public:
  explicit Replayer(Snapshot* s) : s_(*s) {}

  /// Seeds the state from an older snapshot (Update).
  void Seed(const Snapshot& from) {
    s_.protocol_ = from.protocol_;
    s_.metadata_ = from.metadata_;
    s_.has_protocol_ = from.has_protocol_;
    s_.has_metadata_ = from.has_metadata_;
    s_.txns_ = from.txns_;
    s_.domain_metadata_ = from.domain_metadata_;
    for (const AddFile& a : from.files_) files_.emplace(FileKey(a.path, a.deletion_vector), a);
    for (const RemoveFile& r : from.tombstones_) tombstones_.emplace(FileKey(r.path, r.deletion_vector), r);
  }

  void Apply(Action&& action) {
    std::visit([this](auto&& a) { ApplyOne(std::move(a)); }, std::move(action));
  }

  void ReadCheckpoint(const CheckpointFiles& checkpoint, const std::string& log_path) {
    std::vector<Sidecar> sidecars;
    for (const FileInfo& file : checkpoint.files) {
      std::vector<Action> actions;
      if (checkpoint.kind == CheckpointKind::kV2Json) {
        actions = ParseActions(ValueOrThrow(s_.fs_->ReadFile(file.path)), file.path);
      } else {
        actions = ReadParquetActions(*s_.fs_, file.path);
      }
      for (Action& a : actions) {
        if (auto* sidecar = std::get_if<Sidecar>(&a)) {
          sidecars.push_back(std::move(*sidecar));
        } else {
          Apply(std::move(a));
        }
      }
    }
    for (const Sidecar& sidecar : sidecars) {
      std::string path = ResolvePath(log_path + "/_sidecars", sidecar.path);
      for (Action& a : ReadParquetActions(*s_.fs_, path)) Apply(std::move(a));
    }
  }

  /// A commit or compaction file. Compactions list actions newest-first, so
  /// they are applied last line first (the first occurrence of a key wins).
  void ReadLogFile(const LogSegment::Step& step) {
    std::vector<Action> actions = ParseActions(ValueOrThrow(s_.fs_->ReadFile(step.file.path)), step.file.path);
    if (step.compacted) std::reverse(actions.begin(), actions.end());
    for (Action& a : actions) {
      if (!step.compacted && step.to == s_.version_) {
        if (auto* info = std::get_if<CommitInfo>(&a)) s_.commit_info_ = *info;
      }
      Apply(std::move(a));
    }
  }

  void Finish() {
    s_.files_.clear();
    s_.files_.reserve(files_.size());
    std::vector<std::pair<std::string, AddFile*>> sorted;
    sorted.reserve(files_.size());
    for (auto& [key, add] : files_) sorted.emplace_back(key, &add);
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [key, add] : sorted) s_.files_.push_back(std::move(*add));
    std::vector<std::pair<std::string, RemoveFile*>> removes;
    for (auto& [key, remove] : tombstones_) removes.emplace_back(key, &remove);
    std::sort(removes.begin(), removes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    s_.tombstones_.clear();
    for (auto& [key, remove] : removes) s_.tombstones_.push_back(std::move(*remove));
  }

 private:
  void ApplyOne(Protocol&& p) {
    s_.protocol_ = std::move(p);
    s_.has_protocol_ = true;
  }
  void ApplyOne(Metadata&& m) {
    s_.metadata_ = std::move(m);
    s_.has_metadata_ = true;
  }
  void ApplyOne(AddFile&& a) {
    std::string key = FileKey(a.path, a.deletion_vector);
    tombstones_.erase(key);
    files_.insert_or_assign(std::move(key), std::move(a));
  }
  void ApplyOne(RemoveFile&& r) {
    std::string key = FileKey(r.path, r.deletion_vector);
    files_.erase(key);
    tombstones_.insert_or_assign(std::move(key), std::move(r));
  }
  void ApplyOne(Txn&& t) { s_.txns_[t.app_id] = std::move(t); }
  void ApplyOne(DomainMetadata&& d) {
    if (d.removed) {
      s_.domain_metadata_.erase(d.domain);
    } else {
      s_.domain_metadata_[d.domain] = std::move(d);
    }
  }
  // Not part of the table state.
  void ApplyOne(CommitInfo&&) {}
  void ApplyOne(AddCdcFile&&) {}
  void ApplyOne(CheckpointMetadata&&) {}
  void ApplyOne(Sidecar&&) {}

  Snapshot& s_;
  std::unordered_map<std::string, AddFile> files_;
  std::unordered_map<std::string, RemoveFile> tombstones_;
};

namespace {

std::optional<int64_t> ConfigLong(const Metadata& metadata, const std::string& key) {
  auto it = metadata.configuration.find(key);
  if (it == metadata.configuration.end()) return std::nullopt;
  try {
    return std::stoll(it->second);
  } catch (...) {
    return std::nullopt;
  }
}

/// The in-commit timestamp of a commit file: the commitInfo is its first action.
std::optional<int64_t> ReadInCommitTimestamp(FileSystem& fs, const std::string& path) {
  std::string text = ValueOrThrow(fs.ReadFile(path));
  for (const Action& a : ParseActions(text, path)) {
    if (const auto* info = std::get_if<CommitInfo>(&a)) return info->in_commit_timestamp;
  }
  return std::nullopt;
}

}  // namespace

std::string Snapshot::Config(const std::string& key, const std::string& fallback) const {
  auto it = metadata_.configuration.find(key);
  return it == metadata_.configuration.end() ? fallback : it->second;
}

bool Snapshot::InCommitTimestampsEnabled() const {
  return HasWriterFeature(protocol_, "inCommitTimestamp") && Config("delta.enableInCommitTimestamps") == "true";
}

std::shared_ptr<const Snapshot> Snapshot::Load(std::shared_ptr<FileSystem> fs, const std::string& table_path,
                                               std::optional<int64_t> version, const SnapshotOptions& options) {
  LogListing listing = ListDeltaLog(*fs, table_path);
  return Load(std::move(fs), listing, version, options);
}

std::shared_ptr<const Snapshot> Snapshot::Load(std::shared_ptr<FileSystem> fs, const LogListing& listing,
                                               std::optional<int64_t> version, const SnapshotOptions& options) {
  auto snapshot = std::make_shared<Snapshot>();
  Snapshot& s = *snapshot;
  s.fs_ = std::move(fs);
  s.table_path_ = listing.table_path;
  s.options_ = options;
  s.segment_ = BuildLogSegment(listing, version, options.use_compactions);
  s.version_ = s.segment_.version;
  Replayer replayer(&s);
  if (s.segment_.checkpoint) replayer.ReadCheckpoint(*s.segment_.checkpoint, listing.log_path);
  for (const LogSegment::Step& step : s.segment_.steps) replayer.ReadLogFile(step);
  replayer.Finish();
  // The commit at this version gives the commitInfo and the timestamp even
  // when a checkpoint or compaction stood in for it.
  s.timestamp_ms_ = 0;
  for (const CommitFile& c : listing.commits) {
    if (c.version != s.version_) continue;
    s.timestamp_ms_ = c.file.modification_time_ms;
    if (!s.commit_info_ && (s.segment_.steps.empty() || s.segment_.steps.back().compacted)) {
      for (Action& a : ParseActions(ValueOrThrow(s.fs_->ReadFile(c.file.path)), c.file.path)) {
        if (auto* info = std::get_if<CommitInfo>(&a)) s.commit_info_ = std::move(*info);
      }
    }
  }
  s.FinishLoad();
  return snapshot;
}

std::shared_ptr<const Snapshot> Snapshot::Update(std::optional<int64_t> version) const {
  LogListing listing = ListDeltaLog(*fs_, table_path_);
  int64_t target = version.value_or(listing.latest_version());
  if (target == version_) return shared_from_this();
  // Going back, or a newer checkpoint makes replay from it cheaper: load afresh.
  LogSegment segment = BuildLogSegment(listing, target, options_.use_compactions);
  if (target < version_ || (segment.checkpoint && segment.checkpoint->version > version_)) {
    return Load(fs_, listing, target, options_);
  }
  auto snapshot = std::make_shared<Snapshot>();
  Snapshot& s = *snapshot;
  s.fs_ = fs_;
  s.table_path_ = table_path_;
  s.options_ = options_;
  s.version_ = target;
  // The segment of the new snapshot is this one's, extended by the new steps.
  s.segment_ = segment_;
  s.segment_.version = target;
  Replayer replayer(&s);
  replayer.Seed(*this);
  // Only the commits after this snapshot (a compaction must not straddle version_).
  for (const LogSegment::Step& step : PlanLogSteps(listing, version_ + 1, target, options_.use_compactions)) {
    replayer.ReadLogFile(step);
    s.segment_.steps.push_back(step);
  }
  replayer.Finish();
  for (const CommitFile& c : listing.commits) {
    if (c.version == target) s.timestamp_ms_ = c.file.modification_time_ms;
  }
  s.FinishLoad();
  return snapshot;
}

void Snapshot::FinishLoad() {
  if (!has_protocol_ || !has_metadata_) {
    ThrowError(ErrorClass::kDeltaStateRecoverError,
               {{"operation", has_protocol_ ? "metadata" : "protocol"}, {"version", std::to_string(version_)}});
  }
  if (options_.check_read_supported) CheckReadSupported(protocol_, table_path_);
  schema_ = ParseSchemaString(metadata_.schema_string, table_path_ + "/_delta_log");
  if (options_.check_read_supported) CheckTypeChanges(schema_);
  if (InCommitTimestampsEnabled() && commit_info_ && commit_info_->in_commit_timestamp) {
    timestamp_ms_ = *commit_info_->in_commit_timestamp;
  }
}

namespace {

std::string TimestampText(int64_t ms) { return FormatTimestamp(ms * 1000); }

}  // namespace

int64_t FindVersionAtTimestamp(const Snapshot& latest, const LogListing& listing, int64_t timestamp_ms) {
  // Candidate commits and their timestamps, in version order.
  std::vector<std::pair<int64_t, int64_t>> commits;  // (version, timestamp)
  const int64_t earliest = listing.earliest_version();
  int64_t ict_from = std::numeric_limits<int64_t>::max();
  if (latest.InCommitTimestampsEnabled()) {
    ict_from = ConfigLong(latest.metadata(), "delta.inCommitTimestampEnablementVersion").value_or(0);
    auto enabled_at = ConfigLong(latest.metadata(), "delta.inCommitTimestampEnablementTimestamp");
    // Before the enablement timestamp only the older, file-time commits are candidates.
    bool before = enabled_at && timestamp_ms < *enabled_at;
    for (const CommitFile& c : listing.commits) {
      if (c.version < earliest || c.version > latest.version()) continue;
      if (before != (c.version < ict_from)) continue;
      commits.emplace_back(c.version, c.file.modification_time_ms);
    }
    if (before) ict_from = std::numeric_limits<int64_t>::max();
  } else {
    for (const CommitFile& c : listing.commits) {
      if (c.version >= earliest && c.version <= latest.version()) commits.emplace_back(c.version, c.file.modification_time_ms);
    }
  }
  if (commits.empty()) {
    ThrowError(ErrorClass::kDeltaVersionNotFound, {{"userVersion", "at " + TimestampText(timestamp_ms)},
                                                   {"earliest", std::to_string(earliest)},
                                                   {"latest", std::to_string(latest.version())}});
  }
  // File times can go backwards (clock skew, copies): Spark makes them strictly increasing.
  int64_t previous = std::numeric_limits<int64_t>::min();
  for (auto& [version, ts] : commits) {
    if (version >= ict_from) {
      char name[32];
      std::snprintf(name, sizeof(name), "%020lld.json", static_cast<long long>(version));
      auto ict = ReadInCommitTimestamp(latest.fs(), listing.log_path + "/" + name);
      if (ict) ts = *ict;
    } else if (previous != std::numeric_limits<int64_t>::min() && ts <= previous) {
      ts = previous + 1;
    }
    previous = ts;
  }
  if (timestamp_ms < commits.front().second) {
    ThrowError(ErrorClass::kDeltaTimestampEarlierThanCommitRetention,
               {{"userTimestamp", TimestampText(timestamp_ms)},
                {"commitTs", TimestampText(commits.front().second)},
                {"timestampString", TimestampText(commits.front().second)}});
  }
  if (timestamp_ms > commits.back().second) {
    ThrowError(ErrorClass::kDeltaTimestampGreaterThanCommit,
               {{"providedTimestamp", TimestampText(timestamp_ms)},
                {"lastCommitTimestamp", TimestampText(commits.back().second)},
                {"maximumTimestamp", TimestampText(commits.back().second)}});
  }
  int64_t found = commits.front().first;
  for (const auto& [version, ts] : commits) {
    if (ts <= timestamp_ms) found = version;
  }
  return found;
}

}  // namespace tarn::delta
