// Helpers for the encoding tests: exact-size heap copies of encoded data (so
// AddressSanitizer catches any read past the end) and corruption assertions.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"

namespace tarn::parquet::testing {

/// An exactly sized heap copy of `s`.
inline std::vector<uint8_t> Exact(const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); }

inline std::string Hex(const std::string& s) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (!out.empty()) out += ' ';
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

inline std::string FromBytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out.push_back(static_cast<char>(b));
  return out;
}

/// Runs `fn` and checks that it throws the file-corruption user error whose
/// message contains `fragment`.
template <typename Fn>
void ExpectCorrupt(Fn&& fn, const std::string& fragment = "") {
  try {
    fn();
    ADD_FAILURE() << "expected a corruption error" << (fragment.empty() ? "" : " mentioning: " + fragment);
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kCorruptFile) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

/// Runs `fn` on corrupt input: it may succeed or throw the corruption error,
/// but nothing else (sanitizers catch crashes and over-reads).
template <typename Fn>
void ExpectSafe(Fn&& fn) {
  try {
    fn();
  } catch (const Error& e) {
    EXPECT_EQ(e.info().error_class, ErrorClass::kCorruptFile) << e.what();
  }
}

}  // namespace tarn::parquet::testing
