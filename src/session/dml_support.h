// What DELETE, UPDATE and MERGE share (dml_statements.cc, merge_statement.cc):
//
//  - the target view: the statement's queries read the target table through
//    the temp view kTargetView, a DeltaTable with the hidden row-metadata
//    columns (each row's data file and position), under the statement's
//    alias (or the table's name);
//  - the read predicate registered with the transaction: the conjuncts of the
//    condition on partition columns only (Delta's ConflictChecker evaluates
//    read predicates on partition values), so a concurrent non-blind write to
//    other partitions does not conflict, one to these partitions does;
//  - the operation metrics every DML commit records.
//
// Thread safety: used by the session's one running statement.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "delta/change_data.h"
#include "delta/delta_table.h"
#include "delta/row_level_write.h"
#include "delta/transaction.h"
#include "plan/logical_plan.h"
#include "session/delta_statement_util.h"
#include "session/session.h"
#include "sql/ast.h"
#include "sql/dml_statement.h"

namespace tarn {

/// The temp views DML queries read the target and (UPDATE) the changed rows through.
inline constexpr const char* kDmlTargetView = "__tarn_dml_target";
inline constexpr const char* kDmlRowsView = "__tarn_dml_rows";

/// The target table of a DML statement.
struct DmlTarget {
  std::string display;   ///< `spark_catalog`.`default`.`t` or delta.`/path`
  std::string location;
  std::shared_ptr<const delta::Snapshot> snapshot;
  Schema schema;         ///< the table's columns
  std::shared_ptr<delta::DeltaTable> table;  ///< with the hidden row-metadata columns
  std::string alias;     ///< the statement's alias, else the table's name
  bool deletion_vectors = false;
};

/// Binds a temp view name to a plan while alive.
class ScopedView {
 public:
  ScopedView(std::map<std::string, plan::PlanPtr>& views, std::string name, plan::PlanPtr plan);
  ~ScopedView();
  ScopedView(const ScopedView&) = delete;
  ScopedView& operator=(const ScopedView&) = delete;

 private:
  std::map<std::string, plan::PlanPtr>& views_;
  std::string name_;
};

/// Runs generated SQL (a query) and returns its rows.
using SqlRunner = std::function<StatementResult(const std::string& sql)>;

/// Whether `expr` (or anything in it) is a subquery.
bool HasSubquery(const sql::Expr& expr);

/// The top-level AND conjuncts of `condition` that name only partition
/// columns (bare, or qualified by `alias`) and hold no subquery, as SQL text.
/// `*all` tells whether every conjunct is one of them.
std::vector<std::string> PartitionConjuncts(const sql::Expr& condition, const std::vector<std::string>& partition_columns,
                                            const std::string& alias, bool* all = nullptr);

/// The candidates whose partition values satisfy every conjunct (SQL over
/// a VALUES row per candidate, columns named as the partition columns under
/// `alias`). nullopt when that cannot be decided exactly: a timestamp
/// partition column (its text is UTC, the session's zone may differ).
std::optional<std::set<delta::PartitionValues>> SelectPartitions(const SqlRunner& run, const delta::Snapshot& snapshot,
                                                  const std::string& alias, const std::vector<std::string>& conjuncts,
                                                  const std::vector<delta::PartitionValues>& candidates);

/// Registers the partition conjuncts as the transaction's read predicate
/// (every file when there are none).
void RegisterReadPredicate(delta::Transaction& txn, const SqlRunner& run,
                           std::shared_ptr<const delta::Snapshot> snapshot, const std::string& alias,
                           const std::vector<std::string>& conjuncts, const std::string& description);

/// Throws DELTA_CANNOT_MODIFY_APPEND_ONLY for an append-only table.
void CheckNotAppendOnly(const delta::Snapshot& snapshot, const std::string& table);

/// Numbers of rows / files / bytes of the active files (from their stats; -1 when one lacks numRecords).
int64_t LiveRows(const std::vector<const delta::AddFile*>& files);

/// The change data feed of one DML statement (delta.enableChangeDataFeed):
/// the rows it deletes, the pre- and post-images of the rows it updates and
/// the rows it inserts, written by delta::ChangeDataWriter as `cdc` files of
/// the statement's commit. Copied rows are no changes. A no-op when the table
/// does not record its feed.
class DmlChangeFeed {
 public:
  DmlChangeFeed(std::shared_ptr<FileSystem> fs, const std::string& table_path, const delta::Metadata& metadata,
                const delta::Protocol& protocol);
  ~DmlChangeFeed();
  bool enabled() const { return writer_ != nullptr; }
  /// Adds the rows `rows` (all when null) of `columns` (the table's columns,
  /// fewer when the schema grew: the rest are NULL) as changes of `change_type`.
  void Add(const std::vector<VectorPtr>& columns, size_t num_rows, const SelectionVector* rows, const char* change_type);
  /// Stages the change files in `txn`; returns how many.
  int64_t Finish(delta::Transaction& txn);

 private:
  std::unique_ptr<delta::ChangeDataWriter> writer_;
};

/// Per column of `target.schema`: the SQL of the value UPDATE / MERGE's `SET`
/// assigns it (nullopt: unchanged). Columns may be qualified by the target
/// alias; `SET s.a.b = v` on struct columns rebuilds the struct with
/// named_struct, keeping the other fields. Throws UNRESOLVED_COLUMN (with
/// suggestions) and DELTA_CONFLICT_SET_COLUMN.
std::vector<std::optional<std::string>> AssignedValues(const DmlTarget& target,
                                                       const std::vector<sql::Assignment>& assignments);

/// A statement's counters as one row of BIGINT columns (num_affected_rows, ...).
StatementResult CountersRow(const std::vector<std::string>& columns, const std::vector<int64_t>& values);

/// A statement's new data files, staged in its transaction.
struct AddedFiles {
  int64_t files = 0;
  int64_t bytes = 0;
};
AddedFiles AddFiles(std::vector<delta::AddFile> adds, delta::Transaction& txn);

/// Delta names the same file metrics num<Figure> for DELETE / UPDATE and
/// numTarget<Figure> for MERGE (numAddedFiles / numTargetFilesAdded).
enum class DmlMetricNames { kDeleteUpdate, kMerge };

/// Sets the file, byte, change-file, deletion-vector and time metrics every
/// DML commit carries; stages the change files (`feed.Finish`).
void SetFileMetrics(delta::Transaction& txn, DmlMetricNames names, const delta::RowRemovalStats& stats,
                    const AddedFiles& added, DmlChangeFeed& feed, int64_t scan_ms,
                    std::chrono::steady_clock::time_point started);

/// How many files DML rewrites at once: spark.tarn.threads (0: one per core).
int DmlRewriteThreads(const Config& config);

/// Milliseconds since `start`.
int64_t MillisSince(std::chrono::steady_clock::time_point start);

/// Rethrows an UNRESOLVED_COLUMN error of a generated DML query without the
/// hidden row-metadata columns in its suggestions (other errors unchanged).
[[noreturn]] void RethrowDmlError(const Error& error);

}  // namespace tarn
