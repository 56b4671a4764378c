// Helpers shared by the statements on Delta tables (table_statements.cc,
// alter_table_statements.cc and the DML statements): SQL and JSON text of
// names and values, the writer-feature gate, the temp view a generated query
// reads its source through, and commit + post-commit hooks.
//
// Thread safety: used by the session's one running statement.
#pragma once

#include <map>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/file_system.h"
#include "delta/schema.h"
#include "delta/snapshot.h"
#include "delta/transaction.h"
#include "plan/logical_plan.h"
#include "session/session.h"
#include "types/data_type.h"

namespace tarn {

/// The temp view name generated write queries read their source through.
inline constexpr const char* kSourceView = "__tarn_write_source";

/// `name` as a backquoted identifier.
std::string QuoteName(std::string_view name);
/// `text` as a SQL string literal.
std::string SqlString(std::string_view text);
/// ["a","b"] and {"k":"v"} (commitInfo operation parameters).
std::string JsonList(const std::vector<std::string>& items);
std::string JsonObject(const std::map<std::string, std::string>& items);

/// Throws DELTA_UNSUPPORTED_FEATURES_FOR_WRITE unless tarn honours every
/// writer feature of the table. Tables with generated or identity columns are
/// writable only by statements that compute them (`computes_generated_columns`:
/// they shape rows through session/column_generation.h, or write no rows).
void CheckWriteSupported(const delta::Snapshot& snapshot, const std::string& table,
                         bool computes_generated_columns = false);

/// The schema written to the log for a tarn schema (column comments kept as field metadata).
delta::DeltaSchema ToDeltaSchema(const Schema& schema);

/// The index of the column named `name` (case-insensitively) in `schema`, or -1.
int FindColumn(const Schema& schema, const std::string& name);

/// Schema evolution of one column (mergeSchema, autoMerge, MERGE WITH SCHEMA
/// EVOLUTION): `table` with the struct fields of `source` it lacks appended
/// (matched by name, case-insensitively; new fields nullable), recursively
/// through struct fields. nullopt when both are not structs or nothing is new:
/// the column's own store-assignment rules apply.
std::optional<DataType> MergeStructFields(const DataType& table, const DataType& source);

/// Grows `field`'s type in the log's schema to `merged` (from
/// MergeStructFields), keeping the metadata of the fields it already has.
void GrowDeltaField(delta::DeltaField& field, const DataType& merged);

/// SQL building, from `expr` of struct type `from`, a value of struct type
/// `to` whose fields are matched by name (recursively), fields `from` lacks
/// NULL and a NULL struct staying NULL — how rows of a narrower struct fill a
/// merged one (a plain cast would match the fields by position).
std::string StructByName(const std::string& expr, const DataType& from, const DataType& to);

/// Binds the temp view kSourceView to `source` while alive.
class SourceView {
 public:
  SourceView(std::map<std::string, plan::PlanPtr>& views, plan::PlanPtr source);
  ~SourceView();
  SourceView(const SourceView&) = delete;
  SourceView& operator=(const SourceView&) = delete;

 private:
  std::map<std::string, plan::PlanPtr>& views_;
};

/// Commits `txn`, then runs the post-commit hooks (checkpoint, log cleanup),
/// whose failures never fail the commit. Returns the committed version.
int64_t CommitWithHooks(const std::shared_ptr<FileSystem>& fs, delta::Transaction& txn);

}  // namespace tarn
