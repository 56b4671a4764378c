// Small, stable, non-cryptographic hashes whose values are part of a contract
// (e.g. the FNV-1a-64 row checksums of the conformance oracles in
// ../shared/testdata). Not for hash tables: use xxhash there.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

namespace tarn {

inline constexpr uint64_t kFnv1a64OffsetBasis = 0xcbf29ce484222325ULL;
inline constexpr uint64_t kFnv1a64Prime = 0x100000001b3ULL;

/// FNV-1a, 64 bit, continuing from `hash` (start from kFnv1a64OffsetBasis).
constexpr uint64_t Fnv1a64Update(uint64_t hash, std::string_view bytes) {
  for (char c : bytes) {
    hash ^= static_cast<uint8_t>(c);
    hash *= kFnv1a64Prime;
  }
  return hash;
}

/// FNV-1a-64 of `bytes`: Fnv1a64("foobar") == 0x85944171f73967e8.
constexpr uint64_t Fnv1a64(std::string_view bytes) { return Fnv1a64Update(kFnv1a64OffsetBasis, bytes); }

static_assert(Fnv1a64("foobar") == 0x85944171f73967e8ULL, "FNV-1a-64 check value");

}  // namespace tarn
