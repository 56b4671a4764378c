#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterMiscFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
