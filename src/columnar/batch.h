// Batch: a set of equally long column Vectors with their schema — the unit
// that flows between scans, operators and writers.
//
// Thread safety: a Batch is built by one thread, then shared read-only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "columnar/vector.h"
#include "types/data_type.h"

namespace tarn {

/// Row positions (ascending) selected out of a batch, e.g. by a filter.
using SelectionVector = std::vector<uint32_t>;

class Batch {
 public:
  Batch() = default;
  Batch(Schema schema, std::vector<VectorPtr> columns, size_t num_rows);

  const Schema& schema() const { return schema_; }
  size_t num_rows() const { return num_rows_; }
  size_t num_columns() const { return columns_.size(); }
  const Vector& column(size_t i) const { return *columns_[i]; }
  const VectorPtr& column_ptr(size_t i) const { return columns_[i]; }
  const std::vector<VectorPtr>& columns() const { return columns_; }

  /// The selected rows as a new batch of dictionary vectors over these columns.
  Batch Select(const SelectionVector& rows) const;
  /// Rows [offset, offset+length) without copying (Vector::View).
  Batch Slice(size_t offset, size_t length) const;

 private:
  Schema schema_;
  std::vector<VectorPtr> columns_;
  size_t num_rows_ = 0;
};

}  // namespace tarn
