// Analyzer: turns a parsed query (AST) into a logical plan with every name
// resolved, every function bound and every type known, following Spark's
// rules (case-insensitive names, ANSI type coercion, Spark's SELECT clause
// order). Errors are Spark's: UNRESOLVED_COLUMN.WITH_SUGGESTION,
// TABLE_OR_VIEW_NOT_FOUND, UNRESOLVED_ROUTINE, DATATYPE_MISMATCH.*,
// MISSING_AGGREGATION, ... with the position of the offending text.
//
// Subqueries: uncorrelated scalar subqueries stay expressions; IN / EXISTS
// predicates and correlated scalar subqueries become joins (semi, anti,
// null-aware anti, left outer over an aggregate grouped by the correlation
// keys).
//
// Thread safety: one Analyze call per thread; the catalog is read concurrently.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "functions/function.h"
#include "plan/logical_plan.h"
#include "sql/query.h"

namespace tarn::sql {

/// Time travel on a table reference: VERSION AS OF / TIMESTAMP AS OF (one is set).
struct TimeTravelSpec {
  std::optional<int64_t> version;
  std::optional<int64_t> timestamp_micros;  ///< UTC microseconds since the epoch
};

/// The relations a query can name; implemented by the session (temp views,
/// path tables like parquet.`/p`, later the catalog).
class RelationResolver {
 public:
  virtual ~RelationResolver() = default;
  /// The relation named by `name` (its parts as written), or null when there
  /// is none. The plan's schema names its columns.
  virtual plan::PlanPtr Resolve(const std::vector<std::string>& name) const = 0;
  /// The relation as of an earlier version (Delta tables), or null when `name`
  /// cannot time travel (the analyzer then raises UNSUPPORTED_FEATURE.TIME_TRAVEL).
  virtual plan::PlanPtr ResolveAt(const std::vector<std::string>& name, const TimeTravelSpec& time_travel) const {
    return nullptr;
  }
  /// A table-valued function in FROM (range, read_files, ...), or null when
  /// `name` is not one. `args` are constant-folded values.
  virtual plan::PlanPtr ResolveTableFunction(const std::string& name, const std::vector<VectorPtr>& args,
                                             const std::vector<std::string>& arg_names) const {
    return nullptr;
  }
};

struct AnalyzerOptions {
  FunctionContext functions;
  bool case_sensitive = false;  ///< spark.sql.caseSensitive
  const RelationResolver* relations = nullptr;
  /// Evaluates a constant expression (the session wires in the executor;
  /// sql/ never includes exec/). Returns a 1-row vector.
  std::function<VectorPtr(const plan::ExprPtr&)> evaluate_constant;
};

/// The analyzed plan of `query`. Throws tarn::Error for user errors.
plan::PlanPtr AnalyzeQuery(const Query& query, const AnalyzerOptions& options);

}  // namespace tarn::sql
