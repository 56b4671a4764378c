// Query AST: a SELECT block with its FROM relations (tables, subqueries,
// joins). Expressions are the nodes of ast.h.
#pragma once

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
  kFunction,  ///< table-valued function call: range(10), explode(...)
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
  ExprPtr having;
  /// WINDOW name AS spec, ...
  std::vector<std::pair<std::string, std::shared_ptr<WindowSpec>>> windows;
  ExprPtr qualify;  ///< QUALIFY (a filter on window function results)
  // Query organization (any kind).
  std::vector<OrderItem> order_by;
  std::vector<OrderItem> sort_by;        ///< SORT BY (per partition)
  std::vector<ExprPtr> distribute_by;    ///< DISTRIBUTE BY
  std::vector<ExprPtr> cluster_by;       ///< CLUSTER BY (= DISTRIBUTE BY + SORT BY)
  ExprPtr limit;  ///< null for none or LIMIT ALL
  ExprPtr offset;
};

std::string ToString(const Relation& relation);

}  // namespace tarn::sql
