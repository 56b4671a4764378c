#include "columnar/batch.h"

#include "common/check.h"

namespace tarn {

Batch::Batch(Schema schema, std::vector<VectorPtr> columns, size_t num_rows)
    : schema_(std::move(schema)), columns_(std::move(columns)), num_rows_(num_rows) {
  TARN_CHECK_EQ(schema_.size(), columns_.size());
  for (size_t i = 0; i < columns_.size(); ++i) {
    TARN_CHECK_EQ(columns_[i]->size(), num_rows_);
    TARN_CHECK(columns_[i]->type() == schema_[i].type, "column type differs from schema: " + schema_[i].name);
  }
}

Batch Batch::Select(const SelectionVector& rows) const {
  std::vector<VectorPtr> selected;
  for (const VectorPtr& column : columns_) {
    Buffer indices(rows.size() * sizeof(int32_t));
    auto* out = indices.as<int32_t>();
    for (size_t i = 0; i < rows.size(); ++i) {
      TARN_DCHECK(rows[i] < num_rows_);
      out[i] = static_cast<int32_t>(column->RowIndex(rows[i]));
    }
    // Point at the underlying flat values so encodings never stack.
    const VectorPtr& base = column->is_flat() ? column : column->base_ptr();
    selected.push_back(Vector::MakeDictionary(base, std::move(indices), rows.size()));
  }
  return Batch(schema_, std::move(selected), rows.size());
}

Batch Batch::Slice(size_t offset, size_t length) const {
  std::vector<VectorPtr> sliced;
  for (const VectorPtr& column : columns_) sliced.push_back(Vector::View(column, offset, length));
  return Batch(schema_, std::move(sliced), length);
}

}  // namespace tarn
