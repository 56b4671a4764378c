#include "columnar/row_compare.h"

#include <cmath>
#include <cstring>

#include "common/check.h"
#include "types/decimal.h"

namespace tarn {
namespace {

constexpr uint64_t kNullHash = 0x5bd1e9955bd1e995ULL;

template <typename T>
int CompareNumbers(T x, T y) {
  return x < y ? -1 : (y < x ? 1 : 0);
}

template <typename T>
int CompareFloats(T x, T y) {
  bool nx = std::isnan(x), ny = std::isnan(y);
  if (nx || ny) return nx == ny ? 0 : (nx ? 1 : -1);
  return x < y ? -1 : (y < x ? 1 : 0);  // -0.0 == 0.0 here
}

int CompareBytes(const StringView& x, const StringView& y) {
  size_t n = std::min(x.size(), y.size());
  int c = n == 0 ? 0 : std::memcmp(x.data(), y.data(), n);  // memcmp compares unsigned bytes
  if (c != 0) return c < 0 ? -1 : 1;
  return CompareNumbers(x.size(), y.size());
}

// Floats hash by their normalised value: every NaN one pattern, -0.0 as 0.0.
uint64_t FloatBits(double v) {
  if (std::isnan(v)) return 0x7ff8000000000000ULL;
  if (v == 0) return 0;
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  return bits;
}

uint64_t HashBytes(const char* data, size_t size, uint64_t seed) {
  uint64_t h = HashInt64(size, seed);
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t word;
    std::memcpy(&word, data + i, 8);
    h = HashInt64(word, h);
  }
  if (i < size) {
    uint64_t word = 0;
    std::memcpy(&word, data + i, size - i);
    h = HashInt64(word, h);
  }
  return h;
}

// Rows of two flat base vectors (already resolved through RowIndex).
int CompareBase(const Vector& a, size_t i, const Vector& b, size_t j);

int CompareNested(const Vector& a, size_t row_a, const Vector& b, size_t row_b) {
  const Vector& ba = a.Base();
  const Vector& bb = b.Base();
  size_t i = a.RowIndex(row_a), j = b.RowIndex(row_b);
  bool na = ba.IsNull(i), nb = bb.IsNull(j);
  if (na || nb) return na == nb ? 0 : (na ? -1 : 1);
  return CompareBase(ba, i, bb, j);
}

int CompareBase(const Vector& a, size_t i, const Vector& b, size_t j) {
  switch (a.type().physical_type()) {
    case PhysicalType::kNone: return 0;
    case PhysicalType::kBool:
    case PhysicalType::kInt8:
      if (a.type().id() == TypeId::kBoolean) return CompareNumbers(a.values<uint8_t>()[i], b.values<uint8_t>()[j]);
      return CompareNumbers(a.values<int8_t>()[i], b.values<int8_t>()[j]);
    case PhysicalType::kInt16: return CompareNumbers(a.values<int16_t>()[i], b.values<int16_t>()[j]);
    case PhysicalType::kInt32: return CompareNumbers(a.values<int32_t>()[i], b.values<int32_t>()[j]);
    case PhysicalType::kInt64: return CompareNumbers(a.values<int64_t>()[i], b.values<int64_t>()[j]);
    case PhysicalType::kInt128: return CompareNumbers(a.values<int128_t>()[i], b.values<int128_t>()[j]);
    case PhysicalType::kFloat: return CompareFloats(a.values<float>()[i], b.values<float>()[j]);
    case PhysicalType::kDouble: return CompareFloats(a.values<double>()[i], b.values<double>()[j]);
    case PhysicalType::kString: return CompareBytes(a.values<StringView>()[i], b.values<StringView>()[j]);
    case PhysicalType::kInterval: {
      const IntervalValue& x = a.values<IntervalValue>()[i];
      const IntervalValue& y = b.values<IntervalValue>()[j];
      if (int c = CompareNumbers(x.months, y.months)) return c;
      if (int c = CompareNumbers(x.days, y.days)) return c;
      return CompareNumbers(x.micros, y.micros);
    }
    case PhysicalType::kList:
    case PhysicalType::kMap: {
      int32_t ab = a.offsets()[i], ae = a.offsets()[i + 1];
      int32_t bb = b.offsets()[j], be = b.offsets()[j + 1];
      int32_t n = std::min(ae - ab, be - bb);
      for (int32_t k = 0; k < n; ++k) {
        for (size_t c = 0; c < a.num_children(); ++c) {
          if (int r = CompareNested(a.child(c), ab + k, b.child(c), bb + k)) return r;
        }
      }
      return CompareNumbers(ae - ab, be - bb);
    }
    case PhysicalType::kStruct:
      for (size_t c = 0; c < a.num_children(); ++c) {
        if (int r = CompareNested(a.child(c), i, b.child(c), j)) return r;
      }
      return 0;
  }
  return 0;
}

uint64_t HashBase(const Vector& v, size_t i, uint64_t seed);

uint64_t HashNested(const Vector& v, size_t row, uint64_t seed) {
  const Vector& base = v.Base();
  size_t i = v.RowIndex(row);
  if (base.IsNull(i)) return HashInt64(kNullHash, seed);
  return HashBase(base, i, seed);
}

uint64_t HashBase(const Vector& v, size_t i, uint64_t seed) {
  switch (v.type().physical_type()) {
    case PhysicalType::kNone: return HashInt64(kNullHash, seed);
    case PhysicalType::kBool:
    case PhysicalType::kInt8: return HashInt64(static_cast<uint64_t>(v.values<int8_t>()[i]), seed);
    case PhysicalType::kInt16: return HashInt64(static_cast<uint64_t>(v.values<int16_t>()[i]), seed);
    case PhysicalType::kInt32: return HashInt64(static_cast<uint64_t>(v.values<int32_t>()[i]), seed);
    case PhysicalType::kInt64: return HashInt64(static_cast<uint64_t>(v.values<int64_t>()[i]), seed);
    case PhysicalType::kInt128: {
      int128_t x = v.values<int128_t>()[i];
      return HashInt64(static_cast<uint64_t>(x >> 64), HashInt64(static_cast<uint64_t>(x), seed));
    }
    case PhysicalType::kFloat: return HashInt64(FloatBits(v.values<float>()[i]), seed);
    case PhysicalType::kDouble: return HashInt64(FloatBits(v.values<double>()[i]), seed);
    case PhysicalType::kString: {
      const StringView& s = v.values<StringView>()[i];
      return HashBytes(s.data(), s.size(), seed);
    }
    case PhysicalType::kInterval: {
      const IntervalValue& x = v.values<IntervalValue>()[i];
      uint64_t h = HashInt64(static_cast<uint32_t>(x.months), seed);
      h = HashInt64(static_cast<uint32_t>(x.days), h);
      return HashInt64(static_cast<uint64_t>(x.micros), h);
    }
    case PhysicalType::kList:
    case PhysicalType::kMap: {
      int32_t begin = v.offsets()[i], end = v.offsets()[i + 1];
      uint64_t h = HashInt64(static_cast<uint64_t>(end - begin), seed);
      for (int32_t k = begin; k < end; ++k) {
        for (size_t c = 0; c < v.num_children(); ++c) h = HashNested(v.child(c), k, h);
      }
      return h;
    }
    case PhysicalType::kStruct: {
      uint64_t h = HashInt64(0x57u, seed);
      for (size_t c = 0; c < v.num_children(); ++c) h = HashNested(v.child(c), i, h);
      return h;
    }
  }
  return seed;
}

template <typename T, typename ToBits>
void HashFixed(const Vector& vector, size_t rows, uint64_t* hashes, bool combine, ToBits to_bits) {
  const Vector& base = vector.Base();
  const T* values = base.values<T>();
  const uint8_t* validity = base.validity();
  if (vector.is_flat() && validity == nullptr) {
    for (size_t r = 0; r < rows; ++r) hashes[r] = HashInt64(to_bits(values[r]), combine ? hashes[r] : 0);
    return;
  }
  for (size_t r = 0; r < rows; ++r) {
    size_t i = vector.RowIndex(r);
    uint64_t seed = combine ? hashes[r] : 0;
    hashes[r] = validity && !bitmap::Get(validity, i) ? HashInt64(kNullHash, seed) : HashInt64(to_bits(values[i]), seed);
  }
}

}  // namespace

int CompareRows(const Vector& a, size_t row_a, const Vector& b, size_t row_b) {
  TARN_DCHECK(a.type().id() == b.type().id(), "comparing rows of different types");
  return CompareNested(a, row_a, b, row_b);
}

bool RowsEqual(const Vector& a, size_t row_a, const Vector& b, size_t row_b) {
  const Vector& ba = a.Base();
  const Vector& bb = b.Base();
  size_t i = a.RowIndex(row_a), j = b.RowIndex(row_b);
  bool na = ba.IsNull(i), nb = bb.IsNull(j);
  if (na || nb) return na == nb;
  switch (a.type().physical_type()) {
    case PhysicalType::kInt32: return ba.values<int32_t>()[i] == bb.values<int32_t>()[j];
    case PhysicalType::kInt64: return ba.values<int64_t>()[i] == bb.values<int64_t>()[j];
    case PhysicalType::kString: return ba.values<StringView>()[i] == bb.values<StringView>()[j];
    default: return CompareBase(ba, i, bb, j) == 0;
  }
}

uint64_t HashRow(const Vector& vector, size_t row, uint64_t seed) { return HashNested(vector, row, seed); }

void HashColumn(const Vector& vector, size_t rows, uint64_t* hashes, bool combine) {
  auto as_u64 = [](auto v) { return static_cast<uint64_t>(v); };
  switch (vector.type().physical_type()) {
    case PhysicalType::kBool:
    case PhysicalType::kInt8: return HashFixed<int8_t>(vector, rows, hashes, combine, as_u64);
    case PhysicalType::kInt16: return HashFixed<int16_t>(vector, rows, hashes, combine, as_u64);
    case PhysicalType::kInt32: return HashFixed<int32_t>(vector, rows, hashes, combine, as_u64);
    case PhysicalType::kInt64: return HashFixed<int64_t>(vector, rows, hashes, combine, as_u64);
    case PhysicalType::kFloat:
      return HashFixed<float>(vector, rows, hashes, combine, [](float v) { return FloatBits(v); });
    case PhysicalType::kDouble:
      return HashFixed<double>(vector, rows, hashes, combine, [](double v) { return FloatBits(v); });
    case PhysicalType::kString: {
      // HashNested's result, without its per-row type switch.
      const Vector& base = vector.Base();
      const StringView* values = base.values<StringView>();
      const uint8_t* validity = base.validity();
      for (size_t r = 0; r < rows; ++r) {
        size_t i = vector.is_flat() ? r : vector.RowIndex(r);
        uint64_t seed = combine ? hashes[r] : 0;
        hashes[r] = validity && !bitmap::Get(validity, i) ? HashInt64(kNullHash, seed)
                                                          : HashBytes(values[i].data(), values[i].size(), seed);
      }
      return;
    }
    default:
      for (size_t r = 0; r < rows; ++r) hashes[r] = HashNested(vector, r, combine ? hashes[r] : 0);
  }
}

}  // namespace tarn
