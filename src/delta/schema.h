// The Delta table schema (PROTOCOL.md "Schema Serialization Format"): Spark's
// JSON schema, parsed into tarn types plus what tarn's Field does not hold —
// the per-field metadata that column mapping and type widening need.
//
// DeltaType mirrors a DataType: for structs it lists the fields with their
// metadata; for arrays and maps it holds the element / key and value types
// (whose structs carry metadata of their own). Column mapping: every struct
// field has a physical name (`delta.columnMapping.physicalName`, else its
// name) and an optional id (`delta.columnMapping.id`, the Parquet field_id in
// id mode).
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "types/data_type.h"

namespace tarn::delta {

struct DeltaField;

struct DeltaType {
  DataType type;                  ///< the tarn type, with logical field names
  std::vector<DeltaField> fields;  ///< struct: its fields
  std::vector<DeltaType> children; ///< array: {element}; map: {key, value}
};

/// One entry of a field's `delta.typeChanges` (PROTOCOL.md "Type Change Metadata").
struct TypeChange {
  std::string from_type;   ///< Delta type names, e.g. "integer", "decimal(10,2)"
  std::string to_type;
  std::string field_path;  ///< "" for the field itself, else "element", "key", "value", "element.key", ...
};

struct DeltaField {
  std::string name;
  DeltaType type;
  bool nullable = true;
  /// The "metadata" object as JSON text ("{}" when empty), kept for writers.
  std::string metadata_json = "{}";
  std::optional<int64_t> column_mapping_id;
  std::string physical_name;  ///< delta.columnMapping.physicalName, else `name`
  std::string comment;        ///< the "comment" metadata (column comments), else empty
  std::vector<TypeChange> type_changes;  ///< delta.typeChanges
};

/// Field metadata edits (the metadata JSON object keeps its other members in
/// order): sets `key` to the JSON value `raw_json`, or removes it. The
/// parsed members (column mapping, comment, type changes) follow.
void SetFieldMetadata(DeltaField& field, std::string_view key, std::string_view raw_json);
void RemoveFieldMetadata(DeltaField& field, std::string_view key);
/// The JSON text of metadata member `key`, or nullopt.
std::optional<std::string> FieldMetadata(const DeltaField& field, std::string_view key);

/// Recomputes `type.type` (and its nested types) from the fields and
/// children, after fields were edited in place.
void RefreshType(DeltaType& type);

/// A table schema: the top-level struct.
struct DeltaSchema {
  std::vector<DeltaField> fields;

  /// The tarn schema (logical names).
  Schema ToSchema() const;
  /// Index of the top-level field `name` (case-insensitive), or -1.
  int FieldIndex(std::string_view name) const;
};

/// Parses `metaData.schemaString`. Throws FAILED_READ_FILE.FILE_CORRUPTED
/// naming `file` for malformed schemas and UNSUPPORTED_DATATYPE for types
/// tarn cannot represent (variant, unknown names).
DeltaSchema ParseSchemaString(std::string_view json, const std::string& file);

/// A Delta schema for a tarn schema (no metadata: column mapping off).
DeltaSchema FromSchema(const Schema& schema);

/// Spark's JSON for a schema or a type ({"type":"struct","fields":[...]}),
/// with the field metadata kept.
std::string SchemaToJson(const DeltaSchema& schema);
std::string TypeToJson(const DeltaType& type);

/// The type of a Delta primitive type name ("integer", "decimal(10,2)", ...); nullopt when unknown.
std::optional<DataType> ParsePrimitiveTypeName(std::string_view name);

/// Delta's name of a primitive type ("integer", "long", "decimal(10,2)",
/// "timestamp_ntz", ...); for nested types, see TypeToJson.
std::string PrimitiveTypeName(const DataType& type);

}  // namespace tarn::delta
