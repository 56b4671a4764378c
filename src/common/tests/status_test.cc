#include "common/status.h"

#include <gtest/gtest.h>

#include "common/check.h"

namespace tarn {
namespace {

TEST(StatusTest, OkIsCheap) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.ToString(), "OK");
}

TEST(StatusTest, UserErrorRendersClassAndSqlState) {
  Status status = Status::User(ErrorClass::kDivideByZero, {{"config", "\"spark.sql.ansi.enabled\""}});
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kUserError);
  EXPECT_EQ(status.ToString(),
            "[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL "
            "instead. If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error. SQLSTATE: 22012");
}

TEST(StatusTest, ResultCarriesValueOrStatus) {
  Result<int> good = 42;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  Result<int> bad = Status::NotFound("/nope");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kNotFound);
  EXPECT_NE(bad.status().ToString().find("PATH_NOT_FOUND"), std::string::npos);
  EXPECT_NE(bad.status().ToString().find("42K03"), std::string::npos);
}

TEST(StatusTest, CheckFailureIsInternalError) {
  try {
    TARN_CHECK_EQ(1 + 1, 3);
    FAIL() << "check did not throw";
  } catch (const Error& error) {
    EXPECT_TRUE(error.info().IsInternal());
    EXPECT_NE(std::string(error.what()).find("(2 vs 3)"), std::string::npos);
  }
}

}  // namespace
}  // namespace tarn
