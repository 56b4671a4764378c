// Vector helpers the operators share: selecting, gathering, concatenating
// and interleaving rows without caring about encodings.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "columnar/batch.h"
#include "columnar/vector.h"

namespace tarn::exec {

/// rows[i]-th rows of `vector` as a dictionary vector over its flat base.
VectorPtr SelectRows(const VectorPtr& vector, const uint32_t* rows, size_t count);
inline VectorPtr SelectRows(const VectorPtr& vector, const SelectionVector& rows) {
  return SelectRows(vector, rows.data(), rows.size());
}
/// Like SelectRows, but index -1 yields NULL (for outer joins); flat result.
VectorPtr GatherRowsOrNull(const VectorPtr& vector, const int64_t* rows, size_t count);

/// Appends rows [begin, begin+count) of `source` to the flat vector `target`.
void AppendRows(Vector& target, const Vector& source, size_t begin, size_t count);
/// One flat vector holding every row of `parts` in order.
VectorPtr ConcatVectors(const DataType& type, const std::vector<VectorPtr>& parts);
/// One batch holding every row of `batches` (flat columns).
Batch ConcatBatches(const Schema& schema, const std::vector<Batch>& batches);
/// The same, emptying `batches`: column by column, each input column is let
/// go once copied, so memory peaks at the output plus one input column
/// instead of twice the rows (for operators concatenating all they hold).
Batch ConcatAndReleaseBatches(const Schema& schema, std::vector<Batch>* batches);

/// Rows of a boolean vector that are TRUE (not NULL, not false).
SelectionVector TrueRows(const Vector& condition, size_t rows);

/// A vector of `rows` rows where the rows in pieces[k].first take the values
/// of pieces[k].second (in order); rows in no piece are NULL.
VectorPtr Interleave(const DataType& type, size_t rows,
                     const std::vector<std::pair<SelectionVector, VectorPtr>>& pieces);

/// Batch with the same columns but another (equally typed) schema.
Batch WithSchema(const Schema& schema, const Batch& batch);

/// Rough bytes held by a batch (for memory accounting).
int64_t EstimateBytes(const Batch& batch);

/// For operators that buffer their input (join builds, sorts): every
/// `kCompactEvery` buffered batches are copied into one flat batch, so the
/// buffer holds the rows' own bytes — not the scan pages, dictionaries and
/// pre-filter batches its vectors are views of (which EstimateBytes does
/// not see). `batches` keeps the compacted chunks first, then the recent ones.
constexpr size_t kCompactEvery = 64;
void CompactRecentBatches(const Schema& schema, std::vector<Batch>* batches, size_t* recent);

}  // namespace tarn::exec
