// Calls string, regex and JSON functions through a registry holding only
// those groups, so these tests do not depend on the other groups' files.
#pragma once

#include "functions/builtins.h"
#include "functions/tests/function_test_util.h"

namespace tarn::testing {

inline const FunctionRegistry& TextRegistry() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    RegisterStringFunctions(r);
    RegisterRegexFunctions(r);
    RegisterJsonFunctions(r);
    return r;
  }();
  return registry;
}

/// CallScalar (function_test_util.h) against TextRegistry().
inline VectorPtr CallText(const std::string& name, std::vector<VectorPtr> args, const FunctionContext& ctx = {}) {
  const FunctionInfo* info = TextRegistry().Find(name);
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
