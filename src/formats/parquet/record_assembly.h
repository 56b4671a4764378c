// Record assembly: turns the repetition/definition level streams and dense
// values of leaf columns (Dremel encoding) into nested Vectors.
//
// Every SchemaNode has "slots" in the level stream of any leaf below it: the
// entries where rep <= node.rep_level and def >= node.slot_def_level. A slot
// is null when def < node.def_level. A list's slot holds the entries up to the
// next slot; its elements are the slots of the element node inside them.
// Struct children are assembled from their own leaves and must agree on the
// slot count (a file where they do not is corrupt).
#pragma once

#include <cstdint>
#include <memory>
#include <new>
#include <utility>
#include <string_view>
#include <vector>

#include "columnar/vector.h"
#include "formats/parquet/schema.h"

namespace tarn::parquet {

/// std::vector's allocator, minus the zero-filling on resize: level arrays
/// are resized and then written by the decoder at once.
template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  using std::allocator<T>::allocator;
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
using LevelVector = std::vector<int16_t, DefaultInitAllocator<int16_t>>;

/// One leaf column decoded for a range of rows.
struct LeafData {
  LevelVector def_levels;  ///< empty when every level is max_def_level (always when it is 0)
  LevelVector rep_levels;  ///< empty when max_rep_level == 0
  size_t num_levels = 0;            ///< level entries (== rows for flat columns)
  int16_t max_def_level = 0;        ///< what an empty def_levels stands for
  VectorPtr values;                 ///< the non-null values, densely, in the leaf's Spark type (flat, or a
                                    ///< dictionary vector for a null-free, fully dictionary-encoded string chunk)
};

/// Builds the vector of `node` for `num_rows` rows from `leaves` (indexed by
/// LeafColumn::index; only the leaves under `node` are read).
VectorPtr AssembleField(const SchemaNode& node, const std::vector<LeafData>& leaves, size_t num_rows,
                        std::string_view path);

}  // namespace tarn::parquet
