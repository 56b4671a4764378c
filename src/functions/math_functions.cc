#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterMathFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
