// Statement AST: what a line of a SQL script asks for (a query, SET, USE,
// CREATE VIEW, SHOW, DESCRIBE, EXPLAIN, CACHE, ...). One struct with a kind
// and the fields each kind uses (documented per field), like the Expr nodes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sql/ast.h"
#include "sql/query.h"

namespace tarn::sql {

enum class StatementKind {
  kQuery,             ///< query
  kSet,               ///< SET [-v | key [= value]]: key, value, has_value, verbose
  kReset,             ///< RESET [key]: key (empty = all)
  kUse,               ///< USE [CATALOG|SCHEMA|DATABASE|NAMESPACE] name: object_type, name
  kCreateView,        ///< CREATE ... VIEW name ... AS query, or a temp view USING format
  kDropView,          ///< DROP VIEW [IF EXISTS] name
  kShowFunctions,     ///< SHOW [USER|SYSTEM|ALL] FUNCTIONS [IN ns] [[LIKE] pattern]: scope, in_namespace, pattern
  kShowViews,         ///< SHOW VIEWS [IN ns] [[LIKE] pattern]
  kShowTables,        ///< SHOW TABLES [IN ns] [[LIKE] pattern]
  kShowColumns,       ///< SHOW COLUMNS IN|FROM name [IN|FROM ns]
  kShowDatabases,     ///< SHOW DATABASES|SCHEMAS|NAMESPACES [IN ns] [[LIKE] pattern]
  kDescribeTable,     ///< DESCRIBE [TABLE] [EXTENDED|FORMATTED] name [PARTITION (...)] [column]
  kDescribeFunction,  ///< DESCRIBE FUNCTION [EXTENDED] name
  kDescribeQuery,     ///< DESCRIBE [QUERY] query
  kExplain,           ///< EXPLAIN [mode] statement: mode, inner
  kCacheTable,        ///< CACHE [LAZY] TABLE name [OPTIONS (...)] [[AS] query]
  kUncacheTable,      ///< UNCACHE TABLE [IF EXISTS] name
  kClearCache,        ///< CLEAR CACHE
  kRefreshTable,      ///< REFRESH [TABLE] name
  kCreateTable,       ///< CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name [(columns)] [USING fmt] ... [AS query]
  kInsert,            ///< INSERT INTO|OVERWRITE [TABLE] name [PARTITION (...)] [(columns)] query
  kDropTable,         ///< DROP TABLE [IF EXISTS] name
  kDescribeHistory,   ///< DESCRIBE HISTORY name [LIMIT n]: name, limit
  kDescribeDetail,    ///< DESCRIBE DETAIL name
  kRestoreTable,      ///< RESTORE [TABLE] name [TO] VERSION|TIMESTAMP AS OF ...: version_as_of / timestamp_as_of
  kOptimize,          ///< OPTIMIZE name|'path' [FULL] [WHERE pred] [ZORDER BY (cols)]: maintenance
  kVacuum,            ///< VACUUM name|'path' [RETAIN n HOURS] [DRY RUN]: maintenance
  kReorgTable,        ///< REORG TABLE name [WHERE pred] APPLY (PURGE): maintenance
  kAnalyzeTable,      ///< ANALYZE TABLE name COMPUTE [DELTA] STATISTICS [NOSCAN | FOR COLUMNS .. | FOR ALL COLUMNS]
  kAlterTableClusterBy,  ///< ALTER TABLE name CLUSTER BY (cols) | CLUSTER BY NONE: maintenance.cluster_by
  kShowTblProperties, ///< SHOW TBLPROPERTIES name [(key)]: key (empty = all)
  kAlterTableSetProperties,    ///< ALTER TABLE name SET TBLPROPERTIES (...): properties
  kAlterTableUnsetProperties,  ///< ALTER TABLE name UNSET TBLPROPERTIES [IF EXISTS] (...): properties, if_exists
  kAlterTableAddConstraint,    ///< ALTER TABLE name ADD CONSTRAINT c CHECK (expr): key = c, check_text, check
  kAlterTableDropConstraint,   ///< ALTER TABLE name DROP CONSTRAINT [IF EXISTS] c: key = c, if_exists
  kAlterTableAddColumns,       ///< ALTER TABLE name ADD COLUMN(S) ...: column_changes (path, definition, position)
  kAlterTableAlterColumn,      ///< ALTER TABLE name ALTER|CHANGE [COLUMN] c action: column_changes[0]
  kAlterTableRenameColumn,     ///< ALTER TABLE name RENAME COLUMN a TO b: column_changes[0] (path, new_name)
  kAlterTableDropColumns,      ///< ALTER TABLE name DROP COLUMN(S) [IF EXISTS] ...: column_changes (paths), if_exists
  kDelete,            ///< DELETE FROM name ...: dml (sql/dml_statement.h)
  kUpdate,            ///< UPDATE name ... SET ...: dml
  kMerge,             ///< MERGE INTO name USING ... ON ... WHEN ...: dml
};

/// A column of CREATE TABLE / a temp view's schema (type set), or of a
/// CREATE VIEW column list (type empty).
struct ColumnDefinition {
  std::string name;
  std::string type;  ///< canonical SQL text (ExpressionParser::ParseDataType); empty if not given
  bool not_null = false;
  bool has_comment = false;
  std::string comment;
  ExprPtr default_value;  ///< DEFAULT expression; null if none
  /// GENERATED ALWAYS AS (expr): the expression's source text (empty if none).
  std::string generation_expression;
  /// GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(START WITH n INCREMENT BY m)].
  bool identity = false;
  bool identity_always = true;  ///< ALWAYS (explicit values refused) or BY DEFAULT
  int64_t identity_start = 1;
  int64_t identity_step = 1;
};

/// One column change of ALTER TABLE ... ADD / ALTER / RENAME / DROP COLUMN.
struct ColumnChange {
  enum class Action {
    kAdd,             ///< ADD COLUMN: definition (name = last path part), position
    kComment,         ///< ALTER COLUMN c COMMENT '...': definition.comment
    kSetNotNull,      ///< ALTER COLUMN c SET NOT NULL
    kDropNotNull,     ///< ALTER COLUMN c DROP NOT NULL
    kType,            ///< ALTER COLUMN c TYPE t: definition.type
    kPosition,        ///< ALTER COLUMN c FIRST | AFTER x: position
    kSyncIdentity,    ///< ALTER COLUMN c SYNC IDENTITY (Delta)
    kRename,          ///< RENAME COLUMN c TO new_name
    kDrop,            ///< DROP COLUMN c
  };
  Action action = Action::kAdd;
  std::vector<std::string> path;  ///< the column (struct fields as further parts)
  ColumnDefinition definition;
  std::string position;           ///< "", "FIRST" or "AFTER"
  std::string after;              ///< AFTER's column (a sibling of the changed field)
  std::string new_name;           ///< RENAME
};

/// The clauses of the table maintenance statements and of liquid clustering
/// (sql/maintenance_parser.cc).
struct MaintenanceClauses {
  /// OPTIMIZE / REORG ... WHERE pred: the predicate and its source text.
  ExprPtr where;
  std::string where_text;
  std::vector<std::string> zorder_by;  ///< OPTIMIZE ... ZORDER BY (dotted names joined with '.')
  bool full = false;                   ///< OPTIMIZE t FULL (recluster everything)
  std::string retain_hours;            ///< VACUUM ... RETAIN n HOURS: n's text; empty when absent
  bool dry_run = false;                ///< VACUUM ... DRY RUN
  bool noscan = false;                 ///< ANALYZE ... NOSCAN
  bool all_columns = false;            ///< ANALYZE ... FOR ALL COLUMNS
  std::vector<std::string> columns;    ///< ANALYZE ... FOR COLUMNS a, b
  bool delta_statistics = false;       ///< ANALYZE ... COMPUTE DELTA STATISTICS
  /// CREATE TABLE ... CLUSTER BY (cols) / ALTER TABLE ... CLUSTER BY (cols) | NONE
  /// (has_cluster_by with no columns is NONE).
  bool has_cluster_by = false;
  std::vector<std::string> cluster_by;
};

/// key = value of OPTIONS (...) / TBLPROPERTIES (...). Keys are dotted names
/// or strings; values are the literal's text (strings unescaped), or empty
/// with has_value false for a key alone (TBLPROPERTIES (k)).
struct Property {
  std::string key;
  std::string value;
  bool has_value = true;
};

/// One key of a PARTITION (k = v, k2) spec; value null when not given.
struct PartitionValue {
  std::string column;
  ExprPtr value;
};

struct DmlStatement;

struct Statement {
  StatementKind kind = StatementKind::kQuery;
  SourcePos pos;  ///< the first token of the statement

  /// kQuery; the query of CREATE VIEW / CREATE TABLE AS / CACHE TABLE AS /
  /// DESCRIBE QUERY / INSERT (null where absent).
  std::shared_ptr<Query> query;
  /// kExplain: the explained statement.
  std::shared_ptr<Statement> inner;

  /// The object named by the statement: table / view / function / namespace
  /// (name parts; USE and SHOW COLUMNS too).
  std::vector<std::string> name;

  // kSet / kReset
  std::string key;    ///< backquotes removed; kSet without key lists all
  std::string value;  ///< raw text after '=' (trimmed; backquotes of a `quoted` value removed)
  bool has_value = false;
  bool verbose = false;  ///< SET -v

  /// kUse: CATALOG / SCHEMA / DATABASE / NAMESPACE, or empty.
  /// kShowFunctions: USER / SYSTEM / ALL or empty.
  /// kExplain: EXTENDED / FORMATTED / COST / CODEGEN / ANALYZE / LOGICAL or empty.
  std::string mode;

  // CREATE / DROP flags
  bool or_replace = false;
  bool global = false;
  bool temporary = false;
  bool if_not_exists = false;
  bool if_exists = false;  ///< DROP VIEW/TABLE IF EXISTS, UNCACHE TABLE IF EXISTS

  /// kCreateView: column list (names and comments); kCreateTable and a temp view USING: schema.
  std::vector<ColumnDefinition> columns;
  bool has_comment = false;
  std::string comment;                ///< COMMENT '...'
  std::vector<Property> properties;   ///< TBLPROPERTIES (...)
  std::string format;                 ///< USING format (dotted names joined with '.')
  std::vector<Property> options;      ///< OPTIONS (...)
  std::vector<std::string> partitioned_by;  ///< PARTITIONED BY (...)
  std::vector<std::string> clustered_by;    ///< CLUSTERED BY (...)
  std::vector<std::string> sorted_by;       ///< SORTED BY (...) (" DESC" appended when descending)
  int64_t buckets = 0;                      ///< INTO n BUCKETS
  bool has_location = false;
  std::string location;

  // SHOW
  std::vector<std::string> in_namespace;  ///< IN|FROM ns (SHOW TABLES/VIEWS/FUNCTIONS/COLUMNS/DATABASES)
  bool has_pattern = false;
  std::string pattern;  ///< LIKE 'pattern' (or a legacy bare name for SHOW FUNCTIONS)

  // DESCRIBE
  bool extended = false;   ///< EXTENDED (also DESCRIBE FUNCTION EXTENDED)
  bool formatted = false;  ///< FORMATTED
  std::vector<std::string> column;  ///< DESCRIBE table column (name parts)
  std::vector<PartitionValue> partition;  ///< DESCRIBE / INSERT ... PARTITION (...)

  // CACHE
  bool lazy = false;

  // INSERT
  bool overwrite = false;
  std::vector<std::string> insert_columns;
  /// INSERT INTO t REPLACE WHERE pred query: the predicate and its source text.
  ExprPtr replace_where;
  std::string replace_where_text;

  // DESCRIBE HISTORY ... LIMIT n (-1: none)
  int64_t limit = -1;
  // RESTORE: VERSION AS OF (digits) or TIMESTAMP AS OF expr
  std::string version_as_of;
  ExprPtr timestamp_as_of;
  // OPTIMIZE / VACUUM / REORG / ANALYZE, CLUSTER BY
  MaintenanceClauses maintenance;
  // ADD CONSTRAINT ... CHECK (expr): the expression and its source text
  ExprPtr check;
  std::string check_text;
  // ALTER TABLE ... ADD / ALTER / RENAME / DROP COLUMN(S)
  std::vector<ColumnChange> column_changes;
  // kDelete / kUpdate / kMerge (name is the target too)
  std::shared_ptr<DmlStatement> dml;
};

/// Prints a statement as SQL that parses back to the same statement.
std::string ToString(const Statement& statement);
/// ToString of the maintenance statements and the CLUSTER BY clause (maintenance_parser.cc).
std::string MaintenanceToString(const Statement& statement);
std::string ClusterByToString(const MaintenanceClauses& clauses);

/// One statement of a script, as split by Parser::SplitStatements.
struct ScriptStatement {
  std::string text;  ///< from its first token to its last, without the ';'
  int line = 1;      ///< 1-based line of text[0] in the script
  int column = 1;    ///< 1-based column (bytes) of text[0]
  size_t offset = 0; ///< byte offset of text[0] in the script
};

}  // namespace tarn::sql
