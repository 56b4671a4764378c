#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterHashFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
