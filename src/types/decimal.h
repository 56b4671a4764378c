// Exact decimal helpers: DECIMAL(p,s) values are unscaled integers (int64 up
// to precision 18, __int128 up to 38) with the scale kept in the type.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tarn {

using int128_t = __int128;
using uint128_t = unsigned __int128;

/// 10^n for n in 0..38.
int128_t PowerOfTen128(int n);
/// Decimal digits of |value| (0 has 1 digit).
int NumDigits(int128_t value);
/// Renders an unscaled value with `scale` fraction digits: -5, 2 → "-0.05".
std::string DecimalToString(int128_t unscaled, int scale);
/// Plain integer text of a 128-bit value.
std::string Int128ToString(int128_t value);
/// Parses decimal text ("-12.345", "1e3") into an unscaled value at `scale`,
/// rounding half-up; nullopt if it does not fit `precision` digits or is malformed.
std::optional<int128_t> ParseDecimal(std::string_view text, int precision, int scale);

}  // namespace tarn
