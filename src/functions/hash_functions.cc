// Spark's hash_funcs: md5, sha1/sha, sha2 and crc32 over bytes (OpenSSL for
// the digests), and hash / xxhash64, which fold every argument into a seed of
// 42 exactly as Spark's Murmur3Hash / XxHash64 expressions do, so values
// match Spark's bucketing and hash partitioning.
#include <openssl/evp.h>
#include <xxhash.h>

#include <array>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>

#include "functions/builtins.h"
#include "functions/collection_util.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"

namespace tarn {
namespace {

constexpr const char* kGroup = "hash_funcs";

std::string Hex(const unsigned char* data, size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 15];
  }
  return out;
}

std::string Digest(const EVP_MD* md, std::string_view bytes) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), out, &size, md, nullptr) != 1) ThrowInternal("OpenSSL digest failed");
  return Hex(out, size);
}

uint32_t Crc32(std::string_view bytes) {
  static const std::array<uint32_t, 256> kTable = [] {
    std::array<uint32_t, 256> table{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    return table;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (char ch : bytes) crc = kTable[(crc ^ static_cast<uint8_t>(ch)) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

// Signatures over bytes: BINARY, or STRING as its UTF-8 bytes.
std::vector<Signature> BytesSignatures(const std::vector<DataType>& extra, const DataType& result) {
  std::vector<Signature> out;
  for (const DataType& first : {DataType::Binary(), DataType::String()}) {
    Signature s{{first}, result};
    s.args.insert(s.args.end(), extra.begin(), extra.end());
    out.push_back(s);
  }
  return out;
}

void RegisterDigests(FunctionRegistry& r) {
  r.Add(MakeScalar("md5", kGroup, "_FUNC_(expr) - Returns an MD5 128-bit checksum as a hex string of `expr`.",
                   BytesSignatures({}, DataType::String()),
                   [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
                     return MapRows<std::string, std::string_view>(
                         args, rows, DataType::String(), [](std::string_view b) { return Digest(EVP_md5(), b); });
                   }));
  r.Add(MakeScalar("sha1", kGroup, "_FUNC_(expr) - Returns a sha1 hash value as a hex string of the `expr`.",
                   BytesSignatures({}, DataType::String()),
                   [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
                     return MapRows<std::string, std::string_view>(
                         args, rows, DataType::String(), [](std::string_view b) { return Digest(EVP_sha1(), b); });
                   }));
  r.AddAlias("sha", "sha1");
  r.Add(MakeScalar("sha2", kGroup,
                   "_FUNC_(expr, bitLength) - Returns a checksum of SHA-2 family as a hex string of `expr`. SHA-224, SHA-256, SHA-384, and SHA-512 are supported. Bit length of 0 is equivalent to 256.",
                   BytesSignatures({DataType::Int()}, DataType::String()),
                   [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
                     return MapRows<std::string, std::string_view, int32_t>(
                         args, rows, DataType::String(), [](std::string_view b, int32_t bits) -> std::optional<std::string> {
                           switch (bits) {
                             case 224: return Digest(EVP_sha224(), b);
                             case 0:
                             case 256: return Digest(EVP_sha256(), b);
                             case 384: return Digest(EVP_sha384(), b);
                             case 512: return Digest(EVP_sha512(), b);
                             default: return std::nullopt;
                           }
                         });
                   }));
  r.Add(MakeScalar("crc32", kGroup,
                   "_FUNC_(expr) - Returns a cyclic redundancy check value of the `expr` as a bigint.",
                   BytesSignatures({}, DataType::Long()),
                   [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
                     return MapRows<int64_t, std::string_view>(
                         args, rows, DataType::Long(), [](std::string_view b) { return static_cast<int64_t>(Crc32(b)); });
                   }));
}

// --- Spark's Murmur3_x86_32 -------------------------------------------------------

uint32_t Rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
uint32_t MixK1(uint32_t k1) { return Rotl32(k1 * 0xcc9e2d51u, 15) * 0x1b873593u; }
uint32_t MixH1(uint32_t h1, uint32_t k1) { return Rotl32(h1 ^ k1, 13) * 5 + 0xe6546b64u; }
uint32_t Fmix(uint32_t h1, uint32_t length) {
  h1 ^= length;
  h1 ^= h1 >> 16;
  h1 *= 0x85ebca6bu;
  h1 ^= h1 >> 13;
  h1 *= 0xc2b2ae35u;
  h1 ^= h1 >> 16;
  return h1;
}

struct Murmur3 {
  using Hash = uint32_t;
  static Hash Int(int32_t v, Hash seed) { return Fmix(MixH1(seed, MixK1(static_cast<uint32_t>(v))), 4); }
  static Hash Long(int64_t v, Hash seed) {
    uint64_t u = static_cast<uint64_t>(v);
    uint32_t h1 = MixH1(seed, MixK1(static_cast<uint32_t>(u)));
    h1 = MixH1(h1, MixK1(static_cast<uint32_t>(u >> 32)));
    return Fmix(h1, 8);
  }
  // Spark's legacy hashUnsafeBytes: whole ints, then each trailing byte (signed) as its own block.
  static Hash Bytes(std::string_view bytes, Hash seed) {
    size_t aligned = bytes.size() - bytes.size() % 4;
    uint32_t h1 = seed;
    for (size_t i = 0; i < aligned; i += 4) {
      uint32_t k;
      std::memcpy(&k, bytes.data() + i, 4);  // little-endian, as Platform.getInt on x86
      h1 = MixH1(h1, MixK1(k));
    }
    for (size_t i = aligned; i < bytes.size(); ++i)
      h1 = MixH1(h1, MixK1(static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(bytes[i])))));
    return Fmix(h1, static_cast<uint32_t>(bytes.size()));
  }
};

struct XxHash64 {
  using Hash = uint64_t;
  static Hash Int(int32_t v, Hash seed) { return XXH64(&v, 4, seed); }  // little-endian bytes
  static Hash Long(int64_t v, Hash seed) { return XXH64(&v, 8, seed); }
  static Hash Bytes(std::string_view bytes, Hash seed) { return XXH64(bytes.data(), bytes.size(), seed); }
};

// java.math.BigInteger.toByteArray: minimal big-endian two's complement.
std::string BigIntegerBytes(int128_t v) {
  std::string out;
  for (int n = 1; n <= 16; ++n) {
    int128_t lo = -(static_cast<int128_t>(1) << (8 * n - 1));
    if (n == 16 || (v >= lo && v < -lo)) {
      for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<char>(static_cast<uint128_t>(v) >> (8 * i)));
      return out;
    }
  }
  return out;
}

// HashExpression.computeHash: row `row` of `v` folded into `seed` (NULL leaves it unchanged).
template <typename H>
typename H::Hash HashRow(const Vector& v, size_t row, typename H::Hash seed) {
  if (v.IsNull(row)) return seed;
  const DataType& type = v.type();
  switch (type.id()) {
    case TypeId::kNull: return seed;
    case TypeId::kBoolean: return H::Int(v.ValueAt<uint8_t>(row) != 0 ? 1 : 0, seed);
    case TypeId::kByte: return H::Int(v.ValueAt<int8_t>(row), seed);
    case TypeId::kShort: return H::Int(v.ValueAt<int16_t>(row), seed);
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kYearMonthInterval: return H::Int(v.ValueAt<int32_t>(row), seed);
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz:
    case TypeId::kTime:
    case TypeId::kDayTimeInterval: return H::Long(v.ValueAt<int64_t>(row), seed);
    case TypeId::kFloat: {
      float f = v.ValueAt<float>(row);
      int32_t bits = 0;
      if (std::isnan(f)) bits = 0x7fc00000;  // floatToIntBits' canonical NaN
      else if (f != 0) std::memcpy(&bits, &f, 4);  // -0.0 hashes as 0
      return H::Int(bits, seed);
    }
    case TypeId::kDouble: {
      double d = v.ValueAt<double>(row);
      int64_t bits = 0;
      if (std::isnan(d)) bits = 0x7ff8000000000000LL;
      else if (d != 0) std::memcpy(&bits, &d, 8);
      return H::Long(bits, seed);
    }
    case TypeId::kDecimal:
      if (type.precision() <= kMaxInt64DecimalPrecision) return H::Long(v.ValueAt<int64_t>(row), seed);
      return H::Bytes(BigIntegerBytes(v.ValueAt<int128_t>(row)), seed);
    case TypeId::kString:
    case TypeId::kBinary: return H::Bytes(v.StringAt(row).view(), seed);
    case TypeId::kArray: {
      collection::ListSpan list = collection::ListAt(v, row);
      for (int32_t i = list.begin; i < list.end; ++i) seed = HashRow<H>(*list.elements, i, seed);
      return seed;
    }
    case TypeId::kStruct: {
      const Vector& base = v.Base();
      size_t r = v.RowIndex(row);
      for (size_t f = 0; f < base.num_children(); ++f) seed = HashRow<H>(base.child(f), r, seed);
      return seed;
    }
    default: ThrowInternal("hash: unexpected type " + type.ToString());
  }
}

bool Hashable(const DataType& type) {
  switch (type.id()) {
    case TypeId::kMap:
    case TypeId::kCalendarInterval: return false;
    case TypeId::kArray: return Hashable(type.element_type());
    case TypeId::kStruct:
      for (const Field& f : type.fields())
        if (!Hashable(f.type)) return false;
      return true;
    default: return true;
  }
}

template <typename H>
FunctionInfo MakeHash(const char* name, const DataType& result, const char* usage) {
  FunctionInfo info;
  info.name = name;
  info.group = kGroup;
  info.usage = usage;
  info.scalar = [name, result](const std::vector<ArgType>& args, const FunctionContext&) {
    ExpectArgCount(name, args, 1, SIZE_MAX);
    BoundScalar bound;
    for (size_t i = 0; i < args.size(); ++i) {
      if (!Hashable(args[i].type))
        throw FunctionBindError("Input to the function `" + std::string(name) + "` cannot contain elements of the \"" +
                                args[i].type.ToSql() + "\" type.");
      bound.arg_types.push_back(args[i].type);
    }
    bound.result_type = result;
    bound.result_nullable = false;
    bound.kernel = [result](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
      VectorPtr out = Vector::Make(result, rows);
      for (size_t row = 0; row < rows; ++row) {
        typename H::Hash h = 42;
        for (const VectorPtr& arg : args) h = HashRow<H>(*arg, row, h);
        if constexpr (sizeof(typename H::Hash) == 4) out->values<int32_t>()[row] = static_cast<int32_t>(h);
        else out->values<int64_t>()[row] = static_cast<int64_t>(h);
      }
      return out;
    };
    return bound;
  };
  return info;
}

}  // namespace

void RegisterHashFunctions(FunctionRegistry& registry) {
  RegisterDigests(registry);
  registry.Add(MakeHash<Murmur3>("hash", DataType::Int(), "_FUNC_(expr1, expr2, ...) - Returns a hash value of the arguments."));
  registry.Add(MakeHash<XxHash64>("xxhash64", DataType::Long(),
                                  "_FUNC_(expr1, expr2, ...) - Returns a 64-bit hash value of the arguments. Hash seed is 42."));
}

}  // namespace tarn
