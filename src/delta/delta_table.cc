#include "delta/delta_table.h"

#include "common/error.h"
#include "common/strings.h"
#include "delta/deletion_vector.h"
#include "delta/file_reader.h"
#include "delta/stats.h"

namespace tarn::delta {
namespace {

/// numRecords of a file's statistics, if any.
std::optional<int64_t> NumRecords(const AddFile& file) {
  const std::optional<std::string>& text = file.stats ? file.stats : file.stats_from_checkpoint;
  if (!text) return std::nullopt;
  auto stats = ParseFileStats(*text, {});
  return stats ? stats->num_records : std::nullopt;
}

/// The partition value of `field` in a file: keyed by physical name under
/// column mapping, by logical name otherwise (tolerating either).
std::optional<std::string_view> PartitionText(const AddFile& file, const DeltaField& field) {
  auto it = file.partition_values.find(field.physical_name);
  if (it == file.partition_values.end()) it = file.partition_values.find(field.name);
  if (it == file.partition_values.end()) {
    for (auto i = file.partition_values.begin(); i != file.partition_values.end(); ++i) {
      if (EqualsIgnoreCase(i->first, field.name)) it = i;
    }
  }
  if (it == file.partition_values.end() || !it->second) return std::nullopt;
  return std::string_view(*it->second);
}

}  // namespace

std::shared_ptr<DeltaTable> DeltaTable::Open(std::shared_ptr<FileSystem> fs, const std::string& path,
                                             const TimeTravel& time_travel) {
  if (!time_travel.timestamp_ms) return Open(Snapshot::Load(std::move(fs), path, time_travel.version));
  LogListing listing = ListDeltaLog(*fs, path);
  auto latest = Snapshot::Load(fs, listing, std::nullopt);
  int64_t version = FindVersionAtTimestamp(*latest, listing, *time_travel.timestamp_ms);
  return Open(version == latest->version() ? latest : Snapshot::Load(fs, listing, version));
}

std::shared_ptr<DeltaTable> DeltaTable::Open(std::shared_ptr<const Snapshot> snapshot) {
  auto table = std::make_shared<DeltaTable>();
  table->snapshot_ = std::move(snapshot);
  const Snapshot& s = *table->snapshot_;
  table->schema_ = s.schema().ToSchema();
  for (const Field& f : table->schema_) {
    int index = -1;
    for (size_t p = 0; p < s.metadata().partition_columns.size(); ++p) {
      if (EqualsIgnoreCase(s.metadata().partition_columns[p], f.name)) index = static_cast<int>(p);
    }
    table->partition_index_.push_back(index);
  }
  for (const std::string& p : s.metadata().partition_columns) {
    if (s.schema().FieldIndex(p) < 0) {
      ThrowError(ErrorClass::kDeltaStateRecoverError, {{"operation", "partition column " + p + " of the schema"},
                                                       {"version", std::to_string(s.version())}});
    }
  }
  int64_t rows = 0;
  bool exact = true;
  for (const AddFile& file : s.files()) {
    auto records = NumRecords(file);
    if (!records) {
      exact = false;
      break;
    }
    rows += *records - (file.deletion_vector ? file.deletion_vector->cardinality : 0);
  }
  if (exact) table->row_count_ = rows;
  return table;
}

std::string DeltaTable::description() const {
  return "delta [" + snapshot_->table_path() + "] version " + std::to_string(snapshot_->version());
}

std::vector<const AddFile*> DeltaTable::PlanFiles(const std::vector<ScanFilter>& filters) const {
  const DeltaSchema& schema = snapshot_->schema();
  // Bind the filters once: partition filters are exact, data filters use statistics.
  std::vector<std::pair<const DeltaField*, SkippingFilter>> partition_filters, data_filters;
  std::vector<std::pair<std::string, DataType>> stats_columns;
  for (const ScanFilter& f : filters) {
    if (f.column < 0 || static_cast<size_t>(f.column) >= schema.fields.size()) continue;
    const DeltaField& field = schema.fields[f.column];
    auto bound = BindSkippingFilter(f, field.type.type);
    if (!bound) continue;
    if (partition_index_[f.column] >= 0) {
      partition_filters.emplace_back(&field, *bound);
    } else {
      data_filters.emplace_back(&field, *bound);
      stats_columns.emplace_back(field.physical_name, field.type.type);
    }
  }
  std::vector<const AddFile*> files;
  for (const AddFile& file : snapshot_->files()) {
    bool keep = true;
    for (const auto& [field, filter] : partition_filters) {
      VectorPtr value = ParseDeltaValue(PartitionText(file, *field), field->type.type);
      keep = keep && PartitionMatches(filter, *value);
    }
    if (keep && !data_filters.empty()) {
      const std::optional<std::string>& text = file.stats ? file.stats : file.stats_from_checkpoint;
      std::optional<FileStats> stats = text ? ParseFileStats(*text, stats_columns) : std::nullopt;
      for (size_t i = 0; keep && stats && i < data_filters.size(); ++i) {
        const auto& [field, filter] = data_filters[i];
        keep = MayMatch(filter, stats->columns[field->physical_name], stats->num_records);
      }
    }
    if (keep) files.push_back(&file);
  }
  return files;
}

/// Reads the planned files one after another.
class DeltaScanStream : public BatchStream {
 public:
  DeltaScanStream(const DeltaTable& table, ScanSpec spec) : table_(table), spec_(std::move(spec)) {
    const Snapshot& s = *table_.snapshot_;
    files_ = table_.PlanFiles(spec_.filters);
    // The data columns the scan needs, each once, in the order they are asked for.
    for (size_t i = 0; i < spec_.columns.size(); ++i) {
      int c = spec_.columns[i];
      if (table_.partition_index_[c] >= 0) continue;
      auto it = std::find(data_columns_.begin(), data_columns_.end(), c);
      if (it == data_columns_.end()) {
        data_columns_.push_back(c);
        data_fields_.push_back(&s.schema().fields[c]);
      }
    }
    // Data filters go to the Parquet reader (row groups and pages), indexed by data_fields_.
    for (const ScanFilter& f : spec_.filters) {
      auto it = std::find(data_columns_.begin(), data_columns_.end(), f.column);
      if (it == data_columns_.end()) continue;
      ScanFilter local = f;
      local.column = static_cast<int>(it - data_columns_.begin());
      data_filters_.push_back(std::move(local));
    }
  }

  bool Next(Batch* batch) override {
    const Snapshot& s = *table_.snapshot_;
    for (;;) {
      if (!reader_) {
        if (next_file_ >= files_.size()) return false;
        const AddFile& file = *files_[next_file_++];
        deleted_rows_.clear();
        DataFileReadOptions options;
        options.mapping = s.column_mapping_mode();
        if (file.deletion_vector) {
          deleted_rows_ = LoadDeletionVector(s.fs(), s.table_path(), *file.deletion_vector);
          options.deleted_rows = &deleted_rows_;
        }
        options.filters = data_filters_;
        options.threads = spec_.threads;
        options.batch_size = spec_.batch_size;
        reader_ = DataFileReader::Open(s.fs(), ResolvePath(s.table_path(), file.path), data_fields_, options);
        partition_values_.clear();
        for (int c : spec_.columns) {
          if (table_.partition_index_[c] < 0) continue;
          const DeltaField& field = s.schema().fields[c];
          partition_values_[c] = ParseDeltaValue(PartitionText(file, field), field.type.type);
        }
      }
      std::vector<VectorPtr> data;
      size_t rows = 0;
      if (!reader_->Next(&data, &rows)) {
        reader_.reset();
        continue;
      }
      Schema schema;
      std::vector<VectorPtr> columns;
      for (int c : spec_.columns) {
        schema.push_back(table_.schema_[c]);
        if (table_.partition_index_[c] >= 0) {
          columns.push_back(Vector::MakeConstant(partition_values_[c], 0, rows));
        } else {
          auto it = std::find(data_columns_.begin(), data_columns_.end(), c);
          columns.push_back(data[it - data_columns_.begin()]);
        }
      }
      *batch = Batch(std::move(schema), std::move(columns), rows);
      return true;
    }
  }

 private:
  const DeltaTable& table_;
  ScanSpec spec_;
  std::vector<const AddFile*> files_;
  std::vector<int> data_columns_;
  std::vector<const DeltaField*> data_fields_;
  std::vector<ScanFilter> data_filters_;
  size_t next_file_ = 0;
  std::unique_ptr<DataFileReader> reader_;
  std::vector<uint64_t> deleted_rows_;
  std::map<int, VectorPtr> partition_values_;
};

std::unique_ptr<BatchStream> DeltaTable::Scan(const ScanSpec& spec) const {
  return std::make_unique<DeltaScanStream>(*this, spec);
}

}  // namespace tarn::delta
