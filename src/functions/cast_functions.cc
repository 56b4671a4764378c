#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterCastFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
