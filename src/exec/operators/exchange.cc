// Exchange (SinglePartition): runs the parallel pipeline below it — a chain
// of streaming operators over a table scan, possibly ending in a partial
// aggregate — once per worker and hands their batches to the consumer.
//
// On the first Next, on the consumer thread: the pipeline's scalar
// subqueries are run, its joins' build sides materialised once (shared
// read-only by every worker's probe), its scan planned into tasks
// (TableProvider::PlanScanTasks); then one operator chain per worker is built
// and the workers run on the process's worker pool, taking scan tasks from
// the shared queue (morsels), pushing batches into a bounded queue. With one
// worker (threads = 1, or a single scan task) the chain runs inline.
//
// Errors: the first exception of any worker wins; the others stop at their
// next batch and the consumer rethrows it. Cancellation: workers check it
// between batches; the waiting consumer too. Early stop (LIMIT): destroying
// the exchange stops the workers and waits for them before their operators
// are destroyed.
//
// Workers never wait for other pool tasks (subqueries and builds are done
// before they start; their chains hold no exchange), so they cannot
// deadlock the pool.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>

#include "common/check.h"
#include "common/thread_pool.h"
#include "exec/expression_evaluator.h"
#include "exec/operators/operators.h"
#include "plan/runtime_filter_planner.h"

namespace tarn::exec {
namespace {

using plan::PhysicalKind;
using plan::PhysicalNode;

// One pool for every query of the process. At least four threads, so that a
// query at spark.tarn.threads = 4 runs four workers at once even on a
// smaller machine (tests); queries with fewer threads use fewer.
ThreadPool& WorkerPool() {
  static ThreadPool pool(std::max(4u, std::thread::hardware_concurrency()));
  return pool;
}

// What the consumer and the workers share. Owned by the exchange, whose
// destructor waits until no worker task will touch it again.
struct ExchangeState {
  std::mutex mutex;
  std::condition_variable ready;  // a batch, an error or a finished worker (consumer waits)
  std::condition_variable space;  // room in the queue or stop (workers wait)
  std::condition_variable done;   // a worker finished (Stop waits)
  std::deque<Batch> queue;
  size_t capacity = 2;
  size_t unfinished = 0;  // workers submitted and not yet finished
  bool stop = false;
  std::exception_ptr error;
};

void RunWorker(ExchangeState& state, Operator& pipeline) {
  {
    std::lock_guard lock(state.mutex);
    if (state.stop) return;
  }
  try {
    Batch batch;
    while (pipeline.Next(&batch)) {
      if (batch.num_rows() == 0) continue;
      std::unique_lock lock(state.mutex);
      state.space.wait(lock, [&] { return state.stop || state.queue.size() < state.capacity; });
      if (state.stop) return;
      state.queue.push_back(std::move(batch));
      state.ready.notify_one();
    }
  } catch (...) {
    std::lock_guard lock(state.mutex);
    if (!state.error) state.error = std::current_exception();
    state.stop = true;  // the other workers stop at their next batch
    state.space.notify_all();
  }
}

class ExchangeOperator : public Operator {
 public:
  ExchangeOperator(const PhysicalNode& node, QueryContext* query)
      : Operator(*node.logical, query), physical_(node) {
    TARN_CHECK(node.children.size() == 1, "an exchange without its pipeline");
  }

  ~ExchangeOperator() override { Stop(); }

  bool Next(Batch* out) override {
    if (!started_) Start();
    if (pipelines_.size() == 1) {
      query_->CheckCancel();
      return pipelines_[0]->Next(out);
    }
    std::unique_lock lock(state_.mutex);
    for (;;) {
      if (state_.error) {
        std::exception_ptr error = state_.error;
        lock.unlock();
        Stop();
        std::rethrow_exception(error);
      }
      if (!state_.queue.empty()) {
        *out = std::move(state_.queue.front());
        state_.queue.pop_front();
        state_.space.notify_one();
        return true;
      }
      if (state_.unfinished == 0) return false;
      state_.ready.wait_for(lock, std::chrono::milliseconds(20));
      if (query_->options.cancel != nullptr && query_->options.cancel->load(std::memory_order_relaxed)) {
        lock.unlock();
        Stop();
        query_->CheckCancel();
      }
    }
  }

 private:
  // The pipeline's nodes from its top down to the scan: the chain, probe
  // sides of joins; calls fn on each.
  template <typename Fn>
  static void ForEachPipelineNode(const PhysicalNode& node, const Fn& fn) {
    fn(node);
    if (node.kind == PhysicalKind::kScan) return;
    if (node.kind == PhysicalKind::kBroadcastHashJoin || node.kind == PhysicalKind::kShuffledHashJoin) {
      ForEachPipelineNode(*node.children.at(node.build_side == plan::BuildSide::kLeft ? 1 : 0), fn);
      return;
    }
    TARN_CHECK(node.children.size() == 1, "a pipeline operator with " + std::to_string(node.children.size()) + " inputs");
    ForEachPipelineNode(*node.children[0], fn);
  }

  void Start() {
    started_ = true;
    const PhysicalNode& top = *physical_.children[0];
    size_t tasks = 1;
    const PhysicalNode* scan = nullptr;
    std::vector<const PhysicalNode*> joins;
    ForEachPipelineNode(top, [&](const PhysicalNode& node) {
      for (const plan::PhysicalSubquery& sub : node.subqueries) ScalarSubqueryValue(*sub.expr, query_);
      if (node.kind == PhysicalKind::kScan) scan = &node;
      if (node.kind == PhysicalKind::kBroadcastHashJoin || node.kind == PhysicalKind::kShuffledHashJoin)
        joins.push_back(&node);
    });
    // Top-down, except that a build reduced by another join's runtime filter
    // waits for that join (plan::OrderJoinBuilds).
    for (const PhysicalNode* join : plan::OrderJoinBuilds(joins)) {
      const PhysicalNode& node = *join;
      const PhysicalNode& build = *node.children.at(node.build_side == plan::BuildSide::kLeft ? 0 : 1);
      std::shared_ptr<const JoinBuild> built =
          BuildJoinSide(*node.logical, query_, node.build_side, BuildOperator(build, query_), query_->NodeMemory(node));
      // Before the scans below are planned: they prune with these filters.
      PublishRuntimeFilters(node, *built, query_);
      query_->join_builds[&node] = std::move(built);
    }
    if (scan != nullptr) {
      auto queue = std::make_shared<ScanTaskQueue>(PlanScanTasksWithRuntimeFilters(*scan, query_));
      tasks = queue->tasks.size();
      query_->scan_tasks[scan] = std::move(queue);
    }
    size_t workers = std::clamp<size_t>(static_cast<size_t>(std::max(query_->options.threads, 1)), 1,
                                        std::max<size_t>(tasks, 1));
    for (size_t w = 0; w < workers; ++w) pipelines_.push_back(BuildOperator(top, query_));
    if (workers == 1) return;  // inline, on the consumer thread
    state_.capacity = 2 * workers;
    state_.unfinished = workers;
    for (size_t w = 0; w < workers; ++w) {
      // The last touch of the state is the decrement under its lock: once
      // Stop sees none unfinished, no task uses the state or its pipeline.
      WorkerPool().Submit([state = &state_, pipeline = pipelines_[w].get()] {
        RunWorker(*state, *pipeline);
        std::lock_guard lock(state->mutex);
        --state->unfinished;
        state->ready.notify_all();
        state->done.notify_all();
      });
    }
  }

  // Stops the workers and waits until none is running, so their operators
  // can be destroyed (a worker that has not started yet sees `stop` and
  // returns without touching its pipeline).
  void Stop() {
    std::unique_lock lock(state_.mutex);
    state_.stop = true;
    state_.space.notify_all();
    state_.done.wait(lock, [&] { return state_.unfinished == 0; });
  }

  const PhysicalNode& physical_;
  ExchangeState state_;
  bool started_ = false;
  std::vector<OperatorPtr> pipelines_;
};

}  // namespace

OperatorPtr MakeExchange(const PhysicalNode& node, QueryContext* query) {
  return std::make_unique<ExchangeOperator>(node, query);
}

}  // namespace tarn::exec
