#include "types/decimal.h"

#include <cctype>

namespace tarn {

int128_t PowerOfTen128(int n) {
  static const auto kPowers = [] {
    struct Table {
      int128_t values[39];
    } table{};
    table.values[0] = 1;
    for (int i = 1; i < 39; ++i) table.values[i] = table.values[i - 1] * 10;
    return table;
  }();
  return kPowers.values[n];
}

int NumDigits(int128_t value) {
  uint128_t magnitude = value < 0 ? -static_cast<uint128_t>(value) : static_cast<uint128_t>(value);
  int digits = 1;
  while (magnitude >= 10) {
    magnitude /= 10;
    ++digits;
  }
  return digits;
}

std::string Int128ToString(int128_t value) {
  uint128_t magnitude = value < 0 ? -static_cast<uint128_t>(value) : static_cast<uint128_t>(value);
  char buffer[48];
  int pos = sizeof(buffer);
  do {
    buffer[--pos] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  if (value < 0) buffer[--pos] = '-';
  return std::string(buffer + pos, sizeof(buffer) - pos);
}

std::string DecimalToString(int128_t unscaled, int scale) {
  std::string digits = Int128ToString(unscaled);
  if (unscaled < 0) digits.erase(0, 1);  // the magnitude (no negation: INT128_MIN has none)
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale) digits.insert(0, scale - digits.size() + 1, '0');
    digits.insert(digits.size() - scale, 1, '.');
  }
  if (unscaled < 0) digits.insert(0, 1, '-');
  return digits;
}

std::optional<int128_t> ParseDecimal(std::string_view text, int precision, int scale) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty()) return std::nullopt;
  bool negative = false;
  size_t pos = 0;
  if (text[0] == '+' || text[0] == '-') {
    negative = text[0] == '-';
    pos = 1;
  }
  // Collect significant digits and the decimal exponent.
  std::string digits;
  int64_t exponent = 0;
  bool seen_digit = false, seen_point = false;
  for (; pos < text.size(); ++pos) {
    char c = text[pos];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      seen_digit = true;
      if (digits.empty() && c == '0') {
        if (seen_point) --exponent;
        continue;
      }
      if (digits.size() < 80) {
        digits += c;
        if (seen_point) --exponent;
      } else if (!seen_point) {
        ++exponent;
      }
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else if (c == 'e' || c == 'E') {
      ++pos;
      bool exp_negative = false;
      if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) exp_negative = text[pos++] == '-';
      if (pos == text.size()) return std::nullopt;
      int64_t value = 0;
      for (; pos < text.size(); ++pos) {
        if (!std::isdigit(static_cast<unsigned char>(text[pos]))) return std::nullopt;
        value = value * 10 + (text[pos] - '0');
        if (value > 100000) return std::nullopt;
      }
      exponent += exp_negative ? -value : value;
      break;
    } else {
      return std::nullopt;
    }
  }
  if (!seen_digit) return std::nullopt;
  // value = digits * 10^exponent; we want round(value * 10^scale).
  int64_t shift = exponent + scale;
  int128_t result = 0;
  if (digits.empty()) return int128_t{0};
  int64_t keep = static_cast<int64_t>(digits.size()) + shift;  // digits kept before the rounding point
  if (keep > precision) return std::nullopt;
  bool round_up = false;
  for (int64_t i = 0; i < static_cast<int64_t>(digits.size()); ++i) {
    if (i < keep) {
      result = result * 10 + (digits[i] - '0');
    } else {
      round_up = i == keep && digits[i] >= '5';
      break;
    }
  }
  for (int64_t i = static_cast<int64_t>(digits.size()); i < keep; ++i) result *= 10;
  if (round_up) {
    ++result;
    if (NumDigits(result) > precision) return std::nullopt;
  }
  return negative ? -result : result;
}

}  // namespace tarn
