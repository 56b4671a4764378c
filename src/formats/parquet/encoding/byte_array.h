// A view of one BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY value. Decoders hand these
// out pointing into the page buffer (or a caller's arena), never owning.
#pragma once

#include <cstdint>
#include <string_view>

namespace tarn::parquet {

struct ByteArray {
  const uint8_t* data = nullptr;
  uint32_t size = 0;

  ByteArray() = default;
  ByteArray(const uint8_t* d, uint32_t s) : data(d), size(s) {}
  explicit ByteArray(std::string_view s)
      : data(reinterpret_cast<const uint8_t*>(s.data())), size(static_cast<uint32_t>(s.size())) {}

  std::string_view view() const { return {reinterpret_cast<const char*>(data), size}; }
  friend bool operator==(const ByteArray& a, const ByteArray& b) { return a.view() == b.view(); }
};

}  // namespace tarn::parquet
