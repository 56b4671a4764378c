#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "types/number_text.h"

namespace tarn {
namespace {

std::string Ecma(double v) {
  std::string out;
  AppendEcmaNumber(v, &out);
  return out;
}
std::string EcmaF(float v) {
  std::string out;
  AppendEcmaNumber(v, &out);
  return out;
}
std::string Java(double v) {
  std::string out;
  AppendJavaNumber(v, &out);
  return out;
}
std::string JavaF(float v) {
  std::string out;
  AppendJavaNumber(v, &out);
  return out;
}

TEST(EcmaNumber, LayoutRules) {
  EXPECT_EQ(Ecma(0), "0");
  EXPECT_EQ(Ecma(-0.0), "-0");
  EXPECT_EQ(Ecma(1), "1");
  EXPECT_EQ(Ecma(100), "100");
  EXPECT_EQ(Ecma(-42), "-42");
  EXPECT_EQ(Ecma(123.45), "123.45");
  EXPECT_EQ(Ecma(0.5), "0.5");
  EXPECT_EQ(Ecma(0.000123), "0.000123");
  EXPECT_EQ(Ecma(0.000001), "0.000001");
  EXPECT_EQ(Ecma(1.5e-7), "1.5e-7");
  EXPECT_EQ(Ecma(1e-7), "1e-7");
  EXPECT_EQ(Ecma(1e20), "100000000000000000000");
  EXPECT_EQ(Ecma(1e21), "1e+21");
  EXPECT_EQ(Ecma(1.5e21), "1.5e+21");
  EXPECT_EQ(Ecma(123456789012345680000.0), "123456789012345680000");
  EXPECT_EQ(Ecma(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(Ecma(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(Ecma(std::numeric_limits<double>::denorm_min()), "5e-324");
  EXPECT_EQ(Ecma(9007199254740993.0), "9007199254740992");
}

TEST(EcmaNumber, SpecialValues) {
  EXPECT_EQ(Ecma(std::nan("")), "NaN");
  EXPECT_EQ(Ecma(INFINITY), "Infinity");
  EXPECT_EQ(Ecma(-INFINITY), "-Infinity");
}

TEST(EcmaNumber, FloatUsesBinary32Digits) {
  EXPECT_EQ(EcmaF(0.1f), "0.1");
  EXPECT_EQ(EcmaF(3.4028235e38f), "3.4028235e+38");
  EXPECT_EQ(EcmaF(123456789.0f), "123456790");
  EXPECT_EQ(EcmaF(1.17549435e-38f), "1.1754944e-38");
  EXPECT_EQ(EcmaF(-0.0f), "-0");
  EXPECT_EQ(EcmaF(16777216.0f), "16777216");
  EXPECT_EQ(EcmaF(2.5f), "2.5");
}

TEST(JavaNumber, DoubleToString) {
  EXPECT_EQ(Java(0), "0.0");
  EXPECT_EQ(Java(-0.0), "-0.0");
  EXPECT_EQ(Java(1), "1.0");
  EXPECT_EQ(Java(100), "100.0");
  EXPECT_EQ(Java(123.45), "123.45");
  EXPECT_EQ(Java(0.001), "0.001");
  EXPECT_EQ(Java(0.0001), "1.0E-4");
  EXPECT_EQ(Java(9999999), "9999999.0");
  EXPECT_EQ(Java(1e7), "1.0E7");
  EXPECT_EQ(Java(1.5e-7), "1.5E-7");
  EXPECT_EQ(Java(-2.5e300), "-2.5E300");
  EXPECT_EQ(Java(std::numeric_limits<double>::max()), "1.7976931348623157E308");
  // Java picks the closest two-digit decimal when one digit would do.
  EXPECT_EQ(Java(std::numeric_limits<double>::denorm_min()), "4.9E-324");
  EXPECT_EQ(Java(std::nan("")), "NaN");
  EXPECT_EQ(Java(-INFINITY), "-Infinity");
}

TEST(JavaNumber, FloatToString) {
  EXPECT_EQ(JavaF(0.1f), "0.1");
  EXPECT_EQ(JavaF(3.4028235e38f), "3.4028235E38");
  EXPECT_EQ(JavaF(123456789.0f), "1.2345679E8");  // JDK 19+ (older JDKs: 1.23456792E8)
  EXPECT_EQ(JavaF(1.0f), "1.0");
  EXPECT_EQ(JavaF(std::numeric_limits<float>::denorm_min()), "1.4E-45");
}

}  // namespace
}  // namespace tarn
