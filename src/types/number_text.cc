#include "types/number_text.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>

namespace tarn {
namespace {

// A positive finite value as decimal digits: value = 0.d1d2…dk × 10^point.
struct Digits {
  char digits[24];
  int count = 0;
  int point = 0;
};

// Splits to_chars' scientific output "d[.ddd]e±XX" into digits and exponent.
Digits ParseScientific(const char* begin, const char* end) {
  Digits d;
  const char* p = begin;
  for (; p < end && *p != 'e'; ++p) {
    if (*p != '.') d.digits[d.count++] = *p;
  }
  int exponent = 0;
  if (p < end) std::from_chars(p + (p[1] == '+' ? 2 : 1), end, exponent);
  // Drop trailing zeros (to_chars with a precision may produce them).
  while (d.count > 1 && d.digits[d.count - 1] == '0') --d.count;
  d.point = exponent + 1;
  return d;
}

template <typename T>
Digits ShortestDigits(T value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  return ParseScientific(buffer, result.ptr);
}

// Java picks, when the shortest decimal has one digit, the closest decimal of
// one or two digits that still round-trips (Double.MIN_VALUE → 4.9E-324).
template <typename T>
Digits JavaDigits(T value) {
  Digits shortest = ShortestDigits(value);
  if (shortest.count != 1) return shortest;
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific, 1);
  T parsed{};
  auto back = std::from_chars(buffer, result.ptr, parsed);
  if (back.ec != std::errc() || parsed != value) return shortest;
  return ParseScientific(buffer, result.ptr);
}

void AppendZeros(int n, std::string* out) { out->append(static_cast<size_t>(n), '0'); }

void AppendExponent(int exponent, bool plus_sign, std::string* out) {
  if (exponent < 0) {
    out->push_back('-');
  } else if (plus_sign) {
    out->push_back('+');
  }
  out->append(std::to_string(std::abs(exponent)));
}

void LayoutEcma(const Digits& d, std::string* out) {
  const int k = d.count, n = d.point;
  std::string_view digits(d.digits, k);
  if (k <= n && n <= 21) {
    out->append(digits);
    AppendZeros(n - k, out);
  } else if (0 < n && n <= 21) {
    out->append(digits.substr(0, n));
    out->push_back('.');
    out->append(digits.substr(n));
  } else if (-6 < n && n <= 0) {
    out->append("0.");
    AppendZeros(-n, out);
    out->append(digits);
  } else {
    out->push_back(digits[0]);
    if (k > 1) {
      out->push_back('.');
      out->append(digits.substr(1));
    }
    out->push_back('e');
    AppendExponent(n - 1, /*plus_sign=*/true, out);
  }
}

void LayoutJava(const Digits& d, std::string* out) {
  const int k = d.count, n = d.point;
  std::string_view digits(d.digits, k);
  if (-2 <= n && n <= 7) {  // 1e-3 <= value < 1e7: plain notation
    if (n <= 0) {
      out->append("0.");
      AppendZeros(-n, out);
      out->append(digits);
    } else if (k <= n) {
      out->append(digits);
      AppendZeros(n - k, out);
      out->append(".0");
    } else {
      out->append(digits.substr(0, n));
      out->push_back('.');
      out->append(digits.substr(n));
    }
  } else {
    out->push_back(digits[0]);
    out->push_back('.');
    if (k > 1) {
      out->append(digits.substr(1));
    } else {
      out->push_back('0');
    }
    out->push_back('E');
    AppendExponent(n - 1, /*plus_sign=*/false, out);
  }
}

// Handles sign, zero, NaN and infinity; returns false when `value` is one of
// those (already appended).
template <typename T>
bool AppendSpecial(T value, const char* zero, std::string* out) {
  if (std::isnan(value)) {
    out->append("NaN");
    return false;
  }
  if (std::signbit(value)) out->push_back('-');
  if (std::isinf(value)) {
    out->append("Infinity");
    return false;
  }
  if (value == 0) {
    out->append(zero);
    return false;
  }
  return true;
}

}  // namespace

void AppendEcmaNumber(double value, std::string* out) {
  if (AppendSpecial(value, "0", out)) LayoutEcma(ShortestDigits(std::fabs(value)), out);
}

void AppendEcmaNumber(float value, std::string* out) {
  if (AppendSpecial(value, "0", out)) LayoutEcma(ShortestDigits(std::fabs(value)), out);
}

void AppendJavaNumber(double value, std::string* out) {
  if (AppendSpecial(value, "0.0", out)) LayoutJava(JavaDigits(std::fabs(value)), out);
}

void AppendJavaNumber(float value, std::string* out) {
  if (AppendSpecial(value, "0.0", out)) LayoutJava(JavaDigits(std::fabs(value)), out);
}

}  // namespace tarn
