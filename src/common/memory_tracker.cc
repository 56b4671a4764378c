#include "common/memory_tracker.h"

#include "common/allocator.h"

namespace tarn {

MemoryTracker::~MemoryTracker() {
  // Give back whatever is still accounted so the parent stays exact.
  if (parent_ != nullptr) parent_->Release(current());
}

void MemoryTracker::CountBufferMemory() {
  buffer_baseline_ = BufferBytes();
  count_buffers_ = true;
}

bool MemoryTracker::TryAdd(int64_t bytes) {
  if (limit_ > 0 && count_buffers_ && BufferBytes() - buffer_baseline_ + bytes > limit_) return false;
  int64_t value = current_.load(std::memory_order_relaxed);
  do {
    if (limit_ > 0 && value + bytes > limit_) return false;
  } while (!current_.compare_exchange_weak(value, value + bytes, std::memory_order_relaxed));
  UpdatePeak(value + bytes);
  return true;
}

void MemoryTracker::UpdatePeak(int64_t value) {
  int64_t peak = peak_.load(std::memory_order_relaxed);
  while (value > peak && !peak_.compare_exchange_weak(peak, value, std::memory_order_relaxed)) {
  }
}

Status MemoryTracker::Reserve(int64_t bytes) {
  if (!TryAdd(bytes)) {
    return Status::User(ErrorClass::kMemoryLimitExceeded,
                        {{"limit", std::to_string(limit_) + " bytes"},
                         {"message", name_ + " holds " + std::to_string(current()) + " bytes" +
                                         (count_buffers_ ? " (buffers: " + std::to_string(BufferBytes() - buffer_baseline_) + ")" : "") +
                                         " and asked for " + std::to_string(bytes) + " more"}});
  }
  if (parent_ != nullptr) {
    Status status = parent_->Reserve(bytes);
    if (!status.ok()) {
      current_.fetch_sub(bytes, std::memory_order_relaxed);
      return status;
    }
  }
  return Status::Ok();
}

void MemoryTracker::ForceReserve(int64_t bytes) {
  UpdatePeak(current_.fetch_add(bytes, std::memory_order_relaxed) + bytes);
  if (parent_ != nullptr) parent_->ForceReserve(bytes);
}

void MemoryTracker::Release(int64_t bytes) {
  current_.fetch_sub(bytes, std::memory_order_relaxed);
  if (parent_ != nullptr) parent_->Release(bytes);
}

void MemoryTracker::AddSpilled(int64_t bytes) {
  spilled_.fetch_add(bytes, std::memory_order_relaxed);
  if (parent_ != nullptr) parent_->AddSpilled(bytes);
}

}  // namespace tarn
