// sum() over decimal(15,2) (l_extendedprice-like) through the executor: the
// global aggregate and one grouped by a 4-value key (q01's shape).
#include <benchmark/benchmark.h>

#include "bench/micro/bench_data.h"
#include "exec/executor.h"
#include "session/session.h"

namespace tarn::bench {
namespace {

constexpr size_t kRows = size_t{1} << 20;

void BM_DecimalSum(benchmark::State& state) {
  static const plan::PlanPtr input = ValuesPlan({RandomPrices(kRows), RandomLongs(kRows, 4)}, {"price", "flag"});
  Session session;
  session.CreateTempView("t", input);
  bool grouped = state.range(0) != 0;
  plan::PlanPtr query =
      session.AnalyzeQueryText(grouped ? "SELECT flag, sum(price) FROM t GROUP BY flag" : "SELECT sum(price) FROM t");
  exec::ExecOptions options;
  for (auto _ : state) {
    Batch result = exec::ExecuteToBatch(query, options);
    benchmark::DoNotOptimize(result.num_rows());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}
BENCHMARK(BM_DecimalSum)->Arg(0)->Arg(1)->ArgNames({"grouped"})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tarn::bench
