#include "functions/kernel_util.h"

#include "common/error.h"
#include "types/coercion.h"

namespace tarn {

void ExpectArgCount(std::string_view function, const std::vector<ArgType>& args, size_t min, size_t max) {
  if (args.size() >= min && args.size() <= max) return;
  std::string expected = min == max ? std::to_string(min)
                         : max == SIZE_MAX ? ">= " + std::to_string(min)
                                           : "[" + std::to_string(min) + ", " + std::to_string(max) + "]";
  ThrowError(ErrorClass::kWrongNumArgs, {{"functionName", "`" + std::string(function) + "`"},
                                         {"expectedNum", expected},
                                         {"actualNum", std::to_string(args.size())}});
}

std::string Ordinal(size_t index) {
  static const char* const kNames[] = {"first", "second", "third", "fourth", "fifth",
                                       "sixth", "seventh", "eighth", "ninth", "tenth"};
  return index < 10 ? kNames[index] : std::to_string(index + 1) + "th";
}

void ThrowUnexpectedInputType(size_t index, std::string_view expected, const DataType& actual) {
  throw FunctionBindError("The " + Ordinal(index) + " parameter requires the " + std::string(expected) +
                          " type, however the argument has the type \"" + actual.ToSql() + "\".",
                          "UNEXPECTED_INPUT_TYPE");
}

const Signature& MatchSignature(std::string_view function, const std::vector<ArgType>& args,
                               const std::vector<Signature>& signatures) {
  size_t min = SIZE_MAX, max = 0;
  for (const Signature& signature : signatures) {
    min = std::min(min, signature.args.size());
    max = std::max(max, signature.args.size());
  }
  ExpectArgCount(function, args, min, max);
  // Exact matches first, then the first that implicit casts reach.
  for (int pass = 0; pass < 2; ++pass) {
    for (const Signature& signature : signatures) {
      if (signature.args.size() != args.size()) continue;
      bool fits = true;
      for (size_t i = 0; i < args.size() && fits; ++i) {
        const DataType& want = signature.args[i];
        const DataType& have = args[i].type;
        bool same = want.id() == TypeId::kDecimal ? have.id() == TypeId::kDecimal : have == want;
        fits = pass == 0 ? same || have.id() == TypeId::kNull : same || CanImplicitCast(have, want);
      }
      if (fits) return signature;
    }
  }
  for (const Signature& signature : signatures) {
    if (signature.args.size() != args.size()) continue;
    for (size_t i = 0; i < args.size(); ++i)
      if (!CanImplicitCast(args[i].type, signature.args[i]))
        ThrowUnexpectedInputType(i, "\"" + signature.args[i].ToSql() + "\"", args[i].type);
  }
  throw FunctionBindError("no signature of " + std::string(function) + " accepts these arguments");
}

FunctionInfo MakeScalar(std::string name, std::string group, std::string usage, std::vector<Signature> signatures,
                        ScalarKernel kernel) {
  FunctionInfo info;
  info.name = name;
  info.kind = FunctionKind::kScalar;
  info.group = std::move(group);
  info.usage = std::move(usage);
  info.scalar = [name, signatures = std::move(signatures), kernel = std::move(kernel)](
                    const std::vector<ArgType>& args, const FunctionContext&) {
    const Signature& signature = MatchSignature(name, args, signatures);
    BoundScalar bound;
    bound.result_type = signature.result;
    bound.arg_types = signature.args;
    // A decimal parameter accepts any decimal as it is.
    for (size_t i = 0; i < args.size(); ++i)
      if (signature.args[i].id() == TypeId::kDecimal && args[i].type.id() == TypeId::kDecimal)
        bound.arg_types[i] = args[i].type;
    bound.kernel = kernel;
    return bound;
  };
  return info;
}

}  // namespace tarn
