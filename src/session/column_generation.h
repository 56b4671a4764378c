// Generated and identity columns on write (Delta's GeneratedColumn and
// IdentityColumn; PROTOCOL.md "Generated Columns", "Identity Columns").
//
// Every write shapes its rows with SQL into the table's columns
// (write_shaping.h); on top of that shaped query:
//
//  - a generated column the statement does not give is computed from the
//    row's other, already shaped, columns (WithGeneratedValues); one it gives
//    is kept and checked like a CHECK constraint named "Generated Column",
//    `(col <=> (expr))` (GeneratedColumnChecks), so a wrong value fails with
//    DELTA_VIOLATE_CONSTRAINT_WITH_VALUES before anything is committed, as in
//    Delta. UPDATE recomputes the generated columns it does not assign.
//  - an identity column the statement does not give is NULL in the shaped
//    rows and gets its values as the batches are written (IdentityValues):
//    start, start + step, ... beyond the high water mark. The commit records
//    the new high water mark in metaData, so a concurrent writer that also
//    handed out values loses with DELTA_METADATA_CHANGED (transaction.h)
//    instead of committing the same values. ALWAYS refuses explicit values
//    (DELTA_IDENTITY_COLUMNS_EXPLICIT_INSERT_NOT_SUPPORTED), BY DEFAULT keeps
//    them (without moving the high water mark: ALTER TABLE ... SYNC IDENTITY
//    does that); no UPDATE assigns an identity column
//    (DELTA_IDENTITY_COLUMNS_UPDATE_NOT_SUPPORTED).
//
// CREATE TABLE validates the definitions (ValidateGeneratedColumns,
// IdentitySpec): Delta's errors for unknown or generated references,
// non-deterministic, aggregate or subquery expressions, type mismatches,
// non-BIGINT identities and a zero step.
//
// Thread safety: IdentityValues belongs to one statement; the rest are pure.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "columnar/vector.h"
#include "delta/actions.h"
#include "delta/generated_columns.h"
#include "delta/schema.h"
#include "plan/logical_plan.h"
#include "session/write_shaping.h"
#include "sql/statement.h"

namespace tarn {

/// The generated and identity columns of a table, per top-level column.
struct GeneratedColumns {
  std::vector<std::string> names;
  std::vector<std::optional<std::string>> expressions;       ///< generation expression text
  std::vector<std::optional<delta::IdentityInfo>> identities;

  /// Honours only what the protocol supports (generatedColumns / identityColumns), like Delta.
  static GeneratedColumns Of(const delta::DeltaSchema& schema, const delta::Protocol& protocol);
  /// Adds plain entries for the columns of `table` past these (columns a schema evolution adds).
  void Extend(const Schema& table);
  bool any() const;
  bool any_identity() const;
  bool is_generated(size_t column) const { return expressions[column].has_value(); }
  bool is_identity(size_t column) const { return identities[column].has_value(); }
};

/// Throws DELTA_IDENTITY_COLUMNS_EXPLICIT_INSERT_NOT_SUPPORTED when a write gives
/// `column` a value and it is GENERATED ALWAYS AS IDENTITY.
void CheckExplicitIdentityValue(const GeneratedColumns& generated, size_t column);
/// Throws DELTA_IDENTITY_COLUMNS_UPDATE_NOT_SUPPORTED when `column` is an identity column.
void CheckIdentityNotUpdated(const GeneratedColumns& generated, size_t column);

/// `shaped` (a query producing the table's columns by name, then `extra_columns`)
/// with each generated column not given replaced by its expression. `given[i]`
/// is SQL saying whether row values of column i were given: "true", "false" or a
/// condition over the extra columns (MERGE: which clause made the row).
std::string WithGeneratedValues(const std::string& shaped, const GeneratedColumns& generated,
                                const std::vector<std::string>& given, const std::vector<std::string>& extra_columns);

/// The "Generated Column" checks `(col <=> (expr))` for generated columns that may be given.
std::vector<CheckConstraint> GeneratedColumnChecks(const GeneratedColumns& generated, const std::vector<std::string>& given);

/// Throws UNSUPPORTED_FEATURE when a generation expression or one of `checks`
/// reads an identity column in `assigned` (the columns whose values this write
/// hands out: they are assigned after the SQL that evaluates those runs).
void CheckAssignedIdentitiesNotRead(const GeneratedColumns& generated, const std::vector<size_t>& assigned,
                                    const std::vector<CheckConstraint>& checks);

/// Hands out identity values for one statement and tracks the high water marks.
class IdentityValues {
 public:
  explicit IdentityValues(const GeneratedColumns& generated);
  /// Gives `rows` of `column` (a batch column of table column `table_column`; all rows when
  /// `rows` is null) new values, replacing `column` with a flat BIGINT vector.
  void Assign(VectorPtr& column, size_t table_column, size_t num_rows, const std::vector<bool>* rows = nullptr);
  /// Whether any value was handed out (the commit must then carry the new metadata).
  bool assigned() const { return assigned_; }
  /// `metadata` with the high water marks of the columns that got values.
  delta::Metadata WithHighWaterMarks(delta::Metadata metadata) const;

 private:
  std::vector<std::optional<delta::IdentityInfo>> identities_;
  std::vector<bool> moved_;
  bool assigned_ = false;
};

/// CREATE TABLE: the identity metadata a column definition declares, after
/// Delta's checks (BIGINT, non-zero step, no generation expression, not a
/// partition column). nullopt for a column that is no identity column.
std::optional<delta::IdentityInfo> IdentitySpec(const sql::ColumnDefinition& column, const DataType& type,
                                                const std::vector<std::string>& partition_columns);

/// CREATE TABLE: records each column definition's generation expression and
/// identity in `delta_schema` (validated as below) and returns `protocol` with
/// the generatedColumns / identityColumns writer features they need (legacy
/// writer versions 4 and 6, or table features).
delta::Protocol DeclareGeneratedColumns(const std::vector<sql::ColumnDefinition>& columns, const Schema& schema,
                                        const std::vector<std::string>& partition_columns,
                                        delta::DeltaSchema& delta_schema, delta::Protocol protocol,
                                        const std::function<plan::PlanPtr(const std::string&)>& analyze);

/// CREATE TABLE: checks each generation expression of `schema`
/// (`expressions[i]` for column i) the way Delta's validateGeneratedColumns
/// does. `analyze` analyzes a query's SQL text.
void ValidateGeneratedColumns(const Schema& schema, const std::vector<std::optional<std::string>>& expressions,
                              const std::function<plan::PlanPtr(const std::string&)>& analyze);

}  // namespace tarn
