#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterStringFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
