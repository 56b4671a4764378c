#include "delta/table_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <type_traits>
#include <utility>
#include <variant>

#include "columnar/value_text.h"
#include "common/check.h"
#include "common/config.h"
#include "common/error.h"
#include "delta/json_util.h"
#include "delta/write_util.h"
#include "formats/parquet/writer.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace tarn::delta {
namespace {

constexpr int kStringPrefix = 32;  // Delta's dataSkippingStringPrefixLength default
constexpr const char* kDefaultPartition = "__HIVE_DEFAULT_PARTITION__";

bool NeedsEscape(unsigned char c) {
  if (c < 0x20 || c == 0x7F) return c != 0;
  switch (c) {
    case '"': case '#': case '%': case '\'': case '*': case '/': case ':': case '=': case '?': case '\\':
    case '{': case '[': case ']': case '^':
      return true;
    default:
      return false;
  }
}

// UTF-8 → code points and back (string statistics count characters, not bytes).
std::vector<char32_t> CodePoints(std::string_view s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (i + n > s.size()) n = 1;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string FromCodePoints(const std::vector<char32_t>& cps, size_t n) {
  std::string out;
  for (size_t i = 0; i < n && i < cps.size(); ++i) AppendUtf8(cps[i], &out);
  return out;
}

// StatisticsCollection.truncateMinStringAgg / truncateMaxStringAgg, by code point.
std::string TruncateMin(std::string_view s) {
  std::vector<char32_t> cps = CodePoints(s);
  if (cps.size() <= kStringPrefix) return std::string(s);
  return FromCodePoints(cps, kStringPrefix);
}

std::optional<std::string> TruncateMax(std::string_view s) {
  std::vector<char32_t> cps = CodePoints(s);
  if (cps.size() <= kStringPrefix) return std::string(s);
  for (size_t len = kStringPrefix; len <= 2 * kStringPrefix; ++len) {
    if (len >= cps.size()) return std::string(s);
    if (cps[len] == 0x10FFFF) continue;  // skip the max character itself
    std::string out = FromCodePoints(cps, len);
    AppendUtf8(cps[len] < 0x7F ? char32_t{0x7F} : char32_t{0x10FFFF}, &out);
    return out;
  }
  return std::nullopt;  // too long to bound
}

bool HasMinMax(const DataType& type) {
  switch (type.id()) {
    case TypeId::kByte: case TypeId::kShort: case TypeId::kInt: case TypeId::kLong: case TypeId::kFloat:
    case TypeId::kDouble: case TypeId::kDecimal: case TypeId::kString: case TypeId::kDate:
    case TypeId::kTimestamp: case TypeId::kTimestampNtz:
      return true;
    default:
      return false;
  }
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::string TimestampStatText(int64_t micros, bool with_zone) {
  const int64_t millis = FloorDiv(micros, 1000);
  const int64_t day_micros = int64_t{86'400'000'000};
  const int64_t days = FloorDiv(micros, day_micros);
  const int64_t in_day = millis * 1000 - days * day_micros;
  char time[32];
  std::snprintf(time, sizeof(time), "%02lld:%02lld:%02lld.%03lld", static_cast<long long>(in_day / 3'600'000'000),
                static_cast<long long>(in_day / 60'000'000 % 60), static_cast<long long>(in_day / 1'000'000 % 60),
                static_cast<long long>(in_day / 1000 % 1000));
  return FormatDate(days) + "T" + time + (with_zone ? "Z" : "");
}

}  // namespace

TableWriteOptions WriteOptionsFor(const Metadata& metadata) {
  TableWriteOptions options;
  if (auto it = metadata.configuration.find("delta.targetFileSize"); it != metadata.configuration.end()) {
    if (auto bytes = ParseBytes(it->second); bytes && *bytes > 0) options.target_file_size = *bytes;
  }
  if (auto it = metadata.configuration.find("delta.dataSkippingNumIndexedCols"); it != metadata.configuration.end()) {
    try {
      options.num_indexed_cols = std::stoi(it->second);
    } catch (...) {
    }
  }
  return options;
}

std::string EscapePartitionPathName(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (NeedsEscape(u)) {
      char escaped[4];
      std::snprintf(escaped, sizeof(escaped), "%%%02X", u);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<std::string> PartitionValueText(const Vector& vector, size_t row) {
  if (vector.IsNull(row)) return std::nullopt;
  std::string text;
  SparkTextOptions options;
  options.binary_style = SparkTextOptions::BinaryStyle::kHex;
  AppendSparkText(vector, row, &text, options);
  if (text.empty()) return std::nullopt;
  return text;
}

// --- statistics --------------------------------------------------------------------

struct FileStatsCollector::Leaf {
  std::vector<std::string> path;  // physical names from the top
  std::vector<size_t> index;      // child positions from the top-level column
  DataType type;
  int64_t nulls = 0;
  bool minmax = false;
  using Value = std::variant<std::monostate, int64_t, double, int128_t, std::string>;
  Value min, max;
  bool saw_nan = false;

  template <typename T>
  void Update(T v) {
    if (std::holds_alternative<std::monostate>(min)) {
      min = v;
      max = v;
      return;
    }
    if (v < std::get<T>(min)) min = v;
    if (std::get<T>(max) < v) max = v;
  }

  // Strings compare as views and are copied only when they become a new bound.
  void UpdateString(std::string_view v) {
    if (std::holds_alternative<std::monostate>(min)) {
      min = std::string(v);
      max = std::string(v);
      return;
    }
    if (v < std::string_view(std::get<std::string>(min))) min = std::string(v);
    if (std::string_view(std::get<std::string>(max)) < v) max = std::string(v);
  }

  template <typename T, typename Stored>
  void ObserveValues(const Vector& vector, size_t rows) {
    const bool nullable = vector.may_have_nulls();
    for (size_t r = 0; r < rows; ++r) {
      if (nullable && vector.IsNull(r)) {
        ++nulls;
        continue;
      }
      if constexpr (std::is_floating_point_v<T>) {
        const double d = vector.ValueAt<T>(r);
        if (std::isnan(d)) {
          saw_nan = true;
        } else {
          Update<double>(d);
        }
      } else if constexpr (std::is_same_v<T, StringView>) {
        UpdateString(vector.StringAt(r).view());
      } else {
        Update<Stored>(vector.ValueAt<T>(r));
      }
    }
  }

  void Observe(const Vector& vector, size_t rows) {
    // The type's switch once per batch, not per row.
    switch (minmax ? type.physical_type() : PhysicalType::kNone) {
      case PhysicalType::kInt8: return ObserveValues<int8_t, int64_t>(vector, rows);
      case PhysicalType::kInt16: return ObserveValues<int16_t, int64_t>(vector, rows);
      case PhysicalType::kInt32: return ObserveValues<int32_t, int64_t>(vector, rows);
      case PhysicalType::kInt64: return ObserveValues<int64_t, int64_t>(vector, rows);
      case PhysicalType::kInt128: return ObserveValues<int128_t, int128_t>(vector, rows);
      case PhysicalType::kFloat: return ObserveValues<float, double>(vector, rows);
      case PhysicalType::kDouble: return ObserveValues<double, double>(vector, rows);
      case PhysicalType::kString: return ObserveValues<StringView, std::string>(vector, rows);
      default:
        for (size_t r = 0; r < rows; ++r) nulls += vector.IsNull(r) ? 1 : 0;
        return;
    }
  }

  // The JSON of a bound, or nullopt when there is none to write.
  std::optional<std::string> Text(const Value& value, bool is_max) const {
    if (std::holds_alternative<std::monostate>(value) || saw_nan) return std::nullopt;
    switch (type.id()) {
      case TypeId::kDate: return JsonQuote(FormatDate(std::get<int64_t>(value)));
      case TypeId::kTimestamp: return JsonQuote(TimestampStatText(std::get<int64_t>(value), true));
      case TypeId::kTimestampNtz: return JsonQuote(TimestampStatText(std::get<int64_t>(value), false));
      case TypeId::kDecimal:
        if (type.physical_type() == PhysicalType::kInt128) return DecimalToString(std::get<int128_t>(value), type.scale());
        return DecimalToString(std::get<int64_t>(value), type.scale());
      case TypeId::kFloat:
      case TypeId::kDouble: {
        const double d = std::get<double>(value);
        if (std::isinf(d)) return std::nullopt;
        auto v = Vector::Make(DataType::Double(), 1);
        v->values<double>()[0] = type.id() == TypeId::kFloat ? static_cast<double>(static_cast<float>(d)) : d;
        std::string text;
        if (type.id() == TypeId::kFloat) {
          auto f = Vector::Make(DataType::Float(), 1);
          f->values<float>()[0] = static_cast<float>(d);
          AppendSparkText(*f, 0, &text);
        } else {
          AppendSparkText(*v, 0, &text);
        }
        return text;
      }
      case TypeId::kString: {
        const std::string& s = std::get<std::string>(value);
        if (!is_max) return JsonQuote(TruncateMin(s));
        auto bound = TruncateMax(s);
        if (!bound) return std::nullopt;
        return JsonQuote(*bound);
      }
      default: return std::to_string(std::get<int64_t>(value));
    }
  }
};

FileStatsCollector::FileStatsCollector(const Schema& data_schema, int num_indexed_cols) : schema_(data_schema) {
  int budget = num_indexed_cols < 0 ? INT32_MAX : num_indexed_cols;
  std::function<void(const Field&, std::vector<std::string>, std::vector<size_t>)> visit =
      [&](const Field& field, std::vector<std::string> path, std::vector<size_t> index) {
        path.push_back(field.name);
        if (field.type.id() == TypeId::kStruct) {
          const auto& children = field.type.fields();
          for (size_t i = 0; i < children.size() && budget > 0; ++i) {
            std::vector<size_t> child_index = index;
            child_index.push_back(i);
            visit(children[i], path, child_index);
          }
          return;
        }
        if (budget <= 0) return;
        --budget;
        auto leaf = std::make_unique<Leaf>();
        leaf->path = std::move(path);
        leaf->index = std::move(index);
        leaf->type = field.type;
        leaf->minmax = HasMinMax(field.type);
        leaves_.push_back(std::move(leaf));
      };
  for (size_t c = 0; c < data_schema.size() && budget > 0; ++c) visit(data_schema[c], {}, {c});
}

FileStatsCollector::~FileStatsCollector() = default;

void FileStatsCollector::Add(const Batch& batch) {
  num_records_ += static_cast<int64_t>(batch.num_rows());
  for (auto& leaf : leaves_) {
    // Leaves read through any encoding; only a struct's children need their parent flat.
    VectorPtr vector = batch.column_ptr(leaf->index[0]);
    for (size_t k = 1; k < leaf->index.size(); ++k) vector = Vector::Flatten(Vector::Flatten(vector)->child_ptr(leaf->index[k]));
    leaf->Observe(*vector, batch.num_rows());
  }
}

std::string FileStatsCollector::ToJson() const {
  // Nested objects by path: build each section as a tree of JSON texts.
  // (Names and children side by side: clang 14 cannot instantiate pair<string, Node> inside Node.)
  struct Node {
    std::vector<std::string> names;
    std::vector<Node> children;
    std::optional<std::string> value;
  };
  auto section = [&](auto bound) {
    Node root;
    for (const auto& leaf : leaves_) {
      std::optional<std::string> text = bound(*leaf);
      if (!text) continue;
      Node* node = &root;
      for (const std::string& name : leaf->path) {
        auto it = std::find(node->names.begin(), node->names.end(), name);
        size_t index = static_cast<size_t>(it - node->names.begin());
        if (it == node->names.end()) {
          node->names.push_back(name);
          node->children.emplace_back();
        }
        node = &node->children[index];
      }
      node->value = text;
    }
    std::function<void(const Node&, std::string*)> emit = [&](const Node& node, std::string* out) {
      if (node.value) {
        *out += *node.value;
        return;
      }
      json::ObjectWriter w(out);
      for (size_t i = 0; i < node.children.size(); ++i) {
        w.Key(node.names[i]);
        emit(node.children[i], out);
      }
      w.End();
    };
    std::string out;
    emit(root, &out);
    return out;
  };
  std::string out;
  json::ObjectWriter w(&out);
  w.Long("numRecords", num_records_);
  w.Raw("minValues", section([](const Leaf& l) { return l.minmax ? l.Text(l.min, false) : std::nullopt; }));
  w.Raw("maxValues", section([](const Leaf& l) { return l.minmax ? l.Text(l.max, true) : std::nullopt; }));
  w.Raw("nullCount", section([](const Leaf& l) { return std::optional<std::string>(std::to_string(l.nulls)); }));
  w.End();
  return out;
}

// --- the writer --------------------------------------------------------------------

struct TableWriter::OpenFile {
  std::string relative_path;  // as in add.path (decoded)
  PartitionValues partition_values;
  std::unique_ptr<parquet::ParquetWriter> writer;
  std::unique_ptr<FileStatsCollector> stats;
  std::string directory;
};

namespace {

// The type with struct field names replaced by their physical names.
DataType PhysicalType(const DeltaType& type) {
  if (type.type.id() == TypeId::kStruct) {
    std::vector<Field> fields;
    for (const DeltaField& f : type.fields) fields.push_back({f.physical_name, PhysicalType(f.type), f.nullable, ""});
    return DataType::Struct(std::move(fields));
  }
  return type.type;
}

// Column mapping 'id': the field ids of `field` and of the struct fields
// below it, keyed by their Parquet paths of physical names (as PhysicalType
// names them; struct fields inside arrays and maps keep their logical names
// and get no ids).
void CollectFieldIds(const DeltaField& field, const std::string& parent, std::map<std::string, int32_t>* ids) {
  const std::string path = parent.empty() ? field.physical_name : parent + "." + field.physical_name;
  if (field.column_mapping_id) (*ids)[path] = static_cast<int32_t>(*field.column_mapping_id);
  if (field.type.type.id() != TypeId::kStruct) return;
  for (const DeltaField& f : field.type.fields) CollectFieldIds(f, path, ids);
}

// Re-labels a vector with physical struct field names (column mapping).
VectorPtr Relabel(const VectorPtr& vector, const DataType& physical) {
  if (vector->type() == physical) return vector;
  if (physical.id() != TypeId::kStruct) {
    ThrowError(ErrorClass::kUnsupportedFeature,
               {{"feature", "writing nested structs inside arrays or maps of a table with column mapping"}});
  }
  VectorPtr flat = Vector::Flatten(vector);
  VectorPtr out = Vector::Make(physical, flat->size());
  for (size_t i = 0; i < physical.fields().size(); ++i) {
    out->set_child(i, Relabel(flat->child_ptr(i), physical.fields()[i].type));
  }
  for (size_t r = 0; r < flat->size(); ++r) {
    if (flat->IsNull(r)) out->SetNull(r);
  }
  return out;
}

}  // namespace

TableWriter::TableWriter(std::shared_ptr<FileSystem> fs, std::string table_path, const Metadata& metadata,
                         const Protocol& protocol, TableWriteOptions options)
    : fs_(std::move(fs)),
      table_path_(std::move(table_path)),
      metadata_(metadata),
      protocol_(protocol),
      options_(std::move(options)),
      delta_schema_(ParseSchemaString(metadata.schema_string, table_path_ + "/_delta_log")),
      schema_(delta_schema_.ToSchema()),
      partition_columns_(metadata.partition_columns),
      write_id_(RandomUuid()) {
  const ColumnMappingMode mode = GetColumnMappingMode(protocol, metadata);
  const bool mapped = mode != ColumnMappingMode::kNone;
  std::vector<bool> is_partition(schema_.size(), false);
  for (const std::string& p : partition_columns_) {
    const int i = delta_schema_.FieldIndex(p);
    if (i < 0) {
      ThrowError(ErrorClass::kDeltaMissingPartitionColumn, {{"columnName", "`" + p + "`"}, {"columnList", ""}});
    }
    partition_index_.push_back(i);
    partition_keys_.push_back(mapped ? delta_schema_.fields[i].physical_name : p);  // PROTOCOL.md "Column Mapping"
    is_partition[i] = true;
  }
  for (size_t i = 0; i < schema_.size(); ++i) {
    if (is_partition[i]) continue;
    data_index_.push_back(static_cast<int>(i));
    const DeltaField& f = delta_schema_.fields[i];
    physical_data_schema_.push_back(
        {mapped ? f.physical_name : f.name, mapped ? PhysicalType(f.type) : f.type.type, f.nullable, ""});
    if (mode == ColumnMappingMode::kId) CollectFieldIds(f, "", &field_ids_);
  }
}

TableWriter::~TableWriter() = default;

Batch TableWriter::ToPhysical(const Batch& data) const {
  std::vector<VectorPtr> columns;
  for (size_t c = 0; c < data_index_.size(); ++c) {
    columns.push_back(Relabel(data.column_ptr(data_index_[c]), physical_data_schema_[c].type));
  }
  return Batch(physical_data_schema_, std::move(columns), data.num_rows());
}

TableWriter::OpenFile& TableWriter::FileFor(const std::string& key, const PartitionValues& values,
                                            const std::string& directory) {
  auto& slot = open_[key];
  if (!slot) {
    slot = std::make_unique<OpenFile>();
    slot->partition_values = values;
    slot->directory = directory;
  }
  if (!slot->writer) {
    char name[96];
    std::snprintf(name, sizeof(name), "-%05d-%s.c000.snappy.parquet", file_counter_++, write_id_.c_str());
    slot->relative_path = directory + options_.file_prefix + name;
    slot->writer = parquet::ParquetWriter::Open(*fs_, table_path_ + "/" + slot->relative_path, physical_data_schema_,
                                                [&] {
                                                  parquet::ParquetWriteOptions o;
                                                  o.field_ids = field_ids_;
                                                  o.row_group_bytes = std::max<int64_t>(
                                                      1, std::min<int64_t>(options_.target_file_size, int64_t{128} << 20));
                                                  return o;
                                                }());
    slot->stats = std::make_unique<FileStatsCollector>(physical_data_schema_, options_.num_indexed_cols);
  }
  return *slot;
}

void TableWriter::Roll(OpenFile& file) {
  if (!file.writer) return;
  file.writer->Close();
  AddFile add;
  add.path = file.relative_path;
  add.partition_values = file.partition_values;
  add.size = static_cast<int64_t>(file.writer->file_size());
  Result<FileInfo> info = fs_->Stat(table_path_ + "/" + file.relative_path);
  add.modification_time = info.ok() && info->modification_time_ms > 0
                              ? info->modification_time_ms
                              : (options_.clock ? options_.clock() : SystemNowMs());
  add.data_change = true;
  add.stats = file.stats->ToJson();
  done_.push_back(std::move(add));
  file.writer.reset();
  file.stats.reset();
}

void TableWriter::Write(const Batch& batch) {
  TARN_CHECK_EQ(batch.num_columns(), schema_.size());
  if (batch.num_rows() == 0) return;
  num_rows_ += static_cast<int64_t>(batch.num_rows());
  // Group rows by partition.
  std::map<std::string, std::pair<PartitionValues, SelectionVector>> groups;
  std::map<std::string, std::string> directories;
  for (size_t r = 0; r < batch.num_rows(); ++r) {
    std::string key;
    PartitionValues values;
    std::string directory;
    for (size_t p = 0; p < partition_index_.size(); ++p) {
      std::optional<std::string> text = PartitionValueText(batch.column(partition_index_[p]), r);
      values[partition_keys_[p]] = text;
      directory += EscapePartitionPathName(partition_columns_[p]) + "=" +
                   (text ? EscapePartitionPathName(*text) : std::string(kDefaultPartition)) + "/";
      key += text ? "v" + *text : "n";
      key.push_back('\0');
    }
    auto& group = groups[key];
    if (group.second.empty()) {
      group.first = std::move(values);
      directories[key] = std::move(directory);
    }
    group.second.push_back(static_cast<uint32_t>(r));
  }
  for (auto& [key, group] : groups) {
    Batch rows = groups.size() == 1 ? batch : batch.Select(group.second);
    Batch physical = ToPhysical(rows);
    OpenFile& file = FileFor(key, group.first, directories[key]);
    file.writer->Write(physical);
    file.stats->Add(physical);
    if (static_cast<int64_t>(file.writer->file_size()) >= options_.target_file_size) Roll(file);
  }
}

std::vector<AddFile> TableWriter::Finish() {
  for (auto& [key, file] : open_) Roll(*file);
  open_.clear();
  return std::move(done_);
}

std::unique_ptr<TableWriter> TableWriter::NewSibling() const {
  return std::make_unique<TableWriter>(fs_, table_path_, metadata_, protocol_, options_);
}

void TableWriter::Adopt(std::vector<AddFile> adds) {
  for (AddFile& add : adds) done_.push_back(std::move(add));
}

}  // namespace tarn::delta
