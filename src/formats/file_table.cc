#include "formats/file_table.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "common/error.h"
#include "formats/csv/csv_reader.h"
#include "formats/json/json_reader.h"
#include "formats/parquet/reader.h"
#include "formats/parquet/statistics_filter.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace tarn {
namespace {

// --- Parquet ---------------------------------------------------------------------

class ParquetStream : public BatchStream {
 public:
  explicit ParquetStream(std::unique_ptr<parquet::ParquetReader> reader) : reader_(std::move(reader)) {}
  bool Next(Batch* batch) override { return reader_->Next(batch); }

 private:
  std::unique_ptr<parquet::ParquetReader> reader_;
};

class ParquetFormat : public FileFormat {
 public:
  std::string name() const override { return "parquet"; }

  Schema InferSchema(FileSystem& fs, const std::vector<std::string>& paths, const FileOptions&) const override {
    // Spark reads the schema of one file unless mergeSchema is set.
    auto reader = parquet::ParquetReader::Open(fs, paths.front());
    return reader->file_schema();
  }

  std::unique_ptr<BatchStream> Open(FileSystem& fs, const std::string& path, const Schema& schema,
                                    const std::vector<int>& columns, const ScanSpec& spec, const FileOptions&,
                                    const FilePart& part) const override {
    parquet::ParquetReadOptions options = ReadOptions(schema, spec);
    for (int c : columns) options.columns.push_back(schema[c].name);
    options.first_row_group = part.first_row_group;
    options.row_group_count = part.row_group_count;
    return std::make_unique<ParquetStream>(parquet::ParquetReader::Open(fs, path, std::move(options)));
  }

  std::vector<FilePart> SplitFile(FileSystem& fs, const std::string& path, const Schema& schema,
                                  const ScanSpec& spec) const override {
    std::vector<FilePart> parts;
    for (int64_t group : parquet::ParquetReader::Open(fs, path, ReadOptions(schema, spec))->MatchingRowGroups())
      parts.push_back(FilePart{group, 1});
    return parts;
  }

 private:
  // Everything but the projection: threads, batch size, the filters as
  // row-group and page predicates.
  static parquet::ParquetReadOptions ReadOptions(const Schema& schema, const ScanSpec& spec) {
    parquet::ParquetReadOptions options;
    options.threads = spec.threads;
    options.batch_size = spec.batch_size;
    for (const ScanFilter& f : spec.filters) {
      if (f.column >= static_cast<int>(schema.size())) continue;  // partition column
      parquet::ColumnPredicate p;
      p.column = schema[f.column].name;
      p.literal = f.literal;
      switch (f.op) {
        case ScanFilter::Op::kEq: p.op = parquet::ColumnPredicate::Op::kEq; break;
        case ScanFilter::Op::kLt: p.op = parquet::ColumnPredicate::Op::kLt; break;
        case ScanFilter::Op::kLe: p.op = parquet::ColumnPredicate::Op::kLe; break;
        case ScanFilter::Op::kGt: p.op = parquet::ColumnPredicate::Op::kGt; break;
        case ScanFilter::Op::kGe: p.op = parquet::ColumnPredicate::Op::kGe; break;
        case ScanFilter::Op::kIsNull: p.op = parquet::ColumnPredicate::Op::kIsNull; break;
        case ScanFilter::Op::kIsNotNull: p.op = parquet::ColumnPredicate::Op::kIsNotNull; break;
      }
      options.predicates.push_back(std::move(p));
    }
    return options;
  }
};

// --- CSV and JSON lines: whole rows are parsed, then the asked-for columns kept ---

template <typename Reader>
class ProjectingStream : public BatchStream {
 public:
  ProjectingStream(std::unique_ptr<Reader> reader, std::vector<int> columns)
      : reader_(std::move(reader)), columns_(std::move(columns)) {}
  bool Next(Batch* batch) override {
    Batch full;
    if (!reader_->Next(&full)) return false;
    std::vector<VectorPtr> vectors;
    Schema schema;
    for (int c : columns_) {
      vectors.push_back(full.column_ptr(c));
      schema.push_back(full.schema()[c]);
    }
    *batch = Batch(std::move(schema), std::move(vectors), full.num_rows());
    return true;
  }

 private:
  std::unique_ptr<Reader> reader_;
  std::vector<int> columns_;
};

std::vector<std::pair<std::string, std::string>> OptionList(const FileOptions& options) {
  std::vector<std::pair<std::string, std::string>> list;
  for (const auto& [k, v] : options) {
    if (k == "path" || k == "format" || k == "recursivefilelookup" || k == "pathglobfilter" || k == "basepath") continue;
    list.push_back({k, v});
  }
  return list;
}

class CsvFormat : public FileFormat {
 public:
  std::string name() const override { return "csv"; }
  Schema InferSchema(FileSystem& fs, const std::vector<std::string>& paths, const FileOptions& options) const override {
    return InferCsvSchema(fs, paths, ParseCsvReadOptions(OptionList(options)));
  }
  std::unique_ptr<BatchStream> Open(FileSystem& fs, const std::string& path, const Schema& schema,
                                    const std::vector<int>& columns, const ScanSpec& spec,
                                    const FileOptions& options, const FilePart&) const override {
    CsvReadOptions read = ParseCsvReadOptions(OptionList(options));
    read.batch_size = spec.batch_size;
    return std::make_unique<ProjectingStream<CsvReader>>(CsvReader::Open(fs, path, read, schema), columns);
  }
};

class JsonFormat : public FileFormat {
 public:
  std::string name() const override { return "json"; }
  Schema InferSchema(FileSystem& fs, const std::vector<std::string>& paths, const FileOptions& options) const override {
    return InferJsonSchema(fs, paths, ParseJsonReadOptions(OptionList(options)));
  }
  std::unique_ptr<BatchStream> Open(FileSystem& fs, const std::string& path, const Schema& schema,
                                    const std::vector<int>& columns, const ScanSpec& spec,
                                    const FileOptions& options, const FilePart&) const override {
    JsonReadOptions read = ParseJsonReadOptions(OptionList(options));
    read.batch_size = spec.batch_size;
    return std::make_unique<ProjectingStream<JsonReader>>(JsonReader::Open(fs, path, read, schema), columns);
  }
};

// A partition directory value as a 1-row vector of the column's type.
VectorPtr PartitionValue(const std::optional<std::string>& text, const DataType& type) {
  if (!text) return Vector::MakeNull(type, 1);
  VectorPtr v = Vector::Make(type, 1);
  const std::string& s = *text;
  bool ok = true;
  switch (type.id()) {
    case TypeId::kInt: v->values<int32_t>()[0] = static_cast<int32_t>(std::strtol(s.c_str(), nullptr, 10)); break;
    case TypeId::kLong: v->values<int64_t>()[0] = std::strtoll(s.c_str(), nullptr, 10); break;
    case TypeId::kDouble: v->values<double>()[0] = std::strtod(s.c_str(), nullptr); break;
    case TypeId::kDecimal: {
      auto value = ParseDecimal(s, type.precision(), type.scale());
      ok = value.has_value();
      if (ok && type.precision() <= kMaxInt64DecimalPrecision) v->values<int64_t>()[0] = static_cast<int64_t>(*value);
      else if (ok) v->values<int128_t>()[0] = *value;
      break;
    }
    case TypeId::kDate: {
      auto days = ParseDate(s);
      ok = days.has_value();
      if (ok) v->values<int32_t>()[0] = *days;
      break;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz: {
      auto ts = ParseTimestamp(s);
      ok = ts.has_value();
      if (ok) v->values<int64_t>()[0] = ts->micros - (ts->offset_seconds ? *ts->offset_seconds * kMicrosPerSecond : 0);
      break;
    }
    default: v->SetString(0, s); break;
  }
  if (!ok) v->SetNull(0);
  return v;
}

}  // namespace

std::shared_ptr<const FileFormat> FindFileFormat(std::string_view name) {
  if (name == "parquet") {
    static const auto format = std::make_shared<ParquetFormat>();
    return format;
  }
  if (name == "csv") {
    static const auto format = std::make_shared<CsvFormat>();
    return format;
  }
  if (name == "json") {
    static const auto format = std::make_shared<JsonFormat>();
    return format;
  }
  return nullptr;
}

// Reads parts of the listing's files one after another: every file whole
// (Scan), or one task's part of one file.
struct FileTablePart {
  size_t file = 0;  ///< index into the listing
  FilePart part;
};

class FileTableStream : public BatchStream {
 public:
  FileTableStream(const FileTable& table, ScanSpec spec, std::vector<FileTablePart> parts)
      : table_(table), spec_(std::move(spec)), parts_(std::move(parts)) {
    size_t data_width = table_.data_schema_.size();
    for (int c : spec_.columns) {
      if (c < static_cast<int>(data_width)) data_columns_.push_back(c);
    }
  }

  bool Next(Batch* batch) override {
    for (;;) {
      if (!current_) {
        if (next_part_ >= parts_.size()) return false;
        const FileTablePart& part = parts_[next_part_++];
        file_ = &table_.listing_.files[part.file];
        current_ = table_.format_->Open(*table_.fs_, file_->path, table_.data_schema_, data_columns_, spec_,
                                        table_.options_, part.part);
        partition_values_.clear();
        for (size_t p = 0; p < table_.listing_.partition_schema.size(); ++p)
          partition_values_.push_back(PartitionValue(file_->partition_values[p], table_.listing_.partition_schema[p].type));
      }
      Batch data;
      if (!current_->Next(&data)) {
        current_.reset();
        continue;
      }
      // Columns in the order asked for: data columns come from the reader in
      // their order of data_columns_, partition columns are constants.
      std::vector<VectorPtr> columns;
      Schema schema;
      size_t data_width = table_.data_schema_.size();
      size_t next_data = 0;
      for (int c : spec_.columns) {
        schema.push_back(table_.schema_[c]);
        if (c < static_cast<int>(data_width)) {
          columns.push_back(data.column_ptr(next_data++));
        } else {
          columns.push_back(Vector::MakeConstant(partition_values_[c - data_width], 0, data.num_rows()));
        }
      }
      *batch = Batch(std::move(schema), std::move(columns), data.num_rows());
      return true;
    }
  }

 private:
  const FileTable& table_;
  ScanSpec spec_;
  std::vector<int> data_columns_;
  std::vector<FileTablePart> parts_;
  size_t next_part_ = 0;
  const InputFile* file_ = nullptr;
  std::unique_ptr<BatchStream> current_;
  std::vector<VectorPtr> partition_values_;
};

std::shared_ptr<FileTable> FileTable::Open(std::shared_ptr<FileSystem> fs, std::shared_ptr<const FileFormat> format,
                                           const std::string& path, FileOptions options,
                                           std::optional<Schema> user_schema) {
  auto table = std::make_shared<FileTable>();
  table->fs_ = std::move(fs);
  table->format_ = std::move(format);
  table->path_ = path;
  table->options_ = std::move(options);
  ListOptions list_options;
  if (auto it = table->options_.find("recursivefilelookup"); it != table->options_.end())
    list_options.recursive_file_lookup = it->second == "true";
  if (auto it = table->options_.find("pathglobfilter"); it != table->options_.end()) list_options.path_glob_filter = it->second;
  if (auto it = table->options_.find("basepath"); it != table->options_.end()) list_options.base_path = it->second;
  table->listing_ = ListInputFiles(*table->fs_, path, list_options);
  if (table->listing_.files.empty()) ThrowError(ErrorClass::kPathNotFound, {{"path", path}});
  std::vector<std::string> paths;
  for (const InputFile& f : table->listing_.files) paths.push_back(f.path);
  table->data_schema_ = user_schema ? *user_schema : table->format_->InferSchema(*table->fs_, paths, table->options_);
  table->schema_ = table->data_schema_;
  for (const Field& p : table->listing_.partition_schema) {
    bool present = false;
    for (const Field& f : table->data_schema_) present |= f.name == p.name;
    if (!present) table->schema_.push_back(p);
  }
  if (table->format_->name() == "parquet") {
    int64_t rows = 0;
    parquet::FileColumnRanges ranges;
    for (const std::string& p : paths) {
      auto reader = parquet::ParquetReader::Open(*table->fs_, p);
      rows += reader->num_rows();
      ranges.AddFile(reader->metadata(), p);
    }
    table->row_count_ = rows;
    for (const Field& f : table->schema_) table->file_column_statistics_.push_back(ranges.Get(f.name));
  }
  return table;
}

std::optional<ColumnStatistics> FileTable::file_column_statistics(size_t i) const {
  return i < file_column_statistics_.size() ? file_column_statistics_[i] : std::nullopt;
}

std::string FileTable::description() const { return format_->name() + " [" + path_ + "]"; }

std::unique_ptr<BatchStream> FileTable::Scan(const ScanSpec& spec) const {
  std::vector<FileTablePart> parts;
  for (size_t f = 0; f < listing_.files.size(); ++f) parts.push_back({f, FilePart{}});
  return std::make_unique<FileTableStream>(*this, spec, std::move(parts));
}

namespace {

class FileScanTask : public ScanTask {
 public:
  FileScanTask(const FileTable& table, ScanSpec spec, FileTablePart part)
      : table_(table), spec_(std::move(spec)), part_(part) {}
  std::unique_ptr<BatchStream> Open() const override {
    return std::make_unique<FileTableStream>(table_, spec_, std::vector<FileTablePart>{part_});
  }

 private:
  const FileTable& table_;
  ScanSpec spec_;
  FileTablePart part_;
};

}  // namespace

std::vector<std::shared_ptr<ScanTask>> FileTable::PlanScanTasks(const ScanSpec& spec) const {
  std::vector<FileTablePart> parts;
  for (size_t f = 0; f < listing_.files.size(); ++f) {
    for (const FilePart& part : format_->SplitFile(*fs_, listing_.files[f].path, data_schema_, spec))
      parts.push_back({f, part});
  }
  // The workers (one per task at most) are the parallelism; with fewer
  // tasks than threads each task's reader decodes with the threads left.
  ScanSpec task_spec = spec;
  int threads = std::max(spec.threads, 1);
  int tasks = static_cast<int>(std::max<size_t>(parts.size(), 1));
  task_spec.threads = tasks >= threads ? 1 : (threads + tasks - 1) / tasks;
  std::vector<std::shared_ptr<ScanTask>> out;
  for (const FileTablePart& part : parts) out.push_back(std::make_shared<FileScanTask>(*this, task_spec, part));
  return out;
}

}  // namespace tarn
