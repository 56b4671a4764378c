// rand/random/randn: Spark's XORShiftRandom seeded with seed + partition index
// (tarn runs partition 0), so rand(0) gives Spark's first values. The
// generator state lives with the bound function and advances row by row.
#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>

#include "functions/builtins.h"
#include "functions/kernel_util.h"
#include "functions/math_util.h"
#include "functions/registry.h"

namespace tarn {
namespace {

uint32_t Rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

// scala.util.hashing.MurmurHash3.bytesHash (standard Murmur3 x86_32).
uint32_t ScalaBytesHash(const uint8_t* data, size_t len, uint32_t seed) {
  uint32_t h = seed;
  size_t i = 0;
  for (; i + 4 <= len; i += 4) {
    uint32_t k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (static_cast<uint32_t>(data[i + 3]) << 24);
    k *= 0xcc9e2d51;
    k = Rotl32(k, 15);
    k *= 0x1b873593;
    h ^= k;
    h = Rotl32(h, 13);
    h = h * 5 + 0xe6546b64;
  }
  uint32_t k = 0;
  size_t rest = len - i;
  if (rest == 3) k ^= data[i + 2] << 16;
  if (rest >= 2) k ^= data[i + 1] << 8;
  if (rest >= 1) {
    k ^= data[i];
    k *= 0xcc9e2d51;
    k = Rotl32(k, 15);
    k *= 0x1b873593;
    h ^= k;
  }
  h ^= static_cast<uint32_t>(len);
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

// org.apache.spark.util.random.XORShiftRandom with java.util.Random's nextDouble/nextGaussian.
class XorShiftRandom {
 public:
  explicit XorShiftRandom(int64_t seed) {
    uint8_t bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(static_cast<uint64_t>(seed) >> (56 - 8 * i));
    uint32_t low = ScalaBytesHash(bytes, 8, 0x3c074a61);
    uint32_t high = ScalaBytesHash(bytes, 8, low);
    seed_ = static_cast<int64_t>((static_cast<uint64_t>(high) << 32) | low);
  }
  int32_t Next(int bits) {
    uint64_t s = static_cast<uint64_t>(seed_);
    s ^= s << 21;
    s ^= s >> 35;
    s ^= s << 4;
    seed_ = static_cast<int64_t>(s);
    return static_cast<int32_t>(s & ((uint64_t{1} << bits) - 1));
  }
  double NextDouble() {
    return static_cast<double>((static_cast<int64_t>(Next(26)) << 27) + Next(27)) * 0x1.0p-53;
  }
  double NextGaussian() {
    if (have_next_) {
      have_next_ = false;
      return next_gaussian_;
    }
    double v1, v2, s;
    do {
      v1 = 2 * NextDouble() - 1;
      v2 = 2 * NextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    // Java uses StrictMath.sqrt / StrictMath.log; both are correctly rounded here for sqrt.
    double multiplier = std::sqrt(-2 * std::log(s) / s);
    next_gaussian_ = v2 * multiplier;
    have_next_ = true;
    return v1 * multiplier;
  }

 private:
  int64_t seed_;
  bool have_next_ = false;
  double next_gaussian_ = 0;
};

struct RandomState {
  std::mutex mutex;
  XorShiftRandom rng;
  explicit RandomState(int64_t seed) : rng(seed) {}
};

FunctionInfo MakeRandom(const char* name, bool gaussian, const char* usage) {
  FunctionInfo info;
  info.name = name;
  info.group = "math_funcs";
  info.usage = usage;
  info.scalar = [name, gaussian](const std::vector<ArgType>& args, const FunctionContext&) {
    ExpectArgCount(name, args, 0, 1);
    int64_t seed;
    BoundScalar bound;
    bound.result_type = DataType::Double();
    bound.result_nullable = false;
    bound.deterministic = false;
    if (args.size() == 1) {
      const ArgType& arg = args[0];
      if (arg.type.id() != TypeId::kInt && arg.type.id() != TypeId::kLong && arg.type.id() != TypeId::kNull)
        ThrowUnexpectedInputType(0, "(\"INT\" or \"BIGINT\")", arg.type);
      if (!arg.constant)
        throw FunctionBindError(std::string("The first argument of ") + name + " must be a constant integer.");
      bound.arg_types = {arg.type};
      if (arg.constant->IsNull(0)) seed = 0;  // Spark: a NULL seed is 0
      else seed = arg.type.id() == TypeId::kInt ? arg.constant->ValueAt<int32_t>(0) : arg.constant->ValueAt<int64_t>(0);
    } else {
      seed = static_cast<int64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
             static_cast<int64_t>(reinterpret_cast<uintptr_t>(&bound));
    }
    auto state = std::make_shared<RandomState>(seed);
    bound.kernel = [state, gaussian](std::span<const VectorPtr>, size_t rows, const FunctionContext&) {
      VectorPtr out = Vector::Make(DataType::Double(), rows);
      std::lock_guard<std::mutex> lock(state->mutex);
      double* values = out->values<double>();
      for (size_t row = 0; row < rows; ++row) values[row] = gaussian ? state->rng.NextGaussian() : state->rng.NextDouble();
      return out;
    };
    return bound;
  };
  return info;
}

}  // namespace

void RegisterRandomFunctions(FunctionRegistry& registry) {
  registry.Add(MakeRandom("rand", false, "_FUNC_([seed]) - Returns a random value with independent and identically distributed (i.i.d.) uniformly distributed values in [0, 1)."));
  registry.AddAlias("random", "rand");
  registry.Add(MakeRandom("randn", true, "_FUNC_([seed]) - Returns a random value with independent and identically distributed (i.i.d.) values drawn from the standard normal distribution."));
}

}  // namespace tarn
