// Buffer: one 64-byte aligned, growable block of memory — the storage under
// every Vector (values, validity bitmap, list offsets, string bytes).
//
// Thread safety: not synchronised; a Buffer is owned by one Vector.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace tarn {

class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(size_t size, bool zero_fill = true) { Resize(size, zero_fill); }
  ~Buffer();
  Buffer(Buffer&& other) noexcept;
  Buffer& operator=(Buffer&& other) noexcept;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  /// A buffer over memory someone else owns (and keeps alive): growing it
  /// first copies the bytes into memory of its own.
  static Buffer View(uint8_t* data, size_t size);

  /// Grows capacity to at least `capacity` bytes, keeping the contents.
  void Reserve(size_t capacity);
  /// Sets the size, growing (geometrically) when needed; new bytes are zeroed
  /// unless `zero_fill` is false (for bytes the caller overwrites at once).
  void Resize(size_t size, bool zero_fill = true);
  void Clear() { size_ = 0; }
  /// Appends raw bytes.
  void Append(const void* bytes, size_t n);

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  template <typename T>
  T* as() { return reinterpret_cast<T*>(data_); }
  template <typename T>
  const T* as() const { return reinterpret_cast<const T*>(data_); }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
  bool owned_ = true;
};

}  // namespace tarn
