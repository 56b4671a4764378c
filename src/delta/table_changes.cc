#include "delta/table_changes.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <limits>
#include <map>

#include "common/error.h"
#include "common/strings.h"
#include "delta/change_data.h"
#include "delta/deletion_vector.h"
#include "delta/file_reader.h"
#include "delta/stats.h"
#include "delta/table_features.h"
#include "types/datetime.h"

namespace tarn::delta {
namespace {

std::string TimestampText(int64_t ms) { return FormatTimestamp(ms * 1000); }

std::optional<int64_t> ConfigLong(const Metadata& metadata, const std::string& key) {
  auto it = metadata.configuration.find(key);
  if (it == metadata.configuration.end()) return std::nullopt;
  try {
    return std::stoll(it->second);
  } catch (...) {
    return std::nullopt;
  }
}

const CommitFile* FindCommit(const LogListing& listing, int64_t version) {
  auto it = std::lower_bound(listing.commits.begin(), listing.commits.end(), version,
                             [](const CommitFile& c, int64_t v) { return c.version < v; });
  return it != listing.commits.end() && it->version == version ? &*it : nullptr;
}

/// Every commit's timestamp, as TIMESTAMP AS OF sees them: in-commit
/// timestamps from the enablement version on (when the table uses them),
/// else file modification times made strictly increasing.
std::map<int64_t, int64_t> CommitTimestamps(const Snapshot& latest, const LogListing& listing) {
  int64_t ict_from = std::numeric_limits<int64_t>::max();
  if (latest.InCommitTimestampsEnabled()) {
    ict_from = ConfigLong(latest.metadata(), "delta.inCommitTimestampEnablementVersion").value_or(0);
  }
  std::map<int64_t, int64_t> out;
  int64_t previous = std::numeric_limits<int64_t>::min();
  for (const CommitFile& c : listing.commits) {
    if (c.version > latest.version()) break;
    int64_t ts = c.file.modification_time_ms;
    if (c.version >= ict_from) {
      for (const Action& a : ParseActions(ValueOrThrow(latest.fs().ReadFile(c.file.path)), c.file.path)) {
        const auto* info = std::get_if<CommitInfo>(&a);
        if (info && info->in_commit_timestamp) ts = *info->in_commit_timestamp;
        if (info) break;
      }
    } else if (previous != std::numeric_limits<int64_t>::min() && ts <= previous) {
      ts = previous + 1;
    }
    previous = ts;
    out[c.version] = ts;
  }
  return out;
}

/// The latest version whose commit timestamp is at or before `ts` (a linear
/// scan: in-commit timestamps of copied tables need not be monotonic).
std::optional<int64_t> LastCommitAtOrBefore(const std::map<int64_t, int64_t>& timestamps, int64_t ts) {
  std::optional<int64_t> found;
  for (const auto& [version, commit_ts] : timestamps) {
    if (commit_ts <= ts) found = version;
  }
  return found;
}

[[noreturn]] void VersionNotFound(int64_t version, int64_t earliest, int64_t latest) {
  ThrowError(ErrorClass::kDeltaVersionNotFound, {{"userVersion", std::to_string(version)},
                                                 {"earliest", std::to_string(earliest)},
                                                 {"latest", std::to_string(latest)}});
}

/// Whether rows written with `written`'s schema can be read with `read`'s:
/// every written column still exists (by name, and by physical name under
/// column mapping) with the same type or a widening of it.
bool ReadCompatible(const DeltaSchema& written, const DeltaSchema& read, bool mapped) {
  for (const DeltaField& w : written.fields) {
    const int i = read.FieldIndex(w.name);
    if (i < 0) return false;
    const DeltaField& r = read.fields[i];
    if (mapped && r.physical_name != w.physical_name) return false;
    if (!(r.type.type == w.type.type) && !IsSupportedTypeWidening(w.type.type, r.type.type)) return false;
  }
  return true;
}

std::string SchemaText(const DeltaSchema& schema) { return schema.ToSchema().empty() ? "struct<>" : DataType::Struct(schema.ToSchema()).ToString(); }

/// The partition value of `field` in an action's values: by physical name,
/// then by name (case-insensitive).
std::optional<std::string_view> PartitionText(const PartitionValues& values, const DeltaField& field) {
  auto it = values.find(field.physical_name);
  if (it == values.end()) it = values.find(field.name);
  if (it == values.end()) {
    for (auto i = values.begin(); i != values.end(); ++i) {
      if (EqualsIgnoreCase(i->first, field.name)) it = i;
    }
  }
  if (it == values.end() || !it->second) return std::nullopt;
  return std::string_view(*it->second);
}

/// The change files of one commit.
void PlanCommit(int64_t version, int64_t timestamp_ms, const std::vector<Action>& actions, bool partitioned,
                std::vector<ChangeFile>* out) {
  bool has_cdc = false;
  for (const Action& a : actions) has_cdc = has_cdc || std::holds_alternative<AddCdcFile>(a);
  if (has_cdc) {
    for (const Action& a : actions) {
      const auto* cdc = std::get_if<AddCdcFile>(&a);
      if (!cdc) continue;
      ChangeFile f;
      f.kind = ChangeFile::Kind::kChangeData;
      f.version = version;
      f.timestamp_ms = timestamp_ms;
      f.path = cdc->path;
      f.partition_values = cdc->partition_values;
      out->push_back(std::move(f));
    }
    return;
  }
  std::vector<const AddFile*> adds;
  std::vector<const RemoveFile*> removes;
  for (const Action& a : actions) {
    if (const auto* add = std::get_if<AddFile>(&a); add && add->data_change) adds.push_back(add);
    if (const auto* remove = std::get_if<RemoveFile>(&a); remove && remove->data_change) removes.push_back(remove);
  }
  // An add and a remove of one path where a deletion vector is involved:
  // the same file with rows newly deleted (or restored).
  std::map<std::string, const RemoveFile*> dv_removes;
  for (const RemoveFile* r : removes) dv_removes[r->path] = r;
  std::map<std::string, const AddFile*> paired;
  for (const AddFile* add : adds) {
    auto it = dv_removes.find(add->path);
    if (it == dv_removes.end()) continue;
    if (!add->deletion_vector && !it->second->deletion_vector) continue;
    paired[add->path] = add;
  }
  for (const RemoveFile* remove : removes) {
    auto pair = paired.find(remove->path);
    if (pair != paired.end()) {
      const AddFile* add = pair->second;
      // Rows the new DV deletes that the old one did not: deletes.
      ChangeFile deletes;
      deletes.kind = ChangeFile::Kind::kDvDifference;
      deletes.version = version;
      deletes.timestamp_ms = timestamp_ms;
      deletes.path = add->path;
      deletes.partition_values = add->partition_values;
      deletes.change_type = kChangeDelete;
      deletes.selected_dv = add->deletion_vector;
      deletes.excluded_dv = remove->deletion_vector;
      // Rows the old DV deleted that the new one does not: inserts (a restore).
      ChangeFile inserts = deletes;
      inserts.change_type = kChangeInsert;
      inserts.selected_dv = remove->deletion_vector;
      inserts.excluded_dv = add->deletion_vector;
      if (deletes.selected_dv) out->push_back(std::move(deletes));
      if (inserts.selected_dv) out->push_back(std::move(inserts));
      continue;
    }
    if (partitioned && !remove->partition_values) {
      ThrowError(ErrorClass::kDeltaRemoveFileCdcMissingExtendedMetadata, {{"file", remove->path}});
    }
    ChangeFile f;
    f.version = version;
    f.timestamp_ms = timestamp_ms;
    f.path = remove->path;
    if (remove->partition_values) f.partition_values = *remove->partition_values;
    f.change_type = kChangeDelete;
    f.excluded_dv = remove->deletion_vector;
    out->push_back(std::move(f));
  }
  for (const AddFile* add : adds) {
    if (paired.count(add->path)) continue;
    ChangeFile f;
    f.version = version;
    f.timestamp_ms = timestamp_ms;
    f.path = add->path;
    f.partition_values = add->partition_values;
    f.change_type = kChangeInsert;
    f.excluded_dv = add->deletion_vector;
    out->push_back(std::move(f));
  }
}

VectorPtr OneValue(const DataType& type, const std::function<void(Vector&)>& set) {
  VectorPtr v = Vector::Make(type, 1);
  set(*v);
  return v;
}

}  // namespace

std::shared_ptr<TableChanges> TableChanges::Open(std::shared_ptr<FileSystem> fs, const std::string& path,
                                                 const ChangeBound& start, const std::optional<ChangeBound>& end) {
  LogListing listing = ListDeltaLog(*fs, path);
  auto latest = Snapshot::Load(fs, listing, std::nullopt);
  const int64_t latest_version = latest->version();
  const int64_t earliest = listing.commits.empty() ? latest_version : listing.commits.front().version;
  const std::map<int64_t, int64_t> timestamps = CommitTimestamps(*latest, listing);

  auto table = std::make_shared<TableChanges>();
  // The start: a version, or the first commit at or after a timestamp.
  if (start.version) {
    if (*start.version > latest_version) {
      ThrowError(ErrorClass::kDeltaCdcStartVersionAfterLatest,
                 {{"start", std::to_string(*start.version)}, {"latest", std::to_string(latest_version)}});
    }
    if (*start.version < earliest) VersionNotFound(*start.version, earliest, latest_version);
    table->start_ = *start.version;
  } else {
    // Spark's rule: the last commit at or before the timestamp, or the one
    // after it when that commit is strictly earlier (the earliest when none is).
    const int64_t ts = start.timestamp_ms.value_or(0);
    std::optional<int64_t> at = LastCommitAtOrBefore(timestamps, ts);
    table->start_ = !at ? earliest : (timestamps.at(*at) == ts ? *at : *at + 1);
    if (table->start_ > latest_version) {
      const int64_t last = timestamps.empty() ? 0 : timestamps.rbegin()->second;
      ThrowError(ErrorClass::kDeltaTimestampGreaterThanCommit, {{"providedTimestamp", TimestampText(ts)},
                                                                {"lastCommitTimestamp", TimestampText(last)},
                                                                {"maximumTimestamp", TimestampText(last)}});
    }
  }
  // The end: a version (at most the latest), the last commit at or before a
  // timestamp, or the latest version.
  table->end_ = latest_version;
  bool empty_range = false;
  if (end && end->version) {
    table->end_ = std::min(*end->version, latest_version);
    if (*end->version < table->start_) {
      ThrowError(ErrorClass::kDeltaInvalidCdcRange,
                 {{"start", std::to_string(table->start_)}, {"end", std::to_string(*end->version)}});
    }
  } else if (end && end->timestamp_ms) {
    const int64_t ts = *end->timestamp_ms;
    std::optional<int64_t> found = LastCommitAtOrBefore(timestamps, ts);
    if (!found) {
      const int64_t first = timestamps.empty() ? 0 : timestamps.begin()->second;
      ThrowError(ErrorClass::kDeltaTimestampEarlierThanCommitRetention, {{"userTimestamp", TimestampText(ts)},
                                                                         {"commitTs", TimestampText(first)},
                                                                         {"timestampString", TimestampText(first)}});
    }
    table->end_ = *found;
    if (start.timestamp_ms && *start.timestamp_ms > ts) {
      ThrowError(ErrorClass::kDeltaInvalidCdcRange,
                 {{"start", TimestampText(*start.timestamp_ms)}, {"end", TimestampText(ts)}});
    }
    // Both timestamps fall between the same two commits: no change in between.
    empty_range = start.timestamp_ms.has_value() && table->end_ < table->start_;
  }
  if (table->end_ < table->start_ && !empty_range) {
    ThrowError(ErrorClass::kDeltaInvalidCdcRange,
               {{"start", std::to_string(table->start_)}, {"end", std::to_string(table->end_)}});
  }

  table->read_snapshot_ = table->end_ == latest_version || empty_range
                              ? latest
                              : Snapshot::Load(fs, listing, std::max(table->end_, table->start_));
  const Snapshot& read = *table->read_snapshot_;
  const DeltaSchema& read_schema = read.schema();
  table->schema_ = read_schema.ToSchema();
  table->schema_.push_back({kChangeTypeColumn, DataType::String(), true, ""});
  table->schema_.push_back({kCommitVersionColumn, DataType::Long(), true, ""});
  table->schema_.push_back({kCommitTimestampColumn, DataType::Timestamp(), true, ""});
  if (empty_range) return table;

  // Walk the commits: the feed must be on at every version, and every
  // version's schema readable with the end schema.
  const bool mapped = read.column_mapping_mode() != ColumnMappingMode::kNone;
  const bool partitioned = !read.metadata().partition_columns.empty();
  Metadata current = table->start_ == read.version() ? read.metadata() : Snapshot::Load(fs, listing, table->start_)->metadata();
  const std::string range_start = std::to_string(table->start_), range_end = std::to_string(table->end_);
  auto check_enabled = [&](int64_t version, const Metadata& metadata) {
    if (!ChangeDataFeedEnabled(metadata)) {
      ThrowError(ErrorClass::kDeltaMissingChangeData, {{"startVersion", range_start},
                                                       {"endVersion", range_end},
                                                       {"version", std::to_string(version)},
                                                       {"key", "delta.enableChangeDataFeed"}});
    }
  };
  auto compatible = [&](const Metadata& metadata) {
    return ReadCompatible(ParseSchemaString(metadata.schema_string, listing.log_path), read_schema, mapped);
  };
  check_enabled(table->start_, current);
  // The version from which on every schema is readable (the end schema's own
  // version at the latest): where the user can split the range.
  bool schema_ok = compatible(current);
  std::optional<int64_t> readable_from;
  for (int64_t version = table->start_; version <= table->end_; ++version) {
    const CommitFile* commit = FindCommit(listing, version);
    if (!commit) VersionNotFound(version, earliest, latest_version);
    const std::vector<Action> actions =
        ParseActions(ValueOrThrow(fs->ReadFile(commit->file.path)), commit->file.path);
    if (version > table->start_) {
      for (const Action& a : actions) {
        if (const auto* m = std::get_if<Metadata>(&a)) {
          current = *m;
          check_enabled(version, current);
          const bool ok = compatible(current);
          if (ok && !schema_ok) readable_from = version;
          schema_ok = ok;
        }
      }
    }
    PlanCommit(version, timestamps.at(version), actions, partitioned, &table->files_);
  }
  if (readable_from || !schema_ok) {
    ThrowError(ErrorClass::kDeltaChangeDataFeedIncompatibleSchemaChange,
               {{"start", range_start},
                {"end", range_end},
                {"readSchema", SchemaText(read_schema)},
                {"readVersion", std::to_string(read.version())},
                {"incompatibleVersion", std::to_string(readable_from.value_or(table->end_))}});
  }
  return table;
}

std::string TableChanges::description() const {
  return "table_changes [" + read_snapshot_->table_path() + "] versions " + std::to_string(start_) + " to " +
         std::to_string(end_);
}

namespace {

/// The change rows of the planned files, in order, in the provider's full
/// schema (projected to the scan's columns at the end).
class TableChangesStream : public BatchStream {
 public:
  TableChangesStream(const TableChanges& table, ScanSpec spec) : table_(table), spec_(std::move(spec)) {
    const Snapshot& s = table.read_snapshot();
    const DeltaSchema& schema = s.schema();
    for (size_t i = 0; i < schema.fields.size(); ++i) {
      bool partition = false;
      for (const std::string& p : s.metadata().partition_columns) partition = partition || EqualsIgnoreCase(p, schema.fields[i].name);
      is_partition_.push_back(partition);
      if (!partition) data_fields_.push_back(&schema.fields[i]);
    }
    change_type_field_.name = kChangeTypeColumn;
    change_type_field_.physical_name = kChangeTypeColumn;
    change_type_field_.type.type = DataType::String();
  }

  bool Next(Batch* batch) override {
    for (;;) {
      if (!reader_) {
        if (next_ >= table_.files().size()) return false;
        OpenFile(table_.files()[next_++]);
        if (!reader_) continue;  // a DV difference that selects no row
      }
      std::vector<VectorPtr> data;
      size_t rows = 0;
      if (!reader_->Next(&data, &rows)) {
        reader_.reset();
        continue;
      }
      const size_t first_row = position_;
      position_ += rows;
      Batch full = Assemble(data, rows);
      if (!selected_.empty() || file_->kind == ChangeFile::Kind::kDvDifference) {
        SelectionVector keep;
        for (size_t r = 0; r < rows; ++r) {
          if (std::binary_search(selected_.begin(), selected_.end(), static_cast<uint64_t>(first_row + r))) {
            keep.push_back(static_cast<uint32_t>(r));
          }
        }
        if (keep.empty()) continue;
        if (keep.size() != rows) full = full.Select(keep);
      }
      if (full.num_rows() == 0) continue;
      *batch = Project(full);
      return true;
    }
  }

 private:
  void OpenFile(const ChangeFile& file) {
    file_ = &file;
    const Snapshot& s = table_.read_snapshot();
    const std::string path = ResolvePath(s.table_path(), file.path);
    DataFileReadOptions options;
    options.mapping = s.column_mapping_mode();
    options.batch_size = spec_.batch_size;
    std::vector<const DeltaField*> fields = data_fields_;
    deleted_.clear();
    selected_.clear();
    if (file.kind == ChangeFile::Kind::kChangeData) {
      fields.push_back(&change_type_field_);
      Result<FileInfo> info = s.fs().Stat(path);
      if (!info.ok() && info.status().code() == StatusCode::kNotFound) {
        ThrowError(ErrorClass::kDeltaChangeDataFileNotFound,
                   {{"filePath", path}, {"faqPath", "https://docs.delta.io/latest/delta-change-data-feed.html"}});
      }
    } else if (file.kind == ChangeFile::Kind::kData) {
      if (file.excluded_dv) {
        deleted_ = LoadDeletionVector(s.fs(), s.table_path(), *file.excluded_dv);
        options.deleted_rows = &deleted_;
      }
    } else {
      // Rows in the selected DV and not in the excluded one, by position.
      selected_ = LoadDeletionVector(s.fs(), s.table_path(), *file.selected_dv);
      if (file.excluded_dv) {
        std::vector<uint64_t> excluded = LoadDeletionVector(s.fs(), s.table_path(), *file.excluded_dv);
        std::vector<uint64_t> difference;
        std::set_difference(selected_.begin(), selected_.end(), excluded.begin(), excluded.end(),
                            std::back_inserter(difference));
        selected_ = std::move(difference);
      }
    }
    if (file.kind == ChangeFile::Kind::kDvDifference && selected_.empty()) {
      reader_.reset();
      return;
    }
    reader_ = DataFileReader::Open(s.fs(), path, fields, options);
    position_ = 0;
    // Constant columns of this file.
    partition_values_.clear();
    for (size_t i = 0; i < is_partition_.size(); ++i) {
      if (!is_partition_[i]) continue;
      const DeltaField& field = s.schema().fields[i];
      partition_values_[i] = ParseDeltaValue(PartitionText(file.partition_values, field), field.type.type);
    }
    change_type_ = OneValue(DataType::String(), [&](Vector& v) { v.SetString(0, file.change_type); });
    version_ = OneValue(DataType::Long(), [&](Vector& v) { v.values<int64_t>()[0] = file.version; });
    timestamp_ = OneValue(DataType::Timestamp(), [&](Vector& v) { v.values<int64_t>()[0] = file.timestamp_ms * 1000; });
  }

  Batch Assemble(const std::vector<VectorPtr>& data, size_t rows) const {
    std::vector<VectorPtr> columns;
    size_t next_data = 0;
    for (size_t i = 0; i < is_partition_.size(); ++i) {
      columns.push_back(is_partition_[i] ? Vector::MakeConstant(partition_values_.at(i), 0, rows) : data[next_data++]);
    }
    columns.push_back(file_->kind == ChangeFile::Kind::kChangeData ? data[next_data]
                                                                    : Vector::MakeConstant(change_type_, 0, rows));
    columns.push_back(Vector::MakeConstant(version_, 0, rows));
    columns.push_back(Vector::MakeConstant(timestamp_, 0, rows));
    return Batch(table_.schema(), std::move(columns), rows);
  }

  Batch Project(const Batch& full) const {
    Schema schema;
    std::vector<VectorPtr> columns;
    for (int c : spec_.columns) {
      schema.push_back(table_.schema()[c]);
      columns.push_back(full.column_ptr(c));
    }
    return Batch(std::move(schema), std::move(columns), full.num_rows());
  }

  const TableChanges& table_;
  ScanSpec spec_;
  std::vector<bool> is_partition_;
  std::vector<const DeltaField*> data_fields_;
  DeltaField change_type_field_;
  size_t next_ = 0;
  const ChangeFile* file_ = nullptr;
  std::unique_ptr<DataFileReader> reader_;
  std::vector<uint64_t> deleted_;   // the reader points at it
  std::vector<uint64_t> selected_;  // kDvDifference: the row positions to keep
  size_t position_ = 0;
  std::map<size_t, VectorPtr> partition_values_;
  VectorPtr change_type_, version_, timestamp_;
};

}  // namespace

std::unique_ptr<BatchStream> TableChanges::Scan(const ScanSpec& spec) const {
  return std::make_unique<TableChangesStream>(*this, spec);
}

}  // namespace tarn::delta
