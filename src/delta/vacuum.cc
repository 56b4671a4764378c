#include "delta/vacuum.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "common/error.h"
#include "common/strings.h"
#include "delta/checkpoint_writer.h"
#include "delta/deletion_vector.h"
#include "delta/write_util.h"

namespace tarn::delta {
namespace {

constexpr int64_t kHourMs = 3'600'000;

// Delta's DeltaTableUtils.isHiddenDirectory: `_`/`.` names are skipped,
// except change data and partition directories of `_`-named columns.
bool IsHidden(const std::string& name, const std::vector<std::string>& partition_columns) {
  if (name.empty() || (name[0] != '_' && name[0] != '.')) return false;
  if (name.rfind("_change_data", 0) == 0 || name.rfind("_delta_index", 0) == 0) return false;
  for (const std::string& c : partition_columns) {
    if (name.rfind(c + "=", 0) == 0) return false;
  }
  return true;
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

struct Walk {
  FileSystem& fs;
  const std::vector<std::string>& partition_columns;
  const std::set<std::string>& keep;
  int64_t delete_before_ms;
  VacuumResult& result;
  std::vector<std::string> empty_candidates;  // directories, deepest first after the walk

  // Returns whether `directory` holds anything that stays.
  bool Visit(const std::string& directory, bool is_root) {
    ++result.directories;
    Result<std::vector<FileInfo>> entries = fs.List(directory);
    ThrowIfError(entries.status());
    bool keeps_something = false;
    for (const FileInfo& entry : *entries) {
      const std::string name = BaseName(entry.path);
      if (IsHidden(name, partition_columns)) {
        keeps_something = true;
        continue;
      }
      if (entry.is_directory) {
        if (Visit(entry.path, false)) keeps_something = true;
        continue;
      }
      if (keep.count(entry.path) || entry.modification_time_ms >= delete_before_ms) {
        keeps_something = true;
        continue;
      }
      result.paths.push_back(entry.path);
      result.bytes += static_cast<int64_t>(entry.size);
    }
    if (!keeps_something && !is_root) empty_candidates.push_back(directory);
    return keeps_something;
  }
};

}  // namespace

int64_t DeletedFileRetentionMs(const Metadata& metadata) {
  auto it = metadata.configuration.find("delta.deletedFileRetentionDuration");
  if (it == metadata.configuration.end()) return 7 * 24 * kHourMs;
  return ParseIntervalMs(it->second).value_or(7 * 24 * kHourMs);
}

VacuumResult Vacuum(const Snapshot& snapshot, const VacuumSpec& spec) {
  VacuumResult result;
  result.default_retention_ms = DeletedFileRetentionMs(snapshot.metadata());
  result.retention_ms = result.default_retention_ms;
  if (spec.retain_hours) {
    if (*spec.retain_hours < 0) ThrowError(ErrorClass::kDeltaVacuumRetentionPeriodNegative, {});
    result.retention_ms = static_cast<int64_t>(std::llround(*spec.retain_hours * kHourMs));
    if (spec.retention_check && result.retention_ms < result.default_retention_ms) {
      ThrowError(ErrorClass::kDeltaVacuumRetentionPeriodTooShort,
                 {{"configuredRetentionHours", std::to_string(result.default_retention_ms / kHourMs)}});
    }
  }
  const int64_t now = spec.clock ? spec.clock() : SystemNowMs();
  const int64_t delete_before = now - result.retention_ms;
  const std::string& root = snapshot.table_path();

  std::set<std::string> keep;
  auto keep_dv = [&](const std::optional<DeletionVectorDescriptor>& dv) {
    if (dv && dv->storage_type != 'i') keep.insert(DeletionVectorPath(root, *dv));
  };
  for (const AddFile& f : snapshot.files()) {
    keep.insert(ResolvePath(root, f.path));
    keep_dv(f.deletion_vector);
  }
  for (const RemoveFile& r : snapshot.tombstones()) {
    if (r.deletion_timestamp.value_or(0) > delete_before) {
      keep.insert(ResolvePath(root, r.path));
      keep_dv(r.deletion_vector);
    }
  }
  Walk walk{snapshot.fs(), snapshot.metadata().partition_columns, keep, delete_before, result, {}};
  walk.Visit(root, true);
  std::sort(result.paths.begin(), result.paths.end());
  if (spec.dry_run) return result;
  for (const std::string& path : result.paths) ThrowIfError(snapshot.fs().Delete(path));
  // Emptied directories, deepest first (the walk lists children before parents).
  for (const std::string& dir : walk.empty_candidates) (void)snapshot.fs().Delete(dir);
  return result;
}

}  // namespace tarn::delta
