#include "delta/log_segment.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "common/error.h"
#include "delta/json_util.h"

namespace tarn::delta {

const char* CheckpointKindName(CheckpointKind kind) {
  switch (kind) {
    case CheckpointKind::kClassic: return "classic";
    case CheckpointKind::kMultiPart: return "multipart";
    case CheckpointKind::kV2Json: return "v2-json";
    case CheckpointKind::kV2Parquet: return "v2-parquet";
  }
  return "?";
}

int64_t LogListing::latest_version() const {
  int64_t latest = -1;
  if (!commits.empty()) latest = commits.back().version;
  if (!checkpoints.empty()) latest = std::max(latest, checkpoints.back().version);
  return latest;
}

int64_t LogListing::earliest_version() const {
  if (!commits.empty() && commits.front().version == 0) return 0;
  // Early commits were cleaned up: the oldest checkpoint is the oldest state.
  if (!checkpoints.empty()) return checkpoints.front().version;
  return commits.empty() ? -1 : commits.front().version;
}

namespace {

/// A decimal version number at the start of `name` followed by '.'; nullopt otherwise.
std::optional<int64_t> ParseVersion(std::string_view text) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

std::vector<std::string_view> SplitDots(std::string_view name) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (;;) {
    size_t dot = name.find('.', start);
    parts.push_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::optional<LastCheckpoint> ParseLastCheckpoint(std::string_view text) {
  static const std::string kName = "_last_checkpoint";
  try {
    simdjson::dom::parser parser;
    json::Where where{kName, 0};
    json::Object o = json::AsObject(json::Parse(parser, text, where), "_last_checkpoint", where);
    LastCheckpoint last;
    last.version = json::RequiredLong(o, "version", where);
    last.size = json::OptLong(o, "size", where).value_or(0);
    last.parts = json::OptLong(o, "parts", where);
    last.size_in_bytes = json::OptLong(o, "sizeInBytes", where);
    last.num_of_add_files = json::OptLong(o, "numOfAddFiles", where);
    if (auto v2 = json::Member(o, "v2Checkpoint")) {
      json::Object v2o = json::AsObject(*v2, "v2Checkpoint", where);
      last.v2_checkpoint_path = json::OptString(v2o, "path", where);
    }
    return last;
  } catch (const Error&) {
    return std::nullopt;  // a torn or foreign hint: the listing decides anyway
  }
}

LogListing ListDeltaLog(FileSystem& fs, const std::string& table_path) {
  LogListing listing;
  listing.table_path = table_path;
  while (listing.table_path.size() > 1 && listing.table_path.back() == '/') listing.table_path.pop_back();
  listing.log_path = listing.table_path + "/_delta_log";
  auto entries = fs.List(listing.log_path);
  if (!entries.ok()) {
    if (entries.status().code() == StatusCode::kNotFound) {
      ThrowError(ErrorClass::kDeltaMissingDeltaTable, {{"tableName", "`" + table_path + "`"}});
    }
    ThrowIfError(entries.status());
  }
  // Multi-part checkpoint parts by (version, part count).
  std::map<std::pair<int64_t, int64_t>, std::map<int64_t, FileInfo>> parts;
  for (const FileInfo& info : *entries) {
    if (info.is_directory) continue;
    std::string_view name = BaseName(info.path);
    std::vector<std::string_view> p = SplitDots(name);
    auto version = ParseVersion(p[0]);
    if (!version) continue;  // _last_checkpoint, .crc side files, junk
    if (p.size() == 2 && p[1] == "json") {
      listing.commits.push_back({*version, info});
    } else if (p.size() == 3 && p[1] == "checkpoint" && p[2] == "parquet") {
      listing.checkpoints.push_back({*version, CheckpointKind::kClassic, {info}});
    } else if (p.size() == 5 && p[1] == "checkpoint" && p[4] == "parquet") {
      auto part = ParseVersion(p[2]);
      auto count = ParseVersion(p[3]);
      if (part && count && *part >= 1 && *part <= *count) parts[{*version, *count}][*part] = info;
    } else if (p.size() == 4 && p[1] == "checkpoint" && (p[3] == "json" || p[3] == "parquet")) {
      listing.checkpoints.push_back({*version, p[3] == "json" ? CheckpointKind::kV2Json : CheckpointKind::kV2Parquet, {info}});
    } else if (p.size() == 4 && p[2] == "compacted" && p[3] == "json") {
      auto to = ParseVersion(p[1]);
      if (to && *to > *version) listing.compactions.push_back({*version, *to, info});
    } else if (name == "_last_checkpoint") {
      // handled below
    }
  }
  // Only complete multi-part checkpoints count (a writer may have died midway).
  for (auto& [key, files] : parts) {
    if (static_cast<int64_t>(files.size()) != key.second) continue;
    CheckpointFiles checkpoint{key.first, CheckpointKind::kMultiPart, {}};
    for (auto& [index, info] : files) checkpoint.files.push_back(info);
    listing.checkpoints.push_back(std::move(checkpoint));
  }
  // Several checkpoints of one version: prefer single-file ones (V2 or classic).
  std::stable_sort(listing.checkpoints.begin(), listing.checkpoints.end(), [](const CheckpointFiles& a, const CheckpointFiles& b) {
    if (a.version != b.version) return a.version < b.version;
    return (a.kind == CheckpointKind::kMultiPart) < (b.kind == CheckpointKind::kMultiPart);
  });
  std::sort(listing.compactions.begin(), listing.compactions.end(), [](const CompactionFile& a, const CompactionFile& b) {
    return std::tie(a.from, a.to) < std::tie(b.from, b.to);
  });
  if (auto text = fs.ReadFile(listing.log_path + "/_last_checkpoint"); text.ok()) {
    listing.last_checkpoint = ParseLastCheckpoint(*text);
  }
  if (listing.commits.empty() && listing.checkpoints.empty()) {
    ThrowError(ErrorClass::kDeltaMissingDeltaTable, {{"tableName", "`" + table_path + "`"}});
  }
  return listing;
}

std::vector<LogSegment::Step> PlanLogSteps(const LogListing& listing, int64_t from, int64_t to, bool use_compactions) {
  std::vector<LogSegment::Step> steps;
  int64_t next = from;
  std::map<int64_t, const FileInfo*> commits;
  for (const CommitFile& c : listing.commits) {
    if (c.version >= next && c.version <= to) commits[c.version] = &c.file;
  }
  while (next <= to) {
    const CompactionFile* best = nullptr;
    if (use_compactions) {
      for (const CompactionFile& c : listing.compactions) {
        if (c.from == next && c.to <= to && (!best || c.to > best->to)) best = &c;
      }
    }
    if (best) {
      steps.push_back({best->from, best->to, true, best->file});
      next = best->to + 1;
      continue;
    }
    auto it = commits.find(next);
    if (it == commits.end()) {
      std::string list;
      for (const CommitFile& c : listing.commits) {
        if (c.version > to) break;
        list += (list.empty() ? "" : ", ") + std::to_string(c.version);
      }
      auto after = commits.upper_bound(next);
      int64_t end = after == commits.end() ? to : after->first;
      if (next == 0 && commits.empty()) {
        ThrowError(ErrorClass::kDeltaLogFileNotFound, {{"version", std::to_string(to)},
                                                       {"checkpointVersion", "-1"},
                                                       {"logPath", listing.log_path}});
      }
      ThrowError(ErrorClass::kDeltaVersionsNotContiguous, {{"versionList", "[" + list + "]"},
                                                           {"startVersion", std::to_string(next - 1)},
                                                           {"endVersion", std::to_string(end)},
                                                           {"versionToLoad", std::to_string(to)}});
    }
    steps.push_back({next, next, false, *it->second});
    ++next;
  }
  return steps;
}

LogSegment BuildLogSegment(const LogListing& listing, std::optional<int64_t> version, bool use_compactions) {
  const int64_t latest = listing.latest_version();
  const int64_t earliest = listing.earliest_version();
  const int64_t target = version.value_or(latest);
  if (target < earliest || target > latest) {
    ThrowError(ErrorClass::kDeltaVersionNotFound,
               {{"userVersion", std::to_string(target)}, {"earliest", std::to_string(earliest)}, {"latest", std::to_string(latest)}});
  }
  LogSegment segment;
  segment.table_path = listing.table_path;
  segment.log_path = listing.log_path;
  segment.version = target;
  for (auto it = listing.checkpoints.rbegin(); it != listing.checkpoints.rend(); ++it) {
    if (it->version <= target) {
      // The newest version wins; among several of that version the sort put the preferred one first.
      auto first = std::find_if(listing.checkpoints.begin(), listing.checkpoints.end(),
                                [&](const CheckpointFiles& c) { return c.version == it->version; });
      segment.checkpoint = *first;
      break;
    }
  }
  int64_t next = segment.checkpoint ? segment.checkpoint->version + 1 : 0;
  segment.steps = PlanLogSteps(listing, next, target, use_compactions);
  return segment;
}

}  // namespace tarn::delta
