#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterWindowFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
