// Invariant checks. A failed TARN_CHECK is a bug in tarn, never a user error:
// it throws an internal error (INTERNAL_ERROR, XX000) naming the file and line.
// Anything a user's input can trigger must raise a user error instead.
#pragma once

#include <sstream>
#include <string>

#include "common/error.h"

namespace tarn::detail {
[[noreturn]] void CheckFailed(const char* file, int line, const char* condition, const std::string& detail);

template <typename A, typename B>
std::string DescribeOperands(const A& a, const B& b) {
  std::ostringstream out;
  out << "(" << a << " vs " << b << ")";
  return out.str();
}
}  // namespace tarn::detail

#define TARN_CHECK(cond, ...)                                                          \
  do {                                                                                 \
    if (!(cond)) [[unlikely]]                                                          \
      ::tarn::detail::CheckFailed(__FILE__, __LINE__, #cond, std::string{__VA_ARGS__}); \
  } while (0)

#define TARN_CHECK_OP(a, op, b)                                                                        \
  do {                                                                                                 \
    if (!((a)op(b))) [[unlikely]]                                                                      \
      ::tarn::detail::CheckFailed(__FILE__, __LINE__, #a " " #op " " #b,                               \
                                  ::tarn::detail::DescribeOperands((a), (b)));                         \
  } while (0)

#define TARN_CHECK_EQ(a, b) TARN_CHECK_OP(a, ==, b)
#define TARN_CHECK_NE(a, b) TARN_CHECK_OP(a, !=, b)
#define TARN_CHECK_LT(a, b) TARN_CHECK_OP(a, <, b)
#define TARN_CHECK_LE(a, b) TARN_CHECK_OP(a, <=, b)
#define TARN_CHECK_GT(a, b) TARN_CHECK_OP(a, >, b)
#define TARN_CHECK_GE(a, b) TARN_CHECK_OP(a, >=, b)
#define TARN_UNREACHABLE() ::tarn::detail::CheckFailed(__FILE__, __LINE__, "unreachable", "")

#ifdef NDEBUG
#define TARN_DCHECK(cond, ...) \
  do {                         \
  } while (0)
#else
#define TARN_DCHECK(cond, ...) TARN_CHECK(cond, __VA_ARGS__)
#endif
