#include "common/check.h"

namespace tarn::detail {

void CheckFailed(const char* file, int line, const char* condition, const std::string& detail) {
  std::string message = std::string("check failed at ") + file + ":" + std::to_string(line) + ": " + condition;
  if (!detail.empty()) message += " " + detail;
  ThrowInternal(std::move(message));
}

}  // namespace tarn::detail
