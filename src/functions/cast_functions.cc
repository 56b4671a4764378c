// Spark's cast aliases: int(x), string(x), ... are CAST(x AS <type>) under the
// session's ANSI setting (Spark registers them with castAlias).
#include <string>
#include <vector>

#include "functions/builtins.h"
#include "functions/cast.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"

namespace tarn {

namespace {

FunctionInfo CastAlias(const std::string& name, DataType target) {
  FunctionInfo info;
  info.name = name;
  info.kind = FunctionKind::kScalar;
  info.group = "conversion_funcs";
  info.usage = "_FUNC_(expr) - Casts the value `expr` to the target data type `_FUNC_`.";
  info.examples = "\n    Examples:\n      > SELECT _FUNC_('10');\n";
  info.scalar = [name, target](const std::vector<ArgType>& args, const FunctionContext& ctx) {
    ExpectArgCount(name, args, 1);
    const DataType& from = args[0].type;
    if (!CanCast(from, target, CastModeFor(ctx))) {
      throw FunctionBindError("cannot cast \"" + from.ToSql() + "\" to \"" + target.ToSql() + "\"");
    }
    BoundScalar bound;
    bound.result_type = target;
    bound.arg_types = {from};
    bound.kernel = [target](std::span<const VectorPtr> args, size_t rows, const FunctionContext& ctx) {
      return CastVector(args[0], rows, target, CastModeFor(ctx), ctx);
    };
    return bound;
  };
  return info;
}

}  // namespace

void RegisterCastFunctions(FunctionRegistry& registry) {
  registry.Add(CastAlias("boolean", DataType::Boolean()));
  registry.Add(CastAlias("tinyint", DataType::Byte()));
  registry.Add(CastAlias("smallint", DataType::Short()));
  registry.Add(CastAlias("int", DataType::Int()));
  registry.Add(CastAlias("bigint", DataType::Long()));
  registry.Add(CastAlias("float", DataType::Float()));
  registry.Add(CastAlias("double", DataType::Double()));
  registry.Add(CastAlias("decimal", DataType::Decimal(10, 0)));
  registry.Add(CastAlias("string", DataType::String()));
  registry.Add(CastAlias("binary", DataType::Binary()));
  registry.Add(CastAlias("date", DataType::Date()));
  registry.Add(CastAlias("timestamp", DataType::Timestamp()));
}

}  // namespace tarn
