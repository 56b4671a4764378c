// The statements other than queries: SET/RESET, USE, temp views, SHOW,
// DESCRIBE, EXPLAIN, CACHE. Each returns its rows like Spark does.
#include <algorithm>
#include <regex>

#include "common/error.h"
#include "common/strings.h"
#include "exec/executor.h"
#include "exec/query_profile.h"
#include "formats/file_table.h"
#include "functions/registry.h"
#include "plan/adaptive_plan.h"
#include "plan/optimizer.h"
#include "plan/physical_plan.h"
#include "session/session.h"
#include "session/session_internal.h"
#include "session/table_statements.h"
#include "sql/parser.h"
#include "sql/statement.h"
#include "types/type_parser.h"

namespace tarn {
namespace {

using sql::Statement;
using sql::StatementKind;

// Spark's SHOW ... LIKE pattern: '*' matches anything, '|' separates alternatives.
bool MatchesShowPattern(const std::string& pattern, const std::string& name) {
  size_t start = 0;
  while (start <= pattern.size()) {
    size_t bar = pattern.find('|', start);
    std::string alt = pattern.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    std::string regex;
    for (char c : alt) {
      if (c == '*') regex += ".*";
      else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') regex += c;
      else regex += std::string("\\") + c;
    }
    // Trim surrounding spaces like Spark does.
    if (std::regex_match(AsciiLower(name), std::regex(AsciiLower(regex)))) return true;
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return false;
}

std::string ViewName(const std::vector<std::string>& name) { return name.empty() ? "" : name.back(); }

}  // namespace

StatementResult StringRows(const std::vector<std::string>& columns, const std::vector<std::vector<std::optional<std::string>>>& rows) {
  StatementResult result;
  std::vector<VectorPtr> vectors;
  for (const std::string& c : columns) {
    result.schema.push_back({c, DataType::String(), true, ""});
    vectors.push_back(Vector::Make(DataType::String(), rows.size()));
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (rows[r][c]) vectors[c]->SetString(r, *rows[r][c]);
      else vectors[c]->SetNull(r);
    }
  }
  if (!rows.empty()) result.batches.push_back(Batch(result.schema, vectors, rows.size()));
  return result;
}

StatementResult Session::RunStatement(const sql::Statement& statement) {
  switch (statement.kind) {
    case StatementKind::kQuery:
      return RunQueryPlan(OptimizeForRun(AnalyzeStatementQuery(*statement.query)));
    case StatementKind::kSet: {
      if (statement.key.empty()) {
        std::vector<std::vector<std::optional<std::string>>> rows;
        if (statement.verbose) {
          for (const ConfigEntry& e : KnownConfigEntries())
            rows.push_back({std::string(e.key), config_.Get(e.key).value_or(""), std::string(e.doc), std::string("")});
          return StringRows({"key", "value", "meaning", "Since version"}, rows);
        }
        for (const auto& [k, v] : config_.explicit_values()) rows.push_back({k, v});
        return StringRows({"key", "value"}, rows);
      }
      if (statement.has_value) {
        ThrowIfError(config_.Set(statement.key, statement.value));
        return StringRows({"key", "value"}, {{statement.key, statement.value}});
      }
      auto value = config_.Get(statement.key);
      return StringRows({"key", "value"}, {{statement.key, value.value_or("<undefined>")}});
    }
    case StatementKind::kReset:
      if (statement.key.empty()) config_ = Config();
      else config_.Unset(statement.key);
      return {};
    case StatementKind::kUse: {
      std::string name = statement.name.empty() ? "" : AsciiLower(statement.name.back());
      if (name != "default" && !(AsciiLower(statement.mode) == "catalog" && name == "spark_catalog")) {
        ThrowError(ErrorClass::kSchemaNotFound, {{"schemaName", "`" + (statement.name.empty() ? "" : statement.name.back()) + "`"}});
      }
      return {};
    }
    case StatementKind::kCreateView: {
      std::string name = ViewName(statement.name);
      plan::PlanPtr plan;
      if (!statement.format.empty() && !statement.query) {
        auto format = FindFileFormat(AsciiLower(statement.format));
        if (!format) ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "the data source " + statement.format}});
        FileOptions options;
        std::string path;
        for (const sql::Property& p : statement.options) {
          if (AsciiLower(p.key) == "path") path = p.value;
          else options[AsciiLower(p.key)] = p.value;
        }
        if (path.empty()) ThrowError(ErrorClass::kInvalidParameterValue, {{"parameter", "`path`"}, {"function", "CREATE TEMPORARY VIEW ... USING"}, {"message", "the OPTIONS must name a path"}});
        std::optional<Schema> schema;
        if (!statement.columns.empty()) {
          Schema s;
          for (const sql::ColumnDefinition& c : statement.columns) s.push_back({c.name, ParseDataType(c.type), !c.not_null, c.comment});
          schema = s;
        }
        plan = ScanPlan(FileTable::Open(fs_, format, path, options, schema));
      } else {
        plan = AnalyzeStatementQuery(*statement.query);
        if (!statement.columns.empty()) {
          if (statement.columns.size() != plan->schema.size()) {
            ThrowError(ErrorClass::kCreateViewColumnArityMismatch,
                       {{"viewName", "`" + name + "`"}, {"viewColumns", std::to_string(statement.columns.size())},
                        {"dataColumns", std::to_string(plan->schema.size())}});
          }
          plan = RenameColumns(plan, statement.columns);
        }
      }
      if (statement.if_not_exists && temp_views_.count(AsciiLower(name))) return {};
      CreateTempView(name, plan, statement.or_replace || !temp_views_.count(AsciiLower(name)) ? true : false);
      return {};
    }
    case StatementKind::kDropView: {
      std::string name = ViewName(statement.name);
      if (!DropTempView(name) && !statement.if_exists) {
        ThrowError(ErrorClass::kTableOrViewNotFound, {{"relationName", "`" + name + "`"}});
      }
      return {};
    }
    case StatementKind::kShowFunctions: {
      std::vector<std::vector<std::optional<std::string>>> rows;
      std::string scope = AsciiLower(statement.mode);
      if (scope != "user") {
        for (const std::string& name : FunctionRegistry::Builtin().Names()) {
          if (FunctionRegistry::Builtin().Find(name)->internal) continue;
          if (statement.has_pattern && !MatchesShowPattern(statement.pattern, name)) continue;
          rows.push_back({name});
        }
      }
      return StringRows({"function"}, rows);
    }
    case StatementKind::kShowViews:
    case StatementKind::kShowTables: {
      std::vector<std::vector<std::optional<std::string>>> rows;
      if (statement.kind == StatementKind::kShowTables) {
        for (const std::string& name : TableStatements(*this).ListTables()) {
          if (statement.has_pattern && !MatchesShowPattern(statement.pattern, name)) continue;
          rows.push_back({std::string("default"), name, std::string("false")});
        }
      }
      for (const std::string& name : TempViewNames()) {
        if (statement.has_pattern && !MatchesShowPattern(statement.pattern, name)) continue;
        rows.push_back({std::string(""), name, std::string("true")});
      }
      if (statement.kind == StatementKind::kShowViews) return StringRows({"namespace", "viewName", "isTemporary"}, rows);
      return StringRows({"namespace", "tableName", "isTemporary"}, rows);
    }
    case StatementKind::kShowDatabases:
      return StringRows({"namespace"}, {{std::string("default")}});
    case StatementKind::kShowColumns: {
      plan::PlanPtr plan = ResolveNamed(statement.name);
      std::vector<std::vector<std::optional<std::string>>> rows;
      for (const Field& f : plan->schema) rows.push_back({f.name});
      return StringRows({"col_name"}, rows);
    }
    case StatementKind::kDescribeTable:
    case StatementKind::kDescribeQuery: {
      plan::PlanPtr plan = statement.kind == StatementKind::kDescribeQuery ? AnalyzeStatementQuery(*statement.query)
                                                                          : ResolveNamed(statement.name);
      std::vector<std::vector<std::optional<std::string>>> rows;
      for (const Field& f : plan->schema) {
        if (!statement.column.empty() && !EqualsIgnoreCase(f.name, statement.column.back())) continue;
        if (!statement.column.empty()) {
          rows.push_back({std::string("col_name"), f.name});
          rows.push_back({std::string("data_type"), f.type.ToString()});
          rows.push_back({std::string("comment"), f.comment.empty() ? std::optional<std::string>() : f.comment});
          if (statement.extended) {
            // Spark's column statistics rows (ANALYZE TABLE ... FOR COLUMNS), NULL when not computed.
            std::optional<ColumnStatistics> stats;
            if (plan->kind == plan::PlanKind::kScan && plan->table) {
              stats = plan->table->column_statistics(static_cast<size_t>(plan->scan_columns[&f - plan->schema.data()]));
            }
            const auto text = [](const std::optional<int64_t>& v) { return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt; };
            rows.push_back({std::string("min"), stats ? stats->min : std::nullopt});
            rows.push_back({std::string("max"), stats ? stats->max : std::nullopt});
            rows.push_back({std::string("num_nulls"), stats ? text(stats->null_count) : std::nullopt});
            rows.push_back({std::string("distinct_count"), stats ? text(stats->distinct_count) : std::nullopt});
            rows.push_back({std::string("avg_col_len"), stats ? text(stats->avg_len) : std::nullopt});
            rows.push_back({std::string("max_col_len"), stats ? text(stats->max_len) : std::nullopt});
            rows.push_back({std::string("histogram"), std::nullopt});
          }
          return StringRows({"info_name", "info_value"}, rows);
        }
        rows.push_back({f.name, f.type.ToString(), f.comment.empty() ? std::optional<std::string>() : f.comment});
      }
      if (statement.kind == StatementKind::kDescribeTable && statement.column.empty()) {
        // Delta tables (Spark's v2 DESCRIBE): the partitioning after the columns.
        if (auto partitions = TableStatements(*this).PartitionColumns(statement.name); partitions && !partitions->empty()) {
          rows.push_back({std::string(""), std::string(""), std::string("")});
          rows.push_back({std::string("# Partitioning"), std::string(""), std::string("")});
          for (size_t i = 0; i < partitions->size(); ++i) {
            rows.push_back({"Part " + std::to_string(i), (*partitions)[i], std::string("")});
          }
        }
      }
      if (!statement.column.empty()) {
        ThrowError(ErrorClass::kColumnNotFound, {{"colName", "`" + statement.column.back() + "`"}, {"caseSensitiveConfig", "\"spark.sql.caseSensitive\""}});
      }
      return StringRows({"col_name", "data_type", "comment"}, rows);
    }
    case StatementKind::kDescribeFunction: {
      std::string name = statement.name.empty() ? "" : statement.name.back();
      const FunctionInfo* info = FunctionRegistry::Builtin().Find(name);
      if (!info) {
        ThrowError(ErrorClass::kUnresolvedRoutine, {{"routineName", "`" + name + "`"}, {"searchPath", "[`system`.`builtin`, `system`.`session`]"}});
      }
      std::string usage = info->usage;
      for (size_t pos; (pos = usage.find("_FUNC_")) != std::string::npos;) usage.replace(pos, 6, info->name);
      std::vector<std::vector<std::optional<std::string>>> rows = {
          {"Function: " + info->name}, {"Class: tarn." + info->group + "." + info->name}, {"Usage: " + usage}};
      if (statement.extended) {
        std::string examples = info->examples;
        for (size_t pos; (pos = examples.find("_FUNC_")) != std::string::npos;) examples.replace(pos, 6, info->name);
        rows.push_back({"Extended Usage:" + (examples.empty() ? std::string() : "\n    Examples:\n" + examples)});
      }
      return StringRows({"function_desc"}, rows);
    }
    case StatementKind::kExplain: return Explain(statement);
    case StatementKind::kCacheTable: {
      std::string name = ViewName(statement.name);
      plan::PlanPtr plan = statement.query ? AnalyzeStatementQuery(*statement.query) : ResolveNamed(statement.name);
      if (statement.lazy) {
        CreateTempView(name, plan, true);
        return {};
      }
      StatementResult rows = RunQueryPlan(OptimizeForRun(plan));
      CreateTempView(name, MaterializedPlan(rows), true);
      return {};
    }
    case StatementKind::kUncacheTable:
    case StatementKind::kClearCache:
    case StatementKind::kRefreshTable:
      return {};
    default:
      if (TableStatements::Handles(statement.kind)) return TableStatements(*this).Run(statement);
      break;
  }
  ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "this statement"}});
}

// Spark's EXPLAIN modes: the physical plan alone; EXTENDED adds the parsed,
// analyzed and optimized logical plans; COST the optimized plan with its
// statistics; FORMATTED the operator outline and one block per operator.
// CODEGEN prints the physical plan (tarn generates no code: the vectorized
// operators shown are what runs). ANALYZE (not Spark's; PostgreSQL's and
// DuckDB's) runs the query, drops its rows and prints the physical plan with
// each operator's metrics (exec/query_profile.h).
StatementResult Session::Explain(const sql::Statement& statement) {
  const Statement& inner = *statement.inner;
  std::string mode = AsciiLower(statement.mode);
  if (mode == "logical") {
    ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "EXPLAIN " + statement.mode}});
  }
  if (mode == "analyze") {
    if (inner.kind != StatementKind::kQuery) {
      ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", "EXPLAIN ANALYZE of a statement that is not a query"}});
    }
    auto profile = std::make_shared<exec::QueryProfile>();
    {
      std::unique_ptr<BatchStream> stream = StreamQueryPlan(OptimizeForRun(AnalyzeStatementQuery(*inner.query)), profile);
      Batch batch;
      while (stream->Next(&batch)) {
      }
    }  // the profile is filled when the stream is destroyed
    return StringRows({"plan"}, {{exec::FormatQueryProfile(*profile)}});
  }
  if (inner.kind != StatementKind::kQuery) {
    return StringRows({"plan"}, {{"== Physical Plan ==\nExecute " + sql::ToString(inner) + "\n"}});
  }
  plan::PlanPtr analyzed = AnalyzeStatementQuery(*inner.query);
  plan::PlanPtr optimized = OptimizeForRun(analyzed);
  plan::PhysicalPlan physical = plan::PlanPhysical(optimized, PlannerOptions(config_));
  std::string text;
  if (mode == "extended") {
    std::string schema;
    for (const Field& f : analyzed->schema) schema += (schema.empty() ? "" : ", ") + f.name + ": " + f.type.ToString();
    text += "== Parsed Logical Plan ==\n" + sql::ToString(*inner.query) + "\n\n";
    text += "== Analyzed Logical Plan ==\n" + schema + "\n" + plan::ExplainPlan(*analyzed) + "\n\n";
    text += "== Optimized Logical Plan ==\n" + plan::ExplainPlan(*optimized) + "\n\n";
  } else if (mode == "cost") {
    text += "== Optimized Logical Plan ==\n" + plan::ExplainPlanWithStatistics(*optimized) + "\n\n";
  }
  text += "== Physical Plan ==\n";
  if (mode == "formatted") {
    text += plan::ExplainPhysicalFormatted(*physical.root);
  } else {
    std::string tree = plan::ExplainPhysical(*physical.root);
    text += physical.adaptive ? plan::AdaptiveSparkPlanText(tree, /*final_plan=*/false) : tree;
  }
  return StringRows({"plan"}, {{text + "\n"}});
}

}  // namespace tarn
