#include "functions/cast.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "columnar/value_text.h"
#include "common/error.h"
#include "functions/kernel_util.h"
#include "functions/registry.h"
#include "functions/tests/function_test_util.h"
#include "types/datetime.h"

namespace tarn {
namespace {

template <typename T>
VectorPtr Make(const DataType& type, const std::vector<std::optional<T>>& values) {
  VectorPtr out = Vector::Make(type, values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i]) WriteValue<T>(*out, i, *values[i]);
    else out->SetNull(i);
  }
  return out;
}

VectorPtr Strings(const std::vector<std::optional<std::string>>& values) {
  return Make<std::string>(DataType::String(), values);
}

std::vector<std::string> Texts(const VectorPtr& v) {
  std::vector<std::string> out;
  for (size_t i = 0; i < v->size(); ++i) {
    std::string text;
    AppendSparkText(*v, i, &text);
    out.push_back(text);
  }
  return out;
}

FunctionContext Ctx(const std::string& zone = "UTC") {
  FunctionContext ctx;
  ctx.time_zone = zone;
  return ctx;
}

std::vector<std::string> Cast(const VectorPtr& in, const DataType& to, CastMode mode,
                              const FunctionContext& ctx = Ctx()) {
  VectorPtr out = CastVector(in, in->size(), to, mode, ctx);
  EXPECT_EQ(out->type(), to);
  EXPECT_EQ(out->size(), in->size());
  return Texts(out);
}

std::string ErrorOf(const VectorPtr& in, const DataType& to, const FunctionContext& ctx = Ctx()) {
  try {
    CastVector(in, in->size(), to, CastMode::kAnsi, ctx);
  } catch (const Error& error) {
    return error.info().ToString();
  }
  return "no error";
}

using V = std::vector<std::string>;

TEST(Cast, CanCastFollowsSparkModes) {
  EXPECT_TRUE(CanCast(DataType::Int(), DataType::Date(), CastMode::kLegacy) == false);
  EXPECT_TRUE(CanCast(DataType::Date(), DataType::Int(), CastMode::kLegacy));
  EXPECT_FALSE(CanCast(DataType::Date(), DataType::Int(), CastMode::kAnsi));
  EXPECT_FALSE(CanCast(DataType::Boolean(), DataType::Timestamp(), CastMode::kAnsi));
  EXPECT_TRUE(CanCast(DataType::Boolean(), DataType::Timestamp(), CastMode::kLegacy));
  EXPECT_FALSE(CanCast(DataType::Date(), DataType::Boolean(), CastMode::kAnsi));
  EXPECT_TRUE(CanCast(DataType::Int(), DataType::Binary(), CastMode::kLegacy));
  EXPECT_FALSE(CanCast(DataType::Int(), DataType::Binary(), CastMode::kAnsi));
  EXPECT_TRUE(CanCast(DataType::Long(), DataType::Timestamp(), CastMode::kAnsi));
  EXPECT_TRUE(CanCast(DataType::Null(), DataType::Array(DataType::Int()), CastMode::kAnsi));
  EXPECT_TRUE(CanCast(DataType::Array(DataType::Int()), DataType::String(), CastMode::kAnsi));
  EXPECT_TRUE(CanCast(DataType::Array(DataType::String()), DataType::Array(DataType::Int()), CastMode::kAnsi));
  EXPECT_FALSE(CanCast(DataType::Array(DataType::Int()), DataType::Int(), CastMode::kLegacy));
  EXPECT_FALSE(CanCast(DataType::Struct({{"a", DataType::Int(), true, ""}}),
                       DataType::Struct({{"a", DataType::Int(), true, ""}, {"b", DataType::Int(), true, ""}})));
  EXPECT_TRUE(CanCast(DataType::String(), DataType::DayTimeInterval(), CastMode::kAnsi));
  EXPECT_TRUE(CanCast(DataType::Int(), DataType::YearMonthInterval(IntervalField::kYear, IntervalField::kYear)));
  EXPECT_FALSE(CanCast(DataType::Int(), DataType::YearMonthInterval()));
  EXPECT_FALSE(CanCast(DataType::Binary(), DataType::Int()));
}

TEST(Cast, StringToIntegral) {
  auto in = Strings({"1", " 42 ", "1.5", "-7.9", "abc", "", "2147483648", std::nullopt, "+3", "-", ".5"});
  EXPECT_EQ(Cast(in, DataType::Int(), CastMode::kLegacy),
            (V{"1", "42", "1", "-7", "NULL", "NULL", "NULL", "NULL", "3", "NULL", "0"}));
  EXPECT_EQ(Cast(in, DataType::Int(), CastMode::kTry),
            (V{"1", "42", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "3", "NULL", "NULL"}));
  EXPECT_EQ(ErrorOf(Strings({"abc"}), DataType::Int()),
            "[CAST_INVALID_INPUT] The value 'abc' of the type \"STRING\" cannot be cast to \"INT\" because it is "
            "malformed. Correct the value as per the syntax, or change its target type. Use `try_cast` to tolerate "
            "malformed input and return NULL instead. SQLSTATE: 22018");
  EXPECT_NE(ErrorOf(Strings({"1.5"}), DataType::Int()).find("CAST_INVALID_INPUT"), std::string::npos);
  EXPECT_EQ(Cast(Strings({"127", "128", "-128"}), DataType::Byte(), CastMode::kLegacy), (V{"127", "NULL", "-128"}));
  EXPECT_EQ(Cast(Strings({"9223372036854775807", "-9223372036854775808", "9223372036854775808"}), DataType::Long(),
                 CastMode::kLegacy),
            (V{"9223372036854775807", "-9223372036854775808", "NULL"}));
}

TEST(Cast, NumericNarrowing) {
  auto longs = Make<int64_t>(DataType::Long(), {int64_t{1}, int64_t{4294967297}, int64_t{-129}, std::nullopt});
  EXPECT_EQ(Cast(longs, DataType::Int(), CastMode::kLegacy), (V{"1", "1", "-129", "NULL"}));
  EXPECT_EQ(Cast(longs, DataType::Byte(), CastMode::kLegacy), (V{"1", "1", "127", "NULL"}));
  EXPECT_EQ(Cast(longs, DataType::Int(), CastMode::kTry), (V{"1", "NULL", "-129", "NULL"}));
  EXPECT_EQ(ErrorOf(Make<int64_t>(DataType::Long(), {int64_t{4294967297}}), DataType::Int()),
            "[CAST_OVERFLOW] The value 4294967297L of the type \"BIGINT\" cannot be cast to \"INT\" due to an "
            "overflow. Use `try_cast` to tolerate overflow and return NULL instead. SQLSTATE: 22003");
  auto doubles = Make<double>(DataType::Double(), {1.9, -1.9, 1e20, std::nan(""), -1e20, 300.7});
  EXPECT_EQ(Cast(doubles, DataType::Int(), CastMode::kLegacy),
            (V{"1", "-1", "2147483647", "0", "-2147483648", "300"}));
  EXPECT_EQ(Cast(doubles, DataType::Long(), CastMode::kLegacy),
            (V{"1", "-1", "9223372036854775807", "0", "-9223372036854775808", "300"}));
  EXPECT_EQ(Cast(doubles, DataType::Byte(), CastMode::kLegacy), (V{"1", "-1", "-1", "0", "0", "44"}));
  EXPECT_EQ(Cast(doubles, DataType::Int(), CastMode::kTry), (V{"1", "-1", "NULL", "NULL", "NULL", "300"}));
  EXPECT_NE(ErrorOf(Make<double>(DataType::Double(), {1e20}), DataType::Int()).find("1.0E20D"), std::string::npos);
  auto ints = Make<int32_t>(DataType::Int(), {7, -3});
  EXPECT_EQ(Cast(ints, DataType::Double(), CastMode::kAnsi), (V{"7.0", "-3.0"}));
  EXPECT_EQ(Cast(ints, DataType::Boolean(), CastMode::kAnsi), (V{"true", "true"}));
  EXPECT_EQ(Cast(Make<bool>(DataType::Boolean(), {true, false}), DataType::Int(), CastMode::kAnsi), (V{"1", "0"}));
  EXPECT_EQ(Cast(Make<float>(DataType::Float(), {0.1f}), DataType::Double(), CastMode::kAnsi),
            (V{"0.10000000149011612"}));
}

TEST(Cast, StringToFloating) {
  auto in = Strings({"1.5", " 1e3 ", "inf", "-Infinity", "NaN", "1d", "abc", ".5", "1."});
  EXPECT_EQ(Cast(in, DataType::Double(), CastMode::kLegacy),
            (V{"1.5", "1000.0", "Infinity", "-Infinity", "NaN", "1.0", "NULL", "0.5", "1.0"}));
  EXPECT_EQ(Cast(Strings({"0.1"}), DataType::Float(), CastMode::kAnsi), (V{"0.1"}));
  EXPECT_NE(ErrorOf(Strings({"abc"}), DataType::Double()).find("\"DOUBLE\""), std::string::npos);
}

TEST(Cast, Decimals) {
  DataType d52 = DataType::Decimal(5, 2);
  auto in = Strings({"1.005", "-1.005", "999.994", "999.995", "abc", "1e2", " 12 "});
  EXPECT_EQ(Cast(in, d52, CastMode::kLegacy), (V{"1.01", "-1.01", "999.99", "NULL", "NULL", "100.00", "12.00"}));
  EXPECT_EQ(Cast(in, d52, CastMode::kTry), (V{"1.01", "-1.01", "999.99", "NULL", "NULL", "100.00", "12.00"}));
  EXPECT_EQ(ErrorOf(Strings({"999.995"}), d52),
            "[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] 999.995 cannot be represented as Decimal(5, 2). If "
            "necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error, and return NULL instead. "
            "SQLSTATE: 22003");
  EXPECT_NE(ErrorOf(Strings({"abc"}), d52).find("CAST_INVALID_INPUT"), std::string::npos);
  // Decimal rescaling rounds half up; integral and double sources.
  auto dec = Make<int64_t>(DataType::Decimal(6, 3), {int64_t{12345}, int64_t{-12345}, int64_t{999999}});
  EXPECT_EQ(Cast(dec, DataType::Decimal(4, 1), CastMode::kLegacy), (V{"12.3", "-12.3", "NULL"}));
  EXPECT_EQ(Cast(dec, DataType::Decimal(5, 2), CastMode::kLegacy), (V{"12.35", "-12.35", "NULL"}));
  EXPECT_EQ(Cast(dec, DataType::Int(), CastMode::kAnsi), (V{"12", "-12", "999"}));
  EXPECT_EQ(Cast(dec, DataType::Double(), CastMode::kAnsi), (V{"12.345", "-12.345", "999.999"}));
  EXPECT_EQ(Cast(dec, DataType::String(), CastMode::kAnsi), (V{"12.345", "-12.345", "999.999"}));
  auto big = Make<int128_t>(DataType::Decimal(38, 0), {PowerOfTen128(37)});
  EXPECT_EQ(Cast(big, DataType::Long(), CastMode::kTry), (V{"NULL"}));
  EXPECT_EQ(Cast(big, DataType::Decimal(38, 1), CastMode::kLegacy), (V{"NULL"}));
  EXPECT_EQ(Cast(Make<int32_t>(DataType::Int(), {123, 100000}), d52, CastMode::kLegacy), (V{"123.00", "NULL"}));
  EXPECT_EQ(Cast(Make<double>(DataType::Double(), {0.125, std::nan(""), 1e10}), d52, CastMode::kLegacy),
            (V{"0.13", "NULL", "NULL"}));
  EXPECT_EQ(Cast(Make<int64_t>(DataType::Decimal(10, 9), {int64_t{1}}), DataType::String(), CastMode::kLegacy),
            (V{"1E-9"}));
}

TEST(Cast, Booleans) {
  auto in = Strings({"t", "TRUE", " yes ", "1", "f", "No", "0", "maybe"});
  EXPECT_EQ(Cast(in, DataType::Boolean(), CastMode::kLegacy),
            (V{"true", "true", "true", "true", "false", "false", "false", "NULL"}));
  EXPECT_NE(ErrorOf(Strings({"maybe"}), DataType::Boolean()).find("'maybe'"), std::string::npos);
  EXPECT_EQ(Cast(Make<bool>(DataType::Boolean(), {true}), DataType::String(), CastMode::kAnsi), (V{"true"}));
}

TEST(Cast, DatesAndTimestamps) {
  auto dates = Strings({"2024-02-29", " 2024-1-5 ", "2024-02-30", "2024-03-10T12:00:00", "x"});
  EXPECT_EQ(Cast(dates, DataType::Date(), CastMode::kLegacy),
            (V{"2024-02-29", "2024-01-05", "NULL", "2024-03-10", "NULL"}));
  EXPECT_NE(ErrorOf(Strings({"x"}), DataType::Date()).find("\"DATE\""), std::string::npos);

  FunctionContext la = Ctx("America/Los_Angeles");
  auto ts = Strings({"2024-07-01 12:00:00", "2024-07-01T12:00:00Z", "2024-07-01 12:00:00+02:00",
                     "2024-07-01 12:00:00 Asia/Kolkata", "2024-03-10 02:30:00", "nope"});
  VectorPtr parsed = CastVector(ts, ts->size(), DataType::Timestamp(), CastMode::kLegacy, la);
  // Stored in UTC, printed raw (UTC) by value_text.
  EXPECT_EQ(Texts(parsed), (V{"2024-07-01 19:00:00", "2024-07-01 12:00:00", "2024-07-01 10:00:00",
                              "2024-07-01 06:30:00", "2024-03-10 10:30:00", "NULL"}));
  // CAST(timestamp AS STRING) renders in the session zone.
  auto strings = Cast(parsed, DataType::String(), CastMode::kAnsi, la);
  EXPECT_EQ(strings[0], "2024-07-01 12:00:00");
  EXPECT_EQ(strings[1], "2024-07-01 05:00:00");
  EXPECT_EQ(strings[2], "2024-07-01 03:00:00");
  EXPECT_EQ(strings[3], "2024-06-30 23:30:00");
  EXPECT_EQ(strings[4], "2024-03-10 03:30:00");
  EXPECT_EQ(strings[5], "NULL");
  EXPECT_EQ(Cast(parsed, DataType::String(), CastMode::kAnsi, Ctx("Asia/Kolkata"))[0], "2024-07-02 00:30:00");
  // timestamp → date in the session zone; → timestamp_ntz as wall clock.
  EXPECT_EQ(Cast(parsed, DataType::Date(), CastMode::kAnsi, la)[0], "2024-07-01");
  EXPECT_EQ(Cast(parsed, DataType::Date(), CastMode::kAnsi, Ctx("Asia/Tokyo"))[0], "2024-07-02");
  EXPECT_EQ(Cast(parsed, DataType::TimestampNtz(), CastMode::kAnsi, la)[0], "2024-07-01 12:00:00");
  // date → timestamp is local midnight.
  auto day = Make<int32_t>(DataType::Date(), {static_cast<int32_t>(DaysFromCivil(2024, 7, 1))});
  EXPECT_EQ(Cast(day, DataType::Timestamp(), CastMode::kAnsi, la), (V{"2024-07-01 07:00:00"}));
  EXPECT_EQ(Cast(day, DataType::TimestampNtz(), CastMode::kAnsi, la), (V{"2024-07-01 00:00:00"}));
  // ntz → timestamp reads the wall clock in the session zone.
  auto ntz = Make<int64_t>(DataType::TimestampNtz(), {DaysFromCivil(2024, 1, 1) * kMicrosPerDay});
  EXPECT_EQ(Cast(ntz, DataType::Timestamp(), CastMode::kAnsi, la), (V{"2024-01-01 08:00:00"}));
  // Numbers are seconds since the epoch.
  EXPECT_EQ(Cast(Make<int64_t>(DataType::Long(), {int64_t{86400}}), DataType::Timestamp(), CastMode::kAnsi),
            (V{"1970-01-02 00:00:00"}));
  EXPECT_EQ(Cast(Make<double>(DataType::Double(), {1.5, std::nan("")}), DataType::Timestamp(), CastMode::kLegacy),
            (V{"1970-01-01 00:00:01.5", "NULL"}));
  auto epoch = Make<int64_t>(DataType::Timestamp(), {int64_t{-1500000}, int64_t{1} << 62});
  EXPECT_EQ(Cast(epoch, DataType::Long(), CastMode::kAnsi), (V{"-2", "4611686018427"}));
  EXPECT_EQ(Cast(epoch, DataType::Int(), CastMode::kLegacy), (V{"-2", "NULL"}));
  EXPECT_EQ(Cast(epoch, DataType::Double(), CastMode::kAnsi)[0], "-1.5");
  // timestamp_ntz from a string ignores a zone.
  EXPECT_EQ(Cast(Strings({"2024-07-01 12:00:00+02:00"}), DataType::TimestampNtz(), CastMode::kAnsi, la),
            (V{"2024-07-01 12:00:00"}));
}

TEST(Cast, UnknownSessionZoneIsAnError) {
  auto ts = Strings({"2024-07-01 12:00:00"});
  EXPECT_THROW(CastVector(ts, 1, DataType::Timestamp(), CastMode::kAnsi, Ctx("Nowhere/Else")), Error);
}

TEST(Cast, AnythingToString) {
  EXPECT_EQ(Cast(Make<double>(DataType::Double(), {1.0, 1e7, 0.1}), DataType::String(), CastMode::kAnsi),
            (V{"1.0", "1.0E7", "0.1"}));
  EXPECT_EQ(Cast(Make<std::string>(DataType::Binary(), {std::string("abc")}), DataType::String(), CastMode::kAnsi),
            (V{"abc"}));
  EXPECT_EQ(Cast(Strings({"héllo"}), DataType::Binary(), CastMode::kAnsi), (V{"[68 C3 A9 6C 6C 6F]"}));
  EXPECT_EQ(Cast(Make<int32_t>(DataType::Int(), {258}), DataType::Binary(), CastMode::kLegacy),
            (V{"[00 00 01 02]"}));
  auto ym = Make<int32_t>(DataType::YearMonthInterval(), {14});
  EXPECT_EQ(Cast(ym, DataType::String(), CastMode::kAnsi), (V{"INTERVAL '1-2' YEAR TO MONTH"}));
}

TEST(Cast, Intervals) {
  DataType ym = DataType::YearMonthInterval();
  EXPECT_EQ(Cast(Strings({"1-2", "INTERVAL '-1-2' YEAR TO MONTH", "1-13", "x"}), ym, CastMode::kLegacy),
            (V{"INTERVAL '1-2' YEAR TO MONTH", "INTERVAL '-1-2' YEAR TO MONTH", "NULL", "NULL"}));
  DataType dt = DataType::DayTimeInterval();
  EXPECT_EQ(Cast(Strings({"1 02:03:04.5", "-0 00:00:01"}), dt, CastMode::kAnsi),
            (V{"INTERVAL '1 02:03:04.5' DAY TO SECOND", "INTERVAL '-0 00:00:01' DAY TO SECOND"}));
  DataType days = DataType::DayTimeInterval(IntervalField::kDay, IntervalField::kDay);
  EXPECT_EQ(Cast(Make<int32_t>(DataType::Int(), {3}), days, CastMode::kAnsi), (V{"INTERVAL '3' DAY"}));
  auto micros = Make<int64_t>(dt, {kMicrosPerDay * 2 + kMicrosPerHour * 5});
  EXPECT_EQ(Cast(micros, days, CastMode::kAnsi), (V{"INTERVAL '2' DAY"}));
  EXPECT_EQ(Cast(Make<int64_t>(days, {kMicrosPerDay * 2}), DataType::Long(), CastMode::kAnsi), (V{"2"}));
  EXPECT_EQ(Cast(Strings({"interval 1 year 2 months 3 days 4.5 seconds", "2 hours", "1 fortnight", "x"}),
                 DataType::CalendarInterval(), CastMode::kAnsi),
            (V{"1 years 2 months 3 days 4.5 seconds", "2 hours", "NULL", "NULL"}));
  EXPECT_FALSE(CanCast(DataType::Decimal(5, 0), days, CastMode::kAnsi));
  DataType years = DataType::YearMonthInterval(IntervalField::kYear, IntervalField::kYear);
  EXPECT_EQ(Cast(Make<int32_t>(ym, {27}), years, CastMode::kAnsi), (V{"INTERVAL '2' YEAR"}));
}

TEST(Cast, NestedValues) {
  // array<string> → array<int>, element by element.
  VectorPtr arr = Vector::Make(DataType::Array(DataType::String()), 3);
  VectorPtr elements = Strings({"1", "x", std::nullopt, "4"});
  arr->set_child(0, elements);
  int32_t* offsets = arr->offsets();
  offsets[0] = 0, offsets[1] = 2, offsets[2] = 3, offsets[3] = 4;
  DataType to = DataType::Array(DataType::Int());
  EXPECT_EQ(Cast(arr, to, CastMode::kLegacy), (V{"[1, NULL]", "[NULL]", "[4]"}));
  EXPECT_EQ(Cast(arr, to, CastMode::kTry), (V{"NULL", "[NULL]", "[4]"}));
  EXPECT_THROW(CastVector(arr, 3, to, CastMode::kAnsi, Ctx()), Error);
  EXPECT_EQ(Cast(arr, DataType::String(), CastMode::kAnsi), (V{"[1, x]", "[null]", "[4]"}));

  // A NULL array row whose range holds a bad value does not fail.
  arr->SetNull(0);
  EXPECT_EQ(Cast(arr, to, CastMode::kAnsi), (V{"NULL", "[NULL]", "[4]"}));

  // struct by position: struct<a:string,b:double> → struct<x:int,y:string>.
  DataType from_struct = DataType::Struct({{"a", DataType::String(), true, ""}, {"b", DataType::Double(), true, ""}});
  VectorPtr st = Vector::Make(from_struct, 2);
  st->set_child(0, Strings({"7", "oops"}));
  st->set_child(1, Make<double>(DataType::Double(), {1.5, std::nullopt}));
  st->SetNull(1);
  DataType to_struct = DataType::Struct({{"x", DataType::Int(), true, ""}, {"y", DataType::String(), true, ""}});
  EXPECT_EQ(Cast(st, to_struct, CastMode::kAnsi), (V{"{7, 1.5}", "NULL"}));
  EXPECT_EQ(Cast(st, DataType::String(), CastMode::kAnsi), (V{"{7, 1.5}", "NULL"}));

  // map<string,int> → string, with a timestamp value in the session zone.
  DataType map_type = DataType::Map(DataType::String(), DataType::Timestamp());
  VectorPtr map = Vector::Make(map_type, 1);
  map->set_child(0, Strings({"a", "b"}));
  map->set_child(1, Make<int64_t>(DataType::Timestamp(), {int64_t{0}, std::nullopt}));
  map->offsets()[1] = 2;
  EXPECT_EQ(Cast(map, DataType::String(), CastMode::kAnsi, Ctx("+08:00")),
            (V{"{a -> 1970-01-01 08:00:00, b -> null}"}));
}

TEST(Cast, NullTypeAndConstants) {
  VectorPtr nulls = Vector::MakeNull(DataType::Null(), 3);
  EXPECT_EQ(Cast(nulls, DataType::Int(), CastMode::kAnsi), (V{"NULL", "NULL", "NULL"}));
  VectorPtr constant = Vector::MakeConstant(Strings({"12"}), 0, 4);
  VectorPtr out = CastVector(constant, 4, DataType::Int(), CastMode::kAnsi, Ctx());
  EXPECT_EQ(out->encoding(), VectorEncoding::kConstant);
  EXPECT_EQ(Texts(out), (V{"12", "12", "12", "12"}));
  // Same type: returned as is.
  EXPECT_EQ(CastVector(constant, 4, DataType::String(), CastMode::kAnsi, Ctx()), constant);
  // Not castable at all.
  EXPECT_THROW(CastVector(Make<int32_t>(DataType::Date(), {1}), 1, DataType::Int(), CastMode::kAnsi, Ctx()), Error);
}

TEST(Cast, RoundTrips) {
  auto values = Make<int64_t>(DataType::Long(), {int64_t{0}, int64_t{-1}, std::numeric_limits<int64_t>::max(),
                                                 std::numeric_limits<int64_t>::min()});
  VectorPtr text = CastVector(values, 4, DataType::String(), CastMode::kAnsi, Ctx());
  EXPECT_EQ(Texts(CastVector(text, 4, DataType::Long(), CastMode::kAnsi, Ctx())), Texts(values));
  auto doubles = Make<double>(DataType::Double(), {0.1, 1e300, -2.5e-300, 123456.789});
  VectorPtr dtext = CastVector(doubles, 4, DataType::String(), CastMode::kAnsi, Ctx());
  VectorPtr back = CastVector(dtext, 4, DataType::Double(), CastMode::kAnsi, Ctx());
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(back->ValueAt<double>(i), doubles->ValueAt<double>(i));
  FunctionContext kolkata = Ctx("Asia/Kolkata");
  auto ts = Make<int64_t>(DataType::Timestamp(), {int64_t{1700000000123456}, int64_t{-5000000000000000}});
  VectorPtr ttext = CastVector(ts, 2, DataType::String(), CastMode::kAnsi, kolkata);
  EXPECT_EQ(Texts(CastVector(ttext, 2, DataType::Timestamp(), CastMode::kAnsi, kolkata)), Texts(ts));
}

TEST(CastFunctions, AliasesCastUnderTheSessionMode) {
  FunctionContext ansi;
  ansi.ansi = true;
  FunctionContext legacy;
  legacy.ansi = false;
  EXPECT_EQ(Texts(testing::CallScalar("int", {Strings({"12", " 3 "})}, ansi)), (V{"12", "3"}));
  EXPECT_EQ(Texts(testing::CallScalar("int", {Strings({"1.5", "x"})}, legacy)), (V{"1", "NULL"}));
  EXPECT_THROW(testing::CallScalar("int", {Strings({"x"})}, ansi), Error);
  EXPECT_EQ(Texts(testing::CallScalar("decimal", {Strings({"3.5"})}, ansi)), (V{"4"}));
  EXPECT_EQ(Texts(testing::CallScalar("string", {Make<int32_t>(DataType::Int(), {5, std::nullopt})}, ansi)),
            (V{"5", "NULL"}));
  EXPECT_EQ(Texts(testing::CallScalar("boolean", {Strings({"yes"})}, ansi)), (V{"true"}));
  EXPECT_EQ(Texts(testing::CallScalar("date", {Strings({"2024-01-02"})}, ansi)), (V{"2024-01-02"}));
  EXPECT_EQ(Texts(testing::CallScalar("binary", {Strings({"A"})}, ansi)), (V{"[41]"}));
  for (const char* name : {"boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "decimal", "string",
                           "binary", "date", "timestamp"}) {
    const FunctionInfo* info = FunctionRegistry::Builtin().Find(name);
    ASSERT_NE(info, nullptr) << name;
    EXPECT_EQ(info->group, "conversion_funcs");
  }
  // date(int) is not a cast Spark allows under ANSI.
  const FunctionInfo* date = FunctionRegistry::Builtin().Find("date");
  ASSERT_NE(date, nullptr);
  EXPECT_THROW(date->scalar({ArgType{DataType::Int(), true, nullptr}}, ansi), FunctionBindError);
}

}  // namespace
}  // namespace tarn
