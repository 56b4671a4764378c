#include "delta/column_mapping.h"

#include <string>

#include "common/error.h"
#include "common/strings.h"
#include "delta/write_util.h"

namespace tarn::delta {
namespace {

void AssignIds(DeltaType& type, int64_t* max_id, bool fresh_names);

void AssignIds(DeltaField& field, int64_t* max_id, bool fresh_names) {
  const int64_t id = ++*max_id;
  SetFieldMetadata(field, "delta.columnMapping.id", std::to_string(id));
  SetFieldMetadata(field, "delta.columnMapping.physicalName",
                   JsonQuote(fresh_names ? "col-" + RandomUuid() : field.name));
  AssignIds(field.type, max_id, fresh_names);
}

void AssignIds(DeltaType& type, int64_t* max_id, bool fresh_names) {
  for (DeltaField& f : type.fields) AssignIds(f, max_id, fresh_names);
  for (DeltaType& child : type.children) AssignIds(child, max_id, fresh_names);
}

bool HasMetadata(const DeltaType& type);
bool HasMetadata(const DeltaField& field) {
  return field.column_mapping_id.has_value() || field.physical_name != field.name || HasMetadata(field.type);
}
bool HasMetadata(const DeltaType& type) {
  for (const DeltaField& f : type.fields) {
    if (HasMetadata(f)) return true;
  }
  for (const DeltaType& child : type.children) {
    if (HasMetadata(child)) return true;
  }
  return false;
}

}  // namespace

std::string ColumnMappingModeOf(const std::map<std::string, std::string>& configuration) {
  for (const auto& [k, v] : configuration) {
    if (AsciiLower(k) == AsciiLower(kColumnMappingModeKey)) return AsciiLower(v);
  }
  return "none";
}

int64_t MaxColumnId(const std::map<std::string, std::string>& configuration) {
  auto it = configuration.find(kColumnMappingMaxIdKey);
  if (it == configuration.end()) return 0;
  try {
    return std::stoll(it->second);
  } catch (...) {
    return 0;
  }
}

void AssignColumnMapping(DeltaField& field, int64_t* max_id) { AssignIds(field, max_id, /*fresh_names=*/true); }

void EnableColumnMapping(DeltaSchema& schema, int64_t* max_id) {
  for (DeltaField& f : schema.fields) AssignIds(f, max_id, /*fresh_names=*/false);
}

void ApplyPropertyChange(const Metadata& before, Metadata& after, Protocol& protocol) {
  const std::string old_mode = ColumnMappingModeOf(before.configuration);
  const std::string new_mode = ColumnMappingModeOf(after.configuration);
  if (old_mode != new_mode) {
    if (old_mode != "none" || new_mode != "name") {
      ThrowError(ErrorClass::kDeltaUnsupportedColumnMappingModeChange, {{"oldMode", old_mode}, {"newMode", new_mode}});
    }
    DeltaSchema schema = ParseSchemaString(after.schema_string, "the table schema");
    int64_t max_id = MaxColumnId(after.configuration);
    EnableColumnMapping(schema, &max_id);
    after.schema_string = SchemaToJson(schema);
    after.configuration[kColumnMappingMaxIdKey] = std::to_string(max_id);
    protocol = WithFeature(protocol, "columnMapping");
  }
  for (const auto& [k, v] : after.configuration) {
    if (AsciiLower(k) == "delta.enabletypewidening" && AsciiLower(v) == "true") protocol = WithFeature(protocol, "typeWidening");
  }
}

bool HasColumnMappingMetadata(const DeltaSchema& schema) {
  for (const DeltaField& f : schema.fields) {
    if (HasMetadata(f)) return true;
  }
  return false;
}

}  // namespace tarn::delta
