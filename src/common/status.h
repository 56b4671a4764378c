// Status and Result<T>: how common/, formats/, delta/ and catalog persistence
// report failure as values, so callers can branch on NotFound, Corruption or
// CommitConflict. Upper layers (sql/, plan/, exec/) turn a bad Status into an
// Error exception with ThrowIfError / ValueOrThrow.
//
// Thread safety: values; a Status is cheap (one pointer, null when OK).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "common/error.h"

namespace tarn {

/// What kind of failure, for callers that branch on it. The ErrorInfo inside
/// says what a user sees.
enum class StatusCode : unsigned char {
  kOk = 0,
  kUserError,       ///< bad input: SQL, options, data that breaks a rule
  kNotFound,        ///< file, table or object does not exist
  kAlreadyExists,   ///< put-if-absent lost (e.g. a Delta commit file exists)
  kIoError,         ///< the OS or storage failed
  kCorruption,      ///< a file is malformed
  kCommitConflict,  ///< a concurrent transaction conflicts
  kCancelled,
  kInternal,        ///< a bug in tarn
};

class Status {
 public:
  Status() = default;
  Status(StatusCode code, ErrorInfo info);
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  static Status Ok() { return Status(); }
  /// A user error of the given class.
  static Status User(ErrorClass error_class, ErrorParams params = {});
  static Status NotFound(const std::string& path);
  static Status AlreadyExists(const std::string& path);
  static Status IoError(const std::string& path, const std::string& message);
  /// A malformed file: FAILED_READ_FILE.FILE_CORRUPTED naming the path.
  static Status Corruption(const std::string& path, const std::string& message);
  static Status Cancelled();
  static Status Internal(const std::string& message);
  /// Converts a caught Error into a Status.
  static Status FromError(const Error& error);

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  /// Valid only when !ok().
  const ErrorInfo& info() const { return state_->info; }
  /// "OK" or "[CLASS] message SQLSTATE: xxxxx".
  std::string ToString() const;

  /// Prepends context to the message ("while reading X: ...").
  Status WithContext(const std::string& context) const;

 private:
  struct State {
    StatusCode code;
    ErrorInfo info;
  };
  std::unique_ptr<State> state_;
};

/// A value or a failed Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) status_ = Status::Internal("Result constructed from an OK status");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

/// Throws the status as an Error when it is not OK.
void ThrowIfError(const Status& status);

template <typename T>
T ValueOrThrow(Result<T> result) {
  ThrowIfError(result.status());
  return std::move(result).value();
}

}  // namespace tarn

#define TARN_CONCAT_INNER(a, b) a##b
#define TARN_CONCAT(a, b) TARN_CONCAT_INNER(a, b)

#define TARN_RETURN_NOT_OK(expr)                \
  do {                                          \
    ::tarn::Status _tarn_status = (expr);       \
    if (!_tarn_status.ok()) return _tarn_status; \
  } while (0)

#define TARN_ASSIGN_OR_RETURN_IMPL(result, lhs, expr) \
  auto result = (expr);                               \
  if (!result.ok()) return result.status();           \
  lhs = std::move(result).value()

#define TARN_ASSIGN_OR_RETURN(lhs, expr) \
  TARN_ASSIGN_OR_RETURN_IMPL(TARN_CONCAT(_tarn_result_, __LINE__), lhs, expr)
