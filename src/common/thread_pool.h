// ThreadPool: a fixed set of worker threads shared by every query of a
// Database, and TaskGroup, which runs tasks on a pool, waits for them and
// carries the first failure back to the caller as a Status.
//
// Thread safety: both are safe to use from many threads.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "common/status.h"

namespace tarn {

class ThreadPool {
 public:
  /// `num_threads` = 0 means one per hardware thread.
  explicit ThreadPool(size_t num_threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  size_t num_threads() const { return workers_.size(); }
  void Submit(std::function<void()> task);
  /// Runs one queued task on the calling thread, if any (so waiters help).
  bool RunOne();

 private:
  void WorkerLoop();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

/// Runs tasks returning Status; Wait() returns the first failure. Exceptions
/// thrown by a task are caught and turned into a Status. The waiting thread
/// helps run queued work, so nested groups cannot deadlock the pool.
class TaskGroup {
 public:
  explicit TaskGroup(ThreadPool* pool) : pool_(pool) {}
  ~TaskGroup();
  void Spawn(std::function<Status()> task);
  Status Wait();
  /// True once any task failed; long tasks may poll it to stop early.
  bool failed() const { return failed_.load(std::memory_order_relaxed); }

 private:
  void Finish(Status status);

  ThreadPool* pool_;
  std::mutex mutex_;
  std::condition_variable done_;
  size_t pending_ = 0;
  Status first_error_;
  std::atomic<bool> failed_{false};
};

/// Runs body(i) for i in [0, count) on the pool (at most `parallelism` at
/// once), returning the first failure.
Status ParallelFor(ThreadPool* pool, size_t count, const std::function<Status(size_t)>& body,
                   size_t parallelism = 0);

}  // namespace tarn
