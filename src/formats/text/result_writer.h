// ResultWriter: the one way tarn's front ends print result rows, in the
// format the user picked:
//   table  an aligned box table (table_printer.h), at most max_table_rows rows,
//          with a row-count footer;
//   csv    RFC 4180 with a header (formats/csv/csv_writer.h);
//   json   one canonical JSON object per line (formats/json/row_json.h).
//
// A writer prints one or more result sets: Begin(schema), Write(batch)…,
// End(). Text goes to a sink as it is produced (per batch for csv/json; the
// table at End, since column widths depend on every row).
//
// Thread safety: one writer per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "columnar/batch.h"
#include "formats/text/table_printer.h"
#include "types/data_type.h"

namespace tarn {

enum class OutputFormat : uint8_t { kTable, kCsv, kJson };

/// "table", "csv", "json" (case-insensitive); nullopt otherwise.
std::optional<OutputFormat> ParseOutputFormat(std::string_view name);

/// Receives the writer's text.
using TextSink = std::function<void(std::string_view)>;

struct ResultWriterOptions {
  TableOptions table;
  /// Rows a table shows; later rows are counted, not shown.
  size_t max_table_rows = 100;
};

class ResultWriter {
 public:
  static std::unique_ptr<ResultWriter> Make(OutputFormat format, TextSink sink, ResultWriterOptions options = {});
  virtual ~ResultWriter() = default;

  /// Starts a result set (a blank line separates it from the previous one in
  /// table and csv output).
  virtual void Begin(const Schema& schema) = 0;
  virtual void Write(const Batch& batch) = 0;
  /// False once more rows would not be shown (a full table): producers may stop.
  virtual bool wants_more() const { return true; }
  /// Ends the result set. `total_rows`, when the producer knows it, lets a
  /// table that stopped early say how many rows there were.
  virtual void End(std::optional<int64_t> total_rows = std::nullopt) = 0;
};

}  // namespace tarn
