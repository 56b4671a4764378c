#include "delta/delta_table.h"

#include <algorithm>
#include <deque>
#include <future>
#include <map>

#include "common/thread_pool.h"

#include "common/error.h"
#include "common/strings.h"
#include "delta/deletion_vector.h"
#include "delta/file_reader.h"
#include "delta/generated_columns.h"
#include "delta/stats.h"
#include "delta/table_features.h"
#include "delta/table_statistics.h"

namespace tarn::delta {
namespace {

/// numRecords of a file's statistics, if any.
std::optional<int64_t> NumRecords(const AddFile& file) {
  const std::optional<std::string>& text = file.stats ? file.stats : file.stats_from_checkpoint;
  if (!text) return std::nullopt;
  auto stats = ParseFileStats(*text, {});
  return stats ? stats->num_records : std::nullopt;
}

std::optional<std::string_view> PartitionText(const AddFile& file, const DeltaField& field) {
  return PartitionValueOf(file.partition_values, field);
}

}  // namespace

std::optional<std::string_view> PartitionValueOf(const PartitionValues& values, const DeltaField& field) {
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
  if (HasWriterFeature(s.protocol(), "generatedColumns")) {
    for (size_t i = 0; i < s.schema().fields.size(); ++i) {
      if (table->partition_index_[i] < 0) continue;
      const std::optional<std::string> expression = GenerationExpression(s.schema().fields[i]);
      const std::optional<std::string> source = expression ? DateOfColumn(*expression) : std::nullopt;
      const int from = source ? s.schema().FieldIndex(*source) : -1;
      if (from >= 0 && table->partition_index_[from] < 0) table->date_partitions_.emplace_back(from, static_cast<int>(i));
    }
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
  if (std::optional<TableStatistics> analyzed = TableStatisticsOf(s)) {
    for (const Field& f : table->schema_) {
      auto it = analyzed->columns.find(AsciiLower(f.name));
      table->column_statistics_.push_back(it == analyzed->columns.end() ? std::nullopt : std::optional<ColumnStatistics>(it->second));
    }
  }
  table->num_table_columns_ = table->schema_.size();
  return table;
}

std::shared_ptr<DeltaTable> DeltaTable::OpenWithRowMetadata(std::shared_ptr<const Snapshot> snapshot) {
  std::shared_ptr<DeltaTable> table = Open(std::move(snapshot));
  table->schema_.push_back({kFilePathColumn, DataType::String(), false, ""});
  table->schema_.push_back({kRowIndexColumn, DataType::Long(), false, ""});
  table->partition_index_.push_back(-1);
  table->partition_index_.push_back(-1);
  return table;
}

std::optional<ColumnStatistics> DeltaTable::column_statistics(size_t i) const {
  return i < column_statistics_.size() ? column_statistics_[i] : std::nullopt;
}

std::string DeltaTable::description() const {
  return "delta [" + snapshot_->table_path() + "] version " + std::to_string(snapshot_->version());
}

namespace {

// The filters on a partition column d = CAST(source AS DATE) that `filter` on
// the source implies: source >= x gives d >= day(x), source <= x gives
// d <= day(x), equality both. CAST of a TIMESTAMP to DATE uses the writer's
// session time zone, which the scan does not know: those bounds widen by a
// day (no zone is a day away from UTC), so pruning never drops a matching row.
std::vector<SkippingFilter> DatePartitionFilters(const SkippingFilter& filter, const DataType& source) {
  using Op = ScanFilter::Op;
  if (filter.op == Op::kIsNull || filter.op == Op::kIsNotNull || !filter.literal) return {};
  int64_t day = 0, margin = 0;
  switch (source.id()) {
    case TypeId::kDate: day = filter.literal->ValueAt<int32_t>(0); break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz: {
      const int64_t micros = filter.literal->ValueAt<int64_t>(0);
      constexpr int64_t kMicrosPerDay = int64_t{86'400} * 1'000'000;
      day = micros / kMicrosPerDay - (micros % kMicrosPerDay < 0 ? 1 : 0);
      margin = source.id() == TypeId::kTimestamp ? 1 : 0;
      break;
    }
    default: return {};
  }
  const auto bound = [](Op op, int64_t value) {
    VectorPtr literal = Vector::Make(DataType::Date(), 1);
    literal->values<int32_t>()[0] = static_cast<int32_t>(value);
    return SkippingFilter{op, literal};
  };
  std::vector<SkippingFilter> out;
  if (filter.op == Op::kGt || filter.op == Op::kGe || filter.op == Op::kEq) out.push_back(bound(Op::kGe, day - margin));
  if (filter.op == Op::kLt || filter.op == Op::kLe || filter.op == Op::kEq) out.push_back(bound(Op::kLe, day + margin));
  return out;
}

}  // namespace

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
      for (const auto& [source, partition] : date_partitions_) {
        if (source != f.column) continue;
        for (const SkippingFilter& derived : DatePartitionFilters(*bound, field.type.type)) {
          partition_filters.emplace_back(&schema.fields[partition], derived);
        }
      }
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

/// What every file of one scan shares: the data columns to read, the filters
/// for the Parquet reader, the output layout.
struct ScanLayout {
  std::vector<int> data_columns;                 ///< schema indices of the data columns read, each once
  std::vector<const DeltaField*> data_fields;    ///< their fields
  std::vector<ScanFilter> data_filters;          ///< filters on them, ScanFilter::column indexing data_fields

  ScanLayout(const DeltaTable& table, const ScanSpec& spec) {
    const DeltaSchema& schema = table.snapshot().schema();
    for (int c : spec.columns) {
      if (table.is_partition_column(static_cast<size_t>(c))) continue;
      if (static_cast<size_t>(c) >= table.num_table_columns()) continue;  // row metadata
      if (std::find(data_columns.begin(), data_columns.end(), c) != data_columns.end()) continue;
      data_columns.push_back(c);
      data_fields.push_back(&schema.fields[c]);
    }
    for (const ScanFilter& f : spec.filters) {
      auto it = std::find(data_columns.begin(), data_columns.end(), f.column);
      if (it == data_columns.end()) continue;
      ScanFilter local = f;
      local.column = static_cast<int>(it - data_columns.begin());
      data_filters.push_back(std::move(local));
    }
  }
};

/// The batches of one data file in the scan's output columns.
class FileScan {
 public:
  FileScan(const DeltaTable& table, const ScanSpec& spec, const ScanLayout& layout, const AddFile& file, int threads)
      : table_(table), spec_(spec), layout_(layout) {
    const Snapshot& s = table.snapshot();
    DataFileReadOptions options;
    options.mapping = s.column_mapping_mode();
    if (file.deletion_vector) {
      deleted_rows_ = LoadDeletionVector(s.fs(), s.table_path(), *file.deletion_vector);
      options.deleted_rows = &deleted_rows_;
    }
    options.filters = layout.data_filters;
    options.threads = threads;
    options.batch_size = spec.batch_size;
    const int row_index_column = static_cast<int>(table.num_table_columns()) + 1;
    options.with_row_index = std::find(spec.columns.begin(), spec.columns.end(), row_index_column) != spec.columns.end();
    file_path_ = file.path;
    reader_ = DataFileReader::Open(s.fs(), ResolvePath(s.table_path(), file.path), layout.data_fields, options);
    for (int c : spec.columns) {
      if (!table.is_partition_column(static_cast<size_t>(c))) continue;
      const DeltaField& field = s.schema().fields[c];
      partition_values_[c] = ParseDeltaValue(PartitionText(file, field), field.type.type);
    }
  }

  bool Next(Batch* batch) {
    std::vector<VectorPtr> data;
    size_t rows = 0;
    if (!reader_->Next(&data, &rows)) return false;
    Schema schema;
    std::vector<VectorPtr> columns;
    for (int c : spec_.columns) {
      schema.push_back(table_.schema()[c]);
      if (static_cast<size_t>(c) == table_.num_table_columns()) {
        columns.push_back(Vector::MakeConstant(FilePathValue(), 0, rows));
      } else if (static_cast<size_t>(c) == table_.num_table_columns() + 1) {
        columns.push_back(data.back());  // the reader's row index, after the fields
      } else if (table_.is_partition_column(static_cast<size_t>(c))) {
        columns.push_back(Vector::MakeConstant(partition_values_[c], 0, rows));
      } else {
        auto it = std::find(layout_.data_columns.begin(), layout_.data_columns.end(), c);
        columns.push_back(data[it - layout_.data_columns.begin()]);
      }
    }
    *batch = Batch(std::move(schema), std::move(columns), rows);
    return true;
  }

 private:
  const DeltaTable& table_;
  const ScanSpec& spec_;
  const ScanLayout& layout_;
  VectorPtr FilePathValue() {
    if (!file_path_value_) {
      file_path_value_ = Vector::Make(DataType::String(), 1);
      file_path_value_->SetString(0, file_path_);
    }
    return file_path_value_;
  }

  std::string file_path_;
  VectorPtr file_path_value_;
  std::vector<uint64_t> deleted_rows_;  // the reader points at it
  std::unique_ptr<DataFileReader> reader_;
  std::map<int, VectorPtr> partition_values_;
};

/// Reads the planned files in order. With spec.threads > 1 and several files,
/// up to `threads` files are read ahead whole on a pool of the scan's own
/// (memory: those files' batches); else files are streamed one by one, each
/// decoded with the Parquet reader's own row-group parallelism.
class DeltaScanStream : public BatchStream {
 public:
  DeltaScanStream(const DeltaTable& table, ScanSpec spec, std::vector<const AddFile*> files)
      : table_(table), spec_(std::move(spec)), layout_(table, spec_), files_(std::move(files)) {
    if (spec_.threads > 1 && files_.size() > 1) {
      pool_ = std::make_unique<ThreadPool>(static_cast<size_t>(std::min<int>(spec_.threads, static_cast<int>(files_.size()))));
    }
  }

  ~DeltaScanStream() override {
    for (auto& pending : ahead_) {
      if (pending.valid()) pending.wait();  // the tasks reference this stream
    }
  }

  bool Next(Batch* batch) override {
    for (;;) {
      if (pool_) {
        if (ready_pos_ < ready_.size()) {
          *batch = std::move(ready_[ready_pos_++]);
          return true;
        }
        ScheduleAhead();
        if (ahead_.empty()) return false;
        std::future<std::vector<Batch>> next = std::move(ahead_.front());
        ahead_.pop_front();
        ready_ = next.get();  // rethrows the file's error
        ready_pos_ = 0;
        continue;
      }
      if (!current_) {
        if (next_file_ >= files_.size()) return false;
        current_ = std::make_unique<FileScan>(table_, spec_, layout_, *files_[next_file_++], spec_.threads);
      }
      if (current_->Next(batch)) return true;
      current_.reset();
    }
  }

 private:
  /// Keeps `threads` files in flight.
  void ScheduleAhead() {
    while (next_file_ < files_.size() && ahead_.size() < pool_->num_threads()) {
      const AddFile* file = files_[next_file_++];
      auto task = std::make_shared<std::packaged_task<std::vector<Batch>()>>([this, file] {
        std::vector<Batch> batches;
        FileScan scan(table_, spec_, layout_, *file, /*threads=*/1);
        Batch b;
        while (scan.Next(&b)) batches.push_back(std::move(b));
        return batches;
      });
      ahead_.push_back(task->get_future());
      pool_->Submit([task] { (*task)(); });
    }
  }

  const DeltaTable& table_;
  ScanSpec spec_;
  ScanLayout layout_;
  std::vector<const AddFile*> files_;
  size_t next_file_ = 0;
  std::unique_ptr<FileScan> current_;
  // Parallel read-ahead.
  std::unique_ptr<ThreadPool> pool_;
  std::deque<std::future<std::vector<Batch>>> ahead_;
  std::vector<Batch> ready_;
  size_t ready_pos_ = 0;
};

std::unique_ptr<BatchStream> DeltaTable::Scan(const ScanSpec& spec) const {
  return std::make_unique<DeltaScanStream>(*this, spec, PlanFiles(spec.filters));
}

std::unique_ptr<BatchStream> DeltaTable::ScanFiles(std::vector<const AddFile*> files, const ScanSpec& spec) const {
  return std::make_unique<DeltaScanStream>(*this, spec, std::move(files));
}

namespace {

/// What the tasks of one scan share (they may outlive the PlanScanTasks call).
struct SharedScan {
  SharedScan(const DeltaTable& table, ScanSpec s) : spec(std::move(s)), layout(table, spec) {}
  ScanSpec spec;
  ScanLayout layout;
};

/// One data file of a scan, read single-threaded (the workers are the parallelism).
class FileScanTask : public ScanTask {
 public:
  FileScanTask(const DeltaTable& table, std::shared_ptr<const SharedScan> scan, const AddFile& file)
      : table_(table), scan_(std::move(scan)), file_(file) {}

  std::unique_ptr<BatchStream> Open() const override {
    class Stream : public BatchStream {
     public:
      Stream(const DeltaTable& table, std::shared_ptr<const SharedScan> scan, const AddFile& file)
          : scan_(std::move(scan)), file_scan_(table, scan_->spec, scan_->layout, file, /*threads=*/1) {}
      bool Next(Batch* batch) override { return file_scan_.Next(batch); }

     private:
      std::shared_ptr<const SharedScan> scan_;  // outlives file_scan_, which points into it
      FileScan file_scan_;
    };
    return std::make_unique<Stream>(table_, scan_, file_);
  }

 private:
  const DeltaTable& table_;
  std::shared_ptr<const SharedScan> scan_;
  const AddFile& file_;
};

}  // namespace

std::vector<std::shared_ptr<ScanTask>> DeltaTable::PlanScanTasks(const ScanSpec& spec) const {
  auto shared = std::make_shared<const SharedScan>(*this, spec);
  std::vector<std::shared_ptr<ScanTask>> tasks;
  for (const AddFile* file : PlanFiles(spec.filters)) tasks.push_back(std::make_shared<FileScanTask>(*this, shared, *file));
  return tasks;
}

}  // namespace tarn::delta
