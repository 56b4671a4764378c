// approx_count_distinct: Spark's HyperLogLog++ (HyperLogLogPlusPlusHelper)
// with the same XXH64 (seed 42) value hashes, register layout and linear
// counting, so small cardinalities match Spark. Not ported: the empirical
// bias correction tables, used by Spark only for raw estimates below 5m.
#include <xxhash.h>

#include <cmath>
#include <cstring>
#include <memory>

#include "functions/aggregate_internal.h"
#include "functions/registry.h"

namespace tarn::agg {
namespace {

constexpr uint64_t kSeed = 42;

uint64_t HashInt(int32_t value) {
  uint8_t bytes[4];
  std::memcpy(bytes, &value, 4);  // XXH64 reads little-endian, like Spark's hashInt
  return XXH64(bytes, 4, kSeed);
}
uint64_t HashLong(int64_t value) {
  uint8_t bytes[8];
  std::memcpy(bytes, &value, 8);
  return XXH64(bytes, 8, kSeed);
}

// Java's BigInteger.toByteArray: minimal big-endian two's complement.
uint64_t HashBigDecimal(int128_t value) {
  uint8_t bytes[16];
  for (int i = 0; i < 16; ++i) bytes[15 - i] = static_cast<uint8_t>(static_cast<uint128_t>(value) >> (8 * i));
  int start = 0;
  while (start < 15 && ((bytes[start] == 0x00 && (bytes[start + 1] & 0x80) == 0) ||
                        (bytes[start] == 0xFF && (bytes[start + 1] & 0x80) != 0)))
    ++start;
  return XXH64(bytes + start, 16 - start, kSeed);
}

// Spark's XxHash64Function.hash(value, type, 42) of a non-null row.
uint64_t HashRow(const Vector& vector, size_t row, const DataType& type) {
  uint64_t hash = 0;
  DispatchAtomic(type, [&]<typename T>(std::type_identity<T>) {
    T value = ReadValue<T>(vector, row);
    if constexpr (std::is_same_v<T, std::string_view>) {
      hash = XXH64(value.data(), value.size(), kSeed);
    } else if constexpr (std::is_same_v<T, bool>) {
      hash = HashInt(value ? 1 : 0);
    } else if constexpr (std::is_same_v<T, float>) {
      int32_t bits = 0x7fc00000;  // Java's canonical NaN
      if (value == 0.0f) value = 0.0f;  // -0.0 hashes as 0.0
      if (!std::isnan(value)) std::memcpy(&bits, &value, 4);
      hash = HashInt(bits);
    } else if constexpr (std::is_same_v<T, double>) {
      int64_t bits = 0x7ff8000000000000LL;
      if (value == 0.0) value = 0.0;
      if (!std::isnan(value)) std::memcpy(&bits, &value, 8);
      hash = HashLong(bits);
    } else if constexpr (std::is_same_v<T, int128_t>) {
      hash = HashBigDecimal(value);
    } else if constexpr (sizeof(T) == 8) {
      hash = HashLong(static_cast<int64_t>(value));
    } else {
      hash = HashInt(static_cast<int32_t>(value));
    }
  });
  return hash;
}

// Linear-counting thresholds of HLL++ for p = 4..18.
constexpr double kThresholds[] = {10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000, 120000, 350000};

class ApproxCountDistinct final : public AggregateFunction {
 public:
  ApproxCountDistinct(std::vector<DataType> args, int p) : p_(p), m_(size_t{1} << p) {
    result_type_ = DataType::Long();
    arg_types_ = std::move(args);
    double m = static_cast<double>(m_);
    switch (p) {
      case 4: alpha_m2_ = 0.673 * m * m; break;
      case 5: alpha_m2_ = 0.697 * m * m; break;
      case 6: alpha_m2_ = 0.709 * m * m; break;
      default: alpha_m2_ = (0.7213 / (1.0 + 1.079 / m)) * m * m;
    }
  }
  size_t state_size() const override { return m_; }
  size_t state_align() const override { return 8; }
  void Init(uint8_t* state) const override { std::memset(state, 0, m_); }
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    const Vector& arg = *args[0];
    const DataType& type = arg_types_[0];
    for (size_t i = 0; i < rows; ++i) {
      if (arg.IsNull(i)) continue;
      uint64_t hash = HashRow(arg, i, type);
      size_t index = static_cast<size_t>(hash >> (64 - p_));
      uint64_t w = (hash << p_) | (uint64_t{1} << (p_ - 1));
      uint8_t rank = static_cast<uint8_t>(__builtin_clzll(w) + 1);
      if (rank > states[i][index]) states[i][index] = rank;
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    for (size_t j = 0; j < m_; ++j) target[j] = std::max(target[j], source[j]);
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) out.values<int64_t>()[i] = Estimate(states[i]);
  }

 private:
  int64_t Estimate(const uint8_t* registers) const {
    double z_inverse = 0, zeros = 0;
    for (size_t j = 0; j < m_; ++j) {
      z_inverse += 1.0 / static_cast<double>(uint64_t{1} << registers[j]);
      if (registers[j] == 0) zeros += 1;
    }
    double estimate = alpha_m2_ / z_inverse;
    if (zeros > 0) {
      double m = static_cast<double>(m_);
      double linear = m * std::log(m / zeros);
      if (linear <= kThresholds[p_ - 4]) estimate = linear;
    }
    return static_cast<int64_t>(std::llround(estimate));
  }

  int p_;
  size_t m_;
  double alpha_m2_;
};

}  // namespace

void RegisterSketchAggregates(FunctionRegistry& registry) {
  registry.Add(MakeAggregateInfo(
      "approx_count_distinct",
      "_FUNC_(expr[, relativeSD]) - Returns the estimated cardinality by HyperLogLog++.\n"
      "    `relativeSD` defines the maximum relative standard deviation allowed.",
      "> SELECT _FUNC_(col1) FROM VALUES (1), (1), (2), (2), (3) tab(col1);\n 3",
      [](const std::vector<ArgType>& args, const FunctionContext&) -> std::shared_ptr<const AggregateFunction> {
        ExpectArgCount("approx_count_distinct", args, 1, 2);
        const DataType& type = args[0].type;
        bool atomic = type.id() != TypeId::kNull && DispatchAtomic(type, [](auto) {});
        if (!atomic)
          throw FunctionBindError("approx_count_distinct does not support the type \"" + type.ToSql() + "\".");
        std::vector<DataType> types{type};
        double rsd = 0.05;
        if (args.size() == 2) {
          if (!args[1].constant || args[1].constant->IsNull(0) || !args[1].type.is_numeric() ||
              args[1].type.id() == TypeId::kDecimal)
            throw FunctionBindError("The relativeSD of approx_count_distinct must be a numeric literal.");
          DispatchAtomic(args[1].type, [&]<typename T>(std::type_identity<T>) {
            if constexpr (std::is_arithmetic_v<T>) rsd = static_cast<double>(ReadValue<T>(*args[1].constant, 0));
          });
          types.push_back(args[1].type);
        }
        double bits = std::ceil(2.0 * std::log(1.106 / rsd) / std::log(2.0));
        if (!(bits >= 4))
          throw FunctionBindError("HLL requires at least 4 bits for addressing. Use a lower error, at most 39%.");
        if (!(bits <= 18))
          throw FunctionBindError("The relativeSD of approx_count_distinct is too small (at least 0.001 needed).");
        return std::make_shared<ApproxCountDistinct>(std::move(types), static_cast<int>(bits));
      }));
}

}  // namespace tarn::agg
