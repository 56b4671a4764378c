// Error model: every failure is either a *user* error (bad input, data,
// permissions or environment; carries a Spark error class and SQLSTATE) or an
// *internal* error (a broken invariant, i.e. a bug). See error_classes.inc.
//
// Thread safety: ErrorInfo and Error are values; safe to copy across threads.
#pragma once

#include <exception>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tarn {

enum class ErrorClass : int {
#define TARN_ERROR_CLASS(id, name, sqlstate, message) id,
#include "common/error_classes.inc"
#undef TARN_ERROR_CLASS
};

/// Spark's name of the class, e.g. "DIVIDE_BY_ZERO".
std::string_view ErrorClassName(ErrorClass error_class);
/// The five-character SQLSTATE, e.g. "22012".
std::string_view ErrorClassSqlState(ErrorClass error_class);

/// Parameters that fill the <slots> of an error class's message template.
using ErrorParams = std::vector<std::pair<std::string, std::string>>;

/// A fully described error: what `session/` shows a user, and what crosses
/// threads when a worker fails.
struct ErrorInfo {
  ErrorClass error_class = ErrorClass::kInternalError;
  std::string message;  ///< rendered template, without the [CLASS] prefix
  ErrorParams params;
  /// Where in the statement text the error points (1-based; 0 = unknown).
  int line = 0;
  int column = 0;

  bool IsInternal() const { return error_class == ErrorClass::kInternalError; }
  /// "[CLASS] message SQLSTATE: xxxxx"
  std::string ToString() const;
};

/// Renders the class's template with the given parameters.
ErrorInfo MakeError(ErrorClass error_class, ErrorParams params);

/// The exception thrown in sql/, plan/ and exec/, where an error always ends
/// the statement. Lower layers return Status instead (see status.h).
class Error : public std::exception {
 public:
  explicit Error(ErrorInfo info);
  Error(ErrorClass error_class, ErrorParams params) : Error(MakeError(error_class, std::move(params))) {}

  const ErrorInfo& info() const { return info_; }
  ErrorInfo& mutable_info() { return info_; }
  const char* what() const noexcept override { return text_.c_str(); }

 private:
  ErrorInfo info_;
  std::string text_;
};

/// Throws a user error of the given class.
[[noreturn]] void ThrowError(ErrorClass error_class, ErrorParams params = {});
/// Throws an internal error (a bug in tarn) with the given message.
[[noreturn]] void ThrowInternal(std::string message);

}  // namespace tarn
