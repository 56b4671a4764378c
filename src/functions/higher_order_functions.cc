#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterHigherOrderFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
