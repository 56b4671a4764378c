#include "session/maintenance_statements.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "columnar/value_text.h"
#include "common/check.h"
#include "common/error.h"
#include "common/strings.h"
#include "delta/checkpoint_writer.h"
#include "delta/clustering.h"
#include "delta/optimize.h"
#include "delta/table_statistics.h"
#include "delta/vacuum.h"
#include "delta/write_util.h"
#include "plan/optimizer.h"
#include "session/delta_statement_util.h"
#include "session/session_internal.h"

namespace tarn {
namespace {

using sql::Statement;
using sql::StatementKind;

// Stages a protocol with `features` when the table lacks any of them (an
// unchanged protocol action would make concurrent writers fail needlessly).
void UpgradeProtocol(const delta::Snapshot& snapshot, const std::vector<std::string>& features, delta::Transaction& txn) {
  const delta::Protocol upgraded = delta::WithWriterFeatures(snapshot.protocol(), features);
  if (upgraded.min_writer_version != snapshot.protocol().min_writer_version ||
      upgraded.writer_features != snapshot.protocol().writer_features) {
    txn.UpdateProtocol(upgraded);
  }
}

std::string LongSql(int64_t v) { return std::to_string(v) + "L"; }
std::string OptLongSql(const std::optional<int64_t>& v) { return v ? LongSql(*v) : "CAST(NULL AS BIGINT)"; }
std::string DoubleSql(double v) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.17g", v);
  return "CAST('" + std::string(text) + "' AS DOUBLE)";
}

std::string FileSizeSql(const delta::FileSizeMetrics& m) {
  return "named_struct('min', " + OptLongSql(m.min) + ", 'max', " + OptLongSql(m.max) + ", 'avg', " + DoubleSql(m.avg) +
         ", 'totalFiles', " + LongSql(m.total_files) + ", 'totalSize', " + LongSql(m.total_size) + ")";
}

std::string PairSql(const char* a, int64_t x, const char* b, int64_t y) {
  return std::string("named_struct('") + a + "', " + LongSql(x) + ", '" + b + "', " + LongSql(y) + ")";
}

constexpr const char* kZOrderStatsType =
    "STRUCT<strategyName: STRING, inputCubeFiles: STRUCT<num: BIGINT, size: BIGINT>, inputOtherFiles: STRUCT<num: "
    "BIGINT, size: BIGINT>, inputNumCubes: BIGINT, mergedFiles: STRUCT<num: BIGINT, size: BIGINT>, numOutputCubes: "
    "BIGINT, mergedNumCubes: BIGINT>";
constexpr const char* kClusteringStatsType =
    "STRUCT<inputZCubeFiles: STRUCT<numFiles: BIGINT, size: BIGINT>, inputOtherFiles: STRUCT<numFiles: BIGINT, size: "
    "BIGINT>, inputNumZCubes: BIGINT, mergedFiles: STRUCT<numFiles: BIGINT, size: BIGINT>, numOutputZCubes: BIGINT>";

// Delta's OPTIMIZE result: path, metrics (OptimizeMetrics as a struct).
std::string OptimizeResultSql(const std::string& location, const delta::OptimizeMetrics& m) {
  std::string zorder = std::string("CAST(NULL AS ") + kZOrderStatsType + ")";
  if (m.zorder) {
    zorder = "named_struct('strategyName', 'all', 'inputCubeFiles', " + PairSql("num", 0, "size", 0) +
             ", 'inputOtherFiles', " + PairSql("num", m.input_other_files, "size", m.input_other_bytes) +
             ", 'inputNumCubes', 0L, 'mergedFiles', " + PairSql("num", m.input_other_files, "size", m.input_other_bytes) +
             ", 'numOutputCubes', " + LongSql(m.num_output_cubes) + ", 'mergedNumCubes', CAST(NULL AS BIGINT))";
  }
  std::string clustering = std::string("CAST(NULL AS ") + kClusteringStatsType + ")";
  if (m.clustering) {
    clustering = "named_struct('inputZCubeFiles', " + PairSql("numFiles", m.input_cube_files, "size", m.input_cube_bytes) +
                 ", 'inputOtherFiles', " + PairSql("numFiles", m.input_other_files, "size", m.input_other_bytes) +
                 ", 'inputNumZCubes', " + LongSql(m.input_num_cubes) + ", 'mergedFiles', " +
                 PairSql("numFiles", m.input_cube_files + m.input_other_files, "size", m.input_cube_bytes + m.input_other_bytes) +
                 ", 'numOutputZCubes', " + LongSql(m.num_output_cubes) + ")";
  }
  const std::string metrics =
      "named_struct('numFilesAdded', " + LongSql(m.num_files_added) + ", 'numFilesRemoved', " + LongSql(m.num_files_removed) +
      ", 'filesAdded', " + FileSizeSql(m.files_added) + ", 'filesRemoved', " + FileSizeSql(m.files_removed) +
      ", 'partitionsOptimized', " + LongSql(m.partitions_optimized) + ", 'zOrderStats', " + zorder +
      ", 'clusteringStats', " + clustering + ", 'numBins', " + LongSql(m.num_bins) + ", 'numBatches', " +
      LongSql(m.num_batches) + ", 'totalConsideredFiles', " + LongSql(m.total_considered_files) +
      ", 'totalFilesSkipped', " + LongSql(m.total_files_skipped) +
      ", 'preserveInsertionOrder', false, 'numFilesSkippedToReduceWriteAmplification', 0L, "
      "'numBytesSkippedToReduceWriteAmplification', 0L, 'startTimeMs', " + LongSql(m.start_time_ms) +
      ", 'endTimeMs', " + LongSql(m.end_time_ms) + ", 'totalClusterParallelism', 1L, 'totalScheduledTasks', " +
      LongSql(m.num_bins) + ", 'deletionVectorStats', named_struct('numDeletionVectorsRemoved', " +
      LongSql(m.num_deletion_vectors_removed) + ", 'numDeletionVectorRowsRemoved', " +
      LongSql(m.num_deletion_vector_rows_removed) + "), 'numTableColumns', " + LongSql(m.num_table_columns) +
      ", 'numTableColumnsWithStats', " + LongSql(m.num_table_columns_with_stats) + ")";
  return "SELECT " + SqlString("file:" + location) + " AS path, " + metrics + " AS metrics";
}

// The column names an expression refers to (last name part).
void CollectColumns(const sql::Expr& expr, std::vector<std::string>* out) {
  if (expr.kind == sql::ExprKind::kColumn && !expr.names.empty()) out->push_back(expr.names.back());
  for (const sql::ExprPtr& child : expr.children) {
    if (child) CollectColumns(*child, out);
  }
  if (expr.filter) CollectColumns(*expr.filter, out);
}

int64_t Now() { return delta::SystemNowMs(); }

}  // namespace

bool MaintenanceStatements::Handles(StatementKind kind) {
  switch (kind) {
    case StatementKind::kOptimize:
    case StatementKind::kReorgTable:
    case StatementKind::kVacuum:
    case StatementKind::kAlterTableClusterBy:
    case StatementKind::kAnalyzeTable: return true;
    default: return false;
  }
}

StatementResult MaintenanceStatements::Run(const Statement& s) {
  switch (s.kind) {
    case StatementKind::kOptimize:
    case StatementKind::kReorgTable: return Optimize(s);
    case StatementKind::kVacuum: return Vacuum(s);
    case StatementKind::kAlterTableClusterBy: return AlterClusterBy(s);
    case StatementKind::kAnalyzeTable: return Analyze(s);
    default: break;
  }
  ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "this maintenance statement"}});
}

std::function<bool(const delta::AddFile&)> MaintenanceStatements::PartitionFilter(const delta::Snapshot& snapshot,
                                                                                  const Statement& s) {
  const std::vector<std::string>& partitions = snapshot.metadata().partition_columns;
  // Only partition columns may be referenced (Delta's OptimizeTableCommand).
  std::vector<std::string> referenced;
  CollectColumns(*s.maintenance.where, &referenced);
  for (const std::string& name : referenced) {
    const bool is_partition = std::any_of(partitions.begin(), partitions.end(),
                                          [&](const std::string& p) { return EqualsIgnoreCase(p, name); });
    if (!is_partition && snapshot.schema().FieldIndex(name) >= 0) {
      std::string list;
      for (const std::string& p : partitions) list += (list.empty() ? "" : ", ") + p;
      ThrowError(ErrorClass::kDeltaNonPartitionColumnReference, {{"columnName", name}, {"columnList", list}});
    }
  }
  // Evaluate the predicate over the distinct partition values of the table.
  const Schema schema = snapshot.schema().ToSchema();
  std::vector<delta::PartitionValues> distinct;
  {
    std::set<delta::PartitionValues> seen;
    for (const delta::AddFile& f : snapshot.files()) {
      if (seen.insert(f.partition_values).second) distinct.push_back(f.partition_values);
    }
  }
  // Row -1 (all NULL) keeps the VALUES typed when the table has no files.
  std::string rows;
  for (int64_t r = -1; r < static_cast<int64_t>(distinct.size()); ++r) {
    std::string row = "(" + std::to_string(r);
    for (const std::string& p : partitions) {
      const int index = snapshot.schema().FieldIndex(p);
      const std::optional<std::string_view> value =
          r >= 0 ? delta::PartitionValueOf(distinct[static_cast<size_t>(r)], snapshot.schema().fields[index]) : std::nullopt;
      row += ", CAST(" + (value ? SqlString(*value) : std::string("NULL")) + " AS " + schema[index].type.ToSql() + ")";
    }
    rows += (rows.empty() ? "" : ", ") + row + ")";
  }
  std::string columns = "__i";
  for (const std::string& p : partitions) columns += ", " + QuoteName(p);
  StatementResult selected = tables_.RunSql("SELECT __i FROM VALUES " + rows + " AS __partitions(" + columns +
                                            ") WHERE coalesce((" + s.maintenance.where_text + "), false)");
  auto keep = std::make_shared<std::set<delta::PartitionValues>>();
  for (const Batch& b : selected.batches) {
    for (size_t r = 0; r < b.num_rows(); ++r) {
      const int64_t i = b.column(0).ValueAt<int32_t>(r);
      if (i >= 0) keep->insert(distinct[static_cast<size_t>(i)]);
    }
  }
  return [keep](const delta::AddFile& f) { return keep->count(f.partition_values) > 0; };
}

StatementResult MaintenanceStatements::Optimize(const Statement& s) {
  TableStatements::ResolvedTable t = tables_.ResolveDeltaTable(s.name);
  TableStatements::CheckWritable(*t.snapshot, t.display);
  const Config& config = session_.config();
  delta::OptimizeSpec spec;
  spec.purge = s.kind == StatementKind::kReorgTable;
  spec.full = s.maintenance.full;
  spec.zorder_by = s.maintenance.zorder_by;
  spec.table_name = t.display;
  const bool clustered = delta::ClusteringColumns(*t.snapshot).has_value();
  if (clustered && s.maintenance.where && !spec.purge) {
    ThrowError(ErrorClass::kDeltaClusteringWithPartitionPredicate, {{"predicates", s.maintenance.where_text}});
  }
  if (s.maintenance.where) {
    spec.partition_filter = PartitionFilter(*t.snapshot, s);
    spec.predicates.push_back(s.maintenance.where_text);
  }
  spec.max_file_size = config.GetBytes("spark.databricks.delta.optimize.maxFileSize");
  spec.min_file_size = config.GetBytes("spark.databricks.delta.optimize.minFileSize");
  try {
    spec.max_deleted_rows_ratio = std::stod(config.GetString("spark.databricks.delta.optimize.maxDeletedRowsRatio"));
  } catch (...) {
    spec.max_deleted_rows_ratio = 0.05;
  }
  spec.zorder_check_stats = config.GetBool("spark.databricks.delta.optimize.zorder.checkStatsCollection.enabled");
  if (spec.full && !clustered) ThrowError(ErrorClass::kDeltaOptimizeFullNotSupported, {});
  const delta::OptimizeResult result = delta::Optimize(t.snapshot, spec);
  if (result.version) {
    // The commit is durable; a failed checkpoint only costs read time later.
    auto latest = t.snapshot->Update(*result.version);
    (void)delta::RunPostCommitHooks(t.snapshot->fs_ptr(), t.location, *result.version, latest->metadata(), Now());
  }
  return tables_.RunSql(OptimizeResultSql(t.location, result.metrics));
}

StatementResult MaintenanceStatements::Vacuum(const Statement& s) {
  TableStatements::ResolvedTable t = tables_.ResolveDeltaTable(s.name);
  const delta::Snapshot& snapshot = *t.snapshot;
  // vacuumProtocolCheck: a client vacuums only tables whose every feature it supports.
  const auto& writer = snapshot.protocol().writer_features;
  if (writer && std::find(writer->begin(), writer->end(), "vacuumProtocolCheck") != writer->end()) {
    TableStatements::CheckWritable(snapshot, t.display);
  }
  const Config& config = session_.config();
  delta::VacuumSpec spec;
  spec.dry_run = s.maintenance.dry_run;
  spec.retention_check = config.GetBool("spark.databricks.delta.retentionDurationCheck.enabled");
  if (!s.maintenance.retain_hours.empty()) spec.retain_hours = std::stod(s.maintenance.retain_hours);
  const bool logging = !spec.dry_run && config.GetBool("spark.databricks.delta.vacuum.logging.enabled");

  // Plan first (the checks raise before anything is logged), then log VACUUM START, delete, VACUUM END.
  delta::VacuumSpec plan_spec = spec;
  plan_spec.dry_run = true;
  const int64_t now = Now();
  plan_spec.clock = [now] { return now; };
  delta::VacuumResult planned = delta::Vacuum(snapshot, plan_spec);
  if (spec.dry_run) {
    // Delta shows at most 1000 of the paths.
    std::string rows;
    for (size_t i = 0; i < planned.paths.size() && i < 1000; ++i) {
      rows += (rows.empty() ? "" : ", ") + std::string("(") + SqlString("file:" + planned.paths[i]) + ")";
    }
    if (rows.empty()) return tables_.RunSql("SELECT CAST(NULL AS STRING) AS path WHERE false");
    return tables_.RunSql("SELECT * FROM VALUES " + rows + " AS v(path)");
  }
  std::shared_ptr<const delta::Snapshot> current = t.snapshot;
  if (logging) {
    delta::Transaction start(current, "VACUUM START");
    start.SetOperationParameter("retentionCheckEnabled", spec.retention_check ? "true" : "false");
    start.SetOperationParameter("defaultRetentionMillis", std::to_string(planned.default_retention_ms));
    if (spec.retain_hours) start.SetOperationParameter("specifiedRetentionMillis", std::to_string(planned.retention_ms));
    start.SetOperationMetric("numFilesToDelete", static_cast<int64_t>(planned.paths.size()));
    start.SetOperationMetric("sizeOfDataToDelete", planned.bytes);
    current = current->Update(start.Commit().version);
  }
  delta::VacuumResult done;
  std::string status = "COMPLETED";
  try {
    spec.clock = [now] { return now; };
    done = delta::Vacuum(snapshot, spec);
  } catch (const Error&) {
    status = "FAILED";
    if (logging) {
      delta::Transaction end(current, "VACUUM END");
      end.SetOperationParameter("status", status);
      end.Commit();
    }
    throw;
  }
  if (logging) {
    delta::Transaction end(current, "VACUUM END");
    end.SetOperationParameter("status", status);
    end.SetOperationMetric("numDeletedFiles", static_cast<int64_t>(done.paths.size()));
    end.SetOperationMetric("numVacuumedDirectories", done.directories);
    const delta::CommitResult committed = end.Commit();
    (void)delta::RunPostCommitHooks(t.snapshot->fs_ptr(), t.location, committed.version, current->metadata(), Now());
  }
  return tables_.RunSql("SELECT " + SqlString("file:" + t.location) + " AS path");
}

StatementResult MaintenanceStatements::AlterClusterBy(const Statement& s) {
  TableStatements::ResolvedTable t = tables_.ResolveDeltaTable(s.name);
  TableStatements::CheckWritable(*t.snapshot, t.display);
  const delta::Snapshot& snapshot = *t.snapshot;
  if (!snapshot.metadata().partition_columns.empty()) {
    ThrowError(ErrorClass::kDeltaAlterTableClusterByOnPartitionedTableNotAllowed, {});
  }
  // Delta allows ALTER TABLE CLUSTER BY only on clustered tables (or to cluster an unpartitioned one);
  // tarn follows Databricks: any unpartitioned table may become clustered.
  std::vector<std::string> columns = delta::ValidateClusteringColumns(s.maintenance.cluster_by, snapshot.schema());
  delta::Transaction txn(t.snapshot, "CLUSTER BY");
  const std::optional<std::vector<std::string>> old = delta::ClusteringColumns(snapshot);
  UpgradeProtocol(snapshot, {"domainMetadata", "clustering"}, txn);
  txn.SetDomainMetadata(delta::ClusteringDomain(columns, snapshot.schema()));
  txn.SetOperationParameter("oldClusteringColumns", old ? JsonList(*old).substr(1, JsonList(*old).size() - 2) : "");
  std::string joined;
  for (const std::string& c : columns) joined += (joined.empty() ? "" : ",") + c;
  txn.SetOperationParameter("newClusteringColumns", joined);
  CommitWithHooks(txn.snapshot()->fs_ptr(), txn);
  return {};
}

namespace {

// Spark's AnalyzeColumnCommand.supportsType: atomic types only.
bool SupportsColumnStatistics(const DataType& type) {
  switch (type.id()) {
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct:
    case TypeId::kCalendarInterval:
    case TypeId::kNull: return false;
    default: return true;
  }
}

// Spark keeps min/max for numbers, booleans, dates and timestamps (not strings or binary).
bool KeepsMinMax(const DataType& type) {
  return type.is_numeric() || type.id() == TypeId::kBoolean || type.id() == TypeId::kDate ||
         type.id() == TypeId::kTimestamp || type.id() == TypeId::kTimestampNtz;
}

std::optional<int64_t> LongAt(const Batch& b, size_t c) {
  if (b.column(c).IsNull(0)) return std::nullopt;
  return b.column(c).ValueAt<int64_t>(0);
}

std::optional<std::string> TextAt(const Batch& b, size_t c) {
  if (b.column(c).IsNull(0)) return std::nullopt;
  std::string text;
  AppendSparkText(b.column(c), 0, &text);
  return text;
}

}  // namespace

StatementResult MaintenanceStatements::Analyze(const Statement& s) {
  TableStatements::ResolvedTable t = tables_.ResolveDeltaTable(s.name);
  const sql::MaintenanceClauses& m = s.maintenance;
  std::shared_ptr<const delta::Snapshot> snapshot = t.snapshot;
  if (m.delta_statistics) {
    // Databricks' COMPUTE DELTA STATISTICS: the per-file stats of every add, recomputed.
    TableStatements::CheckWritable(*snapshot, t.display);
    std::vector<delta::AddFile> adds = delta::RecomputeFileStatistics(*snapshot);
    if (adds.empty()) return {};
    delta::Transaction txn(snapshot, "COMPUTE STATS");
    txn.ReadFiles(snapshot->files());
    for (delta::AddFile& a : adds) txn.AddFile(std::move(a));
    txn.SetOperationParameter("predicate", "[]");
    CommitWithHooks(txn.snapshot()->fs_ptr(), txn);
    return {};
  }
  const Schema schema = snapshot->schema().ToSchema();
  delta::TableStatistics stats = delta::TableStatisticsOf(*snapshot).value_or(delta::TableStatistics{});
  stats.table_version = snapshot->version();
  stats.size_in_bytes = 0;
  for (const delta::AddFile& f : snapshot->files()) stats.size_in_bytes += f.size;
  // The columns asked for (FOR ALL COLUMNS skips the types Spark cannot describe).
  std::vector<size_t> columns;
  if (m.all_columns) {
    for (size_t c = 0; c < schema.size(); ++c) {
      if (SupportsColumnStatistics(schema[c].type)) columns.push_back(c);
    }
  }
  for (const std::string& name : m.columns) {
    const int c = snapshot->schema().FieldIndex(name);
    if (c < 0) {
      ThrowError(ErrorClass::kColumnNotFound, {{"colName", QuoteName(name)}, {"caseSensitiveConfig", "\"spark.sql.caseSensitive\""}});
    }
    if (!SupportsColumnStatistics(schema[c].type)) {
      ThrowError(ErrorClass::kUnsupportedFeature,
                 {{"feature", "ANALYZE TABLE FOR COLUMNS on " + QuoteName(schema[c].name) + " of type " + schema[c].type.ToSql()}});
    }
    if (std::find(columns.begin(), columns.end(), static_cast<size_t>(c)) == columns.end()) columns.push_back(c);
  }
  if (!m.noscan) {
    // One scan: the row count and every asked column's aggregates.
    std::string select = "count(*)";
    for (size_t c : columns) {
      const std::string col = QuoteName(schema[c].name);
      const DataType& type = schema[c].type;
      select += ", approx_count_distinct(" + col + "), count(*) - count(" + col + ")";
      select += KeepsMinMax(type) ? ", CAST(min(" + col + ") AS STRING), CAST(max(" + col + ") AS STRING)"
                                  : ", CAST(NULL AS STRING), CAST(NULL AS STRING)";
      if (type.id() == TypeId::kString || type.id() == TypeId::kBinary) {
        select += ", CAST(ceil(avg(length(" + col + "))) AS BIGINT), CAST(max(length(" + col + ")) AS BIGINT)";
      } else {
        const std::string size = std::to_string(plan::DefaultSize(type)) + "L";
        select += ", " + size + ", " + size;
      }
    }
    StatementResult r = tables_.RunSql("SELECT " + select + " FROM delta.`" + t.location + "` VERSION AS OF " +
                                       std::to_string(snapshot->version()));
    TARN_CHECK(!r.batches.empty() && r.batches[0].num_rows() == 1);
    const Batch& b = r.batches[0];
    stats.num_rows = LongAt(b, 0);
    for (size_t i = 0; i < columns.size(); ++i) {
      const size_t at = 1 + i * 6;
      ColumnStatistics cs;
      cs.distinct_count = LongAt(b, at);
      cs.null_count = LongAt(b, at + 1);
      cs.min = TextAt(b, at + 2);
      cs.max = TextAt(b, at + 3);
      cs.avg_len = LongAt(b, at + 4);
      cs.max_len = LongAt(b, at + 5);
      if (!cs.avg_len) cs.avg_len = 0;  // every value NULL
      if (!cs.max_len) cs.max_len = 0;
      stats.columns[AsciiLower(schema[columns[i]].name)] = cs;
    }
  }
  // Recorded as the table's tarn.tableStatistics domain (table_statistics.h).
  delta::Transaction txn(snapshot, "ANALYZE");
  UpgradeProtocol(*snapshot, {"domainMetadata"}, txn);
  txn.SetDomainMetadata(delta::TableStatisticsDomain(stats));
  CommitWithHooks(txn.snapshot()->fs_ptr(), txn);
  return {};
}

delta::Protocol ApplyClusterByOnCreate(const Statement& s, const std::vector<std::string>& partition_columns,
                                       const delta::DeltaSchema& schema, delta::Protocol protocol,
                                       delta::Transaction& txn) {
  if (!s.maintenance.has_cluster_by) return protocol;
  if (!partition_columns.empty()) ThrowError(ErrorClass::kDeltaClusterByWithPartitionedBy, {});
  std::vector<std::string> columns = delta::ValidateClusteringColumns(s.maintenance.cluster_by, schema);
  txn.SetDomainMetadata(delta::ClusteringDomain(columns, schema));
  txn.SetOperationParameter("clusterBy", JsonList(columns));
  return delta::WithWriterFeatures(std::move(protocol), {"domainMetadata", "clustering"});
}

}  // namespace tarn
