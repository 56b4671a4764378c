// Small JSON helpers shared by the Delta log code: typed, checked reads of
// simdjson DOM values that fail with FAILED_READ_FILE.FILE_CORRUPTED naming
// the file and line, and an append-only object writer for ToJson.
//
// Thread safety: pure functions; a JsonParser is used by one thread.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tarn::delta::json {

using Element = simdjson::dom::element;
using Object = simdjson::dom::object;

/// Where a value came from, for error messages.
struct Where {
  const std::string& file;
  int64_t line = 0;  ///< 1-based; 0 = the whole file
};

[[noreturn]] void Fail(const Where& where, const std::string& message);

/// Parses `text` as one JSON document with `parser` (the element lives until
/// the parser's next parse). Fails with the position on malformed JSON.
Element Parse(simdjson::dom::parser& parser, std::string_view text, const Where& where);
Object AsObject(Element value, std::string_view what, const Where& where);

/// The member `key`; nullopt when absent or JSON null.
std::optional<Element> Member(Object object, std::string_view key);

std::optional<std::string> OptString(Object object, std::string_view key, const Where& where);
std::string RequiredString(Object object, std::string_view key, const Where& where);
/// Integral numbers (also integral doubles such as 1.0 and numeric strings, which some writers emit).
std::optional<int64_t> OptLong(Object object, std::string_view key, const Where& where);
int64_t RequiredLong(Object object, std::string_view key, const Where& where);
std::optional<bool> OptBool(Object object, std::string_view key, const Where& where);
/// {"k":"v",...}; absent → empty. Non-string values are kept as their JSON text.
std::map<std::string, std::string> StringMapOf(Object object, std::string_view key, const Where& where);
/// As StringMapOf, but JSON null values stay null.
std::map<std::string, std::optional<std::string>> NullableStringMapOf(Object object, std::string_view key,
                                                                      const Where& where);
std::vector<std::string> StringListOf(Object object, std::string_view key, const Where& where);
/// The value's JSON text, minified.
std::string RawText(Element value);
/// A string value as text, or any other value as its JSON text.
std::string TextOf(Element value);

/// Appends a JSON object member by member: ObjectWriter w(&out); w.String("a", x); w.End();
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string* out);
  void Key(std::string_view key);
  void String(std::string_view key, std::string_view value);
  void Long(std::string_view key, int64_t value);
  void Bool(std::string_view key, bool value);
  void Null(std::string_view key);
  /// `json` is already valid JSON text.
  void Raw(std::string_view key, std::string_view json);
  void Map(std::string_view key, const std::map<std::string, std::string>& map);
  void NullableMap(std::string_view key, const std::map<std::string, std::optional<std::string>>& map);
  void StringList(std::string_view key, const std::vector<std::string>& list);
  void End();

 private:
  std::string* out_;
  bool first_ = true;
};

}  // namespace tarn::delta::json
