#include "formats/parquet/encoding/bit_pack.h"

#include <array>
#include <cstring>
#include <utility>

#include "common/error.h"
#include "formats/parquet/encoding/bit_util.h"

namespace tarn::parquet {
namespace {

// One value of a 32-value group: an unaligned 64-bit load at the value's
// first byte, shifted and masked. All offsets are compile-time constants, so
// the unrolled group compiles to straight-line loads, shifts and stores.
template <typename T, int W, int I>
[[gnu::always_inline]] inline void UnpackOne(const uint8_t* __restrict in, T* __restrict out) {
  constexpr int kBit = I * W;
  constexpr int kByte = kBit / 8;
  constexpr int kShift = kBit % 8;
  uint64_t v = LoadLE<uint64_t>(in + kByte) >> kShift;
  if constexpr (kShift + W > 64) v |= uint64_t{in[kByte + 8]} << (64 - kShift);
  if constexpr (W < 64) v &= (uint64_t{1} << W) - 1;
  out[I] = static_cast<T>(v);
}

template <typename T, int W, int... I>
[[gnu::always_inline]] inline void UnpackGroupUnrolled(const uint8_t* __restrict in, T* __restrict out,
                                                       std::integer_sequence<int, I...>) {
  (UnpackOne<T, W, I>(in, out), ...);
}

// Bytes the group kernel may touch from its start: the last value's 8-byte
// load, plus one byte for widths above 56.
template <int W>
constexpr size_t kGroupReadBytes = W == 0 ? 0 : (31 * W) / 8 + 9;

// Unpacks 32 values; reads kGroupReadBytes<W> bytes from `in`.
template <typename T, int W>
[[gnu::always_inline]] inline void UnpackGroup(const uint8_t* __restrict in, T* __restrict out) {
  if constexpr (W == 0) {
    std::memset(out, 0, 32 * sizeof(T));
  } else if constexpr (W == 8 * sizeof(T)) {
    std::memcpy(out, in, 32 * sizeof(T));  // byte-aligned full width: little-endian copy
  } else {
    UnpackGroupUnrolled<T, W>(in, out, std::make_integer_sequence<int, 32>{});
  }
}

// Near the end of the buffer the kernel's over-read would leave it, so the
// group's bytes are first copied into a zero-padded scratch buffer.
template <typename T, int W>
[[gnu::noinline]] void UnpackGroupPadded(const uint8_t* in, size_t available, T* out, size_t count) {
  alignas(8) uint8_t scratch[4 * 64 + 16] = {};
  if (available != 0) std::memcpy(scratch, in, available);
  if (count == 32) {
    UnpackGroup<T, W>(scratch, out);
  } else {
    T values[32];
    UnpackGroup<T, W>(scratch, values);
    std::memcpy(out, values, count * sizeof(T));
  }
}

// `in_size` has been checked to hold ceil(count * W / 8) bytes.
template <typename T, int W>
void UnpackWidth(const uint8_t* in, size_t in_size, T* out, size_t count) {
  if constexpr (W == 0) {
    std::memset(out, 0, count * sizeof(T));
    return;
  }
  constexpr size_t kGroupBytes = 4 * W;
  const size_t groups = count / 32;
  size_t fast_groups = groups;
  if constexpr (W != 0) {
    // Group g touches [g * kGroupBytes, g * kGroupBytes + kGroupReadBytes<W>).
    fast_groups = in_size < kGroupReadBytes<W> ? 0 : (in_size - kGroupReadBytes<W>) / kGroupBytes + 1;
    if (fast_groups > groups) fast_groups = groups;
  }
  for (size_t g = 0; g < fast_groups; ++g) {
    UnpackGroup<T, W>(in, out);
    in += kGroupBytes;
    out += 32;
  }
  for (size_t g = fast_groups; g < groups; ++g) {
    UnpackGroupPadded<T, W>(in, kGroupBytes, out, 32);
    in += kGroupBytes;
    out += 32;
  }
  if (size_t tail = count % 32) UnpackGroupPadded<T, W>(in, BytesForBits(uint64_t{tail} * W), out, tail);
}

template <typename T>
using UnpackFn = void (*)(const uint8_t*, size_t, T*, size_t);

template <typename T, int... W>
constexpr std::array<UnpackFn<T>, sizeof...(W)> MakeUnpackTable(std::integer_sequence<int, W...>) {
  return {&UnpackWidth<T, W>...};
}

template <typename T>
constexpr auto kUnpackTable = MakeUnpackTable<T>(std::make_integer_sequence<int, 8 * sizeof(T) + 1>{});

template <typename T>
size_t Unpack(const uint8_t* in, size_t in_size, int bit_width, T* out, size_t count) {
  constexpr int kMaxWidth = 8 * sizeof(T);
  if (bit_width < 0 || bit_width > kMaxWidth) [[unlikely]]
    ThrowCorruptPage("bit-packed data: bit width " + std::to_string(bit_width) + " exceeds " +
                     std::to_string(kMaxWidth));
  // No divisions here: this runs once per group in DELTA_BINARY_PACKED.
  // count < 2^57 keeps count * 64 from overflowing.
  const uint64_t bytes = BytesForBits(uint64_t{count} * bit_width);
  if ((count >> 57) != 0 || bytes > in_size) [[unlikely]]
    ThrowCorruptPage("bit-packed data: " + std::to_string(count) + " values of width " +
                     std::to_string(bit_width) + " need more than the " + std::to_string(in_size) +
                     " bytes available");
  if (count == 0) return 0;
  kUnpackTable<T>[bit_width](in, in_size, out, count);
  return bytes;
}

template <typename T>
void Pack(const T* values, size_t count, int bit_width, std::string* out) {
  constexpr int kMaxWidth = 8 * sizeof(T);
  if (bit_width < 0 || bit_width > kMaxWidth) [[unlikely]]
    ThrowInternal("PackBits: bit width " + std::to_string(bit_width) + " out of range");
  const size_t bytes = BytesForBits(uint64_t{count} * bit_width);
  if (bytes == 0) return;
  const size_t start = out->size();
  out->resize(start + bytes);
  uint8_t* dst = reinterpret_cast<uint8_t*>(out->data()) + start;
  const uint64_t mask = bit_width == 64 ? ~uint64_t{0} : (uint64_t{1} << bit_width) - 1;
  uint64_t acc = 0;  // pending bits, LSB first
  int bits = 0;      // number of pending bits, < 64
  size_t written = 0;
  for (size_t i = 0; i < count; ++i) {
    const uint64_t v = static_cast<uint64_t>(values[i]) & mask;
    acc |= v << bits;
    bits += bit_width;
    if (bits >= 64) {
      StoreLE<uint64_t>(dst + written, acc);
      written += 8;
      bits -= 64;
      acc = bits == 0 ? 0 : v >> (bit_width - bits);
    }
  }
  for (; bits > 0; bits -= 8) {
    dst[written++] = static_cast<uint8_t>(acc);
    acc >>= 8;
  }
}

}  // namespace

size_t UnpackBits(const uint8_t* in, size_t in_size, int bit_width, uint8_t* out, size_t count) {
  return Unpack(in, in_size, bit_width, out, count);
}
size_t UnpackBits(const uint8_t* in, size_t in_size, int bit_width, uint16_t* out, size_t count) {
  return Unpack(in, in_size, bit_width, out, count);
}
size_t UnpackBits(const uint8_t* in, size_t in_size, int bit_width, uint32_t* out, size_t count) {
  return Unpack(in, in_size, bit_width, out, count);
}
size_t UnpackBits(const uint8_t* in, size_t in_size, int bit_width, uint64_t* out, size_t count) {
  return Unpack(in, in_size, bit_width, out, count);
}

void PackBits(const uint32_t* values, size_t count, int bit_width, std::string* out) {
  Pack(values, count, bit_width, out);
}
void PackBits(const uint64_t* values, size_t count, int bit_width, std::string* out) {
  Pack(values, count, bit_width, out);
}

}  // namespace tarn::parquet
