// to_number / try_to_number: Spark's ToNumberParser. The format is a pattern of
// digits (0 or 9), one decimal point (. or D), grouping separators (, or G)
// between digits, an optional $ before the digits, and an optional sign: S at
// either end, MI at the end, or PR (angle brackets) at the end. The result is
// DECIMAL(digits in the format, digits after its decimal point); an input the
// format does not match is INVALID_FORMAT.MISMATCH_INPUT (NULL for try_).
#include <string>
#include <string_view>

#include "common/error.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "functions/string_groups.h"
#include "types/decimal.h"

namespace tarn {
namespace {

struct NumberFormat {
  std::string text;
  std::string integer_groups;  // the integer part's digits and separators, e.g. "00,000"
  int fraction_digits = 0;
  bool has_point = false;
  bool dollar = false;
  enum class Sign { kNone, kLeadingS, kTrailingS, kTrailingMI, kBrackets } sign = Sign::kNone;
  int precision() const {
    int digits = fraction_digits;
    for (char c : integer_groups) digits += c != ',';
    return digits;
  }
};

[[noreturn]] void BadFormat(const std::string& format, const std::string& message) {
  throw FunctionBindError("The format is invalid: '" + format + "'. " + message);
}

NumberFormat ParseFormat(const std::string& format) {
  NumberFormat f;
  f.text = format;
  std::string upper;
  for (char c : format) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string_view rest = upper;
  if (rest.empty()) BadFormat(format, "The format string cannot be empty.");
  if (rest.front() == 'S') {
    f.sign = NumberFormat::Sign::kLeadingS;
    rest.remove_prefix(1);
  }
  auto ends_with = [&](std::string_view suffix) {
    return rest.size() >= suffix.size() && rest.substr(rest.size() - suffix.size()) == suffix;
  };
  if (f.sign == NumberFormat::Sign::kNone) {
    if (ends_with("MI")) f.sign = NumberFormat::Sign::kTrailingMI, rest.remove_suffix(2);
    else if (ends_with("PR")) f.sign = NumberFormat::Sign::kBrackets, rest.remove_suffix(2);
    else if (ends_with("S")) f.sign = NumberFormat::Sign::kTrailingS, rest.remove_suffix(1);
  }
  if (!rest.empty() && rest.front() == '$') {
    f.dollar = true;
    rest.remove_prefix(1);
  }
  bool any_digit = false;
  for (size_t i = 0; i < rest.size(); ++i) {
    char c = rest[i];
    if (c == '0' || c == '9') {
      any_digit = true;
      if (f.has_point) ++f.fraction_digits;
      else f.integer_groups += '0';
    } else if (c == '.' || c == 'D') {
      if (f.has_point) BadFormat(format, "At most one decimal point is allowed.");
      f.has_point = true;
    } else if (c == ',' || c == 'G') {
      if (f.has_point) BadFormat(format, "Thousands separators (, or G) may not appear after the decimal point.");
      bool digit_before = !f.integer_groups.empty() && f.integer_groups.back() == '0';
      bool digit_after = i + 1 < rest.size() && (rest[i + 1] == '0' || rest[i + 1] == '9');
      if (!digit_before || !digit_after) BadFormat(format, "Thousands separators (, or G) must have digits in between them.");
      f.integer_groups += ',';
    } else {
      BadFormat(format, std::string("Unexpected character '") + format[i] + "' in the format string.");
    }
  }
  if (!any_digit) BadFormat(format, "The format string requires at least one digit (0 or 9).");
  if (f.precision() > 38) BadFormat(format, "The format has more than 38 digits.");
  return f;
}

// The value of `input` under `f` as an unscaled decimal, or nullopt.
std::optional<int128_t> ParseNumber(std::string_view input, const NumberFormat& f) {
  bool negative = false;
  if (f.sign == NumberFormat::Sign::kBrackets && input.size() >= 2 && input.front() == '<' && input.back() == '>') {
    negative = true;
    input = input.substr(1, input.size() - 2);
  }
  auto take_sign = [&](char c, bool plus_allowed) {
    if (c == '-') {
      negative = true;
      return true;
    }
    return plus_allowed && c == '+';
  };
  if (f.sign == NumberFormat::Sign::kLeadingS && !input.empty() && take_sign(input.front(), true)) input.remove_prefix(1);
  if ((f.sign == NumberFormat::Sign::kTrailingS || f.sign == NumberFormat::Sign::kTrailingMI) && !input.empty() &&
      take_sign(input.back(), f.sign == NumberFormat::Sign::kTrailingS)) {
    input.remove_suffix(1);
  }
  if (f.dollar) {
    if (input.empty() || input.front() != '$') return std::nullopt;
    input.remove_prefix(1);
  }
  size_t point = input.find('.');
  std::string_view integer = input.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? std::string_view() : input.substr(point + 1);
  if (point != std::string_view::npos && !f.has_point) return std::nullopt;
  if (static_cast<int>(fraction.size()) > f.fraction_digits) return std::nullopt;
  // Separators must sit where the format has them, counted from the right.
  if (integer.size() > f.integer_groups.size()) return std::nullopt;
  size_t offset = f.integer_groups.size() - integer.size();
  int128_t value = 0;
  for (size_t i = 0; i < integer.size(); ++i) {
    char want = f.integer_groups[offset + i], c = integer[i];
    if (want == ',') {
      if (c != ',') return std::nullopt;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (integer.empty() && fraction.empty()) return std::nullopt;
  for (int i = 0; i < f.fraction_digits; ++i) {
    int digit = 0;
    if (static_cast<size_t>(i) < fraction.size()) {
      char c = fraction[static_cast<size_t>(i)];
      if (c < '0' || c > '9') return std::nullopt;
      digit = c - '0';
    }
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

BoundScalar BindToNumber(const char* name, bool try_mode, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 2);
  if (!args[1].constant || args[1].constant->IsNull(0) || args[1].type.id() != TypeId::kString) {
    throw FunctionBindError("The format of " + std::string(name) + " must be a constant string.", "NON_FOLDABLE_INPUT");
  }
  NumberFormat format = ParseFormat(std::string(args[1].constant->StringAt(0).view()));
  DataType result = DataType::Decimal(format.precision(), format.fraction_digits);
  BoundScalar bound;
  bound.arg_types = {DataType::String(), DataType::String()};
  bound.result_type = result;
  bound.kernel = [format, result, try_mode](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
    VectorPtr out = Vector::Make(result, rows);
    for (size_t row = 0; row < rows; ++row) {
      if (in[0]->IsNull(row)) {
        out->SetNull(row);
        continue;
      }
      std::string_view text = in[0]->StringAt(row).view();
      std::optional<int128_t> value = ParseNumber(text, format);
      if (!value) {
        if (try_mode) {
          out->SetNull(row);
          continue;
        }
        ThrowError(ErrorClass::kInvalidFormatMismatchInput,
                   {{"inputType", "\"STRING\""}, {"input", "'" + std::string(text) + "'"}, {"format", "'" + format.text + "'"}});
      }
      if (result.physical_type() == PhysicalType::kInt128) out->values<int128_t>()[row] = *value;
      else out->values<int64_t>()[row] = static_cast<int64_t>(*value);
    }
    return out;
  };
  return bound;
}

FunctionInfo ToNumberInfo(const char* name, bool try_mode) {
  FunctionInfo info;
  info.name = name;
  info.group = "string_funcs";
  info.usage = std::string("_FUNC_(expr, fmt) - Convert string 'expr' to a number based on the string format 'fmt'.") +
               (try_mode ? " Returns NULL if the string 'expr' does not match the expected format." : "");
  info.scalar = [name, try_mode](const std::vector<ArgType>& args, const FunctionContext&) {
    return BindToNumber(name, try_mode, args);
  };
  return info;
}

}  // namespace

void RegisterToNumberFunctions(FunctionRegistry& registry) {
  registry.Add(ToNumberInfo("to_number", false));
  registry.Add(ToNumberInfo("try_to_number", true));
}

}  // namespace tarn
