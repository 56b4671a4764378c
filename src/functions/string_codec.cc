// String/binary codecs of the string_funcs group: base64, unbase64, hex,
// unhex, encode, decode, to_binary, try_to_binary and the UTF-8 validity
// functions. Malformed input follows Spark 4: unhex/unbase64 are lenient
// (NULL / skipped characters), to_binary and encode/decode raise errors.
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "common/strings.h"
#include "common/utf8.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "functions/string_groups.h"
#include "functions/string_util.h"
#include "types/coercion.h"

namespace tarn {
namespace {

const char* const kGroup = "string_funcs";

DataType Str() { return DataType::String(); }
DataType Bin() { return DataType::Binary(); }

void Add(FunctionRegistry& registry, std::string name, std::string usage, std::vector<Signature> signatures,
         ScalarKernel kernel) {
  registry.Add(MakeScalar(std::move(name), kGroup, std::move(usage), std::move(signatures), std::move(kernel)));
}

// --- base64 ----------------------------------------------------------------------

const char kBase64Alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                 static_cast<uint8_t>(bytes[i + 2]);
    out.push_back(kBase64Alphabet[(v >> 18) & 63]);
    out.push_back(kBase64Alphabet[(v >> 12) & 63]);
    out.push_back(kBase64Alphabet[(v >> 6) & 63]);
    out.push_back(kBase64Alphabet[v & 63]);
  }
  size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out.push_back(kBase64Alphabet[(v >> 18) & 63]);
    out.push_back(kBase64Alphabet[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kBase64Alphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

/// Java's MIME decoder: characters outside the alphabet are skipped, '=' ends
/// the data. A final lone character carries too few bits and is dropped.
std::string Base64DecodeLenient(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '=') break;
    int v = strings::Base64Digit(c);
    if (v < 0) continue;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if (++count == 4) {
      out.push_back(static_cast<char>(bits >> 16));
      out.push_back(static_cast<char>(bits >> 8));
      out.push_back(static_cast<char>(bits));
      bits = 0;
      count = 0;
    }
  }
  if (count == 2) {
    out.push_back(static_cast<char>(bits >> 4));
  } else if (count == 3) {
    out.push_back(static_cast<char>(bits >> 10));
    out.push_back(static_cast<char>(bits >> 2));
  }
  return out;
}

/// Strict base64 (to_binary): groups of four alphabet characters, optional
/// padding at the end only, whitespace between characters allowed.
std::optional<std::string> Base64DecodeStrict(std::string_view text) {
  std::string compact;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    compact.push_back(c);
  }
  if (compact.size() % 4 != 0) return std::nullopt;
  size_t padding = 0;
  while (padding < 2 && padding < compact.size() && compact[compact.size() - 1 - padding] == '=') ++padding;
  for (size_t i = 0; i + padding < compact.size(); ++i)
    if (strings::Base64Digit(compact[i]) < 0) return std::nullopt;
  return Base64DecodeLenient(compact);
}

// --- hex ----------------------------------------------------------------------------

std::string HexOfBytes(std::string_view bytes) {
  static const char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    out.push_back(kDigits[static_cast<uint8_t>(c) >> 4]);
    out.push_back(kDigits[static_cast<uint8_t>(c) & 15]);
  }
  return out;
}

std::string HexOfLong(int64_t value) {
  static const char kDigits[] = "0123456789ABCDEF";
  uint64_t v = static_cast<uint64_t>(value);
  if (v == 0) return "0";
  std::string out;
  while (v != 0) {
    out.push_back(kDigits[v & 15]);
    v >>= 4;
  }
  return std::string(out.rbegin(), out.rend());
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Spark's Hex.unhex: an odd length gets a leading '0'; any other character → nullopt.
std::optional<std::string> Unhex(std::string_view text) {
  std::string out;
  out.reserve((text.size() + 1) / 2);
  size_t i = 0;
  if (text.size() % 2 == 1) {
    int v = HexValue(text[0]);
    if (v < 0) return std::nullopt;
    out.push_back(static_cast<char>(v));
    i = 1;
  }
  for (; i + 1 < text.size() + 1 && i < text.size(); i += 2) {
    int hi = HexValue(text[i]), lo = HexValue(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

// --- charsets ------------------------------------------------------------------------

enum class Charset { kUsAscii, kIso88591, kUtf8, kUtf16Be, kUtf16Le, kUtf16, kUtf32 };

Charset ParseCharset(std::string_view name, std::string_view function) {
  static const std::pair<const char*, Charset> kNames[] = {
      {"US-ASCII", Charset::kUsAscii}, {"ISO-8859-1", Charset::kIso88591}, {"UTF-8", Charset::kUtf8},
      {"UTF-16BE", Charset::kUtf16Be}, {"UTF-16LE", Charset::kUtf16Le},     {"UTF-16", Charset::kUtf16},
      {"UTF-32", Charset::kUtf32}};
  for (const auto& [text, charset] : kNames)
    if (EqualsIgnoreCase(name, text)) return charset;
  ThrowError(ErrorClass::kInvalidParameterValue,
             {{"parameter", "`charset`"},
              {"function", "`" + std::string(function) + "`"},
              {"message", "expects one of the utf-8, utf-16, utf-16be, utf-16le, utf-32, us-ascii, iso-8859-1, but "
                          "got " + std::string(name)}});
}

[[noreturn]] void ThrowMalformed(std::string_view function, std::string_view charset) {
  ThrowError(ErrorClass::kMalformedCharacterCoding,
             {{"function", "`" + std::string(function) + "`"}, {"charset", std::string(charset)}});
}

void AppendUtf16(char32_t c, bool big_endian, std::string* out) {
  auto unit = [&](uint16_t u) {
    if (big_endian) {
      out->push_back(static_cast<char>(u >> 8));
      out->push_back(static_cast<char>(u & 0xFF));
    } else {
      out->push_back(static_cast<char>(u & 0xFF));
      out->push_back(static_cast<char>(u >> 8));
    }
  };
  if (c >= 0x10000) {
    c -= 0x10000;
    unit(static_cast<uint16_t>(0xD800 + (c >> 10)));
    unit(static_cast<uint16_t>(0xDC00 + (c & 0x3FF)));
  } else {
    unit(static_cast<uint16_t>(c));
  }
}

std::string Encode(std::string_view text, std::string_view charset_name) {
  Charset charset = ParseCharset(charset_name, "encode");
  if (text.empty() || charset == Charset::kUtf8) return std::string(text);
  std::string out;
  if (charset == Charset::kUtf16) {
    out.push_back(static_cast<char>(0xFE));  // Java's UTF-16 encoder writes a big-endian BOM
    out.push_back(static_cast<char>(0xFF));
  }
  for (size_t pos = 0; pos < text.size();) {
    char32_t c;
    bool well_formed;
    pos += DecodeUtf8(text, pos, &c, &well_formed);
    switch (charset) {
      case Charset::kUsAscii:
        if (c >= 0x80) ThrowMalformed("encode", charset_name);
        out.push_back(static_cast<char>(c));
        break;
      case Charset::kIso88591:
        if (c >= 0x100) ThrowMalformed("encode", charset_name);
        out.push_back(static_cast<char>(c));
        break;
      case Charset::kUtf16:
      case Charset::kUtf16Be: AppendUtf16(c, true, &out); break;
      case Charset::kUtf16Le: AppendUtf16(c, false, &out); break;
      case Charset::kUtf32:
        for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((c >> shift) & 0xFF));
        break;
      case Charset::kUtf8: break;
    }
  }
  return out;
}

std::string DecodeUtf16(std::string_view bytes, bool big_endian, std::string_view charset_name) {
  if (bytes.size() % 2 != 0) ThrowMalformed("decode", charset_name);
  std::string out;
  auto unit = [&](size_t i) -> uint16_t {
    uint8_t a = static_cast<uint8_t>(bytes[i]), b = static_cast<uint8_t>(bytes[i + 1]);
    return big_endian ? static_cast<uint16_t>(a << 8 | b) : static_cast<uint16_t>(b << 8 | a);
  };
  for (size_t i = 0; i < bytes.size(); i += 2) {
    uint16_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 2 >= bytes.size()) ThrowMalformed("decode", charset_name);
      uint16_t low = unit(i + 2);
      if (low < 0xDC00 || low > 0xDFFF) ThrowMalformed("decode", charset_name);
      AppendUtf8(0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (low - 0xDC00), &out);
      i += 2;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      ThrowMalformed("decode", charset_name);
    } else {
      AppendUtf8(u, &out);
    }
  }
  return out;
}

std::string Decode(std::string_view bytes, std::string_view charset_name) {
  Charset charset = ParseCharset(charset_name, "decode");
  std::string out;
  switch (charset) {
    case Charset::kUsAscii:
      for (char c : bytes) {
        if (static_cast<uint8_t>(c) >= 0x80) ThrowMalformed("decode", charset_name);
        out.push_back(c);
      }
      return out;
    case Charset::kIso88591:
      for (char c : bytes) AppendUtf8(static_cast<uint8_t>(c), &out);
      return out;
    case Charset::kUtf8:
      for (size_t pos = 0; pos < bytes.size();) {
        char32_t c;
        bool well_formed;
        pos += DecodeUtf8(bytes, pos, &c, &well_formed);
        if (!well_formed) ThrowMalformed("decode", charset_name);
      }
      return std::string(bytes);
    case Charset::kUtf16Be: return DecodeUtf16(bytes, true, charset_name);
    case Charset::kUtf16Le: return DecodeUtf16(bytes, false, charset_name);
    case Charset::kUtf16: {
      // A byte-order mark picks the order (and is dropped); big-endian without one.
      if (bytes.size() >= 2 && static_cast<uint8_t>(bytes[0]) == 0xFF && static_cast<uint8_t>(bytes[1]) == 0xFE)
        return DecodeUtf16(bytes.substr(2), false, charset_name);
      if (bytes.size() >= 2 && static_cast<uint8_t>(bytes[0]) == 0xFE && static_cast<uint8_t>(bytes[1]) == 0xFF)
        return DecodeUtf16(bytes.substr(2), true, charset_name);
      return DecodeUtf16(bytes, true, charset_name);
    }
    case Charset::kUtf32:
      if (bytes.size() % 4 != 0) ThrowMalformed("decode", charset_name);
      for (size_t i = 0; i < bytes.size(); i += 4) {
        char32_t c = 0;
        for (size_t k = 0; k < 4; ++k) c = (c << 8) | static_cast<uint8_t>(bytes[i + k]);
        if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) ThrowMalformed("decode", charset_name);
        AppendUtf8(c, &out);
      }
      return out;
  }
  return out;
}

// --- to_binary ----------------------------------------------------------------------------

enum class BinaryFormat { kHex, kUtf8, kBase64 };

std::optional<BinaryFormat> ParseBinaryFormat(std::string_view name) {
  if (EqualsIgnoreCase(name, "hex")) return BinaryFormat::kHex;
  if (EqualsIgnoreCase(name, "utf-8") || EqualsIgnoreCase(name, "utf8")) return BinaryFormat::kUtf8;
  if (EqualsIgnoreCase(name, "base64")) return BinaryFormat::kBase64;
  return std::nullopt;
}

std::string SqlString(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

BoundScalar BindToBinary(const std::vector<ArgType>& args, bool try_mode) {
  const char* name = try_mode ? "try_to_binary" : "to_binary";
  ExpectArgCount(name, args, 1, 2);
  for (size_t i = 0; i < args.size(); ++i)
    if (!CanImplicitCast(args[i].type, Str()) || args[i].type.id() == TypeId::kBinary)
      ThrowUnexpectedInputType(i, "\"STRING\"", args[i].type);
  BinaryFormat format = BinaryFormat::kHex;
  std::string format_name = "HEX";
  bool null_format = false;
  if (args.size() == 2) {
    if (!args[1].constant) throw FunctionBindError("The format of " + std::string(name) + " must be a constant string");
    std::optional<std::string_view> text = ConstantArg<std::string_view>(args[1]);
    if (!text) {
      null_format = true;
    } else {
      std::optional<BinaryFormat> parsed = ParseBinaryFormat(*text);
      if (!parsed) {
        ThrowError(ErrorClass::kInvalidParameterValue,
                   {{"parameter", "`format`"},
                    {"function", "`" + std::string(name) + "`"},
                    {"message", "expects one of binary formats 'base64', 'hex', 'utf-8', but got '" +
                                    std::string(*text) + "'"}});
      }
      format = *parsed;
      format_name.clear();
      for (char c : *text) format_name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  BoundScalar bound;
  bound.result_type = Bin();
  bound.arg_types.assign(args.size(), Str());
  bound.kernel = [format, format_name, null_format, try_mode](std::span<const VectorPtr> in, size_t rows,
                                                               const FunctionContext&) -> VectorPtr {
    if (null_format) return Vector::MakeNull(Bin(), rows);
    return MapRows<std::string, std::string_view>(
        in.subspan(0, 1), rows, Bin(), [&](std::string_view s) -> std::optional<std::string> {
          std::optional<std::string> out;
          switch (format) {
            case BinaryFormat::kHex: out = Unhex(s); break;
            case BinaryFormat::kBase64: out = Base64DecodeStrict(s); break;
            case BinaryFormat::kUtf8: out = std::string(s); break;
          }
          if (!out && !try_mode) {
            ThrowError(ErrorClass::kConversionInvalidInput, {{"str", SqlString(s)},
                                                             {"fmt", "'" + format_name + "'"},
                                                             {"targetType", "\"BINARY\""},
                                                             {"suggestion", "`try_to_binary`"}});
          }
          return out;
        });
  };
  return bound;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t pos = 0; pos < s.size();) {
    char32_t c;
    bool well_formed;
    pos += DecodeUtf8(s, pos, &c, &well_formed);
    if (!well_formed) return false;
  }
  return true;
}

std::string MakeValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t pos = 0; pos < s.size();) {
    char32_t c;
    size_t width = DecodeUtf8(s, pos, &c);
    AppendUtf8(c, &out);
    pos += width;
  }
  return out;
}

}  // namespace

void RegisterStringCodecFunctions(FunctionRegistry& registry) {
  Add(registry, "base64", "_FUNC_(bin) - Converts the argument from a binary `bin` to a base 64 string.",
      {{{Bin()}, Str()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string, std::string_view>(args, rows, Str(), &Base64Encode);
      });
  Add(registry, "unbase64", "_FUNC_(str) - Converts the argument from a base 64 string `str` to a binary.",
      {{{Str()}, Bin()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string, std::string_view>(args, rows, Bin(), &Base64DecodeLenient);
      });
  Add(registry, "hex", "_FUNC_(expr) - Converts `expr` to hexadecimal.",
      {{{DataType::Long()}, Str()}, {{Bin()}, Str()}, {{Str()}, Str()}},
      [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        if (args[0]->type().id() == TypeId::kLong)
          return MapRows<std::string, int64_t>(args, rows, Str(), &HexOfLong);
        return MapRows<std::string, std::string_view>(args, rows, Str(), &HexOfBytes);
      });
  Add(registry, "unhex", "_FUNC_(expr) - Converts hexadecimal `expr` to binary.", {{{Str()}, Bin()}},
      [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string, std::string_view>(args, rows, Bin(), &Unhex);
      });
  Add(registry, "encode",
      "_FUNC_(str, charset) - Encodes the first argument using the second argument character set. The acceptable "
      "input for charset is a case-insensitive string of 'US-ASCII', 'ISO-8859-1', 'UTF-8', 'UTF-16BE', "
      "'UTF-16LE', 'UTF-16', 'UTF-32'.",
      {{{Str(), Str()}, Bin()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string, std::string_view, std::string_view>(args, rows, Bin(), &Encode);
      });
  Add(registry, "decode",
      "_FUNC_(bin, charset) - Decodes the first argument using the second argument character set. If either "
      "argument is null, the result will also be null.",
      {{{Bin(), Str()}, Str()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string, std::string_view, std::string_view>(args, rows, Str(), &Decode);
      });

  FunctionInfo to_binary;
  to_binary.name = "to_binary";
  to_binary.group = kGroup;
  to_binary.usage =
      "_FUNC_(str[, fmt]) - Converts the input `str` to a binary value based on the supplied `fmt`. `fmt` can be a "
      "case-insensitive string literal of \"hex\", \"utf-8\", \"utf8\", or \"base64\". By default, the binary "
      "format for conversion is \"hex\" if `fmt` is omitted. The function returns NULL if at least one of the "
      "input parameters is NULL.";
  to_binary.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
    return BindToBinary(args, false);
  };
  registry.Add(to_binary);
  to_binary.name = "try_to_binary";
  to_binary.usage = "_FUNC_(str[, fmt]) - This is a special version of `to_binary` that performs the same operation, "
                    "but returns a NULL value instead of raising an error if the conversion cannot be performed.";
  to_binary.scalar = [](const std::vector<ArgType>& args, const FunctionContext&) {
    return BindToBinary(args, true);
  };
  registry.Add(to_binary);

  Add(registry, "is_valid_utf8",
      "_FUNC_(str) - Returns true if `str` is a valid UTF-8 string, otherwise returns false.",
      {{{Str()}, DataType::Boolean()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<bool, std::string_view>(args, rows, DataType::Boolean(), &IsValidUtf8);
      });
  Add(registry, "make_valid_utf8",
      "_FUNC_(str) - Returns the original string if `str` is a valid UTF-8 string, otherwise returns a new string "
      "whose invalid UTF8 byte sequences are replaced using the UNICODE replacement character U+FFFD.",
      {{{Str()}, Str()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string, std::string_view>(args, rows, Str(), &MakeValidUtf8);
      });
  Add(registry, "try_validate_utf8",
      "_FUNC_(str) - Returns the original string if `str` is a valid UTF-8 string, otherwise returns NULL.",
      {{{Str()}, Str()}}, [](std::span<const VectorPtr> args, size_t rows, const FunctionContext&) {
        return MapRows<std::string_view, std::string_view>(
            args, rows, Str(), [](std::string_view s) -> std::optional<std::string_view> {
              if (!IsValidUtf8(s)) return std::nullopt;
              return s;
            });
      });
}

}  // namespace tarn
