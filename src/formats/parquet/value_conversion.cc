#include "formats/parquet/value_conversion.h"

#include <cmath>
#include <cstring>
#include <string>

#include <simdjson.h>

#include "common/error.h"
#include "types/datetime.h"
#include "types/decimal.h"

namespace tarn::parquet {

namespace {

[[noreturn]] void Corrupt(std::string_view path, const std::string& message) {
  ThrowError(ErrorClass::kCorruptFile, {{"path", std::string(path)}, {"message", message}});
}

template <typename T>
T Load(const uint8_t* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

int64_t ScaleTime(int64_t value, ValueConversion conversion, std::string_view path) {
  if (conversion == ValueConversion::kMillisToMicros) {
    int64_t micros;
    if (__builtin_mul_overflow(value, int64_t{1000}, &micros)) Corrupt(path, "a millisecond time value overflows");
    return micros;
  }
  return FloorDiv(value, 1000);  // nanos → micros, towards negative infinity like Spark
}

/// Julian day number of 1970-01-01.
constexpr int64_t kJulianEpochDay = 2440588;

int64_t Int96ToMicros(const uint8_t* p) {
  int64_t nanos_of_day = Load<int64_t>(p);
  int32_t julian_day = Load<int32_t>(p + 8);
  // Wrapping 64-bit arithmetic, exactly as Spark computes it: writers that
  // overflowed while encoding (Spark for years beyond ±292277) round-trip.
  uint64_t days = static_cast<uint64_t>(int64_t{julian_day} - kJulianEpochDay);
  return static_cast<int64_t>(days * static_cast<uint64_t>(kMicrosPerDay) + static_cast<uint64_t>(nanos_of_day / 1000));
}

float HalfToFloat(uint16_t h) {
  uint32_t sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);  // subnormal
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? INFINITY : NAN;
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), static_cast<int>(exponent) - 25);
  }
  return sign ? -magnitude : magnitude;
}

/// Big-endian two's complement → int128; false if it does not fit.
bool BigEndianToInt128(const uint8_t* p, size_t n, int128_t* out) {
  if (n == 0) {
    *out = 0;
    return true;
  }
  bool negative = p[0] & 0x80;
  // Leading sign-extension bytes beyond 16 are allowed.
  while (n > 16) {
    if (p[0] != (negative ? 0xff : 0x00)) return false;
    ++p;
    --n;
  }
  uint128_t value = negative ? ~uint128_t{0} : 0;
  for (size_t i = 0; i < n; ++i) value = (value << 8) | p[i];
  *out = static_cast<int128_t>(value);
  return true;
}

double BigEndianToDouble(const uint8_t* p, size_t n, int scale) {
  if (n == 0) return 0;
  bool negative = p[0] & 0x80;
  double value = 0;
  for (size_t i = 0; i < n; ++i) value = value * 256 + (negative ? static_cast<uint8_t>(~p[i]) : p[i]);
  if (negative) value = -(value + 1);
  return value / std::pow(10.0, scale);
}

// Stores `count` decimals read by `load(i)` at rows [at, at + count) in the
// vector's width (int64 up to precision 18, else int128), chosen once.
template <typename Load>
void StoreDecimals(Vector* out, size_t at, size_t count, Load load) {
  if (out->type().physical_type() == PhysicalType::kInt64) {
    int64_t* values = out->values<int64_t>() + at;
    for (size_t i = 0; i < count; ++i) values[i] = static_cast<int64_t>(load(i));
  } else {
    int128_t* values = out->values<int128_t>() + at;
    for (size_t i = 0; i < count; ++i) values[i] = load(i);
  }
}

void FormatUuid(const uint8_t* p, char* out) {
  static const char kHex[] = "0123456789abcdef";
  int o = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
    out[o++] = kHex[p[i] >> 4];
    out[o++] = kHex[p[i] & 15];
  }
}

}  // namespace

static void ConvertFixedValues(const LeafColumn& leaf, const uint8_t* in, size_t count, Vector* out, size_t at,
                               std::string_view path);

int StoredWidth(const LeafColumn& leaf) {
  switch (leaf.physical_type) {
    case Type::kInt32:
    case Type::kFloat: return 4;
    case Type::kInt64:
    case Type::kDouble: return 8;
    case Type::kInt96: return 12;
    case Type::kFixedLenByteArray: return leaf.type_length;
    default: return 0;
  }
}

void ConvertFixed(const LeafColumn& leaf, const uint8_t* in, size_t count, Vector* out, size_t at,
                  std::string_view path) {
  if (count == 0) return;  // `in` may be null then
  ConvertFixedValues(leaf, in, count, out, at, path);
  if (leaf.type.id() == TypeId::kTime) {
    // A TIME is a time of day: writers that stored negative or >24h values get them wrapped, as DuckDB does.
    int64_t* micros = out->values<int64_t>() + at;
    for (size_t i = 0; i < count; ++i) micros[i] = FloorMod(micros[i], kMicrosPerDay);
  }
}

static void ConvertFixedValues(const LeafColumn& leaf, const uint8_t* in, size_t count, Vector* out, size_t at,
                               std::string_view path) {
  const int width = StoredWidth(leaf);
  switch (leaf.conversion) {
    case ValueConversion::kNone:
      if (leaf.physical_type == Type::kFixedLenByteArray) break;  // binary/string: views below
      std::memcpy(out->values<uint8_t>() + at * width, in, count * width);
      return;
    case ValueConversion::kInt32ToInt8:
      for (size_t i = 0; i < count; ++i) out->values<int8_t>()[at + i] = static_cast<int8_t>(Load<int32_t>(in + 4 * i));
      return;
    case ValueConversion::kInt32ToInt16:
    case ValueConversion::kUInt32ToInt16:
      for (size_t i = 0; i < count; ++i) out->values<int16_t>()[at + i] = static_cast<int16_t>(Load<int32_t>(in + 4 * i));
      return;
    case ValueConversion::kUInt32ToInt32:
      for (size_t i = 0; i < count; ++i) out->values<int32_t>()[at + i] = static_cast<int32_t>(Load<uint32_t>(in + 4 * i) & 0xffff);
      return;
    case ValueConversion::kUInt32ToInt64:
      for (size_t i = 0; i < count; ++i) out->values<int64_t>()[at + i] = Load<uint32_t>(in + 4 * i);
      return;
    case ValueConversion::kUInt64ToDecimal:
      for (size_t i = 0; i < count; ++i) out->values<int128_t>()[at + i] = static_cast<int128_t>(Load<uint64_t>(in + 8 * i));
      return;
    case ValueConversion::kInt32ToDecimal:
      StoreDecimals(out, at, count, [in](size_t i) { return Load<int32_t>(in + 4 * i); });
      return;
    case ValueConversion::kInt64ToDecimal:
      StoreDecimals(out, at, count, [in](size_t i) { return Load<int64_t>(in + 8 * i); });
      return;
    case ValueConversion::kMillisToMicros:
    case ValueConversion::kNanosToMicros:
      for (size_t i = 0; i < count; ++i) {
        int64_t stored = width == 4 ? Load<int32_t>(in + 4 * i) : Load<int64_t>(in + 8 * i);
        out->values<int64_t>()[at + i] = ScaleTime(stored, leaf.conversion, path);
      }
      return;
    case ValueConversion::kInt96ToMicros:
      for (size_t i = 0; i < count; ++i) out->values<int64_t>()[at + i] = Int96ToMicros(in + 12 * i);
      return;
    case ValueConversion::kFloat16ToFloat:
      for (size_t i = 0; i < count; ++i) out->values<float>()[at + i] = HalfToFloat(Load<uint16_t>(in + 2 * i));
      return;
    case ValueConversion::kUuidToString:
      for (size_t i = 0; i < count; ++i) {
        char text[36];
        FormatUuid(in + 16 * i, text);
        out->SetString(at + i, std::string_view(text, 36));
      }
      return;
    case ValueConversion::kIntervalToCalendar:
      for (size_t i = 0; i < count; ++i) {
        const uint8_t* p = in + 12 * i;
        out->values<IntervalValue>()[at + i] =
            IntervalValue{static_cast<int32_t>(Load<uint32_t>(p)), static_cast<int32_t>(Load<uint32_t>(p + 4)),
                          int64_t{Load<uint32_t>(p + 8)} * 1000};
      }
      return;
    default: break;
  }
  // Fixed-length byte arrays handled like byte arrays.
  constexpr size_t kChunk = 1024;
  ByteArray refs[kChunk];
  for (size_t done = 0; done < count; done += kChunk) {
    size_t n = std::min(kChunk, count - done);
    for (size_t i = 0; i < n; ++i) refs[i] = ByteArray{in + (done + i) * width, static_cast<uint32_t>(width)};
    ConvertBytes(leaf, refs, n, out, at + done, path);
  }
}

bool IsAscii(const uint8_t* data, size_t size) {
  uint64_t bits = 0;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) bits |= Load<uint64_t>(data + i);
  for (; i < size; ++i) bits |= data[i];
  return (bits & 0x8080808080808080ULL) == 0;
}

void ConvertBytes(const LeafColumn& leaf, const ByteArray* in, size_t count, Vector* out, size_t at,
                  std::string_view path, bool utf8_checked) {
  switch (leaf.conversion) {
    case ValueConversion::kBytesToDecimal:
      StoreDecimals(out, at, count, [in, path](size_t i) {
        int128_t value;
        if (!BigEndianToInt128(in[i].data, in[i].size, &value)) Corrupt(path, "a DECIMAL value is wider than 16 bytes");
        return value;
      });
      return;
    case ValueConversion::kBytesToDouble:
      for (size_t i = 0; i < count; ++i) {
        out->values<double>()[at + i] = BigEndianToDouble(in[i].data, in[i].size, leaf.decimal_scale);
      }
      return;
    case ValueConversion::kNone: break;
    default: {
      // Conversions of fixed-width values arriving as byte arrays (FLBA through
      // DELTA_BYTE_ARRAY): check the width, then convert as fixed.
      const int width = StoredWidth(leaf);
      for (size_t i = 0; i < count; ++i) {
        if (static_cast<int>(in[i].size) != width) Corrupt(path, "a FIXED_LEN_BYTE_ARRAY value has the wrong length");
        ConvertFixed(leaf, in[i].data, 1, out, at + i, path);
      }
      return;
    }
  }
  StringView* views = out->values<StringView>() + at;
  const bool validate = leaf.validate_utf8 && !utf8_checked;
  for (size_t i = 0; i < count; ++i) {
    const char* data = reinterpret_cast<const char*>(in[i].data);
    // Most strings are ASCII: checking 8 bytes at a time is cheaper than a call into the validator.
    if (validate && !IsAscii(in[i].data, in[i].size) && !simdjson::validate_utf8(data, in[i].size)) {
      ThrowError(ErrorClass::kCorruptFile,
                 {{"path", std::string(path)},
                  {"message", "Invalid string encoding found in column '" + leaf.path.back() + "'"}});
    }
    views[i] = StringView(data, in[i].size);
  }
}

}  // namespace tarn::parquet
