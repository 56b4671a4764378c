#include "formats/csv/csv_writer.h"

#include "formats/json/row_json.h"
#include "formats/text/value_text.h"

namespace tarn {

void CsvWriter::AppendField(std::string_view text, std::string* out) const {
  bool quote = text.empty() || text.find_first_of(std::string{options_.delimiter, '"', '\r', '\n'}) !=
                                   std::string_view::npos;
  if (!quote) {
    out->append(text);
    return;
  }
  out->push_back('"');
  for (char c : text) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
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
  std::string text;
  for (size_t c = 0; c < batch.num_columns(); ++c) {
    if (c != 0) out->push_back(options_.delimiter);
    const Vector& column = batch.column(c);
    if (column.IsNull(row)) continue;  // NULL: empty, unquoted field
    text.clear();
    if (column.type().is_nested()) {
      AppendValueJson(column, row, &text);
    } else {
      AppendSparkText(column, row, &text, kTextOptions);
    }
    AppendField(text, out);
  }
  out->append(options_.line_separator);
}

void CsvWriter::AppendRows(const Batch& batch, std::string* out) const {
  for (size_t row = 0; row < batch.num_rows(); ++row) AppendRow(batch, row, out);
}

}  // namespace tarn
