#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterDatetimeFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
