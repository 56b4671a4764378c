// An aligned text table in the style of DuckDB's and psql's box output:
//
//   ┌───────┬────────┐
//   │ id    │ name   │
//   │ int   │ string │
//   ├───────┼────────┤
//   │     1 │ a      │
//   │  NULL │ b      │
//   └───────┴────────┘
//   2 rows
//
// Numbers are right-aligned, everything else left-aligned. Cells are made
// printable (control characters become \n, \t, \x1b…; invalid UTF-8 becomes
// U+FFFD) and cut to max_column_width terminal columns with "…".
//
// Thread safety: a TablePrinter is used by one thread at a time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/batch.h"
#include "types/data_type.h"

namespace tarn {

struct TableOptions {
  /// Widest cell, in terminal columns (at least 2); longer cells end in "…".
  size_t max_column_width = 40;
  /// A second header line with each column's type.
  bool show_types = true;
  /// +-| borders instead of box-drawing characters.
  bool ascii = false;
};

class TablePrinter {
 public:
  enum class Align : uint8_t { kLeft, kRight };
  struct Column {
    std::string name;
    std::string type;  ///< shown when options.show_types
    Align align = Align::kLeft;
  };

  TablePrinter(std::vector<Column> columns, TableOptions options = {});
  /// Columns named and typed from a schema; numeric columns right-aligned.
  explicit TablePrinter(const Schema& schema, TableOptions options = {});

  size_t num_columns() const { return columns_.size(); }
  size_t num_rows() const { return rows_.size(); }

  /// Adds a row of raw cell texts (one per column); they are made printable here.
  void AddRow(const std::vector<std::string>& cells);
  /// Adds rows [begin, end) of `batch` as Spark's show() prints them (NULL for nulls).
  void AddRows(const Batch& batch, size_t begin, size_t end);

  /// The table, followed by `footer` on its own line when not empty.
  std::string Render(std::string_view footer = {}) const;

 private:
  std::string Printable(std::string_view text) const;

  std::vector<Column> columns_;
  TableOptions options_;
  std::vector<std::vector<std::string>> rows_;  ///< printable, truncated cells
};

/// "1 row", "5 rows".
std::string RowCountText(size_t rows);

}  // namespace tarn
