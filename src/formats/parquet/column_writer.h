// ColumnChunkWriter: one leaf column of the row group being written. It takes
// shredded rows (levels + values), cuts them into pages at row boundaries,
// encodes, compresses and buffers the pages, and at the end of the row group
// hands back the chunk's bytes with its ColumnMetaData, statistics and page
// index entries.
//
// Value encoding of a page (see ColumnWriterOptions for the knobs):
//  1. dictionary (not for BOOLEAN): values go into the chunk's dictionary and
//     the page holds RLE/bit-packed indices (PLAIN_DICTIONARY in v1 pages,
//     RLE_DICTIONARY in v2, as Arrow and parquet-mr write them). The chunk
//     falls back for good — earlier dictionary pages stay — when the
//     dictionary would grow beyond dictionary_page_bytes, or when after the
//     first page the dictionary plus its indices are not smaller than PLAIN
//     (parquet-mr's "compression satisfying" check: a unique column gains nothing).
//  2. otherwise the forced value_encoding if it applies to the physical type,
//  3. otherwise PLAIN (booleans: PLAIN in v1, RLE in v2), except that v2 pages
//     use DELTA_BINARY_PACKED for INT32/INT64 and DELTA_LENGTH_BYTE_ARRAY for
//     BYTE_ARRAY when that page comes out smaller than PLAIN. v1 pages stay
//     PLAIN, which every reader supports (parquet-mr does the same).
//
// Values the file format cannot hold throw TASK_WRITE_FAILED naming the file:
// decimals wider than their precision, and CALENDAR INTERVALs that Parquet's
// INTERVAL (unsigned 32-bit months, days and milliseconds) cannot represent
// (negative fields or sub-millisecond microseconds) — Spark cannot write
// calendar intervals at all, so this is lossless where it works.
//
// Thread safety: one writer per column per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "formats/parquet/column_shredder.h"
#include "formats/parquet/metadata.h"
#include "formats/parquet/schema_writer.h"

namespace tarn::parquet {

struct ColumnWriterOptions {
  CompressionCodec codec = CompressionCodec::kSnappy;
  int compression_level = 0;
  int64_t page_bytes = 1 << 20;
  int64_t page_rows = 20000;
  bool dictionary = true;
  int64_t dictionary_page_bytes = 1 << 20;
  bool data_page_v2 = false;
  std::optional<Encoding> value_encoding;
  bool write_statistics = true;
  bool write_page_index = true;
  size_t statistics_truncate_length = 64;
  bool page_checksums = true;
};

/// A finished column chunk. Offsets inside `meta` and `offset_index` are
/// relative to the first byte of `dictionary_page` (the chunk's start); the
/// file writer rebases them.
struct ColumnChunkOutput {
  std::string dictionary_page;  ///< header + body, empty without a dictionary
  std::string data_pages;
  ColumnMetaData meta;
  std::optional<ColumnIndex> column_index;
  std::optional<OffsetIndex> offset_index;
};

class ColumnChunkWriter {
 public:
  /// `path` names the file in errors.
  static std::unique_ptr<ColumnChunkWriter> Make(const WriteLeaf& leaf, const ColumnWriterOptions& options,
                                                 const std::string& path);
  virtual ~ColumnChunkWriter() = default;

  /// Appends the whole rows of a shredded slice.
  virtual void Append(const LeafSlice& slice) = 0;
  /// The chunk's size so far: finished pages, the pending page and the dictionary.
  virtual int64_t EstimatedBytes() const = 0;
  /// Ends the chunk (flushing the pending page) and resets for the next row group.
  virtual ColumnChunkOutput Finish() = 0;
};

/// True when `encoding` can encode values of `type` (PLAIN everywhere, RLE
/// for BOOLEAN, DELTA_BINARY_PACKED for INT32/INT64, DELTA_LENGTH_BYTE_ARRAY
/// for BYTE_ARRAY, DELTA_BYTE_ARRAY for byte arrays, BYTE_STREAM_SPLIT for
/// FLOAT, DOUBLE, INT32, INT64 and FIXED_LEN_BYTE_ARRAY).
bool EncodingApplies(Encoding encoding, Type type);

}  // namespace tarn::parquet
