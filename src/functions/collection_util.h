// Helpers shared by the collection, math and generator functions: Spark's
// ordering and equality of single values of any type (nested included), a
// hash consistent with that equality, and a writer for flat list outputs.
//
// Thread safety: pure functions over read-only vectors.
#pragma once

#include <cstddef>
#include <cstdint>

#include "columnar/vector.h"
#include "types/data_type.h"
#include "types/decimal.h"

namespace tarn {
class FunctionRegistry;
}

namespace tarn::collection {

/// The unscaled value of a decimal row (int64 or int128 storage by precision).
inline int128_t DecimalAt(const Vector& v, size_t row) {
  return v.type().precision() > kMaxInt64DecimalPrecision ? v.ValueAt<int128_t>(row)
                                                          : static_cast<int128_t>(v.ValueAt<int64_t>(row));
}
/// Stores an unscaled decimal in a flat vector of a decimal type (caller checked the precision).
inline void SetDecimal(Vector& out, size_t row, int128_t unscaled) {
  if (out.type().precision() > kMaxInt64DecimalPrecision) out.values<int128_t>()[row] = unscaled;
  else out.values<int64_t>()[row] = static_cast<int64_t>(unscaled);
}
/// Appends a NULL row to a flat vector.
void AppendNull(Vector& out);

/// Spark's ordering of row `i` of `a` and row `j` of `b` (same type, any
/// encoding): <0, 0, >0. NULLs sort first; NaN is larger than every other
/// double and equal to itself; -0.0 == 0.0; arrays and structs compare
/// element by element (shorter first on a tie), maps entry by entry.
int CompareValues(const Vector& a, size_t i, const Vector& b, size_t j);
/// CompareValues(...) == 0 (so NULL equals NULL; callers decide on NULLs).
inline bool EqualValues(const Vector& a, size_t i, const Vector& b, size_t j) {
  return CompareValues(a, i, b, j) == 0;
}
/// A hash of row `i` consistent with EqualValues (equal values, equal hashes).
uint64_t HashValue(const Vector& v, size_t i);

/// The elements of row `row` of a list vector (any encoding): rows
/// [begin, end) of `*elements`. Only valid when the row is not NULL.
struct ListSpan {
  const Vector* elements;
  int32_t begin;
  int32_t end;
  int32_t size() const { return end - begin; }
};
ListSpan ListAt(const Vector& list, size_t row);
/// Map rows: keys and values share [begin, end).
struct MapSpan {
  const Vector* keys;
  const Vector* values;
  int32_t begin;
  int32_t end;
  int32_t size() const { return end - begin; }
};
MapSpan MapAt(const Vector& map, size_t row);

/// Builds a flat list (or map) vector row by row, in order: append elements
/// to elements() (or keys()/values() for maps), then call EndRow or NullRow.
class ListWriter {
 public:
  ListWriter(const DataType& type, size_t rows);
  Vector& elements() { return out_->child(0); }
  Vector& keys() { return out_->child(0); }
  Vector& values() { return out_->child(1); }
  void EndRow();
  void NullRow();
  VectorPtr Finish();

 private:
  VectorPtr out_;
  size_t row_ = 0;
};

/// map(...), map_* functions, struct, named_struct, str_to_map and sequence
/// (collection_map_functions.cc); called by RegisterCollectionFunctions.
void RegisterMapFunctions(FunctionRegistry& registry);

}  // namespace tarn::collection
