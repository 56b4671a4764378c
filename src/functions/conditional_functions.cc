#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterConditionalFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
