// The SQL LIKE matcher: '_' matches one character, '%' any sequence, the
// escape character makes the next '_', '%' or escape literal. Common shapes
// run without a regex: 'abc', 'abc%', '%abc', '%abc%', '%'; the rest compile
// to an RE2 full match.
//
// Thread safety: immutable after Compile; Matches is const and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace tarn {

class LikeMatcher {
 public:
  /// Throws INVALID_PARAMETER_VALUE when the escape character precedes
  /// anything but '_', '%' or itself, or ends the pattern. `ignore_case`
  /// (ILIKE) lower-cases pattern and input as Spark does.
  static LikeMatcher Compile(std::string_view pattern, char escape = '\\', bool ignore_case = false);

  bool Matches(std::string_view text) const;

  enum class Kind { kExact, kPrefix, kSuffix, kContains, kAny, kRegex };
  Kind kind() const { return kind_; }

 private:
  Kind kind_ = Kind::kExact;
  bool ignore_case_ = false;
  std::string literal_;
  std::shared_ptr<const re2::RE2> regex_;
};

}  // namespace tarn
