#include "session/table_statements.h"

#include <algorithm>
#include <map>
#include <set>

#include "columnar/value_text.h"
#include "common/error.h"
#include "common/strings.h"
#include "delta/change_data.h"
#include "delta/checkpoint_writer.h"
#include "delta/column_mapping.h"
#include "delta/clustering.h"
#include "delta/delta_table.h"
#include "delta/row_level_write.h"
#include "delta/schema.h"
#include "delta/snapshot.h"
#include "delta/table_writer.h"
#include "delta/transaction.h"
#include "delta/write_util.h"
#include "session/maintenance_statements.h"
#include "session/column_generation.h"
#include "session/delta_statement_util.h"
#include "session/session_internal.h"
#include "session/table_catalog.h"
#include "session/dml_support.h"
#include "session/write_shaping.h"
#include "sql/parser.h"
#include "types/datetime.h"
#include "types/type_parser.h"

namespace tarn {
namespace {

using sql::Statement;
using sql::StatementKind;

constexpr const char* kConstraintPrefix = "delta.constraints.";

bool IsDeltaPath(const std::vector<std::string>& name) { return name.size() == 2 && AsciiLower(name[0]) == "delta"; }

// Known table properties (Delta's DeltaConfigs); other delta.* keys are refused.
bool IsKnownDeltaProperty(const std::string& key) {
  static const std::set<std::string> kKnown = {
      "delta.appendonly", "delta.checkpointinterval", "delta.logretentionduration",
      "delta.deletedfileretentionduration", "delta.targetfilesize", "delta.dataskippingnumindexedcols",
      "delta.dataskippingstatscolumns", "delta.enablechangedatafeed", "delta.columnmapping.mode",
      "delta.minreaderversion", "delta.minwriterversion", "delta.enableexpiredlogcleanup",
      "delta.checkpoint.writestatsasjson", "delta.checkpoint.writestatsasstruct", "delta.isolationlevel",
      "delta.randomizefileprefixes", "delta.randomprefixlength", "delta.settransactionretentionduration",
      "delta.tunefilesizesforrewrites", "delta.autooptimize.optimizewrite", "delta.autooptimize.autocompact",
      "delta.compatibility.symlinkformatmanifest.enabled", "delta.enabledeletionvectors",
      "delta.checkpointpolicy", "delta.enableintcommittimestamps", "delta.enablerowtracking",
      "delta.enabletypewidening", "delta.universalformat.enabledformats"};
  return kKnown.count(AsciiLower(key)) > 0;
}

// Properties that would need table features tarn does not write yet.
// Column mapping by name can be chosen when a table is created (every
// column then gets an id and a physical name), not turned on later.
bool NeedsUnsupportedFeature(const std::string& key, const std::string& value, bool creating) {
  const std::string k = AsciiLower(key);
  const std::string v = AsciiLower(value);
  (void)creating;  // column mapping by name can also be turned on later
  // 'id' only when the table is created (Delta, too, cannot switch a table to ids).
  if (k == "delta.columnmapping.mode") return !(v == "none" || v == "name" || (creating && v == "id"));
  if (k == "delta.enablerowtracking" ||
      k == "delta.enableintcommittimestamps") {
    return v == "true";
  }
  if (k == "delta.checkpointpolicy") return v == "v2";
  if (k == "delta.universalformat.enabledformats") return !v.empty();
  return k.rfind("delta.feature.", 0) == 0;
}

std::map<std::string, std::string> ValidatedProperties(const std::vector<sql::Property>& properties, bool creating) {
  std::map<std::string, std::string> out;
  for (const sql::Property& p : properties) {
    const std::string lower = AsciiLower(p.key);
    if (lower.rfind("delta.constraints.", 0) == 0) {
      ThrowError(ErrorClass::kUnsupportedFeature,
                 {{"feature", "setting " + p.key + " as a table property (use ALTER TABLE ADD CONSTRAINT)"}});
    }
    if (lower.rfind("delta.", 0) == 0 && !IsKnownDeltaProperty(p.key) && lower.rfind("delta.feature.", 0) != 0) {
      ThrowError(ErrorClass::kDeltaUnknownConfiguration,
                 {{"config", p.key}, {"disableCheckConfig", "spark.databricks.delta.allowArbitraryProperties.enabled"}});
    }
    if (NeedsUnsupportedFeature(p.key, p.value, creating)) {
      ThrowError(ErrorClass::kUnsupportedFeature,
                 {{"feature", std::string(creating ? "creating" : "altering") + " Delta tables with " + p.key + " = " + p.value}});
    }
    out[p.key] = p.value;
  }
  return out;
}

// The CHECK constraints of a table: name → expression text.
std::map<std::string, std::string> Constraints(const delta::Metadata& metadata) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : metadata.configuration) {
    if (AsciiLower(key).rfind(kConstraintPrefix, 0) == 0) out[key.substr(std::string(kConstraintPrefix).size())] = value;
  }
  return out;
}

int64_t CountRows(const StatementResult& result) {
  if (result.batches.empty() || result.batches[0].num_rows() == 0) return 0;
  return result.batches[0].column(0).ValueAt<int64_t>(0);
}

// Whether a plan reads the Delta table at `location` (its rows then depend on
// the table: the write is not a blind append).
bool ReadsTable(const plan::PlanPtr& plan, const std::string& location) {
  if (!plan) return false;
  if (const auto* table = dynamic_cast<const delta::DeltaTable*>(plan->table.get())) {
    if (table->snapshot().table_path() == location) return true;
  }
  for (const plan::PlanPtr& child : plan->children) {
    if (ReadsTable(child, location)) return true;
  }
  return false;
}

}  // namespace

TableStatements::TableStatements(Session& session)
    : session_(session),
      catalog_(MakeWarehouseCatalog(session.fs_, session.config_.GetString("spark.sql.warehouse.dir"))) {}

TableStatements::~TableStatements() = default;

bool TableStatements::Handles(StatementKind kind) {
  if (MaintenanceStatements::Handles(kind)) return true;
  switch (kind) {
    case StatementKind::kCreateTable:
    case StatementKind::kInsert:
    case StatementKind::kDropTable:
    case StatementKind::kDescribeHistory:
    case StatementKind::kDescribeDetail:
    case StatementKind::kRestoreTable:
    case StatementKind::kShowTblProperties:
    case StatementKind::kAlterTableSetProperties:
    case StatementKind::kAlterTableUnsetProperties:
    case StatementKind::kAlterTableAddConstraint:
    case StatementKind::kAlterTableDropConstraint:
    case StatementKind::kAlterTableAddColumns:
    case StatementKind::kAlterTableAlterColumn:
    case StatementKind::kAlterTableRenameColumn:
    case StatementKind::kAlterTableDropColumns:
    case StatementKind::kDelete:
    case StatementKind::kUpdate:
    case StatementKind::kMerge:
      return true;
    default:
      return false;
  }
}

StatementResult TableStatements::Run(const Statement& s) {
  if (MaintenanceStatements::Handles(s.kind)) return MaintenanceStatements(*this, session_).Run(s);
  switch (s.kind) {
    case StatementKind::kCreateTable: return CreateTable(s);
    case StatementKind::kInsert: return Insert(s);
    case StatementKind::kDropTable: return DropTable(s);
    case StatementKind::kDescribeHistory: return DescribeHistory(s);
    case StatementKind::kDescribeDetail: return DescribeDetail(s);
    case StatementKind::kRestoreTable: return Restore(s);
    case StatementKind::kShowTblProperties: return ShowTblProperties(s);
    case StatementKind::kAlterTableSetProperties:
    case StatementKind::kAlterTableUnsetProperties: return AlterProperties(s);
    case StatementKind::kAlterTableAddConstraint:
    case StatementKind::kAlterTableDropConstraint: return AlterConstraint(s);
    case StatementKind::kAlterTableAddColumns:
    case StatementKind::kAlterTableAlterColumn:
    case StatementKind::kAlterTableRenameColumn:
    case StatementKind::kAlterTableDropColumns: return AlterColumns(s);
    case StatementKind::kDelete: return Delete(s);
    case StatementKind::kUpdate: return Update(s);
    case StatementKind::kMerge: return Merge(s);
    default: break;
  }
  ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "this table statement"}});
}

TableStatements::Target TableStatements::ResolveTarget(const std::vector<std::string>& name, bool must_exist) {
  Target t;
  if (IsDeltaPath(name)) {
    t.path_name = true;
    t.location = name[1];
    while (t.location.size() > 1 && t.location.back() == '/') t.location.pop_back();
    t.display = "delta.`" + name[1] + "`";
  } else {
    t.ident = catalog_->Identify(name);
    t.display = t.ident->Quoted();
    t.entry = catalog_->Lookup(*t.ident);
    t.location = t.entry ? t.entry->location : catalog_->ManagedLocation(*t.ident);
  }
  if (HasDeltaLog(*session_.fs_, t.location) && (t.path_name || t.entry)) {
    t.snapshot = delta::Snapshot::Load(session_.fs_, t.location);
  }
  if (must_exist && !t.snapshot) {
    if (t.path_name) ThrowError(ErrorClass::kDeltaMissingDeltaTable, {{"tableName", t.display}});
    ThrowError(ErrorClass::kTableOrViewNotFound, {{"relationName", t.display}});
  }
  return t;
}

plan::PlanPtr TableStatements::ResolveTable(const std::vector<std::string>& name, const delta::TimeTravel& time_travel) {
  if (name.empty() || name.size() > 3) return nullptr;
  if (!IsDeltaPath(name)) {
    try {
      const TableIdentifier ident = catalog_->Identify(name);
      if (!catalog_->Lookup(ident)) return nullptr;
    } catch (const Error&) {
      return nullptr;  // another schema: not a table of this catalog
    }
  }
  Target t = ResolveTarget(name, true);
  if (time_travel.version || time_travel.timestamp_ms) {
    return ScanPlan(delta::DeltaTable::Open(session_.fs_, t.location, time_travel));
  }
  return ScanPlan(delta::DeltaTable::Open(t.snapshot));
}

// The target of DELETE / UPDATE / MERGE (dml_statements.cc, merge_statement.cc): a Delta table, not a
// view or a file path, scanned with its row-metadata columns.
DmlTarget TableStatements::OpenDmlTarget(const Statement& s, const std::string& operation) {
  const std::vector<std::string>& name = s.name;
  const bool view = name.size() == 1 && session_.temp_views_.count(AsciiLower(name[0])) > 0;
  static const std::set<std::string> kFileFormats = {"parquet", "csv", "json", "orc", "text", "avro", "binaryfile"};
  const bool file_path = name.size() == 2 && kFileFormats.count(AsciiLower(name[0])) > 0;
  if (view || file_path) {
    std::string shown;
    for (const std::string& part : name) shown += (shown.empty() ? "" : ".") + QuoteName(part);
    ThrowError(ErrorClass::kUnsupportedTableOperation, {{"tableName", shown}, {"operation", operation}});
  }
  Target t = ResolveTarget(name, true);
  CheckWriteSupported(*t.snapshot, t.display, /*computes_generated_columns=*/true);
  DmlTarget out;
  out.display = t.display;
  out.location = t.location;
  out.snapshot = t.snapshot;
  out.schema = t.snapshot->schema().ToSchema();
  out.table = delta::DeltaTable::OpenWithRowMetadata(t.snapshot);
  out.alias = !s.dml->target_alias.empty() ? s.dml->target_alias : name.back();  // delta.`/path`: the path
  out.deletion_vectors = delta::UsesDeletionVectors(t.snapshot->metadata(), t.snapshot->protocol());
  return out;
}

std::vector<std::string> TableStatements::ListTables() { return catalog_->ListTables("default"); }

TableStatements::ResolvedTable TableStatements::ResolveDeltaTable(const std::vector<std::string>& name) {
  Target t = ResolveTarget(name, true);
  return {t.display, t.location, t.snapshot};
}

void TableStatements::CheckWritable(const delta::Snapshot& snapshot, const std::string& table) {
  CheckWriteSupported(snapshot, table, /*computes_generated_columns=*/true);  // rewrites keep the values
}

std::optional<std::vector<std::string>> TableStatements::PartitionColumns(const std::vector<std::string>& name) {
  try {
    if (!IsDeltaPath(name) && !catalog_->Lookup(catalog_->Identify(name))) return std::nullopt;
    Target t = ResolveTarget(name, true);
    return t.snapshot->metadata().partition_columns;
  } catch (const Error&) {
    return std::nullopt;
  }
}

StatementResult TableStatements::RunSql(const std::string& text) {
  auto query = sql::Parser::ParseQueryText(text);
  return session_.RunQueryPlan(session_.OptimizeForRun(session_.AnalyzeStatementQuery(*query)));
}

// --- writing rows ----------------------------------------------------------------

namespace {

struct WriteSpec {
  delta::Metadata metadata;
  delta::Protocol protocol;
  Schema schema;                                   // the table's columns
  std::vector<std::pair<std::string, std::string>> checks;  // constraint name, expression
  std::string table;                               // for messages
  IdentityValues* identity = nullptr;              // hands out the values of `identity_columns`
  std::vector<size_t> identity_columns = {};       // identity columns the rows do not give
};

}  // namespace

namespace {

struct WriteOutcome {
  std::vector<delta::AddFile> adds;
  int64_t rows = 0;
  int64_t bytes = 0;
};

}  // namespace

// Writes the rows of `plan` (the table's columns, then one boolean per check)
// into data files, enforcing NOT NULL and the checks.
static WriteOutcome WriteRows(Session& session, std::unique_ptr<BatchStream> stream, const WriteSpec& spec,
                              const std::string& location, delta::TableWriter& writer) {
  (void)session;
  (void)location;
  WriteOutcome out;
  const size_t n = spec.schema.size();
  Batch batch;
  while (stream->Next(&batch)) {
    if (batch.num_rows() == 0) continue;
    if (spec.identity && !spec.identity_columns.empty()) {
      std::vector<VectorPtr> columns = batch.columns();
      for (size_t c : spec.identity_columns) spec.identity->Assign(columns[c], c, batch.num_rows());
      batch = Batch(batch.schema(), std::move(columns), batch.num_rows());
    }
    CheckWrittenRows(batch, spec.schema, spec.checks);
    std::vector<VectorPtr> columns(batch.columns().begin(), batch.columns().begin() + static_cast<long>(n));
    writer.Write(Batch(spec.schema, std::move(columns), batch.num_rows()));
    out.rows += static_cast<int64_t>(batch.num_rows());
  }
  return out;
}

namespace {

// Finishes a write: the files' adds and the commit's metrics.
WriteOutcome FinishWrite(delta::TableWriter& writer, WriteOutcome out) {
  out.adds = writer.Finish();
  for (const delta::AddFile& a : out.adds) out.bytes += a.size;
  return out;
}

void AddWriteMetrics(delta::Transaction& txn, const WriteOutcome& w) {
  txn.SetOperationMetric("numFiles", static_cast<int64_t>(w.adds.size()));
  txn.SetOperationMetric("numOutputRows", w.rows);
  txn.SetOperationMetric("numOutputBytes", w.bytes);
}

}  // namespace

// --- CREATE TABLE ------------------------------------------------------------------

StatementResult TableStatements::CreateTable(const Statement& s) {
  if (!s.format.empty() && AsciiLower(s.format) != "delta") {
    ThrowError(ErrorClass::kUnsupportedFeature,
               {{"feature", "CREATE TABLE ... USING " + s.format + " (tarn creates Delta tables: USING DELTA)"}});
  }
  if (!s.clustered_by.empty() || s.buckets > 0) {
    ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "bucketed tables (CLUSTERED BY ... INTO n BUCKETS)"}});
  }
  for (const std::string& p : s.partitioned_by) {
    if (p.find('(') != std::string::npos) {
      ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "partition transforms (" + p + ")"}});
    }
  }
  Target t = ResolveTarget(s.name, false);
  if (s.has_location) {
    if (t.path_name) {
      ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "CREATE TABLE delta.`path` with a LOCATION"}});
    }
    t.location = s.location;
    while (t.location.size() > 1 && t.location.back() == '/') t.location.pop_back();
    if (!t.entry && HasDeltaLog(*session_.fs_, t.location)) {
      t.snapshot = delta::Snapshot::Load(session_.fs_, t.location);
    }
  } else if (!t.path_name && !t.entry && HasDeltaLog(*session_.fs_, t.location)) {
    // A managed directory without a registration is a table too.
    t.snapshot = delta::Snapshot::Load(session_.fs_, t.location);
  }
  const bool exists = t.entry.has_value() || (t.path_name && t.snapshot);
  if (exists) {
    if (s.if_not_exists) return {};
    if (!s.or_replace) {
      if (t.path_name) ThrowError(ErrorClass::kDeltaTableAlreadyExists, {{"tableName", t.display}});
      ThrowError(ErrorClass::kTableOrViewAlreadyExists, {{"relationName", t.display}});
    }
  }

  // The schema: the query's, the column list, or an existing table's at the location.
  plan::PlanPtr source;
  Schema schema;
  if (s.query) {
    source = session_.AnalyzeStatementQuery(*s.query);
    for (const Field& f : source->schema) schema.push_back({f.name, f.type, true, ""});
    if (!s.columns.empty()) {
      ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "a column list in CREATE TABLE ... AS SELECT"}});
    }
  } else {
    for (const sql::ColumnDefinition& c : s.columns) {
      if (c.default_value) ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "column DEFAULT values"}});
      schema.push_back({c.name, ParseDataType(c.type), !c.not_null, c.comment});
    }
  }
  // CREATE TABLE name [(cols)] LOCATION '<existing Delta table>': register it.
  if (!exists && t.snapshot) {
    if (s.query) ThrowError(ErrorClass::kDeltaTableAlreadyExists, {{"tableName", "delta.`" + t.location + "`"}});
    const Schema existing = t.snapshot->schema().ToSchema();
    if (!schema.empty()) {
      bool same = schema.size() == existing.size();
      for (size_t i = 0; same && i < schema.size(); ++i) {
        same = EqualsIgnoreCase(schema[i].name, existing[i].name) && schema[i].type == existing[i].type;
      }
      if (!same) {
        ThrowError(ErrorClass::kDeltaCreateTableSchemeMismatch,
                   {{"path", t.location},
                    {"specifiedSchema", delta::SchemaToJson(ToDeltaSchema(schema))},
                    {"existingSchema", t.snapshot->metadata().schema_string},
                    {"schemaDifferences", "the columns differ"}});
      }
    }
    if (!s.partitioned_by.empty() && s.partitioned_by != t.snapshot->metadata().partition_columns) {
      ThrowError(ErrorClass::kDeltaCreateTableWithDifferentPartitioning,
                 {{"path", t.location},
                  {"specifiedColumns", JsonList(s.partitioned_by)},
                  {"existingColumns", JsonList(t.snapshot->metadata().partition_columns)}});
    }
    catalog_->Register(*t.ident, t.location);
    return {};
  }
  if (schema.empty()) {
    ThrowError(ErrorClass::kInvalidParameterValue,
               {{"parameter", "the schema"}, {"function", "CREATE TABLE " + t.display},
                {"message", "a Delta table needs columns: give a column list or AS SELECT"}});
  }
  if (!exists) {
    // A location holding only what a crashed first write left (a log without
    // commits, unreferenced files) may be written again.
    Result<std::vector<FileInfo>> entries = session_.fs_->List(t.location);
    if (entries.ok() && !entries->empty() && !session_.fs_->Exists(t.location + "/_delta_log")) {
      ThrowError(ErrorClass::kDeltaCreateTableWithNonEmptyLocation,
                 {{"tableId", t.display}, {"tableLocation", t.location}});
    }
  }
  // Column names are unique (case-insensitive), partition columns exist.
  std::set<std::string> seen;
  for (const Field& f : schema) {
    if (!seen.insert(AsciiLower(f.name)).second) {
      ThrowError(ErrorClass::kDeltaDuplicateColumnsFound, {{"duplicateCols", QuoteName(f.name)}});
    }
  }
  std::vector<std::string> partition_columns;
  for (const std::string& p : s.partitioned_by) {
    auto it = std::find_if(schema.begin(), schema.end(), [&](const Field& f) { return EqualsIgnoreCase(f.name, p); });
    if (it == schema.end()) {
      std::string list;
      for (const Field& f : schema) list += (list.empty() ? "" : ", ") + QuoteName(f.name);
      ThrowError(ErrorClass::kDeltaMissingPartitionColumn, {{"columnName", QuoteName(p)}, {"columnList", "[" + list + "]"}});
    }
    partition_columns.push_back(it->name);
  }

  delta::Metadata metadata;
  metadata.id = exists && t.snapshot ? t.snapshot->metadata().id : delta::RandomUuid();
  if (s.has_comment) metadata.description = s.comment;
  metadata.partition_columns = partition_columns;
  metadata.configuration = ValidatedProperties(s.properties, /*creating=*/true);
  metadata.created_time = delta::SystemNowMs();
  delta::DeltaSchema delta_schema = ToDeltaSchema(schema);
  delta::Protocol protocol{1, 2, std::nullopt, std::nullopt};
  if (delta::ColumnMappingModeOf(metadata.configuration) != "none") {  // name or id
    int64_t max_id = 0;
    for (delta::DeltaField& f : delta_schema.fields) delta::AssignColumnMapping(f, &max_id);
    metadata.configuration["delta.columnMapping.maxColumnId"] = std::to_string(max_id);
    protocol = delta::Protocol{2, 5, std::nullopt, std::nullopt};
  }
  for (const auto& [k, v] : metadata.configuration) {
    if (AsciiLower(k) == "delta.enabletypewidening" && AsciiLower(v) == "true") {
      protocol = delta::WithFeature(protocol, "typeWidening");
    }
  }
  if (exists && t.snapshot) {
    // REPLACE keeps the protocol (it never goes down).
    protocol.min_reader_version = std::max(protocol.min_reader_version, t.snapshot->protocol().min_reader_version);
    protocol.min_writer_version = std::max(protocol.min_writer_version, t.snapshot->protocol().min_writer_version);
    protocol.reader_features = t.snapshot->protocol().reader_features;
    protocol.writer_features = t.snapshot->protocol().writer_features;
  }
  // GENERATED ALWAYS AS (expr) / AS IDENTITY: field metadata and writer features.
  protocol = DeclareGeneratedColumns(s.columns, schema, partition_columns, delta_schema, protocol,
                                     [this](const std::string& text) {
                                       return session_.AnalyzeStatementQuery(*sql::Parser::ParseQueryText(text));
                                     });
  metadata.schema_string = delta::SchemaToJson(delta_schema);

  std::string operation = s.or_replace ? "CREATE OR REPLACE TABLE" : "CREATE TABLE";
  if (s.query) operation += " AS SELECT";
  std::unique_ptr<delta::Transaction> txn;
  if (exists && t.snapshot) {
    CheckWriteSupported(*t.snapshot, t.display, /*computes_generated_columns=*/true);
    txn = std::make_unique<delta::Transaction>(t.snapshot, operation);
    txn->RemoveAllFiles();
  } else {
    txn = std::make_unique<delta::Transaction>(session_.fs_, t.location, operation);
  }
  protocol = ApplyClusterByOnCreate(s, partition_columns, delta_schema, protocol, *txn);  // CLUSTER BY
  if (delta::ChangeDataFeedEnabled(metadata)) {  // the change data feed needs writer version 4 / its feature
    delta::CheckNoReservedChangeColumns(schema);
    delta::RequireChangeDataFeed(&protocol);
  }
  // Deletion vectors need the deletionVectors reader + writer features.
  if (delta::DeletionVectorsEnabled(metadata)) protocol = delta::WithDeletionVectors(protocol);
  txn->UpdateProtocol(protocol);
  txn->UpdateMetadata(metadata);
  txn->SetOperationParameter("isManaged", t.path_name || s.has_location || (t.entry && !t.entry->managed) ? "false" : "true");
  if (s.has_comment) txn->SetOperationParameter("description", s.comment);
  txn->SetOperationParameter("partitionBy", JsonList(partition_columns));
  txn->SetOperationParameter("properties", JsonObject(metadata.configuration));

  if (source) {
    WriteSpec spec{metadata, protocol, schema, {}, t.display};
    delta::TableWriter writer(session_.fs_, t.location, metadata, protocol, delta::WriteOptionsFor(metadata));
    // CTAS columns keep the query's types; only the names are the table's.
    plan::PlanPtr plan = session_.OptimizeForRun(source);
    WriteOutcome w = FinishWrite(writer, WriteRows(session_, session_.StreamQueryPlan(plan), spec, t.location, writer));
    for (delta::AddFile& a : w.adds) txn->AddFile(std::move(a));
    AddWriteMetrics(*txn, w);
  }
  CommitWithHooks(session_.fs_, *txn);
  if (!t.path_name && !t.entry) catalog_->Register(*t.ident, s.has_location ? t.location : "");
  return {};
}

// --- INSERT ---------------------------------------------------------------------------

StatementResult TableStatements::Insert(const Statement& s) {
  Target t = ResolveTarget(s.name, true);
  CheckWriteSupported(*t.snapshot, t.display, /*computes_generated_columns=*/true);
  std::shared_ptr<const delta::Snapshot> snapshot = t.snapshot;
  delta::Metadata metadata = snapshot->metadata();
  Schema table = snapshot->schema().ToSchema();
  GeneratedColumns generated = GeneratedColumns::Of(snapshot->schema(), snapshot->protocol());
  const std::vector<std::string>& partitions = metadata.partition_columns;
  const auto column_index = [&](const std::string& name) -> int {
    for (size_t i = 0; i < table.size(); ++i) {
      if (EqualsIgnoreCase(table[i].name, name)) return static_cast<int>(i);
    }
    return -1;
  };
  const auto is_partition = [&](int i) {
    return std::any_of(partitions.begin(), partitions.end(), [&](const std::string& p) { return EqualsIgnoreCase(p, table[i].name); });
  };

  // PARTITION (k = v, k2): static values and dynamic columns.
  std::map<int, std::string> static_values;  // column → SQL expression text
  for (const sql::PartitionValue& pv : s.partition) {
    const int i = column_index(pv.column);
    if (i < 0 || !is_partition(i)) {
      ThrowError(ErrorClass::kDeltaNonPartitionColumnSpecified,
                 {{"columnList", QuoteName(pv.column)}, {"fragment", "PARTITION (" + pv.column + ")"}});
    }
    if (pv.value) static_values[i] = sql::ToString(*pv.value);
  }
  // The table columns the query's columns go to, in order.
  std::vector<int> targets;
  if (!s.insert_columns.empty()) {
    std::set<int> seen;
    for (const std::string& name : s.insert_columns) {
      const int i = column_index(name);
      if (i < 0) {
        ThrowError(ErrorClass::kUnresolvedColumnNoSuggestion, {{"objectName", QuoteName(name)}});
      }
      if (!seen.insert(i).second) ThrowError(ErrorClass::kDeltaDuplicateColumnsFound, {{"duplicateCols", QuoteName(name)}});
      targets.push_back(i);
    }
  } else {
    for (size_t i = 0; i < table.size(); ++i) {
      if (!static_values.count(static_cast<int>(i))) targets.push_back(static_cast<int>(i));
    }
  }
  plan::PlanPtr source = session_.AnalyzeStatementQuery(*s.query);
  const bool auto_merge =
      AsciiLower(session_.config_.Get("spark.databricks.delta.schema.autoMerge.enabled").value_or("false")) == "true";
  bool schema_changed = false;
  const auto arity_params = [&]() -> ErrorParams {
    std::string table_columns, data_columns;
    for (int i : targets) table_columns += (table_columns.empty() ? "" : ", ") + QuoteName(table[i].name);
    for (const Field& f : source->schema) data_columns += (data_columns.empty() ? "" : ", ") + QuoteName(f.name);
    return {{"tableName", t.display}, {"tableColumns", table_columns}, {"dataColumns", data_columns}};
  };
  if (source->schema.size() > targets.size()) {
    if (!auto_merge || !s.insert_columns.empty() || !static_values.empty() || s.replace_where) {
      ThrowError(ErrorClass::kInsertColumnArityTooMany, arity_params());
    }
    // mergeSchema: the extra query columns become new nullable columns.
    for (size_t j = targets.size(); j < source->schema.size(); ++j) {
      const Field& f = source->schema[j];
      if (column_index(f.name) >= 0) ThrowError(ErrorClass::kDeltaDuplicateColumnsFound, {{"duplicateCols", QuoteName(f.name)}});
      table.push_back({f.name, f.type, true, ""});
      targets.push_back(static_cast<int>(table.size() - 1));
    }
    schema_changed = true;
  }
  if (source->schema.size() < targets.size()) ThrowError(ErrorClass::kInsertColumnArityNotEnough, arity_params());
  // mergeSchema also grows struct columns by the fields the query's structs add.
  std::vector<size_t> grown_structs;
  for (size_t j = 0; auto_merge && j < targets.size(); ++j) {
    Field& f = table[static_cast<size_t>(targets[j])];
    if (auto merged = MergeStructFields(f.type, source->schema[j].type)) {
      f.type = *merged;
      grown_structs.push_back(static_cast<size_t>(targets[j]));
      schema_changed = true;
    }
  }

  // The projection from the query's columns (renamed __c<j>) to the table's.
  std::vector<sql::ColumnDefinition> renamed;
  for (size_t j = 0; j < source->schema.size(); ++j) {
    sql::ColumnDefinition c;
    c.name = "__c" + std::to_string(j);
    renamed.push_back(std::move(c));
  }
  std::vector<int> source_of(table.size(), -1);
  for (size_t j = 0; j < targets.size(); ++j) source_of[targets[j]] = static_cast<int>(j);
  // Generated columns not given are computed, identity columns not given get values.
  generated.Extend(table);  // columns mergeSchema adds
  std::vector<std::string> given(table.size(), "true");
  std::vector<size_t> identity_columns;
  for (size_t i = 0; i < table.size(); ++i) {
    const bool is_given = source_of[i] >= 0 || static_values.count(static_cast<int>(i)) > 0;
    if (!is_given) given[i] = "false";
    if (is_given) CheckExplicitIdentityValue(generated, i);
    if (!is_given && generated.is_identity(i)) identity_columns.push_back(i);
  }
  std::string select;
  for (size_t i = 0; i < table.size(); ++i) {
    const Field& f = table[i];
    std::string expr;
    if (auto it = static_values.find(static_cast<int>(i)); it != static_values.end()) {
      expr = "CAST((" + it->second + ") AS " + f.type.ToSql() + ")";
    } else if (source_of[i] < 0) {
      expr = "CAST(NULL AS " + f.type.ToSql() + ")";
    } else {
      const DataType& from = source->schema[source_of[i]].type;
      const std::string column = "__c" + std::to_string(source_of[i]);
      if (std::find(grown_structs.begin(), grown_structs.end(), i) != grown_structs.end()) {
        expr = StructByName(column, from, f.type);
      } else {
        if (auto_merge && !CanStoreAssign(from, f.type)) {
          ThrowError(ErrorClass::kDeltaFailedToMergeFields,
                     {{"currentField", f.name}, {"updateField", source->schema[source_of[i]].name}});
        }
        expr = StoreAssigned(column, from, f, t.display);
      }
    }
    select += (select.empty() ? "" : ", ") + expr + " AS " + QuoteName(f.name);
  }
  std::vector<CheckConstraint> checks = TableChecks(metadata);
  if (s.replace_where) checks.push_back({"replaceWhere", s.replace_where_text});
  for (CheckConstraint& c : GeneratedColumnChecks(generated, given)) checks.push_back(std::move(c));
  CheckAssignedIdentitiesNotRead(generated, identity_columns, checks);
  const std::string text =
      WithCheckColumns(WithGeneratedValues("SELECT " + select + " FROM " + kSourceView, generated, given, {}), checks);
  plan::PlanPtr plan;
  {
    SourceView view(session_.temp_views_, Session::RenameColumns(source, renamed));
    plan = session_.OptimizeForRun(session_.AnalyzeStatementQuery(*sql::Parser::ParseQueryText(text)));
  }

  if (schema_changed) {
    // The existing fields keep their metadata (comments, column mapping); new ones are appended.
    delta::DeltaSchema grown = snapshot->schema();
    const size_t old_count = grown.fields.size();
    Schema added(table.begin() + static_cast<long>(old_count), table.end());
    for (delta::DeltaField& f : ToDeltaSchema(added).fields) grown.fields.push_back(std::move(f));
    if (!grown_structs.empty() && delta::ColumnMappingModeOf(metadata.configuration) != "none") {
      ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "adding struct fields by schema evolution on a table with column mapping"}});
    }
    for (size_t i : grown_structs) GrowDeltaField(grown.fields[i], table[i].type);
    if (delta::ColumnMappingModeOf(metadata.configuration) != "none") {
      int64_t max_id = delta::MaxColumnId(metadata.configuration);
      for (size_t i = old_count; i < grown.fields.size(); ++i) delta::AssignColumnMapping(grown.fields[i], &max_id);
      metadata.configuration["delta.columnMapping.maxColumnId"] = std::to_string(max_id);
    }
    metadata.schema_string = delta::SchemaToJson(grown);
  }
  WriteSpec spec{metadata, snapshot->protocol(), table, checks, t.display};
  IdentityValues identity(generated);
  spec.identity = &identity;
  spec.identity_columns = identity_columns;
  delta::TableWriter writer(session_.fs_, t.location, metadata, snapshot->protocol(), delta::WriteOptionsFor(metadata));
  WriteOutcome w;
  try {
    w = WriteRows(session_, session_.StreamQueryPlan(plan), spec, t.location, writer);
  } catch (const Error& e) {
    if (s.replace_where && e.info().error_class == ErrorClass::kDeltaViolateConstraintWithValues &&
        e.info().params.size() > 0 && e.info().params[0].second == "replaceWhere") {
      ThrowError(ErrorClass::kDeltaReplaceWhereMismatch,
                 {{"replaceWhere", s.replace_where_text}, {"message", "Invalid data would be written to partitions."}});
    }
    throw;
  }
  const int64_t inserted = w.rows;
  spec.identity = nullptr;  // rows kept by REPLACE WHERE have their values

  delta::Transaction txn(snapshot, "WRITE");
  // New identity values move the high water marks: a metadata change, so a
  // concurrent writer handing out values conflicts (DELTA_METADATA_CHANGED).
  if (identity.assigned()) metadata = identity.WithHighWaterMarks(metadata);
  if (schema_changed || identity.assigned()) txn.UpdateMetadata(metadata);
  // INSERT INTO t SELECT ... FROM t depends on what it read: concurrent changes to t conflict.
  if (ReadsTable(source, t.location)) txn.ReadWholeTable();
  const std::string overwrite_mode =
      AsciiLower(session_.config_.Get("spark.sql.sources.partitionOverwriteMode").value_or("static"));
  bool dynamic = false;
  std::optional<std::set<delta::PartitionValues>> replaced_partitions;
  if (s.replace_where) replaced_partitions = PartitionsSelected(*snapshot, s.replace_where_text);
  if (replaced_partitions) {
    // A predicate on partition columns only: whole partitions are replaced, nothing rewritten.
    auto selected = std::make_shared<std::set<delta::PartitionValues>>(std::move(*replaced_partitions));
    txn.RemoveFilesWhere("replaceWhere " + s.replace_where_text,
                         [selected](const delta::AddFile& f) { return selected->count(f.partition_values) > 0; });
    txn.SetOperationParameter("mode", "Overwrite");
    txn.SetOperationParameter("predicate", JsonList({s.replace_where_text}));
  } else if (s.replace_where) {
    // The rows of the table the predicate does not select are kept (rewritten).
    SourceView view(session_.temp_views_, ScanPlan(delta::DeltaTable::Open(snapshot)));
    std::string keep = "SELECT *";
    for (size_t k = 0; k < checks.size(); ++k) keep += ", true AS __check" + std::to_string(k);
    keep += " FROM " + std::string(kSourceView) + " WHERE NOT coalesce((" + s.replace_where_text + "), false)";
    plan::PlanPtr kept = session_.OptimizeForRun(session_.AnalyzeStatementQuery(*sql::Parser::ParseQueryText(keep)));
    WriteRows(session_, session_.StreamQueryPlan(kept), spec, t.location, writer);
    txn.RemoveAllFiles();
    txn.SetOperationParameter("mode", "Overwrite");
    txn.SetOperationParameter("predicate", JsonList({s.replace_where_text}));
  } else if (s.overwrite) {
    dynamic = !partitions.empty() && overwrite_mode == "dynamic" && static_values.size() < partitions.size();
    txn.SetOperationParameter("mode", "Overwrite");
  } else {
    txn.SetOperationParameter("mode", "Append");
  }
  txn.SetOperationParameter("partitionBy", JsonList(partitions));
  w = FinishWrite(writer, w);
  w.rows = writer.num_rows();

  if (s.overwrite) {
    // Which existing files the overwrite replaces: all, those of the static
    // partition values, or (dynamic) those of the partitions written.
    std::map<std::string, std::optional<std::string>> static_text;
    for (const auto& [i, expr] : static_values) {
      StatementResult v = RunSql("SELECT CAST((" + expr + ") AS " + table[i].type.ToSql() + ")");
      static_text[table[i].name] = delta::PartitionValueText(v.batches.at(0).column(0), 0);
    }
    std::set<delta::PartitionValues> written;
    for (const delta::AddFile& a : w.adds) written.insert(a.partition_values);
    const auto value_of = [&](const delta::PartitionValues& values, const std::string& column) {
      const int i = snapshot->schema().FieldIndex(column);
      const std::optional<std::string_view> v =
          i < 0 ? std::nullopt : delta::PartitionValueOf(values, snapshot->schema().fields[i]);
      return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
    };
    auto replaced = [&, dynamic](const delta::AddFile& f) {
      for (const auto& [column, value] : static_text) {
        if (value_of(f.partition_values, column) != value) return false;
      }
      if (!dynamic) return true;
      for (const delta::PartitionValues& p : written) {
        bool same = true;
        for (const std::string& c : partitions) same = same && value_of(p, c) == value_of(f.partition_values, c);
        if (same) return true;
      }
      return false;
    };
    if (static_text.empty() && !dynamic) {
      txn.RemoveAllFiles();
    } else {
      txn.RemoveFilesWhere(dynamic ? "dynamic partition overwrite" : "static partition overwrite", replaced);
      if (dynamic) txn.SetOperationParameter("dynamicPartitionOverwrite", "true");
      if (!static_text.empty()) {
        std::vector<std::string> predicates;
        for (const auto& [column, value] : static_text) {
          predicates.push_back("(" + QuoteName(column) + (value ? " = " + SqlString(*value) + ")" : " IS NULL)"));
        }
        txn.SetOperationParameter("predicate", JsonList(predicates));
      }
    }
  }
  for (delta::AddFile& a : w.adds) txn.AddFile(std::move(a));
  AddWriteMetrics(txn, w);
  CommitWithHooks(session_.fs_, txn);
  return CountersRow({"num_affected_rows", "num_inserted_rows"}, {inserted, inserted});
}

// The partitions of the table a REPLACE WHERE predicate selects, found by
// running it over the table's distinct partition values; nullopt when it
// names other columns (or a timestamp partition column, whose text is UTC
// while the session's zone may not be): the caller then rewrites rows.
std::optional<std::set<delta::PartitionValues>> TableStatements::PartitionsSelected(const delta::Snapshot& snapshot,
                                                                                   const std::string& predicate) {
  const std::vector<std::string>& partitions = snapshot.metadata().partition_columns;
  if (partitions.empty()) return std::nullopt;
  const Schema schema = snapshot.schema().ToSchema();
  std::vector<DataType> types;
  for (const std::string& p : partitions) {
    const int i = snapshot.schema().FieldIndex(p);
    if (i < 0 || schema[i].type.is_timestamp()) return std::nullopt;
    types.push_back(schema[i].type);
  }
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
    for (size_t c = 0; c < partitions.size(); ++c) {
      std::optional<std::string_view> value;
      if (r >= 0) value = delta::PartitionValueOf(distinct[r], snapshot.schema().fields[snapshot.schema().FieldIndex(partitions[c])]);
      row += ", CAST(" + (value ? SqlString(*value) : std::string("NULL")) + " AS " + types[c].ToSql() + ")";
    }
    rows += (rows.empty() ? "" : ", ") + row + ")";
  }
  std::string columns = "__i";
  for (const std::string& p : partitions) columns += ", " + QuoteName(p);
  StatementResult selected;
  try {
    selected = RunSql("SELECT __i FROM VALUES " + rows + " AS __partitions(" + columns + ") WHERE coalesce((" +
                      predicate + "), false)");
  } catch (const Error&) {
    return std::nullopt;  // not a predicate on partition columns alone
  }
  std::set<delta::PartitionValues> out;
  for (const Batch& b : selected.batches) {
    for (size_t r = 0; r < b.num_rows(); ++r) {
      const int64_t i = b.column(0).ValueAt<int32_t>(r);
      if (i >= 0) out.insert(distinct[static_cast<size_t>(i)]);
    }
  }
  return out;
}

// --- DROP ---------------------------------------------------------------------------------

StatementResult TableStatements::DropTable(const Statement& s) {
  if (s.name.size() == 1 && session_.DropTempView(s.name[0])) return {};
  if (IsDeltaPath(s.name)) {
    ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "DROP TABLE on a path (delta.`path`)"}});
  }
  const TableIdentifier ident = catalog_->Identify(s.name);
  std::optional<CatalogTable> entry = catalog_->Lookup(ident);
  if (!entry) {
    if (s.if_exists) return {};
    ThrowError(ErrorClass::kTableOrViewNotFound, {{"relationName", ident.Quoted()}});
  }
  catalog_->Drop(*entry);
  return {};
}

// --- DESCRIBE HISTORY / DETAIL ----------------------------------------------------------

StatementResult TableStatements::DescribeHistory(const Statement& s) {
  Target t = ResolveTarget(s.name, true);
  const delta::LogListing listing = delta::ListDeltaLog(*session_.fs_, t.location);
  // Commit timestamps as time travel sees them: modification times made increasing.
  std::vector<std::pair<int64_t, int64_t>> versions;  // version, timestamp
  int64_t last = INT64_MIN;
  for (const delta::CommitFile& c : listing.commits) {
    const int64_t ts = std::max(c.file.modification_time_ms, last == INT64_MIN ? INT64_MIN : last + 1);
    versions.push_back({c.version, ts});
    last = ts;
  }
  std::reverse(versions.begin(), versions.end());
  // Only the commits shown are read (LIMIT n); at least one row keeps the VALUES typed.
  if (s.limit >= 0 && static_cast<int64_t>(versions.size()) > std::max<int64_t>(s.limit, 1)) {
    versions.resize(static_cast<size_t>(std::max<int64_t>(s.limit, 1)));
  }
  const auto map_sql = [](const std::map<std::string, std::string>& m) {
    std::string args;
    for (const auto& [k, v] : m) args += (args.empty() ? "" : ", ") + SqlString(k) + ", " + SqlString(v);
    return "CAST(map(" + args + ") AS MAP<STRING, STRING>)";
  };
  const auto opt = [](const std::optional<std::string>& v, const char* type) {
    return v ? "CAST(" + SqlString(*v) + " AS " + type + ")" : std::string("CAST(NULL AS ") + type + ")";
  };
  std::string rows;
  for (const auto& [version, file_ts] : versions) {
    const std::string path = delta::CommitFilePath(listing.log_path, version);
    std::optional<delta::CommitInfo> info;
    for (const delta::Action& a : delta::ParseActions(ValueOrThrow(session_.fs_->ReadFile(path)), path)) {
      if (const auto* ci = std::get_if<delta::CommitInfo>(&a)) info = *ci;
    }
    delta::CommitInfo ci = info.value_or(delta::CommitInfo{});
    const int64_t ts = ci.in_commit_timestamp.value_or(file_ts);
    std::optional<std::string> user_metadata;
    for (const auto& [k, raw] : ci.extra) {
      if (k == "userMetadata" && raw.size() >= 2 && raw.front() == '"') user_metadata = raw.substr(1, raw.size() - 2);
    }
    std::string row = "(" + std::to_string(version) + "L, timestamp_millis(" + std::to_string(ts) + "L), " +
                      "CAST(NULL AS STRING), CAST(NULL AS STRING), " + opt(ci.operation, "STRING") + ", " +
                      map_sql(ci.operation_parameters) + ", " +
                      "CAST(NULL AS STRUCT<jobId: STRING, jobName: STRING, jobRunId: STRING, runId: STRING, "
                      "jobOwnerId: STRING, triggerType: STRING>), CAST(NULL AS STRUCT<notebookId: STRING>), "
                      "CAST(NULL AS STRING), " +
                      (ci.read_version ? std::to_string(*ci.read_version) + "L" : std::string("CAST(NULL AS BIGINT)")) +
                      ", " + opt(ci.isolation_level, "STRING") + ", " +
                      (ci.is_blind_append ? (*ci.is_blind_append ? "true" : "false") : "CAST(NULL AS BOOLEAN)") +
                      ", " + map_sql(ci.operation_metrics) + ", " + opt(user_metadata, "STRING") + ", " +
                      opt(ci.engine_info, "STRING") + ")";
    rows += (rows.empty() ? "" : ", ") + row;
  }
  const std::string columns =
      "version, timestamp, userId, userName, operation, operationParameters, job, notebook, clusterId, "
      "readVersion, isolationLevel, isBlindAppend, operationMetrics, userMetadata, engineInfo";
  return RunSql("SELECT * FROM VALUES " + rows + " AS h(" + columns + ")" +
                (s.limit >= 0 ? " LIMIT " + std::to_string(s.limit) : ""));
}

StatementResult TableStatements::DescribeDetail(const Statement& s) {
  Target t = ResolveTarget(s.name, true);
  const delta::Snapshot& snap = *t.snapshot;
  int64_t size = 0;
  for (const delta::AddFile& f : snap.files()) size += f.size;
  const auto array_sql = [](const std::vector<std::string>& items) {
    std::string args;
    for (const std::string& i : items) args += (args.empty() ? "" : ", ") + SqlString(i);
    return "CAST(array(" + args + ") AS ARRAY<STRING>)";
  };
  std::string props;
  for (const auto& [k, v] : snap.metadata().configuration) props += (props.empty() ? "" : ", ") + SqlString(k) + ", " + SqlString(v);
  std::vector<std::string> features;
  if (snap.protocol().reader_features) features = *snap.protocol().reader_features;
  if (snap.protocol().writer_features) {
    for (const std::string& f : *snap.protocol().writer_features) {
      if (std::find(features.begin(), features.end(), f) == features.end()) features.push_back(f);
    }
  }
  std::sort(features.begin(), features.end());
  const std::string name = t.ident ? t.ident->catalog + "." + t.ident->schema + "." + t.ident->table : "";
  const std::string row =
      "('delta', " + SqlString(snap.metadata().id) + ", " +
      (t.ident ? SqlString(name) : std::string("CAST(NULL AS STRING)")) + ", " +
      (snap.metadata().description ? SqlString(*snap.metadata().description) : std::string("CAST(NULL AS STRING)")) +
      ", " + SqlString("file:" + t.location) + ", " +
      (snap.metadata().created_time ? "timestamp_millis(" + std::to_string(*snap.metadata().created_time) + "L)"
                                    : std::string("CAST(NULL AS TIMESTAMP)")) +
      ", timestamp_millis(" + std::to_string(snap.timestamp_ms()) + "L), " + array_sql(snap.metadata().partition_columns) +
      ", " + array_sql(delta::ClusteringColumns(snap).value_or(std::vector<std::string>{})) + ", " + std::to_string(snap.files().size()) + "L, " + std::to_string(size) + "L, " +
      "CAST(map(" + props + ") AS MAP<STRING, STRING>), " + std::to_string(snap.protocol().min_reader_version) + ", " +
      std::to_string(snap.protocol().min_writer_version) + ", " + array_sql(features) + ")";
  return RunSql("SELECT * FROM VALUES " + row +
                " AS d(format, id, name, description, location, createdAt, lastModified, partitionColumns, "
                "clusteringColumns, numFiles, sizeInBytes, properties, minReaderVersion, minWriterVersion, tableFeatures)");
}

// --- RESTORE ---------------------------------------------------------------------------

StatementResult TableStatements::Restore(const Statement& s) {
  Target t = ResolveTarget(s.name, true);
  CheckWriteSupported(*t.snapshot, t.display, /*computes_generated_columns=*/true);
  std::shared_ptr<const delta::Snapshot> latest = t.snapshot;
  const delta::LogListing listing = delta::ListDeltaLog(*session_.fs_, t.location);
  int64_t version = 0;
  std::string timestamp_text;
  if (s.timestamp_as_of) {
    StatementResult v = RunSql("SELECT CAST((" + sql::ToString(*s.timestamp_as_of) + ") AS TIMESTAMP)");
    const Vector& ts = v.batches.at(0).column(0);
    if (ts.IsNull(0)) {
      ThrowError(ErrorClass::kDeltaInvalidTimestampFormat,
                 {{"timestamp", sql::ToString(*s.timestamp_as_of)}, {"format", "yyyy-MM-dd HH:mm:ss"}});
    }
    const int64_t micros = ts.ValueAt<int64_t>(0);
    timestamp_text = FormatTimestamp(micros);
    try {
      version = delta::FindVersionAtTimestamp(*latest, listing, micros / 1000 - (micros % 1000 < 0 ? 1 : 0));
    } catch (const Error& e) {
      if (e.info().error_class == ErrorClass::kDeltaTimestampGreaterThanCommit) {
        ThrowError(ErrorClass::kDeltaCannotRestoreTimestampGreater,
                   {{"requestedTimestamp", timestamp_text}, {"latestTimestamp", FormatTimestamp(latest->timestamp_ms() * 1000)}});
      }
      if (e.info().error_class == ErrorClass::kDeltaTimestampEarlierThanCommitRetention) {
        ThrowError(ErrorClass::kDeltaCannotRestoreTimestampEarlier,
                   {{"requestedTimestamp", timestamp_text}, {"earliestTimestamp", "the earliest commit"}});
      }
      throw;
    }
  } else {
    try {
      version = std::stoll(s.version_as_of);
    } catch (...) {
      version = -1;
    }
  }
  if (version < listing.earliest_version() || version > latest->version()) {
    ThrowError(ErrorClass::kDeltaCannotRestoreTableVersion,
               {{"version", s.timestamp_as_of ? std::to_string(version) : s.version_as_of},
                {"startVersion", std::to_string(listing.earliest_version())},
                {"endVersion", std::to_string(latest->version())}});
  }
  std::shared_ptr<const delta::Snapshot> target = delta::Snapshot::Load(session_.fs_, listing, version);

  std::set<std::string> target_paths, latest_paths;
  for (const delta::AddFile& f : target->files()) target_paths.insert(f.path);
  for (const delta::AddFile& f : latest->files()) latest_paths.insert(f.path);
  delta::Transaction txn(latest, "RESTORE");
  txn.ReadWholeTable();
  int64_t removed = 0, removed_bytes = 0, restored = 0, restored_bytes = 0, size_after = 0;
  const int64_t now = delta::SystemNowMs();
  for (const delta::AddFile& f : latest->files()) {
    if (target_paths.count(f.path)) continue;
    txn.RemoveFile(delta::RemovalOf(f, now));
    ++removed;
    removed_bytes += f.size;
  }
  for (const delta::AddFile& f : target->files()) {
    size_after += f.size;
    if (latest_paths.count(f.path)) continue;
    delta::AddFile a = f;
    a.data_change = true;
    if (!a.stats && a.stats_from_checkpoint) a.stats = a.stats_from_checkpoint;
    a.stats_from_checkpoint.reset();
    txn.AddFile(std::move(a));
    ++restored;
    restored_bytes += f.size;
  }
  // The restored metadata keeps the identity high water marks reached since (as Delta).
  delta::Metadata restored_metadata = target->metadata();
  delta::DeltaSchema restored_schema = target->schema();
  delta::MergeHighWaterMarks(restored_schema, latest->schema());
  if (delta::SchemaToJson(restored_schema) != delta::SchemaToJson(target->schema())) {
    restored_metadata.schema_string = delta::SchemaToJson(restored_schema);
  }
  if (restored_metadata.schema_string != latest->metadata().schema_string ||
      restored_metadata.partition_columns != latest->metadata().partition_columns ||
      restored_metadata.configuration != latest->metadata().configuration) {
    txn.UpdateMetadata(restored_metadata);
  }
  if (s.timestamp_as_of) {
    txn.SetOperationParameter("timestamp", timestamp_text);
  } else {
    txn.SetOperationParameter("version", std::to_string(version));
  }
  const int64_t files_after = static_cast<int64_t>(target->files().size());
  txn.SetOperationMetric("tableSizeAfterRestore", size_after);
  txn.SetOperationMetric("numOfFilesAfterRestore", files_after);
  txn.SetOperationMetric("numRemovedFiles", removed);
  txn.SetOperationMetric("numRestoredFiles", restored);
  txn.SetOperationMetric("removedFilesSize", removed_bytes);
  txn.SetOperationMetric("restoredFilesSize", restored_bytes);
  CommitWithHooks(session_.fs_, txn);
  return CountersRow({"table_size_after_restore", "num_of_files_after_restore", "num_removed_files", "num_restored_files",
                      "removed_files_size", "restored_files_size"},
                     {size_after, files_after, removed, restored, removed_bytes, restored_bytes});
}

// --- table properties and constraints ----------------------------------------------

StatementResult TableStatements::ShowTblProperties(const Statement& s) {
  Target t = ResolveTarget(s.name, true);
  std::map<std::string, std::string> props = t.snapshot->metadata().configuration;
  props["delta.minReaderVersion"] = std::to_string(t.snapshot->protocol().min_reader_version);
  props["delta.minWriterVersion"] = std::to_string(t.snapshot->protocol().min_writer_version);
  std::vector<std::vector<std::optional<std::string>>> rows;
  if (!s.key.empty()) {
    auto it = props.find(s.key);
    if (it == props.end()) {
      for (auto i = props.begin(); i != props.end(); ++i) {
        if (EqualsIgnoreCase(i->first, s.key)) it = i;
      }
    }
    rows.push_back({s.key, it != props.end() ? it->second
                                             : "Table " + t.display + " does not have property: " + s.key});
    return StringRows({"key", "value"}, rows);
  }
  for (const auto& [k, v] : props) rows.push_back({k, v});
  return StringRows({"key", "value"}, rows);
}

StatementResult TableStatements::AlterProperties(const Statement& s) {
  Target t = ResolveTarget(s.name, true);
  CheckWriteSupported(*t.snapshot, t.display, /*computes_generated_columns=*/true);
  delta::Metadata metadata = t.snapshot->metadata();
  const bool set = s.kind == StatementKind::kAlterTableSetProperties;
  delta::Transaction txn(t.snapshot, set ? "SET TBLPROPERTIES" : "UNSET TBLPROPERTIES");
  if (set) {
    for (const auto& [k, v] : ValidatedProperties(s.properties, /*creating=*/false)) {
      for (auto it = metadata.configuration.begin(); it != metadata.configuration.end();) {
        it = EqualsIgnoreCase(it->first, k) ? metadata.configuration.erase(it) : std::next(it);
      }
      metadata.configuration[k] = v;
    }
    std::map<std::string, std::string> props;
    for (const sql::Property& p : s.properties) props[p.key] = p.value;
    txn.SetOperationParameter("properties", JsonObject(props));
  } else {
    std::vector<std::string> keys;
    for (const sql::Property& p : s.properties) {
      keys.push_back(p.key);
      bool found = false;
      for (auto it = metadata.configuration.begin(); it != metadata.configuration.end();) {
        if (EqualsIgnoreCase(it->first, p.key)) {
          found = true;
          it = metadata.configuration.erase(it);
        } else {
          ++it;
        }
      }
      if (!found && !s.if_exists) {
        ThrowError(ErrorClass::kDeltaUnsetNonExistentProperty, {{"property", p.key}, {"tableName", t.display}});
      }
    }
    txn.SetOperationParameter("properties", JsonList(keys));
    txn.SetOperationParameter("ifExists", s.if_exists ? "true" : "false");
  }
  if (delta::ChangeDataFeedEnabled(metadata)) {  // turning the change data feed on
    if (!delta::ChangeDataFeedEnabled(t.snapshot->metadata())) delta::CheckNoReservedChangeColumns(t.snapshot->schema().ToSchema());
    delta::Protocol protocol = t.snapshot->protocol();
    if (delta::RequireChangeDataFeed(&protocol)) txn.UpdateProtocol(protocol);
  }
  if (delta::DeletionVectorsEnabled(metadata) && !delta::UsesDeletionVectors(metadata, txn.protocol())) {
    txn.UpdateProtocol(delta::WithDeletionVectors(txn.protocol()));  // turning deletion vectors on
  }
  // Column mapping turned on, type widening enabled: schema and protocol follow.
  delta::Protocol protocol = t.snapshot->protocol();
  delta::ApplyPropertyChange(t.snapshot->metadata(), metadata, protocol);
  if (protocol.min_reader_version != t.snapshot->protocol().min_reader_version ||
      protocol.min_writer_version != t.snapshot->protocol().min_writer_version ||
      protocol.reader_features != t.snapshot->protocol().reader_features ||
      protocol.writer_features != t.snapshot->protocol().writer_features) {
    txn.UpdateProtocol(protocol);
  }
  txn.UpdateMetadata(metadata);
  CommitWithHooks(session_.fs_, txn);
  return {};
}

StatementResult TableStatements::AlterConstraint(const Statement& s) {
  Target t = ResolveTarget(s.name, true);
  CheckWriteSupported(*t.snapshot, t.display, /*computes_generated_columns=*/true);
  delta::Metadata metadata = t.snapshot->metadata();
  const std::string name = AsciiLower(s.key);
  const std::string key = kConstraintPrefix + name;
  const std::map<std::string, std::string> existing = Constraints(metadata);
  if (s.kind == StatementKind::kAlterTableAddConstraint) {
    if (auto it = existing.find(name); it != existing.end()) {
      ThrowError(ErrorClass::kDeltaConstraintAlreadyExists, {{"constraintName", name}, {"oldConstraint", it->second}});
    }
    // The table's rows must already satisfy it.
    int64_t violations = 0;
    {
      SourceView view(session_.temp_views_, ScanPlan(delta::DeltaTable::Open(t.snapshot)));
      violations = CountRows(RunSql("SELECT count(*) FROM " + std::string(kSourceView) + " WHERE NOT coalesce((" +
                                    s.check_text + "), false)"));
    }
    if (violations > 0) {
      ThrowError(ErrorClass::kDeltaNewCheckConstraintViolation,
                 {{"numRows", std::to_string(violations)}, {"tableName", t.display}, {"checkConstraint", s.check_text}});
    }
    metadata.configuration[key] = s.check_text;
    delta::Transaction txn(t.snapshot, "ADD CONSTRAINT");
    txn.ReadWholeTable();
    delta::Protocol protocol = t.snapshot->protocol();
    if (protocol.writer_features) {
      if (std::find(protocol.writer_features->begin(), protocol.writer_features->end(), "checkConstraints") ==
          protocol.writer_features->end()) {
        protocol.writer_features->push_back("checkConstraints");
        txn.UpdateProtocol(protocol);
      }
    } else if (protocol.min_writer_version < 3) {
      protocol.min_writer_version = 3;
      txn.UpdateProtocol(protocol);
    }
    txn.UpdateMetadata(metadata);
    txn.SetOperationParameter("name", name);
    txn.SetOperationParameter("expr", s.check_text);
    CommitWithHooks(session_.fs_, txn);
    return {};
  }
  auto it = existing.find(name);
  if (it == existing.end()) {
    if (s.if_exists) return {};
    ThrowError(ErrorClass::kDeltaConstraintDoesNotExist,
               {{"constraintName", name}, {"tableName", t.display},
                {"config", "spark.databricks.delta.constraints.allowUnenforcedNotNull.enabled"}, {"confValue", "true"}});
  }
  const std::string expression = it->second;
  for (auto c = metadata.configuration.begin(); c != metadata.configuration.end();) {
    c = EqualsIgnoreCase(c->first, key) ? metadata.configuration.erase(c) : std::next(c);
  }
  delta::Transaction txn(t.snapshot, "DROP CONSTRAINT");
  txn.UpdateMetadata(metadata);
  txn.SetOperationParameter("name", name);
  txn.SetOperationParameter("expr", expression);
  CommitWithHooks(session_.fs_, txn);
  return {};
}

}  // namespace tarn
