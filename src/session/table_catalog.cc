#include "session/table_catalog.h"

#include <algorithm>
#include <filesystem>

#include "common/error.h"
#include "common/strings.h"

namespace tarn {
namespace {

constexpr const char* kExternalDir = "_tarn_external";

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

class WarehouseCatalog : public TableCatalog {
 public:
  WarehouseCatalog(std::shared_ptr<FileSystem> fs, std::string dir) : fs_(std::move(fs)), dir_(std::move(dir)) {}

  TableIdentifier Identify(const std::vector<std::string>& name) const override {
    TableIdentifier ident;
    if (name.empty() || name.size() > 3) {
      ThrowError(ErrorClass::kTableOrViewNotFound, {{"relationName", "`" + (name.empty() ? "" : name.back()) + "`"}});
    }
    ident.table = AsciiLower(name.back());
    if (name.size() >= 2) ident.schema = AsciiLower(name[name.size() - 2]);
    if (name.size() == 3) ident.catalog = AsciiLower(name[0]);
    if (ident.catalog != "spark_catalog" || ident.schema != "default") {
      ThrowError(ErrorClass::kSchemaNotFound,
                 {{"schemaName", "`" + (name.size() == 3 ? name[0] + "`.`" : std::string()) + name[name.size() - 2] + "`"}});
    }
    return ident;
  }

  std::optional<CatalogTable> Lookup(const TableIdentifier& ident) const override {
    Result<std::string> external = fs_->ReadFile(ExternalMarker(ident));
    if (external.ok()) return CatalogTable{ident, *external, false};
    const std::string location = ManagedLocation(ident);
    if (HasDeltaLog(*fs_, location)) return CatalogTable{ident, location, true};
    return std::nullopt;
  }

  std::string ManagedLocation(const TableIdentifier& ident) const override { return dir_ + "/" + ident.table; }

  CatalogTable Register(const TableIdentifier& ident, const std::string& location) override {
    if (location.empty()) return CatalogTable{ident, ManagedLocation(ident), true};
    ThrowIfError(fs_->WriteFile(ExternalMarker(ident), location));
    return CatalogTable{ident, location, false};
  }

  void Drop(const CatalogTable& table) override {
    if (table.managed) {
      DeleteRecursively(*fs_, table.location);
    } else {
      (void)fs_->Delete(ExternalMarker(table.ident));
    }
  }

  std::vector<std::string> ListTables(const std::string& schema) const override {
    std::vector<std::string> names;
    if (AsciiLower(schema) != "default") return names;
    Result<std::vector<FileInfo>> entries = fs_->List(dir_);
    if (entries.ok()) {
      for (const FileInfo& e : *entries) {
        if (e.is_directory && HasDeltaLog(*fs_, e.path)) names.push_back(BaseName(e.path));
      }
    }
    Result<std::vector<FileInfo>> external = fs_->List(dir_ + "/" + kExternalDir);
    if (external.ok()) {
      for (const FileInfo& e : *external) names.push_back(BaseName(e.path));
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
  }

 private:
  std::string ExternalMarker(const TableIdentifier& ident) const {
    return dir_ + "/" + kExternalDir + "/" + ident.table;
  }
  std::shared_ptr<FileSystem> fs_;
  std::string dir_;
};

}  // namespace

std::string TableIdentifier::Quoted() const { return "`" + catalog + "`.`" + schema + "`.`" + table + "`"; }

std::unique_ptr<TableCatalog> MakeWarehouseCatalog(std::shared_ptr<FileSystem> fs, const std::string& warehouse_dir) {
  std::string dir = warehouse_dir;
  if (dir.rfind("file:", 0) == 0) dir = dir.substr(5);
  if (!dir.empty() && dir[0] != '/') dir = std::filesystem::absolute(dir).lexically_normal().string();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return std::make_unique<WarehouseCatalog>(std::move(fs), std::move(dir));
}

bool HasDeltaLog(FileSystem& fs, const std::string& location) {
  Result<std::vector<FileInfo>> entries = fs.List(location + "/_delta_log");
  if (!entries.ok()) return false;
  for (const FileInfo& e : *entries) {
    const std::string name = BaseName(e.path);
    if (name.size() > 21 && name[20] == '.' && name.find_first_not_of("0123456789") == 20 &&
        (name.compare(21, std::string::npos, "json") == 0 || name.compare(21, 10, "checkpoint") == 0)) {
      return true;
    }
  }
  return false;
}

void DeleteRecursively(FileSystem& fs, const std::string& path) {
  Result<std::vector<FileInfo>> entries = fs.List(path);
  if (entries.ok()) {
    for (const FileInfo& e : *entries) {
      if (e.is_directory) {
        DeleteRecursively(fs, e.path);
      } else {
        (void)fs.Delete(e.path);
      }
    }
  }
  (void)fs.Delete(path);
}

}  // namespace tarn
