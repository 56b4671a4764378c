// The bridge between a Parquet schema (a depth-first list of SchemaElements)
// and Spark types: which Spark type each field has, and for every leaf
// column the levels and value conversion the column reader needs.
//
// The mapping follows Spark's ParquetSchemaConverter, including the legacy
// list/map layouts (2-level lists, un-annotated repeated fields, MAP_KEY_VALUE)
// described in parquet-format's LogicalTypes.md "backward-compatibility rules".
//
// Thread safety: immutable after construction.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "formats/parquet/metadata.h"
#include "types/data_type.h"

namespace tarn::parquet {

/// How a leaf's stored values turn into the values of its Spark type.
enum class ValueConversion : uint8_t {
  kNone,            ///< stored as the vector holds them (bool, int32→int, int64→long, float, double, strings)
  kInt32ToInt8,
  kInt32ToInt16,
  kUInt32ToInt16,   ///< UINT_8 → smallint
  kUInt32ToInt32,   ///< UINT_16 → int
  kUInt32ToInt64,   ///< UINT_32 → bigint
  kUInt64ToDecimal, ///< UINT_64 → decimal(20,0)
  kInt32ToDecimal,
  kInt64ToDecimal,
  kBytesToDecimal,  ///< big-endian two's complement (BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY)
  kBytesToDouble,   ///< decimals wider than 38 digits, as DuckDB reads them
  kMillisToMicros,  ///< INT64 TIMESTAMP(MILLIS) / INT32 TIME(MILLIS)
  kNanosToMicros,   ///< INT64 TIMESTAMP(NANOS) / TIME(NANOS)
  kInt96ToMicros,
  kFloat16ToFloat,
  kUuidToString,    ///< 16 bytes → "xxxxxxxx-xxxx-…"
  kIntervalToCalendar,  ///< FIXED_LEN_BYTE_ARRAY(12) INTERVAL → months, days, micros
  kAllNull,         ///< UNKNOWN/NullType: only nulls are stored
};

/// One leaf column of the file, as the column reader sees it.
struct LeafColumn {
  int index = 0;          ///< position among the file's leaves (column chunk index)
  int element_index = 0;  ///< position in FileMetaData::schema
  std::vector<std::string> path;
  Type physical_type = Type::kInt32;
  int type_length = 0;    ///< FIXED_LEN_BYTE_ARRAY width
  int16_t max_def_level = 0;
  int16_t max_rep_level = 0;
  DataType type;          ///< the Spark type of the values
  ValueConversion conversion = ValueConversion::kNone;
  bool validate_utf8 = false;  ///< STRING-annotated byte arrays
  int decimal_scale = 0;       ///< kBytesToDouble: the scale of the stored decimal
};

/// A Spark field of the file and how its slots appear in the level streams of
/// the leaves below it (see record_assembly.h for how these are used).
struct SchemaNode {
  Field field;
  int16_t def_level = 0;       ///< def level at which this value is non-null
  int16_t rep_level = 0;       ///< repeated ancestors above this value
  int16_t slot_def_level = 0;  ///< def level at which the enclosing list has an element (0 at top level)
  // Lists and maps: levels of the repeated layer.
  int16_t element_def_level = 0;  ///< def level at which an element/entry exists
  int16_t element_rep_level = 0;
  int leaf = -1;  ///< primitive: index into FileSchema::leaves
  std::vector<SchemaNode> children;  ///< struct fields; list: {element}; map: {key, value}
};

class FileSchema {
 public:
  /// Validates and converts; throws FAILED_READ_FILE errors for malformed or
  /// contradictory schemas (e.g. DATE on INT64).
  FileSchema(const std::vector<SchemaElement>& elements, std::string_view path);

  const Schema& spark_schema() const { return spark_schema_; }
  const std::vector<SchemaNode>& fields() const { return fields_; }
  const std::vector<LeafColumn>& leaves() const { return leaves_; }
  /// The top-level field with this name (case-insensitive, as Spark resolves), or null.
  const SchemaNode* FindField(std::string_view name) const;
  /// The leaf of a top-level primitive field with this name, or null (nested or unknown).
  const LeafColumn* FindTopLevelLeaf(std::string_view name) const;

 private:
  Schema spark_schema_;
  std::vector<SchemaNode> fields_;
  std::vector<LeafColumn> leaves_;
};

}  // namespace tarn::parquet
