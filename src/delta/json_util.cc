#include "delta/json_util.h"

#include <cmath>
#include <charconv>

#include "common/error.h"
#include "formats/json/row_json.h"

namespace tarn::delta::json {

void Fail(const Where& where, const std::string& message) {
  std::string text = where.line > 0 ? "line " + std::to_string(where.line) + ": " + message : message;
  ThrowError(ErrorClass::kCorruptFile, {{"path", where.file}, {"message", text}});
}

Element Parse(simdjson::dom::parser& parser, std::string_view text, const Where& where) {
  Element element;
  auto error = parser.parse(text.data(), text.size()).get(element);
  if (error) Fail(where, std::string("malformed JSON: ") + simdjson::error_message(error));
  return element;
}

Object AsObject(Element value, std::string_view what, const Where& where) {
  Object object;
  if (value.get_object().get(object)) Fail(where, std::string(what) + " is not a JSON object");
  return object;
}

std::optional<Element> Member(Object object, std::string_view key) {
  Element value;
  if (object.at_key(key).get(value)) return std::nullopt;
  if (value.is_null()) return std::nullopt;
  return value;
}

std::optional<std::string> OptString(Object object, std::string_view key, const Where& where) {
  auto value = Member(object, key);
  if (!value) return std::nullopt;
  std::string_view text;
  if (value->get_string().get(text)) Fail(where, "\"" + std::string(key) + "\" is not a string");
  return std::string(text);
}

std::string RequiredString(Object object, std::string_view key, const Where& where) {
  auto value = OptString(object, key, where);
  if (!value) Fail(where, "missing required field \"" + std::string(key) + "\"");
  return *value;
}

std::optional<int64_t> OptLong(Object object, std::string_view key, const Where& where) {
  auto value = Member(object, key);
  if (!value) return std::nullopt;
  int64_t i;
  if (!value->get_int64().get(i)) return i;
  double d;
  if (!value->get_double().get(d) && std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) {
    return static_cast<int64_t>(d);
  }
  std::string_view text;
  if (!value->get_string().get(text)) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
    if (ec == std::errc() && end == text.data() + text.size()) return i;
  }
  Fail(where, "\"" + std::string(key) + "\" is not an integer");
}

int64_t RequiredLong(Object object, std::string_view key, const Where& where) {
  auto value = OptLong(object, key, where);
  if (!value) Fail(where, "missing required field \"" + std::string(key) + "\"");
  return *value;
}

std::optional<bool> OptBool(Object object, std::string_view key, const Where& where) {
  auto value = Member(object, key);
  if (!value) return std::nullopt;
  bool b;
  if (!value->get_bool().get(b)) return b;
  std::string_view text;
  if (!value->get_string().get(text) && (text == "true" || text == "false")) return text == "true";
  Fail(where, "\"" + std::string(key) + "\" is not a boolean");
}

std::string RawText(Element value) { return simdjson::minify(value); }

std::string TextOf(Element value) {
  std::string_view text;
  if (!value.get_string().get(text)) return std::string(text);
  return RawText(value);
}

std::map<std::string, std::string> StringMapOf(Object object, std::string_view key, const Where& where) {
  std::map<std::string, std::string> map;
  auto value = Member(object, key);
  if (!value) return map;
  Object members = AsObject(*value, "\"" + std::string(key) + "\"", where);
  for (auto [k, v] : members) {
    if (v.is_null()) continue;
    map[std::string(k)] = TextOf(v);
  }
  return map;
}

std::map<std::string, std::optional<std::string>> NullableStringMapOf(Object object, std::string_view key,
                                                                      const Where& where) {
  std::map<std::string, std::optional<std::string>> map;
  auto value = Member(object, key);
  if (!value) return map;
  Object members = AsObject(*value, "\"" + std::string(key) + "\"", where);
  for (auto [k, v] : members) {
    map[std::string(k)] = v.is_null() ? std::nullopt : std::optional<std::string>(TextOf(v));
  }
  return map;
}

std::vector<std::string> StringListOf(Object object, std::string_view key, const Where& where) {
  std::vector<std::string> list;
  auto value = Member(object, key);
  if (!value) return list;
  simdjson::dom::array array;
  if (value->get_array().get(array)) Fail(where, "\"" + std::string(key) + "\" is not an array");
  for (Element item : array) {
    std::string_view text;
    if (item.get_string().get(text)) Fail(where, "\"" + std::string(key) + "\" holds a non-string");
    list.emplace_back(text);
  }
  return list;
}

// --- writing ---------------------------------------------------------------------

ObjectWriter::ObjectWriter(std::string* out) : out_(out) { out_->push_back('{'); }

void ObjectWriter::Key(std::string_view key) {
  if (!first_) out_->push_back(',');
  first_ = false;
  AppendJsonString(key, out_);
  out_->push_back(':');
}

void ObjectWriter::String(std::string_view key, std::string_view value) {
  Key(key);
  AppendJsonString(value, out_);
}

void ObjectWriter::Long(std::string_view key, int64_t value) {
  Key(key);
  out_->append(std::to_string(value));
}

void ObjectWriter::Bool(std::string_view key, bool value) {
  Key(key);
  out_->append(value ? "true" : "false");
}

void ObjectWriter::Null(std::string_view key) {
  Key(key);
  out_->append("null");
}

void ObjectWriter::Raw(std::string_view key, std::string_view json) {
  Key(key);
  out_->append(json);
}

void ObjectWriter::Map(std::string_view key, const std::map<std::string, std::string>& map) {
  Key(key);
  ObjectWriter inner(out_);
  for (const auto& [k, v] : map) inner.String(k, v);
  inner.End();
}

void ObjectWriter::NullableMap(std::string_view key, const std::map<std::string, std::optional<std::string>>& map) {
  Key(key);
  ObjectWriter inner(out_);
  for (const auto& [k, v] : map) {
    if (v) {
      inner.String(k, *v);
    } else {
      inner.Null(k);
    }
  }
  inner.End();
}

void ObjectWriter::StringList(std::string_view key, const std::vector<std::string>& list) {
  Key(key);
  out_->push_back('[');
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out_->push_back(',');
    AppendJsonString(list[i], out_);
  }
  out_->push_back(']');
}

void ObjectWriter::End() { out_->push_back('}'); }

}  // namespace tarn::delta::json
