// String filters through the expression evaluator: LIKE patterns on
// comment-like text and equality / IN on short codes, bound by the SQL front
// end exactly as a query's WHERE clause is.
#include <benchmark/benchmark.h>

#include "bench/micro/bench_data.h"
#include "common/check.h"
#include "exec/expression_evaluator.h"
#include "session/session.h"

namespace tarn::bench {
namespace {

constexpr size_t kRows = size_t{1} << 20;
constexpr size_t kChunk = 4096;

const char* const kConditions[] = {
    "note LIKE '%special%requests%'",  // q13's pattern
    "note LIKE 'furiously%'",
    "note = 'final deposits bold'",
    "shipmode = 'MAIL'",
    "shipmode IN ('MAIL', 'SHIP')",  // q12's
};

const plan::PlanNode* FindFilter(const plan::PlanNode& node) {
  if (node.kind == plan::PlanKind::kFilter) return &node;
  for (const plan::PlanPtr& child : node.children)
    if (const plan::PlanNode* found = FindFilter(*child)) return found;
  return nullptr;
}

void BM_StringFilter(benchmark::State& state) {
  static const plan::PlanPtr input = ValuesPlan({RandomText(kRows), RandomModes(kRows)}, {"note", "shipmode"});
  Session session;
  session.CreateTempView("t", input);
  std::string condition = kConditions[state.range(0)];
  state.SetLabel(condition);
  plan::PlanPtr query = session.AnalyzeQueryText("SELECT note FROM t WHERE " + condition);
  const plan::PlanNode* filter = FindFilter(*query);
  TARN_CHECK(filter != nullptr, "no Filter in the plan of " + condition);
  const plan::Expr& predicate = *filter->condition;
  const Schema& schema = filter->children.at(0)->schema;
  std::vector<Batch> batches;
  for (size_t at = 0; at < kRows; at += kChunk) {
    std::vector<VectorPtr> columns;
    for (const Field& f : schema) {
      size_t c = f.name == "note" ? 0 : 1;
      columns.push_back(Vector::View(input->values[c], at, std::min(kChunk, kRows - at)));
    }
    batches.emplace_back(schema, std::move(columns), std::min(kChunk, kRows - at));
  }
  exec::QueryContext query_context{exec::ExecOptions{}};
  exec::EvalContext eval(&query_context);
  size_t selected = 0;
  for (auto _ : state) {
    selected = 0;
    for (const Batch& batch : batches) selected += exec::EvaluateFilter(predicate, batch, eval).size();
  }
  state.counters["selected"] = static_cast<double>(selected);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
}
BENCHMARK(BM_StringFilter)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tarn::bench
