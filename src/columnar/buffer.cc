#include "columnar/buffer.h"

#include <algorithm>
#include <cstdlib>
#include <new>
#include <utility>

#include "common/allocator.h"

namespace tarn {

namespace {
constexpr size_t kAlignment = 64;

// Frees an owned block and reports it (common/allocator: the live-bytes
// count the memory limit checks, and trimming the heap).
void FreeOwned(uint8_t* data, size_t capacity) {
  if (data == nullptr) return;
  std::free(data);
  CountBufferBytes(-static_cast<int64_t>(capacity));
}
}  // namespace

Buffer::~Buffer() {
  if (owned_) FreeOwned(data_, capacity_);
}

Buffer::Buffer(Buffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)),
      owned_(std::exchange(other.owned_, true)) {}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
  if (this != &other) {
    if (owned_) FreeOwned(data_, capacity_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
    owned_ = std::exchange(other.owned_, true);
  }
  return *this;
}

Buffer Buffer::View(uint8_t* data, size_t size) {
  Buffer view;
  view.data_ = data;
  view.size_ = size;
  view.capacity_ = size;
  view.owned_ = false;
  return view;
}

void Buffer::Reserve(size_t capacity) {
  if (capacity <= capacity_) return;
  // Round up to the alignment so SIMD loops may read whole cache lines at the end.
  size_t rounded = (capacity + kAlignment - 1) / kAlignment * kAlignment;
  auto* fresh = static_cast<uint8_t*>(std::aligned_alloc(kAlignment, rounded));
  if (fresh == nullptr) throw std::bad_alloc();
  CountBufferBytes(static_cast<int64_t>(rounded));
  if (size_ > 0) std::memcpy(fresh, data_, size_);
  if (owned_) FreeOwned(data_, capacity_);
  data_ = fresh;
  capacity_ = rounded;
  owned_ = true;
}

void Buffer::Resize(size_t size, bool zero_fill) {
  if (size > capacity_) Reserve(std::max(size, capacity_ * 2));
  if (zero_fill && size > size_) std::memset(data_ + size_, 0, size - size_);
  size_ = size;
}

void Buffer::Append(const void* bytes, size_t n) {
  if (n == 0) return;
  size_t old = size_;
  if (old + n > capacity_) Reserve(std::max(old + n, capacity_ * 2));
  std::memcpy(data_ + old, bytes, n);
  size_ = old + n;
}

}  // namespace tarn
