// ReadColumnChunk: decodes one column chunk (one leaf column of one row
// group) — page headers, CRCs, decompression, levels and values — into the
// leaf's levels and dense Spark-typed values (LeafData).
//
// Thread safety: one reader per chunk; chunks of a file decode in parallel.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/file_system.h"
#include "formats/parquet/metadata.h"
#include "formats/parquet/page_filter.h"
#include "formats/parquet/record_assembly.h"
#include "formats/parquet/schema.h"

namespace tarn::parquet {

struct ColumnReadContext {
  RandomAccessFile* file;
  int64_t file_size;
  std::string path;
  bool verify_checksums = true;
};

/// Reads the chunk: `num_rows` rows of `leaf`, or with `ranges` (flat columns
/// only) just the rows in them, skipping pages that hold none of them (counted
/// in `*pages_skipped`).
LeafData ReadColumnChunk(const ColumnReadContext& context, const LeafColumn& leaf, const ColumnChunk& chunk,
                         int64_t num_rows, const RowRanges* ranges = nullptr, int64_t* pages_skipped = nullptr);

}  // namespace tarn::parquet
