// Generate (explode & co): input columns repeated per generated row, then the
// generator's columns. `outer` adds one row of NULLs for an input row that
// generated nothing.
#include "common/check.h"
#include "exec/expression_evaluator.h"
#include "exec/operators/operators.h"
#include "exec/vector_util.h"

namespace tarn::exec {
namespace {

class GenerateOperator : public Operator {
 public:
  GenerateOperator(const plan::PlanNode& node, QueryContext* query, OperatorPtr child)
      : Operator(node, query), child_(std::move(child)), eval_(query) {
    TARN_CHECK(node.generator != nullptr && node.generator->kernel, "generate without a bound generator");
  }

  bool Next(Batch* out) override {
    Batch batch;
    while (true) {
      query_->CheckCancel();
      if (!child_->Next(&batch)) return false;
      size_t rows = batch.num_rows();
      if (rows == 0) continue;
      std::vector<VectorPtr> args;
      for (const auto& arg : node_.generator_args) args.push_back(Evaluate(*arg, batch, eval_));
      GeneratorOutput gen = node_.generator->kernel(std::span<const VectorPtr>(args), rows, query_->functions());
      SelectionVector parents(gen.parent_rows.begin(), gen.parent_rows.end());
      std::vector<VectorPtr> generated = gen.columns;
      if (node_.outer) {
        // Merge in a NULL row for every input row without output.
        std::vector<int64_t> source;
        SelectionVector merged;
        size_t k = 0;
        for (size_t r = 0; r < rows; ++r) {
          bool any = false;
          while (k < parents.size() && parents[k] == r) {
            merged.push_back(static_cast<uint32_t>(r));
            source.push_back(static_cast<int64_t>(k++));
            any = true;
          }
          if (!any) {
            merged.push_back(static_cast<uint32_t>(r));
            source.push_back(-1);
          }
        }
        if (merged.size() != parents.size()) {
          for (VectorPtr& column : generated) column = GatherRowsOrNull(column, source.data(), source.size());
          parents = std::move(merged);
        }
      }
      if (parents.empty()) continue;
      std::vector<VectorPtr> columns;
      for (const VectorPtr& c : batch.columns()) columns.push_back(SelectRows(c, parents));
      for (const VectorPtr& c : generated) columns.push_back(c);
      *out = Batch(node_.schema, std::move(columns), parents.size());
      return true;
    }
  }

 private:
  OperatorPtr child_;
  EvalContext eval_;
};

}  // namespace

OperatorPtr MakeGenerate(const plan::PlanNode& node, QueryContext* query, OperatorPtr child) {
  return std::make_unique<GenerateOperator>(node, query, std::move(child));
}

}  // namespace tarn::exec
