#include "delta/checkpoint_reader.h"

#include <optional>

#include "common/error.h"
#include "formats/json/row_json.h"
#include "formats/parquet/reader.h"

namespace tarn::delta {
namespace {

/// One value of a vector of any encoding: its flat base and the row in it.
struct Cell {
  const Vector* vector = nullptr;
  size_t row = 0;

  bool null() const { return vector == nullptr || vector->IsNull(row); }

  Cell Field(std::string_view name) const {
    if (null() || vector->type().id() != TypeId::kStruct) return {};
    int index = vector->type().FieldIndex(name, /*case_sensitive=*/true);
    if (index < 0) return {};
    return At(vector->child(static_cast<size_t>(index)), row);
  }

  static Cell At(const Vector& v, size_t row) { return {&v.Base(), v.RowIndex(row)}; }

  std::optional<std::string> String() const {
    if (null() || !vector->type().is_string_like()) return std::nullopt;
    return std::string(vector->StringAt(row).view());
  }

  std::optional<int64_t> Long() const {
    if (null()) return std::nullopt;
    switch (vector->type().id()) {
      case TypeId::kByte: return vector->ValueAt<int8_t>(row);
      case TypeId::kShort: return vector->ValueAt<int16_t>(row);
      case TypeId::kInt: return vector->ValueAt<int32_t>(row);
      case TypeId::kLong: return vector->ValueAt<int64_t>(row);
      default: return std::nullopt;
    }
  }

  std::optional<bool> Bool() const {
    if (null() || vector->type().id() != TypeId::kBoolean) return std::nullopt;
    return vector->ValueAt<uint8_t>(row) != 0;
  }

  /// map<string,string> → entries; null values stay null.
  PartitionValues NullableMap() const {
    PartitionValues map;
    if (null() || vector->type().id() != TypeId::kMap) return map;
    const int32_t* offsets = vector->offsets();
    for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) {
      auto key = At(vector->child(0), static_cast<size_t>(i)).String();
      if (!key) continue;
      map[*key] = At(vector->child(1), static_cast<size_t>(i)).String();
    }
    return map;
  }

  StringMap Map() const {
    StringMap map;
    for (auto& [k, v] : NullableMap()) {
      if (v) map[k] = *v;
    }
    return map;
  }

  std::vector<std::string> StringList() const {
    std::vector<std::string> list;
    if (null() || vector->type().id() != TypeId::kArray) return list;
    const int32_t* offsets = vector->offsets();
    for (int32_t i = offsets[row]; i < offsets[row + 1]; ++i) {
      if (auto s = At(vector->child(0), static_cast<size_t>(i)).String()) list.push_back(*s);
    }
    return list;
  }
};

[[noreturn]] void Missing(const std::string& path, const std::string& what) {
  ThrowError(ErrorClass::kCorruptFile, {{"path", path}, {"message", "checkpoint action without " + what}});
}

std::optional<DeletionVectorDescriptor> ReadDeletionVector(Cell dv, const std::string& path) {
  if (dv.null()) return std::nullopt;
  DeletionVectorDescriptor d;
  auto storage = dv.Field("storageType").String();
  auto inline_or_path = dv.Field("pathOrInlineDv").String();
  auto size = dv.Field("sizeInBytes").Long();
  auto cardinality = dv.Field("cardinality").Long();
  if (!storage || storage->size() != 1 || !inline_or_path || !size || !cardinality) Missing(path, "a complete deletionVector");
  d.storage_type = (*storage)[0];
  d.path_or_inline_dv = *inline_or_path;
  if (auto offset = dv.Field("offset").Long()) d.offset = static_cast<int32_t>(*offset);
  d.size_in_bytes = static_cast<int32_t>(*size);
  d.cardinality = *cardinality;
  return d;
}

AddFile ReadAdd(Cell c, const std::string& path) {
  AddFile a;
  auto file = c.Field("path").String();
  if (!file) Missing(path, "add.path");
  a.path = DecodePath(*file);
  a.partition_values = c.Field("partitionValues").NullableMap();
  a.size = c.Field("size").Long().value_or(0);
  a.modification_time = c.Field("modificationTime").Long().value_or(0);
  a.data_change = c.Field("dataChange").Bool().value_or(true);
  a.stats = c.Field("stats").String();
  a.tags = c.Field("tags").Map();
  a.deletion_vector = ReadDeletionVector(c.Field("deletionVector"), path);
  a.base_row_id = c.Field("baseRowId").Long();
  a.default_row_commit_version = c.Field("defaultRowCommitVersion").Long();
  a.clustering_provider = c.Field("clusteringProvider").String();
  Cell parsed = c.Field("stats_parsed");
  if (!a.stats && !parsed.null()) {
    std::string text;
    AppendValueJson(*parsed.vector, parsed.row, &text);
    a.stats_from_checkpoint = std::move(text);
  }
  return a;
}

RemoveFile ReadRemove(Cell c, const std::string& path) {
  RemoveFile r;
  auto file = c.Field("path").String();
  if (!file) Missing(path, "remove.path");
  r.path = DecodePath(*file);
  r.deletion_timestamp = c.Field("deletionTimestamp").Long();
  r.data_change = c.Field("dataChange").Bool().value_or(true);
  r.extended_file_metadata = c.Field("extendedFileMetadata").Bool();
  if (!c.Field("partitionValues").null()) r.partition_values = c.Field("partitionValues").NullableMap();
  r.size = c.Field("size").Long();
  r.deletion_vector = ReadDeletionVector(c.Field("deletionVector"), path);
  r.base_row_id = c.Field("baseRowId").Long();
  r.default_row_commit_version = c.Field("defaultRowCommitVersion").Long();
  return r;
}

Metadata ReadMetadata(Cell c, const std::string& path) {
  Metadata m;
  auto id = c.Field("id").String();
  auto schema = c.Field("schemaString").String();
  if (!id || !schema) Missing(path, "metaData.id/schemaString");
  m.id = *id;
  m.name = c.Field("name").String();
  m.description = c.Field("description").String();
  Cell format = c.Field("format");
  m.format.provider = format.Field("provider").String().value_or("parquet");
  m.format.options = format.Field("options").Map();
  m.schema_string = *schema;
  m.partition_columns = c.Field("partitionColumns").StringList();
  m.created_time = c.Field("createdTime").Long();
  m.configuration = c.Field("configuration").Map();
  return m;
}

Protocol ReadProtocol(Cell c, const std::string& path) {
  Protocol p;
  auto reader = c.Field("minReaderVersion").Long();
  auto writer = c.Field("minWriterVersion").Long();
  if (!reader || !writer) Missing(path, "protocol versions");
  p.min_reader_version = static_cast<int32_t>(*reader);
  p.min_writer_version = static_cast<int32_t>(*writer);
  if (!c.Field("readerFeatures").null()) p.reader_features = c.Field("readerFeatures").StringList();
  if (!c.Field("writerFeatures").null()) p.writer_features = c.Field("writerFeatures").StringList();
  return p;
}

constexpr const char* kActionColumns[] = {"add", "remove", "metaData", "protocol", "txn",
                                          "domainMetadata", "checkpointMetadata", "sidecar"};

}  // namespace

std::vector<Action> ReadParquetActions(FileSystem& fs, const std::string& path) {
  parquet::ParquetReadOptions options;
  {
    auto probe = parquet::ParquetReader::Open(fs, path);
    for (const char* name : kActionColumns) {
      for (const Field& f : probe->file_schema()) {
        if (f.name == name && f.type.id() == TypeId::kStruct) options.columns.push_back(name);
      }
    }
  }
  std::vector<Action> actions;
  if (options.columns.empty()) return actions;
  auto reader = parquet::ParquetReader::Open(fs, path, options);
  Batch batch;
  while (reader->Next(&batch)) {
    for (size_t row = 0; row < batch.num_rows(); ++row) {
      for (size_t c = 0; c < batch.num_columns(); ++c) {
        Cell cell = Cell::At(batch.column(c), row);
        if (cell.null()) continue;
        const std::string& name = batch.schema()[c].name;
        if (name == "add") {
          actions.push_back(ReadAdd(cell, path));
        } else if (name == "remove") {
          actions.push_back(ReadRemove(cell, path));
        } else if (name == "metaData") {
          actions.push_back(ReadMetadata(cell, path));
        } else if (name == "protocol") {
          actions.push_back(ReadProtocol(cell, path));
        } else if (name == "txn") {
          auto app = cell.Field("appId").String();
          auto version = cell.Field("version").Long();
          if (!app || !version) Missing(path, "txn.appId/version");
          actions.push_back(Txn{*app, *version, cell.Field("lastUpdated").Long()});
        } else if (name == "domainMetadata") {
          auto domain = cell.Field("domain").String();
          if (!domain) Missing(path, "domainMetadata.domain");
          actions.push_back(DomainMetadata{*domain, cell.Field("configuration").String().value_or(""),
                                           cell.Field("removed").Bool().value_or(false)});
        } else if (name == "checkpointMetadata") {
          auto version = cell.Field("version").Long();
          if (!version) Missing(path, "checkpointMetadata.version");
          actions.push_back(CheckpointMetadata{*version, cell.Field("tags").Map()});
        } else if (name == "sidecar") {
          auto file = cell.Field("path").String();
          if (!file) Missing(path, "sidecar.path");
          actions.push_back(Sidecar{DecodePath(*file), cell.Field("sizeInBytes").Long().value_or(0),
                                    cell.Field("modificationTime").Long().value_or(0), cell.Field("tags").Map()});
        }
        break;  // one action per row
      }
    }
  }
  return actions;
}

}  // namespace tarn::delta
