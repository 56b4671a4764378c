// ALTER TABLE ... ADD COLUMN(S) / ALTER|CHANGE COLUMN / RENAME COLUMN / DROP
// COLUMN(S) on Delta tables (Delta's alterDeltaTableCommands): every change is
// one metadata-only commit of the edited schema.
//
// - ADD puts new nullable fields at the end of their struct, FIRST or AFTER a
//   sibling; under column mapping they get fresh ids and physical names, so a
//   re-added name never sees a dropped column's data.
// - ALTER COLUMN changes a comment, nullability (SET NOT NULL checks the
//   rows), the position, or the type — only the widenings of PROTOCOL.md
//   "Type Widening" with delta.enableTypeWidening, recorded in the field's
//   delta.typeChanges so that old files are read widened.
// - RENAME and DROP need column mapping (physical names keep the data files
//   valid); DROP of a partition column is refused.
// - Columns used by CHECK constraints or generation expressions cannot be
//   renamed, dropped or retyped.
#include <algorithm>
#include <set>

#include "common/error.h"
#include "common/strings.h"
#include "delta/column_mapping.h"
#include "delta/delta_table.h"
#include "delta/generated_columns.h"
#include "delta/table_features.h"
#include "delta/write_util.h"
#include "session/delta_statement_util.h"
#include "session/session_internal.h"
#include "session/table_statements.h"
#include "sql/lexer.h"
#include "types/type_parser.h"

namespace tarn {
namespace {

using sql::ColumnChange;
using Action = sql::ColumnChange::Action;

std::string DottedName(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& p : path) out += (out.empty() ? "" : ".") + QuoteName(p);
  return out;
}

std::string JoinDotted(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& p : path) out += (out.empty() ? "" : ".") + p;
  return out;
}

std::string FieldList(const std::vector<delta::DeltaField>& fields) {
  std::string out;
  for (const delta::DeltaField& f : fields) out += (out.empty() ? "" : ", ") + QuoteName(f.name);
  return out;
}

int IndexOf(const std::vector<delta::DeltaField>& fields, std::string_view name) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (EqualsIgnoreCase(fields[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

[[noreturn]] void ThrowUnresolved(const std::vector<std::string>& path, const std::vector<delta::DeltaField>& candidates) {
  ThrowError(ErrorClass::kUnresolvedColumn, {{"objectName", DottedName(path)}, {"proposal", FieldList(candidates)}});
}

// The struct fields `path` (all parts but the last) leads to: the table's
// top level for a one-part path.
std::vector<delta::DeltaField>* StructAt(delta::DeltaSchema& schema, const std::vector<std::string>& path,
                                         const std::string& column_for_errors) {
  std::vector<delta::DeltaField>* fields = &schema.fields;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    const int at = IndexOf(*fields, path[i]);
    if (at < 0) ThrowUnresolved({path.begin(), path.begin() + static_cast<long>(i) + 1}, *fields);
    delta::DeltaField& parent = (*fields)[at];
    if (parent.type.type.id() != TypeId::kStruct) {
      ThrowError(ErrorClass::kDeltaAddColumnParentNotStruct,
                 {{"columnName", column_for_errors}, {"other", parent.type.type.ToSql()}});
    }
    fields = &parent.type.fields;
  }
  return fields;
}

// Where a field goes in its struct: the end, FIRST, or AFTER a sibling.
size_t InsertPosition(const std::vector<delta::DeltaField>& fields, const ColumnChange& change) {
  if (change.position == "FIRST") return 0;
  if (change.position == "AFTER") {
    const int after = IndexOf(fields, change.after);
    if (after < 0) {
      std::vector<std::string> path(change.path.begin(), change.path.end() - 1);
      path.push_back(change.after);
      ThrowUnresolved(path, fields);
    }
    return static_cast<size_t>(after) + 1;
  }
  return fields.size();
}

// The identifiers an expression text mentions (lower-case): which columns a
// constraint or generation expression depends on.
std::set<std::string> Identifiers(const std::string& expression) {
  std::set<std::string> out;
  try {
    for (const sql::Token& t : sql::Tokenize(expression)) {
      if (t.kind == sql::TokenKind::kIdentifier) out.insert(AsciiLower(t.value));
    }
  } catch (const Error&) {
  }
  return out;
}

// Refuses to rename / drop / retype a top-level column other definitions use.
void CheckNoDependents(const delta::Metadata& metadata, const delta::DeltaSchema& schema, const std::string& column) {
  const std::string lower = AsciiLower(column);
  std::string constraints;
  for (const auto& [key, value] : metadata.configuration) {
    if (AsciiLower(key).rfind("delta.constraints.", 0) == 0 && Identifiers(value).count(lower)) {
      constraints += (constraints.empty() ? "" : "\n") + key.substr(18) + " -> " + value;
    }
  }
  if (!constraints.empty()) {
    ThrowError(ErrorClass::kDeltaConstraintDependentColumnChange,
               {{"columnName", QuoteName(column)}, {"constraints", constraints}});
  }
  std::string generated;
  for (const delta::DeltaField& f : schema.fields) {
    const std::optional<std::string> expression = delta::GenerationExpression(f);
    if (expression && !EqualsIgnoreCase(f.name, column) && Identifiers(*expression).count(lower)) {
      generated += (generated.empty() ? "" : "\n") + f.name + " -> " + *expression;
    }
  }
  if (!generated.empty()) {
    ThrowError(ErrorClass::kDeltaGeneratedColumnsDependentColumnChange,
               {{"columnName", QuoteName(column)}, {"generatedColumns", generated}});
  }
}

std::string ColumnMappingAdvice() {
  return "Please enable Column Mapping on your Delta table with mapping mode 'name'.\n"
         "You can use the following command:\n\n"
         "ALTER TABLE <table_name> SET TBLPROPERTIES ('delta.columnMapping.mode' = 'name')\n\n"
         "Note, if your table is not on the required protocol version it will be upgraded.\n"
         "Column mapping requires at least protocol (2, 5)";
}

std::string FieldText(const delta::DeltaField& f) { return QuoteName(f.name) + " " + f.type.type.ToSql(); }

// The JSON of one field, as the operation parameters of Delta's history show it.
std::string FieldJson(const delta::DeltaField& field) {
  const std::string schema = delta::SchemaToJson(delta::DeltaSchema{{field}});
  // {"type":"struct","fields":[<field>]} → <field>
  const size_t begin = schema.find('[') + 1;
  return schema.substr(begin, schema.size() - begin - 2);
}

bool TypeWideningEnabled(const delta::Metadata& metadata) {
  for (const auto& [k, v] : metadata.configuration) {
    if (EqualsIgnoreCase(k, "delta.enableTypeWidening")) return AsciiLower(v) == "true";
  }
  return false;
}

// Spark's Cast.canUpCast for the atomic types an ALTER COLUMN TYPE may name.
bool CanUpCast(const DataType& from, const DataType& to) {
  if (from == to) return true;
  if (from.is_numeric() && to.is_numeric()) {
    if (to.id() == TypeId::kDouble) return from.id() != TypeId::kDecimal || from.precision() <= 15;
    if (to.id() == TypeId::kDecimal) {
      if (from.id() == TypeId::kDecimal) {
        return to.precision() - to.scale() >= from.precision() - from.scale() && to.scale() >= from.scale();
      }
      return delta::IsSupportedTypeWidening(from, to);
    }
    return delta::IsSupportedTypeWidening(from, to) || (from.id() != TypeId::kDecimal && to.id() == TypeId::kFloat &&
                                                        from.id() != TypeId::kDouble);
  }
  if (from.id() == TypeId::kDate && (to.id() == TypeId::kTimestamp || to.id() == TypeId::kTimestampNtz)) return true;
  return to.id() == TypeId::kString && !from.is_nested();
}

}  // namespace

StatementResult TableStatements::AlterColumns(const sql::Statement& s) {
  Target t = ResolveTarget(s.name, true);
  CheckWriteSupported(*t.snapshot, t.display, /*computes_generated_columns=*/true);
  const delta::Snapshot& snapshot = *t.snapshot;
  delta::Metadata metadata = snapshot.metadata();
  delta::Protocol protocol = snapshot.protocol();
  delta::DeltaSchema schema = snapshot.schema();
  const delta::ColumnMappingMode mapping = delta::GetColumnMappingMode(protocol, metadata);
  const auto is_partition = [&](const std::string& name) {
    return std::any_of(metadata.partition_columns.begin(), metadata.partition_columns.end(),
                       [&](const std::string& p) { return EqualsIgnoreCase(p, name); });
  };
  bool read_rows = false;  // the change depends on the table's rows (SET NOT NULL, SYNC IDENTITY)
  std::string operation;
  std::string added_columns;  // ADD COLUMNS: Delta's "columns" operation parameter

  switch (s.kind) {
    case sql::StatementKind::kAlterTableAddColumns: {
      operation = "ADD COLUMNS";
      int64_t max_id = delta::MaxColumnId(metadata.configuration);
      std::string added;
      for (const ColumnChange& change : s.column_changes) {
        const sql::ColumnDefinition& def = change.definition;
        if (def.not_null) {
          ThrowError(ErrorClass::kDeltaOperationNotAllowed, {{"operation", "NOT NULL in ALTER TABLE ADD COLUMNS"}});
        }
        if (def.default_value) ThrowError(ErrorClass::kWrongColumnDefaultsForDeltaAlterTableAddColumn, {});
        std::vector<delta::DeltaField>* fields = StructAt(schema, change.path, DottedName(change.path));
        if (IndexOf(*fields, def.name) >= 0) {
          ThrowError(ErrorClass::kFieldAlreadyExists,
                     {{"op", "add"}, {"fieldNames", DottedName(change.path)}, {"struct", t.display}});
        }
        delta::DeltaField field = delta::FromSchema({{def.name, ParseDataType(def.type), true, ""}}).fields[0];
        if (def.has_comment) delta::SetFieldMetadata(field, "comment", delta::JsonQuote(def.comment));
        if (mapping != delta::ColumnMappingMode::kNone) delta::AssignColumnMapping(field, &max_id);
        added += (added.empty() ? "" : ",") + std::string("{\"column\":") + FieldJson(field) +
                 (change.position.empty() ? "" : ",\"position\":" + delta::JsonQuote(change.position +
                                                                                    (change.after.empty() ? "" : " " + change.after))) +
                 "}";
        fields->insert(fields->begin() + static_cast<long>(InsertPosition(*fields, change)), std::move(field));
      }
      if (mapping != delta::ColumnMappingMode::kNone) {
        metadata.configuration[delta::kColumnMappingMaxIdKey] = std::to_string(max_id);
      }
      added_columns = "[" + added + "]";
      break;
    }
    case sql::StatementKind::kAlterTableAlterColumn: {
      operation = "CHANGE COLUMN";
      const ColumnChange& change = s.column_changes.at(0);
      std::vector<delta::DeltaField>* fields = StructAt(schema, change.path, DottedName(change.path));
      const int at = IndexOf(*fields, change.path.back());
      if (at < 0) ThrowUnresolved(change.path, *fields);
      delta::DeltaField& field = (*fields)[at];
      const bool top_level = change.path.size() == 1;
      const bool identity = delta::IdentityOf(field).has_value();
      if (identity && change.action != Action::kSyncIdentity && change.action != Action::kComment &&
          change.action != Action::kPosition) {
        ThrowError(ErrorClass::kDeltaIdentityColumnsAlterColumnNotSupported, {});
      }
      switch (change.action) {
        case Action::kComment:
          delta::SetFieldMetadata(field, "comment", delta::JsonQuote(change.definition.comment));
          break;
        case Action::kDropNotNull: field.nullable = true; break;
        case Action::kSetNotNull: {
          if (!field.nullable) break;
          // The rows must already satisfy it (a NULL parent struct is not a violation).
          std::string condition = DottedName(change.path) + " IS NULL";
          for (size_t i = 1; i < change.path.size(); ++i) {
            condition += " AND " + DottedName({change.path.begin(), change.path.begin() + static_cast<long>(i)}) +
                         " IS NOT NULL";
          }
          int64_t violations = 0;
          {
            SourceView view(session_.temp_views_, ScanPlan(delta::DeltaTable::Open(t.snapshot)));
            StatementResult r = RunSql("SELECT count(*) FROM " + std::string(kSourceView) + " WHERE " + condition);
            violations = r.batches.empty() || r.batches[0].num_rows() == 0 ? 0 : r.batches[0].column(0).ValueAt<int64_t>(0);
          }
          if (violations > 0) {
            ThrowError(ErrorClass::kDeltaNewNotNullViolation,
                       {{"numRows", std::to_string(violations)}, {"tableName", t.display}, {"colName", DottedName(change.path)}});
          }
          field.nullable = false;
          read_rows = true;
          break;
        }
        case Action::kPosition: {
          delta::DeltaField moved = field;
          fields->erase(fields->begin() + at);
          if (change.position == "AFTER" && EqualsIgnoreCase(change.after, moved.name)) {
            ThrowUnresolved({change.after}, *fields);
          }
          fields->insert(fields->begin() + static_cast<long>(InsertPosition(*fields, change)), std::move(moved));
          break;
        }
        case Action::kType: {
          const DataType to = ParseDataType(change.definition.type);
          const DataType from = field.type.type;
          if (to == from) break;
          if (from.is_nested() || to.is_nested() || !CanUpCast(from, to)) {
            ThrowError(ErrorClass::kNotSupportedChangeColumn,
                       {{"table", t.display}, {"originName", DottedName(change.path)}, {"originType", "\"" + from.ToSql() + "\""},
                        {"newName", DottedName(change.path)}, {"newType", "\"" + to.ToSql() + "\""}});
          }
          const bool partition = top_level && is_partition(field.name);
          if (!TypeWideningEnabled(metadata) || !delta::IsSupportedTypeWidening(from, to) || partition) {
            ThrowError(ErrorClass::kDeltaUnsupportedAlterTableChangeColOp,
                       {{"fieldPath", DottedName(change.path)},
                        {"oldField", FieldText(field)},
                        {"newField", QuoteName(field.name) + " " + to.ToSql()}});
          }
          if (top_level) CheckNoDependents(metadata, schema, field.name);
          // delta.typeChanges keeps every change of the field, oldest first.
          std::string changes = delta::FieldMetadata(field, "delta.typeChanges").value_or("[]");
          changes.pop_back();
          changes += std::string(changes.size() > 1 ? "," : "") + "{\"toType\":" +
                     delta::JsonQuote(delta::PrimitiveTypeName(to)) + ",\"fromType\":" +
                     delta::JsonQuote(delta::PrimitiveTypeName(from)) + "}]";
          delta::SetFieldMetadata(field, "delta.typeChanges", changes);
          field.type = delta::FromSchema({{field.name, to, field.nullable, ""}}).fields[0].type;
          break;
        }
        case Action::kSyncIdentity: {
          if (!identity) ThrowError(ErrorClass::kDeltaIdentityColumnsAlterNonIdentityColumn, {});
          operation = "SYNC IDENTITY";
          std::optional<int64_t> extreme;
          const delta::IdentityInfo info = *delta::IdentityOf(field);
          {
            SourceView view(session_.temp_views_, ScanPlan(delta::DeltaTable::Open(t.snapshot)));
            StatementResult r = RunSql(std::string("SELECT ") + (info.step > 0 ? "max(" : "min(") +
                                       DottedName(change.path) + ") FROM " + kSourceView);
            if (!r.batches.empty() && r.batches[0].num_rows() > 0 && !r.batches[0].column(0).IsNull(0)) {
              extreme = r.batches[0].column(0).ValueAt<int64_t>(0);
            }
          }
          delta::SyncIdentityHighWaterMark(field, extreme);
          read_rows = true;
          break;
        }
        default: break;
      }
      break;
    }
    case sql::StatementKind::kAlterTableRenameColumn: {
      operation = "RENAME COLUMN";
      if (mapping == delta::ColumnMappingMode::kNone) {
        ThrowError(ErrorClass::kDeltaUnsupportedRenameColumn, {{"advice", ColumnMappingAdvice()}});
      }
      const ColumnChange& change = s.column_changes.at(0);
      std::vector<delta::DeltaField>* fields = StructAt(schema, change.path, DottedName(change.path));
      const int at = IndexOf(*fields, change.path.back());
      if (at < 0) ThrowUnresolved(change.path, *fields);
      delta::DeltaField& field = (*fields)[at];
      const std::string old_name = field.name;
      if (!EqualsIgnoreCase(old_name, change.new_name) && IndexOf(*fields, change.new_name) >= 0) {
        std::vector<std::string> target(change.path.begin(), change.path.end() - 1);
        target.push_back(change.new_name);
        ThrowError(ErrorClass::kFieldAlreadyExists, {{"op", "rename"}, {"fieldNames", DottedName(target)}, {"struct", t.display}});
      }
      if (change.path.size() == 1) {
        CheckNoDependents(metadata, schema, old_name);
        for (std::string& p : metadata.partition_columns) {
          if (EqualsIgnoreCase(p, old_name)) p = change.new_name;
        }
      }
      field.name = change.new_name;
      break;
    }
    case sql::StatementKind::kAlterTableDropColumns: {
      operation = "DROP COLUMNS";
      if (mapping == delta::ColumnMappingMode::kNone) {
        ThrowError(ErrorClass::kDeltaUnsupportedDropColumn, {{"advice", ColumnMappingAdvice()}});
      }
      std::vector<std::string> partitions_dropped;
      for (const ColumnChange& change : s.column_changes) {
        std::vector<delta::DeltaField>* fields = nullptr;
        int at = -1;
        try {
          fields = StructAt(schema, change.path, DottedName(change.path));
          at = IndexOf(*fields, change.path.back());
          if (at < 0) ThrowUnresolved(change.path, *fields);
        } catch (const Error&) {
          if (s.if_exists) continue;
          throw;
        }
        if (change.path.size() == 1) {
          if (is_partition((*fields)[at].name)) {
            partitions_dropped.push_back(QuoteName((*fields)[at].name));
            continue;
          }
          CheckNoDependents(metadata, schema, (*fields)[at].name);
        }
        if (fields->size() == 1) {
          ThrowError(ErrorClass::kDeltaDropColumnOnSingleFieldSchema, {{"schema", delta::SchemaToJson(schema)}});
        }
        fields->erase(fields->begin() + at);
      }
      if (!partitions_dropped.empty()) {
        std::string list;
        for (const std::string& p : partitions_dropped) list += (list.empty() ? "" : ", ") + p;
        ThrowError(ErrorClass::kDeltaUnsupportedDropPartitionColumn, {{"columnList", list}});
      }
      break;
    }
    default: ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "this ALTER TABLE statement"}});
  }

  // Duplicate names (case-insensitive) anywhere are refused, as Delta's checkColumnNameDuplication does.
  for (delta::DeltaField& f : schema.fields) delta::RefreshType(f.type);
  {
    std::set<std::string> seen;
    for (const delta::DeltaField& f : schema.fields) {
      if (!seen.insert(AsciiLower(f.name)).second) {
        ThrowError(ErrorClass::kDeltaDuplicateColumnsFound, {{"duplicateCols", QuoteName(f.name)}});
      }
    }
  }
  const std::string new_schema = delta::SchemaToJson(schema);
  if (new_schema == snapshot.metadata().schema_string && metadata.partition_columns == snapshot.metadata().partition_columns &&
      metadata.configuration == snapshot.metadata().configuration) {
    return {};  // nothing changes (e.g. TYPE of the same type)
  }
  metadata.schema_string = new_schema;
  delta::Transaction txn(t.snapshot, operation);
  if (read_rows) txn.ReadWholeTable();
  if (protocol.min_writer_version != snapshot.protocol().min_writer_version) txn.UpdateProtocol(protocol);
  txn.UpdateMetadata(metadata);
  switch (s.kind) {
    case sql::StatementKind::kAlterTableAddColumns: txn.SetOperationParameter("columns", added_columns); break;
    case sql::StatementKind::kAlterTableRenameColumn: {
      const ColumnChange& c = s.column_changes.at(0);
      std::vector<std::string> to(c.path.begin(), c.path.end() - 1);
      to.push_back(c.new_name);
      txn.SetOperationParameter("oldColumnPath", JoinDotted(c.path));
      txn.SetOperationParameter("newColumnPath", JoinDotted(to));
      break;
    }
    case sql::StatementKind::kAlterTableDropColumns: {
      std::vector<std::string> columns;
      for (const ColumnChange& c : s.column_changes) columns.push_back(JoinDotted(c.path));
      txn.SetOperationParameter("columns", JsonList(columns));
      break;
    }
    default: {
      const ColumnChange& c = s.column_changes.at(0);
      txn.SetOperationParameter("column", JoinDotted(c.path));
      break;
    }
  }
  CommitWithHooks(session_.fs_, txn);
  return {};
}

}  // namespace tarn
