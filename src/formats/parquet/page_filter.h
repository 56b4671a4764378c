// Page-level pruning from the page index: which rows of a row group can
// satisfy the predicates, judging by the ColumnIndex min/max of each page of
// the predicate columns (and the OffsetIndex to turn pages into rows).
//
// Thread safety: pure functions (reads through a const file).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/file_system.h"
#include "formats/parquet/metadata.h"
#include "formats/parquet/reader.h"
#include "formats/parquet/schema.h"

namespace tarn::parquet {

/// Rows [begin, end) of a row group.
struct RowRange {
  int64_t begin;
  int64_t end;
};
/// Sorted, disjoint ranges.
using RowRanges = std::vector<RowRange>;

/// The rows of `group` that may satisfy every predicate on a top-level
/// primitive column with a page index; nullopt when no page index narrows
/// anything (read everything). An empty result means no row can match.
std::optional<RowRanges> MatchingRowRanges(const RandomAccessFile& file, const FileSchema& schema,
                                           const RowGroup& group, const std::vector<ColumnPredicate>& predicates,
                                           const std::string& path);

/// Number of rows in `ranges`.
int64_t CountRows(const RowRanges& ranges);

}  // namespace tarn::parquet
