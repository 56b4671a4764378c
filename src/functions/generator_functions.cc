#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterGeneratorFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
