// The writer's half of the Spark ↔ Parquet type mapping (schema.h reads it
// back): a Spark Schema becomes the footer's SchemaElements, one WriteLeaf per
// primitive column and a WriteNode tree the shredder walks.
//
// The layout is the one Spark writes (spark.sql.parquet.writeLegacyFormat=false):
//   boolean → BOOLEAN; byte/short → INT32 INT(8/16,signed); int → INT32;
//   long → INT64; float → FLOAT; double → DOUBLE;
//   decimal(p,s) → INT32 (p<=9), INT64 (p<=18), else FIXED_LEN_BYTE_ARRAY of the
//     fewest bytes that hold p digits, all DECIMAL(p,s);
//   string → BYTE_ARRAY STRING; binary → BYTE_ARRAY;
//   date → INT32 DATE; timestamp → INT64 TIMESTAMP(MICROS,utc=true);
//   timestamp_ntz → INT64 TIMESTAMP(MICROS,utc=false);
//   time → INT64 TIME(MICROS,utc=false) (Spark 4.1's canonical form: a local time);
//   year-month interval → INT32, day-time interval → INT64, unannotated (Spark
//     refuses to write intervals to Parquet; these read back as int / bigint);
//   calendar interval → FIXED_LEN_BYTE_ARRAY(12) INTERVAL (months, days,
//     milliseconds, unsigned little-endian: see column_writer.h for the checks);
//   null → optional INT32 UNKNOWN (always optional, only nulls);
//   array → 3-level LIST: <rep> group (LIST) { repeated group list { <rep> element } };
//   map → <rep> group (MAP) { repeated group key_value { required key; <rep> value } };
//   struct → group.
// Nullable fields are optional, the others required.
//
// Thread safety: immutable values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formats/parquet/metadata.h"
#include "types/data_type.h"

namespace tarn::parquet {

/// One primitive column of the file being written.
struct WriteLeaf {
  std::vector<std::string> path;  ///< ColumnMetaData::path_in_schema
  Type physical_type = Type::kInt32;
  int32_t type_length = 0;  ///< FIXED_LEN_BYTE_ARRAY width
  int16_t max_def_level = 0;
  int16_t max_rep_level = 0;
  DataType type;  ///< the Spark type of the values
};

/// A Spark field as the shredder sees it.
struct WriteNode {
  enum class Kind : uint8_t { kPrimitive, kStruct, kList, kMap };
  Kind kind = Kind::kPrimitive;
  std::string name;
  bool optional = true;   ///< the field's own level: null values are possible
  int16_t def_level = 0;  ///< def level of a non-null value of this field
  int16_t rep_level = 0;  ///< lists/maps: rep level of their repeated group
  int leaf = -1;          ///< primitive: index into WriteSchema::leaves
  int first_leaf = 0;     ///< leaves below this node: [first_leaf, end_leaf)
  int end_leaf = 0;
  bool is_null_type = false;  ///< a NullType leaf: every value is written as null
  std::vector<WriteNode> children;  ///< struct fields; list {element}; map {key, value}
};

struct WriteSchema {
  std::vector<SchemaElement> elements;  ///< depth-first, [0] is the root
  std::vector<WriteNode> fields;
  std::vector<WriteLeaf> leaves;
};

/// Maps a Spark schema; throws UNSUPPORTED_FEATURE for what Parquet cannot
/// hold (an empty struct).
WriteSchema BuildWriteSchema(const Schema& schema);

/// Bytes of the FIXED_LEN_BYTE_ARRAY holding DECIMAL(precision) values
/// (Spark's minBytesForPrecision).
int DecimalByteWidth(int precision);

}  // namespace tarn::parquet
