// Spark's misc_funcs: typeof, version, uuid, assert_true, raise_error,
// spark_partition_id, input_file_name and the session's current_* names.
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "common/error.h"
#include "common/version.h"
#include "functions/builtins.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"

namespace tarn {
namespace {

constexpr const char* kGroup = "misc_funcs";

VectorPtr ConstantString(const std::string& value, size_t rows) {
  VectorPtr one = Vector::Make(DataType::String(), 1);
  one->SetString(0, value);
  return Vector::MakeConstant(one, 0, rows);
}

// A no-argument function returning a fixed string.
FunctionInfo MakeConstantString(const char* name, const char* usage, std::string value) {
  return MakeScalar(name, kGroup, usage, {{{}, DataType::String()}},
                    [value](std::span<const VectorPtr>, size_t rows, const FunctionContext&) {
                      return ConstantString(value, rows);
                    });
}

[[noreturn]] void RaiseUserError(std::string_view message) {
  ThrowError(ErrorClass::kUserRaisedException, {{"errorMessage", std::string(message)}});
}

void RegisterIdentity(FunctionRegistry& r) {
  r.Add(MakeConstantString("version", "_FUNC_() - Returns the tarn version. The string contains 2 fields, the first being a release version and the second being a build name.",
                           std::string(kVersion) + " tarn"));
  r.Add(MakeConstantString("current_catalog", "_FUNC_() - Returns the current catalog.", "spark_catalog"));
  r.Add(MakeConstantString("current_database", "_FUNC_() - Returns the current database.", "default"));
  r.AddAlias("current_schema", "current_database");
  r.Add(MakeConstantString("current_user", "_FUNC_() - user name of current execution context.", "tarn"));
  r.AddAlias("user", "current_user");
  r.AddAlias("session_user", "current_user");
  r.Add(MakeConstantString("input_file_name", "_FUNC_() - Returns the name of the file being read, or empty string if not available.", ""));

  FunctionInfo partition;
  partition.name = "spark_partition_id";
  partition.group = kGroup;
  partition.usage = "_FUNC_() - Returns the current partition id.";
  partition.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
    ExpectArgCount("spark_partition_id", args, 0);
    BoundScalar bound;
    bound.result_type = DataType::Int();
    bound.result_nullable = false;
    bound.deterministic = false;
    bound.kernel = [](std::span<const VectorPtr>, size_t rows, const FunctionContext&) {
      return Vector::Make(DataType::Int(), rows);  // zeroed: tarn runs one partition
    };
    return bound;
  };
  r.Add(std::move(partition));
}

void RegisterTypeof(FunctionRegistry& r) {
  FunctionInfo info;
  info.name = "typeof";
  info.group = kGroup;
  info.usage = "_FUNC_(expr) - Return DDL-formatted type string for the data type of the input.";
  info.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
    ExpectArgCount("typeof", args, 1);
    BoundScalar bound;
    bound.result_type = DataType::String();
    bound.result_nullable = false;
    bound.arg_types = {args[0].type};
    std::string name = args[0].type.ToString();
    bound.kernel = [name](std::span<const VectorPtr>, size_t rows, const FunctionContext&) {
      return ConstantString(name, rows);
    };
    return bound;
  };
  r.Add(std::move(info));
}

// RFC 4122 version 4 text from two random words.
std::string UuidText(uint64_t hi, uint64_t lo) {
  hi = (hi & ~0xF000ULL) | 0x4000ULL;
  lo = (lo & ~(0xC000000000000000ULL)) | 0x8000000000000000ULL;
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 32; ++i) {
    uint64_t word = i < 16 ? hi : lo;
    int shift = 60 - 4 * (i % 16);
    if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
    out.push_back(kDigits[(word >> shift) & 15]);
  }
  return out;
}

void RegisterUuid(FunctionRegistry& r) {
  FunctionInfo info;
  info.name = "uuid";
  info.group = kGroup;
  info.usage = "_FUNC_() - Returns an universally unique identifier (UUID) string. The value is returned as a canonical UUID 36-character string.";
  info.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
    ExpectArgCount("uuid", args, 0);
    BoundScalar bound;
    bound.result_type = DataType::String();
    bound.result_nullable = false;
    bound.deterministic = false;
    struct State {
      std::mutex mutex;
      std::mt19937_64 rng{std::random_device{}()};
    };
    auto state = std::make_shared<State>();
    bound.kernel = [state](std::span<const VectorPtr>, size_t rows, const FunctionContext&) {
      VectorPtr out = Vector::Make(DataType::String(), rows);
      std::lock_guard<std::mutex> lock(state->mutex);
      for (size_t row = 0; row < rows; ++row) {
        uint64_t hi = state->rng(), lo = state->rng();
        out->SetString(row, UuidText(hi, lo));
      }
      return out;
    };
    return bound;
  };
  r.Add(std::move(info));
}

void RegisterErrors(FunctionRegistry& r) {
  FunctionInfo assert_true;
  assert_true.name = "assert_true";
  assert_true.group = kGroup;
  assert_true.usage = "_FUNC_(expr [, message]) - Throws an exception if `expr` is not true.";
  assert_true.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
    ExpectArgCount("assert_true", args, 1, 2);
    if (args[0].type.id() != TypeId::kBoolean && args[0].type.id() != TypeId::kNull)
      ThrowUnexpectedInputType(0, "\"BOOLEAN\"", args[0].type);
    BoundScalar bound;
    bound.result_type = DataType::Null();
    bound.arg_types = {DataType::Boolean()};
    if (args.size() == 2) bound.arg_types.push_back(DataType::String());
    bound.deterministic = false;  // never folded away: it is there for its error
    bound.kernel = [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
      for (size_t row = 0; row < rows; ++row) {
        if (!args[0]->IsNull(row) && args[0]->ValueAt<uint8_t>(row) != 0) continue;
        if (args.size() == 2 && !args[1]->IsNull(row)) RaiseUserError(args[1]->StringAt(row).view());
        RaiseUserError("'" + std::string(args[0]->IsNull(row) ? "NULL" : "false") + "' is not true!");
      }
      return Vector::MakeNull(DataType::Null(), rows);
    };
    return bound;
  };
  r.Add(std::move(assert_true));

  FunctionInfo raise_error;
  raise_error.name = "raise_error";
  raise_error.group = kGroup;
  raise_error.usage = "_FUNC_( expr ) - Throws a USER_RAISED_EXCEPTION with `expr` as message.";
  raise_error.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
    ExpectArgCount("raise_error", args, 1);
    if (!args[0].type.is_string_like() && args[0].type.id() != TypeId::kNull)
      ThrowUnexpectedInputType(0, "\"STRING\"", args[0].type);
    BoundScalar bound;
    bound.result_type = DataType::Null();
    bound.arg_types = {DataType::String()};
    bound.deterministic = false;
    bound.kernel = [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) -> VectorPtr {
      if (rows > 0) RaiseUserError(args[0]->IsNull(0) ? "null" : args[0]->StringAt(0).view());
      return Vector::MakeNull(DataType::Null(), rows);
    };
    return bound;
  };
  r.Add(std::move(raise_error));
}

}  // namespace

void RegisterMiscFunctions(FunctionRegistry& registry) {
  RegisterIdentity(registry);
  RegisterTypeof(registry);
  RegisterUuid(registry);
  RegisterErrors(registry);
}

}  // namespace tarn
