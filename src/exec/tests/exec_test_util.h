// Helpers for executor tests: small vectors, VALUES plans, inline kernels
// for the few scalar functions the tests need, and rows as text.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "columnar/value_text.h"
#include "exec/executor.h"
#include "functions/function.h"
#include "functions/kernel_util.h"
#include "plan/logical_plan.h"

namespace tarn::exec::testing {

using plan::ExprPtr;
using plan::PlanNode;
using plan::PlanPtr;

inline VectorPtr Longs(const std::vector<std::optional<int64_t>>& values) {
  VectorPtr out = Vector::Make(DataType::Long(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i]) out->values<int64_t>()[i] = *values[i];
    else out->SetNull(i);
  }
  return out;
}

inline VectorPtr Doubles(const std::vector<std::optional<double>>& values) {
  VectorPtr out = Vector::Make(DataType::Double(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i]) out->values<double>()[i] = *values[i];
    else out->SetNull(i);
  }
  return out;
}

inline VectorPtr Strings(const std::vector<std::optional<std::string>>& values) {
  VectorPtr out = Vector::Make(DataType::String(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i]) out->SetString(i, *values[i]);
    else out->SetNull(i);
  }
  return out;
}

/// An array<bigint> vector; nullopt outer = NULL array.
inline VectorPtr LongArrays(const std::vector<std::optional<std::vector<std::optional<int64_t>>>>& rows) {
  VectorPtr out = Vector::Make(DataType::Array(DataType::Long()), 0);
  VectorPtr one = Vector::Make(DataType::Array(DataType::Long()), 1);
  for (size_t r = 0; r < rows.size(); ++r) {
    auto single = Vector::Make(DataType::Array(DataType::Long()), 1);
    if (!rows[r]) {
      single->SetNull(0);
    } else {
      single->set_child(0, Longs(*rows[r]));
      single->offsets()[1] = static_cast<int32_t>(rows[r]->size());
    }
    out->AppendFrom(*single, 0);
  }
  return out;
}

/// A VALUES node with columns c0, c1, ...
inline PlanPtr Values(std::vector<VectorPtr> columns) {
  auto node = std::make_shared<PlanNode>();
  node->kind = plan::PlanKind::kValues;
  node->num_values_rows = columns.empty() ? 0 : columns[0]->size();
  for (size_t i = 0; i < columns.size(); ++i) node->schema.push_back({"c" + std::to_string(i), columns[i]->type(), true});
  node->values = std::move(columns);
  return node;
}

inline ExprPtr Col(const PlanPtr& input, int i) { return plan::ColumnRef(i, input->schema[i].type); }

/// A scalar call with an inline kernel over int64 (or double) arguments.
template <typename Out, typename... In, typename Fn>
ExprPtr Call(const std::string& name, DataType result, std::vector<ExprPtr> args, Fn fn) {
  auto bound = std::make_shared<BoundScalar>();
  bound->result_type = result;
  for (const auto& a : args) bound->arg_types.push_back(a->type);
  bound->kernel = [result, fn](std::span<const VectorPtr> a, size_t rows, const FunctionContext&) {
    return MapRows<Out, In...>(a, rows, result, fn);
  };
  auto expr = std::make_shared<plan::Expr>();
  expr->kind = plan::ExprKind::kCall;
  expr->type = result;
  expr->name = name;
  expr->scalar = bound;
  expr->args = std::move(args);
  return expr;
}

inline ExprPtr Add(ExprPtr a, ExprPtr b) {
  return Call<int64_t, int64_t, int64_t>("+", DataType::Long(), {a, b}, [](int64_t x, int64_t y) { return x + y; });
}
inline ExprPtr Gt(ExprPtr a, ExprPtr b) {
  return Call<bool, int64_t, int64_t>(">", DataType::Boolean(), {a, b}, [](int64_t x, int64_t y) { return x > y; });
}
inline ExprPtr Lt(ExprPtr a, ExprPtr b) {
  return Call<bool, int64_t, int64_t>("<", DataType::Boolean(), {a, b}, [](int64_t x, int64_t y) { return x < y; });
}
inline ExprPtr Eq(ExprPtr a, ExprPtr b) {
  return Call<bool, int64_t, int64_t>("=", DataType::Boolean(), {a, b}, [](int64_t x, int64_t y) { return x == y; });
}
/// Integer division that throws DIVIDE_BY_ZERO like ANSI mode.
inline ExprPtr Div(ExprPtr a, ExprPtr b) {
  return Call<int64_t, int64_t, int64_t>("/", DataType::Long(), {a, b}, [](int64_t x, int64_t y) {
    if (y == 0) ThrowError(ErrorClass::kDivideByZero, {{"config", "\"spark.sql.ansi.enabled\""}});
    return x / y;
  });
}

inline std::shared_ptr<PlanNode> Node(plan::PlanKind kind, Schema schema, std::vector<PlanPtr> children) {
  auto node = std::make_shared<PlanNode>();
  node->kind = kind;
  node->schema = std::move(schema);
  node->children = std::move(children);
  return node;
}

inline std::string Text(const Vector& v, size_t row) {
  std::string out;
  AppendSparkText(v, row, &out);
  return out;
}

/// Every row as "a|b|c".
inline std::vector<std::string> Rows(const Batch& batch) {
  std::vector<std::string> rows;
  for (size_t r = 0; r < batch.num_rows(); ++r) {
    std::string row;
    for (size_t c = 0; c < batch.num_columns(); ++c) {
      if (c) row += "|";
      row += Text(batch.column(c), r);
    }
    rows.push_back(row);
  }
  return rows;
}

inline std::vector<std::string> RunPlan(const PlanPtr& plan, size_t batch_size = 4096) {
  ExecOptions options;
  options.batch_size = batch_size;
  return Rows(ExecuteToBatch(plan, options));
}

inline std::vector<std::string> Sorted(std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

/// Values of one expression over a VALUES input.
inline std::vector<std::string> EvalRows(const PlanPtr& input, ExprPtr expr) {
  auto node = Node(plan::PlanKind::kProject, {{"x", expr->type, true}}, {input});
  node->exprs = {expr};
  return RunPlan(node);
}

/// A test aggregate: sum(bigint) → bigint (NULL when no non-null input), or count(bigint).
class TestSum : public AggregateFunction {
 public:
  explicit TestSum(bool count) : count_(count) {
    result_type_ = DataType::Long();
    arg_types_ = {DataType::Long()};
  }
  size_t state_size() const override { return 16; }
  void Init(uint8_t* state) const override { std::memset(state, 0, 16); }
  void Update(uint8_t* const* states, std::span<const VectorPtr> args, size_t rows) const override {
    for (size_t i = 0; i < rows; ++i) {
      if (args[0]->IsNull(i)) continue;
      auto* s = reinterpret_cast<int64_t*>(states[i]);
      s[0] += args[0]->ValueAt<int64_t>(i);
      s[1] += 1;
    }
  }
  void Merge(uint8_t* target, const uint8_t* source) const override {
    auto* t = reinterpret_cast<int64_t*>(target);
    auto* s = reinterpret_cast<const int64_t*>(source);
    t[0] += s[0];
    t[1] += s[1];
  }
  void Finalize(const uint8_t* const* states, size_t count, Vector& out) const override {
    for (size_t i = 0; i < count; ++i) {
      auto* s = reinterpret_cast<const int64_t*>(states[i]);
      if (count_) out.values<int64_t>()[i] = s[1];
      else if (s[1] == 0) out.SetNull(i);
      else out.values<int64_t>()[i] = s[0];
    }
  }

 private:
  bool count_;
};

/// `name`(arg) through TestSum (count when `name` is "count").
inline plan::AggregateCall Agg(const std::string& name, ExprPtr arg, bool distinct = false, ExprPtr filter = nullptr) {
  plan::AggregateCall call;
  call.name = name;
  call.function = std::make_shared<TestSum>(name == "count");
  call.args = {arg};
  call.distinct = distinct;
  call.filter = filter;
  return call;
}

}  // namespace tarn::exec::testing
