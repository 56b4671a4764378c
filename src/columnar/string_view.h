// StringView: the 16-byte value of a STRING or BINARY slot. Strings of up to
// 12 bytes live inline; longer ones keep a 4-byte prefix (fast comparisons)
// and a pointer into memory the owning Vector keeps alive (its string heap,
// a Parquet page, a dictionary). The layout matches Velox/DuckDB string views.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace tarn {

class StringView {
 public:
  static constexpr uint32_t kInlineSize = 12;

  StringView() : size_(0), prefix_{}, pointer_(nullptr) {}
  /// Points at (or copies inline) `size` bytes at `data`; the bytes must outlive
  /// the view unless size <= kInlineSize.
  StringView(const char* data, uint32_t size) {
    size_ = size;
    if (size <= kInlineSize) {
      std::memset(prefix_, 0, kInlineSize);
      if (size > 0) std::memcpy(prefix_, data, size);
    } else {
      std::memcpy(prefix_, data, 4);
      pointer_ = data;
    }
  }
  explicit StringView(std::string_view s) : StringView(s.data(), static_cast<uint32_t>(s.size())) {}

  uint32_t size() const { return size_; }
  bool is_inline() const { return size_ <= kInlineSize; }
  // Inline bytes run on from prefix_ into the union (both are plain chars at offsets 4..15).
  const char* data() const { return is_inline() ? prefix_ : pointer_; }
  std::string_view view() const { return {data(), size_}; }
  operator std::string_view() const { return view(); }  // NOLINT

  bool operator==(const StringView& other) const {
    if (size_ != other.size_) return false;
    // Compares size and prefix (and the inline bytes) in one go.
    if (std::memcmp(this, &other, 8) != 0) return false;
    if (is_inline()) return std::memcmp(rest_, other.rest_, 8) == 0;
    return std::memcmp(pointer_, other.pointer_, size_) == 0;
  }

 private:
  uint32_t size_;
  char prefix_[4];
  union {
    char rest_[8];  // inline bytes 5..12
    const char* pointer_;
  };
};

static_assert(sizeof(StringView) == 16, "StringView must stay 16 bytes");

}  // namespace tarn
