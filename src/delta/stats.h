// Values from the Delta log as typed 1-row vectors, and file skipping.
//
//  - ParseDeltaValue: a value written as text in the log — partition values
//    (PROTOCOL.md "Partition Value Serialization": empty string = NULL,
//    timestamps with or without zone, zone-less ones read as UTC) and
//    literals of scan filters.
//  - FileStats: the per-file statistics (PROTOCOL.md "Per-file Statistics")
//    of the top-level columns a scan filters on, from the JSON `stats` or
//    from a checkpoint's `stats_parsed` (already converted to JSON).
//  - MayMatch: whether a file can hold rows passing a filter, from its
//    min/max/nullCount — or exactly, from its partition value. Truncated
//    statistics are handled conservatively: timestamp maxima are widened by
//    the millisecond they were truncated to, and string maxima of 32 or more
//    bytes (possibly a cut prefix) are not used.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/vector.h"
#include "table/table_provider.h"

namespace tarn::delta {

/// The text as a 1-row vector of `type`; a null vector for "" (non-string
/// types) or for text that is not a value of the type.
VectorPtr ParseDeltaValue(std::optional<std::string_view> text, const DataType& type);

struct ColumnStats {
  VectorPtr min;  ///< 1-row vectors of the column's type; null when absent
  VectorPtr max;
  std::optional<int64_t> null_count;
};

struct FileStats {
  std::optional<int64_t> num_records;
  bool tight_bounds = true;
  /// By the column's physical name.
  std::map<std::string, ColumnStats> columns;
};

/// The statistics of `columns` (physical name, type) in a stats JSON text;
/// nullopt when the text is not a JSON object (statistics are optional: a
/// malformed one only disables skipping).
std::optional<FileStats> ParseFileStats(std::string_view json,
                                        const std::vector<std::pair<std::string, DataType>>& columns);

/// A scan filter bound to one column, with its literal parsed.
struct SkippingFilter {
  ScanFilter::Op op = ScanFilter::Op::kEq;
  VectorPtr literal;  ///< 1-row; null for IS [NOT] NULL
};

/// A filter bound to `type`; nullopt when it cannot be used to skip
/// (unparsable literal, floating point, binary or nested types).
std::optional<SkippingFilter> BindSkippingFilter(const ScanFilter& filter, const DataType& type);

/// False only when no row of a file with these statistics can pass `filter`.
bool MayMatch(const SkippingFilter& filter, const ColumnStats& stats, std::optional<int64_t> num_records);
/// Exact test of a partition value (a 1-row vector, possibly null).
bool PartitionMatches(const SkippingFilter& filter, const Vector& value);

}  // namespace tarn::delta
