// Hash tables: GroupTable (aggregation, DISTINCT, set operations and the join
// build side) inserting and probing, and the hash join operator end to end.
#include <benchmark/benchmark.h>

#include "bench/micro/bench_data.h"
#include "exec/executor.h"
#include "exec/group_table.h"

namespace tarn::bench {
namespace {

constexpr size_t kRows = size_t{1} << 20;
constexpr size_t kChunk = 4096;  // the executor's default batch size

// `column` cut into batch-sized views, as operators see it.
std::vector<VectorPtr> Chunks(const VectorPtr& column) {
  std::vector<VectorPtr> out;
  for (size_t at = 0; at < column->size(); at += kChunk)
    out.push_back(Vector::View(column, at, std::min(kChunk, column->size() - at)));
  return out;
}

void InsertAll(benchmark::State& state, const VectorPtr& keys) {
  std::vector<VectorPtr> chunks = Chunks(keys);
  std::vector<uint32_t> groups(kChunk);
  size_t distinct = 0;
  for (auto _ : state) {
    exec::GroupTable table({keys->type()});
    for (const VectorPtr& chunk : chunks) table.FindOrInsert({chunk}, chunk->size(), groups.data());
    distinct = table.size();
    benchmark::DoNotOptimize(groups.data());
  }
  state.counters["groups"] = static_cast<double>(distinct);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * keys->size()));
}

// Grouping by one bigint column; range(0) distinct keys.
void BM_GroupTableInsertLong(benchmark::State& state) { InsertAll(state, RandomLongs(kRows, state.range(0))); }
BENCHMARK(BM_GroupTableInsertLong)->Arg(16)->Arg(1 << 14)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

// Grouping by one string column: 7 short values (inline) and comment-like text (mostly unique).
void BM_GroupTableInsertString(benchmark::State& state) {
  InsertAll(state, state.range(0) == 0 ? RandomModes(kRows) : RandomText(kRows));
}
BENCHMARK(BM_GroupTableInsertString)->Arg(0)->Arg(1)->ArgNames({"text"})->Unit(benchmark::kMillisecond);

// The 7 modes dictionary-encoded, as Parquet dictionary pages deliver them:
// one lookup per dictionary entry per batch instead of one hash per row.
void BM_GroupTableInsertDictionaryString(benchmark::State& state) {
  InsertAll(state, RandomDictionary({"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"}, kRows));
}
BENCHMARK(BM_GroupTableInsertDictionaryString)->Unit(benchmark::kMillisecond);

// Probing (Find) a table of range(0) keys 0..n-1 with keys of which half hit.
void BM_GroupTableProbeLong(benchmark::State& state) {
  const int64_t n = state.range(0);
  VectorPtr build = Vector::Make(DataType::Long(), static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) build->values<int64_t>()[i] = i;
  exec::GroupTable table({DataType::Long()});
  std::vector<uint32_t> ids(static_cast<size_t>(n));
  table.FindOrInsert({build}, build->size(), ids.data());
  std::vector<VectorPtr> probes = Chunks(RandomLongs(kRows, 2 * n));
  std::vector<int64_t> found(kChunk);
  for (auto _ : state) {
    for (const VectorPtr& chunk : probes) table.Find({chunk}, chunk->size(), found.data());
    benchmark::DoNotOptimize(found.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}
BENCHMARK(BM_GroupTableProbeLong)->Arg(1 << 10)->Arg(1 << 17)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

// Inner hash join through the executor: range(0) build rows (unique keys and
// a payload) against 1M probe rows, half of which match.
void BM_HashJoin(benchmark::State& state) {
  const int64_t n = state.range(0);
  VectorPtr build_keys = Vector::Make(DataType::Long(), static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) build_keys->values<int64_t>()[i] = i;
  plan::PlanPtr build = ValuesPlan({build_keys, RandomLongs(static_cast<size_t>(n), 1000, 3)}, {"bk", "payload"});
  plan::PlanPtr probe = ValuesPlan({RandomLongs(kRows, 2 * n, 9)}, {"pk"});
  auto join = std::make_shared<plan::PlanNode>();
  join->kind = plan::PlanKind::kJoin;
  join->join_type = plan::JoinType::kInner;
  join->children = {probe, build};
  join->schema = plan::JoinOutputSchema(join->join_type, probe->schema, build->schema);
  join->left_keys = {plan::ColumnRef(0, DataType::Long())};
  join->right_keys = {plan::ColumnRef(0, DataType::Long())};
  exec::ExecOptions options;
  options.planner.auto_broadcast_join_threshold = int64_t{1} << 40;  // build the right side
  size_t matched = 0;
  for (auto _ : state) {
    auto stream = exec::ExecutePlan(join, options);
    Batch batch;
    matched = 0;
    while (stream->Next(&batch)) matched += batch.num_rows();
  }
  state.counters["matches"] = static_cast<double>(matched);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}
BENCHMARK(BM_HashJoin)->Arg(1 << 10)->Arg(1 << 17)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tarn::bench
