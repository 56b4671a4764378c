#include "common/allocator.h"

#include <malloc.h>

namespace tarn {

void TuneAllocator() {
  // Blocks up to 1 GiB come from the heap and stay there when freed.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace tarn
