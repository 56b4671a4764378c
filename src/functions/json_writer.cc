#include "functions/json_writer.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>

#include "columnar/value_text.h"
#include "types/datetime.h"
#include "types/decimal.h"
#include "types/number_text.h"

namespace tarn::json {

void AppendQuoted(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789ABCDEF";
  out->push_back('"');
  for (char c : s) {
    auto byte = static_cast<uint8_t>(c);
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      default:
        if (byte < 0x20) {
          *out += "\\u00";
          out->push_back(kHex[byte >> 4]);
          out->push_back(kHex[byte & 15]);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

std::optional<int32_t> FixedZoneOffsetSeconds(std::string_view zone) {
  if (zone == "UTC" || zone == "Z" || zone == "GMT" || zone == "UT" || zone == "Etc/UTC" || zone == "Etc/GMT")
    return 0;
  for (std::string_view prefix : {"UTC", "GMT", "UT"}) {
    if (zone.substr(0, prefix.size()) == prefix && zone.size() > prefix.size() &&
        (zone[prefix.size()] == '+' || zone[prefix.size()] == '-')) {
      zone.remove_prefix(prefix.size());
      break;
    }
  }
  if (zone.empty() || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
  int sign = zone[0] == '-' ? -1 : 1;
  zone.remove_prefix(1);
  int parts[3] = {0, 0, 0};
  int part = 0, digits = 0;
  for (char c : zone) {
    if (c == ':') {
      if (++part > 2 || digits == 0) return std::nullopt;
      digits = 0;
    } else if (c >= '0' && c <= '9' && digits < 2) {
      parts[part] = parts[part] * 10 + (c - '0');
      ++digits;
    } else {
      return std::nullopt;
    }
  }
  if (digits == 0 || parts[0] > 18 || parts[1] > 59 || parts[2] > 59) return std::nullopt;
  return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
}

namespace {

void Append2(int value, std::string* out) {
  out->push_back(static_cast<char>('0' + value / 10));
  out->push_back(static_cast<char>('0' + value % 10));
}

/// yyyy-MM-dd'T'HH:mm:ss.SSS plus, when `offset` is given, XXX ("Z" or "+08:00").
void AppendTimestamp(int64_t micros, std::optional<int32_t> offset, std::string* out) {
  int64_t local = micros + (offset ? static_cast<int64_t>(*offset) * kMicrosPerSecond : 0);
  int64_t days = FloorDiv(local, kMicrosPerDay);
  int64_t of_day = FloorMod(local, kMicrosPerDay);
  *out += FormatDate(days);
  out->push_back('T');
  int64_t seconds = of_day / kMicrosPerSecond;
  Append2(static_cast<int>(seconds / 3600), out);
  out->push_back(':');
  Append2(static_cast<int>(seconds / 60 % 60), out);
  out->push_back(':');
  Append2(static_cast<int>(seconds % 60), out);
  int millis = static_cast<int>(of_day % kMicrosPerSecond / 1000);
  out->push_back('.');
  out->push_back(static_cast<char>('0' + millis / 100));
  Append2(millis % 100, out);
  if (!offset) return;
  if (*offset == 0) {
    out->push_back('Z');
    return;
  }
  int32_t total = *offset < 0 ? -*offset : *offset;
  out->push_back(*offset < 0 ? '-' : '+');
  Append2(total / 3600, out);
  out->push_back(':');
  Append2(total / 60 % 60, out);
  if (total % 60 != 0) {
    out->push_back(':');
    Append2(total % 60, out);
  }
}

void AppendBase64(std::string_view bytes, std::string* out) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t v = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) v |= static_cast<uint8_t>(bytes[i + 2]);
    out->push_back(kAlphabet[(v >> 18) & 63]);
    out->push_back(kAlphabet[(v >> 12) & 63]);
    out->push_back(i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out->push_back(i + 2 < bytes.size() ? kAlphabet[v & 63] : '=');
  }
}

template <typename T>
void AppendFloating(T value, std::string* out) {
  if (std::isnan(value) || std::isinf(value)) {
    out->push_back('"');
    AppendJavaNumber(value, out);
    out->push_back('"');
  } else {
    AppendJavaNumber(value, out);
  }
}

}  // namespace

void AppendJsonValue(const Vector& vector, size_t row, const JsonWriterOptions& options, std::string* out) {
  const DataType& type = vector.type();
  const Vector& base = vector.Base();
  size_t index = vector.RowIndex(row);
  switch (type.id()) {
    case TypeId::kNull: *out += "null"; return;
    case TypeId::kBoolean: *out += base.values<uint8_t>()[index] ? "true" : "false"; return;
    case TypeId::kByte: *out += std::to_string(base.values<int8_t>()[index]); return;
    case TypeId::kShort: *out += std::to_string(base.values<int16_t>()[index]); return;
    case TypeId::kInt: *out += std::to_string(base.values<int32_t>()[index]); return;
    case TypeId::kLong: *out += std::to_string(base.values<int64_t>()[index]); return;
    case TypeId::kFloat: AppendFloating(base.values<float>()[index], out); return;
    case TypeId::kDouble: AppendFloating(base.values<double>()[index], out); return;
    case TypeId::kDecimal:
      if (type.precision() <= kMaxInt64DecimalPrecision)
        *out += DecimalToString(base.values<int64_t>()[index], type.scale());
      else
        *out += DecimalToString(base.values<int128_t>()[index], type.scale());
      return;
    case TypeId::kString: AppendQuoted(base.StringAt(index).view(), out); return;
    case TypeId::kBinary:
      out->push_back('"');
      AppendBase64(base.StringAt(index).view(), out);
      out->push_back('"');
      return;
    case TypeId::kDate:
      out->push_back('"');
      *out += FormatDate(base.values<int32_t>()[index]);
      out->push_back('"');
      return;
    case TypeId::kTimestamp:
      out->push_back('"');
      AppendTimestamp(base.values<int64_t>()[index], FixedZoneOffsetSeconds(options.time_zone).value_or(0), out);
      out->push_back('"');
      return;
    case TypeId::kTimestampNtz:
      out->push_back('"');
      AppendTimestamp(base.values<int64_t>()[index], std::nullopt, out);
      out->push_back('"');
      return;
    case TypeId::kArray: {
      const int32_t* offsets = base.offsets();
      const Vector& elements = base.child(0);
      out->push_back('[');
      for (int32_t i = offsets[index]; i < offsets[index + 1]; ++i) {
        if (i > offsets[index]) out->push_back(',');
        if (elements.IsNull(i)) *out += "null";
        else AppendJsonValue(elements, i, options, out);
      }
      out->push_back(']');
      return;
    }
    case TypeId::kMap: {
      const int32_t* offsets = base.offsets();
      const Vector& keys = base.child(0);
      const Vector& values = base.child(1);
      out->push_back('{');
      for (int32_t i = offsets[index]; i < offsets[index + 1]; ++i) {
        if (i > offsets[index]) out->push_back(',');
        std::string key;
        if (keys.type().id() == TypeId::kString) key = std::string(keys.StringAt(i).view());
        else AppendSparkText(keys, i, &key, {.null_text = "null"});
        AppendQuoted(key, out);
        out->push_back(':');
        if (values.IsNull(i)) *out += "null";
        else AppendJsonValue(values, i, options, out);
      }
      out->push_back('}');
      return;
    }
    case TypeId::kStruct: {
      out->push_back('{');
      bool first = true;
      for (size_t f = 0; f < type.fields().size(); ++f) {
        const Vector& child = base.child(f);
        bool null = child.IsNull(index);
        if (null && options.ignore_null_fields) continue;
        if (!first) out->push_back(',');
        first = false;
        AppendQuoted(type.fields()[f].name, out);
        out->push_back(':');
        if (null) *out += "null";
        else AppendJsonValue(child, index, options, out);
      }
      out->push_back('}');
      return;
    }
    default: {
      // Intervals and TIME: their Spark text as a JSON string.
      std::string text;
      AppendSparkText(vector, row, &text);
      AppendQuoted(text, out);
      return;
    }
  }
}

void AppendParsedJson(const nlohmann::ordered_json& value, std::string* out) {
  using Json = nlohmann::ordered_json;
  switch (value.type()) {
    case Json::value_t::null: *out += "null"; break;
    case Json::value_t::boolean: *out += value.get<bool>() ? "true" : "false"; break;
    case Json::value_t::number_integer: *out += std::to_string(value.get<int64_t>()); break;
    case Json::value_t::number_unsigned: *out += std::to_string(value.get<uint64_t>()); break;
    case Json::value_t::number_float: AppendJavaNumber(value.get<double>(), out); break;
    case Json::value_t::string: AppendQuoted(value.get_ref<const std::string&>(), out); break;
    case Json::value_t::array: {
      *out += '[';
      bool first = true;
      for (const Json& element : value) {
        if (!first) *out += ',';
        first = false;
        AppendParsedJson(element, out);
      }
      *out += ']';
      break;
    }
    case Json::value_t::object: {
      *out += '{';
      bool first = true;
      for (const auto& [key, element] : value.items()) {
        if (!first) *out += ',';
        first = false;
        AppendQuoted(key, out);
        *out += ':';
        AppendParsedJson(element, out);
      }
      *out += '}';
      break;
    }
    default: *out += "null"; break;
  }
}

}  // namespace tarn::json
