// Process-wide allocator settings for a data engine: scans allocate and free
// buffers of many megabytes per row group; glibc's default hands those back
// to the kernel each time (mmap/munmap, then page faults to touch them
// again). Binaries call TuneAllocator() once at startup.
#pragma once

namespace tarn {

/// Keeps large freed blocks in the heap for reuse (M_MMAP_THRESHOLD and
/// M_TRIM_THRESHOLD raised). Safe to call more than once.
void TuneAllocator();

}  // namespace tarn
