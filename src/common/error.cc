#include "common/error.h"

namespace tarn {
namespace {

struct ErrorClassRow {
  std::string_view name;
  std::string_view sqlstate;
  std::string_view message;
};

constexpr ErrorClassRow kErrorClassRows[] = {
#define TARN_ERROR_CLASS(id, name, sqlstate, message) {name, sqlstate, message},
#include "common/error_classes.inc"
#undef TARN_ERROR_CLASS
};

}  // namespace

std::string_view ErrorClassName(ErrorClass error_class) {
  return kErrorClassRows[static_cast<int>(error_class)].name;
}

std::string_view ErrorClassSqlState(ErrorClass error_class) {
  return kErrorClassRows[static_cast<int>(error_class)].sqlstate;
}

ErrorInfo MakeError(ErrorClass error_class, ErrorParams params) {
  std::string_view tmpl = kErrorClassRows[static_cast<int>(error_class)].message;
  std::string out;
  out.reserve(tmpl.size() + 32);
  for (size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] == '<') {
      size_t close = tmpl.find('>', i);
      if (close != std::string_view::npos) {
        std::string_view key = tmpl.substr(i + 1, close - i - 1);
        bool found = false;
        for (const auto& [name, value] : params) {
          if (name == key) {
            out += value;
            found = true;
            break;
          }
        }
        if (!found) out.append(tmpl.substr(i, close - i + 1));
        i = close + 1;
        continue;
      }
    }
    out += tmpl[i++];
  }
  ErrorInfo info;
  info.error_class = error_class;
  info.message = std::move(out);
  info.params = std::move(params);
  return info;
}

std::string ErrorInfo::ToString() const {
  std::string out = "[";
  out += ErrorClassName(error_class);
  out += "] ";
  out += message;
  if (line > 0) {
    // Spark prints the position in the line 0-based (ANTLR's charPositionInLine).
    out += " (line " + std::to_string(line) + ", pos " + std::to_string(column > 0 ? column - 1 : 0) + ")";
  }
  out += " SQLSTATE: ";
  out += ErrorClassSqlState(error_class);
  return out;
}

Error::Error(ErrorInfo info) : info_(std::move(info)), text_(info_.ToString()) {}

void ThrowError(ErrorClass error_class, ErrorParams params) {
  throw Error(error_class, std::move(params));
}

void ThrowInternal(std::string message) {
  throw Error(ErrorClass::kInternalError, {{"message", std::move(message)}});
}

}  // namespace tarn
