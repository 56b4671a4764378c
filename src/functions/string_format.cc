// Formatting functions of the string_funcs group: format_number (Java's
// DecimalFormat, HALF_EVEN) and format_string/printf (a java.util.Formatter
// subset: %s %S %d %o %x %X %e %E %f %g %G %b %B %c %C %% %n with flags
// -#+ 0,( width, precision and argument indexes 1$ and <).
//
// printf sees arguments as Spark passes them to Java: integers by width
// (%x of a TINYINT is 8-bit), DATE as its day number, TIMESTAMP as micros,
// DECIMAL as an object %d and %f refuse (IllegalFormatConversion).
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "columnar/value_text.h"
#include "common/utf8.h"
#include "common/error.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "functions/string_groups.h"
#include "functions/string_util.h"
#include "types/coercion.h"
#include "types/decimal.h"
#include "types/number_text.h"

namespace tarn {
namespace {

DataType Str() { return DataType::String(); }

// --- decimal digit strings ------------------------------------------------------------

/// A non-negative decimal number: digits with the decimal point after
/// `point` digits (point may be <= 0 or > digits.size()).
struct Digits {
  std::string digits;
  int point = 0;
  bool negative = false;
};

/// The shortest round-trip digits of a double or float (what Java's
/// Double.toString / Float.toString start from).
template <typename T>
Digits ShortestDigits(T value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  std::string_view text(buffer, static_cast<size_t>(result.ptr - buffer));
  Digits out;
  if (!text.empty() && text[0] == '-') {
    out.negative = true;
    text.remove_prefix(1);
  }
  size_t e = text.find('e');
  std::string_view mantissa = text.substr(0, e);
  int exponent = std::stoi(std::string(text.substr(e + 1)));
  for (char c : mantissa)
    if (c != '.') out.digits.push_back(c);
  out.point = exponent + 1;
  return out;
}

/// The exact decimal value of a double (every binary double is a finite decimal).
Digits ExactDigits(double value) {
  char buffer[1100];
  int n = std::snprintf(buffer, sizeof(buffer), "%.1074f", std::fabs(value));
  std::string_view text(buffer, static_cast<size_t>(std::max(n, 0)));
  Digits out;
  out.negative = std::signbit(value);
  size_t dot = text.find('.');
  out.digits = std::string(text.substr(0, dot)) + std::string(text.substr(dot + 1));
  out.point = static_cast<int>(dot);
  return out;
}

Digits DecimalDigits(int128_t unscaled, int scale) {
  Digits out;
  out.negative = unscaled < 0;
  std::string text = Int128ToString(unscaled);
  if (out.negative) text.erase(0, 1);
  out.digits = text;
  out.point = static_cast<int>(text.size()) - scale;
  return out;
}

enum class Rounding { kHalfUp, kHalfEven };

/// Rounds to `fraction` digits after the point; returns integer and fraction digit strings.
std::pair<std::string, std::string> RoundDigits(const Digits& number, int fraction, Rounding rounding) {
  // Work on a digit string with the point at `point`, padded on both sides.
  std::string digits = number.digits;
  int point = number.point;
  if (point <= 0) {
    digits.insert(0, static_cast<size_t>(1 - point), '0');
    point = 1;
  }
  int keep = point + fraction;  // digits kept
  if (static_cast<int>(digits.size()) < keep + 1) digits.append(static_cast<size_t>(keep + 1 - digits.size()), '0');
  bool round_up = false;
  char next = digits[static_cast<size_t>(keep)];
  bool rest_nonzero = digits.find_first_not_of('0', static_cast<size_t>(keep) + 1) != std::string::npos;
  if (next > '5' || (next == '5' && rest_nonzero)) {
    round_up = true;
  } else if (next == '5') {
    if (rounding == Rounding::kHalfUp) round_up = true;
    else round_up = keep > 0 && (digits[static_cast<size_t>(keep) - 1] - '0') % 2 == 1;
  }
  digits.resize(static_cast<size_t>(keep));
  if (round_up) {
    int i = keep - 1;
    while (i >= 0 && digits[static_cast<size_t>(i)] == '9') digits[static_cast<size_t>(i--)] = '0';
    if (i >= 0) {
      ++digits[static_cast<size_t>(i)];
    } else {
      digits.insert(0, "1");
      ++point;
    }
  }
  std::string integer = digits.substr(0, static_cast<size_t>(point));
  size_t first = integer.find_first_not_of('0');
  integer = first == std::string::npos ? "0" : integer.substr(first);
  return {integer, digits.substr(static_cast<size_t>(point))};
}

std::string Group(const std::string& integer, size_t size) {
  if (size == 0) return integer;
  std::string out;
  for (size_t i = 0; i < integer.size(); ++i) {
    if (i > 0 && (integer.size() - i) % size == 0) out.push_back(',');
    out.push_back(integer[i]);
  }
  return out;
}

// --- format_number --------------------------------------------------------------------------

/// The parts of a DecimalFormat pattern tarn supports: literal prefix and
/// suffix, '#', '0', ',' and '.'.
struct NumberPattern {
  std::string prefix, suffix;
  int min_integer = 1;
  int min_fraction = 0, max_fraction = 0;
  size_t grouping = 0;
};

NumberPattern ParseNumberPattern(std::string_view text) {
  NumberPattern pattern;
  if (text.empty()) text = "#,###,###,###,###,###,##0";
  size_t start = text.find_first_of("#0,.");
  if (start == std::string_view::npos) start = text.size();
  size_t end = text.find_last_of("#0,.");
  end = end == std::string_view::npos ? start : end + 1;
  pattern.prefix = std::string(text.substr(0, start));
  pattern.suffix = std::string(text.substr(end));
  std::string_view body = text.substr(start, end - start);
  size_t dot = body.find('.');
  std::string_view integer = body.substr(0, dot);
  pattern.min_integer = 0;
  for (char c : integer)
    if (c == '0') ++pattern.min_integer;
  size_t comma = integer.rfind(',');
  if (comma != std::string_view::npos) pattern.grouping = integer.size() - comma - 1;
  if (dot != std::string_view::npos) {
    for (char c : body.substr(dot + 1)) {
      if (c == '0') ++pattern.min_fraction, ++pattern.max_fraction;
      else if (c == '#') ++pattern.max_fraction;
    }
  }
  return pattern;
}

NumberPattern FixedDecimals(int d) {
  NumberPattern pattern;
  pattern.grouping = 3;
  pattern.min_fraction = pattern.max_fraction = d;
  return pattern;
}

std::string FormatDigits(const Digits& number, const NumberPattern& pattern) {
  auto [integer, fraction] = RoundDigits(number, pattern.max_fraction, Rounding::kHalfEven);
  while (static_cast<int>(fraction.size()) > pattern.min_fraction && !fraction.empty() && fraction.back() == '0')
    fraction.pop_back();
  if (integer == "0" && pattern.min_integer == 0 && !fraction.empty()) integer.clear();
  if (static_cast<int>(integer.size()) < pattern.min_integer)
    integer.insert(0, static_cast<size_t>(pattern.min_integer) - integer.size(), '0');
  std::string out = number.negative ? "-" : "";
  out += pattern.prefix;
  out += Group(integer, pattern.grouping);
  if (!fraction.empty()) out += "." + fraction;
  out += pattern.suffix;
  return out;
}

/// The number in row `row` of a numeric vector as digits; nullopt for NaN/Infinity text.
std::variant<Digits, std::string> NumberDigits(const Vector& vector, size_t row) {
  const DataType& type = vector.type();
  switch (type.id()) {
    case TypeId::kByte: return DecimalDigits(vector.ValueAt<int8_t>(row), 0);
    case TypeId::kShort: return DecimalDigits(vector.ValueAt<int16_t>(row), 0);
    case TypeId::kInt: return DecimalDigits(vector.ValueAt<int32_t>(row), 0);
    case TypeId::kLong: return DecimalDigits(vector.ValueAt<int64_t>(row), 0);
    case TypeId::kDecimal:
      return DecimalDigits(type.precision() <= kMaxInt64DecimalPrecision ? vector.ValueAt<int64_t>(row)
                                                                          : vector.ValueAt<int128_t>(row),
                           type.scale());
    case TypeId::kFloat:
    case TypeId::kDouble: {
      double value = type.id() == TypeId::kFloat ? vector.ValueAt<float>(row) : vector.ValueAt<double>(row);
      if (std::isnan(value)) return std::string("NaN");
      if (std::isinf(value)) return std::string(value < 0 ? "-\xE2\x88\x9E" : "\xE2\x88\x9E");
      return ExactDigits(value);
    }
    default: return std::string();
  }
}

BoundScalar BindFormatNumber(const std::vector<ArgType>& args) {
  ExpectArgCount("format_number", args, 2);
  BoundScalar bound;
  DataType number = args[0].type;
  if (number.id() == TypeId::kNull) number = DataType::Double();
  if (!number.is_numeric()) ThrowUnexpectedInputType(0, "\"NUMERIC\"", args[0].type);
  bool by_pattern = args[1].type.id() == TypeId::kString;
  if (!by_pattern && !CanImplicitCast(args[1].type, DataType::Int()))
    ThrowUnexpectedInputType(1, "(\"INT\" or \"STRING\")", args[1].type);
  bound.result_type = Str();
  bound.arg_types = {number, by_pattern ? Str() : DataType::Int()};
  bound.kernel = [by_pattern](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
    VectorPtr out = Vector::Make(Str(), rows);
    std::optional<std::string> last_text;
    NumberPattern pattern;
    for (size_t row = 0; row < rows; ++row) {
      if (in[0]->IsNull(row) || in[1]->IsNull(row)) {
        out->SetNull(row);
        continue;
      }
      if (by_pattern) {
        std::string_view text = in[1]->StringAt(row).view();
        if (!last_text || *last_text != text) {
          pattern = ParseNumberPattern(text);
          last_text = std::string(text);
        }
      } else {
        int32_t d = in[1]->ValueAt<int32_t>(row);
        if (d < 0) {
          out->SetNull(row);
          continue;
        }
        pattern = FixedDecimals(std::min(d, 1000));
      }
      auto digits = NumberDigits(*in[0], row);
      if (auto* special = std::get_if<std::string>(&digits)) out->SetString(row, *special);
      else out->SetString(row, FormatDigits(std::get<Digits>(digits), pattern));
    }
    return out;
  };
  return bound;
}

// --- format_string / printf ----------------------------------------------------------------

[[noreturn]] void ThrowFormat(std::string message) {
  ThrowError(ErrorClass::kInvalidParameterValue,
             {{"parameter", "`strfmt`"}, {"function", "`format_string`"}, {"message", std::move(message)}});
}

struct Spec {
  std::string flags;
  int width = -1;
  int precision = -1;
  char conversion = 0;
  bool Has(char flag) const { return flags.find(flag) != std::string::npos; }
};

/// Pads `body` (with its sign in `sign`) to the spec's width.
std::string Justify(const Spec& spec, std::string sign, std::string body, bool numeric) {
  std::string text = sign + body;
  if (spec.width < 0 || static_cast<int>(strings::NumChars(text)) >= spec.width) return text;
  size_t missing = static_cast<size_t>(spec.width) - strings::NumChars(text);
  if (spec.Has('-')) return text + std::string(missing, ' ');
  if (numeric && spec.Has('0')) return sign + std::string(missing, '0') + body;
  return std::string(missing, ' ') + text;
}

/// Sign handling shared by the numeric conversions.
std::string FormatSigned(const Spec& spec, bool negative, std::string magnitude) {
  std::string sign;
  if (negative) {
    if (spec.Has('(')) return Justify(spec, "(", magnitude + ")", true);
    sign = "-";
  } else if (spec.Has('+')) {
    sign = "+";
  } else if (spec.Has(' ')) {
    sign = " ";
  }
  return Justify(spec, sign, std::move(magnitude), true);
}

std::string ToRadix(uint64_t value, int bits, int shift, bool upper) {
  if (bits < 64) value &= (uint64_t{1} << bits) - 1;
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  if (value == 0) return "0";
  std::string out;
  uint64_t mask = (uint64_t{1} << shift) - 1;
  while (value != 0) {
    out.push_back(digits[value & mask]);
    value >>= shift;
  }
  return std::string(out.rbegin(), out.rend());
}

std::string Scientific(const Digits& number, int precision, bool upper) {
  // Normalise to d.ddd × 10^exponent, then round the mantissa HALF_UP.
  Digits mantissa = number;
  size_t first = mantissa.digits.find_first_not_of('0');
  int exponent = 0;
  if (first == std::string::npos) {
    mantissa.digits = "0";
    mantissa.point = 1;
  } else {
    exponent = mantissa.point - static_cast<int>(first) - 1;
    mantissa.digits = mantissa.digits.substr(first);
    mantissa.point = 1;
  }
  auto [integer, fraction] = RoundDigits(mantissa, precision, Rounding::kHalfUp);
  if (integer.size() > 1) {  // 9.99 → 10.0: renormalise
    fraction = integer.substr(1) + fraction;
    fraction.resize(static_cast<size_t>(precision));
    integer = integer.substr(0, 1);
    ++exponent;
  }
  std::string out = integer;
  if (precision > 0) out += "." + fraction;
  out += upper ? "E" : "e";
  out += exponent < 0 ? "-" : "+";
  int magnitude = exponent < 0 ? -exponent : exponent;
  if (magnitude < 10) out += "0";
  out += std::to_string(magnitude);
  return out;
}

std::string Fixed(const Digits& number, int precision, bool group) {
  auto [integer, fraction] = RoundDigits(number, precision, Rounding::kHalfUp);
  std::string out = group ? Group(integer, 3) : integer;
  if (precision > 0) out += "." + fraction;
  return out;
}

/// One printf argument, as the Java object Spark hands to the Formatter.
struct Arg {
  const Vector* vector;
  size_t row;
  bool IsNull() const { return vector->IsNull(row); }
  TypeId id() const { return vector->type().id(); }
  bool IsIntegral() const {
    TypeId t = id();
    return t == TypeId::kByte || t == TypeId::kShort || t == TypeId::kInt || t == TypeId::kLong ||
           t == TypeId::kDate || t == TypeId::kTimestamp || t == TypeId::kTimestampNtz ||
           t == TypeId::kYearMonthInterval || t == TypeId::kDayTimeInterval;
  }
  int Bits() const {
    switch (id()) {
      case TypeId::kByte: return 8;
      case TypeId::kShort: return 16;
      case TypeId::kInt:
      case TypeId::kDate:
      case TypeId::kYearMonthInterval: return 32;
      default: return 64;
    }
  }
  int64_t Integer() const {
    switch (id()) {
      case TypeId::kByte: return vector->ValueAt<int8_t>(row);
      case TypeId::kShort: return vector->ValueAt<int16_t>(row);
      case TypeId::kInt:
      case TypeId::kDate:
      case TypeId::kYearMonthInterval: return vector->ValueAt<int32_t>(row);
      default: return vector->ValueAt<int64_t>(row);
    }
  }
  std::string Text() const {
    if (IsNull()) return "null";
    if (IsIntegral()) return std::to_string(Integer());
    std::string out;
    switch (id()) {
      case TypeId::kBoolean: return vector->ValueAt<uint8_t>(row) ? "true" : "false";
      case TypeId::kString: return std::string(vector->StringAt(row).view());
      default: AppendSparkText(*vector, row, &out, {.null_text = "null"}); return out;
    }
  }
};

[[noreturn]] void ThrowConversion(char conversion, const Arg& arg) {
  ThrowFormat(std::string("%") + conversion + " != " + arg.vector->type().ToSql());
}

std::string FormatOne(const Spec& spec, const Arg* arg) {
  char c = spec.conversion;
  char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool upper = c != lower;
  auto finish = [&](std::string text) {
    if (upper) text = strings::ToUpper(text);
    return text;
  };
  switch (lower) {
    case 's': {
      std::string text = arg->Text();
      if (spec.precision >= 0) text = std::string(strings::SubstringChars(text, 0, spec.precision));
      return finish(Justify(spec, "", text, false));
    }
    case 'b': {
      std::string text = arg->IsNull() ? "false"
                         : arg->id() == TypeId::kBoolean ? (arg->vector->ValueAt<uint8_t>(arg->row) ? "true" : "false")
                                                          : "true";
      if (spec.precision >= 0) text = text.substr(0, static_cast<size_t>(spec.precision));
      return finish(Justify(spec, "", text, false));
    }
    case 'c': {
      if (arg->IsNull()) return finish(Justify(spec, "", "null", false));
      if (arg->id() != TypeId::kByte && arg->id() != TypeId::kShort && arg->id() != TypeId::kInt)
        ThrowConversion(c, *arg);
      int64_t code = arg->Integer();
      if (code < 0 || code > 0x10FFFF) ThrowFormat("Illegal code point " + std::to_string(code));
      std::string text;
      AppendUtf8(static_cast<char32_t>(code), &text);
      return finish(Justify(spec, "", text, false));
    }
    case 'd':
    case 'o':
    case 'x': {
      if (arg->IsNull()) return finish(Justify(spec, "", "null", false));
      if (!arg->IsIntegral() || arg->id() == TypeId::kDate || arg->id() == TypeId::kTimestamp ||
          arg->id() == TypeId::kTimestampNtz) {
        if (!arg->IsIntegral()) ThrowConversion(c, *arg);
      }
      int64_t value = arg->Integer();
      if (lower == 'd') {
        uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
        std::string digits = std::to_string(magnitude);
        if (spec.Has(',')) digits = Group(digits, 3);
        return FormatSigned(spec, value < 0, digits);
      }
      std::string digits = ToRadix(static_cast<uint64_t>(value), arg->Bits(), lower == 'o' ? 3 : 4, upper);
      if (spec.Has('#')) digits = (lower == 'o' ? "0" : (upper ? "0X" : "0x")) + digits;
      return Justify(spec, "", digits, true);
    }
    case 'e':
    case 'f':
    case 'g': {
      if (arg->IsNull()) return finish(Justify(spec, "", "null", false));
      double value;
      Digits digits;
      if (arg->id() == TypeId::kDouble) {
        value = arg->vector->ValueAt<double>(arg->row);
        if (std::isfinite(value)) digits = ShortestDigits(value);
      } else if (arg->id() == TypeId::kFloat) {
        float f = arg->vector->ValueAt<float>(arg->row);
        value = f;
        if (std::isfinite(value)) digits = ShortestDigits(f);
      } else if (arg->id() == TypeId::kDecimal) {
        // Java formats a BigDecimal from its exact digits.
        const Vector& v = *arg->vector;
        int128_t unscaled = v.type().physical_type() == PhysicalType::kInt128 ? v.ValueAt<int128_t>(arg->row)
                                                                               : v.ValueAt<int64_t>(arg->row);
        std::string text = DecimalToString(unscaled, v.type().scale());
        digits.negative = !text.empty() && text[0] == '-';
        if (digits.negative) text.erase(0, 1);
        size_t dot = text.find('.');
        digits.point = static_cast<int>(dot == std::string::npos ? text.size() : dot);
        for (char ch : text)
          if (ch != '.') digits.digits.push_back(ch);
        while (digits.digits.size() > 1 && digits.digits[0] == '0') {
          digits.digits.erase(0, 1);
          --digits.point;
        }
        value = unscaled == 0 ? 0.0 : (digits.negative ? -1.0 : 1.0);
      } else {
        ThrowConversion(c, *arg);
      }
      if (std::isnan(value)) return finish(Justify(spec, "", "NaN", false));
      if (std::isinf(value)) {
        return finish(value < 0 ? (spec.Has('(') ? Justify(spec, "", "(Infinity)", false)
                                                 : Justify(spec, "", "-Infinity", false))
                                : Justify(spec, spec.Has('+') ? "+" : "", "Infinity", false));
      }
      int precision = spec.precision < 0 ? 6 : spec.precision;
      std::string body;
      if (lower == 'e') {
        body = Scientific(digits, precision, upper);
      } else if (lower == 'f') {
        body = Fixed(digits, precision, spec.Has(','));
      } else {
        if (precision == 0) precision = 1;
        double magnitude = std::fabs(value);
        // Java: scientific unless 10^-4 <= rounded value < 10^precision.
        std::string rounded = Scientific(digits, precision - 1, false);
        int exponent = std::stoi(rounded.substr(rounded.find('e') + 1));
        if (magnitude != 0 && (exponent < -4 || exponent >= precision)) {
          body = Scientific(digits, precision - 1, upper);
        } else {
          body = Fixed(digits, precision - 1 - (magnitude == 0 ? 0 : exponent), spec.Has(','));
        }
      }
      return FormatSigned(spec, digits.negative, body);
    }
    default: ThrowFormat(std::string("Conversion = '") + c + "'");
  }
}

std::string FormatString(std::string_view format, std::span<const VectorPtr> args, size_t row) {
  std::string out;
  size_t ordinary = 0;
  int last_index = -1;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      out.push_back(format[i]);
      continue;
    }
    size_t at = i++;
    // %[argument_index$][flags][width][.precision]conversion
    int explicit_index = -1;
    size_t digits_end = i;
    while (digits_end < format.size() && std::isdigit(static_cast<unsigned char>(format[digits_end]))) ++digits_end;
    if (digits_end < format.size() && format[digits_end] == '$' && digits_end > i) {
      explicit_index = std::stoi(std::string(format.substr(i, std::min<size_t>(digits_end - i, 9))));
      i = digits_end + 1;
    }
    Spec spec;
    while (i < format.size() && std::string_view("-#+ 0,(<").find(format[i]) != std::string_view::npos) {
      spec.flags.push_back(format[i++]);
    }
    size_t width_start = i;
    while (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) ++i;
    if (i > width_start) spec.width = std::stoi(std::string(format.substr(width_start, std::min<size_t>(i - width_start, 6))));
    if (i < format.size() && format[i] == '.') {
      size_t precision_start = ++i;
      while (i < format.size() && std::isdigit(static_cast<unsigned char>(format[i]))) ++i;
      if (i == precision_start) ThrowFormat("Missing precision in '" + std::string(format.substr(at, i - at)) + "'");
      spec.precision = std::stoi(std::string(format.substr(precision_start, std::min<size_t>(i - precision_start, 6))));
    }
    if (i >= format.size()) ThrowFormat("Unknown format conversion at the end of '" + std::string(format) + "'");
    spec.conversion = format[i];
    if (spec.conversion == '%') {
      out += Justify(spec, "", "%", false);
      continue;
    }
    if (spec.conversion == 'n') {
      out += "\n";
      continue;
    }
    int index;
    if (spec.Has('<')) {
      index = last_index;
    } else if (explicit_index >= 0) {
      index = explicit_index - 1;
    } else {
      index = static_cast<int>(ordinary++);
    }
    if (index < 0 || static_cast<size_t>(index) >= args.size())
      ThrowFormat("Format specifier '" + std::string(format.substr(at, i - at + 1)) + "' has no argument");
    last_index = index;
    Arg arg{args[static_cast<size_t>(index)].get(), row};
    out += FormatOne(spec, &arg);
    strings::CheckResultSize("format_string", out.size());
  }
  return out;
}

BoundScalar BindFormatString(const std::string& name, const std::vector<ArgType>& args) {
  ExpectArgCount(name, args, 1, SIZE_MAX);
  if (!CanImplicitCast(args[0].type, Str()) || args[0].type.id() == TypeId::kBinary)
    ThrowUnexpectedInputType(0, "\"STRING\"", args[0].type);
  BoundScalar bound;
  bound.result_type = Str();
  bound.arg_types.push_back(Str());
  for (size_t i = 1; i < args.size(); ++i) bound.arg_types.push_back(args[i].type);
  bound.kernel = [](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
    VectorPtr out = Vector::Make(Str(), rows);
    for (size_t row = 0; row < rows; ++row) {
      if (in[0]->IsNull(row)) {
        out->SetNull(row);
        continue;
      }
      out->SetString(row, FormatString(in[0]->StringAt(row).view(), in.subspan(1), row));
    }
    return out;
  };
  return bound;
}

FunctionInfo Info(std::string name, std::string usage, ScalarBinder binder) {
  FunctionInfo info;
  info.name = std::move(name);
  info.group = "string_funcs";
  info.usage = std::move(usage);
  info.scalar = std::move(binder);
  return info;
}

}  // namespace

void RegisterStringFormatFunctions(FunctionRegistry& registry) {
  registry.Add(Info("format_number",
                    "_FUNC_(expr1, expr2) - Formats the number `expr1` like '#,###,###.##', rounded to `expr2` "
                    "decimal places. If `expr2` is 0, the result has no decimal point or fractional part. `expr2` "
                    "also accept a user specified format. This is supposed to function like MySQL's FORMAT.",
                    [](const std::vector<ArgType>& args, const FunctionContext&) { return BindFormatNumber(args); }));
  const char* usage = "_FUNC_(strfmt, obj, ...) - Returns a formatted string from printf-style format strings.";
  registry.Add(Info("format_string", usage, [](const std::vector<ArgType>& args, const FunctionContext&) {
    return BindFormatString("format_string", args);
  }));
  registry.Add(Info("printf", usage, [](const std::vector<ArgType>& args, const FunctionContext&) {
    return BindFormatString("printf", args);
  }));
}

}  // namespace tarn
