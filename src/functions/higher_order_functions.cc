// Spark's lambda functions (transform, filter, aggregate, ...): described
// here for SHOW FUNCTIONS / DESCRIBE FUNCTION; the executor binds and
// evaluates the lambdas itself.
#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {
namespace {

struct HigherOrder {
  const char* name;
  const char* group;
  const char* usage;
};

const HigherOrder kFunctions[] = {
    {"transform", "lambda_funcs", "_FUNC_(expr, func) - Transforms elements in an array using the function."},
    {"filter", "lambda_funcs", "_FUNC_(expr, func) - Filters the input array using the given predicate."},
    {"exists", "lambda_funcs", "_FUNC_(expr, pred) - Tests whether a predicate holds for one or more elements in the array."},
    {"forall", "lambda_funcs", "_FUNC_(expr, pred) - Tests whether a predicate holds for all elements in the array."},
    {"aggregate", "lambda_funcs", "_FUNC_(expr, start, merge, finish) - Applies a binary operator to an initial state and all elements in the array, and reduces this to a single state. The final state is converted into the final result by applying a finish function."},
    {"reduce", "lambda_funcs", "_FUNC_(expr, start, merge, finish) - Applies a binary operator to an initial state and all elements in the array, and reduces this to a single state. The final state is converted into the final result by applying a finish function."},
    {"zip_with", "lambda_funcs", "_FUNC_(left, right, func) - Merges the two given arrays, element-wise, into a single array using function. If one array is shorter, nulls are appended at the end to match the length of the longer array, before applying function."},
    {"map_filter", "lambda_funcs", "_FUNC_(expr, func) - Filters entries in a map using the function."},
    {"map_zip_with", "lambda_funcs", "_FUNC_(map1, map2, function) - Merges two given maps into a single map by applying function to the pair of values with the same key. For keys only presented in one map, NULL will be passed as the value for the missing key. If an input map contains duplicated keys, only the first entry of the duplicated key is passed into the lambda function."},
    {"transform_keys", "lambda_funcs", "_FUNC_(expr, func) - Transforms elements in a map using the function."},
    {"transform_values", "lambda_funcs", "_FUNC_(expr, func) - Transforms values in the map using the function."},
    {"array_sort", "array_funcs", "_FUNC_(expr, func) - Sorts the input array. If func is omitted, sort in ascending order. The elements of the input array must be orderable. NaN is greater than any non-NaN elements for double/float type. Null elements will be placed at the end of the returned array. Since 3.0.0 this function also sorts and returns the array based on the given comparator function. The comparator will take two arguments representing two elements of the array. It returns a negative integer, 0, or a positive integer as the first element is less than, equal to, or greater than the second element. If the comparator function returns null, the function will fail and raise an error."},
};

}  // namespace

void RegisterHigherOrderFunctions(FunctionRegistry& registry) {
  for (const HigherOrder& f : kFunctions) {
    FunctionInfo info;
    info.name = f.name;
    info.kind = FunctionKind::kHigherOrder;
    info.group = f.group;
    info.usage = f.usage;
    registry.Add(std::move(info));
  }
}

}  // namespace tarn
