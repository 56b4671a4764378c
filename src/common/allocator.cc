#include "common/allocator.h"

#include <malloc.h>

#include <algorithm>
#include <atomic>

namespace tarn {
namespace {

std::atomic<int64_t> buffer_bytes{0};
std::atomic<int64_t> freed_since_check{0};
std::atomic<bool> trimming{false};
// The heap's free bytes at their lowest since the last trim (guarded by
// `trimming`). Trimmed pages stay in malloc's free lists, so the free total
// alone would ask for a trim on every check once it passed the threshold;
// its growth since this floor is what freed memory has accumulated resident.
int64_t free_floor = 0;

// Free memory the heap holds (all arenas), from glibc's own statistics.
int64_t HeapFreeBytes() {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  struct mallinfo2 info = mallinfo2();
  return static_cast<int64_t>(info.fordblks);
#else
  return 0;
#endif
}

// Called every kTrimCheckBytes freed; one thread at a time.
void MaybeTrim() {
  bool expected = false;
  if (!trimming.compare_exchange_strong(expected, true)) return;
  int64_t free_bytes = HeapFreeBytes();
  free_floor = std::min(free_floor, free_bytes);
  if (free_bytes - free_floor > kRetainFreeBytes) {
    ReleaseFreeMemory();
    free_floor = HeapFreeBytes();
  }
  trimming.store(false);
}

}  // namespace

void TuneAllocator() {
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThreshold));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(kRetainFreeBytes));
}

void CountBufferBytes(int64_t bytes) {
  buffer_bytes.fetch_add(bytes, std::memory_order_relaxed);
  if (bytes >= 0) return;
  int64_t freed = freed_since_check.fetch_sub(bytes, std::memory_order_relaxed) - bytes;
  if (freed < kTrimCheckBytes) return;
  freed_since_check.store(0, std::memory_order_relaxed);
  MaybeTrim();
}

int64_t BufferBytes() { return buffer_bytes.load(std::memory_order_relaxed); }

void ReleaseFreeMemory() { malloc_trim(0); }

}  // namespace tarn
