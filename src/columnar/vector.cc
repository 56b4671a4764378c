#include "columnar/vector.h"

#include <algorithm>

#include "common/check.h"

namespace tarn {

namespace {
// String heap chunks: big enough that appending many short strings is cheap.
constexpr size_t kHeapChunkSize = 64 * 1024;
}  // namespace

Vector::Vector(DataType type) : type_(std::move(type)) {
  switch (type_.id()) {
    case TypeId::kArray: children_.push_back(std::make_shared<Vector>(type_.element_type())); break;
    case TypeId::kMap:
      children_.push_back(std::make_shared<Vector>(type_.key_type()));
      children_.push_back(std::make_shared<Vector>(type_.value_type()));
      break;
    case TypeId::kStruct:
      for (const Field& field : type_.fields()) children_.push_back(std::make_shared<Vector>(field.type));
      break;
    default: break;
  }
  if (type_.id() == TypeId::kArray || type_.id() == TypeId::kMap) offsets_.Resize(sizeof(int32_t));
}

VectorPtr Vector::Make(const DataType& type, size_t size) {
  auto vector = std::make_shared<Vector>(type);
  vector->Resize(size);
  return vector;
}

VectorPtr Vector::MakeConstant(VectorPtr base, size_t row, size_t size) {
  TARN_CHECK(row < base->size(), "constant row out of range");
  auto vector = std::make_shared<Vector>(base->type());
  vector->encoding_ = VectorEncoding::kConstant;
  vector->size_ = size;
  // Constant over an encoded vector: point straight at the underlying row.
  vector->constant_row_ = base->RowIndex(row);
  vector->base_ = base->is_flat() ? std::move(base) : base->base_;
  return vector;
}

VectorPtr Vector::MakeNull(const DataType& type, size_t size) {
  auto single = Make(type, 1);
  single->SetNull(0);
  return MakeConstant(std::move(single), 0, size);
}

VectorPtr Vector::MakeDictionary(VectorPtr dictionary, Buffer indices, size_t size) {
  TARN_CHECK(dictionary->is_flat(), "dictionary must be flat");
  TARN_CHECK_GE(indices.size(), size * sizeof(int32_t));
  auto vector = std::make_shared<Vector>(dictionary->type());
  vector->encoding_ = VectorEncoding::kDictionary;
  vector->size_ = size;
  vector->base_ = std::move(dictionary);
  vector->indices_ = std::move(indices);
  return vector;
}

void Vector::Reserve(size_t capacity) {
  TARN_CHECK(is_flat(), "Reserve on an encoded vector");
  values_.Reserve(capacity * type_.fixed_width());
  if (has_validity_) validity_.Reserve(bitmap::BytesFor(capacity));
  if (offsets_.size() > 0) offsets_.Reserve((capacity + 1) * sizeof(int32_t));
}

void Vector::Resize(size_t size, bool zero_values) {
  TARN_CHECK(is_flat(), "Resize on an encoded vector");
  values_.Resize(size * type_.fixed_width(), zero_values);
  if (has_validity_) {
    size_t old = size_;
    validity_.Resize(bitmap::BytesFor(size));
    if (size > old) bitmap::SetRange(validity_.data(), old, size, true);
  }
  if (type_.id() == TypeId::kStruct) {
    for (auto& child : children_) child->Resize(size, zero_values);  // struct children are row-aligned
  }
  if (type_.id() == TypeId::kArray || type_.id() == TypeId::kMap) {
    size_t old = size_;
    offsets_.Resize((size + 1) * sizeof(int32_t));
    int32_t* offs = offsets();
    for (size_t i = old + 1; i <= size; ++i) offs[i] = offs[old];
  }
  size_ = size;
}

bool Vector::may_have_nulls() const {
  switch (encoding_) {
    case VectorEncoding::kFlat: return has_validity_;
    default: return base_->has_validity_;
  }
}

bool Vector::IsNull(size_t row) const {
  if (type_.id() == TypeId::kNull) return true;  // the null type has no values
  const Vector& base = Base();
  return base.has_validity_ && !bitmap::Get(base.validity_.data(), RowIndex(row));
}

uint8_t* Vector::mutable_validity() {
  TARN_CHECK(is_flat(), "validity of an encoded vector");
  if (!has_validity_) {
    validity_.Resize(bitmap::BytesFor(std::max<size_t>(size_, 1)));
    bitmap::SetRange(validity_.data(), 0, size_, true);
    has_validity_ = true;
  }
  return validity_.data();
}

void Vector::SetNull(size_t row, bool is_null) {
  if (!is_null && !has_validity_) return;
  bitmap::SetTo(mutable_validity(), row, !is_null);
}

size_t Vector::CountNulls() const {
  if (!may_have_nulls()) return 0;
  if (is_flat()) return size_ - bitmap::CountSet(validity_.data(), size_);
  size_t nulls = 0;
  for (size_t i = 0; i < size_; ++i) nulls += IsNull(i);
  return nulls;
}

const char* Vector::CopyToHeap(const char* data, size_t size) {
  if (heap_.empty() || heap_.back()->capacity() - heap_.back()->size() < size) {
    auto chunk = std::make_shared<Buffer>();
    chunk->Reserve(std::max(size, kHeapChunkSize));
    heap_.push_back(std::move(chunk));
  }
  Buffer& chunk = *heap_.back();
  size_t at = chunk.size();
  chunk.Append(data, size);  // never reallocates: capacity was checked above
  return reinterpret_cast<const char*>(chunk.data() + at);
}

void Vector::SetString(size_t row, std::string_view s) {
  const char* data = s.data();
  if (s.size() > StringView::kInlineSize) data = CopyToHeap(s.data(), s.size());
  values<StringView>()[row] = StringView(data, static_cast<uint32_t>(s.size()));
}

void Vector::ShareStringMemory(const Vector& other) {
  for (const auto& chunk : other.heap_) keep_alive_.push_back(chunk);
  for (const auto& owner : other.keep_alive_) keep_alive_.push_back(owner);
  if (other.base_) ShareStringMemory(*other.base_);
}

VectorPtr Vector::Flatten(const VectorPtr& vector) {
  if (vector->is_flat()) return vector;
  auto flat = std::make_shared<Vector>(vector->type());
  flat->Reserve(vector->size());
  for (size_t i = 0; i < vector->size(); ++i) flat->AppendFrom(*vector, i);
  return flat;
}

VectorPtr Vector::Slice(size_t offset, size_t length) const {
  TARN_CHECK_LE(offset + length, size_);
  auto slice = std::make_shared<Vector>(type_);
  slice->Reserve(length);
  for (size_t i = 0; i < length; ++i) slice->AppendFrom(*this, offset + i);
  return slice;
}

VectorPtr Vector::View(const VectorPtr& vector, size_t offset, size_t length) {
  TARN_CHECK_LE(offset + length, vector->size());
  if (!vector->is_flat()) {
    Buffer indices(length * sizeof(int32_t), /*zero_fill=*/false);
    for (size_t i = 0; i < length; ++i) indices.as<int32_t>()[i] = static_cast<int32_t>(vector->RowIndex(offset + i));
    return MakeDictionary(vector->base_ptr(), std::move(indices), length);
  }
  const Vector& source = *vector;
  auto view = std::make_shared<Vector>(source.type_);
  view->size_ = length;
  size_t width = source.type_.fixed_width();
  if (width > 0) view->values_ = Buffer::View(const_cast<uint8_t*>(source.values_.data()) + offset * width, length * width);
  if (source.offsets_.size() > 0) {
    // Offsets need not start at 0: children stay whole and shared.
    view->offsets_ = Buffer::View(const_cast<uint8_t*>(source.offsets_.data()) + offset * sizeof(int32_t),
                                  (length + 1) * sizeof(int32_t));
    view->children_ = source.children_;
  } else {
    for (size_t c = 0; c < source.children_.size(); ++c) {
      view->children_[c] = View(source.children_[c], offset, length);  // struct children are row-aligned
    }
  }
  if (source.has_validity_) {
    // Bits are not byte-aligned at `offset`: copy them (1/64 of the values' size at most).
    uint8_t* bits = view->mutable_validity();
    for (size_t i = 0; i < length; ++i) bitmap::SetTo(bits, i, bitmap::Get(source.validity_.data(), offset + i));
  }
  view->KeepAlive(vector);
  return view;
}

void Vector::AppendFrom(const Vector& source, size_t row) {
  size_t to = size_;
  Resize(to + 1);
  CopyRowFrom(to, source, row);
}

void Vector::CopyRowFrom(size_t to, const Vector& source, size_t row) {
  const Vector& base = source.Base();
  size_t from = source.RowIndex(row);
  if (base.IsNull(from)) {
    SetNull(to);
    // A null struct row is null in every (row-aligned) child too.
    if (type_.id() == TypeId::kStruct) {
      for (auto& child : children_) child->SetNull(to);
    }
    return;
  }
  switch (type_.id()) {
    case TypeId::kArray:
    case TypeId::kMap: {
      int32_t begin = base.offsets()[from], end = base.offsets()[from + 1];
      for (size_t c = 0; c < children_.size(); ++c) {
        for (int32_t i = begin; i < end; ++i) children_[c]->AppendFrom(base.child(c), i);
      }
      offsets()[to + 1] = offsets()[to] + (end - begin);
      return;
    }
    case TypeId::kStruct:
      // Resize already gave every child row `to`.
      for (size_t c = 0; c < children_.size(); ++c) children_[c]->CopyRowFrom(to, base.child(c), from);
      return;
    case TypeId::kNull: return;
    default: break;
  }
  if (type_.physical_type() == PhysicalType::kString) {
    SetString(to, base.values<StringView>()[from].view());
    return;
  }
  size_t width = type_.fixed_width();
  std::memcpy(values_.data() + to * width, base.values_.data() + from * width, width);
}

}  // namespace tarn
