// The groups of built-in functions; each file of functions/ registers one
// group. FunctionRegistry::Builtin() calls them all.
#pragma once

namespace tarn {

class FunctionRegistry;

void RegisterArithmeticFunctions(FunctionRegistry& registry);  // operators: + - * / % div, comparisons
void RegisterMathFunctions(FunctionRegistry& registry);
void RegisterStringFunctions(FunctionRegistry& registry);
void RegisterRegexFunctions(FunctionRegistry& registry);
void RegisterDatetimeFunctions(FunctionRegistry& registry);
void RegisterConditionalFunctions(FunctionRegistry& registry);  // null handling, if, nvl, ...
void RegisterHashFunctions(FunctionRegistry& registry);
void RegisterJsonFunctions(FunctionRegistry& registry);
void RegisterCollectionFunctions(FunctionRegistry& registry);  // array_*, map_*, struct, sequence
void RegisterGeneratorFunctions(FunctionRegistry& registry);   // explode, posexplode, inline, stack
void RegisterAggregateFunctions(FunctionRegistry& registry);
void RegisterWindowFunctions(FunctionRegistry& registry);      // descriptions of row_number, rank, lag, ...
void RegisterHigherOrderFunctions(FunctionRegistry& registry); // descriptions of transform, filter, ...
void RegisterMiscFunctions(FunctionRegistry& registry);        // version, uuid, typeof, ...
void RegisterDatetimeOperators(FunctionRegistry& registry);  // date/timestamp/interval operators (internal)
void RegisterCastFunctions(FunctionRegistry& registry);        // int(x), string(x), ... (cast aliases)

}  // namespace tarn
