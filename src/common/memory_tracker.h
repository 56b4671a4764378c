// MemoryTracker: per-query (and per-operator) accounting of bytes held. A
// tracker may have a parent (query → database) and a limit; Reserve fails with
// UNABLE_TO_ACQUIRE_MEMORY instead of allocating past it, so operators can
// spill instead of failing. Spilled bytes are counted the same way.
//
// Thread safety: all methods are safe from many threads (atomics).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "common/status.h"

namespace tarn {

class MemoryTracker {
 public:
  /// `limit` = 0 means unlimited.
  explicit MemoryTracker(std::string name, int64_t limit = 0, MemoryTracker* parent = nullptr)
      : name_(std::move(name)), limit_(limit), parent_(parent) {}
  ~MemoryTracker();

  MemoryTracker(const MemoryTracker&) = delete;
  MemoryTracker& operator=(const MemoryTracker&) = delete;

  /// Accounts `bytes` here and in every ancestor, or fails leaving nothing accounted.
  Status Reserve(int64_t bytes);
  /// Makes this tracker's limit cover real memory as well: from now on
  /// Reserve also fails when the columnar buffers allocated since this call
  /// (common/allocator's BufferBytes: scan pages, pipeline queues, copies
  /// nobody accounts for), plus `bytes`, would pass the limit. What the
  /// operators account and what the buffers hold mostly overlap, so the
  /// larger of the two is checked, not their sum. Process-wide: concurrent
  /// queries see each other's buffers (they spill earlier, never later).
  void CountBufferMemory();
  /// Accounts without checking limits (memory already allocated).
  void ForceReserve(int64_t bytes);
  void Release(int64_t bytes);

  int64_t current() const { return current_.load(std::memory_order_relaxed); }
  int64_t peak() const { return peak_.load(std::memory_order_relaxed); }
  int64_t limit() const { return limit_; }
  /// Bytes written to spill files, here and in every ancestor (cumulative).
  void AddSpilled(int64_t bytes);
  int64_t spilled() const { return spilled_.load(std::memory_order_relaxed); }
  const std::string& name() const { return name_; }

 private:
  bool TryAdd(int64_t bytes);
  void UpdatePeak(int64_t value);

  std::string name_;
  int64_t limit_;
  MemoryTracker* parent_;
  bool count_buffers_ = false;
  int64_t buffer_baseline_ = 0;  // BufferBytes() when CountBufferMemory was called
  std::atomic<int64_t> current_{0};
  std::atomic<int64_t> peak_{0};
  std::atomic<int64_t> spilled_{0};
};

}  // namespace tarn
