#include "functions/math_util.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace tarn {

int128_t RoundUnscaled(int128_t value, int64_t drop, RoundMode mode) {
  if (drop <= 0) return value;
  int128_t q = 0, r = value;
  bool half_or_more = false, exactly_half = false;
  if (drop <= 38) {
    int128_t d = PowerOfTen128(static_cast<int>(drop));
    q = value / d;
    r = value % d;
    int128_t abs_r = r < 0 ? -r : r;
    half_or_more = abs_r >= d - abs_r;
    exactly_half = abs_r == d - abs_r;
  }
  // Beyond 38 digits |value| < 10^38 <= 10^drop / 10: q = 0, never half.
  if (r == 0) return q;
  int sign = value < 0 ? -1 : 1;
  switch (mode) {
    case RoundMode::kHalfUp:
      if (half_or_more) q += sign;
      break;
    case RoundMode::kHalfEven:
      if (half_or_more && (!exactly_half || (q % 2) != 0)) q += sign;
      break;
    case RoundMode::kCeiling:
      if (sign > 0) q += 1;
      break;
    case RoundMode::kFloor:
      if (sign < 0) q -= 1;
      break;
  }
  return q;
}

std::optional<int128_t> MultiplyPow10(int128_t value, int64_t n) {
  if (n <= 0 || value == 0) return value;
  if (n > 38) return std::nullopt;
  int128_t out;
  if (__builtin_mul_overflow(value, PowerOfTen128(static_cast<int>(n)), &out)) return std::nullopt;
  return out;
}

double RoundDoubleAsDecimal(double x, int scale, RoundMode mode) {
  if (std::isnan(x) || std::isinf(x)) return x;
  if (x == 0) return 0.0;  // BigDecimal has no negative zero
  // Shortest round-trip digits, as Double.toString gives them: d.ddde±x.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  std::string text(buf, res.ptr);
  bool negative = text[0] == '-';
  size_t e = text.find('e');
  std::string digits;
  for (size_t i = negative ? 1 : 0; i < e; ++i)
    if (text[i] != '.') digits.push_back(text[i]);
  int64_t exponent = std::strtoll(text.c_str() + e + 1, nullptr, 10) - static_cast<int64_t>(digits.size() - 1);
  // value = digits * 10^exponent; keep digits down to 10^-scale.
  int64_t drop = -exponent - scale;
  if (drop <= 0) return x;
  if (static_cast<int64_t>(digits.size()) < drop + 1) digits.insert(0, static_cast<size_t>(drop + 1 - digits.size()), '0');
  std::string kept = digits.substr(0, digits.size() - static_cast<size_t>(drop));
  std::string dropped = digits.substr(digits.size() - static_cast<size_t>(drop));
  bool any = dropped.find_first_not_of('0') != std::string::npos;
  bool up = false;
  if (any) {
    char first = dropped[0];
    bool rest = dropped.find_first_not_of('0', 1) != std::string::npos;
    switch (mode) {
      case RoundMode::kHalfUp: up = first >= '5'; break;
      case RoundMode::kHalfEven:
        up = first > '5' || (first == '5' && (rest || ((kept.back() - '0') % 2 != 0)));
        break;
      case RoundMode::kCeiling: up = !negative; break;
      case RoundMode::kFloor: up = negative; break;
    }
  }
  if (up) {
    size_t i = kept.size();
    while (i > 0 && kept[i - 1] == '9') kept[--i] = '0';
    if (i == 0) kept.insert(0, 1, '1');
    else ++kept[i - 1];
  }
  std::string out = (negative ? "-" : "") + kept + "e" + std::to_string(-static_cast<int64_t>(scale));
  double result = std::strtod(out.c_str(), nullptr);
  return result == 0 ? 0.0 : result;
}

int64_t JavaDoubleToLong(double x) {
  if (std::isnan(x)) return 0;
  if (x >= 9223372036854775807.0) return INT64_MAX;
  if (x <= -9223372036854775808.0) return INT64_MIN;
  return static_cast<int64_t>(x);
}

double JavaPow(double x, double y) {
  if (std::isnan(y)) return y;
  if (std::isinf(y) && std::fabs(x) == 1.0) return std::nan("");
  return std::pow(x, y);
}

}  // namespace tarn
