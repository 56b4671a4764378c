#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterAggregateFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
