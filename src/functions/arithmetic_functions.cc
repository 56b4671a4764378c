#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterArithmeticFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
