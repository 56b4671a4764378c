// Dremel shredding: turns the rows of a (possibly nested) Vector into the
// repetition/definition level streams and dense values of its leaf columns —
// the exact inverse of record_assembly.h.
//
// For a value at def level d (its parent's) and rep level r (0 at the start of
// a row, else the rep level of the innermost list that repeats):
//   null            → (r, d) in every leaf below it;
//   primitive       → (r, d + optional) and the value;
//   struct          → each field at (r, d + optional);
//   empty list/map  → (r, d + optional) in every leaf below it;
//   list/map        → element i at (i == 0 ? r : list rep level, d + optional + 1).
// Vectors may be flat, constant or dictionary encoded at any level; values are
// reached through Base()/RowIndex().
//
// Thread safety: functions over read-only vectors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "columnar/vector.h"
#include "formats/parquet/schema_writer.h"

namespace tarn::parquet {

/// One leaf's share of a slice of rows.
struct LeafSlice {
  std::vector<int16_t> def_levels;  ///< empty when max_def_level == 0
  std::vector<int16_t> rep_levels;  ///< empty when max_rep_level == 0
  size_t num_levels = 0;
  size_t num_rows = 0;
  /// The flat vector holding the values (the Base() of the leaf's vector);
  /// null when the slice has no values.
  const Vector* values = nullptr;
  /// Rows of *values, one per level at max_def_level, in order.
  std::vector<uint32_t> value_rows;

  /// Empties the slice, keeping its capacity.
  void Clear();
};

/// Shreds rows [begin, end) of `column`, the vector of top-level field `node`,
/// appending to out[leaf] for each leaf below it (`out` is indexed like
/// `leaves`). Throws TASK_WRITE_FAILED naming `path` when a non-nullable field
/// holds a null.
void ShredColumn(const WriteNode& node, const std::vector<WriteLeaf>& leaves, const Vector& column, size_t begin,
                 size_t end, std::vector<LeafSlice>* out, const std::string& path);

}  // namespace tarn::parquet
