#include "functions/registry.h"

#include <algorithm>
#include <cctype>

#include "common/check.h"
#include "common/strings.h"
#include "functions/builtins.h"

namespace tarn {
namespace {

FunctionRegistry BuildBuiltins() {
  FunctionRegistry registry;
  RegisterArithmeticFunctions(registry);
  RegisterMathFunctions(registry);
  RegisterStringFunctions(registry);
  RegisterRegexFunctions(registry);
  RegisterDatetimeFunctions(registry);
  RegisterConditionalFunctions(registry);
  RegisterHashFunctions(registry);
  RegisterJsonFunctions(registry);
  RegisterCollectionFunctions(registry);
  RegisterGeneratorFunctions(registry);
  RegisterAggregateFunctions(registry);
  RegisterWindowFunctions(registry);
  RegisterHigherOrderFunctions(registry);
  RegisterMiscFunctions(registry);
  RegisterCastFunctions(registry);
  RegisterDatetimeOperators(registry);
  return registry;
}

}  // namespace

const FunctionRegistry& FunctionRegistry::Builtin() {
  static const FunctionRegistry registry = BuildBuiltins();
  return registry;
}

void FunctionRegistry::Add(FunctionInfo info) {
  std::string key = AsciiLower(info.name);
  info.name = key;
  bool inserted = functions_.emplace(key, std::move(info)).second;
  TARN_CHECK(inserted, "function registered twice: " + key);
}

void FunctionRegistry::AddAlias(std::string_view alias, std::string_view target) {
  const FunctionInfo* info = Find(target);
  TARN_CHECK(info != nullptr, "alias of an unknown function: " + std::string(target));
  FunctionInfo copy = *info;
  copy.name = AsciiLower(alias);
  Add(std::move(copy));
}

const FunctionInfo* FunctionRegistry::Find(std::string_view name) const {
  auto it = functions_.find(AsciiLower(name));
  return it == functions_.end() ? nullptr : &it->second;
}

std::vector<std::string> FunctionRegistry::Names() const {
  std::vector<std::string> names;
  names.reserve(functions_.size());
  for (const auto& [name, info] : functions_) names.push_back(name);
  return names;
}

}  // namespace tarn
