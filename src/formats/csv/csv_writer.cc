#include "formats/csv/csv_writer.h"

#include "formats/json/row_json.h"
#include "columnar/value_text.h"

namespace tarn {

namespace {

bool NeedsQuotes(std::string_view text, char delimiter) {
  if (text.empty()) return true;
  for (char c : text) {
    if (c == delimiter || c == '"' || c == '\r' || c == '\n') return true;
  }
  return false;
}

void AppendQuoted(std::string_view text, std::string* out) {
  out->push_back('"');
  for (char c : text) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace

void CsvWriter::AppendField(std::string_view text, std::string* out) const {
  if (NeedsQuotes(text, options_.delimiter)) {
    AppendQuoted(text, out);
  } else {
    out->append(text);
  }
}

void CsvWriter::AppendHeader(const Schema& schema, std::string* out) const {
  if (!options_.header) return;
  for (size_t c = 0; c < schema.size(); ++c) {
    if (c != 0) out->push_back(options_.delimiter);
    AppendField(schema[c].name, out);
  }
  out->append(options_.line_separator);
}

void CsvWriter::AppendRow(const Batch& batch, size_t row, std::string* out) const {
  static const SparkTextOptions kTextOptions{.null_text = "null",
                                             .binary_style = SparkTextOptions::BinaryStyle::kHex};
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    if (c != 0) out->push_back(options_.delimiter);
    const Vector& column = batch.column(c);
    if (column.IsNull(row)) continue;  // NULL: empty, unquoted field
    // Render in place (values can be large) and quote afterwards if needed.
    const size_t start = out->size();
    if (column.type().is_nested()) {
      AppendValueJson(column, row, out);
    } else {
      AppendSparkText(column, row, out, kTextOptions);
    }
    std::string_view text = std::string_view(*out).substr(start);
    if (NeedsQuotes(text, options_.delimiter)) {
      std::string quoted;
      quoted.reserve(text.size() + 2);
      AppendQuoted(text, &quoted);
      out->replace(start, std::string::npos, quoted);
    }
  }
  out->append(options_.line_separator);
}

void CsvWriter::AppendRows(const Batch& batch, std::string* out) const {
  for (size_t row = 0; row < batch.num_rows(); ++row) AppendRow(batch, row, out);
}

}  // namespace tarn
