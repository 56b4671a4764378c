// The change data feed (PROTOCOL.md "Change Data Files", "Add CDC File";
// Databricks' "Use Delta Lake change data feed").
//
// Writing: a DML statement on a table with `delta.enableChangeDataFeed =
// true` hands its change rows — the table's logical columns plus the string
// column `_change_type` (insert, update_preimage, update_postimage, delete) —
// to a ChangeDataWriter. It writes them as Parquet files under
// `_change_data/[partition dirs/]cdc-<n>-<uuid>.c000.snappy.parquet`,
// partitioned like the table (partition values in the directory names and in
// the action, not in the file), `_change_type` stored in the file as Delta
// does, and returns `cdc` actions for the same transaction as the data
// files:
//
//   ChangeDataWriter cdc(fs, table_path, txn.metadata(), txn.protocol());
//   cdc.Write(change_rows);                    // any number of batches
//   for (AddCdcFile& f : cdc.Finish()) txn.AddCdcFile(std::move(f));
//
// INSERT-only commits need no change files (their adds are the inserts), and
// a commit that removes whole files only (a DELETE of whole files) need not
// write them either: readers take dataChange removes as deletes.
//
// Reading (table_changes): see ReadTableChanges below.
//
// Thread safety: a ChangeDataWriter is used by one thread; the functions are
// pure or read only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "common/file_system.h"
#include "delta/actions.h"
#include "delta/snapshot.h"
#include "delta/table_writer.h"

namespace tarn::delta {

inline constexpr const char* kChangeTypeColumn = "_change_type";
inline constexpr const char* kCommitVersionColumn = "_commit_version";
inline constexpr const char* kCommitTimestampColumn = "_commit_timestamp";
inline constexpr const char* kChangeDataDir = "_change_data";

/// The `_change_type` values.
inline constexpr const char* kChangeInsert = "insert";
inline constexpr const char* kChangeDelete = "delete";
inline constexpr const char* kChangeUpdatePreimage = "update_preimage";
inline constexpr const char* kChangeUpdatePostimage = "update_postimage";

/// True when the metadata's `delta.enableChangeDataFeed` is "true" (any case).
bool ChangeDataFeedEnabled(const Metadata& metadata);

/// Makes `protocol` allow change data files: writer version 4 for legacy
/// protocols, the `changeDataFeed` writer feature for table-features ones
/// (writer version 7). Returns true when it changed anything.
bool RequireChangeDataFeed(Protocol* protocol);

/// The feed's metadata column names (_change_type, _commit_version,
/// _commit_timestamp) are reserved in a table that records it: throws
/// DELTA_TABLE_ALREADY_CONTAINS_CDC_COLUMNS when `schema` has any of them.
void CheckNoReservedChangeColumns(const Schema& schema);

class ChangeDataWriter {
 public:
  /// Writes change files for the table at `table_path` with `metadata`
  /// (schema, partitioning, column mapping) and `protocol`. Throws
  /// INTERNAL_ERROR when the table does not record its change data feed (the
  /// caller decides; see ChangeDataFeedEnabled).
  ChangeDataWriter(std::shared_ptr<FileSystem> fs, const std::string& table_path, const Metadata& metadata,
                   const Protocol& protocol, TableWriteOptions options = {});
  ~ChangeDataWriter();

  /// What batches must have: the table's logical columns, then `_change_type` (string).
  const Schema& schema() const;
  /// Writes change rows. A `_change_type` that is NULL or not one of the four
  /// values is an internal error (the DML statement produced it).
  void Write(const Batch& batch);
  /// Closes the files; their `cdc` actions (paths relative to the table,
  /// under `_change_data/`, dataChange = false).
  std::vector<AddCdcFile> Finish();
  int64_t num_rows() const;

 private:
  std::unique_ptr<TableWriter> writer_;
  int change_type_index_ = -1;
};

}  // namespace tarn::delta
