// sum() over decimal(15,2) (l_extendedprice-like) through the executor: the
// global aggregate and one grouped by a 4-value key; and TPC-H q01's
// aggregation (eight decimal sums/averages with price * (1 - disc) * (1 + tax),
// grouped by two dictionary-encoded 1-char strings) without its scan.
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

void BM_Q01Aggregate(benchmark::State& state) {
  static const plan::PlanPtr input =
      ValuesPlan({RandomDictionary({"A", "N", "R"}, kRows, 1), RandomDictionary({"F", "O"}, kRows, 2),
                  RandomDecimals(kRows, 100, 5000, 3), RandomPrices(kRows), RandomDecimals(kRows, 0, 10, 4),
                  RandomDecimals(kRows, 0, 8, 6)},
                 {"l_returnflag", "l_linestatus", "l_quantity", "l_extendedprice", "l_discount", "l_tax"});
  Session session;
  session.CreateTempView("lineitem", input);
  plan::PlanPtr query = session.AnalyzeQueryText(
      "SELECT l_returnflag, l_linestatus, sum(l_quantity), sum(l_extendedprice), "
      "sum(l_extendedprice * (1 - l_discount)), sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)), "
      "avg(l_quantity), avg(l_extendedprice), avg(l_discount), count(*) FROM lineitem "
      "GROUP BY l_returnflag, l_linestatus");
  exec::ExecOptions options;
  for (auto _ : state) {
    Batch result = exec::ExecuteToBatch(query, options);
    benchmark::DoNotOptimize(result.num_rows());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}
BENCHMARK(BM_Q01Aggregate)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tarn::bench
