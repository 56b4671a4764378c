#include "sql/statement.h"

#include "sql/dml_statement.h"

namespace tarn::sql {
namespace {

std::string Name(const std::vector<std::string>& parts) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + QuoteIdentifier(parts[i]);
  return out;
}

std::string Properties(const std::vector<Property>& properties) {
  std::string out = "(";
  for (size_t i = 0; i < properties.size(); ++i) {
    out += (i ? ", " : "") + QuoteString(properties[i].key);
    if (properties[i].has_value) out += " = " + QuoteString(properties[i].value);
  }
  return out + ")";
}

std::string Columns(const std::vector<ColumnDefinition>& columns) {
  std::string out = "(";
  for (size_t i = 0; i < columns.size(); ++i) {
    const ColumnDefinition& c = columns[i];
    out += (i ? ", " : "") + QuoteIdentifier(c.name);
    if (!c.type.empty()) out += " " + c.type;
    if (c.not_null) out += " NOT NULL";
    if (c.default_value) out += " DEFAULT " + ToString(*c.default_value);
    if (c.has_comment) out += " COMMENT " + QuoteString(c.comment);
  }
  return out + ")";
}

std::string Partition(const std::vector<PartitionValue>& spec) {
  std::string out = " PARTITION (";
  for (size_t i = 0; i < spec.size(); ++i) {
    out += (i ? ", " : "") + QuoteIdentifier(spec[i].column);
    if (spec[i].value) out += " = " + ToString(*spec[i].value);
  }
  return out + ")";
}

std::string InAndPattern(const Statement& s) {
  std::string out;
  if (!s.in_namespace.empty()) out += " IN " + Name(s.in_namespace);
  if (s.has_pattern) out += " LIKE " + QuoteString(s.pattern);
  return out;
}

// Keys and values of SET are raw text; print them as written when they are
// plain, else backquoted.
std::string ConfigText(const std::string& text) {
  bool plain = !text.empty();
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
          c == ':')) {
      plain = false;
    }
  }
  if (plain) return text;
  std::string out = "`";
  for (char c : text) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

}  // namespace

std::string ToString(const Statement& s) {
  switch (s.kind) {
    case StatementKind::kQuery: return ToString(*s.query);
    case StatementKind::kSet:
      if (s.verbose) return "SET -v";
      if (s.key.empty()) return "SET";
      return "SET " + ConfigText(s.key) + (s.has_value ? " = " + s.value : "");
    case StatementKind::kReset: return s.key.empty() ? "RESET" : "RESET " + ConfigText(s.key);
    case StatementKind::kUse: return "USE " + (s.mode.empty() ? "" : s.mode + " ") + Name(s.name);
    case StatementKind::kCreateView: {
      std::string out = "CREATE ";
      if (s.or_replace) out += "OR REPLACE ";
      if (s.global) out += "GLOBAL ";
      if (s.temporary) out += "TEMPORARY ";
      out += "VIEW ";
      if (s.if_not_exists) out += "IF NOT EXISTS ";
      out += Name(s.name);
      if (!s.columns.empty()) out += " " + Columns(s.columns);
      if (!s.format.empty()) {
        out += " USING " + s.format;
        if (!s.options.empty()) out += " OPTIONS " + Properties(s.options);
        return out;
      }
      if (s.has_comment) out += " COMMENT " + QuoteString(s.comment);
      if (!s.properties.empty()) out += " TBLPROPERTIES " + Properties(s.properties);
      return out + " AS " + ToString(*s.query);
    }
    case StatementKind::kDropView: return std::string("DROP VIEW ") + (s.if_exists ? "IF EXISTS " : "") + Name(s.name);
    case StatementKind::kDropTable:
      return std::string("DROP TABLE ") + (s.if_exists ? "IF EXISTS " : "") + Name(s.name);
    case StatementKind::kShowFunctions:
      return "SHOW " + (s.mode.empty() ? "" : s.mode + " ") + "FUNCTIONS" + InAndPattern(s);
    case StatementKind::kShowViews: return "SHOW VIEWS" + InAndPattern(s);
    case StatementKind::kShowTables: return "SHOW TABLES" + InAndPattern(s);
    case StatementKind::kShowColumns: {
      std::string out = "SHOW COLUMNS IN " + Name(s.name);
      if (!s.in_namespace.empty()) out += " IN " + Name(s.in_namespace);
      return out;
    }
    case StatementKind::kShowDatabases: return "SHOW DATABASES" + InAndPattern(s);
    case StatementKind::kDescribeTable: {
      std::string out = "DESCRIBE TABLE ";
      if (s.extended) out += "EXTENDED ";
      if (s.formatted) out += "FORMATTED ";
      out += Name(s.name);
      if (!s.partition.empty()) out += Partition(s.partition);
      if (!s.column.empty()) out += " " + Name(s.column);
      return out;
    }
    case StatementKind::kDescribeFunction:
      return std::string("DESCRIBE FUNCTION ") + (s.extended ? "EXTENDED " : "") +
             (s.name.size() == 1 ? QuoteString(s.name[0]) : Name(s.name));
    case StatementKind::kDescribeQuery: return "DESCRIBE QUERY " + ToString(*s.query);
    case StatementKind::kExplain: return "EXPLAIN " + (s.mode.empty() ? "" : s.mode + " ") + ToString(*s.inner);
    case StatementKind::kCacheTable: {
      std::string out = std::string("CACHE ") + (s.lazy ? "LAZY " : "") + "TABLE " + Name(s.name);
      if (!s.options.empty()) out += " OPTIONS " + Properties(s.options);
      if (s.query) out += " AS " + ToString(*s.query);
      return out;
    }
    case StatementKind::kUncacheTable:
      return std::string("UNCACHE TABLE ") + (s.if_exists ? "IF EXISTS " : "") + Name(s.name);
    case StatementKind::kClearCache: return "CLEAR CACHE";
    case StatementKind::kRefreshTable: return "REFRESH TABLE " + Name(s.name);
    case StatementKind::kCreateTable: {
      std::string out = "CREATE ";
      if (s.or_replace) out += "OR REPLACE ";
      out += "TABLE ";
      if (s.if_not_exists) out += "IF NOT EXISTS ";
      out += Name(s.name);
      // Partition columns with a type were appended to the schema; print them
      // in the column list and by name in PARTITIONED BY.
      if (!s.columns.empty()) out += " " + Columns(s.columns);
      if (!s.format.empty()) out += " USING " + s.format;
      if (!s.options.empty()) out += " OPTIONS " + Properties(s.options);
      if (!s.partitioned_by.empty()) {
        out += " PARTITIONED BY (";
        for (size_t i = 0; i < s.partitioned_by.size(); ++i) {
          const std::string& p = s.partitioned_by[i];
          out += (i ? ", " : "") + (p.find('(') == std::string::npos ? QuoteIdentifier(p) : p);
        }
        out += ")";
      }
      if (!s.clustered_by.empty()) {
        std::string sorted;
        for (size_t i = 0; i < s.sorted_by.size(); ++i) {
          std::string name = s.sorted_by[i];
          const bool desc = name.size() > 5 && name.compare(name.size() - 5, 5, " DESC") == 0;
          if (desc) name.resize(name.size() - 5);
          sorted += (i ? ", " : "") + QuoteIdentifier(name) + (desc ? " DESC" : "");
        }
        out += " CLUSTERED BY (";
        for (size_t i = 0; i < s.clustered_by.size(); ++i) out += (i ? ", " : "") + QuoteIdentifier(s.clustered_by[i]);
        out += ")";
        if (!sorted.empty()) out += " SORTED BY (" + sorted + ")";
        out += " INTO " + std::to_string(s.buckets) + " BUCKETS";
      }
      out += ClusterByToString(s.maintenance);
      if (s.has_location) out += " LOCATION " + QuoteString(s.location);
      if (s.has_comment) out += " COMMENT " + QuoteString(s.comment);
      if (!s.properties.empty()) out += " TBLPROPERTIES " + Properties(s.properties);
      if (s.query) out += " AS " + ToString(*s.query);
      return out;
    }
    case StatementKind::kInsert: {
      std::string out = std::string("INSERT ") + (s.overwrite ? "OVERWRITE" : "INTO") + " TABLE " + Name(s.name);
      if (!s.partition.empty()) out += Partition(s.partition);
      if (s.if_not_exists) out += " IF NOT EXISTS";
      if (!s.insert_columns.empty()) {
        out += " (";
        for (size_t i = 0; i < s.insert_columns.size(); ++i) out += (i ? ", " : "") + QuoteIdentifier(s.insert_columns[i]);
        out += ")";
      }
      if (s.replace_where) out += " REPLACE WHERE " + ToString(*s.replace_where);
      return out + " " + ToString(*s.query);
    }
    case StatementKind::kDescribeHistory:
      return "DESCRIBE HISTORY " + Name(s.name) + (s.limit >= 0 ? " LIMIT " + std::to_string(s.limit) : "");
    case StatementKind::kDescribeDetail: return "DESCRIBE DETAIL " + Name(s.name);
    case StatementKind::kOptimize:
    case StatementKind::kVacuum:
    case StatementKind::kReorgTable:
    case StatementKind::kAnalyzeTable:
    case StatementKind::kAlterTableClusterBy: return MaintenanceToString(s);
    case StatementKind::kRestoreTable:
      return "RESTORE TABLE " + Name(s.name) + " TO " +
             (s.timestamp_as_of ? "TIMESTAMP AS OF " + ToString(*s.timestamp_as_of) : "VERSION AS OF " + s.version_as_of);
    case StatementKind::kShowTblProperties:
      return "SHOW TBLPROPERTIES " + Name(s.name) + (s.key.empty() ? "" : " (" + QuoteString(s.key) + ")");
    case StatementKind::kAlterTableSetProperties:
      return "ALTER TABLE " + Name(s.name) + " SET TBLPROPERTIES " + Properties(s.properties);
    case StatementKind::kAlterTableUnsetProperties:
      return "ALTER TABLE " + Name(s.name) + " UNSET TBLPROPERTIES " + (s.if_exists ? "IF EXISTS " : "") +
             Properties(s.properties);
    case StatementKind::kAlterTableAddConstraint:
      return "ALTER TABLE " + Name(s.name) + " ADD CONSTRAINT " + QuoteIdentifier(s.key) + " CHECK (" +
             ToString(*s.check) + ")";
    case StatementKind::kAlterTableDropConstraint:
      return "ALTER TABLE " + Name(s.name) + " DROP CONSTRAINT " + (s.if_exists ? "IF EXISTS " : "") +
             QuoteIdentifier(s.key);
    case StatementKind::kDelete:
    case StatementKind::kUpdate:
    case StatementKind::kMerge: return DmlStatementToString(s);
  }
  return "?";
}

}  // namespace tarn::sql
