#include "columnar/bitmap.h"

#include <cstring>

namespace tarn::bitmap {

size_t CountSet(const uint8_t* bits, size_t length) {
  size_t count = 0;
  size_t whole = length / 64;
  for (size_t w = 0; w < whole; ++w) {
    uint64_t word;
    std::memcpy(&word, bits + w * 8, 8);
    count += __builtin_popcountll(word);
  }
  for (size_t i = whole * 64; i < length; ++i) count += Get(bits, i);
  return count;
}

void SetRange(uint8_t* bits, size_t begin, size_t end, bool value) {
  while (begin < end && (begin & 7) != 0) SetTo(bits, begin++, value);
  size_t full_bytes = (end - begin) / 8;
  if (full_bytes > 0) {
    std::memset(bits + begin / 8, value ? 0xff : 0, full_bytes);
    begin += full_bytes * 8;
  }
  while (begin < end) SetTo(bits, begin++, value);
}

}  // namespace tarn::bitmap
