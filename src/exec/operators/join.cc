// Joins. The build side the physical planner chose (right, or left for the
// inner, outer, semi and anti join types) is materialised; probe batches stream through. Candidate pairs
// come from a hash table on the equi keys (hash join) or are every build row
// (nested-loop join); the residual condition is evaluated on the candidates
// in batches, then each join type decides what to emit.
// NULL keys never match unless the key is null-safe (<=>).
#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>
#include <map>
#include <numeric>

#include "columnar/row_compare.h"
#include "common/check.h"
#include "exec/expression_evaluator.h"
#include "exec/join_hash_table.h"
#include "exec/operators/operators.h"
#include "exec/spill.h"
#include "exec/vector_util.h"

namespace tarn::exec {

// The materialised build side: its rows and, for hash joins, the key
// vectors and the hash table on them. Read-only once built, so the probe
// operators of a parallel pipeline's workers share one (BuildJoinSide).
struct JoinBuild {
  JoinBuild(MemoryTracker* tracker) : memory(tracker) {}
  ~JoinBuild() { memory->Release(accounted); }

  Batch rows;  // the build side's schema; columns the join never reads are NULL constants (BuildLayout)
  std::vector<VectorPtr> key_vectors;
  std::vector<uint8_t> null_key, any_null;  // a non-null-safe key is NULL / any key is NULL
  JoinHashTable table;
  MemoryTracker* memory;
  int64_t accounted = 0;
  /// Grace hash join: when the build side did not fit, its rows are here by
  /// key-hash partition (null where none) and `rows` is empty.
  SpillFiles partitions;
  bool partitioned() const { return !partitions.empty(); }

  // Joins that emit build rows (outer joins' unmatched ones; a semi / anti
  // join building its left side: the matched / unmatched ones). Every
  // worker's probe marks the build rows it matched (relaxed stores: a flag
  // only goes 0 -> 1), and the last prober to finish (`probers` counts them
  // down) emits the build rows, once, after every worker's marks.
  mutable std::unique_ptr<std::atomic<uint8_t>[]> matched;
  mutable std::atomic<int> probers{0};
  // A partitioned build's probers each spill their probe rows by partition,
  // then pool them here; the last joins every partition with all of them.
  mutable std::mutex pool_mutex;
  mutable std::vector<SpillFiles> pooled_probe;
};

namespace {

using plan::JoinType;

bool NullSafe(const plan::PlanNode& node, size_t k) { return k < node.null_safe.size() && node.null_safe[k]; }

// Join types whose output rows are pairs of a probe and a build row; the
// others (semi, anti, null-aware anti, mark) only ask whether a probe row
// has a match.
bool EmitsPairs(JoinType t) {
  return t == JoinType::kInner || t == JoinType::kLeft || t == JoinType::kRight || t == JoinType::kFull ||
         t == JoinType::kCross;
}

// Joins whose output includes build rows decided only once the whole probe
// side has been seen.
bool KeepsBuildRows(JoinType t, bool build_left) {
  if (t == JoinType::kFull) return true;
  if (build_left) return t == JoinType::kLeft || t == JoinType::kLeftSemi || t == JoinType::kLeftAnti;
  return t == JoinType::kRight;
}

// The build columns a join keeps: all of them when it emits build rows;
// otherwise only those its build keys and residual condition read (q21's
// EXISTS keeps l_orderkey and l_suppkey of lineitem's columns). The build's
// batches are held and spilled narrowed to these columns, and widened back
// to the build side's schema, with NULL constants, once concatenated.
class BuildLayout {
 public:
  BuildLayout(const plan::PlanNode& node, bool build_left) : full_(node.children.at(build_left ? 0 : 1)->schema) {
    columns_.resize(full_.size());
    std::iota(columns_.begin(), columns_.end(), 0);
    if (EmitsPairs(node.join_type) || KeepsBuildRows(node.join_type, build_left)) {
      stored_ = full_;
      return;
    }
    std::vector<int> used;
    for (const auto& k : build_left ? node.left_keys : node.right_keys) plan::CollectColumns(*k, &used);
    if (node.condition) {
      int left_width = static_cast<int>(node.children.at(0)->schema.size());
      std::vector<int> in_condition;
      plan::CollectColumns(*node.condition, &in_condition);
      for (int c : in_condition) {
        if (build_left && c < left_width) used.push_back(c);
        if (!build_left && c >= left_width) used.push_back(c - left_width);
      }
    }
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    columns_ = used;
    for (int c : columns_) stored_.push_back(full_.at(static_cast<size_t>(c)));
  }

  const Schema& stored_schema() const { return stored_; }

  Batch Narrow(const Batch& full) const {
    if (columns_.size() == full_.size()) return full;
    std::vector<VectorPtr> columns;
    for (int c : columns_) columns.push_back(full.column_ptr(static_cast<size_t>(c)));
    return Batch(stored_, std::move(columns), full.num_rows());
  }

  Batch Widen(const Batch& stored) const {
    if (columns_.size() == full_.size()) return stored;
    std::vector<VectorPtr> columns;
    for (const Field& f : full_) columns.push_back(Vector::MakeNull(f.type, stored.num_rows()));
    for (size_t i = 0; i < columns_.size(); ++i) columns[static_cast<size_t>(columns_[i])] = stored.column_ptr(i);
    return Batch(full_, std::move(columns), stored.num_rows());
  }

 private:
  Schema full_, stored_;
  std::vector<int> columns_;
};

// Rows with a NULL key: in a non-null-safe key column (such a row matches
// nothing), or with `any_column`, in any key column.
std::vector<uint8_t> NullKeyRows(const plan::PlanNode& node, const std::vector<VectorPtr>& keys, size_t rows,
                                 bool any_column) {
  std::vector<uint8_t> out(rows, 0);
  for (size_t k = 0; k < keys.size(); ++k) {
    if (!any_column && NullSafe(node, k)) continue;
    if (keys[k]->type().id() != TypeId::kNull && !keys[k]->may_have_nulls()) continue;
    for (size_t r = 0; r < rows; ++r)
      if (keys[k]->IsNull(r)) out[r] = 1;
  }
  return out;
}

// The build from its rows (narrowed by `layout`; `accounted`: the bytes
// already reserved for them; `batches` is emptied as they are concatenated,
// so they are not held twice), indexed by `threads` threads.
std::shared_ptr<JoinBuild> IndexJoinBuild(const plan::PlanNode& node, QueryContext* query, MemoryTracker& memory,
                                          bool build_left, const BuildLayout& layout, std::vector<Batch>& batches,
                                          int64_t accounted, bool hashed, size_t threads) {
  auto build = std::make_shared<JoinBuild>(&memory);
  build->accounted = accounted;
  build->rows = layout.Widen(ConcatAndReleaseBatches(layout.stored_schema(), &batches));
  if (KeepsBuildRows(node.join_type, build_left)) {
    size_t n = build->rows.num_rows();
    build->matched = std::make_unique<std::atomic<uint8_t>[]>(n);
    for (size_t i = 0; i < n; ++i) build->matched[i].store(0, std::memory_order_relaxed);
    memory.ForceReserve(static_cast<int64_t>(n));
    build->accounted += static_cast<int64_t>(n);
  }
  if (!hashed) return build;
  size_t rows = build->rows.num_rows();
  EvalContext eval(query);
  for (const auto& k : build_left ? node.left_keys : node.right_keys)
    build->key_vectors.push_back(Evaluate(*k, build->rows, eval));
  build->null_key = NullKeyRows(node, build->key_vectors, rows, false);
  build->any_null = NullKeyRows(node, build->key_vectors, rows, true);
  build->table.Build(build->key_vectors, rows, build->null_key, threads);
  int64_t table_bytes = build->table.memory_bytes();
  memory.ForceReserve(table_bytes);
  build->accounted += table_bytes;
  return build;
}

// The build from all of `input`'s rows (`narrowed`: the input's batches have
// the layout's stored columns already, as spilled partitions do).
std::shared_ptr<JoinBuild> MakeJoinBuild(const plan::PlanNode& node, QueryContext* query, MemoryTracker& memory,
                                         bool build_left, Operator& input, bool narrowed, bool hashed,
                                         size_t threads) {
  BuildLayout layout(node, build_left);
  std::vector<Batch> batches;
  size_t recent = 0;
  int64_t accounted = 0;
  Batch batch;
  while (input.Next(&batch)) {
    query->CheckCancel();
    if (!narrowed) batch = layout.Narrow(batch);
    int64_t bytes = EstimateBytes(batch);
    memory.ForceReserve(bytes);
    accounted += bytes;
    batches.push_back(batch);
    if (++recent >= kCompactEvery) CompactRecentBatches(layout.stored_schema(), &batches, &recent);
  }
  return IndexJoinBuild(node, query, memory, build_left, layout, batches, accounted, hashed, threads);
}

// What IndexJoinBuild adds per held row (JoinHashTable's hash, chain link
// and 2-4 buckets, its partitioning, the NULL-key flags): reserved with the
// rows while they are collected, so a build whose index would not fit
// partitions instead of passing the limit once indexed (TPC-H SF10 q21: 915
// MiB of rows, 2.1 GiB with the index).
constexpr int64_t kIndexBytesPerRow = 32;

// Grace hash join (spark.tarn.memory.limit): when the build side does not
// fit, its rows go to 16 spill partitions by the hash of their keys (the
// JoinBuild comes back `partitioned`); the join operator then sends every
// probe row to the probe partition of its key's hash and joins the
// partitions one by one (one build partition in memory, its probe rows
// streamed). Rows with equal keys meet in the same partition, so matches,
// unmatched rows of either side, semi/anti and mark results are those of the
// whole join. A NULL-aware anti join (NOT IN) needs every build row for each
// probe row, and a nested-loop join has no keys: neither partitions.
std::shared_ptr<JoinBuild> CollectJoinBuild(const plan::PlanNode& node, QueryContext* query, MemoryTracker& memory,
                                            bool build_left, Operator& input, bool hashed) {
  size_t threads = static_cast<size_t>(std::max(query->options.threads, 1));
  if (!hashed || node.join_type == JoinType::kNullAwareAnti)
    return MakeJoinBuild(node, query, memory, build_left, input, /*narrowed=*/false, hashed, threads);
  BuildLayout layout(node, build_left);
  const Schema& schema = layout.stored_schema();
  const auto& key_exprs = build_left ? node.left_keys : node.right_keys;
  EvalContext eval(query);
  std::unique_ptr<HashPartitionWriter> writer;
  auto partition = [&](const Batch& batch) {  // a narrowed batch
    Batch full = layout.Widen(batch);
    std::vector<VectorPtr> keys;
    for (const auto& k : key_exprs) keys.push_back(Evaluate(*k, full, eval));
    writer->Add(batch, keys);
  };
  std::vector<Batch> batches;
  size_t recent = 0;  // batches not compacted yet
  int64_t held = 0;
  size_t held_rows = 0;
  Batch batch;
  while (input.Next(&batch)) {
    query->CheckCancel();
    if (batch.num_rows() == 0) continue;
    batch = layout.Narrow(batch);
    if (writer != nullptr) {
      partition(batch);
      continue;
    }
    int64_t bytes = EstimateBytes(batch) + kIndexBytesPerRow * static_cast<int64_t>(batch.num_rows());
    if (!TryReserveSpillable(*query, memory, bytes, held_rows + batch.num_rows())) {
      // Partitions are joined one at a time, so any build that does not fit
      // partitions (a partition that alone does not fit is still loaded whole).
      writer = std::make_unique<HashPartitionWriter>(*query, &memory, schema, 0);
      for (const Batch& held_batch : batches) partition(held_batch);
      batches.clear();
      memory.Release(held);
      held = 0;
      partition(batch);
      recent = 0;
      continue;
    }
    held += bytes;
    held_rows += batch.num_rows();
    batches.push_back(batch);
    if (++recent >= kCompactEvery) CompactRecentBatches(schema, &batches, &recent);
  }
  if (writer == nullptr) {
    // The index's estimate gives way to its real size (IndexJoinBuild accounts it).
    int64_t index_estimate = kIndexBytesPerRow * static_cast<int64_t>(held_rows);
    memory.Release(index_estimate);
    return IndexJoinBuild(node, query, memory, build_left, layout, batches, held - index_estimate, hashed, threads);
  }
  auto build = std::make_shared<JoinBuild>(&memory);
  build->partitions = writer->Finish();
  build->pooled_probe.resize(kSpillPartitions);
  return build;
}

class JoinOperator : public Operator {
 public:
  JoinOperator(const plan::PlanNode& node, QueryContext* query, plan::BuildSide build, OperatorPtr left,
               OperatorPtr right, bool hashed, std::shared_ptr<const JoinBuild> shared_build,
               const plan::PhysicalNode* physical = nullptr)
      : Operator(node, query),
        eval_(query),
        hashed_(hashed),
        build_left_(build == plan::BuildSide::kLeft),
        layout_(node, build_left_),
        build_(std::move(shared_build)),
        physical_(physical) {
    JoinType t = node.join_type;
    TARN_CHECK(EmitsPairs(t) || !build_left_ || t == JoinType::kLeftSemi || t == JoinType::kLeftAnti,
               "a " + plan::JoinTypeName(t) + " join cannot build its left side");
    probe_ = build_left_ ? std::move(right) : std::move(left);
    build_op_ = build_left_ ? std::move(left) : std::move(right);
    const Schema& ls = node.children.at(0)->schema;
    const Schema& rs = node.children.at(1)->schema;
    pair_schema_ = ls;
    pair_schema_.insert(pair_schema_.end(), rs.begin(), rs.end());
    // Which side's unmatched rows are kept.
    bool keep_left = t == JoinType::kLeft || t == JoinType::kFull;
    bool keep_right = t == JoinType::kRight || t == JoinType::kFull;
    keep_probe_ = build_left_ ? keep_right : keep_left;
    keep_build_ = KeepsBuildRows(t, build_left_);
    if (build_ != nullptr && keep_build_) build_->probers.fetch_add(1, std::memory_order_relaxed);
    // Pairs that only feed the residual condition carry only its columns.
    pair_needed_.assign(pair_schema_.size(), EmitsPairs(t));
    if (!EmitsPairs(t) && node.condition) {
      std::vector<int> used;
      plan::CollectColumns(*node.condition, &used);
      for (int c : used) pair_needed_.at(static_cast<size_t>(c)) = true;
    }
  }

  bool Next(Batch* out) override {
    if (!built_) Build();
    while (true) {
      query_->CheckCancel();
      if (!pending_.empty()) {
        *out = std::move(pending_.front());
        pending_.pop_front();
        return true;
      }
      if (probe_done_) {
        if (NextPartition()) continue;
        return false;
      }
      Batch batch;
      if (!probe_->Next(&batch)) {
        probe_done_ = true;
        if (keep_build_ && LastProber()) EmitBuildRows();
        continue;
      }
      if (batch.num_rows() > 0) Probe(batch);
    }
  }

 private:
  const std::vector<plan::ExprPtr>& build_keys() const { return build_left_ ? node_.left_keys : node_.right_keys; }
  const std::vector<plan::ExprPtr>& probe_keys() const { return build_left_ ? node_.right_keys : node_.left_keys; }
  
  std::vector<uint8_t> NullKeyRows(const std::vector<VectorPtr>& keys, size_t rows, bool any_column) const {
    return exec::NullKeyRows(node_, keys, rows, any_column);
  }

  void Build() {
    built_ = true;
    if (build_ == nullptr) {
      build_ = CollectJoinBuild(node_, query_, memory(), build_left_, *build_op_, hashed_);
      if (physical_ != nullptr && !build_->partitioned()) PublishRuntimeFilters(*physical_, *build_, query_);
      if (keep_build_) build_->probers.fetch_add(1, std::memory_order_relaxed);
    }
    build_op_.reset();
    if (build_->partitioned()) return StartGrace();
  }

  // Whether this operator is the last of the build's probers to finish its
  // probe (a grace partition's build belongs to one operator).
  bool LastProber() const {
    if (grace_build_ != nullptr) return true;
    return build_->probers.fetch_sub(1, std::memory_order_acq_rel) == 1;
  }

  void MarkBuildMatched(uint32_t row) { build_->matched[row].store(1, std::memory_order_relaxed); }
  bool BuildMatched(uint32_t row) const { return build_->matched[row].load(std::memory_order_relaxed) != 0; }

  // --- Grace hash join: the build side came back partitioned (see
  // CollectJoinBuild); every probe row goes to the probe partition of its
  // key's hash, then the partitions are joined one by one.
  const Schema& ProbeSchema() const { return node_.children.at(build_left_ ? 1 : 0)->schema; }

  void StartGrace() {
    grace_build_ = std::move(build_);
    HashPartitionWriter probe_writer(*query_, &memory(), ProbeSchema(), 0);
    Batch batch;
    while (probe_->Next(&batch)) {
      query_->CheckCancel();
      if (batch.num_rows() == 0) continue;
      std::vector<VectorPtr> keys;
      for (const auto& k : probe_keys()) keys.push_back(Evaluate(*k, batch, eval_));
      probe_writer.Add(batch, keys);
    }
    SpillFiles parts = probe_writer.Finish();
    probe_done_ = true;  // Next moves on to the first partition
    probe_parts_.clear();
    probe_parts_.resize(kSpillPartitions);
    if (!keep_build_) {
      for (size_t p = 0; p < parts.size() && p < kSpillPartitions; ++p)
        if (parts[p] != nullptr) probe_parts_[p].push_back(std::move(parts[p]));
      return;
    }
    // Build rows are emitted once, after all probe rows: every prober pools
    // its probe partitions and the last one joins them all.
    std::lock_guard lock(grace_build_->pool_mutex);
    for (size_t p = 0; p < parts.size() && p < kSpillPartitions; ++p)
      if (parts[p] != nullptr) grace_build_->pooled_probe[p].push_back(std::move(parts[p]));
    if (grace_build_->probers.fetch_sub(1, std::memory_order_acq_rel) != 1) {
      grace_build_.reset();  // another prober joins the partitions
      return;
    }
    for (size_t p = 0; p < kSpillPartitions; ++p) probe_parts_[p] = std::move(grace_build_->pooled_probe[p]);
  }

  // Loads the next partition that can produce rows; false after the last.
  bool NextPartition() {
    if (grace_build_ == nullptr) return false;
    while (next_part_ < kSpillPartitions) {
      size_t p = next_part_++;
      const SpillFile* build_file = grace_build_->partitions[p].get();
      if (probe_parts_[p].empty() && !(build_file != nullptr && keep_build_)) continue;
      build_.reset();  // the previous partition's memory goes first
      // The partitioned build may be shared by a pipeline's workers: each
      // worker reads (pread) and indexes the partition for itself.
      SpilledRows build_rows(node_, query_, std::vector<const SpillFile*>{build_file}, layout_.stored_schema());
      build_ = MakeJoinBuild(node_, query_, memory(), build_left_, build_rows, /*narrowed=*/true, hashed_,
                             /*threads=*/1);
      probe_ = std::make_unique<SpilledRows>(node_, query_, std::move(probe_parts_[p]), ProbeSchema());
      probe_done_ = false;
      return true;
    }
    return false;
  }

  // Left columns then right columns for (probe row, build row) pairs.
  Batch PairBatch(const Batch& probe, const SelectionVector& probe_rows, const SelectionVector& build_rows) const {
    const Batch& left = build_left_ ? build_->rows : probe;
    const Batch& right = build_left_ ? probe : build_->rows;
    const SelectionVector& left_rows = build_left_ ? build_rows : probe_rows;
    const SelectionVector& right_rows = build_left_ ? probe_rows : build_rows;
    std::vector<VectorPtr> cols;
    for (size_t c = 0; c < pair_schema_.size(); ++c) {
      bool from_left = c < left.num_columns();
      if (!pair_needed_[c]) {
        cols.push_back(Vector::MakeNull(pair_schema_[c].type, probe_rows.size()));
        continue;
      }
      cols.push_back(from_left ? SelectRows(left.column_ptr(c), left_rows)
                               : SelectRows(right.column_ptr(c - left.num_columns()), right_rows));
    }
    return Batch(pair_schema_, std::move(cols), probe_rows.size());
  }

  // One side's rows with the other side NULL.
  Batch OneSided(const Batch& source, const SelectionVector& rows, bool source_is_left) const {
    std::vector<VectorPtr> cols;
    const Schema& ls = node_.children[0]->schema;
    const Schema& rs = node_.children[1]->schema;
    if (source_is_left) {
      for (const VectorPtr& c : source.columns()) cols.push_back(SelectRows(c, rows));
      for (const Field& f : rs) cols.push_back(Vector::MakeNull(f.type, rows.size()));
    } else {
      for (const Field& f : ls) cols.push_back(Vector::MakeNull(f.type, rows.size()));
      for (const VectorPtr& c : source.columns()) cols.push_back(SelectRows(c, rows));
    }
    return Batch(node_.schema, std::move(cols), rows.size());
  }

  void Probe(const Batch& probe) {
    size_t rows = probe.num_rows();
    JoinType t = node_.join_type;
    std::vector<VectorPtr> keys;
    std::vector<uint64_t> hashes;
    std::vector<uint8_t> probe_null_key, probe_any_null;
    if (hashed_) {
      for (const auto& k : probe_keys()) keys.push_back(Evaluate(*k, probe, eval_));
      hashes.resize(rows);
      JoinHashTable::HashKeys(keys, rows, hashes.data());
      probe_null_key = NullKeyRows(keys, rows, false);
      probe_any_null = NullKeyRows(keys, rows, true);
    }
    std::vector<uint8_t> matched(rows, 0), unknown(rows, 0);
    bool emit_pairs = EmitsPairs(t);
    size_t chunk = query_->batch_size();
    SelectionVector probe_rows, build_rows;
    auto flush = [&]() {
      if (probe_rows.empty()) return;
      Batch pairs = PairBatch(probe, probe_rows, build_rows);
      SelectionVector keep;
      if (node_.condition) {
        VectorPtr cond = Evaluate(*node_.condition, pairs, eval_);
        for (size_t i = 0; i < probe_rows.size(); ++i) {
          if (cond->IsNull(i)) {
            unknown[probe_rows[i]] = 1;
            continue;
          }
          if (cond->ValueAt<uint8_t>(i)) keep.push_back(static_cast<uint32_t>(i));
        }
      } else {
        keep.resize(probe_rows.size());
        for (size_t i = 0; i < keep.size(); ++i) keep[i] = static_cast<uint32_t>(i);
      }
      for (uint32_t i : keep) {
        matched[probe_rows[i]] = 1;
        if (keep_build_) MarkBuildMatched(build_rows[i]);
      }
      if (emit_pairs && !keep.empty()) {
        Batch out = keep.size() == pairs.num_rows() ? pairs : pairs.Select(keep);
        pending_.push_back(Batch(node_.schema, out.columns(), out.num_rows()));
      }
      probe_rows.clear();
      build_rows.clear();
    };
    size_t build_rows_total = build_->rows.num_rows();
    const JoinHashTable& table = build_->table;
    bool exists_only = hashed_ && !emit_pairs && !node_.condition && !keep_build_;
    // A semi / anti join building its left side marks build rows; a probe
    // row's candidates are the build rows not marked yet.
    bool marks_build = !emit_pairs && keep_build_;
    constexpr size_t kPrefetchAhead = 16;  // bucket loads in flight (a large build misses the cache per row)
    for (size_t r = 0; r < rows; ++r) {
      if (hashed_ && r + kPrefetchAhead < rows) table.Prefetch(hashes[r + kPrefetchAhead]);
      if (exists_only) {
        // A semi / anti / mark join without a residual: a key match decides.
        matched[r] = !probe_null_key[r] && table.First(keys, r, hashes[r]) >= 0;
      } else if (marks_build && !node_.condition) {
        // Every build row with the key matches. Rows with one key are marked
        // together, so a marked first one means all are.
        if (probe_null_key[r]) continue;
        for (int64_t e = table.First(keys, r, hashes[r]); e >= 0; e = table.Next(keys, r, hashes[r], e)) {
          if (BuildMatched(table.BuildRow(e))) break;
          MarkBuildMatched(table.BuildRow(e));
        }
      } else if (hashed_) {
        if (probe_null_key[r]) continue;
        for (int64_t e = table.First(keys, r, hashes[r]); e >= 0; e = table.Next(keys, r, hashes[r], e)) {
          // One match decides a semi / anti / mark row (known once its chunk is evaluated).
          if (!emit_pairs && !marks_build && matched[r]) break;
          if (marks_build && BuildMatched(table.BuildRow(e))) continue;
          probe_rows.push_back(static_cast<uint32_t>(r));
          build_rows.push_back(table.BuildRow(e));
          if (probe_rows.size() >= chunk) flush();
        }
      } else {
        for (size_t b = 0; b < build_rows_total; ++b) {
          probe_rows.push_back(static_cast<uint32_t>(r));
          build_rows.push_back(static_cast<uint32_t>(b));
          if (probe_rows.size() >= chunk) flush();
        }
      }
    }
    flush();
    SelectionVector out_rows;
    switch (t) {
      case JoinType::kInner:
      case JoinType::kCross: break;
      case JoinType::kLeft:
      case JoinType::kRight:
      case JoinType::kFull:
        if (keep_probe_) {
          for (size_t r = 0; r < rows; ++r)
            if (!matched[r]) out_rows.push_back(static_cast<uint32_t>(r));
          if (!out_rows.empty()) pending_.push_back(OneSided(probe, out_rows, !build_left_));
        }
        break;
      case JoinType::kLeftSemi:
      case JoinType::kLeftAnti:
        if (build_left_) break;  // the build rows are emitted at the end (EmitBuildRows)
        for (size_t r = 0; r < rows; ++r)
          if (matched[r] == (t == JoinType::kLeftSemi)) out_rows.push_back(static_cast<uint32_t>(r));
        EmitProbeRows(probe, out_rows);
        break;
      case JoinType::kNullAwareAnti:
        for (size_t r = 0; r < rows; ++r)
          if (KeepNullAware(r, matched[r], unknown[r], keys, probe_any_null)) out_rows.push_back(static_cast<uint32_t>(r));
        EmitProbeRows(probe, out_rows);
        break;
      case JoinType::kMark: {
        VectorPtr mark = Vector::Make(DataType::Boolean(), rows);
        for (size_t r = 0; r < rows; ++r) mark->values<uint8_t>()[r] = matched[r];
        std::vector<VectorPtr> cols = probe.columns();
        cols.push_back(mark);
        pending_.push_back(Batch(node_.schema, std::move(cols), rows));
        break;
      }
    }
  }

  void EmitProbeRows(const Batch& probe, const SelectionVector& rows) {
    if (rows.empty()) return;
    Batch out = rows.size() == probe.num_rows() ? probe : probe.Select(rows);
    pending_.push_back(Batch(node_.schema, out.columns(), out.num_rows()));
  }

  // NOT IN: keep a row only when every comparison with the build side is FALSE.
  bool KeepNullAware(size_t r, bool matched, bool unknown, const std::vector<VectorPtr>& keys,
                     const std::vector<uint8_t>& probe_any_null) const {
    size_t build_rows = build_->rows.num_rows();
    if (build_rows == 0) return true;
    if (matched || unknown) return false;
    if (!hashed_) return true;
    bool probe_null = probe_any_null[r];
    for (size_t b = 0; b < build_rows; ++b) {
      if (!probe_null && !build_->any_null[b]) continue;  // definite comparison, already checked by the hash lookup
      bool possibly_equal = true;
      for (size_t k = 0; k < keys.size() && possibly_equal; ++k) {
        if (keys[k]->IsNull(r) || build_->key_vectors[k]->IsNull(b)) continue;
        possibly_equal = RowsEqual(*keys[k], r, *build_->key_vectors[k], b);
      }
      if (possibly_equal) return false;
    }
    return true;
  }

  // After the probe: a semi join's matched build rows, an anti join's
  // unmatched ones, an outer join's unmatched ones null-extended.
  void EmitBuildRows() {
    bool want_matched = node_.join_type == JoinType::kLeftSemi;
    bool semi_or_anti = !EmitsPairs(node_.join_type);
    SelectionVector rows;
    for (size_t b = 0; b < build_->rows.num_rows(); ++b)
      if (BuildMatched(static_cast<uint32_t>(b)) == want_matched) rows.push_back(static_cast<uint32_t>(b));
    size_t chunk = query_->batch_size();
    for (size_t i = 0; i < rows.size(); i += chunk) {
      SelectionVector part(rows.begin() + i, rows.begin() + std::min(rows.size(), i + chunk));
      if (semi_or_anti) {
        EmitProbeRows(build_->rows, part);  // the left rows are the output rows
      } else {
        pending_.push_back(OneSided(build_->rows, part, build_left_));
      }
    }
  }

  EvalContext eval_;
  bool hashed_;
  bool build_left_;
  BuildLayout layout_;
  bool keep_probe_ = false, keep_build_ = false;
  OperatorPtr probe_, build_op_;
  Schema pair_schema_;
  std::vector<bool> pair_needed_;  // pair columns PairBatch fills (others: NULL)
  bool built_ = false, probe_done_ = false;
  std::shared_ptr<const JoinBuild> build_;
  const plan::PhysicalNode* physical_;
  std::deque<Batch> pending_;
  // Grace hash join.
  std::shared_ptr<const JoinBuild> grace_build_;  // the partitioned build
  std::vector<SpillFiles> probe_parts_;  // by partition
  size_t next_part_ = 0;
};

}  // namespace

OperatorPtr MakeHashJoin(const plan::PlanNode& node, QueryContext* query, plan::BuildSide build, OperatorPtr left,
                         OperatorPtr right, std::shared_ptr<const JoinBuild> shared_build,
                         const plan::PhysicalNode* physical) {
  return std::make_unique<JoinOperator>(node, query, build, std::move(left), std::move(right), /*hashed=*/true,
                                        std::move(shared_build), physical);
}

// Each target's filter comes from the build's evaluated key column; rows
// whose key is NULL (null_key) never match and stay out of it.
void PublishRuntimeFilters(const plan::PhysicalNode& join, const JoinBuild& build, QueryContext* query) {
  // A spilled (grace) build holds no keys in memory, and was no small build.
  if (build.partitioned()) return;
  if (OperatorStats* stats = ProfiledStats(&join, query)) {
    stats->build_rows = static_cast<int64_t>(build.rows.num_rows());
    stats->build_bytes = EstimateBytes(build.rows);
  }
  std::map<size_t, std::shared_ptr<const RuntimeFilter>> by_key;
  for (const plan::RuntimeFilterTarget& target : join.runtime_filters) {
    if (target.key >= build.key_vectors.size()) continue;
    std::shared_ptr<const RuntimeFilter>& filter = by_key[target.key];
    if (filter == nullptr)
      filter = RuntimeFilter::Build(*build.key_vectors[target.key], build.rows.num_rows(), build.null_key,
                                    query->options.planner.runtime_bloom_filter_max_items);
    query->runtime_filters.Publish(target.id, filter);
  }
}

std::shared_ptr<const JoinBuild> BuildJoinSide(const plan::PlanNode& node, QueryContext* query, plan::BuildSide build,
                                               OperatorPtr input, MemoryTracker& memory) {
  return CollectJoinBuild(node, query, memory, build == plan::BuildSide::kLeft, *input, /*hashed=*/true);
}

OperatorPtr MakeNestedLoopJoin(const plan::PlanNode& node, QueryContext* query, plan::BuildSide build,
                               OperatorPtr left, OperatorPtr right) {
  return std::make_unique<JoinOperator>(node, query, build, std::move(left), std::move(right), /*hashed=*/false,
                                        nullptr);
}

}  // namespace tarn::exec
