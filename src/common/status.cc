#include "common/status.h"

namespace tarn {

Status::Status(StatusCode code, ErrorInfo info) : state_(new State{code, std::move(info)}) {}

Status::Status(const Status& other) : state_(other.state_ ? new State(*other.state_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) state_.reset(other.state_ ? new State(*other.state_) : nullptr);
  return *this;
}

Status Status::User(ErrorClass error_class, ErrorParams params) {
  return Status(StatusCode::kUserError, MakeError(error_class, std::move(params)));
}

Status Status::NotFound(const std::string& path) {
  return Status(StatusCode::kNotFound, MakeError(ErrorClass::kPathNotFound, {{"path", path}}));
}

Status Status::AlreadyExists(const std::string& path) {
  return Status(StatusCode::kAlreadyExists,
                MakeError(ErrorClass::kIoError, {{"path", path}, {"message", "file already exists"}}));
}

Status Status::IoError(const std::string& path, const std::string& message) {
  return Status(StatusCode::kIoError, MakeError(ErrorClass::kIoError, {{"path", path}, {"message", message}}));
}

Status Status::Corruption(const std::string& path, const std::string& message) {
  return Status(StatusCode::kCorruption,
                MakeError(ErrorClass::kCorruptFile, {{"path", path}, {"message", message}}));
}

Status Status::Cancelled() { return Status(StatusCode::kCancelled, MakeError(ErrorClass::kOperationCancelled, {})); }

Status Status::Internal(const std::string& message) {
  return Status(StatusCode::kInternal, MakeError(ErrorClass::kInternalError, {{"message", message}}));
}

Status Status::FromError(const Error& error) {
  StatusCode code = error.info().IsInternal() ? StatusCode::kInternal : StatusCode::kUserError;
  if (error.info().error_class == ErrorClass::kOperationCancelled) code = StatusCode::kCancelled;
  return Status(code, error.info());
}

std::string Status::ToString() const { return ok() ? "OK" : state_->info.ToString(); }

Status Status::WithContext(const std::string& context) const {
  if (ok()) return Status();
  Status copy(*this);
  copy.state_->info.message = context + ": " + copy.state_->info.message;
  return copy;
}

void ThrowIfError(const Status& status) {
  if (!status.ok()) throw Error(status.info());
}

}  // namespace tarn
