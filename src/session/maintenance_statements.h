// The maintenance statements on Delta tables: OPTIMIZE [ZORDER BY | FULL],
// REORG TABLE ... APPLY (PURGE), VACUUM, ANALYZE TABLE, ALTER TABLE CLUSTER BY,
// and the CLUSTER BY clause of CREATE TABLE (liquid clustering). The work is
// done by src/delta (optimize.h, vacuum.h, clustering.h, table_statistics.h);
// this file resolves names, turns session settings into options, validates the
// SQL clauses and shapes the result rows like Delta / Spark.
//
// Thread safety: used by the session's one running statement.
#pragma once

#include <string>
#include <vector>

#include "delta/actions.h"
#include "delta/schema.h"
#include "delta/transaction.h"
#include "session/table_statements.h"
#include "sql/statement.h"

namespace tarn {

class MaintenanceStatements {
 public:
  MaintenanceStatements(TableStatements& tables, Session& session) : tables_(tables), session_(session) {}

  static bool Handles(sql::StatementKind kind);
  StatementResult Run(const sql::Statement& statement);

 private:
  StatementResult Optimize(const sql::Statement& statement);
  StatementResult Vacuum(const sql::Statement& statement);
  StatementResult AlterClusterBy(const sql::Statement& statement);
  StatementResult Analyze(const sql::Statement& statement);
  /// The predicate of OPTIMIZE / REORG ... WHERE as a file filter (partition columns only).
  std::function<bool(const delta::AddFile&)> PartitionFilter(const delta::Snapshot& snapshot, const sql::Statement& statement);

  TableStatements& tables_;
  Session& session_;
};

/// CREATE TABLE ... CLUSTER BY: validates the columns (no PARTITIONED BY), stages
/// the delta.clustering domain and returns `protocol` with the clustering and
/// domainMetadata writer features. Without CLUSTER BY returns `protocol` unchanged.
delta::Protocol ApplyClusterByOnCreate(const sql::Statement& statement, const std::vector<std::string>& partition_columns,
                                       const delta::DeltaSchema& schema, delta::Protocol protocol,
                                       delta::Transaction& txn);

}  // namespace tarn
