// TableCatalog: what a session asks about tables by name — where a table
// lives, which tables a schema holds — so that SQL statements never see how
// names are stored. The catalog issue replaces the implementation; the
// statements keep talking to this interface.
//
// WarehouseCatalog is the stand-in until then, Spark's local warehouse
// without a metastore: the one schema `default` (of catalog
// `spark_catalog`) holds managed Delta tables at `<warehouse>/<table>`
// (`spark.sql.warehouse.dir`, default `spark-warehouse` under the working
// directory, as Spark does), and tables created with a LOCATION are
// recorded in `<warehouse>/_tarn_external/<table>` (a file holding the
// location). Names are case-insensitive and stored lower-case.
//
// Thread safety: the file system is the state; concurrent sessions see each
// other's tables.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/file_system.h"

namespace tarn {

struct TableIdentifier {
  std::string catalog = "spark_catalog";
  std::string schema = "default";
  std::string table;
  /// `spark_catalog`.`default`.`t`, as Spark names tables in messages.
  std::string Quoted() const;
};

struct CatalogTable {
  TableIdentifier ident;
  std::string location;
  bool managed = true;
};

class TableCatalog {
 public:
  virtual ~TableCatalog() = default;
  /// The identifier of a 1–3 part name; SCHEMA_NOT_FOUND for a schema or
  /// catalog the catalog does not have.
  virtual TableIdentifier Identify(const std::vector<std::string>& name) const = 0;
  virtual std::optional<CatalogTable> Lookup(const TableIdentifier& ident) const = 0;
  /// Where a managed table of that name lives.
  virtual std::string ManagedLocation(const TableIdentifier& ident) const = 0;
  /// Records a table (managed when `location` is empty).
  virtual CatalogTable Register(const TableIdentifier& ident, const std::string& location) = 0;
  /// Forgets a table; a managed table's files are deleted.
  virtual void Drop(const CatalogTable& table) = 0;
  /// Table names of a schema, sorted.
  virtual std::vector<std::string> ListTables(const std::string& schema) const = 0;
};

std::unique_ptr<TableCatalog> MakeWarehouseCatalog(std::shared_ptr<FileSystem> fs, const std::string& warehouse_dir);

/// Whether `location` holds a Delta table: a `_delta_log` with at least one
/// commit or checkpoint (a log left empty by a crashed first commit is not one).
bool HasDeltaLog(FileSystem& fs, const std::string& location);

/// Deletes a directory tree through the FileSystem.
void DeleteRecursively(FileSystem& fs, const std::string& path);

}  // namespace tarn
