// Spark's type strings as text: the DDL forms users write in CAST(x AS ...),
// schemas ("a INT, b STRING NOT NULL") and from_json/schema_of_json options,
// and the canonical forms DataType::ToString/ToSql print.
//
//   int, integer, bigint, long, decimal(10,2), varchar(5) (→ string),
//   interval day to second, array<int>, map<string, int>,
//   struct<a: int, `b c`: string NOT NULL COMMENT 'x'>
//
// Keywords are case-insensitive; field names keep their case.
//
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "types/data_type.h"

namespace tarn {

/// Parses one data type. Throws PARSE_SYNTAX_ERROR for malformed text and
/// UNSUPPORTED_DATATYPE for unknown type names or out-of-range parameters
/// (decimal precision/scale, char length).
DataType ParseDataType(std::string_view text);

/// Parses a schema: "a INT, b STRING NOT NULL COMMENT 'x'" (colons after the
/// names optional) or "struct<a: int, ...>". Empty text is an empty schema.
Schema ParseSchemaDdl(std::string_view text);

}  // namespace tarn
