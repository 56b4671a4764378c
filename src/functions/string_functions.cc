// Spark's string functions (group string_funcs): lengths, case, substrings,
// concatenation, trimming, padding, searching and replacing. Positions and
// lengths count characters (code points) for STRING and bytes for BINARY, as
// Spark's UTF8String and ByteArray do. Formatting (format_number, printf,
// to_char) and codecs (base64, hex, encode, ...) are in string_format.cc and
// string_codec.cc.
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utf8proc.h>

#include "common/error.h"
#include "common/utf8.h"
#include "functions/builtins.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "functions/string_groups.h"
#include "functions/string_util.h"
#include "types/coercion.h"

namespace tarn {
namespace {

using strings::NumChars;

const char* const kGroup = "string_funcs";

DataType Str() { return DataType::String(); }
DataType Bin() { return DataType::Binary(); }
DataType Int() { return DataType::Int(); }
DataType Bool() { return DataType::Boolean(); }

void Add(FunctionRegistry& registry, std::string name, std::string usage, std::vector<Signature> signatures,
         ScalarKernel kernel) {
  registry.Add(MakeScalar(std::move(name), kGroup, std::move(usage), std::move(signatures), std::move(kernel)));
}

bool IsBinary(const VectorPtr& arg) { return arg->type().id() == TypeId::kBinary; }

/// Runs fn(row, out) for every row (once when every argument is constant);
/// for kernels whose NULL handling is not NULL-in-NULL-out.
template <typename Fn>
VectorPtr ForRows(std::span<const VectorPtr> args, size_t rows, const DataType& type, Fn&& fn) {
  bool all_constant = !args.empty();
  for (const VectorPtr& arg : args) all_constant &= arg->encoding() == VectorEncoding::kConstant;
  size_t count = all_constant ? 1 : rows;
  VectorPtr out = Vector::Make(type, count);
  for (size_t row = 0; row < count; ++row) fn(row, *out);
  if (count == 1 && rows != 1) return Vector::MakeConstant(out, 0, rows);
  return out;
}

std::string_view View(const VectorPtr& arg, size_t row) { return arg->StringAt(row).view(); }

// --- trimming ----------------------------------------------------------------

enum class Side { kBoth, kLeft, kRight };

std::string_view TrimSpaces(std::string_view s, Side side) {
  size_t begin = 0, end = s.size();
  if (side != Side::kRight)
    while (begin < end && s[begin] == ' ') ++begin;
  if (side != Side::kLeft)
    while (end > begin && s[end - 1] == ' ') --end;
  return s.substr(begin, end - begin);
}

/// Removes the characters of `chars` from the chosen ends of `s`.
std::string_view TrimChars(std::string_view s, std::string_view chars, Side side) {
  std::vector<std::string_view> set = strings::SplitChars(chars);
  auto in_set = [&](std::string_view c) { return std::find(set.begin(), set.end(), c) != set.end(); };
  size_t begin = 0, end = s.size();
  if (side != Side::kRight) {
    while (begin < end) {
      size_t width = strings::CharWidthAt(s, begin);
      if (!in_set(s.substr(begin, width))) break;
      begin += width;
    }
  }
  if (side != Side::kLeft) {
    // Walk back to the start of the last character: skip continuation bytes.
    while (end > begin) {
      size_t start = end - 1;
      while (start > begin && (static_cast<uint8_t>(s[start]) & 0xC0) == 0x80 && end - start < 4) --start;
      if (start + strings::CharWidthAt(s, start) != end) start = end - 1;  // invalid bytes: one at a time
      if (!in_set(s.substr(start, end - start))) break;
      end = start;
    }
  }
  return s.substr(begin, end - begin);
}

/// trim/ltrim/rtrim: (str) or Spark's (trimStr, str) argument order.
ScalarKernel TrimKernel(Side side, bool str_first) {
  return [side, str_first](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    if (args.size() == 1) {
      return MapRows<std::string_view, std::string_view>(args, rows, Str(),
                                                         [side](std::string_view s) { return TrimSpaces(s, side); });
    }
    return MapRows<std::string_view, std::string_view, std::string_view>(
        args, rows, Str(), [side, str_first](std::string_view a, std::string_view b) {
          return str_first ? TrimChars(a, b, side) : TrimChars(b, a, side);
        });
  };
}

// --- padding -------------------------------------------------------------------

/// lpad/rpad: pads (or truncates) to `len` characters (bytes for BINARY).
std::string Pad(std::string_view s, int32_t len, std::string_view pad, bool left, bool chars) {
  if (len <= 0) return {};
  size_t have = chars ? NumChars(s) : s.size();
  if (have >= static_cast<size_t>(len) || pad.empty())
    return std::string(chars ? strings::SubstringChars(s, 0, len) : s.substr(0, static_cast<size_t>(len)));
  size_t missing = static_cast<size_t>(len) - have;
  std::string fill;
  if (chars) {
    std::vector<std::string_view> pad_chars = strings::SplitChars(pad);
    strings::CheckResultSize(left ? "lpad" : "rpad", static_cast<uint64_t>(missing) * 4 + s.size());
    for (size_t i = 0; i < missing; ++i) fill.append(pad_chars[i % pad_chars.size()]);
  } else {
    strings::CheckResultSize(left ? "lpad" : "rpad", static_cast<uint64_t>(missing) + s.size());
    for (size_t i = 0; i < missing; ++i) fill.push_back(pad[i % pad.size()]);
  }
  return left ? fill + std::string(s) : std::string(s) + fill;
}

ScalarKernel PadKernel(bool left) {
  return [left](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
    bool chars = !IsBinary(args[0]);
    const DataType type = chars ? Str() : Bin();
    if (args.size() == 2) {
      std::string pad = chars ? " " : std::string(1, '\0');
      return MapRows<std::string, std::string_view, int32_t>(
          args, rows, type, [&](std::string_view s, int32_t len) { return Pad(s, len, pad, left, chars); });
    }
    return MapRows<std::string, std::string_view, int32_t, std::string_view>(
        args, rows, type,
        [&](std::string_view s, int32_t len, std::string_view pad) { return Pad(s, len, pad, left, chars); });
  };
}

// --- searching and replacing ------------------------------------------------------

/// Character index of `needle` in `s` at or after character `start`, or -1
/// (UTF8String.indexOf: an empty needle is found at 0).
int64_t IndexOf(std::string_view s, std::string_view needle, int64_t start) {
  if (needle.empty()) return 0;
  size_t from = strings::CharOffset(s, static_cast<size_t>(start));
  if (from >= s.size()) return -1;
  size_t found = s.find(needle, from);
  if (found == std::string_view::npos) return -1;
  return start + static_cast<int64_t>(NumChars(s.substr(from, found - from)));
}

std::string Replace(std::string_view s, std::string_view search, std::string_view replacement) {
  if (search.empty()) return std::string(s);
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t found = s.find(search, pos);
    if (found == std::string_view::npos) break;
    out.append(s.substr(pos, found - pos));
    out.append(replacement);
    pos = found + search.size();
  }
  out.append(s.substr(pos));
  return out;
}

std::string Translate(std::string_view s, std::string_view from, std::string_view to) {
  std::vector<std::string_view> from_chars = strings::SplitChars(from);
  std::vector<std::string_view> to_chars = strings::SplitChars(to);
  // The first occurrence of a character in `from` decides; past the end of `to` it is deleted.
  std::unordered_map<std::string_view, std::optional<std::string_view>> mapping;
  for (size_t i = 0; i < from_chars.size(); ++i) {
    if (mapping.count(from_chars[i])) continue;
    mapping[from_chars[i]] = i < to_chars.size() ? std::optional<std::string_view>(to_chars[i]) : std::nullopt;
  }
  std::string out;
  out.reserve(s.size());
  for (size_t pos = 0; pos < s.size();) {
    size_t width = strings::CharWidthAt(s, pos);
    std::string_view c = s.substr(pos, width);
    auto it = mapping.find(c);
    if (it == mapping.end()) out.append(c);
    else if (it->second) out.append(*it->second);
    pos += width;
  }
  return out;
}

/// UTF8String.subStringIndex: byte search, overlapping occurrences counted.
std::string_view SubstringIndex(std::string_view s, std::string_view delim, int32_t count) {
  if (delim.empty() || count == 0) return {};
  if (count > 0) {
    size_t idx = 0;
    bool first = true;
    for (int64_t left = count; left > 0; --left) {
      size_t found = s.find(delim, first ? 0 : idx + 1);
      if (found == std::string_view::npos) return s;
      idx = found;
      first = false;
    }
    return s.substr(0, idx);
  }
  if (delim.size() > s.size()) return s;
  int64_t idx = static_cast<int64_t>(s.size() - delim.size()) + 1;
  for (int64_t left = -static_cast<int64_t>(count); left > 0; --left) {
    if (idx - 1 < 0) return s;
    size_t found = s.rfind(delim, static_cast<size_t>(idx - 1));
    if (found == std::string_view::npos) return s;
    idx = static_cast<int64_t>(found);
  }
  return s.substr(static_cast<size_t>(idx) + delim.size());
}

/// Spark's split_part: literal delimiter; 1-based part, negative from the end.
std::string_view SplitPart(std::string_view s, std::string_view delim, int32_t part) {
  if (part == 0) {
    ThrowError(ErrorClass::kInvalidIndexOfZero, {});
  }
  std::vector<std::string_view> parts;
  if (delim.empty()) {
    parts.push_back(s);
  } else {
    size_t pos = 0;
    while (true) {
      size_t found = s.find(delim, pos);
      if (found == std::string_view::npos) break;
      parts.push_back(s.substr(pos, found - pos));
      pos = found + delim.size();
    }
    parts.push_back(s.substr(pos));
  }
  int64_t n = static_cast<int64_t>(parts.size());
  int64_t index = part > 0 ? part - 1 : n + part;
  if (index < 0 || index >= n) return {};
  return parts[static_cast<size_t>(index)];
}

int32_t FindInSet(std::string_view match, std::string_view set) {
  if (match.find(',') != std::string_view::npos) return 0;
  int32_t n = 1;
  size_t start = 0;
  while (true) {
    size_t comma = set.find(',', start);
    std::string_view item = set.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (item == match) return n;
    if (comma == std::string_view::npos) return 0;
    start = comma + 1;
    ++n;
  }
}

// --- other single-string functions -----------------------------------------------

std::string Repeat(std::string_view s, int32_t times) {
  if (times <= 0 || s.empty()) return {};
  strings::CheckResultSize("repeat", static_cast<uint64_t>(s.size()) * static_cast<uint64_t>(times));
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(times));
  for (int32_t i = 0; i < times; ++i) out.append(s);
  return out;
}

std::string Soundex(std::string_view s) {
  static const char kMapping[] = "01230127022455012623017202";
  if (s.empty()) return {};
  char b = s[0];
  if (b >= 'a' && b <= 'z') b = static_cast<char>(b - 32);
  else if (b < 'A' || b > 'Z') return std::string(s);  // must start with a letter
  std::string sx = "0000";
  sx[0] = b;
  size_t at = 1;
  char last = kMapping[b - 'A'];
  for (size_t i = 1; i < s.size(); ++i) {
    b = s[i];
    if (b >= 'a' && b <= 'z') {
      b = static_cast<char>(b - 32);
    } else if (b < 'A' || b > 'Z') {
      last = '0';  // not a letter: separates equal codes
      continue;
    }
    char code = kMapping[b - 'A'];
    if (code == '7') continue;  // h and w are ignored
    if (code != '0' && code != last) {
      sx[at++] = code;
      if (at > 3) break;
    }
    last = code;
  }
  return sx;
}

int32_t Levenshtein(std::string_view a, std::string_view b, std::optional<int32_t> threshold) {
  std::vector<std::string_view> x = strings::SplitChars(a);
  std::vector<std::string_view> y = strings::SplitChars(b);
  if (threshold && *threshold < 0) return -1;
  if (x.size() < y.size()) std::swap(x, y);
  if (threshold && x.size() - y.size() > static_cast<size_t>(*threshold)) return -1;
  std::vector<int32_t> previous(y.size() + 1), current(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) previous[j] = static_cast<int32_t>(j);
  for (size_t i = 1; i <= x.size(); ++i) {
    current[0] = static_cast<int32_t>(i);
    for (size_t j = 1; j <= y.size(); ++j) {
      int32_t cost = x[i - 1] == y[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
    }
    std::swap(previous, current);
  }
  int32_t distance = previous[y.size()];
  if (threshold && distance > *threshold) return -1;
  return distance;
}

bool LuhnCheck(std::string_view digits) {
  if (digits.empty()) return false;
  int sum = 0;
  bool second = false;
  for (size_t i = digits.size(); i-- > 0;) {
    char c = digits[i];
    if (c < '0' || c > '9') return false;
    int digit = c - '0';
    int doubled = second ? digit * 2 : digit;
    sum += doubled % 10 + doubled / 10;
    second = !second;
  }
  return sum % 10 == 0;
}

std::string Chr(int64_t n) {
  if (n < 0) return {};
  std::string out;
  AppendUtf8(static_cast<char32_t>(n & 0xFF), &out);
  return out;
}

int32_t Ascii(std::string_view s) {
  if (s.empty()) return 0;
  char32_t c;
  DecodeUtf8(s, 0, &c);
  return static_cast<int32_t>(c);
}

/// mask(): replaces upper, lower, digit and other characters; a NULL
/// replacement keeps the original character.
struct MaskChars {
  std::optional<std::string> upper = "X", lower = "x", digit = "n", other;
};

std::string Mask(std::string_view s, const MaskChars& mask) {
  std::string out;
  out.reserve(s.size());
  for (size_t pos = 0; pos < s.size();) {
    char32_t c;
    bool well_formed;
    size_t width = DecodeUtf8(s, pos, &c, &well_formed);
    const std::optional<std::string>* replacement = &mask.other;
    if (well_formed) {
      auto category = utf8proc_category(static_cast<utf8proc_int32_t>(c));
      if (category == UTF8PROC_CATEGORY_LU) replacement = &mask.upper;
      else if (category == UTF8PROC_CATEGORY_LL) replacement = &mask.lower;
      else if (category == UTF8PROC_CATEGORY_ND) replacement = &mask.digit;
    }
    if (*replacement) out.append(**replacement);
    else out.append(s.substr(pos, width));
    pos += width;
  }
  return out;
}

/// The first character of a mask replacement argument (Spark requires exactly one).
std::optional<std::string> MaskChar(const VectorPtr& arg, size_t row) {
  if (arg->IsNull(row)) return std::nullopt;
  std::string_view s = View(arg, row);
  if (NumChars(s) != 1) {
    ThrowError(ErrorClass::kInvalidParameterValue,
               {{"parameter", "replacement character"},
                {"function", "`mask`"},
                {"message", "expects a string of one character, but got '" + std::string(s) + "'"}});
  }
  return std::string(s);
}

// --- concat ------------------------------------------------------------------------

BoundScalar BindConcat(const std::vector<ArgType>& args, const FunctionContext&) {
  BoundScalar bound;
  bool any_array = false, all_binary = !args.empty();
  for (const ArgType& arg : args) {
    any_array |= arg.type.id() == TypeId::kArray;
    all_binary &= arg.type.id() == TypeId::kBinary || arg.type.id() == TypeId::kNull;
  }
  if (any_array) {
    // concat of arrays: every argument an array of one common element type.
    DataType common = DataType::Null();
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i].type.id() != TypeId::kArray && args[i].type.id() != TypeId::kNull)
        ThrowUnexpectedInputType(i, "\"ARRAY\"", args[i].type);
      if (args[i].type.id() == TypeId::kNull) continue;
      auto next = common.id() == TypeId::kNull ? std::optional<DataType>(args[i].type)
                                               : FindCommonType(common, args[i].type);
      if (!next) ThrowUnexpectedInputType(i, "\"" + common.ToSql() + "\"", args[i].type);
      common = *next;
    }
    bound.result_type = common;
    bound.arg_types.assign(args.size(), common);
    bound.kernel = [common](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
      VectorPtr out = Vector::Make(common, rows);
      Vector& elements = out->child(0);
      for (size_t row = 0; row < rows; ++row) {
        bool null = false;
        for (const VectorPtr& arg : in) null |= arg->IsNull(row);
        if (!null) {
          for (const VectorPtr& arg : in) {
            const Vector& base = arg->Base();
            size_t index = arg->RowIndex(row);
            const int32_t* offsets = base.offsets();
            for (int32_t i = offsets[index]; i < offsets[index + 1]; ++i) elements.AppendFrom(base.child(0), i);
          }
        }
        out->offsets()[row + 1] = static_cast<int32_t>(elements.size());
        if (null) out->SetNull(row);
      }
      return out;
    };
    return bound;
  }
  DataType type = all_binary ? Bin() : Str();
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type.id() != TypeId::kBinary && !CanImplicitCast(args[i].type, Str()))
      ThrowUnexpectedInputType(i, "(\"STRING\" or \"BINARY\" or \"ARRAY\")", args[i].type);
  }
  bound.result_type = type;
  bound.arg_types.assign(args.size(), type);
  bound.kernel = [type](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
    return ForRows(in, rows, type, [&](size_t row, Vector& out) {
      std::string text;
      for (const VectorPtr& arg : in) {
        if (arg->IsNull(row)) {
          out.SetNull(row);
          return;
        }
        text.append(View(arg, row));
      }
      out.SetString(row, text);
    });
  };
  return bound;
}

BoundScalar BindConcatWs(const std::vector<ArgType>& args, const FunctionContext&) {
  if (args.empty()) ExpectArgCount("concat_ws", args, 1, SIZE_MAX);
  BoundScalar bound;
  bound.result_type = Str();
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0 && args[i].type.id() == TypeId::kArray) {
      if (!CanImplicitCast(args[i].type.element_type(), Str()))
        ThrowUnexpectedInputType(i, "(\"STRING\" or \"ARRAY<STRING>\")", args[i].type);
      bound.arg_types.push_back(DataType::Array(Str()));
    } else {
      if (!CanImplicitCast(args[i].type, Str()) || args[i].type.id() == TypeId::kBinary)
        ThrowUnexpectedInputType(i, i == 0 ? "\"STRING\"" : "(\"STRING\" or \"ARRAY<STRING>\")", args[i].type);
      bound.arg_types.push_back(Str());
    }
  }
  bound.kernel = [](std::span<const VectorPtr> in, size_t rows, const FunctionContext&) {
    return ForRows(in, rows, Str(), [&](size_t row, Vector& out) {
      if (in[0]->IsNull(row)) {
        out.SetNull(row);
        return;
      }
      std::string_view separator = View(in[0], row);
      std::string text;
      bool first = true;
      auto append = [&](std::string_view s) {
        if (!first) text.append(separator);
        text.append(s);
        first = false;
      };
      for (size_t i = 1; i < in.size(); ++i) {
        if (in[i]->IsNull(row)) continue;
        if (in[i]->type().id() == TypeId::kArray) {
          strings::ForEachArrayString(*in[i], row, [&](std::string_view s, bool null) {
            if (!null) append(s);
          });
        } else {
          append(View(in[i], row));
        }
      }
      out.SetString(row, text);
    });
  };
  return bound;
}

BoundScalar BindElt(const std::vector<ArgType>& args, const FunctionContext&) {
  ExpectArgCount("elt", args, 2, SIZE_MAX);
  BoundScalar bound;
  bool all_binary = true;
  for (size_t i = 1; i < args.size(); ++i)
    all_binary &= args[i].type.id() == TypeId::kBinary || args[i].type.id() == TypeId::kNull;
  DataType type = all_binary ? Bin() : Str();
  if (!CanImplicitCast(args[0].type, Int())) ThrowUnexpectedInputType(0, "\"INT\"", args[0].type);
  bound.arg_types.push_back(Int());
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i].type.id() != TypeId::kBinary && !CanImplicitCast(args[i].type, Str()))
      ThrowUnexpectedInputType(i, "(\"STRING\" or \"BINARY\")", args[i].type);
    bound.arg_types.push_back(type);
  }
  bound.result_type = type;
  bound.kernel = [type](std::span<const VectorPtr> in, size_t rows, const FunctionContext& ctx) {
    return ForRows(in, rows, type, [&](size_t row, Vector& out) {
      if (in[0]->IsNull(row)) {
        out.SetNull(row);
        return;
      }
      int32_t index = in[0]->ValueAt<int32_t>(row);
      int32_t count = static_cast<int32_t>(in.size()) - 1;
      if (index < 1 || index > count) {
        if (ctx.ansi) {
          ThrowError(ErrorClass::kInvalidArrayIndex,
                     {{"indexValue", std::to_string(index)},
                      {"arraySize", std::to_string(count)},
                      {"ansiConfig", "\"spark.sql.ansi.enabled\""}});
        }
        out.SetNull(row);
        return;
      }
      const VectorPtr& chosen = in[static_cast<size_t>(index)];
      if (chosen->IsNull(row)) out.SetNull(row);
      else out.SetString(row, View(chosen, row));
    });
  };
  return bound;
}

// --- registration ----------------------------------------------------------------

void RegisterLengthAndCase(FunctionRegistry& registry) {
  Add(registry, "length",
      "_FUNC_(expr) - Returns the character length of string data or number of bytes of binary data. The length "
      "of string data includes the trailing spaces. The length of binary data includes binary zeros.",
      {{{Str()}, Int()}, {{Bin()}, Int()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        bool binary = IsBinary(args[0]);
        return MapRows<int32_t, std::string_view>(args, rows, Int(), [binary](std::string_view s) {
          return static_cast<int32_t>(binary ? s.size() : NumChars(s));
        });
      });
  registry.AddAlias("char_length", "length");
  registry.AddAlias("character_length", "length");
  registry.AddAlias("len", "length");

  Add(registry, "bit_length", "_FUNC_(expr) - Returns the bit length of string data or number of bits of binary data.",
      {{{Str()}, Int()}, {{Bin()}, Int()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<int32_t, std::string_view>(args, rows, Int(),
                                                  [](std::string_view s) { return static_cast<int32_t>(s.size() * 8); });
      });
  Add(registry, "octet_length",
      "_FUNC_(expr) - Returns the byte length of string data or number of bytes of binary data.",
      {{{Str()}, Int()}, {{Bin()}, Int()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<int32_t, std::string_view>(args, rows, Int(),
                                                  [](std::string_view s) { return static_cast<int32_t>(s.size()); });
      });

  auto unary = [](std::string (*fn)(std::string_view)) {
    return [fn](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
      return MapRows<std::string, std::string_view>(args, rows, Str(), fn);
    };
  };
  Add(registry, "lower", "_FUNC_(str) - Returns `str` with all characters changed to lowercase.", {{{Str()}, Str()}},
      unary(&strings::ToLower));
  registry.AddAlias("lcase", "lower");
  Add(registry, "upper", "_FUNC_(str) - Returns `str` with all characters changed to uppercase.", {{{Str()}, Str()}},
      unary(&strings::ToUpper));
  registry.AddAlias("ucase", "upper");
  Add(registry, "initcap",
      "_FUNC_(str) - Returns `str` with the first letter of each word in uppercase. All other letters are in "
      "lowercase. Words are delimited by white space.",
      {{{Str()}, Str()}}, unary(&strings::InitCap));
  Add(registry, "soundex", "_FUNC_(str) - Returns Soundex code of the string.", {{{Str()}, Str()}}, unary(&Soundex));
}

void RegisterSubstrings(FunctionRegistry& registry) {
  Add(registry, "substring",
      "_FUNC_(str, pos[, len]) - Returns the substring of `str` that starts at `pos` and is of length `len`, or the "
      "slice of byte array that starts at `pos` and is of length `len`.",
      {{{Str(), Int()}, Str()}, {{Str(), Int(), Int()}, Str()}, {{Bin(), Int()}, Bin()}, {{Bin(), Int(), Int()}, Bin()}},
      [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        bool chars = !IsBinary(args[0]);
        const DataType type = args[0]->type();
        if (args.size() == 2) {
          return MapRows<std::string_view, std::string_view, int32_t>(
              args, rows, type, [chars](std::string_view s, int32_t pos) {
                return strings::SubstringSql(s, pos, INT32_MAX, chars);
              });
        }
        return MapRows<std::string_view, std::string_view, int32_t, int32_t>(
            args, rows, type, [chars](std::string_view s, int32_t pos, int32_t len) {
              return strings::SubstringSql(s, pos, len, chars);
            });
      });
  registry.AddAlias("substr", "substring");

  Add(registry, "left",
      "_FUNC_(str, len) - Returns the leftmost `len`(`len` can be string type) characters from the string `str`,if "
      "`len` is less or equal than 0 the result is an empty string.",
      {{{Str(), Int()}, Str()}, {{Bin(), Int()}, Bin()}},
      [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        bool chars = !IsBinary(args[0]);
        return MapRows<std::string_view, std::string_view, int32_t>(
            args, rows, args[0]->type(),
            [chars](std::string_view s, int32_t len) { return strings::SubstringSql(s, 1, len, chars); });
      });
  Add(registry, "right",
      "_FUNC_(str, len) - Returns the rightmost `len`(`len` can be string type) characters from the string `str`,if "
      "`len` is less or equal than 0 the result is an empty string.",
      {{{Str(), Int()}, Str()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string_view, std::string_view, int32_t>(
            args, rows, Str(), [](std::string_view s, int32_t len) -> std::string_view {
              if (len <= 0) return {};
              return strings::SubstringSql(s, -static_cast<int64_t>(len), INT32_MAX);
            });
      });

  Add(registry, "substring_index",
      "_FUNC_(str, delim, count) - Returns the substring from `str` before `count` occurrences of the delimiter "
      "`delim`. If `count` is positive, everything to the left of the final delimiter (counting from the left) is "
      "returned. If `count` is negative, everything to the right of the final delimiter (counting from the right) "
      "is returned. The function substring_index performs a case-sensitive match when searching for `delim`.",
      {{{Str(), Str(), Int()}, Str()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string_view, std::string_view, std::string_view, int32_t>(args, rows, Str(),
                                                                                    &SubstringIndex);
      });
  Add(registry, "split_part",
      "_FUNC_(str, delimiter, partNum) - Splits `str` by delimiter and return requested part of the split "
      "(1-based). If any input is null, returns null. if `partNum` is out of range of split parts, returns empty "
      "string. If `partNum` is 0, throws an error. If `partNum` is negative, the parts are counted backward from "
      "the end of the string. If the `delimiter` is an empty string, the `str` is not split.",
      {{{Str(), Str(), Int()}, Str()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string_view, std::string_view, std::string_view, int32_t>(args, rows, Str(), &SplitPart);
      });

  Add(registry, "overlay",
      "_FUNC_(input, replace, pos[, len]) - Replace `input` with `replace` that starts at `pos` and is of length "
      "`len`.",
      {{{Str(), Str(), Int()}, Str()},
       {{Str(), Str(), Int(), Int()}, Str()},
       {{Bin(), Bin(), Int()}, Bin()},
       {{Bin(), Bin(), Int(), Int()}, Bin()}},
      [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        bool chars = !IsBinary(args[0]);
        auto overlay = [chars](std::string_view input, std::string_view replace, int32_t pos, int32_t len) {
          std::string out(strings::SubstringSql(input, 1, static_cast<int64_t>(pos) - 1, chars));
          out.append(replace);
          int64_t length = len >= 0 ? len : static_cast<int64_t>(chars ? NumChars(replace) : replace.size());
          // Java int arithmetic: pos + length wraps around.
          int32_t next = static_cast<int32_t>(static_cast<uint32_t>(pos) + static_cast<uint32_t>(length));
          out.append(strings::SubstringSql(input, next, INT32_MAX, chars));
          return out;
        };
        if (args.size() == 3) {
          return MapRows<std::string, std::string_view, std::string_view, int32_t>(
              args, rows, args[0]->type(),
              [&](std::string_view input, std::string_view replace, int32_t pos) {
                return overlay(input, replace, pos, -1);
              });
        }
        return MapRows<std::string, std::string_view, std::string_view, int32_t, int32_t>(args, rows, args[0]->type(),
                                                                                          overlay);
      });
}

void RegisterConcatAndTrim(FunctionRegistry& registry) {
  FunctionInfo concat;
  concat.name = "concat";
  concat.group = "collection_funcs";
  concat.usage = "_FUNC_(col1, col2, ..., colN) - Returns the concatenation of col1, col2, ..., colN.";
  concat.scalar = &BindConcat;
  registry.Add(std::move(concat));

  FunctionInfo concat_ws;
  concat_ws.name = "concat_ws";
  concat_ws.group = kGroup;
  concat_ws.usage = "_FUNC_(sep[, str | array(str)]+) - Returns the concatenation of the strings separated by `sep`, "
                    "skipping null values.";
  concat_ws.scalar = &BindConcatWs;
  registry.Add(std::move(concat_ws));

  FunctionInfo elt;
  elt.name = "elt";
  elt.group = kGroup;
  elt.usage = "_FUNC_(n, input1, input2, ...) - Returns the `n`-th input, e.g., returns `input2` when `n` is 2. The "
              "function returns NULL if the index exceeds the length of the array and `spark.sql.ansi.enabled` is set "
              "to false. If `spark.sql.ansi.enabled` is set to true, it throws ArrayIndexOutOfBoundsException for "
              "invalid indices.";
  elt.scalar = &BindElt;
  registry.Add(std::move(elt));

  std::vector<Signature> trim_signatures = {{{Str()}, Str()}, {{Str(), Str()}, Str()}};
  Add(registry, "trim",
      "_FUNC_(str) - Removes the leading and trailing space characters from `str`.\n"
      "_FUNC_(trimStr, str) - Removes the leading and trailing `trimStr` characters from `str` (Spark's argument "
      "order; TRIM(BOTH trimStr FROM str) is the standard form).",
      trim_signatures, TrimKernel(Side::kBoth, false));
  Add(registry, "ltrim",
      "_FUNC_(str) - Removes the leading space characters from `str`.\n"
      "_FUNC_(trimStr, str) - Removes the leading `trimStr` characters from `str`.",
      trim_signatures, TrimKernel(Side::kLeft, false));
  Add(registry, "rtrim",
      "_FUNC_(str) - Removes the trailing space characters from `str`.\n"
      "_FUNC_(trimStr, str) - Removes the trailing `trimStr` characters from `str`.",
      trim_signatures, TrimKernel(Side::kRight, false));
  Add(registry, "btrim",
      "_FUNC_(str[, trimStr]) - Removes the leading and trailing `trimStr` characters (default: space) from `str`.",
      trim_signatures, TrimKernel(Side::kBoth, true));

  Add(registry, "lpad",
      "_FUNC_(str, len[, pad]) - Returns `str`, left-padded with `pad` to a length of `len`. If `str` is longer "
      "than `len`, the return value is shortened to `len` characters or bytes. If `pad` is not specified, `str` "
      "will be padded to the left with space characters if it is a character string, and with zeros if it is a "
      "byte sequence.",
      {{{Str(), Int()}, Str()}, {{Str(), Int(), Str()}, Str()}, {{Bin(), Int()}, Bin()}, {{Bin(), Int(), Bin()}, Bin()}},
      PadKernel(true));
  Add(registry, "rpad",
      "_FUNC_(str, len[, pad]) - Returns `str`, right-padded with `pad` to a length of `len`. If `str` is longer "
      "than `len`, the return value is shortened to `len` characters. If `pad` is not specified, `str` will be "
      "padded to the right with space characters if it is a character string, and with zeros if it is a binary "
      "string.",
      {{{Str(), Int()}, Str()}, {{Str(), Int(), Str()}, Str()}, {{Bin(), Int()}, Bin()}, {{Bin(), Int(), Bin()}, Bin()}},
      PadKernel(false));
}

void RegisterSearch(FunctionRegistry& registry) {
  Add(registry, "replace",
      "_FUNC_(str, search[, replace]) - Replaces all occurrences of `search` with `replace`.",
      {{{Str(), Str()}, Str()}, {{Str(), Str(), Str()}, Str()}},
      [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        if (args.size() == 2) {
          return MapRows<std::string, std::string_view, std::string_view>(
              args, rows, Str(), [](std::string_view s, std::string_view search) { return Replace(s, search, ""); });
        }
        return MapRows<std::string, std::string_view, std::string_view, std::string_view>(args, rows, Str(), &Replace);
      });
  Add(registry, "translate",
      "_FUNC_(input, from, to) - Translates the `input` string by replacing the characters present in the `from` "
      "string with the corresponding characters in the `to` string.",
      {{{Str(), Str(), Str()}, Str()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string, std::string_view, std::string_view, std::string_view>(args, rows, Str(),
                                                                                        &Translate);
      });
  Add(registry, "instr",
      "_FUNC_(str, substr) - Returns the (1-based) index of the first occurrence of `substr` in `str`.",
      {{{Str(), Str()}, Int()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<int32_t, std::string_view, std::string_view>(
            args, rows, Int(),
            [](std::string_view s, std::string_view sub) { return static_cast<int32_t>(IndexOf(s, sub, 0) + 1); });
      });
  Add(registry, "locate",
      "_FUNC_(substr, str[, pos]) - Returns the position of the first occurrence of `substr` in `str` after "
      "position `pos`. The given `pos` and return value are 1-based.",
      {{{Str(), Str()}, Int()}, {{Str(), Str(), Int()}, Int()}},
      [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return ForRows(args, rows, Int(), [&](size_t row, Vector& out) {
          // A NULL start position gives 0 (as MySQL), before looking at the strings.
          int32_t pos = 1;
          if (args.size() == 3) {
            if (args[2]->IsNull(row)) {
              out.values<int32_t>()[row] = 0;
              return;
            }
            pos = args[2]->ValueAt<int32_t>(row);
          }
          if (args[0]->IsNull(row) || args[1]->IsNull(row)) {
            out.SetNull(row);
            return;
          }
          out.values<int32_t>()[row] =
              pos < 1 ? 0 : static_cast<int32_t>(IndexOf(View(args[1], row), View(args[0], row), pos - 1) + 1);
        });
      });
  registry.AddAlias("position", "locate");

  auto predicate = [](bool (*fn)(std::string_view, std::string_view)) {
    return [fn](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
      return MapRows<bool, std::string_view, std::string_view>(args, rows, Bool(), fn);
    };
  };
  std::vector<Signature> predicate_signatures = {{{Str(), Str()}, Bool()}, {{Bin(), Bin()}, Bool()}};
  Add(registry, "startswith",
      "_FUNC_(left, right) - Returns a boolean. The value is True if left starts with right. Returns NULL if either "
      "input expression is NULL. Otherwise, returns False. Both left or right must be of STRING or BINARY type.",
      predicate_signatures,
      predicate([](std::string_view a, std::string_view b) { return a.substr(0, b.size()) == b; }));
  Add(registry, "endswith",
      "_FUNC_(left, right) - Returns a boolean. The value is True if left ends with right. Returns NULL if either "
      "input expression is NULL. Otherwise, returns False. Both left or right must be of STRING or BINARY type.",
      predicate_signatures, predicate([](std::string_view a, std::string_view b) {
        return a.size() >= b.size() && a.substr(a.size() - b.size()) == b;
      }));
  Add(registry, "contains",
      "_FUNC_(left, right) - Returns a boolean. The value is True if right is found inside left. Returns NULL if "
      "either input expression is NULL. Otherwise, returns False. Both left or right must be of STRING or BINARY "
      "type.",
      predicate_signatures,
      predicate([](std::string_view a, std::string_view b) { return a.find(b) != std::string_view::npos; }));

  Add(registry, "find_in_set",
      "_FUNC_(str, str_array) - Returns the index (1-based) of the given string (`str`) in the comma-delimited list "
      "(`str_array`). Returns 0, if the string was not found or if the given string (`str`) contains a comma.",
      {{{Str(), Str()}, Int()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<int32_t, std::string_view, std::string_view>(args, rows, Int(), &FindInSet);
      });
  Add(registry, "levenshtein",
      "_FUNC_(str1, str2[, threshold]) - Returns the Levenshtein distance between the two given strings. If "
      "threshold is set and distance more than it, return -1.",
      {{{Str(), Str()}, Int()}, {{Str(), Str(), Int()}, Int()}},
      [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        if (args.size() == 2) {
          return MapRows<int32_t, std::string_view, std::string_view>(
              args, rows, Int(), [](std::string_view a, std::string_view b) { return Levenshtein(a, b, std::nullopt); });
        }
        return MapRows<int32_t, std::string_view, std::string_view, int32_t>(
            args, rows, Int(),
            [](std::string_view a, std::string_view b, int32_t threshold) { return Levenshtein(a, b, threshold); });
      });
}

void RegisterCharacters(FunctionRegistry& registry) {
  Add(registry, "repeat", "_FUNC_(str, n) - Returns the string which repeats the given string value n times.",
      {{{Str(), Int()}, Str()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string, std::string_view, int32_t>(args, rows, Str(), &Repeat);
      });
  Add(registry, "space", "_FUNC_(n) - Returns a string consisting of `n` spaces.", {{{Int()}, Str()}},
      [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string, int32_t>(args, rows, Str(), [](int32_t n) {
          if (n <= 0) return std::string();
          strings::CheckResultSize("space", static_cast<uint64_t>(n));
          return std::string(static_cast<size_t>(n), ' ');
        });
      });
  Add(registry, "ascii", "_FUNC_(str) - Returns the numeric value of the first character of `str`.",
      {{{Str()}, Int()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<int32_t, std::string_view>(args, rows, Int(), &Ascii);
      });
  Add(registry, "chr",
      "_FUNC_(expr) - Returns the ASCII character having the binary equivalent to `expr`. If n is larger than 256 "
      "the result is equivalent to chr(n % 256)",
      {{{DataType::Long()}, Str()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string, int64_t>(args, rows, Str(), &Chr);
      });
  registry.AddAlias("char", "chr");
  Add(registry, "luhn_check",
      "_FUNC_(str) - Checks that a string of digits is valid according to the Luhn algorithm. This checksum "
      "function is widely applied on credit card numbers and government identification numbers to distinguish "
      "valid numbers from mistyped, incorrect numbers.",
      {{{Str()}, Bool()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<bool, std::string_view>(args, rows, Bool(), &LuhnCheck);
      });

  std::vector<Signature> mask_signatures;
  for (size_t n = 1; n <= 5; ++n) mask_signatures.push_back({std::vector<DataType>(n, Str()), Str()});
  Add(registry, "mask",
      "_FUNC_(input[, upperChar, lowerChar, digitChar, otherChar]) - masks the given string value. The function "
      "replaces characters with 'X' or 'x', and numbers with 'n'. This can be useful for creating copies of tables "
      "with sensitive information removed.",
      mask_signatures, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return ForRows(args, rows, Str(), [&](size_t row, Vector& out) {
          if (args[0]->IsNull(row)) {
            out.SetNull(row);
            return;
          }
          MaskChars mask;
          if (args.size() > 1) mask.upper = MaskChar(args[1], row);
          if (args.size() > 2) mask.lower = MaskChar(args[2], row);
          if (args.size() > 3) mask.digit = MaskChar(args[3], row);
          if (args.size() > 4) mask.other = MaskChar(args[4], row);
          out.SetString(row, Mask(View(args[0], row), mask));
        });
      });
}

}  // namespace

void RegisterStringFunctions(FunctionRegistry& registry) {
  RegisterLengthAndCase(registry);
  RegisterSubstrings(registry);
  RegisterConcatAndTrim(registry);
  RegisterSearch(registry);
  RegisterCharacters(registry);
  RegisterStringCodecFunctions(registry);
  RegisterStringFormatFunctions(registry);
  RegisterToNumberFunctions(registry);
}

}  // namespace tarn
