// BatchBuilder: builds small Batches row by row from plain C++ values, for
// command output that is not read from a table (file facts, metadata).
// Columns are BIGINT, STRING or ARRAY<STRING>; a cell may be null.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "columnar/batch.h"
#include "types/data_type.h"

namespace tarn::cli {

/// A nullable field (spelled out: Field has more members than name and type).
inline Field Column(std::string name, DataType type) {
  Field field;
  field.name = std::move(name);
  field.type = std::move(type);
  return field;
}

class BatchBuilder {
 public:
  using Cell = std::variant<std::monostate, int64_t, std::string, std::vector<std::string>>;

  /// Field types must be Long(), String() or Array(String()).
  explicit BatchBuilder(Schema schema) : schema_(std::move(schema)) {}

  /// One cell per field.
  void AddRow(std::vector<Cell> cells);
  size_t num_rows() const { return rows_.size(); }

  static Cell Optional(const std::optional<int64_t>& value) { return value ? Cell(*value) : Cell(); }
  static Cell Optional(const std::optional<std::string>& value) { return value ? Cell(*value) : Cell(); }

  Batch Build() const;

 private:
  Schema schema_;
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace tarn::cli
