// Arrow C Data Interface (https://arrow.apache.org/docs/format/CDataInterface.html):
// hands tarn Vectors and Batches to any Arrow consumer (pyarrow, Polars, DuckDB)
// and takes Arrow arrays in, without depending on libarrow.
//
// Type mapping (tarn → Arrow format string):
//   void "n", boolean "b" (bit-packed on export), tinyint "c", smallint "s",
//   int "i", bigint "l", float "f", double "g", decimal(p,s) "d:p,s" (always
//   128-bit; p<=18 is widened from int64), string "u", binary "z" ("U"/"Z"
//   with int64 offsets when the bytes exceed 2^31-1), date "tdD",
//   timestamp "tsu:UTC", timestamp_ntz "tsu:", time "ttu",
//   year-month interval "tiM" (months), day-time interval "tDu" (Arrow has no
//   day-time interval in micros; duration[us] is the closest and is what Spark
//   uses), interval "tin" (month_day_nano; micros*1000), array "+l" (child
//   "element"), map "+m" (child "entries" = struct<key not null, value>, keys
//   not flagged sorted), struct "+s". Field.nullable ↔ ARROW_FLAG_NULLABLE.
//   Interval qualifiers (e.g. HOUR TO MINUTE) are not carried: import yields
//   YEAR TO MONTH / DAY TO SECOND, as Spark's own Arrow conversion does.
//
// Export shares fixed-width values, validity bitmaps and list offsets with the
// source vector (the ArrowArray keeps it alive); booleans, short decimals,
// calendar intervals and strings are converted into buffers the ArrowArray
// owns. Constant and dictionary vectors are flattened first.
//
// Import copies into new flat tarn vectors and accepts, besides what export
// produces: "U"/"Z" large and "vu"/"vz" view strings, "+L" large lists,
// "tss"/"tsm"/"tsn" timestamps, "tdm" date64, "tts"/"ttm"/"ttn" times,
// "tDs"/"tDm"/"tDn" durations, "tiD" day-time intervals, decimals of bit width
// 32/64/128/256 (precision <= 38), dictionary-encoded arrays (materialised),
// non-zero offsets at every level, and null_count -1. Coarser units are scaled
// (overflow is an error); finer ones are divided: rounding toward negative
// infinity for timestamps and dates, toward zero for times, durations and
// intervals. Other formats (unsigned integers, float16, unions, fixed-size
// binary/lists, list views, run-end encoding, decimal precision > 38, negative
// scale) raise UNSUPPORTED_DATATYPE; structurally invalid arrays raise
// INVALID_PARAMETER_VALUE. The C Data Interface carries no buffer sizes, so
// import trusts lengths and offsets against the producer's buffers; what it
// can check (offsets monotonic and within child lengths, view buffer indices
// and ranges, dictionary indices) it checks.
//
// Ownership: Export fills a consumer-allocated struct; the consumer calls its
// release callback. Import takes ownership of the structs passed in and calls
// their release callbacks before returning, also when it throws.
//
// Thread safety: exported arrays are immutable and may be read from any thread;
// each struct must be released exactly once.
#pragma once

#include <cstdint>

#include "columnar/batch.h"
#include "columnar/vector.h"
#include "types/data_type.h"

extern "C" {

#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  // Array type description
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;

  // Release callback
  void (*release)(struct ArrowSchema*);
  // Opaque producer-specific data
  void* private_data;
};

struct ArrowArray {
  // Array data description
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;

  // Release callback
  void (*release)(struct ArrowArray*);
  // Opaque producer-specific data
  void* private_data;
};

#endif  // ARROW_C_DATA_INTERFACE

}  // extern "C"

namespace tarn {

struct ArrowExportOptions {
  /// String/binary vectors holding more bytes than this are exported with
  /// int64 offsets ("U"/"Z"). Set to 0 to always use the large variants
  /// (what Polars produces).
  int64_t max_int32_offset_bytes = 2147483647;
};

// --- Export --------------------------------------------------------------------

/// The Arrow type of `field`: its format, name, ARROW_FLAG_NULLABLE and children.
/// Describes the layout ExportVector produces unless a string/binary vector
/// needs int64 offsets; the overloads below that fill a schema are exact.
void ExportType(const Field& field, ArrowSchema* out);
/// A batch's schema: struct "+s" (not nullable) with one child per field.
void ExportSchema(const Schema& schema, ArrowSchema* out);

void ExportVector(const VectorPtr& vector, ArrowArray* out, const ArrowExportOptions& options = {});
/// Exports `vector` and the schema that describes exactly this array (named
/// and flagged after `field`, whose type must be the vector's type).
void ExportVector(const VectorPtr& vector, const Field& field, ArrowArray* out_array, ArrowSchema* out_schema,
                  const ArrowExportOptions& options = {});

/// A batch as a struct array without validity, one child per column.
void ExportBatch(const Batch& batch, ArrowArray* out, const ArrowExportOptions& options = {});
void ExportBatch(const Batch& batch, ArrowArray* out_array, ArrowSchema* out_schema,
                 const ArrowExportOptions& options = {});

// --- Import --------------------------------------------------------------------

/// The field described by `schema` (name, type, ARROW_FLAG_NULLABLE). Releases `schema`.
Field ImportField(ArrowSchema* schema);
/// The fields of a struct ("+s") schema, e.g. a record batch's. Releases `schema`.
Schema ImportSchema(ArrowSchema* schema);

/// Reads `array` as laid out by ExportVector for `type` (the exact formats
/// ExportType gives). Releases `array`.
VectorPtr ImportVector(ArrowArray* array, const DataType& type);
/// Reads `array` described by `schema`, accepting every supported producer
/// variant. Releases both.
VectorPtr ImportVector(ArrowArray* array, ArrowSchema* schema);
/// A record batch: a struct array and its "+s" schema. Rows where the struct
/// itself is null become null in every column. Releases both.
Batch ImportBatch(ArrowArray* array, ArrowSchema* schema);

}  // namespace tarn
