#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterJsonFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
