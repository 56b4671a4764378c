// The parts of the string_funcs group registered from their own files;
// RegisterStringFunctions (builtins.h) calls them.
#pragma once

namespace tarn {

class FunctionRegistry;

/// base64, unbase64, hex, unhex, encode, decode, to_binary, UTF-8 validation.
void RegisterStringCodecFunctions(FunctionRegistry& registry);
/// format_number, format_string/printf, to_char/to_varchar.
void RegisterStringFormatFunctions(FunctionRegistry& registry);
void RegisterToNumberFunctions(FunctionRegistry& registry);

}  // namespace tarn
