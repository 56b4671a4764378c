#include "formats/files/text_values.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "common/error.h"
#include "common/strings.h"
#include "formats/json/row_json.h"
#include "types/datetime.h"

namespace tarn {
namespace {

[[noreturn]] void ThrowBadOption(std::string_view key, std::string_view value, const char* source,
                                 const std::string& why) {
  ThrowError(ErrorClass::kInvalidParameterValue, {{"parameter", "`" + std::string(key) + "`"},
                                                  {"function", std::string(source)},
                                                  {"message", "'" + std::string(value) + "': " + why}});
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Java's String.trim: strips chars <= ' '.
std::string_view JavaTrim(std::string_view text) {
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1);
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
  return text;
}

// The digits-and-exponent text of a Java double literal (suffix removed), or
// empty when malformed. Special values are handled by the caller.
std::string JavaDoubleBody(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  size_t digits = 0;
  while (i < text.size() && IsDigit(text[i])) ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) ++i, ++digits;
  }
  if (digits == 0) return "";
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    size_t exponent_digits = 0;
    while (i < text.size() && IsDigit(text[i])) ++i, ++exponent_digits;
    if (exponent_digits == 0) return "";
  }
  size_t end = i;
  if (i < text.size() && (text[i] == 'd' || text[i] == 'D' || text[i] == 'f' || text[i] == 'F')) ++i;
  if (i != text.size()) return "";
  return std::string(text.substr(0, end));
}

std::optional<double> SpecialDouble(std::string_view text) {
  if (text == "NaN" || text == "+NaN" || text == "-NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "Infinity" || text == "+Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  return std::nullopt;
}

// yyyy-MM-dd exactly.
bool IsStrictDateShape(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(t[i])) return false;
  }
  return true;
}

// yyyy-MM-dd HH:mm:ss exactly.
bool IsStrictTimestampShape(std::string_view t) {
  if (t.size() != 19 || !IsStrictDateShape(t.substr(0, 10)) || t[10] != ' ' || t[13] != ':' || t[16] != ':') return false;
  for (size_t i : {11, 12, 14, 15, 17, 18}) {
    if (!IsDigit(t[i])) return false;
  }
  return true;
}

bool IsDefaultTimestampPattern(const std::string& format) {
  // Spark's documented default patterns are the ISO forms the default parser reads.
  return format.empty() || format == "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]" || format == "yyyy-MM-dd'T'HH:mm:ss[.SSS]";
}

}  // namespace

ParseMode ParseModeFromString(std::string_view text, const char* source) {
  if (EqualsIgnoreCase(text, "PERMISSIVE")) return ParseMode::kPermissive;
  if (EqualsIgnoreCase(text, "DROPMALFORMED")) return ParseMode::kDropMalformed;
  if (EqualsIgnoreCase(text, "FAILFAST")) return ParseMode::kFailFast;
  ThrowBadOption("mode", text, source, "expected PERMISSIVE, DROPMALFORMED or FAILFAST");
}

bool ParseBoolOption(std::string_view key, std::string_view value, const char* source) {
  if (EqualsIgnoreCase(value, "true")) return true;
  if (EqualsIgnoreCase(value, "false")) return false;
  ThrowBadOption(key, value, source, "expected true or false");
}

int64_t ParseIntOption(std::string_view key, std::string_view value, const char* source) {
  auto parsed = ParseJavaLong(JavaTrim(value));
  if (!parsed) ThrowBadOption(key, value, source, "expected an integer");
  return *parsed;
}

std::optional<int64_t> ParseJavaLong(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  if (i == text.size()) return std::nullopt;
  uint64_t magnitude = 0;
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  for (; i < text.size(); ++i) {
    if (!IsDigit(text[i])) return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(text[i] - '0');
    if (magnitude > (limit - digit) / 10) return std::nullopt;
    magnitude = magnitude * 10 + digit;
  }
  if (negative) return magnitude == (uint64_t{1} << 63) ? INT64_MIN : -static_cast<int64_t>(magnitude);
  return static_cast<int64_t>(magnitude);
}

std::optional<double> ParseJavaDouble(std::string_view text) {
  text = JavaTrim(text);
  if (auto special = SpecialDouble(text)) return special;
  std::string body = JavaDoubleBody(text);
  if (body.empty()) return std::nullopt;
  return std::strtod(body.c_str(), nullptr);  // overflow gives ±inf, as Java
}

std::optional<float> ParseJavaFloat(std::string_view text) {
  text = JavaTrim(text);
  if (auto special = SpecialDouble(text)) return static_cast<float>(*special);
  std::string body = JavaDoubleBody(text);
  if (body.empty()) return std::nullopt;
  return std::strtof(body.c_str(), nullptr);
}

std::optional<bool> ParseJavaBoolean(std::string_view text) {
  if (EqualsIgnoreCase(text, "true")) return true;
  if (EqualsIgnoreCase(text, "false")) return false;
  return std::nullopt;
}

DateTimeParser::DateTimeParser(std::string date_format, std::string timestamp_format,
                               std::string timestamp_ntz_format) {
  auto unsupported = [](const std::string& what, const std::string& pattern) {
    ThrowError(ErrorClass::kUnsupportedFeature,
               {{"feature", what + " pattern '" + pattern + "' (supported: the default, yyyy-MM-dd" +
                                (what == "dateFormat" ? "" : " HH:mm:ss") + ")"}});
  };
  if (!date_format.empty()) {
    if (date_format != "yyyy-MM-dd") unsupported("dateFormat", date_format);
    date_strict_ = true;
  }
  if (!IsDefaultTimestampPattern(timestamp_format)) {
    if (timestamp_format != "yyyy-MM-dd HH:mm:ss") unsupported("timestampFormat", timestamp_format);
    timestamp_strict_ = true;
  }
  if (!IsDefaultTimestampPattern(timestamp_ntz_format)) {
    if (timestamp_ntz_format != "yyyy-MM-dd HH:mm:ss") unsupported("timestampNTZFormat", timestamp_ntz_format);
    timestamp_ntz_strict_ = true;
  }
}

std::optional<int32_t> DateTimeParser::ParseDate(std::string_view text) const {
  if (date_strict_) return ParseDateStrict(text);
  return tarn::ParseDate(text);
}

std::optional<int32_t> DateTimeParser::ParseDateStrict(std::string_view text) const {
  if (!IsStrictDateShape(text)) return std::nullopt;
  return tarn::ParseDate(text);
}

std::optional<int64_t> DateTimeParser::ParseTimestamp(std::string_view text) const {
  if (timestamp_strict_ && !IsStrictTimestampShape(text)) return std::nullopt;
  auto parsed = tarn::ParseTimestamp(text);
  if (!parsed || !parsed->zone_id.empty()) return std::nullopt;  // region ids need a zone database
  int64_t micros = parsed->micros;
  if (parsed->offset_seconds) {
    int64_t offset = static_cast<int64_t>(*parsed->offset_seconds) * kMicrosPerSecond;
    if ((offset > 0 && micros < INT64_MIN + offset) || (offset < 0 && micros > INT64_MAX + offset)) return std::nullopt;
    micros -= offset;
  }
  return micros;
}

std::optional<int64_t> DateTimeParser::ParseTimestampNtz(std::string_view text) const {
  if (timestamp_ntz_strict_ && !IsStrictTimestampShape(text)) return std::nullopt;
  auto parsed = tarn::ParseTimestamp(text);
  if (!parsed || parsed->offset_seconds || !parsed->zone_id.empty()) return std::nullopt;
  return parsed->micros;
}

int ReaderStringColumn(const Schema& schema, const std::string& name, const char* option, const char* source) {
  if (name.empty()) return -1;
  for (size_t i = 0; i < schema.size(); ++i) {
    if (schema[i].name != name) continue;
    if (schema[i].type.id() != TypeId::kString || !schema[i].nullable) {
      ThrowError(ErrorClass::kInvalidParameterValue,
                 {{"parameter", std::string("`") + option + "`"},
                  {"function", source},
                  {"message", "the column `" + name + "` must be a nullable string"}});
    }
    return static_cast<int>(i);
  }
  return -1;
}

void AddRescuedDataColumn(Schema* schema, const std::string& name, const char* source) {
  for (const Field& field : *schema) {
    if (field.name != name) continue;
    ThrowError(ErrorClass::kInvalidParameterValue,
               {{"parameter", "`rescuedDataColumn`"},
                {"function", source},
                {"message", "the rescued data column `" + name + "` is also a column of the data"}});
  }
  schema->push_back(Field{name, DataType::String(), true, ""});
}

void RescuedData::AddJson(std::string_view name, std::string_view json_value) {
  members_ += members_.empty() ? "" : ",";
  AppendJsonString(name, &members_);
  members_ += ':';
  members_ += json_value;
}

void RescuedData::AddText(std::string_view name, std::string_view text) {
  std::string quoted;
  AppendJsonString(text, &quoted);
  AddJson(name, quoted);
}

std::string RescuedData::Finish(std::string_view path) const {
  std::string out = "{" + members_ + (members_.empty() ? "" : ",");
  AppendJsonString("_file_path", &out);
  out += ':';
  AppendJsonString(path, &out);
  out += '}';
  return out;
}

}  // namespace tarn
