#include "common/thread_pool.h"

#include <algorithm>

namespace tarn {

ThreadPool::ThreadPool(size_t num_threads) {
  if (num_threads == 0) num_threads = std::max(1u, std::thread::hardware_concurrency());
  workers_.reserve(num_threads);
  for (size_t i = 0; i < num_threads; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ThreadPool::Submit(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(task));
  }
  wake_.notify_one();
}

bool ThreadPool::RunOne() {
  std::function<void()> task;
  {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) return false;
    task = std::move(queue_.front());
    queue_.pop_front();
  }
  task();
  return true;
}

void ThreadPool::WorkerLoop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

TaskGroup::~TaskGroup() { (void)Wait(); }

void TaskGroup::Spawn(std::function<Status()> task) {
  {
    std::lock_guard lock(mutex_);
    ++pending_;
  }
  pool_->Submit([this, task = std::move(task)] {
    Status status;
    try {
      status = task();
    } catch (const Error& error) {
      status = Status::FromError(error);
    } catch (const std::exception& error) {
      status = Status::Internal(error.what());
    }
    Finish(std::move(status));
  });
}

void TaskGroup::Finish(Status status) {
  std::lock_guard lock(mutex_);
  if (!status.ok() && first_error_.ok()) {
    first_error_ = std::move(status);
    failed_.store(true, std::memory_order_relaxed);
  }
  if (--pending_ == 0) done_.notify_all();
}

Status TaskGroup::Wait() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (pending_ == 0) return first_error_;
    }
    // Help with queued work instead of blocking a pool thread.
    if (!pool_->RunOne()) {
      std::unique_lock lock(mutex_);
      done_.wait_for(lock, std::chrono::milliseconds(1), [this] { return pending_ == 0; });
    }
  }
}

Status ParallelFor(ThreadPool* pool, size_t count, const std::function<Status(size_t)>& body,
                   size_t parallelism) {
  if (count == 0) return Status::Ok();
  if (parallelism == 0) parallelism = pool->num_threads();
  parallelism = std::min(parallelism, count);
  std::atomic<size_t> next{0};
  TaskGroup group(pool);
  for (size_t worker = 0; worker < parallelism; ++worker) {
    group.Spawn([&]() -> Status {
      for (size_t i = next.fetch_add(1); i < count && !group.failed(); i = next.fetch_add(1)) {
        TARN_RETURN_NOT_OK(body(i));
      }
      return Status::Ok();
    });
  }
  return group.Wait();
}

}  // namespace tarn
