#include "formats/parquet/page_filter.h"

#include <algorithm>

#include "common/error.h"
#include "formats/parquet/statistics_filter.h"

namespace tarn::parquet {

namespace {


std::string ReadBytes(const RandomAccessFile& file, int64_t offset, int32_t length, const std::string& path) {
  if (offset < 0 || length <= 0 || static_cast<uint64_t>(offset) > file.size() ||
      static_cast<uint64_t>(length) > file.size() - offset) {
    ThrowError(ErrorClass::kCorruptFile, {{"path", path}, {"message", "a page index lies outside the file"}});
  }
  std::string bytes(static_cast<size_t>(length), '\0');
  ThrowIfError(file.ReadAt(offset, length, reinterpret_cast<uint8_t*>(bytes.data())));
  return bytes;
}

RowRanges Intersect(const RowRanges& a, const RowRanges& b) {
  RowRanges out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    int64_t begin = std::max(a[i].begin, b[j].begin), end = std::min(a[i].end, b[j].end);
    if (begin < end) out.push_back({begin, end});
    (a[i].end < b[j].end) ? ++i : ++j;
  }
  return out;
}

/// Ranges of the pages of one column that may satisfy `predicate`.
std::optional<RowRanges> PagesMayMatch(const RandomAccessFile& file, const LeafColumn& leaf, const ColumnChunk& chunk,
                                       int64_t num_rows, const ColumnPredicate& predicate, const std::string& path) {
  if (!chunk.column_index_offset || !chunk.column_index_length || !chunk.offset_index_offset ||
      !chunk.offset_index_length) {
    return std::nullopt;
  }
  std::string column_bytes = ReadBytes(file, *chunk.column_index_offset, *chunk.column_index_length, path);
  std::string offset_bytes = ReadBytes(file, *chunk.offset_index_offset, *chunk.offset_index_length, path);
  ColumnIndex index = ParseColumnIndex(reinterpret_cast<const uint8_t*>(column_bytes.data()), column_bytes.size(), path);
  OffsetIndex offsets =
      ParseOffsetIndex(reinterpret_cast<const uint8_t*>(offset_bytes.data()), offset_bytes.size(), path);
  const size_t pages = offsets.page_locations.size();
  if (pages == 0 || index.min_values.size() != pages || index.max_values.size() != pages ||
      index.null_pages.size() != pages) {
    return std::nullopt;  // inconsistent index: don't trust it
  }
  RowRanges ranges;
  for (size_t p = 0; p < pages; ++p) {
    int64_t begin = offsets.page_locations[p].first_row_index;
    int64_t end = p + 1 < pages ? offsets.page_locations[p + 1].first_row_index : num_rows;
    if (begin < 0 || end < begin || end > num_rows) return std::nullopt;
    Statistics page;
    int64_t rows = end - begin;
    if (index.null_pages[p]) {
      page.null_count = rows;
    } else {
      page.min_value = index.min_values[p];
      page.max_value = index.max_values[p];
      if (p < index.null_counts.size()) page.null_count = index.null_counts[p];
    }
    if (!StatisticsMayMatch(leaf, page, rows, predicate)) continue;
    if (!ranges.empty() && ranges.back().end == begin) {
      ranges.back().end = end;
    } else if (begin < end) {
      ranges.push_back({begin, end});
    }
  }
  return ranges;
}

}  // namespace

std::optional<RowRanges> MatchingRowRanges(const RandomAccessFile& file, const FileSchema& schema,
                                           const RowGroup& group, const std::vector<ColumnPredicate>& predicates,
                                           const std::string& path) {
  std::optional<RowRanges> result;
  for (const ColumnPredicate& predicate : predicates) {
    const LeafColumn* leaf = schema.FindTopLevelLeaf(predicate.column);
    if (leaf == nullptr || static_cast<size_t>(leaf->index) >= group.columns.size()) continue;
    std::optional<RowRanges> pages =
        PagesMayMatch(file, *leaf, group.columns[leaf->index], group.num_rows, predicate, path);
    if (!pages) continue;
    result = result ? Intersect(*result, *pages) : *pages;
  }
  return result;
}

int64_t CountRows(const RowRanges& ranges) {
  int64_t rows = 0;
  for (const RowRange& range : ranges) rows += range.end - range.begin;
  return rows;
}

}  // namespace tarn::parquet
