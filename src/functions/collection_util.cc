#include "functions/collection_util.h"

#include <cmath>
#include <cstring>
#include <string_view>

#include "common/check.h"
#include "types/decimal.h"

namespace tarn::collection {
namespace {

template <typename T>
int Cmp(T x, T y) {
  return x < y ? -1 : (y < x ? 1 : 0);
}

// Spark's SQLOrderingUtil.compareDoubles: x == y first (so -0.0 == 0.0), then NaN largest.
template <typename T>
int CmpFloating(T x, T y) {
  if (x == y) return 0;
  bool xn = std::isnan(x), yn = std::isnan(y);
  if (xn || yn) return xn && yn ? 0 : (xn ? 1 : -1);
  return x < y ? -1 : 1;
}

uint64_t Mix(uint64_t h, uint64_t v) {
  v *= 0x9e3779b97f4a7c15ULL;
  v ^= v >> 29;
  return (h ^ v) * 0xbf58476d1ce4e5b9ULL + 0x94d049bb133111ebULL;
}

}  // namespace

ListSpan ListAt(const Vector& list, size_t row) {
  const Vector& base = list.Base();
  size_t r = list.RowIndex(row);
  return {&base.child(0), base.offsets()[r], base.offsets()[r + 1]};
}

MapSpan MapAt(const Vector& map, size_t row) {
  const Vector& base = map.Base();
  size_t r = map.RowIndex(row);
  return {&base.child(0), &base.child(1), base.offsets()[r], base.offsets()[r + 1]};
}

int CompareValues(const Vector& a, size_t i, const Vector& b, size_t j) {
  bool an = a.IsNull(i), bn = b.IsNull(j);
  if (an || bn) return an && bn ? 0 : (an ? -1 : 1);
  const DataType& type = a.type();
  switch (type.physical_type()) {
    case PhysicalType::kNone: return 0;
    case PhysicalType::kBool: return Cmp(a.ValueAt<uint8_t>(i) != 0, b.ValueAt<uint8_t>(j) != 0);
    case PhysicalType::kInt8: return Cmp(a.ValueAt<int8_t>(i), b.ValueAt<int8_t>(j));
    case PhysicalType::kInt16: return Cmp(a.ValueAt<int16_t>(i), b.ValueAt<int16_t>(j));
    case PhysicalType::kInt32: return Cmp(a.ValueAt<int32_t>(i), b.ValueAt<int32_t>(j));
    case PhysicalType::kInt64: return Cmp(a.ValueAt<int64_t>(i), b.ValueAt<int64_t>(j));
    case PhysicalType::kInt128: return Cmp(a.ValueAt<int128_t>(i), b.ValueAt<int128_t>(j));
    case PhysicalType::kFloat: return CmpFloating(a.ValueAt<float>(i), b.ValueAt<float>(j));
    case PhysicalType::kDouble: return CmpFloating(a.ValueAt<double>(i), b.ValueAt<double>(j));
    case PhysicalType::kString: {
      // Byte-wise unsigned comparison, as Spark's UTF8String.compareTo.
      std::string_view x = a.StringAt(i).view(), y = b.StringAt(j).view();
      size_t n = std::min(x.size(), y.size());
      int c = n == 0 ? 0 : std::memcmp(x.data(), y.data(), n);
      if (c != 0) return c < 0 ? -1 : 1;
      return Cmp(x.size(), y.size());
    }
    case PhysicalType::kInterval: {
      IntervalValue x = a.ValueAt<IntervalValue>(i), y = b.ValueAt<IntervalValue>(j);
      if (int c = Cmp(x.months, y.months)) return c;
      if (int c = Cmp(x.days, y.days)) return c;
      return Cmp(x.micros, y.micros);
    }
    case PhysicalType::kList: {
      ListSpan x = ListAt(a, i), y = ListAt(b, j);
      int32_t n = std::min(x.size(), y.size());
      for (int32_t k = 0; k < n; ++k)
        if (int c = CompareValues(*x.elements, x.begin + k, *y.elements, y.begin + k)) return c;
      return Cmp(x.size(), y.size());
    }
    case PhysicalType::kMap: {
      MapSpan x = MapAt(a, i), y = MapAt(b, j);
      int32_t n = std::min(x.size(), y.size());
      for (int32_t k = 0; k < n; ++k) {
        if (int c = CompareValues(*x.keys, x.begin + k, *y.keys, y.begin + k)) return c;
        if (int c = CompareValues(*x.values, x.begin + k, *y.values, y.begin + k)) return c;
      }
      return Cmp(x.size(), y.size());
    }
    case PhysicalType::kStruct: {
      const Vector& xb = a.Base();
      const Vector& yb = b.Base();
      size_t xr = a.RowIndex(i), yr = b.RowIndex(j);
      for (size_t f = 0; f < xb.num_children(); ++f)
        if (int c = CompareValues(xb.child(f), xr, yb.child(f), yr)) return c;
      return 0;
    }
  }
  return 0;
}

uint64_t HashValue(const Vector& v, size_t i) {
  if (v.IsNull(i)) return 0x6e756c6cULL;
  switch (v.type().physical_type()) {
    case PhysicalType::kNone: return 0;
    case PhysicalType::kBool: return Mix(1, v.ValueAt<uint8_t>(i) != 0);
    case PhysicalType::kInt8: return Mix(1, static_cast<uint64_t>(v.ValueAt<int8_t>(i)));
    case PhysicalType::kInt16: return Mix(1, static_cast<uint64_t>(v.ValueAt<int16_t>(i)));
    case PhysicalType::kInt32: return Mix(1, static_cast<uint64_t>(v.ValueAt<int32_t>(i)));
    case PhysicalType::kInt64: return Mix(1, static_cast<uint64_t>(v.ValueAt<int64_t>(i)));
    case PhysicalType::kInt128: {
      int128_t x = v.ValueAt<int128_t>(i);
      return Mix(Mix(1, static_cast<uint64_t>(x)), static_cast<uint64_t>(x >> 64));
    }
    case PhysicalType::kFloat:
    case PhysicalType::kDouble: {
      double d = v.type().physical_type() == PhysicalType::kFloat ? v.ValueAt<float>(i) : v.ValueAt<double>(i);
      if (std::isnan(d)) return 0x7ff8ULL;
      if (d == 0) d = 0;  // -0.0 hashes as 0.0
      uint64_t bits;
      std::memcpy(&bits, &d, sizeof bits);
      return Mix(2, bits);
    }
    case PhysicalType::kString: {
      uint64_t h = 3;
      for (char c : v.StringAt(i).view()) h = Mix(h, static_cast<uint8_t>(c));
      return h;
    }
    case PhysicalType::kInterval: {
      IntervalValue x = v.ValueAt<IntervalValue>(i);
      return Mix(Mix(Mix(4, static_cast<uint64_t>(x.months)), static_cast<uint64_t>(x.days)),
                 static_cast<uint64_t>(x.micros));
    }
    case PhysicalType::kList: {
      ListSpan x = ListAt(v, i);
      uint64_t h = 5;
      for (int32_t k = x.begin; k < x.end; ++k) h = Mix(h, HashValue(*x.elements, k));
      return h;
    }
    case PhysicalType::kMap: {
      MapSpan x = MapAt(v, i);
      uint64_t h = 6;
      for (int32_t k = x.begin; k < x.end; ++k) h = Mix(Mix(h, HashValue(*x.keys, k)), HashValue(*x.values, k));
      return h;
    }
    case PhysicalType::kStruct: {
      const Vector& base = v.Base();
      size_t r = v.RowIndex(i);
      uint64_t h = 7;
      for (size_t f = 0; f < base.num_children(); ++f) h = Mix(h, HashValue(base.child(f), r));
      return h;
    }
  }
  return 0;
}

void AppendNull(Vector& out) {
  size_t row = out.size();
  out.Resize(row + 1);
  out.SetNull(row);
  if (out.type().id() == TypeId::kStruct)
    for (size_t f = 0; f < out.num_children(); ++f) out.child(f).SetNull(row);
}

ListWriter::ListWriter(const DataType& type, size_t rows) : out_(Vector::Make(type, rows)) {}

void ListWriter::EndRow() {
  TARN_CHECK_LT(row_, out_->size());
  out_->offsets()[row_ + 1] = static_cast<int32_t>(out_->child(0).size());
  ++row_;
}

void ListWriter::NullRow() {
  out_->SetNull(row_);
  EndRow();
}

VectorPtr ListWriter::Finish() {
  TARN_CHECK(row_ == out_->size(), "ListWriter: rows left unwritten");
  return out_;
}

}  // namespace tarn::collection
