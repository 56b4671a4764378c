// The row-level DML statements on Delta tables (Delta Lake's SQL, as
// Databricks accepts it):
//
//   DELETE FROM t [[AS] alias] [WHERE cond]
//   UPDATE t [[AS] alias] SET col = expr [, ...] [WHERE cond]
//   MERGE [WITH SCHEMA EVOLUTION] INTO t [[AS] alias]
//     USING source_table | (query) [[AS] alias] ON cond
//     WHEN MATCHED [AND c] THEN UPDATE SET ... | UPDATE SET * | DELETE
//     WHEN NOT MATCHED [BY TARGET] [AND c] THEN INSERT [(cols)] VALUES (...) | INSERT *
//     WHEN NOT MATCHED BY SOURCE [AND c] THEN UPDATE SET ... | DELETE
//
// Expressions are kept both parsed (to inspect them) and as their source text
// (the session composes the queries that run the statement from the texts,
// and Delta records predicates as text in the commitInfo).
#pragma once

#include <string>
#include <vector>

#include "sql/ast.h"

namespace tarn::sql {

/// An expression and the SQL text it was parsed from.
struct SqlExpr {
  ExprPtr expr;
  std::string text;
  bool present() const { return expr != nullptr; }
};

/// `col = expr` of UPDATE SET / MERGE UPDATE SET (col may be a dotted struct field path).
struct Assignment {
  std::vector<std::string> column;
  SqlExpr value;
  SourcePos pos;
};

enum class MergeMatch { kMatched, kNotMatchedByTarget, kNotMatchedBySource };
enum class MergeAction { kUpdate, kUpdateStar, kDelete, kInsert, kInsertStar };

struct MergeClause {
  MergeMatch match = MergeMatch::kMatched;
  SqlExpr condition;  ///< AND c; absent when none
  MergeAction action = MergeAction::kDelete;
  std::vector<Assignment> assignments;      ///< kUpdate
  std::vector<std::string> insert_columns;  ///< kInsert (empty: every column in order)
  std::vector<SqlExpr> insert_values;       ///< kInsert
  SourcePos pos;                            ///< the WHEN token
};

struct DmlStatement {
  std::vector<std::string> target;  ///< the table name parts (delta.`/path` too)
  std::string target_alias;         ///< empty when none
  SqlExpr condition;                ///< WHERE (DELETE/UPDATE) or ON (MERGE)
  std::vector<Assignment> assignments;  ///< UPDATE SET

  // MERGE
  bool schema_evolution = false;  ///< WITH SCHEMA EVOLUTION
  /// USING: a table name, or the text of a parenthesized query (then source_name is empty).
  std::vector<std::string> source_name;
  std::string source_query_text;
  std::string source_alias;
  std::vector<MergeClause> clauses;
};

struct Statement;
/// A DELETE / UPDATE / MERGE statement as SQL that parses back to it.
std::string DmlStatementToString(const Statement& statement);

}  // namespace tarn::sql
