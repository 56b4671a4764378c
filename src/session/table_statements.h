// The statements on Delta tables: CREATE [OR REPLACE] TABLE [AS SELECT],
// INSERT INTO / OVERWRITE (static and dynamic partition overwrite, REPLACE
// WHERE), DROP TABLE, DESCRIBE HISTORY / DETAIL, RESTORE, SHOW TBLPROPERTIES,
// ALTER TABLE SET / UNSET TBLPROPERTIES and ADD / DROP CONSTRAINT — and the
// resolution of table names (the warehouse catalog, delta.`/path`) for
// reads.
//
// A write runs the query through the engine, shapes its rows into the
// table's columns with one generated projection (store-assignment casts under
// Spark's ANSI policy, NULL for omitted columns, static partition values)
// plus one boolean column per CHECK constraint, checks NOT NULL and the
// constraints batch by batch, hands the rows to delta::TableWriter and
// commits the files with a delta::Transaction; checkpoints and log cleanup
// follow the commit.
//
// Thread safety: used by the session's one running statement.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "delta/delta_table.h"
#include "plan/logical_plan.h"
#include "session/session.h"
#include "session/table_catalog.h"
#include "sql/statement.h"

namespace tarn {

class TableCatalog;
struct DmlTarget;  // session/dml_support.h

class TableStatements {
 public:
  explicit TableStatements(Session& session);
  ~TableStatements();

  /// Whether Run handles statements of this kind.
  static bool Handles(sql::StatementKind kind);
  StatementResult Run(const sql::Statement& statement);

  /// The read plan of a catalog table or delta.`/path` (at a version or
  /// timestamp when given); null when `name` names neither.
  plan::PlanPtr ResolveTable(const std::vector<std::string>& name, const delta::TimeTravel& time_travel = {});
  /// Tables of the current schema (SHOW TABLES).
  std::vector<std::string> ListTables();
  /// The partition columns of the named Delta table; nullopt when it is not one.
  std::optional<std::vector<std::string>> PartitionColumns(const std::vector<std::string>& name);

  /// A Delta table named by a statement (catalog name or delta.`/path`), which must exist.
  struct ResolvedTable {
    std::string display;   ///< for messages
    std::string location;  ///< the table directory
    std::shared_ptr<const delta::Snapshot> snapshot;  ///< latest
  };
  ResolvedTable ResolveDeltaTable(const std::vector<std::string>& name);
  /// Throws DELTA_UNSUPPORTED_FEATURES_FOR_WRITE unless tarn honours every writer feature of the table.
  static void CheckWritable(const delta::Snapshot& snapshot, const std::string& table);

 private:
  friend class MaintenanceStatements;  // session/maintenance_statements.h: OPTIMIZE, VACUUM, ...
  /// A table named by a statement: its display name, location, catalog entry
  /// and latest snapshot.
  struct Target {
    std::string display;  // `spark_catalog`.`default`.`t` or delta.`/path`
    std::string location;
    bool path_name = false;
    std::optional<TableIdentifier> ident;
    std::optional<CatalogTable> entry;
    std::shared_ptr<const delta::Snapshot> snapshot;  // latest; null when no Delta table is there
  };
  Target ResolveTarget(const std::vector<std::string>& name, bool must_exist);
  StatementResult CreateTable(const sql::Statement& statement);
  StatementResult Insert(const sql::Statement& statement);
  StatementResult DropTable(const sql::Statement& statement);
  StatementResult DescribeHistory(const sql::Statement& statement);
  StatementResult DescribeDetail(const sql::Statement& statement);
  StatementResult Restore(const sql::Statement& statement);
  StatementResult ShowTblProperties(const sql::Statement& statement);
  StatementResult AlterProperties(const sql::Statement& statement);
  StatementResult AlterConstraint(const sql::Statement& statement);
  /// ALTER TABLE ... ADD / ALTER / RENAME / DROP COLUMN(S) (alter_table_statements.cc).
  StatementResult AlterColumns(const sql::Statement& statement);
  /// DELETE / UPDATE (dml_statements.cc) and MERGE (merge_statement.cc).
  DmlTarget OpenDmlTarget(const sql::Statement& statement, const std::string& operation);
  StatementResult Delete(const sql::Statement& statement);
  StatementResult Update(const sql::Statement& statement);
  StatementResult Merge(const sql::Statement& statement);
  std::optional<std::set<delta::PartitionValues>> PartitionsSelected(const delta::Snapshot& snapshot,
                                                                     const std::string& predicate);
  /// Runs a generated SQL query (history rows, checks, constant values).
  StatementResult RunSql(const std::string& sql);

  Session& session_;
  std::unique_ptr<TableCatalog> catalog_;
};

}  // namespace tarn
