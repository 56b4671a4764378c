// The facts `tarn parquet meta` prints, as Batches: one row of file-level
// facts, and one row per column chunk (type, codec, encodings, sizes,
// statistics with min/max decoded through the column's logical type).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "columnar/batch.h"
#include "formats/parquet/metadata.h"

namespace tarn::cli {

/// file, file_size, format_version, num_rows, num_row_groups, num_columns,
/// created_by, metadata_keys.
Batch ParquetFileFacts(const std::string& path, uint64_t file_size, const parquet::FileMetaData& metadata);

/// row_group, column, physical_type, logical_type, codec, encodings,
/// num_values, compressed_bytes, uncompressed_bytes, null_count, min, max.
Batch ParquetColumnChunks(const parquet::FileMetaData& metadata);

/// A statistics value (plain-encoded bytes of the physical type) as text,
/// read through the leaf's logical/converted type: 42, 2024-01-02, 1.50,
/// 2024-01-02 03:04:05.5, a string, or lower-case hex for other bytes.
/// `element` may be null (no type information).
std::string ParquetStatisticText(const parquet::SchemaElement* element, parquet::Type physical,
                                 std::string_view bytes);

/// One row per property: (property, value) — a one-row batch turned on its
/// side for reading in a table.
Batch Transpose(const Batch& one_row);

}  // namespace tarn::cli
