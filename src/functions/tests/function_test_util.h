// Test helpers for function kernels: build small vectors from C++ values and
// call a registered function the way the executor does (bind, then kernel).
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "columnar/value_text.h"
#include "functions/function.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"

namespace tarn::testing {

/// A flat vector of `type` from values (nullopt = NULL).
template <typename T>
VectorPtr MakeVector(const DataType& type, const std::vector<std::optional<T>>& values) {
  VectorPtr out = Vector::Make(type, values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i]) WriteValue<T>(*out, i, *values[i]);
    else out->SetNull(i);
  }
  return out;
}

/// Row `row` as Spark's CAST(x AS STRING) text ("NULL" for null).
inline std::string TextAt(const Vector& vector, size_t row) {
  std::string out;
  AppendSparkText(vector, row, &out);
  return out;
}

/// All rows as text, e.g. {"1", "NULL", "3"}.
inline std::vector<std::string> Texts(const Vector& vector) {
  std::vector<std::string> out;
  for (size_t i = 0; i < vector.size(); ++i) out.push_back(TextAt(vector, i));
  return out;
}

/// Binds scalar function `name` to the types of `args` and runs its kernel.
/// Arguments must already have the types the binder asks for (no casts here);
/// 1-row arguments are passed to the binder as constants.
inline VectorPtr CallScalar(const std::string& name, std::vector<VectorPtr> args, const FunctionContext& ctx = {}) {
  const FunctionInfo* info = FunctionRegistry::Builtin().Find(name);
  EXPECT_NE(info, nullptr) << name;
  if (info == nullptr || !info->scalar) return nullptr;
  std::vector<ArgType> types;
  size_t rows = 1;
  for (const VectorPtr& arg : args) {
    types.push_back({arg->type(), true, arg->size() == 1 ? arg : nullptr});
    rows = std::max(rows, arg->size());
  }
  BoundScalar bound = info->scalar(types, ctx);
  for (size_t i = 0; i < args.size(); ++i) {
    EXPECT_EQ(bound.arg_types[i], args[i]->type()) << name << " argument " << i << " needs a cast";
    if (args[i]->size() == 1 && rows > 1) args[i] = Vector::MakeConstant(args[i], 0, rows);
  }
  VectorPtr result = bound.kernel(std::span<const VectorPtr>(args), rows, ctx);
  EXPECT_EQ(result->size(), rows);
  EXPECT_EQ(result->type(), bound.result_type);
  return result;
}

}  // namespace tarn::testing
