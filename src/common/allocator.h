// Process-wide memory settings and bookkeeping for a data engine.
//
// Scans allocate and free buffers of many megabytes per row group; glibc's
// default hands those back to the kernel each time (mmap/munmap, then page
// faults to touch them again), so TuneAllocator() keeps blocks of up to
// kMmapThreshold in the heap. What the heap keeps must not grow without
// bound, though: a join build or a sort frees gigabytes at once, and freed
// heap memory stays resident until it is trimmed. So the columnar Buffers
// report what they allocate and free here; every kTrimCheckBytes freed, if
// the heap's free memory grew by more than kRetainFreeBytes since its lowest
// point after the last trim, it is given back to the kernel (malloc_trim) —
// a scan recycling its row-group buffers never trims, a freed join build does. The count of live Buffer bytes is also what
// the memory limit checks real memory against (MemoryTracker).
//
// Thread safety: all functions are safe from any thread (atomics; trimming
// runs in one thread at a time).
#pragma once

#include <cstdint>

namespace tarn {

/// Blocks up to this size come from the heap (and are reused when freed);
/// larger ones are mapped and unmapped.
constexpr int64_t kMmapThreshold = int64_t{32} << 20;
/// Free heap memory kept for reuse; beyond it freed pages go back to the kernel.
constexpr int64_t kRetainFreeBytes = int64_t{256} << 20;
/// Freed bytes between two checks of the heap's free memory.
constexpr int64_t kTrimCheckBytes = int64_t{128} << 20;

/// Sets the heap's mmap and trim thresholds (above). Binaries call it once at
/// startup; safe to call more than once.
void TuneAllocator();

/// Columnar buffers report their allocations (`bytes` > 0) and frees (< 0).
void CountBufferBytes(int64_t bytes);
/// Bytes of columnar buffers alive in the process now.
int64_t BufferBytes();

/// Gives the heap's free pages back to the kernel now (malloc_trim).
void ReleaseFreeMemory();

}  // namespace tarn
