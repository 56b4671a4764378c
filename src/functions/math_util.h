// Numeric helpers of the math functions: exact decimal rounding in Java's
// BigDecimal modes, Java's double → long conversion and Math.pow edge cases.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>

#include "types/decimal.h"

namespace tarn {

class FunctionRegistry;

/// java.math.RoundingMode values used by round, bround, ceil and floor.
enum class RoundMode : uint8_t { kHalfUp, kHalfEven, kCeiling, kFloor };

/// `value` / 10^drop rounded in `mode` (drop >= 0; any size).
int128_t RoundUnscaled(int128_t value, int64_t drop, RoundMode mode);
/// value * 10^n (n >= 0), nullopt when it overflows 128 bits.
std::optional<int128_t> MultiplyPow10(int128_t value, int64_t n);
/// value / 10^drop rounded half up (drop <= 0 returns value).
inline int128_t RescaleDown(int128_t value, int64_t drop) {
  return drop <= 0 ? value : RoundUnscaled(value, drop, RoundMode::kHalfUp);
}
/// Spark's rounding of a double: BigDecimal(Double.toString(x)).setScale(scale, mode).toDouble.
double RoundDoubleAsDecimal(double x, int scale, RoundMode mode);
/// Java's (long) cast of a double: NaN → 0, saturating at the long range.
int64_t JavaDoubleToLong(double x);
/// java.lang.Math.pow (differs from C's pow for NaN exponents and |x| == 1 with infinite y).
double JavaPow(double x, double y);

/// rand/random/randn (math_random.cc).
void RegisterRandomFunctions(FunctionRegistry& registry);

}  // namespace tarn
