#include "session/dml_support.h"

#include <algorithm>
#include <cctype>
#include <thread>

#include "common/error.h"
#include "common/strings.h"
#include "delta/stats.h"
#include "delta/checkpoint_writer.h"
#include "delta/write_util.h"

namespace tarn {

namespace {

void Conjuncts(const sql::Expr& e, std::vector<const sql::Expr*>* out) {
  if (e.kind == sql::ExprKind::kBinary && AsciiLower(e.op) == "and") {
    Conjuncts(*e.children[0], out);
    Conjuncts(*e.children[1], out);
    return;
  }
  out->push_back(&e);
}

// Whether every column `e` names is a partition column (bare or qualified by alias).
bool OnlyPartitionColumns(const sql::Expr& e, const std::vector<std::string>& partitions, const std::string& alias,
                          bool* any_column) {
  if (e.kind == sql::ExprKind::kColumn) {
    *any_column = true;
    if (e.names.size() > 2) return false;
    if (e.names.size() == 2 && !EqualsIgnoreCase(e.names[0], alias)) return false;
    for (const std::string& p : partitions) {
      if (EqualsIgnoreCase(p, e.names.back())) return true;
    }
    return false;
  }
  if (e.kind == sql::ExprKind::kStar || e.kind == sql::ExprKind::kLambda || e.kind == sql::ExprKind::kParameter) {
    return false;
  }
  for (const sql::ExprPtr& child : e.children) {
    if (child && !OnlyPartitionColumns(*child, partitions, alias, any_column)) return false;
  }
  return true;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string QuotedPath(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ".") + QuoteName(p);
  return out;
}

[[noreturn]] void ThrowUnresolved(const std::vector<std::string>& shown, const std::string& name,
                                  const std::vector<std::string>& candidates) {
  std::vector<std::pair<size_t, std::string>> ranked;
  for (const std::string& c : candidates) ranked.push_back({EditDistance(name, c.substr(c.rfind('.') + 1)), c});
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::string proposal;
  for (size_t i = 0; i < ranked.size() && i < 5; ++i) proposal += (i ? ", " : "") + ranked[i].second;
  ThrowError(ErrorClass::kUnresolvedColumn, {{"objectName", QuotedPath(shown)}, {"proposal", proposal}});
}

// The assignments to one column and its nested fields.
struct AssignedField {
  std::optional<std::string> value;                    // the whole field
  std::map<std::string, AssignedField> fields;         // lower-case nested name → its assignments
};

// The SQL of a field's new value: its assignment, or the struct rebuilt around the assigned nested fields.
std::string FieldValue(const DataType& type, const std::string& old_sql, const AssignedField& assigned) {
  if (assigned.value) return *assigned.value;
  std::string out = "named_struct(";
  bool first = true;
  for (const Field& f : type.fields()) {
    const std::string old_field = old_sql + "." + QuoteName(f.name);
    auto it = assigned.fields.find(AsciiLower(f.name));
    out += (first ? "" : ", ") + SqlString(f.name) + ", " +
           (it == assigned.fields.end() ? old_field : FieldValue(f.type, old_field, it->second));
    first = false;
  }
  return out + ")";
}


}  // namespace

ScopedView::ScopedView(std::map<std::string, plan::PlanPtr>& views, std::string name, plan::PlanPtr plan)
    : views_(views), name_(std::move(name)) {
  views_[name_] = std::move(plan);
}

ScopedView::~ScopedView() { views_.erase(name_); }

bool HasSubquery(const sql::Expr& e) {
  if (e.subquery) return true;
  for (const sql::ExprPtr& child : e.children) {
    if (child && HasSubquery(*child)) return true;
  }
  return false;
}

std::vector<std::string> PartitionConjuncts(const sql::Expr& condition, const std::vector<std::string>& partition_columns,
                                            const std::string& alias, bool* all) {
  std::vector<const sql::Expr*> conjuncts;
  Conjuncts(condition, &conjuncts);
  std::vector<std::string> out;
  if (all) *all = false;
  for (const sql::Expr* c : conjuncts) {
    bool any_column = false;
    if (HasSubquery(*c) || !OnlyPartitionColumns(*c, partition_columns, alias, &any_column) || !any_column) continue;
    out.push_back(sql::ToString(*c));
  }
  if (all) *all = !partition_columns.empty() && out.size() == conjuncts.size();
  return out;
}

std::optional<std::set<delta::PartitionValues>> SelectPartitions(const SqlRunner& run, const delta::Snapshot& snapshot,
                                                                 const std::string& alias,
                                                                 const std::vector<std::string>& conjuncts,
                                                                 const std::vector<delta::PartitionValues>& candidates) {
  std::set<delta::PartitionValues> all(candidates.begin(), candidates.end());
  const std::vector<std::string>& partitions = snapshot.metadata().partition_columns;
  if (conjuncts.empty() || partitions.empty() || candidates.empty()) return all;
  const Schema schema = snapshot.schema().ToSchema();
  std::vector<DataType> types;
  for (const std::string& p : partitions) {
    const int i = snapshot.schema().FieldIndex(p);
    if (i < 0 || schema[i].type.is_timestamp()) return std::nullopt;
    types.push_back(schema[i].type);
  }
  std::string rows;
  for (size_t r = 0; r < candidates.size(); ++r) {
    std::string row = "(" + std::to_string(r);
    for (size_t c = 0; c < partitions.size(); ++c) {
      const std::optional<std::string_view> value =
          delta::PartitionValueOf(candidates[r], snapshot.schema().fields[snapshot.schema().FieldIndex(partitions[c])]);
      row += ", CAST(" + (value ? SqlString(*value) : std::string("NULL")) + " AS " + types[c].ToSql() + ")";
    }
    rows += (rows.empty() ? "" : ", ") + row + ")";
  }
  std::string columns = "__i";
  for (const std::string& p : partitions) columns += ", " + QuoteName(p);
  std::string where;
  for (const std::string& c : conjuncts) where += (where.empty() ? "" : " AND ") + ("(" + c + ")");
  const StatementResult selected = run("SELECT __i FROM VALUES " + rows + " AS " + QuoteName(alias) + "(" + columns +
                                       ") WHERE coalesce(" + where + ", false)");
  std::set<delta::PartitionValues> out;
  for (const Batch& b : selected.batches) {
    for (size_t r = 0; r < b.num_rows(); ++r) out.insert(candidates[static_cast<size_t>(b.column(0).ValueAt<int32_t>(r))]);
  }
  return out;
}

void RegisterReadPredicate(delta::Transaction& txn, const SqlRunner& run,
                           std::shared_ptr<const delta::Snapshot> snapshot, const std::string& alias,
                           const std::vector<std::string>& conjuncts, const std::string& description) {
  if (conjuncts.empty() || snapshot->metadata().partition_columns.empty()) {
    txn.ReadPredicate(description, [](const delta::AddFile&) { return true; });
    return;
  }
  // Evaluated on the files winning commits add, while this statement commits.
  txn.ReadPredicate(description, [run, snapshot, alias, conjuncts](const delta::AddFile& file) {
    try {
      auto selected = SelectPartitions(run, *snapshot, alias, conjuncts, {file.partition_values});
      return !selected || !selected->empty();
    } catch (const Error&) {
      return true;  // cannot tell: conflict rather than lose an update
    }
  });
}

void CheckNotAppendOnly(const delta::Snapshot& snapshot, const std::string& table) {
  for (const auto& [key, value] : snapshot.metadata().configuration) {
    if (AsciiLower(key) == "delta.appendonly" && AsciiLower(value) == "true") {
      ThrowError(ErrorClass::kDeltaCannotModifyAppendOnly, {{"table_name", table}, {"config", "delta.appendOnly"}});
    }
  }
}

int64_t LiveRows(const std::vector<const delta::AddFile*>& files) {
  int64_t rows = 0;
  for (const delta::AddFile* f : files) {
    const std::optional<std::string>& text = f->stats ? f->stats : f->stats_from_checkpoint;
    std::optional<delta::FileStats> stats = text ? delta::ParseFileStats(*text, {}) : std::nullopt;
    if (!stats || !stats->num_records) return -1;
    rows += *stats->num_records - (f->deletion_vector ? f->deletion_vector->cardinality : 0);
  }
  return rows;
}

StatementResult CountersRow(const std::vector<std::string>& columns, const std::vector<int64_t>& values) {
  StatementResult result;
  std::vector<VectorPtr> vectors;
  for (size_t i = 0; i < columns.size(); ++i) {
    result.schema.push_back({columns[i], DataType::Long(), true, ""});
    VectorPtr v = Vector::Make(DataType::Long(), 1);
    v->values<int64_t>()[0] = values[i];
    vectors.push_back(v);
  }
  result.batches.push_back(Batch(result.schema, vectors, 1));
  return result;
}


DmlChangeFeed::DmlChangeFeed(std::shared_ptr<FileSystem> fs, const std::string& table_path,
                             const delta::Metadata& metadata, const delta::Protocol& protocol) {
  if (delta::ChangeDataFeedEnabled(metadata)) {
    writer_ = std::make_unique<delta::ChangeDataWriter>(std::move(fs), table_path, metadata, protocol);
  }
}

DmlChangeFeed::~DmlChangeFeed() = default;

void DmlChangeFeed::Add(const std::vector<VectorPtr>& columns, size_t num_rows, const SelectionVector* rows,
                        const char* change_type) {
  if (!writer_ || num_rows == 0 || (rows && rows->empty())) return;
  const Schema& schema = writer_->schema();  // the table's columns, then _change_type
  std::vector<VectorPtr> out;
  for (size_t c = 0; c + 1 < schema.size(); ++c) {
    out.push_back(c < columns.size() ? delta::WidenStruct(columns[c], schema[c].type) : Vector::MakeNull(schema[c].type, num_rows));
  }
  VectorPtr type = Vector::Make(DataType::String(), 1);
  type->SetString(0, change_type);
  out.push_back(Vector::MakeConstant(type, 0, num_rows));
  Batch batch(schema, std::move(out), num_rows);
  writer_->Write(rows ? batch.Select(*rows) : batch);
}

int64_t DmlChangeFeed::Finish(delta::Transaction& txn) {
  if (!writer_) return 0;
  int64_t files = 0;
  for (delta::AddCdcFile& f : writer_->Finish()) {
    txn.AddCdcFile(std::move(f));
    ++files;
  }
  return files;
}

std::vector<std::optional<std::string>> AssignedValues(const DmlTarget& target,
                                                       const std::vector<sql::Assignment>& assignments) {
  const Schema& schema = target.schema;
  std::vector<AssignedField> assigned(schema.size());
  std::vector<bool> touched(schema.size(), false);
  for (const sql::Assignment& a : assignments) {
    std::vector<std::string> path = a.column;
    if (path.size() > 1 && EqualsIgnoreCase(path[0], target.alias)) path.erase(path.begin());
    int index = -1;
    for (size_t i = 0; i < schema.size(); ++i) {
      if (EqualsIgnoreCase(schema[i].name, path[0])) index = static_cast<int>(i);
    }
    if (index < 0) {
      std::vector<std::string> candidates;
      for (const Field& f : schema) candidates.push_back(QuoteName(target.alias) + "." + QuoteName(f.name));
      ThrowUnresolved(a.column, path[0], candidates);
    }
    // Walk down the struct fields; a path that is (or lies under) another assignment conflicts.
    AssignedField* node = &assigned[index];
    DataType type = schema[index].type;
    std::vector<std::string> walked = {schema[index].name};
    const auto conflict = [&]() {
      ThrowError(ErrorClass::kDeltaConflictSetColumn, {{"columnList", "[" + QuotedPath(walked) + "]"}});
    };
    for (size_t p = 1; p < path.size(); ++p) {
      if (node->value) conflict();
      if (type.id() != TypeId::kStruct) {
        ThrowError(ErrorClass::kUnsupportedFeature,
                   {{"feature", "assigning " + QuotedPath(a.column) + ": " + QuotedPath(walked) + " is " +
                                    type.ToSql() + ", not a struct"}});
      }
      const Field* field = nullptr;
      for (const Field& f : type.fields()) {
        if (EqualsIgnoreCase(f.name, path[p])) field = &f;
      }
      if (!field) {
        std::vector<std::string> candidates;
        for (const Field& f : type.fields()) candidates.push_back(QuotedPath(walked) + "." + QuoteName(f.name));
        ThrowUnresolved(a.column, path[p], candidates);
      }
      walked.push_back(field->name);
      type = field->type;
      node = &node->fields[AsciiLower(field->name)];
    }
    if (node->value || !node->fields.empty()) conflict();
    node->value = "(" + a.value.text + ")";
    touched[index] = true;
  }
  std::vector<std::optional<std::string>> values(schema.size());
  for (size_t i = 0; i < schema.size(); ++i) {
    if (!touched[i]) continue;
    values[i] = FieldValue(schema[i].type, QuoteName(target.alias) + "." + QuoteName(schema[i].name), assigned[i]);
  }
  return values;
}

AddedFiles AddFiles(std::vector<delta::AddFile> adds, delta::Transaction& txn) {
  AddedFiles added;
  for (delta::AddFile& a : adds) {
    ++added.files;
    added.bytes += a.size;
    txn.AddFile(std::move(a));
  }
  return added;
}

void SetFileMetrics(delta::Transaction& txn, DmlMetricNames names, const delta::RowRemovalStats& stats,
                    const AddedFiles& added, DmlChangeFeed& feed, int64_t scan_ms,
                    std::chrono::steady_clock::time_point started) {
  const bool merge = names == DmlMetricNames::kMerge;
  const std::string dv = merge ? "numTargetDeletionVectors" : "numDeletionVectors";
  txn.SetOperationMetric(merge ? "numTargetFilesRemoved" : "numRemovedFiles", stats.removed_files);
  txn.SetOperationMetric(merge ? "numTargetFilesAdded" : "numAddedFiles", added.files);
  txn.SetOperationMetric(merge ? "numTargetChangeFilesAdded" : "numAddedChangeFiles", feed.Finish(txn));
  txn.SetOperationMetric(merge ? "numTargetBytesRemoved" : "numRemovedBytes", stats.removed_bytes);
  txn.SetOperationMetric(merge ? "numTargetBytesAdded" : "numAddedBytes", added.bytes);
  txn.SetOperationMetric(dv + "Added", stats.dvs_added);
  txn.SetOperationMetric(dv + "Removed", stats.dvs_removed);
  txn.SetOperationMetric(dv + "Updated", stats.dvs_updated);
  txn.SetOperationMetric("scanTimeMs", scan_ms);
  txn.SetOperationMetric("rewriteTimeMs", stats.rewrite_time_ms);
  txn.SetOperationMetric("executionTimeMs", MillisSince(started));
}

int DmlRewriteThreads(const Config& config) {
  const int64_t threads = config.GetInt("spark.tarn.threads");
  return threads > 0 ? static_cast<int>(threads) : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

int64_t MillisSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
}

void RethrowDmlError(const Error& error) {
  const ErrorInfo& info = error.info();
  if (info.error_class != ErrorClass::kUnresolvedColumn) throw error;
  ErrorParams params = info.params;
  for (auto& [key, value] : params) {
    if (key != "proposal") continue;
    std::string kept;
    size_t start = 0;
    while (start <= value.size()) {
      size_t end = value.find(", ", start);
      if (end == std::string::npos) end = value.size();
      const std::string item = value.substr(start, end - start);
      if (!item.empty() && item.find("__delta_") == std::string::npos && item.find("__tarn_") == std::string::npos) {
        kept += (kept.empty() ? "" : ", ") + item;
      }
      start = end + 2;
    }
    value = kept;
  }
  ErrorInfo out = MakeError(info.error_class, std::move(params));
  throw Error(std::move(out));
}

}  // namespace tarn
