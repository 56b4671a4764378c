// Session: one user's connection to tarn — its settings (spark.* config),
// temporary views, and the lifecycle of every statement: parse → analyze →
// optimize → execute. The one place that wires sql/, plan/, exec/ and
// formats/ together.
//
// Thread safety: a Session runs one statement at a time; Cancel() may be
// called from any thread.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/batch.h"
#include "common/config.h"
#include "common/file_system.h"
#include "plan/logical_plan.h"
#include "plan/optimizer.h"

namespace tarn {

namespace exec {
struct QueryProfile;
}  // namespace exec

namespace sql {
struct Statement;
struct Query;
struct ColumnDefinition;
}  // namespace sql

/// What a statement returns: rows (possibly none) with their schema.
struct StatementResult {
  Schema schema;
  std::vector<Batch> batches;
  size_t num_rows() const;
};

class Session {
 public:
  Session();
  ~Session();

  Config& config() { return config_; }
  const Config& config() const { return config_; }

  /// Runs one SQL statement. Throws tarn::Error (user errors carry an error
  /// class, SQLSTATE and position).
  StatementResult Execute(std::string_view sql);

  /// The analyzed and optimized plans of a query (EXPLAIN, tests).
  plan::PlanPtr AnalyzeQueryText(std::string_view sql, bool optimize = true);

  /// Registers a temporary view over a plan (CREATE TEMP VIEW, tests).
  void CreateTempView(const std::string& name, plan::PlanPtr plan, bool replace = true);
  bool DropTempView(const std::string& name);
  std::vector<std::string> TempViewNames() const;

  /// Asks the running statement to stop; it ends with OPERATION_CANCELED.
  void Cancel() { cancel_.store(true); }

  FileSystem& file_system() { return *fs_; }

  /// Profiling (`tarn sql --profile`): while on, every query a statement runs
  /// records its per-operator metrics; TakeProfiles returns their EXPLAIN
  /// ANALYZE text (one per query run by the last statement) and forgets them.
  void set_profiling(bool on) { profiling_ = on; }
  std::vector<std::string> TakeProfiles();

 private:
  class Resolver;
  friend class Resolver;
  friend class TableStatements;  // session/table_statements.h: CREATE/INSERT/... on Delta tables
  StatementResult RunStatement(const sql::Statement& statement);
  StatementResult RunQueryPlan(const plan::PlanPtr& plan);
  /// The batches of a plan as they are produced (writes stream them into files).
  /// With `profile`, the run's metrics land there (else in profiles_ when profiling).
  std::unique_ptr<BatchStream> StreamQueryPlan(const plan::PlanPtr& plan,
                                               std::shared_ptr<exec::QueryProfile> profile = nullptr);
  StatementResult Explain(const sql::Statement& statement);
  plan::PlanPtr AnalyzeStatementQuery(const sql::Query& query);
  /// The optimizer with constant folding through this session's executor.
  plan::PlanPtr OptimizeForRun(const plan::PlanPtr& plan);
  /// Evaluates a constant expression (one row) with this session's settings.
  plan::ConstantEvaluator MakeConstantEvaluator();
  /// A temp view (or path table) by name; TABLE_OR_VIEW_NOT_FOUND otherwise.
  plan::PlanPtr ResolveNamed(const std::vector<std::string>& name);
  static plan::PlanPtr RenameColumns(const plan::PlanPtr& plan, const std::vector<sql::ColumnDefinition>& columns);
  /// The rows of a result as a plan (CACHE TABLE).
  static plan::PlanPtr MaterializedPlan(const StatementResult& rows);

  Config config_;
  std::shared_ptr<FileSystem> fs_;
  std::map<std::string, plan::PlanPtr> temp_views_;  // lower-case name → analyzed plan
  std::atomic<bool> cancel_{false};
  bool profiling_ = false;
  std::vector<std::shared_ptr<exec::QueryProfile>> profiles_;  // of the current statement
};

}  // namespace tarn
