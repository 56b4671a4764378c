// Vector: one column of a Batch, in memory laid out like Arrow so it crosses
// the Arrow C Data Interface with at most a string conversion:
//  - validity: a bitmap (bit set = valid); absent when the vector has no nulls;
//  - values: a fixed-width buffer of the type's physical type (bool as one
//    byte, decimal p<=18 as int64 else int128, strings as 16-byte StringViews);
//  - list/map: int32 offsets (size+1) and children (list: element; map: keys, values);
//  - struct: one child per field, no value buffer.
// A vector is flat, constant (one value repeated) or dictionary-encoded
// (int32 indices into a dictionary vector); readers of possibly encoded input
// go through RowIndex()/Base(), or call Flatten().
//
// Thread safety: not synchronised. Vectors are shared (shared_ptr) read-only
// once built.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "columnar/bitmap.h"
#include "columnar/buffer.h"
#include "columnar/string_view.h"
#include "types/data_type.h"

namespace tarn {

class Vector;
using VectorPtr = std::shared_ptr<Vector>;

enum class VectorEncoding : uint8_t { kFlat, kConstant, kDictionary };

/// A CalendarInterval value (Spark's legacy INTERVAL; Parquet INTERVAL).
struct IntervalValue {
  int32_t months;
  int32_t days;
  int64_t micros;
  bool operator==(const IntervalValue&) const = default;
};

class Vector {
 public:
  /// A flat vector of `size` rows (all valid, values zeroed); nested types get
  /// empty children.
  static VectorPtr Make(const DataType& type, size_t size = 0);
  /// `size` rows all equal to row `row` of `base`.
  static VectorPtr MakeConstant(VectorPtr base, size_t row, size_t size);
  /// A vector of `size` nulls.
  static VectorPtr MakeNull(const DataType& type, size_t size);
  /// Rows dictionary->row(indices[i]); indices must be < dictionary->size().
  static VectorPtr MakeDictionary(VectorPtr dictionary, Buffer indices, size_t size);

  explicit Vector(DataType type);

  const DataType& type() const { return type_; }
  VectorEncoding encoding() const { return encoding_; }
  bool is_flat() const { return encoding_ == VectorEncoding::kFlat; }
  size_t size() const { return size_; }

  /// Flat only: sets the row count, growing buffers (new rows valid and zero;
  /// with `zero_values` false their values are left for the caller to write).
  /// Struct children are resized with the struct (they are row-aligned);
  /// list and map children are sized separately.
  void Resize(size_t size, bool zero_values = true);
  /// Flat only: grows buffer capacity for `capacity` rows.
  void Reserve(size_t capacity);

  // --- Validity --------------------------------------------------------------
  /// True when some row may be null (a validity bitmap exists).
  bool may_have_nulls() const;
  bool IsNull(size_t row) const;
  bool IsValid(size_t row) const { return !IsNull(row); }
  /// Flat only. Creates the bitmap (all valid) on the first null.
  void SetNull(size_t row, bool is_null = true);
  /// Flat only: the bitmap, created all-valid when absent.
  uint8_t* mutable_validity();
  /// nullptr when all rows are valid.
  const uint8_t* validity() const { return has_validity_ ? validity_.data() : nullptr; }
  size_t CountNulls() const;

  // --- Values (flat vectors, or Base() of encoded ones) ----------------------
  template <typename T>
  T* values() { return values_.as<T>(); }
  template <typename T>
  const T* values() const { return values_.as<T>(); }
  template <typename T>
  T ValueAt(size_t row) const { return Base().values_.template as<T>()[RowIndex(row)]; }
  /// A reference, not a copy: short strings live inside the StringView, so a
  /// view taken from a temporary copy would dangle.
  const StringView& StringAt(size_t row) const { return Base().values<StringView>()[RowIndex(row)]; }

  /// Strings: copies `s` into this vector's string heap (if longer than the
  /// inline size) and stores the view at `row`.
  void SetString(size_t row, std::string_view s);
  /// Copies bytes into the string heap and returns a stable pointer to them.
  const char* CopyToHeap(const char* data, size_t size);
  /// Keeps memory referenced by StringViews (pages, other vectors' heaps) alive.
  void KeepAlive(std::shared_ptr<const void> owner) { keep_alive_.push_back(std::move(owner)); }
  /// Shares `other`'s string memory (heap and keep-alives) with this vector.
  void ShareStringMemory(const Vector& other);

  // --- Nested ----------------------------------------------------------------
  /// List/map offsets: size()+1 entries, offsets[0] == 0 for vectors we build.
  int32_t* offsets() { return offsets_.as<int32_t>(); }
  const int32_t* offsets() const { return offsets_.as<int32_t>(); }
  size_t num_children() const { return children_.size(); }
  Vector& child(size_t i) { return *children_[i]; }
  const Vector& child(size_t i) const { return *children_[i]; }
  const VectorPtr& child_ptr(size_t i) const { return children_[i]; }
  void set_child(size_t i, VectorPtr child) { children_[i] = std::move(child); }

  // --- Encodings -------------------------------------------------------------
  /// The row of Base() holding row `row` of this vector.
  size_t RowIndex(size_t row) const {
    switch (encoding_) {
      case VectorEncoding::kFlat: return row;
      case VectorEncoding::kConstant: return constant_row_;
      case VectorEncoding::kDictionary: return static_cast<size_t>(indices_.as<int32_t>()[row]);
    }
    return row;
  }
  /// The vector holding the values: itself when flat, else the dictionary/constant base.
  const Vector& Base() const { return is_flat() ? *this : *base_; }
  const int32_t* indices() const { return indices_.as<int32_t>(); }
  /// The flat base of a constant or dictionary vector (null when flat).
  const VectorPtr& base_ptr() const { return base_; }

  /// A flat vector with the same rows (itself when already flat).
  static VectorPtr Flatten(const VectorPtr& vector);
  /// Flat copy of rows [offset, offset+length).
  VectorPtr Slice(size_t offset, size_t length) const;
  /// Rows [offset, offset+length) of `vector` without copying values: a flat
  /// vector over its buffers (kept alive), or a dictionary vector when encoded.
  /// A view is read-only: list children are shared with the source.
  static VectorPtr View(const VectorPtr& vector, size_t offset, size_t length);
  /// Appends row `row` of `source` (any encoding, same type) to this flat vector.
  void AppendFrom(const Vector& source, size_t row);

 private:
  void CopyRowFrom(size_t to, const Vector& source, size_t row);

  DataType type_;
  VectorEncoding encoding_ = VectorEncoding::kFlat;
  size_t size_ = 0;
  bool has_validity_ = false;
  Buffer validity_;
  Buffer values_;
  Buffer offsets_;
  std::vector<VectorPtr> children_;
  // Encoded vectors.
  VectorPtr base_;
  Buffer indices_;
  size_t constant_row_ = 0;
  // String memory.
  std::vector<std::shared_ptr<Buffer>> heap_;
  std::vector<std::shared_ptr<const void>> keep_alive_;
};

}  // namespace tarn
