// DELETE and UPDATE on Delta tables (Delta's DeleteCommand / UpdateCommand).
//
// DELETE without a condition, or with one on partition columns only, removes
// whole files without reading them. Otherwise the target is scanned with its
// row-metadata columns under the condition (partition pruning and file
// skipping apply to the scan), which gives the exact rows to remove; UPDATE's
// scan also computes the new values, shaped into the table's columns like an
// INSERT (store-assignment casts, NOT NULL, CHECK constraints) and written to
// new files. delta::ApplyRowRemovals then rewrites the touched files
// (copy-on-write) or gives them deletion vectors.
#include <algorithm>

#include "common/error.h"
#include "common/strings.h"
#include "delta/checkpoint_writer.h"
#include "delta/write_util.h"
#include "session/column_generation.h"
#include "session/dml_support.h"
#include "session/session_internal.h"
#include "session/table_statements.h"
#include "session/write_shaping.h"
#include "sql/dml_statement.h"
#include "sql/parser.h"

namespace tarn {
namespace {

using sql::Statement;

}  // namespace

// --- DELETE --------------------------------------------------------------------------------

StatementResult TableStatements::Delete(const Statement& s) {
  const auto started = std::chrono::steady_clock::now();
  const sql::DmlStatement& d = *s.dml;
  DmlTarget target = OpenDmlTarget(s, "DELETE");
  CheckNotAppendOnly(*target.snapshot, target.display);
  const delta::Snapshot& snapshot = *target.snapshot;
  const delta::Metadata& metadata = snapshot.metadata();
  const SqlRunner run = [this](const std::string& text) { return RunSql(text); };
  const int64_t now = delta::SystemNowMs();

  delta::Transaction txn(target.snapshot, "DELETE");
  txn.SetOperationParameter("predicate", JsonList(d.condition.present() ? std::vector<std::string>{d.condition.text}
                                                                        : std::vector<std::string>{}));
  bool all_partition = false;
  const std::vector<std::string> conjuncts =
      d.condition.present() ? PartitionConjuncts(*d.condition.expr, metadata.partition_columns, target.alias, &all_partition)
                            : std::vector<std::string>{};

  // Whole files: no condition, or one on partition values only (decided per partition).
  std::optional<std::set<delta::PartitionValues>> whole_partitions;
  if (d.condition.present() && all_partition) {
    std::vector<delta::PartitionValues> candidates;
    std::set<delta::PartitionValues> seen;
    for (const delta::AddFile& f : snapshot.files()) {
      if (seen.insert(f.partition_values).second) candidates.push_back(f.partition_values);
    }
    whole_partitions = SelectPartitions(run, snapshot, target.alias, conjuncts, candidates);  // nullopt: rows decide
  }

  int64_t deleted = 0, scan_ms = 0;
  delta::RowRemovalStats stats;
  // Whole files removed need no change files (readers take the removes as deletes).
  DmlChangeFeed feed(session_.fs_, target.location, metadata, snapshot.protocol());
  std::vector<delta::AddFile> adds;
  if (!d.condition.present() || whole_partitions) {
    std::vector<const delta::AddFile*> removed;
    for (const delta::AddFile& f : snapshot.files()) {
      if (!whole_partitions || whole_partitions->count(f.partition_values)) removed.push_back(&f);
    }
    deleted = LiveRows(removed);
    for (const delta::AddFile* f : removed) {
      txn.RemoveFile(delta::RemovalOf(*f, now));
      ++stats.removed_files;
      stats.removed_bytes += f->size;
      if (f->deletion_vector) ++stats.dvs_removed;
    }
    if (!d.condition.present()) {
      txn.ReadWholeTable();
    } else {
      std::vector<delta::AddFile> read;
      for (const delta::AddFile* f : removed) read.push_back(*f);
      txn.ReadFiles(read);
      RegisterReadPredicate(txn, run, target.snapshot, target.alias, conjuncts, "DELETE " + d.condition.text);
    }
  } else {
    delta::RowRemovals removals;
    {
      ScopedView view(session_.temp_views_, kDmlTargetView, ScanPlan(target.table));
      std::string text = std::string("SELECT ") + delta::DeltaTable::kFilePathColumn + ", " +
                         delta::DeltaTable::kRowIndexColumn;
      if (feed.enabled()) {
        for (const Field& f : target.schema) text += ", " + QuoteName(target.alias) + "." + QuoteName(f.name);
      }
      text += std::string(" FROM ") + kDmlTargetView + " AS " + QuoteName(target.alias) + " WHERE " + d.condition.text;
      plan::PlanPtr plan;
      try {
        plan = session_.OptimizeForRun(session_.AnalyzeStatementQuery(*sql::Parser::ParseQueryText(text)));
      } catch (const Error& e) {
        RethrowDmlError(e);
      }
      std::unique_ptr<BatchStream> stream = session_.StreamQueryPlan(plan);
      Batch batch;
      while (stream->Next(&batch)) {
        for (size_t r = 0; r < batch.num_rows(); ++r) {
          removals.Mark(std::string(batch.column(0).ValueAt<StringView>(r).view()),
                        static_cast<uint64_t>(batch.column(1).ValueAt<int64_t>(r)));
        }
        if (feed.enabled()) {
          feed.Add(std::vector<VectorPtr>(batch.columns().begin() + 2, batch.columns().end()), batch.num_rows(), nullptr,
                   delta::kChangeDelete);
        }
      }
    }
    removals.Seal();
    scan_ms = MillisSince(started);
    deleted = removals.num_rows();
    delta::TableWriter writer(session_.fs_, target.location, metadata, snapshot.protocol(), delta::WriteOptionsFor(metadata));
    stats = delta::ApplyRowRemovals(*target.table, removals, target.deletion_vectors, writer, txn, now,
                                DmlRewriteThreads(session_.config_));
    adds = writer.Finish();
    RegisterReadPredicate(txn, run, target.snapshot, target.alias, conjuncts, "DELETE " + d.condition.text);
  }
  const AddedFiles added = AddFiles(std::move(adds), txn);
  txn.SetOperationMetric("numDeletedRows", deleted);
  txn.SetOperationMetric("numCopiedRows", stats.copied_rows);
  SetFileMetrics(txn, DmlMetricNames::kDeleteUpdate, stats, added, feed, scan_ms, started);
  // Like Delta's commitIfNeeded: a DELETE that removes nothing leaves no version.
  if (!txn.removed_files().empty() || !txn.added_files().empty()) CommitWithHooks(session_.fs_, txn);
  return CountersRow({"num_affected_rows"}, {deleted});
}

// --- UPDATE --------------------------------------------------------------------------------

StatementResult TableStatements::Update(const Statement& s) {
  const auto started = std::chrono::steady_clock::now();
  const sql::DmlStatement& d = *s.dml;
  DmlTarget target = OpenDmlTarget(s, "UPDATE");
  CheckNotAppendOnly(*target.snapshot, target.display);
  const delta::Snapshot& snapshot = *target.snapshot;
  const delta::Metadata& metadata = snapshot.metadata();
  const Schema& schema = target.schema;
  const size_t n = schema.size();
  const SqlRunner run = [this](const std::string& text) { return RunSql(text); };
  const int64_t now = delta::SystemNowMs();
  const std::vector<std::optional<std::string>> values = AssignedValues(target, d.assignments);
  // Identity columns are never updated; generated columns not assigned are recomputed.
  const GeneratedColumns generated = GeneratedColumns::Of(snapshot.schema(), snapshot.protocol());
  std::vector<std::string> given(n, "true");
  for (size_t i = 0; i < n; ++i) {
    if (values[i]) CheckIdentityNotUpdated(generated, i);
    if (!values[i] && generated.is_generated(i)) given[i] = "false";
  }

  // The changed rows: new values (named __v<i>) and where each row was.
  const std::string alias = QuoteName(target.alias);
  std::string select;
  for (size_t i = 0; i < n; ++i) {
    select += (values[i] ? *values[i] : alias + "." + QuoteName(schema[i].name)) + " AS __v" + std::to_string(i) + ", ";
  }
  select += std::string(delta::DeltaTable::kFilePathColumn) + ", " + delta::DeltaTable::kRowIndexColumn;
  DmlChangeFeed feed(session_.fs_, target.location, metadata, snapshot.protocol());
  std::string old_values;  // the pre-images, for the change data feed
  if (feed.enabled()) {
    for (size_t i = 0; i < n; ++i) {
      select += ", " + alias + "." + QuoteName(schema[i].name) + " AS __o" + std::to_string(i);
      old_values += ", __o" + std::to_string(i);
    }
  }
  std::string text = "SELECT " + select + " FROM " + kDmlTargetView + " AS " + alias;
  if (d.condition.present()) text += " WHERE " + d.condition.text;

  std::vector<CheckConstraint> checks = TableChecks(metadata);
  for (CheckConstraint& c : GeneratedColumnChecks(generated, given)) checks.push_back(std::move(c));
  delta::TableWriter writer(session_.fs_, target.location, metadata, snapshot.protocol(), delta::WriteOptionsFor(metadata));
  delta::RowRemovals removals;
  int64_t updated = 0;
  {
    ScopedView view(session_.temp_views_, kDmlTargetView, ScanPlan(target.table));
    plan::PlanPtr changed;
    try {
      changed = session_.AnalyzeStatementQuery(*sql::Parser::ParseQueryText(text));
    } catch (const Error& e) {
      RethrowDmlError(e);
    }
    // Shaped like an INSERT: store-assignment casts, then one boolean per CHECK.
    std::string shaped;
    for (size_t i = 0; i < n; ++i) {
      shaped += StoreAssigned("__v" + std::to_string(i), changed->schema[i].type, schema[i], target.display) + " AS " +
                QuoteName(schema[i].name) + ", ";
    }
    shaped += std::string(delta::DeltaTable::kFilePathColumn) + ", " + delta::DeltaTable::kRowIndexColumn + old_values;
    const size_t first_check = n + 2 + (feed.enabled() ? n : 0);
    ScopedView rows(session_.temp_views_, kDmlRowsView, changed);
    std::vector<std::string> extra_columns = {delta::DeltaTable::kFilePathColumn, delta::DeltaTable::kRowIndexColumn};
    for (size_t i = 0; feed.enabled() && i < n; ++i) extra_columns.push_back("__o" + std::to_string(i));
    const std::string shaped_text = WithCheckColumns(
        WithGeneratedValues("SELECT " + shaped + " FROM " + kDmlRowsView, generated, given, extra_columns), checks);
    plan::PlanPtr plan = session_.OptimizeForRun(session_.AnalyzeStatementQuery(*sql::Parser::ParseQueryText(shaped_text)));
    std::unique_ptr<BatchStream> stream = session_.StreamQueryPlan(plan);
    Batch batch;
    while (stream->Next(&batch)) {
      if (batch.num_rows() == 0) continue;
      CheckWrittenRows(batch, schema, checks, first_check);
      std::vector<VectorPtr> columns(batch.columns().begin(), batch.columns().begin() + static_cast<long>(n));
      if (feed.enabled()) {
        feed.Add(std::vector<VectorPtr>(batch.columns().begin() + static_cast<long>(n + 2),
                                        batch.columns().begin() + static_cast<long>(n + 2 + n)),
                 batch.num_rows(), nullptr, delta::kChangeUpdatePreimage);
        feed.Add(columns, batch.num_rows(), nullptr, delta::kChangeUpdatePostimage);
      }
      writer.Write(Batch(schema, std::move(columns), batch.num_rows()));
      for (size_t r = 0; r < batch.num_rows(); ++r) {
        removals.Mark(std::string(batch.column(n).ValueAt<StringView>(r).view()),
                      static_cast<uint64_t>(batch.column(n + 1).ValueAt<int64_t>(r)));
      }
      updated += static_cast<int64_t>(batch.num_rows());
    }
  }
  removals.Seal();
  const int64_t scan_ms = MillisSince(started);

  delta::Transaction txn(target.snapshot, "UPDATE");
  txn.SetOperationParameter("predicate", JsonList(d.condition.present() ? std::vector<std::string>{d.condition.text}
                                                                        : std::vector<std::string>{}));
  const delta::RowRemovalStats stats =
      delta::ApplyRowRemovals(*target.table, removals, target.deletion_vectors, writer, txn, now,
                                DmlRewriteThreads(session_.config_));
  const AddedFiles added = AddFiles(writer.Finish(), txn);
  bool all_partition = false;
  const std::vector<std::string> conjuncts =
      d.condition.present() ? PartitionConjuncts(*d.condition.expr, metadata.partition_columns, target.alias, &all_partition)
                            : std::vector<std::string>{};
  RegisterReadPredicate(txn, run, target.snapshot, target.alias, conjuncts,
                        "UPDATE" + (d.condition.present() ? " WHERE " + d.condition.text : std::string()));
  txn.SetOperationMetric("numUpdatedRows", updated);
  txn.SetOperationMetric("numCopiedRows", stats.copied_rows);
  SetFileMetrics(txn, DmlMetricNames::kDeleteUpdate, stats, added, feed, scan_ms, started);
  if (!txn.removed_files().empty() || !txn.added_files().empty()) CommitWithHooks(session_.fs_, txn);
  return CountersRow({"num_affected_rows"}, {updated});
}

}  // namespace tarn
