#include "exec/vector_util.h"

#include <cstring>

#include "common/check.h"

namespace tarn::exec {

VectorPtr SelectRows(const VectorPtr& vector, const uint32_t* rows, size_t count) {
  Buffer indices(count * sizeof(int32_t), /*zero_fill=*/false);
  auto* out = indices.as<int32_t>();
  for (size_t i = 0; i < count; ++i) out[i] = static_cast<int32_t>(vector->RowIndex(rows[i]));
  const VectorPtr& base = vector->is_flat() ? vector : vector->base_ptr();
  return Vector::MakeDictionary(base, std::move(indices), count);
}

VectorPtr GatherRowsOrNull(const VectorPtr& vector, const int64_t* rows, size_t count) {
  auto out = std::make_shared<Vector>(vector->type());
  out->Reserve(count);
  for (size_t i = 0; i < count; ++i) {
    if (rows[i] < 0) {
      out->Resize(i + 1);
      out->SetNull(i);
      if (out->type().id() == TypeId::kStruct)
        for (size_t c = 0; c < out->num_children(); ++c) out->child(c).SetNull(i);
    } else {
      out->AppendFrom(*vector, static_cast<size_t>(rows[i]));
    }
  }
  return out;
}

void AppendRows(Vector& target, const Vector& source, size_t begin, size_t count) {
  const DataType& type = source.type();
  PhysicalType physical = type.physical_type();
  bool fixed = physical != PhysicalType::kString && physical != PhysicalType::kList &&
               physical != PhysicalType::kMap && physical != PhysicalType::kStruct &&
               physical != PhysicalType::kNone;
  if (fixed && source.is_flat()) {
    size_t at = target.size();
    target.Resize(at + count, /*zero_values=*/false);
    size_t width = type.fixed_width();
    std::memcpy(target.values<uint8_t>() + at * width, source.values<uint8_t>() + begin * width, count * width);
    if (const uint8_t* validity = source.validity()) {
      uint8_t* bits = target.mutable_validity();
      for (size_t i = 0; i < count; ++i) bitmap::SetTo(bits, at + i, bitmap::Get(validity, begin + i));
    }
    return;
  }
  target.Reserve(target.size() + count);
  for (size_t i = 0; i < count; ++i) target.AppendFrom(source, begin + i);
}

VectorPtr ConcatVectors(const DataType& type, const std::vector<VectorPtr>& parts) {
  if (parts.size() == 1 && parts[0]->is_flat()) return parts[0];
  auto out = std::make_shared<Vector>(type);
  size_t total = 0;
  for (const VectorPtr& part : parts) total += part->size();
  out->Reserve(total);
  for (const VectorPtr& part : parts) AppendRows(*out, *part, 0, part->size());
  return out;
}

Batch ConcatBatches(const Schema& schema, const std::vector<Batch>& batches) {
  std::vector<VectorPtr> columns;
  size_t rows = 0;
  for (const Batch& batch : batches) rows += batch.num_rows();
  for (size_t c = 0; c < schema.size(); ++c) {
    std::vector<VectorPtr> parts;
    for (const Batch& batch : batches) parts.push_back(batch.column_ptr(c));
    columns.push_back(parts.empty() ? Vector::Make(schema[c].type, 0) : ConcatVectors(schema[c].type, parts));
  }
  return Batch(schema, std::move(columns), rows);
}

Batch ConcatAndReleaseBatches(const Schema& schema, std::vector<Batch>* batches) {
  size_t rows = 0;
  std::vector<std::vector<VectorPtr>> parts(schema.size());
  for (const Batch& batch : *batches) {
    rows += batch.num_rows();
    for (size_t c = 0; c < schema.size(); ++c) parts[c].push_back(batch.column_ptr(c));
  }
  batches->clear();  // the columns are now only in `parts`
  std::vector<VectorPtr> columns;
  for (size_t c = 0; c < schema.size(); ++c) {
    columns.push_back(parts[c].empty() ? Vector::Make(schema[c].type, 0) : ConcatVectors(schema[c].type, parts[c]));
    parts[c].clear();
  }
  return Batch(schema, std::move(columns), rows);
}

SelectionVector TrueRows(const Vector& condition, size_t rows) {
  SelectionVector out;
  out.reserve(rows);
  const Vector& base = condition.Base();
  const uint8_t* values = base.values<uint8_t>();
  const uint8_t* validity = base.validity();
  if (condition.type().id() == TypeId::kNull) return out;
  if (condition.is_flat()) {
    for (size_t r = 0; r < rows; ++r)
      if (values[r] && (!validity || bitmap::Get(validity, r))) out.push_back(static_cast<uint32_t>(r));
    return out;
  }
  for (size_t r = 0; r < rows; ++r) {
    size_t i = condition.RowIndex(r);
    if (values[i] && (!validity || bitmap::Get(validity, i))) out.push_back(static_cast<uint32_t>(r));
  }
  return out;
}

VectorPtr Interleave(const DataType& type, size_t rows,
                     const std::vector<std::pair<SelectionVector, VectorPtr>>& pieces) {
  if (pieces.size() == 1 && pieces[0].first.size() == rows) return pieces[0].second;
  if (pieces.empty()) return Vector::MakeNull(type, rows);
  std::vector<int32_t> piece_of(rows, -1);
  std::vector<uint32_t> index_of(rows, 0);
  for (size_t p = 0; p < pieces.size(); ++p) {
    const SelectionVector& sel = pieces[p].first;
    for (size_t k = 0; k < sel.size(); ++k) {
      piece_of[sel[k]] = static_cast<int32_t>(p);
      index_of[sel[k]] = static_cast<uint32_t>(k);
    }
  }
  auto out = std::make_shared<Vector>(type);
  out->Reserve(rows);
  for (size_t r = 0; r < rows; ++r) {
    if (piece_of[r] < 0) {
      out->Resize(r + 1);
      out->SetNull(r);
      if (type.id() == TypeId::kStruct)
        for (size_t c = 0; c < out->num_children(); ++c) out->child(c).SetNull(r);
    } else {
      out->AppendFrom(*pieces[piece_of[r]].second, index_of[r]);
    }
  }
  return out;
}

Batch WithSchema(const Schema& schema, const Batch& batch) {
  return Batch(schema, batch.columns(), batch.num_rows());
}

void CompactRecentBatches(const Schema& schema, std::vector<Batch>* batches, size_t* recent) {
  if (*recent < kCompactEvery) return;
  std::vector<Batch> tail(batches->end() - static_cast<std::ptrdiff_t>(*recent), batches->end());
  batches->resize(batches->size() - *recent);
  batches->push_back(ConcatAndReleaseBatches(schema, &tail));
  *recent = 0;
}

int64_t EstimateBytes(const Batch& batch) {
  int64_t bytes = 0;
  for (const VectorPtr& column : batch.columns()) {
    int width = column->type().fixed_width();
    bytes += static_cast<int64_t>(column->size()) * (width > 0 ? width : 32);
  }
  return bytes;
}

}  // namespace tarn::exec
