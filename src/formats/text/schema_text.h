// Schemas as Spark prints them: the printSchema() tree and the StructType
// JSON (DataType.json), with Spark's typeName for each type ("integer",
// "long", "decimal(10,2)", "timestamp_ntz", "interval day to second").
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include "types/data_type.h"

namespace tarn {

/// Spark's DataType.typeName (printSchema and JSON names).
std::string SparkTypeName(const DataType& type);

/// Spark's StructType.treeString:
///   root
///    |-- a: integer (nullable = true)
///    |-- s: struct (nullable = true)
///    |    |-- x: string (nullable = true)
std::string SchemaTreeString(const Schema& schema);

/// Spark's StructType.json, compact: {"type":"struct","fields":[{"name":"a",
/// "type":"integer","nullable":true,"metadata":{}}]}; a field comment goes
/// into metadata as {"comment":"…"}.
std::string SchemaToJson(const Schema& schema);
/// One type in the same JSON form ("integer", or an object for nested types).
std::string DataTypeToJson(const DataType& type);

}  // namespace tarn
