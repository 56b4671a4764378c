// MERGE INTO on Delta tables (Delta's MergeIntoCommand).
//
// One query joins the target (with its row-metadata columns) and the source —
// inner, left, right or full outer, whichever the clauses need — and gives
// every joined row the clause that applies to it (`__clause`: the first
// clause of its kind whose condition holds; 0 = none) and the row the clause
// produces, each value stored into its column by store assignment. The rows
// stream once: updated and inserted rows go to new files (NOT NULL and CHECK
// constraints enforced), the target rows updated or deleted are marked, and
// delta::ApplyRowRemovals rewrites or deletion-vectors the touched files.
// A target row marked by two source rows is
// DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE, before anything is
// committed (the files already written stay unreferenced).
//
// When the target keeps all its rows in the join (no NOT MATCHED BY SOURCE
// clause), the ON condition's conjuncts on the target alone filter the target
// scan, so partition pruning and file skipping apply.
#include <algorithm>
#include <functional>
#include <set>

#include "common/error.h"
#include "common/strings.h"
#include "delta/schema.h"
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

using sql::MergeAction;
using sql::MergeClause;
using sql::MergeMatch;

const char* ActionType(MergeAction a) {
  switch (a) {
    case MergeAction::kUpdate: return "update";
    case MergeAction::kUpdateStar: return "update";
    case MergeAction::kDelete: return "delete";
    case MergeAction::kInsert: return "insert";
    case MergeAction::kInsertStar: return "insert";
  }
  return "";
}

bool IsUpdate(MergeAction a) { return a == MergeAction::kUpdate || a == MergeAction::kUpdateStar; }
bool IsInsert(MergeAction a) { return a == MergeAction::kInsert || a == MergeAction::kInsertStar; }

// Spark: of the clauses of one kind, only the last may omit its condition.
void CheckClauseConditions(const std::vector<MergeClause>& clauses) {
  for (MergeMatch kind : {MergeMatch::kMatched, MergeMatch::kNotMatchedByTarget, MergeMatch::kNotMatchedBySource}) {
    std::vector<const MergeClause*> of_kind;
    for (const MergeClause& c : clauses) {
      if (c.match == kind) of_kind.push_back(&c);
    }
    for (size_t i = 0; i + 1 < of_kind.size(); ++i) {
      if (of_kind[i]->condition.present()) continue;
      ThrowError(kind == MergeMatch::kMatched               ? ErrorClass::kNonLastMatchedClauseOmitCondition
                 : kind == MergeMatch::kNotMatchedBySource ? ErrorClass::kNonLastNotMatchedBySourceClauseOmitCondition
                                                           : ErrorClass::kNonLastNotMatchedByTargetClauseOmitCondition);
    }
  }
}

// A clause that sees only one side of the join may not name the other side's
// columns: NOT MATCHED clauses see the source, NOT MATCHED BY SOURCE the target.
void CheckOneSided(const sql::Expr& e, const std::string& other_alias, const std::set<std::string>& other_only,
                   const std::string& clause, const std::string& visible) {
  if (e.kind == sql::ExprKind::kColumn) {
    const bool other = (e.names.size() >= 2 && EqualsIgnoreCase(e.names[0], other_alias)) ||
                       (e.names.size() == 1 && other_only.count(AsciiLower(e.names[0])) > 0);
    if (other) {
      std::string shown;
      for (const std::string& part : e.names) shown += (shown.empty() ? "" : ".") + QuoteName(part);
      ThrowError(ErrorClass::kDeltaMergeUnresolvedExpression,
                 {{"sqlExpr", shown}, {"clause", clause}, {"cols", visible}});
    }
    return;
  }
  if (e.subquery) return;  // its own scope
  for (const sql::ExprPtr& child : e.children) {
    if (child) CheckOneSided(*child, other_alias, other_only, clause, visible);
  }
}

// {"predicate":"...","actionType":"update"} per clause of one kind (Delta's MergePredicate).
std::string PredicatesJson(const std::vector<MergeClause>& clauses, MergeMatch kind) {
  std::string out = "[";
  for (const MergeClause& c : clauses) {
    if (c.match != kind) continue;
    if (out.size() > 1) out += ",";
    out += "{";
    if (c.condition.present()) out += "\"predicate\":" + delta::JsonQuote(c.condition.text) + ",";
    out += "\"actionType\":\"" + std::string(ActionType(c.action)) + "\"}";
  }
  return out + "]";
}

// The identity values of the rows inserted by clauses that do not give them
// (`rows`: the table's n columns, then __f, __r, __clause).
Batch AssignMergeIdentities(const Batch& rows, size_t n, const std::vector<MergeClause>& clauses,
                            const std::vector<std::vector<bool>>& gives, const GeneratedColumns& generated,
                            IdentityValues& identity) {
  std::vector<VectorPtr> columns = rows.columns();
  for (size_t i = 0; i < n; ++i) {
    if (!generated.is_identity(i)) continue;
    std::vector<bool> assign(rows.num_rows());
    for (size_t r = 0; r < rows.num_rows(); ++r) {
      const int32_t clause = rows.column(n + 2).ValueAt<int32_t>(r);
      assign[r] = clause > 0 && IsInsert(clauses[clause - 1].action) && !gives[clause - 1][i];
    }
    identity.Assign(columns[i], i, rows.num_rows(), &assign);
  }
  return Batch(rows.schema(), std::move(columns), rows.num_rows());
}

}  // namespace

StatementResult TableStatements::Merge(const sql::Statement& s) {
  const auto started = std::chrono::steady_clock::now();
  const sql::DmlStatement& d = *s.dml;
  CheckClauseConditions(d.clauses);
  DmlTarget target = OpenDmlTarget(s, "MERGE INTO");
  const std::vector<MergeClause>& clauses = d.clauses;
  bool has_not_matched = false, has_by_source = false, has_star = false, modifies = false;
  for (const MergeClause& c : clauses) {
    has_not_matched = has_not_matched || c.match == MergeMatch::kNotMatchedByTarget;
    has_by_source = has_by_source || c.match == MergeMatch::kNotMatchedBySource;
    has_star = has_star || c.action == MergeAction::kUpdateStar || c.action == MergeAction::kInsertStar;
    modifies = modifies || !IsInsert(c.action);
  }
  if (modifies) CheckNotAppendOnly(*target.snapshot, target.display);
  const delta::Snapshot& snapshot = *target.snapshot;
  delta::Metadata metadata = snapshot.metadata();
  const SqlRunner run = [this](const std::string& text) { return RunSql(text); };
  const int64_t now = delta::SystemNowMs();

  // The source and its columns.
  std::string source_relation;
  if (!d.source_name.empty()) {
    for (const std::string& part : d.source_name) source_relation += (source_relation.empty() ? "" : ".") + QuoteName(part);
  } else {
    source_relation = "(" + d.source_query_text + ") AS __tarn_source_query";
  }
  const std::string source_alias =
      !d.source_alias.empty() ? d.source_alias : !d.source_name.empty() ? d.source_name.back() : std::string("__tarn_source");
  if (EqualsIgnoreCase(source_alias, target.alias)) {
    ThrowError(ErrorClass::kAmbiguousReference,
               {{"name", QuoteName(source_alias)}, {"referenceNames", "[the MERGE target, the MERGE source]"}});
  }
  Schema source_schema;
  try {
    source_schema = session_.AnalyzeStatementQuery(*sql::Parser::ParseQueryText("SELECT * FROM " + source_relation))->schema;
  } catch (const Error& e) {
    RethrowDmlError(e);
  }

  // Schema evolution: UPDATE SET * / INSERT * bring the source's extra columns.
  const bool evolve = d.schema_evolution ||
      AsciiLower(session_.config_.Get("spark.databricks.delta.schema.autoMerge.enabled").value_or("false")) == "true";
  Schema schema = target.schema;
  const size_t old_columns = schema.size();
  std::vector<size_t> grown_structs;  // struct columns that gain the source's extra fields
  if (evolve && has_star) {
    for (const Field& f : source_schema) {
      const int i = FindColumn(schema, f.name);
      if (i < 0) {
        schema.push_back({f.name, f.type, true, ""});
      } else if (auto merged = MergeStructFields(schema[i].type, f.type)) {
        schema[i].type = *merged;
        grown_structs.push_back(static_cast<size_t>(i));
      }
    }
  }
  const auto is_grown = [&](size_t i) {
    return std::find(grown_structs.begin(), grown_structs.end(), i) != grown_structs.end();
  };
  const size_t n = schema.size();
  if (n > old_columns || !grown_structs.empty()) {
    if (snapshot.column_mapping_mode() != delta::ColumnMappingMode::kNone) {
      ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "MERGE schema evolution on a table with column mapping"}});
    }
    delta::DeltaSchema grown = snapshot.schema();
    for (size_t i : grown_structs) GrowDeltaField(grown.fields[i], schema[i].type);
    Schema added(schema.begin() + static_cast<long>(old_columns), schema.end());
    for (delta::DeltaField& f : delta::FromSchema(added).fields) grown.fields.push_back(std::move(f));
    metadata.schema_string = delta::SchemaToJson(grown);
  }

  GeneratedColumns generated = GeneratedColumns::Of(snapshot.schema(), snapshot.protocol());
  generated.Extend(schema);
  // Per clause and column: whether the clause gives the value (else a
  // generated column is computed, an inserted identity column gets a value).
  std::vector<std::vector<bool>> gives(clauses.size(), std::vector<bool>(n, true));

  // Which side is visible where (for the one-sided clauses' checks).
  const std::string t = QuoteName(target.alias), src = QuoteName(source_alias);
  std::set<std::string> target_only, source_only;
  std::string target_cols, source_cols;
  for (const Field& f : target.schema) {
    if (FindColumn(source_schema, f.name) < 0) target_only.insert(AsciiLower(f.name));
    target_cols += (target_cols.empty() ? "" : ", ") + t + "." + QuoteName(f.name);
  }
  for (const Field& f : source_schema) {
    if (FindColumn(target.schema, f.name) < 0) source_only.insert(AsciiLower(f.name));
    source_cols += (source_cols.empty() ? "" : ", ") + src + "." + QuoteName(f.name);
  }

  // Per clause: the SQL of each target column's new value (empty for DELETE).
  std::vector<std::vector<std::string>> clause_values(clauses.size());
  const auto unchanged = [&](size_t i) {
    return i < old_columns ? t + "." + QuoteName(schema[i].name) : "CAST(NULL AS " + schema[i].type.ToSql() + ")";
  };
  for (size_t k = 0; k < clauses.size(); ++k) {
    const MergeClause& c = clauses[k];
    const std::string clause_name = std::string(IsInsert(c.action) ? "INSERT" : IsUpdate(c.action) ? "UPDATE" : "DELETE") +
                                    " clause";
    if (c.match == MergeMatch::kNotMatchedByTarget) {
      if (c.condition.present()) CheckOneSided(*c.condition.expr, target.alias, target_only, clause_name, source_cols);
      for (const sql::SqlExpr& v : c.insert_values) CheckOneSided(*v.expr, target.alias, target_only, clause_name, source_cols);
    } else if (c.match == MergeMatch::kNotMatchedBySource) {
      if (c.condition.present()) CheckOneSided(*c.condition.expr, source_alias, source_only, clause_name, target_cols);
      for (const sql::Assignment& a : c.assignments) {
        CheckOneSided(*a.value.expr, source_alias, source_only, clause_name, target_cols);
      }
    }
    std::vector<std::string>& values = clause_values[k];
    switch (c.action) {
      case MergeAction::kDelete: break;
      case MergeAction::kUpdate: {
        DmlTarget grown = target;
        grown.schema = schema;
        const std::vector<std::optional<std::string>> assigned = AssignedValues(grown, c.assignments);
        for (size_t i = 0; i < n; ++i) values.push_back(assigned[i] ? *assigned[i] : unchanged(i));
        for (size_t i = 0; i < n; ++i) {
          gives[k][i] = assigned[i].has_value();
          if (gives[k][i]) CheckIdentityNotUpdated(generated, i);
        }
        break;
      }
      case MergeAction::kUpdateStar:
      case MergeAction::kInsertStar: {
        const bool insert = c.action == MergeAction::kInsertStar;
        for (size_t i = 0; i < n; ++i) {
          const int j = FindColumn(source_schema, schema[i].name);
          if (j >= 0) {
            values.push_back(src + "." + QuoteName(source_schema[j].name));
            if (insert) CheckExplicitIdentityValue(generated, i);
            if (!insert) CheckIdentityNotUpdated(generated, i);
          } else if (generated.is_generated(i) || generated.is_identity(i)) {
            values.push_back(insert ? "CAST(NULL AS " + schema[i].type.ToSql() + ")" : unchanged(i));
            gives[k][i] = false;
          } else if (evolve) {
            values.push_back(insert ? "CAST(NULL AS " + schema[i].type.ToSql() + ")" : unchanged(i));
          } else {
            ThrowError(ErrorClass::kDeltaMergeUnresolvedExpression,
                       {{"sqlExpr", t + "." + QuoteName(schema[i].name)},
                        {"clause", std::string(insert ? "INSERT" : "UPDATE") + " clause"}, {"cols", source_cols}});
          }
        }
        break;
      }
      case MergeAction::kInsert: {
        std::vector<int> columns;
        if (c.insert_columns.empty()) {
          for (size_t i = 0; i < old_columns; ++i) columns.push_back(static_cast<int>(i));
        } else {
          for (const std::string& name : c.insert_columns) {
            const int i = FindColumn(schema, name);
            if (i < 0) {
              ThrowError(ErrorClass::kUnresolvedColumn, {{"objectName", QuoteName(name)}, {"proposal", target_cols}});
            }
            if (std::find(columns.begin(), columns.end(), i) != columns.end()) {
              ThrowError(ErrorClass::kDeltaDuplicateColumnsFound, {{"duplicateCols", QuoteName(name)}});
            }
            columns.push_back(i);
          }
        }
        if (columns.size() != c.insert_values.size()) {
          std::string table_columns, data_columns;
          for (int i : columns) table_columns += (table_columns.empty() ? "" : ", ") + QuoteName(schema[i].name);
          for (const sql::SqlExpr& v : c.insert_values) data_columns += (data_columns.empty() ? "" : ", ") + v.text;
          ThrowError(columns.size() > c.insert_values.size() ? ErrorClass::kInsertColumnArityNotEnough
                                                             : ErrorClass::kInsertColumnArityTooMany,
                     {{"tableName", target.display}, {"tableColumns", table_columns}, {"dataColumns", data_columns}});
        }
        for (size_t i = 0; i < n; ++i) values.push_back("CAST(NULL AS " + schema[i].type.ToSql() + ")");
        for (size_t j = 0; j < columns.size(); ++j) values[columns[j]] = "(" + c.insert_values[j].text + ")";
        for (size_t i = 0; i < n; ++i) {
          gives[k][i] = std::find(columns.begin(), columns.end(), static_cast<int>(i)) != columns.end();
          if (gives[k][i]) CheckExplicitIdentityValue(generated, i);
        }
        break;
      }
    }
  }

  // The join.
  const bool target_preserved = has_by_source, source_preserved = has_not_matched;
  const char* join = target_preserved && source_preserved ? "FULL OUTER JOIN"
                     : target_preserved                   ? "LEFT OUTER JOIN"
                     : source_preserved                   ? "RIGHT OUTER JOIN"
                                                          : "INNER JOIN";
  std::vector<std::string> target_names;
  for (const Field& f : target.schema) target_names.push_back(f.name);
  std::string target_relation = std::string("(SELECT *, true AS __tp FROM ") + kDmlTargetView + " AS " + t;
  if (!target_preserved) {
    // Conjuncts of ON on the target alone prune and skip the target's files.
    std::vector<std::string> target_conjuncts = PartitionConjuncts(*d.condition.expr, target_names, target.alias);
    std::vector<std::string> usable;
    for (const std::string& c : target_conjuncts) {
      bool names_source = false;
      for (const std::string& name : source_only) names_source = names_source || AsciiLower(c).find(name) != std::string::npos;
      if (!names_source) usable.push_back(c);
    }
    if (!usable.empty()) {
      std::string where;
      for (const std::string& c : usable) where += (where.empty() ? "" : " AND ") + ("(" + c + ")");
      target_relation += " WHERE " + where;
    }
  }
  target_relation += ") AS " + t;
  const std::string from = "FROM " + target_relation + " " + join + " (SELECT *, true AS __sp FROM " + source_relation +
                           ") AS " + src + " ON " + d.condition.text;
  // Each kind of clause sees only its own rows: a matched row never falls
  // through to NOT MATCHED clauses when no MATCHED clause applies to it.
  const std::string matched = t + ".__tp IS NOT NULL AND " + src + ".__sp IS NOT NULL";
  const std::string source_only_row = t + ".__tp IS NULL AND " + src + ".__sp IS NOT NULL";
  const std::string target_only_row = t + ".__tp IS NOT NULL AND " + src + ".__sp IS NULL";
  // CASE over the clauses: `pick(k)` is what clause k contributes.
  const auto dispatch = [&](const std::function<std::string(size_t)>& pick, const std::string& none) {
    std::string out = "CASE";
    for (MergeMatch kind : {MergeMatch::kMatched, MergeMatch::kNotMatchedByTarget, MergeMatch::kNotMatchedBySource}) {
      std::string inner = "CASE";
      bool any = false;
      for (size_t k = 0; k < clauses.size(); ++k) {
        if (clauses[k].match != kind) continue;
        any = true;
        inner += " WHEN " + (clauses[k].condition.present() ? "(" + clauses[k].condition.text + ")" : std::string("true")) +
                 " THEN " + pick(k);
      }
      inner += " ELSE " + none + " END";
      if (!any) continue;
      const std::string when = kind == MergeMatch::kMatched ? matched
                               : kind == MergeMatch::kNotMatchedByTarget ? source_only_row
                                                                         : target_only_row;
      out += " WHEN " + when + " THEN " + inner;
    }
    return out + " ELSE " + none + " END";
  };

  // First the raw values' types (to store-assign each), then the query that runs.
  std::string probe;
  for (size_t k = 0; k < clauses.size(); ++k) {
    for (size_t i = 0; i < clause_values[k].size(); ++i) {
      probe += (probe.empty() ? "" : ", ") + clause_values[k][i] + " AS __p" + std::to_string(k) + "_" + std::to_string(i);
    }
  }
  ScopedView view(session_.temp_views_, kDmlTargetView, ScanPlan(target.table));
  std::vector<std::vector<DataType>> value_types(clauses.size());
  try {
    // Binding the clause conditions too reports their unknown columns.
    std::string conditions;
    for (size_t k = 0; k < clauses.size(); ++k) {
      if (clauses[k].condition.present()) conditions += ", (" + clauses[k].condition.text + ") AS __c" + std::to_string(k);
    }
    const plan::PlanPtr probed = session_.AnalyzeStatementQuery(
        *sql::Parser::ParseQueryText("SELECT " + (probe.empty() ? std::string("1") : probe) + conditions + " " + from));
    size_t column = 0;
    for (size_t k = 0; k < clauses.size(); ++k) {
      for (size_t i = 0; i < clause_values[k].size(); ++i) value_types[k].push_back(probed->schema[probe.empty() ? 0 : column++].type);
    }
  } catch (const Error& e) {
    RethrowDmlError(e);
  }
  std::string select;
  for (size_t i = 0; i < n; ++i) {
    select += dispatch(
                  [&](size_t k) {
                    if (clause_values[k].empty()) return "CAST(NULL AS " + schema[i].type.ToSql() + ")";
                    if (is_grown(i)) return StructByName(clause_values[k][i], value_types[k][i], schema[i].type);
                    return StoreAssigned(clause_values[k][i], value_types[k][i], schema[i], target.display);
                  },
                  "CAST(NULL AS " + schema[i].type.ToSql() + ")") +
              " AS " + QuoteName(schema[i].name) + ", ";
  }
  select += t + "." + delta::DeltaTable::kFilePathColumn + " AS __f, " + t + "." + delta::DeltaTable::kRowIndexColumn +
            " AS __r, " + dispatch([](size_t k) { return std::to_string(k + 1); }, "0") + " AS __clause";
  DmlChangeFeed feed(session_.fs_, target.location, metadata, snapshot.protocol());
  if (feed.enabled()) {  // the target's old values: pre-images and deleted rows
    for (size_t i = 0; i < old_columns; ++i) select += ", " + t + "." + QuoteName(schema[i].name) + " AS __o" + std::to_string(i);
  }
  const size_t first_check = n + 3 + (feed.enabled() ? old_columns : 0);
  // Generated columns: given by the row's clause (checked) or computed.
  std::vector<std::string> given(n), extra_columns = {"__f", "__r", "__clause"};
  for (size_t i = 0; i < n; ++i) {
    std::string clauses_giving;
    bool all = true;
    for (size_t k = 0; k < clauses.size(); ++k) {
      if (clauses[k].action == MergeAction::kDelete) continue;
      all = all && gives[k][i];
      if (gives[k][i]) clauses_giving += (clauses_giving.empty() ? "" : ", ") + std::to_string(k + 1);
    }
    given[i] = all ? "true" : clauses_giving.empty() ? "false" : "__clause IN (" + clauses_giving + ")";
  }
  for (size_t i = 0; feed.enabled() && i < old_columns; ++i) extra_columns.push_back("__o" + std::to_string(i));
  std::vector<CheckConstraint> checks = TableChecks(metadata);
  for (CheckConstraint& c : GeneratedColumnChecks(generated, given)) checks.push_back(std::move(c));
  std::vector<size_t> assigned_identities;
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < clauses.size() && generated.is_identity(i); ++k) {
      if (IsInsert(clauses[k].action) && !gives[k][i]) {
        assigned_identities.push_back(i);
        break;
      }
    }
  }
  CheckAssignedIdentitiesNotRead(generated, assigned_identities, checks);
  const std::string text = WithCheckColumns(
      WithGeneratedValues("SELECT * FROM (SELECT " + select + " " + from + ") AS __merged WHERE __clause <> 0", generated,
                          given, extra_columns),
      checks);
  IdentityValues identity(generated);

  // Run it: write updated and inserted rows, mark the target rows they replace or delete.
  delta::TableWriter writer(session_.fs_, target.location, metadata, snapshot.protocol(), delta::WriteOptionsFor(metadata));
  delta::RowRemovals removals;
  int64_t matched_updated = 0, matched_deleted = 0, by_source_updated = 0, by_source_deleted = 0, inserted = 0;
  {
    plan::PlanPtr plan = session_.OptimizeForRun(session_.AnalyzeStatementQuery(*sql::Parser::ParseQueryText(text)));
    std::unique_ptr<BatchStream> stream = session_.StreamQueryPlan(plan);
    Batch batch;
    while (stream->Next(&batch)) {
      // Before the change feed sees the inserted rows.
      if (generated.any_identity()) batch = AssignMergeIdentities(batch, n, clauses, gives, generated, identity);
      SelectionVector written, updated_rows, deleted_rows, inserted_rows;
      for (size_t r = 0; r < batch.num_rows(); ++r) {
        const MergeClause& c = clauses[static_cast<size_t>(batch.column(n + 2).ValueAt<int32_t>(r)) - 1];
        if (!IsInsert(c.action)) {
          removals.Mark(std::string(batch.column(n).ValueAt<StringView>(r).view()),
                        static_cast<uint64_t>(batch.column(n + 1).ValueAt<int64_t>(r)));
        }
        if (c.action != MergeAction::kDelete) written.push_back(static_cast<uint32_t>(r));
        const bool by_source = c.match == MergeMatch::kNotMatchedBySource;
        if (IsInsert(c.action)) {
          ++inserted;
          inserted_rows.push_back(static_cast<uint32_t>(r));
        } else if (IsUpdate(c.action)) {
          ++(by_source ? by_source_updated : matched_updated);
          updated_rows.push_back(static_cast<uint32_t>(r));
        } else {
          ++(by_source ? by_source_deleted : matched_deleted);
          deleted_rows.push_back(static_cast<uint32_t>(r));
        }
      }
      if (feed.enabled()) {
        const std::vector<VectorPtr> new_values(batch.columns().begin(), batch.columns().begin() + static_cast<long>(n));
        const std::vector<VectorPtr> old_values(batch.columns().begin() + static_cast<long>(n + 3),
                                                batch.columns().begin() + static_cast<long>(n + 3 + old_columns));
        feed.Add(old_values, batch.num_rows(), &updated_rows, delta::kChangeUpdatePreimage);
        feed.Add(new_values, batch.num_rows(), &updated_rows, delta::kChangeUpdatePostimage);
        feed.Add(old_values, batch.num_rows(), &deleted_rows, delta::kChangeDelete);
        feed.Add(new_values, batch.num_rows(), &inserted_rows, delta::kChangeInsert);
      }
      if (written.empty()) continue;
      Batch rows = written.size() == batch.num_rows() ? batch : batch.Select(written);
      CheckWrittenRows(rows, schema, checks, first_check);
      std::vector<VectorPtr> columns(rows.columns().begin(), rows.columns().begin() + static_cast<long>(n));
      writer.Write(Batch(schema, std::move(columns), rows.num_rows()));
    }
  }
  // Several source rows for one target row are ambiguous — except for a lone unconditional DELETE.
  const bool lone_delete = std::count_if(clauses.begin(), clauses.end(), [](const MergeClause& c) {
                             return c.match == MergeMatch::kMatched;
                           }) == 1 &&
                           std::any_of(clauses.begin(), clauses.end(), [](const MergeClause& c) {
                             return c.match == MergeMatch::kMatched && c.action == MergeAction::kDelete &&
                                    !c.condition.present();
                           });
  if (removals.Seal() && !lone_delete) ThrowError(ErrorClass::kDeltaMultipleSourceRowMatchingTargetRowInMerge);
  if (lone_delete) matched_deleted = removals.num_rows() - by_source_deleted - by_source_updated - matched_updated;
  const int64_t scan_ms = MillisSince(started);
  const int64_t source_rows = [&] {
    const StatementResult count = RunSql("SELECT count(*) FROM " + source_relation);
    return count.batches.empty() ? int64_t{0} : count.batches[0].column(0).ValueAt<int64_t>(0);
  }();

  delta::Transaction txn(target.snapshot, "MERGE");
  if (identity.assigned()) metadata = identity.WithHighWaterMarks(metadata);  // conflicts like INSERT's
  if (n > old_columns || !grown_structs.empty() || identity.assigned()) txn.UpdateMetadata(metadata);
  const delta::RowRemovalStats stats =
      delta::ApplyRowRemovals(*target.table, removals, target.deletion_vectors, writer, txn, now,
                                DmlRewriteThreads(session_.config_));
  const AddedFiles added = AddFiles(writer.Finish(), txn);
  // What the result depends on: the ON condition's partition conjuncts (the
  // whole target when every target row is read).
  const std::vector<std::string> conjuncts =
      target_preserved ? std::vector<std::string>{}
                       : PartitionConjuncts(*d.condition.expr, metadata.partition_columns, target.alias);
  RegisterReadPredicate(txn, run, target.snapshot, target.alias, conjuncts, "MERGE ON " + d.condition.text);

  txn.SetOperationParameter("predicate", JsonList({d.condition.text}));
  txn.SetOperationParameter("matchedPredicates", PredicatesJson(clauses, MergeMatch::kMatched));
  txn.SetOperationParameter("notMatchedPredicates", PredicatesJson(clauses, MergeMatch::kNotMatchedByTarget));
  txn.SetOperationParameter("notMatchedBySourcePredicates", PredicatesJson(clauses, MergeMatch::kNotMatchedBySource));
  const int64_t updated = matched_updated + by_source_updated, deleted = matched_deleted + by_source_deleted;
  txn.SetOperationMetric("numSourceRows", source_rows);
  txn.SetOperationMetric("numTargetRowsInserted", inserted);
  txn.SetOperationMetric("numTargetRowsUpdated", updated);
  txn.SetOperationMetric("numTargetRowsMatchedUpdated", matched_updated);
  txn.SetOperationMetric("numTargetRowsNotMatchedBySourceUpdated", by_source_updated);
  txn.SetOperationMetric("numTargetRowsDeleted", deleted);
  txn.SetOperationMetric("numTargetRowsMatchedDeleted", matched_deleted);
  txn.SetOperationMetric("numTargetRowsNotMatchedBySourceDeleted", by_source_deleted);
  txn.SetOperationMetric("numTargetRowsCopied", stats.copied_rows);
  txn.SetOperationMetric("numOutputRows", inserted + updated + stats.copied_rows);
  SetFileMetrics(txn, DmlMetricNames::kMerge, stats, added, feed, scan_ms, started);
  if (!txn.removed_files().empty() || !txn.added_files().empty() || n > old_columns || identity.assigned()) {
    CommitWithHooks(session_.fs_, txn);
  }
  return CountersRow({"num_affected_rows", "num_updated_rows", "num_deleted_rows", "num_inserted_rows"},
                     {updated + deleted + inserted, updated, deleted, inserted});
}

}  // namespace tarn
