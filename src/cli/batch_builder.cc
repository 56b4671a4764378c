#include "cli/batch_builder.h"

#include "common/check.h"

namespace tarn::cli {

void BatchBuilder::AddRow(std::vector<Cell> cells) {
  TARN_CHECK_EQ(cells.size(), schema_.size());
  rows_.push_back(std::move(cells));
}

Batch BatchBuilder::Build() const {
  std::vector<VectorPtr> columns;
  const size_t n = rows_.size();
  for (size_t c = 0; c < schema_.size(); ++c) {
    const DataType& type = schema_[c].type;
    VectorPtr column = Vector::Make(type, n);
    if (type.id() == TypeId::kArray) {
      Vector& elements = column->child(0);
      size_t total = 0;
      for (size_t r = 0; r < n; ++r) {
        if (const auto* list = std::get_if<std::vector<std::string>>(&rows_[r][c])) total += list->size();
      }
      elements.Resize(total);
      int32_t at = 0;
      column->offsets()[0] = 0;
      for (size_t r = 0; r < n; ++r) {
        if (const auto* list = std::get_if<std::vector<std::string>>(&rows_[r][c])) {
          for (const std::string& item : *list) elements.SetString(at++, item);
        } else {
          column->SetNull(r);
        }
        column->offsets()[r + 1] = at;
      }
    } else {
      for (size_t r = 0; r < n; ++r) {
        const Cell& cell = rows_[r][c];
        if (std::holds_alternative<std::monostate>(cell)) {
          column->SetNull(r);
        } else if (type.id() == TypeId::kLong) {
          TARN_CHECK(std::holds_alternative<int64_t>(cell), "BatchBuilder: BIGINT cell expected");
          column->values<int64_t>()[r] = std::get<int64_t>(cell);
        } else {
          TARN_CHECK(std::holds_alternative<std::string>(cell), "BatchBuilder: STRING cell expected");
          column->SetString(r, std::get<std::string>(cell));
        }
      }
    }
    columns.push_back(std::move(column));
  }
  return Batch(schema_, std::move(columns), n);
}

}  // namespace tarn::cli
