#include "formats/text/table_printer.h"

#include <algorithm>
#include <cstdio>

#include "common/utf8.h"
#include "columnar/value_text.h"

namespace tarn {
namespace {

struct Border {
  const char* horizontal;
  const char* vertical;
  const char* top[3];     // left, middle, right
  const char* middle[3];
  const char* bottom[3];
};

constexpr Border kBoxBorder{"─", "│", {"┌", "┬", "┐"}, {"├", "┼", "┤"}, {"└", "┴", "┘"}};
constexpr Border kAsciiBorder{"-", "|", {"+", "+", "+"}, {"+", "+", "+"}, {"+", "+", "+"}};

constexpr std::string_view kEllipsis = "…";

bool IsNumeric(const DataType& type) { return type.is_numeric(); }

void AppendRule(const std::vector<size_t>& widths, const Border& border, const char* const (&corners)[3],
                std::string* out) {
  out->append(corners[0]);
  for (size_t c = 0; c < widths.size(); ++c) {
    if (c != 0) out->append(corners[1]);
    for (size_t i = 0; i < widths[c] + 2; ++i) out->append(border.horizontal);
  }
  out->append(corners[2]);
  out->push_back('\n');
}

void AppendCell(std::string_view text, size_t width, TablePrinter::Align align, std::string* out) {
  size_t padding = width - std::min(width, DisplayWidth(text));
  out->push_back(' ');
  if (align == TablePrinter::Align::kRight) out->append(padding, ' ');
  out->append(text);
  if (align == TablePrinter::Align::kLeft) out->append(padding, ' ');
  out->push_back(' ');
}

}  // namespace

TablePrinter::TablePrinter(std::vector<Column> columns, TableOptions options)
    : columns_(std::move(columns)), options_(options) {
  options_.max_column_width = std::max<size_t>(options_.max_column_width, 2);
  for (Column& column : columns_) {
    column.name = Printable(column.name);
    column.type = Printable(column.type);
  }
}

TablePrinter::TablePrinter(const Schema& schema, TableOptions options)
    : TablePrinter(
          [&schema] {
            std::vector<Column> columns;
            for (const Field& field : schema) {
              columns.push_back({field.name, field.type.ToString(), IsNumeric(field.type) ? Align::kRight : Align::kLeft});
            }
            return columns;
          }(),
          options) {}

std::string TablePrinter::Printable(std::string_view text) const {
  std::string out;
  size_t width = 0;
  size_t cut = std::string::npos;  // where the text is cut if it turns out too wide
  const size_t max_width = options_.max_column_width;
  for (size_t pos = 0; pos < text.size();) {
    char32_t c;
    pos += DecodeUtf8(text, pos, &c);
    std::string piece;
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
      switch (c) {
        case '\n': piece = "\\n"; break;
        case '\r': piece = "\\r"; break;
        case '\t': piece = "\\t"; break;
        default: {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\x%02x", static_cast<unsigned>(c));
          piece = buffer;
        }
      }
    } else {
      AppendUtf8(c, &piece);
    }
    size_t piece_width = c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) ? piece.size() : CodePointWidth(c);
    if (cut == std::string::npos && width + piece_width > max_width - 1) cut = out.size();
    width += piece_width;
    if (width > max_width) {
      out.resize(cut);
      out.append(kEllipsis);
      return out;
    }
    out += piece;
  }
  return out;
}

void TablePrinter::AddRow(const std::vector<std::string>& cells) {
  std::vector<std::string> row;
  row.reserve(columns_.size());
  for (size_t c = 0; c < columns_.size(); ++c) row.push_back(c < cells.size() ? Printable(cells[c]) : std::string());
  rows_.push_back(std::move(row));
}

void TablePrinter::AddRows(const Batch& batch, size_t begin, size_t end) {
  std::vector<std::string> cells(batch.num_columns());
  for (size_t row = begin; row < end && row < batch.num_rows(); ++row) {
    for (size_t c = 0; c < batch.num_columns(); ++c) {
      cells[c].clear();
      AppendSparkText(batch.column(c), row, &cells[c]);
    }
    AddRow(cells);
  }
}

std::string TablePrinter::Render(std::string_view footer) const {
  std::string out;
  if (!columns_.empty()) {
    const Border& border = options_.ascii ? kAsciiBorder : kBoxBorder;
    std::vector<size_t> widths;
    for (size_t c = 0; c < columns_.size(); ++c) {
      size_t width = std::max<size_t>(1, DisplayWidth(columns_[c].name));
      if (options_.show_types) width = std::max(width, DisplayWidth(columns_[c].type));
      for (const auto& row : rows_) width = std::max(width, DisplayWidth(row[c]));
      widths.push_back(width);
    }
    auto append_line = [&](auto cell_of) {
      out.append(border.vertical);
      for (size_t c = 0; c < columns_.size(); ++c) {
        AppendCell(cell_of(c), widths[c], columns_[c].align, &out);
        out.append(border.vertical);
      }
      out.push_back('\n');
    };
    AppendRule(widths, border, border.top, &out);
    append_line([&](size_t c) -> std::string_view { return columns_[c].name; });
    if (options_.show_types) append_line([&](size_t c) -> std::string_view { return columns_[c].type; });
    AppendRule(widths, border, border.middle, &out);
    for (const auto& row : rows_) append_line([&](size_t c) -> std::string_view { return row[c]; });
    AppendRule(widths, border, border.bottom, &out);
  }
  if (!footer.empty()) {
    out.append(footer);
    out.push_back('\n');
  }
  return out;
}

std::string RowCountText(size_t rows) { return std::to_string(rows) + (rows == 1 ? " row" : " rows"); }

}  // namespace tarn
