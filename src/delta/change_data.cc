#include "delta/change_data.h"

#include <algorithm>

#include "common/check.h"
#include "common/error.h"
#include "common/strings.h"
#include "delta/schema.h"

namespace tarn::delta {

bool ChangeDataFeedEnabled(const Metadata& metadata) {
  for (const auto& [key, value] : metadata.configuration) {
    if (EqualsIgnoreCase(key, "delta.enableChangeDataFeed")) return AsciiLower(value) == "true";
  }
  return false;
}

bool RequireChangeDataFeed(Protocol* protocol) {
  if (protocol->writer_features) {
    auto& features = *protocol->writer_features;
    if (std::find(features.begin(), features.end(), "changeDataFeed") != features.end()) return false;
    features.push_back("changeDataFeed");
    return true;
  }
  if (protocol->min_writer_version >= 4) return false;
  protocol->min_writer_version = 4;
  return true;
}

void CheckNoReservedChangeColumns(const Schema& schema) {
  std::string found;
  for (const Field& f : schema) {
    for (const char* reserved : {kChangeTypeColumn, kCommitVersionColumn, kCommitTimestampColumn}) {
      if (EqualsIgnoreCase(f.name, reserved)) found += (found.empty() ? "" : ",") + f.name;
    }
  }
  if (!found.empty()) ThrowError(ErrorClass::kDeltaTableAlreadyContainsCdcColumns, {{"columnList", "[" + found + "]"}});
}

namespace {

// The metadata the change files are written with: the table's schema plus
// `_change_type` (no column-mapping metadata: its physical name is its name).
Metadata ChangeFileMetadata(const std::string& table_path, const Metadata& table) {
  Metadata m = table;
  DeltaSchema schema = ParseSchemaString(table.schema_string, table_path + "/_delta_log");
  DeltaField change_type;
  change_type.name = kChangeTypeColumn;
  change_type.physical_name = kChangeTypeColumn;
  change_type.type.type = DataType::String();
  schema.fields.push_back(std::move(change_type));
  m.schema_string = SchemaToJson(schema);
  return m;
}

bool IsChangeType(std::string_view value) {
  return value == kChangeInsert || value == kChangeDelete || value == kChangeUpdatePreimage ||
         value == kChangeUpdatePostimage;
}

}  // namespace

ChangeDataWriter::ChangeDataWriter(std::shared_ptr<FileSystem> fs, const std::string& table_path,
                                   const Metadata& metadata, const Protocol& protocol, TableWriteOptions options) {
  TARN_CHECK(ChangeDataFeedEnabled(metadata), "change data files for a table without delta.enableChangeDataFeed");
  options.file_prefix = "cdc";
  // The change files live in their own tree: `_change_data/` is the root the
  // table writer lays partition directories under.
  writer_ = std::make_unique<TableWriter>(std::move(fs), table_path + "/" + kChangeDataDir,
                                          ChangeFileMetadata(table_path, metadata), protocol, std::move(options));
  change_type_index_ = static_cast<int>(writer_->schema().size()) - 1;
}

ChangeDataWriter::~ChangeDataWriter() = default;

const Schema& ChangeDataWriter::schema() const { return writer_->schema(); }

int64_t ChangeDataWriter::num_rows() const { return writer_->num_rows(); }

void ChangeDataWriter::Write(const Batch& batch) {
  TARN_CHECK_EQ(batch.num_columns(), writer_->schema().size());
  const Vector& types = batch.column(change_type_index_);
  TARN_CHECK(types.type().id() == TypeId::kString, "_change_type must be a string column");
  for (size_t r = 0; r < batch.num_rows(); ++r) {
    TARN_CHECK(!types.IsNull(r) && IsChangeType(types.StringAt(r).view()),
               "a change row needs _change_type insert, delete, update_preimage or update_postimage");
  }
  writer_->Write(batch);
}

std::vector<AddCdcFile> ChangeDataWriter::Finish() {
  std::vector<AddCdcFile> out;
  for (AddFile& add : writer_->Finish()) {
    AddCdcFile cdc;
    cdc.path = std::string(kChangeDataDir) + "/" + add.path;
    cdc.partition_values = std::move(add.partition_values);
    cdc.size = add.size;
    cdc.data_change = false;
    out.push_back(std::move(cdc));
  }
  return out;
}

}  // namespace tarn::delta
