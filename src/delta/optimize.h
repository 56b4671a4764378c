// OPTIMIZE and REORG TABLE ... APPLY (PURGE) on a Delta table (Delta's
// OptimizeExecutor and OptimizeTableStrategy): rewrites data files and
// commits the rewrite as dataChange=false removes and adds.
//
// File selection, per partition (of the files the partition filter keeps):
//  - compaction: files smaller than min_file_size, or whose deletion vector
//    deletes more than max_deleted_rows_ratio of their rows; packed in order
//    into bins of at most max_file_size bytes; a bin of one file without a
//    deletion vector is left alone (so a second OPTIMIZE commits nothing);
//  - ZORDER BY: every file of the partition, one bin per partition; rows
//    sorted along the Z-order curve of the columns (zorder.h);
//  - clustering (the table has delta.clustering columns): files not yet
//    clustered by the current columns (no clusteringProvider or another
//    ZCUBE_ZORDER_BY tag) — every file with FULL; rows along the Hilbert
//    curve; new files get clusteringProvider "liquid" and ZCUBE_ID /
//    ZCUBE_ZORDER_BY tags;
//  - purge (REORG): files with a deletion vector, each rewritten without the
//    deleted rows.
// Output files are cut at max_file_size (delta.targetFileSize when the table
// sets it). The transaction reads the removed files only, so a concurrent
// append lands and a concurrent delete of those files fails the commit with
// DELTA_CONCURRENT_DELETE_READ. Nothing to rewrite commits nothing.
//
// Errors: DELTA_ZORDERING_COLUMN_DOES_NOT_EXIST, DELTA_ZORDERING_ON_PARTITION_COLUMN,
// DELTA_ZORDERING_ON_COLUMN_WITHOUT_STATS, DELTA_CLUSTERING_WITH_ZORDER_BY,
// DELTA_CLUSTERING_WITH_PARTITION_PREDICATE, the transaction's conflict errors.
//
// Thread safety: one call per thread; concurrent OPTIMIZEs race like any writers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "delta/snapshot.h"
#include "delta/transaction.h"

namespace tarn::delta {

struct OptimizeSpec {
  /// Keeps the files of the selected partitions (null: all); `predicates` is its SQL text for the log.
  std::function<bool(const AddFile&)> partition_filter;
  std::vector<std::string> predicates;
  std::vector<std::string> zorder_by;  ///< logical column names
  bool purge = false;                  ///< REORG ... APPLY (PURGE)
  bool full = false;                   ///< OPTIMIZE FULL (clustered tables)
  int64_t max_file_size = int64_t{1} << 30;  ///< spark.databricks.delta.optimize.maxFileSize
  int64_t min_file_size = int64_t{1} << 30;  ///< spark.databricks.delta.optimize.minFileSize
  double max_deleted_rows_ratio = 0.05;      ///< spark.databricks.delta.optimize.maxDeletedRowsRatio
  bool zorder_check_stats = true;            ///< spark.databricks.delta.optimize.zorder.checkStatsCollection.enabled
  std::string table_name;                    ///< for messages
  TransactionOptions transaction;
};

/// Delta's FileSizeMetrics.
struct FileSizeMetrics {
  std::optional<int64_t> min, max;
  double avg = 0;
  int64_t total_files = 0;
  int64_t total_size = 0;
};

/// Delta's OptimizeMetrics (the fields tarn fills).
struct OptimizeMetrics {
  int64_t num_files_added = 0;
  int64_t num_files_removed = 0;
  FileSizeMetrics files_added, files_removed;
  int64_t partitions_optimized = 0;
  bool zorder = false;       ///< zOrderStats present
  bool clustering = false;   ///< clusteringStats present
  int64_t input_cube_files = 0, input_cube_bytes = 0;    ///< rewritten files already clustered (FULL)
  int64_t input_other_files = 0, input_other_bytes = 0;  ///< the other rewritten files
  int64_t input_num_cubes = 0;                           ///< distinct ZCUBE_IDs among the cube files
  int64_t num_output_cubes = 0;
  int64_t num_bins = 0;
  int64_t num_batches = 0;
  int64_t total_considered_files = 0;
  int64_t total_files_skipped = 0;
  int64_t start_time_ms = 0, end_time_ms = 0;
  int64_t num_deletion_vectors_removed = 0;
  int64_t num_deletion_vector_rows_removed = 0;
  int64_t num_table_columns = 0;
  int64_t num_table_columns_with_stats = 0;
};

struct OptimizeResult {
  OptimizeMetrics metrics;
  std::optional<int64_t> version;  ///< the commit; nullopt when there was nothing to do
};

/// Runs OPTIMIZE (or REORG PURGE) on `snapshot`'s table.
OptimizeResult Optimize(std::shared_ptr<const Snapshot> snapshot, const OptimizeSpec& spec);

}  // namespace tarn::delta
