// Small string helpers shared across folders.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace tarn {

/// ASCII case-insensitive equality (Spark's default identifier resolution).
inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// ASCII lower case (identifiers, function names, option keys).
inline std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace tarn
