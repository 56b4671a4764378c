// Table and column statistics of ANALYZE TABLE, kept in the Delta log.
//
// Spark keeps them in the catalog (HMS table properties
// spark.sql.statistics.*); tarn's catalog is the table itself, so they live in
// the `tarn.tableStatistics` domain metadata of the table (PROTOCOL.md "Domain
// Metadata": a non-`delta.` domain is the writer's own; other engines ignore
// it). Its configuration is JSON:
//   {"tableVersion": v, "sizeInBytes": n, "numRows": n,
//    "columns": {"<lower-cased name>": {"distinctCount": n, "nullCount": n,
//                "min": "text", "max": "text", "avgLen": n, "maxLen": n}}}
// tableVersion is the version they were computed at; like Spark's, the
// numbers are not updated by later writes (a hint for the optimizer).
//
// Also: ANALYZE TABLE ... COMPUTE DELTA STATISTICS recomputes the per-file
// `stats` of every add (RecomputeFileStatistics).
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "delta/actions.h"
#include "table/table_provider.h"

namespace tarn::delta {

class Snapshot;

inline constexpr const char* kTableStatisticsDomain = "tarn.tableStatistics";

struct TableStatistics {
  int64_t table_version = -1;
  int64_t size_in_bytes = 0;
  std::optional<int64_t> num_rows;
  std::map<std::string, ColumnStatistics> columns;  ///< by lower-cased column name
};

/// The statistics of the table's tarn.tableStatistics domain; nullopt without one.
std::optional<TableStatistics> TableStatisticsOf(const Snapshot& snapshot);

/// The domain metadata that records `statistics`.
DomainMetadata TableStatisticsDomain(const TableStatistics& statistics);

/// The adds of every active file with freshly computed `stats` (dataChange
/// false), reading each file. Throws DELTA_UNSUPPORTED_STATS_RECOMPUTE_WITH_DELETION_VECTORS
/// when a file has a deletion vector (as Delta does).
std::vector<AddFile> RecomputeFileStatistics(const Snapshot& snapshot);

}  // namespace tarn::delta
