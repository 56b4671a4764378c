#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterRegexFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
