#include "formats/text/result_writer.h"

#include <string>

#include "common/check.h"
#include "common/strings.h"
#include "formats/csv/csv_writer.h"
#include "formats/json/row_json.h"

namespace tarn {
namespace {

// CSV and JSON text is handed to the sink about every kFlushBytes, so a batch
// of large values is never held twice over.
constexpr size_t kFlushBytes = 1 << 20;

/// Appends each row's text with `append_row`, handing it to `sink` in chunks.
template <typename AppendRow>
void WriteRows(const Batch& batch, const TextSink& sink, AppendRow append_row) {
  std::string text;
  for (size_t row = 0; row < batch.num_rows(); ++row) {
    append_row(row, &text);
    if (text.size() >= kFlushBytes) {
      sink(text);
      text.clear();
    }
  }
  if (!text.empty()) sink(text);
}

class TableResultWriter final : public ResultWriter {
 public:
  TableResultWriter(TextSink sink, ResultWriterOptions options) : sink_(std::move(sink)), options_(options) {}

  void Begin(const Schema& schema) override {
    if (result_sets_++ > 0) sink_("\n");
    printer_.emplace(schema, options_.table);
    rows_seen_ = 0;
  }

  void Write(const Batch& batch) override {
    TARN_CHECK(printer_.has_value(), "Write before Begin");
    size_t shown = printer_->num_rows();
    if (shown < options_.max_table_rows) {
      printer_->AddRows(batch, 0, std::min(batch.num_rows(), options_.max_table_rows - shown));
    }
    rows_seen_ += batch.num_rows();
  }

  bool wants_more() const override { return !printer_ || rows_seen_ < options_.max_table_rows + 1; }

  void End(std::optional<int64_t> total_rows) override {
    TARN_CHECK(printer_.has_value(), "End before Begin");
    size_t shown = printer_->num_rows();
    std::string footer;
    if (total_rows && *total_rows >= 0 && static_cast<size_t>(*total_rows) > shown) {
      footer = RowCountText(static_cast<size_t>(*total_rows)) + " (" + std::to_string(shown) + " shown)";
    } else if (rows_seen_ > shown) {
      // The producer stopped when the table was full: the total is unknown.
      footer = "more than " + RowCountText(shown) + " (" + std::to_string(shown) + " shown)";
    } else {
      footer = RowCountText(shown);
    }
    sink_(printer_->Render(footer));
    printer_.reset();
  }

 private:
  TextSink sink_;
  ResultWriterOptions options_;
  std::optional<TablePrinter> printer_;
  size_t rows_seen_ = 0;
  int result_sets_ = 0;
};

class CsvResultWriter final : public ResultWriter {
 public:
  explicit CsvResultWriter(TextSink sink) : sink_(std::move(sink)) {}

  void Begin(const Schema& schema) override {
    std::string text;
    if (result_sets_++ > 0) text = "\n";
    writer_.AppendHeader(schema, &text);
    sink_(text);
  }
  void Write(const Batch& batch) override {
    WriteRows(batch, sink_, [&](size_t row, std::string* text) { writer_.AppendRow(batch, row, text); });
  }
  void End(std::optional<int64_t>) override {}

 private:
  TextSink sink_;
  CsvWriter writer_;
  int result_sets_ = 0;
};

class JsonResultWriter final : public ResultWriter {
 public:
  explicit JsonResultWriter(TextSink sink) : sink_(std::move(sink)) {}

  void Begin(const Schema&) override {}
  void Write(const Batch& batch) override {
    WriteRows(batch, sink_, [&](size_t row, std::string* text) {
      AppendRowJson(batch, row, text);
      text->push_back('\n');
    });
  }
  void End(std::optional<int64_t>) override {}

 private:
  TextSink sink_;
};


}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (EqualsIgnoreCase(name, "table")) return OutputFormat::kTable;
  if (EqualsIgnoreCase(name, "csv")) return OutputFormat::kCsv;
  if (EqualsIgnoreCase(name, "json")) return OutputFormat::kJson;
  return std::nullopt;
}

std::unique_ptr<ResultWriter> ResultWriter::Make(OutputFormat format, TextSink sink, ResultWriterOptions options) {
  switch (format) {
    case OutputFormat::kTable: return std::make_unique<TableResultWriter>(std::move(sink), options);
    case OutputFormat::kCsv: return std::make_unique<CsvResultWriter>(std::move(sink));
    case OutputFormat::kJson: return std::make_unique<JsonResultWriter>(std::move(sink));
  }
  return nullptr;
}

}  // namespace tarn
