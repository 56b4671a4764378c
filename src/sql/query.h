// Query AST: a SELECT block with its FROM relations (tables, subqueries,
// joins). Expressions are the nodes of ast.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sql/ast.h"

namespace tarn::sql {

struct SelectItem {
  ExprPtr expr;
  std::string alias;  ///< empty if none
};

enum class RelationKind {
  kTable,     ///< name
  kSubquery,  ///< (query)
  kJoin,      ///< left JOIN right
  kValues,    ///< VALUES row, ... (inline table)
  kFunction,  ///< table-valued function call: range(10), read_files('p', format => 'csv')
  kPivot,     ///< left PIVOT (pivot_aggregates FOR pivot_columns IN (pivot_values))
  kUnpivot,   ///< left UNPIVOT [INCLUDE|EXCLUDE NULLS] (unpivot_values FOR unpivot_name IN (unpivot_columns))
};

/// TABLESAMPLE (...) [REPEATABLE (seed)] after a table or subquery.
struct TableSample {
  enum class Kind { kPercent, kRows, kBucket };
  Kind kind = Kind::kPercent;
  SourcePos pos;
  ExprPtr value;          ///< kPercent: the (possibly negative) number; kRows: the row count expression
  int64_t numerator = 0;  ///< kBucket: BUCKET numerator OUT OF denominator
  int64_t denominator = 0;
  bool has_seed = false;
  int64_t seed = 0;  ///< REPEATABLE (seed)
};

struct Relation {
  RelationKind kind = RelationKind::kTable;
  SourcePos pos;
  std::vector<std::string> name;  ///< kTable: name parts (catalog.db.table, or parquet.`path`)
  std::shared_ptr<Query> subquery;  ///< kSubquery
  std::vector<ExprPtr> rows;        ///< kValues: one expression per row (a kRow for several columns)
  ExprPtr call;                     ///< kFunction: the kFunction expression
  bool lateral = false;             ///< LATERAL (subquery) or LATERAL function(...)
  std::string alias;                ///< empty if none
  std::vector<std::string> column_aliases;
  // kJoin
  std::string join_type;  ///< INNER, LEFT OUTER, RIGHT OUTER, FULL OUTER, LEFT SEMI, LEFT ANTI, CROSS
  bool natural = false;
  std::unique_ptr<Relation> left;
  std::unique_ptr<Relation> right;
  ExprPtr condition;                       ///< ON ...; null if none
  std::vector<std::string> using_columns;  ///< USING (...)
  // kPivot / kUnpivot: `left` is the relation pivoted.
  std::vector<SelectItem> pivot_aggregates;  ///< kPivot: aggregate expressions with optional aliases
  std::vector<ExprPtr> pivot_columns;        ///< kPivot: FOR column, or FOR (a, b): kColumn expressions
  /// kPivot: IN values with optional aliases; a kRow for several pivot columns.
  std::vector<SelectItem> pivot_values;
  bool unpivot_include_nulls = false;       ///< kUnpivot: INCLUDE NULLS (default EXCLUDE NULLS)
  std::vector<std::string> unpivot_values;  ///< kUnpivot: value column(s): v, or (v1, v2)
  std::string unpivot_name;                 ///< kUnpivot: FOR name column
  /// kUnpivot: IN columns with optional aliases: a kColumn, or a kRow of kColumns for several value columns.
  std::vector<SelectItem> unpivot_columns;
  /// kTable / kSubquery: TABLESAMPLE (...); null if none.
  std::shared_ptr<TableSample> sample;
  /// kTable time travel (Delta): VERSION AS OF n / t@v3 (version as written, digits or a string);
  /// TIMESTAMP AS OF expr / t@yyyyMMddHHmmssSSS (a timestamp string literal). Empty / null if none.
  std::string version_as_of;
  ExprPtr timestamp_as_of;
};

enum class QueryKind {
  kSelect,        ///< a SELECT block
  kSetOperation,  ///< left set_op right
  kNested,        ///< (left) with this node's ORDER BY / LIMIT / OFFSET on top
};

/// LATERAL VIEW [OUTER] generator(args) table [AS] column, ...
struct LateralView {
  SourcePos pos;
  bool outer = false;
  ExprPtr call;  ///< a kFunction expression
  std::string table;
  std::vector<std::string> columns;
};

/// WITH name [(columns)] AS (query)
struct CommonTableExpression {
  std::string name;
  std::vector<std::string> columns;
  std::shared_ptr<Query> query;
};

struct Query {
  QueryKind kind = QueryKind::kSelect;
  std::vector<CommonTableExpression> ctes;  ///< WITH ... in front of this query
  SourcePos pos;
  std::string set_op;  ///< kSetOperation: UNION, INTERSECT or EXCEPT, then " ALL" or " DISTINCT"
  std::shared_ptr<Query> left;   ///< kSetOperation, kNested
  std::shared_ptr<Query> right;  ///< kSetOperation
  std::vector<std::string> hints;  ///< bodies of /*+ ... */ after SELECT
  bool distinct = false;
  std::vector<SelectItem> select;
  std::vector<std::unique_ptr<Relation>> from;  ///< comma-separated relations (an implicit cross join)
  std::vector<LateralView> lateral_views;
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  /// GROUP BY ALL: group_by is the single column `all` (the analyzer still
  /// prefers a real column of that name, as Spark does).
  bool group_by_all = false;
  ExprPtr having;
  /// WINDOW name AS spec, ...
  std::vector<std::pair<std::string, std::shared_ptr<WindowSpec>>> windows;
  ExprPtr qualify;  ///< QUALIFY (a filter on window function results)
  // Query organization (any kind).
  std::vector<OrderItem> order_by;
  bool order_by_all = false;  ///< ORDER BY ALL [ASC|DESC] [NULLS ...]: order_by is the single column `all`
  std::vector<OrderItem> sort_by;        ///< SORT BY (per partition)
  std::vector<ExprPtr> distribute_by;    ///< DISTRIBUTE BY
  std::vector<ExprPtr> cluster_by;       ///< CLUSTER BY (= DISTRIBUTE BY + SORT BY)
  ExprPtr limit;  ///< null for none or LIMIT ALL
  ExprPtr offset;
};

std::string ToString(const Relation& relation);

}  // namespace tarn::sql
