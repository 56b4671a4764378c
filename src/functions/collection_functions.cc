#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {

void RegisterCollectionFunctions(FunctionRegistry& registry) {}

}  // namespace tarn
