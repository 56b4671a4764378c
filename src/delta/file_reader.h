// DataFileReader: reads one Parquet data file of a Delta table in the
// table's terms — the columns of the table schema, whatever the file holds:
//
//  - columns are found by physical name (column mapping `name`, or the
//    logical name without column mapping) or by Parquet field_id (mode `id`,
//    falling back to the physical name), recursively into structs, array
//    elements and map keys/values;
//  - columns or nested fields missing from the file are NULL;
//  - values of a narrower type (type widening: byte→short→int→long, →double,
//    →decimal, float→double, date→timestamp_ntz) are cast to the table type;
//  - rows whose index is in the deletion vector are dropped.
//
// Errors: FAILED_READ_FILE.FILE_NOT_EXIST for a data file that is gone (e.g.
// time travel into vacuumed versions), FAILED_READ_FILE.* from the Parquet
// reader, FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH for a file type
// that cannot become the table type.
//
// Thread safety: one reader per thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "columnar/vector.h"
#include "common/file_system.h"
#include "delta/schema.h"
#include "delta/table_features.h"
#include "table/table_provider.h"

namespace tarn::delta {

struct DataFileReadOptions {
  ColumnMappingMode mapping = ColumnMappingMode::kNone;
  /// Deleted row indexes (sorted), or null.
  const std::vector<uint64_t>* deleted_rows = nullptr;
  /// Filters on `fields` (ScanFilter::column indexes `fields`) that may skip
  /// row groups and pages; used only without a deletion vector, which needs
  /// every row's position.
  std::vector<ScanFilter> filters;
  int threads = 1;
  size_t batch_size = 8192;
  /// Also return each row's physical position in the file (a BIGINT vector
  /// after the fields; deleted rows keep their positions). Turns off
  /// row-group and page pruning, which would shift positions.
  bool with_row_index = false;
};

class DataFileReader {
 public:
  /// Opens `path` (footer and schema) for reading `fields`.
  static std::unique_ptr<DataFileReader> Open(FileSystem& fs, const std::string& path,
                                              const std::vector<const DeltaField*>& fields,
                                              const DataFileReadOptions& options);
  virtual ~DataFileReader() = default;
  /// One vector per field (plus the row index when asked for), `*rows` rows
  /// each (deleted rows removed); false at the end.
  virtual bool Next(std::vector<VectorPtr>* columns, size_t* rows) = 0;
};

/// Casts a vector of a file's type to a wider table type (type widening);
/// throws FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH naming `column`
/// for changes the protocol does not allow.
VectorPtr WidenVector(const VectorPtr& vector, const DataType& to, const std::string& column);

}  // namespace tarn::delta
