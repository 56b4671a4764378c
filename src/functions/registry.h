// FunctionRegistry: the built-in functions by name (case-insensitive), as
// SHOW FUNCTIONS and DESCRIBE FUNCTION list them and the analyzer binds them.
//
// Thread safety: Builtin() is built once and then read-only.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "functions/function.h"

namespace tarn {

class FunctionRegistry {
 public:
  /// Every built-in function.
  static const FunctionRegistry& Builtin();

  /// Adds a function (or an alias: a second name for the same info).
  /// Registering a name twice is a bug.
  void Add(FunctionInfo info);
  void AddAlias(std::string_view alias, std::string_view target);

  /// The function named `name` (any case), or null.
  const FunctionInfo* Find(std::string_view name) const;
  /// Every registered name (aliases included), sorted.
  std::vector<std::string> Names() const;
  size_t size() const { return functions_.size(); }

 private:
  std::map<std::string, FunctionInfo, std::less<>> functions_;
};

}  // namespace tarn
