#include <gtest/gtest.h>

#include "common/error.h"
#include "functions/builtins.h"
#include "functions/tests/function_test_util.h"
#include "types/datetime.h"

namespace tarn {
namespace {

using testing::MakeVector;
using testing::Texts;

FunctionContext Zone(const char* zone, bool ansi = true) {
  FunctionContext ctx;
  ctx.time_zone = zone;
  ctx.ansi = ansi;
  return ctx;
}

VectorPtr Str(std::vector<std::optional<std::string_view>> values) {
  return MakeVector<std::string_view>(DataType::String(), values);
}
VectorPtr Str1(std::string_view value) { return Str({value}); }
VectorPtr Int(std::vector<std::optional<int32_t>> values) { return MakeVector<int32_t>(DataType::Int(), values); }
VectorPtr Long1(int64_t value) { return MakeVector<int64_t>(DataType::Long(), {value}); }
VectorPtr Dates(std::vector<std::optional<std::string_view>> texts) {
  std::vector<std::optional<int32_t>> days;
  for (auto& t : texts) days.push_back(t ? ParseDate(*t) : std::nullopt);
  return MakeVector<int32_t>(DataType::Date(), days);
}
// TIMESTAMP literals written in UTC.
VectorPtr Ts(std::vector<std::optional<std::string_view>> texts) {
  std::vector<std::optional<int64_t>> micros;
  for (auto& t : texts) micros.push_back(t ? std::optional<int64_t>(ParseTimestamp(*t)->micros) : std::nullopt);
  return MakeVector<int64_t>(DataType::Timestamp(), micros);
}
VectorPtr Ntz(std::vector<std::optional<std::string_view>> texts) {
  std::vector<std::optional<int64_t>> micros;
  for (auto& t : texts) micros.push_back(t ? std::optional<int64_t>(ParseTimestamp(*t)->micros) : std::nullopt);
  return MakeVector<int64_t>(DataType::TimestampNtz(), micros);
}
VectorPtr Sec(int64_t unscaled, int precision = 16) {
  return MakeVector<int64_t>(DataType::Decimal(precision, 6), {unscaled});
}

// The datetime group alone, so these tests do not depend on other groups.
const FunctionRegistry& Registry() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    RegisterDatetimeFunctions(r);
    return r;
  }();
  return registry;
}

// As testing::CallScalar, over Registry().
VectorPtr CallScalar(const std::string& name, std::vector<VectorPtr> args, const FunctionContext& ctx = {}) {
  const FunctionInfo* info = Registry().Find(name);
  EXPECT_NE(info, nullptr) << name;
  if (info == nullptr || !info->scalar) return nullptr;
  std::vector<ArgType> types;
  size_t rows = 1;
  for (const VectorPtr& arg : args) {
    types.push_back({arg->type(), true, arg->size() == 1 ? arg : nullptr});
    rows = std::max(rows, arg->size());
  }
  BoundScalar bound = info->scalar(types, ctx);
  for (size_t i = 0; i < args.size(); ++i) {
    EXPECT_EQ(bound.arg_types[i], args[i]->type()) << name << " argument " << i << " needs a cast";
    if (args[i]->size() == 1 && rows > 1) args[i] = Vector::MakeConstant(args[i], 0, rows);
  }
  VectorPtr result = bound.kernel(std::span<const VectorPtr>(args), rows, ctx);
  EXPECT_EQ(result->size(), rows);
  EXPECT_EQ(result->type(), bound.result_type);
  return result;
}

std::vector<std::string> Call(const std::string& name, std::vector<VectorPtr> args, const FunctionContext& ctx = {}) {
  VectorPtr out = CallScalar(name, std::move(args), ctx);
  return out ? Texts(*out) : std::vector<std::string>{};
}

std::string ErrorOf(const std::string& name, std::vector<VectorPtr> args, const FunctionContext& ctx = {}) {
  try {
    CallScalar(name, std::move(args), ctx);
  } catch (const Error& e) {
    return std::string(ErrorClassName(e.info().error_class));
  }
  return "no error";
}

using V = std::vector<std::string>;

TEST(DatetimeFunctionsTest, ExtractsDateFields) {
  VectorPtr d = Dates({"2016-04-09", "2008-02-20", "2009-07-30", "-0044-03-15", "2020-02-29", std::nullopt});
  EXPECT_EQ(Call("year", {d}), (V{"2016", "2008", "2009", "-44", "2020", "NULL"}));
  EXPECT_EQ(Call("quarter", {d}), (V{"2", "1", "3", "1", "1", "NULL"}));
  EXPECT_EQ(Call("month", {d}), (V{"4", "2", "7", "3", "2", "NULL"}));
  EXPECT_EQ(Call("dayofmonth", {d}), (V{"9", "20", "30", "15", "29", "NULL"}));
  EXPECT_EQ(Call("dayofyear", {d}), (V{"100", "51", "211", "75", "60", "NULL"}));
  EXPECT_EQ(Call("dayofweek", {Dates({"2009-07-30"})}), (V{"5"}));
  EXPECT_EQ(Call("weekday", {Dates({"2009-07-30"})}), (V{"3"}));
  EXPECT_EQ(Call("weekofyear", {Dates({"2008-02-20", "2021-01-01", "2020-12-31", "2018-12-31"})}),
            (V{"8", "53", "53", "1"}));
  EXPECT_EQ(Call("dayname", {Dates({"2008-02-20"})}), (V{"Wed"}));
  EXPECT_EQ(Call("monthname", {Dates({"2008-02-20"})}), (V{"Feb"}));
}

TEST(DatetimeFunctionsTest, ExtractsTimeFieldsInTheSessionZone) {
  // 2020-03-08 10:30 UTC is 03:30 PDT (just after the spring-forward gap).
  VectorPtr t = Ts({"2020-03-08 09:59:59", "2020-03-08 10:30:00", "2020-11-01 08:30:00", "2020-11-01 09:30:00"});
  FunctionContext la = Zone("America/Los_Angeles");
  EXPECT_EQ(Call("hour", {t}, la), (V{"1", "3", "1", "1"}));  // 01:30 twice in November
  EXPECT_EQ(Call("hour", {t}), (V{"9", "10", "8", "9"}));
  EXPECT_EQ(Call("minute", {t}, la), (V{"59", "30", "30", "30"}));
  EXPECT_EQ(Call("second", {t}, la), (V{"59", "0", "0", "0"}));
  EXPECT_EQ(Call("day", {Ts({"2020-01-01 05:00:00"})}, la), (V{"31"}));
  EXPECT_EQ(Call("year", {Ts({"2020-01-01 05:00:00"})}, la), (V{"2019"}));
  EXPECT_EQ(Call("hour", {Ntz({"2020-01-01 05:00:00"})}, la), (V{"5"}));
}

TEST(DatetimeFunctionsTest, DatePart) {
  VectorPtr t = Ts({"2019-10-01 00:00:01.000001"});
  EXPECT_EQ(Call("date_part", {Str1("SECOND"), t}), (V{"1.000001"}));
  EXPECT_EQ(Call("date_part", {Str1("YEAR"), t}), (V{"2019"}));
  EXPECT_EQ(Call("date_part", {Str1("week"), t}), (V{"40"}));
  EXPECT_EQ(Call("date_part", {Str1("doy"), Dates({"2019-08-12"})}), (V{"224"}));
  EXPECT_EQ(Call("date_part", {Str1("DAYOFWEEK_ISO"), Dates({"2019-08-11"})}), (V{"7"}));
  EXPECT_EQ(Call("extract", {Str1("hour"), Dates({"2019-08-12"})}), (V{"0"}));
  EXPECT_EQ(ErrorOf("date_part", {Str1("EPOCHS"), t}), "INVALID_EXTRACT_FIELD");
  VectorPtr dt = MakeVector<int64_t>(DataType::DayTimeInterval(),
                                     {3 * kMicrosPerDay + 4 * kMicrosPerHour + 5 * kMicrosPerMinute + 6000001});
  EXPECT_EQ(Call("date_part", {Str1("DAY"), dt}), (V{"3"}));
  EXPECT_EQ(Call("date_part", {Str1("HOUR"), dt}), (V{"4"}));
  EXPECT_EQ(Call("date_part", {Str1("SECOND"), dt}), (V{"6.000001"}));
  VectorPtr ym = MakeVector<int32_t>(DataType::YearMonthInterval(), {14});
  EXPECT_EQ(Call("date_part", {Str1("YEAR"), ym}), (V{"1"}));
  EXPECT_EQ(Call("date_part", {Str1("MONTH"), ym}), (V{"2"}));
  EXPECT_EQ(ErrorOf("date_part", {Str1("DAY"), ym}), "INVALID_EXTRACT_FIELD");
  VectorPtr ci = MakeVector<IntervalValue>(DataType::CalendarInterval(),
                                           {IntervalValue{26, 3, 25 * kMicrosPerHour + 90 * kMicrosPerSecond}});
  EXPECT_EQ(Call("date_part", {Str1("MONTH"), ci}), (V{"2"}));
  EXPECT_EQ(Call("date_part", {Str1("HOUR"), ci}), (V{"25"}));
  EXPECT_EQ(Call("date_part", {Str1("MINUTE"), ci}), (V{"1"}));
  EXPECT_EQ(Call("date_part", {Str1("SECOND"), ci}), (V{"30.000000"}));
}

TEST(DatetimeFunctionsTest, MakeDateAndTimestamp) {
  EXPECT_EQ(Call("make_date", {Int({2013}), Int({7}), Int({15})}), (V{"2013-07-15"}));
  EXPECT_EQ(Call("make_date", {Int({-44}), Int({3}), Int({15})}), (V{"-0044-03-15"}));
  EXPECT_EQ(Call("make_date", {Int({2019}), Int({7}), Int({std::nullopt})}), (V{"NULL"}));
  EXPECT_EQ(ErrorOf("make_date", {Int({2019}), Int({13}), Int({1})}), "DATETIME_FIELD_OUT_OF_BOUNDS");
  EXPECT_EQ(ErrorOf("make_date", {Int({2019}), Int({2}), Int({29})}), "DATETIME_FIELD_OUT_OF_BOUNDS");
  FunctionContext legacy = Zone("UTC", false);
  EXPECT_EQ(Call("make_date", {Int({2019}), Int({2}), Int({29})}, legacy), (V{"NULL"}));
  EXPECT_EQ(Call("make_date", {Int({2020}), Int({2}), Int({29})}, legacy), (V{"2020-02-29"}));

  auto ts = [](int y, int mo, int d, int h, int mi, int64_t sec) {
    return std::vector<VectorPtr>{Int({y}), Int({mo}), Int({d}), Int({h}), Int({mi}), Sec(sec)};
  };
  EXPECT_EQ(Call("make_timestamp", ts(2014, 12, 28, 6, 30, 45887000)), (V{"2014-12-28 06:30:45.887"}));
  EXPECT_EQ(Call("make_timestamp", ts(2019, 6, 30, 23, 59, 60000000)), (V{"2019-07-01 00:00:00"}));
  EXPECT_EQ(ErrorOf("make_timestamp", ts(2019, 6, 30, 23, 59, 60500000)), "INVALID_FRACTION_OF_SECOND");
  EXPECT_EQ(ErrorOf("make_timestamp", ts(2019, 6, 30, 24, 0, 0)), "DATETIME_FIELD_OUT_OF_BOUNDS");
  EXPECT_EQ(Call("make_timestamp", ts(2019, 6, 30, 24, 0, 0), legacy), (V{"NULL"}));
  EXPECT_EQ(Call("make_timestamp", ts(2019, 6, 30, 23, 59, 60500000), legacy), (V{"NULL"}));
  std::vector<VectorPtr> with_zone = ts(2014, 12, 28, 6, 30, 45887000);
  with_zone.push_back(Str1("CET"));
  EXPECT_EQ(Call("make_timestamp", with_zone), (V{"2014-12-28 05:30:45.887"}));
  // Session zone: the wall clock is in Los Angeles; a gap moves forward.
  FunctionContext la = Zone("America/Los_Angeles");
  EXPECT_EQ(Call("make_timestamp", ts(2020, 3, 8, 2, 30, 0), la), (V{"2020-03-08 10:30:00"}));
  EXPECT_EQ(Call("make_timestamp", ts(2020, 11, 1, 1, 30, 0), la), (V{"2020-11-01 08:30:00"}));
  EXPECT_EQ(Call("make_timestamp_ntz", ts(2020, 3, 8, 2, 30, 0), la), (V{"2020-03-08 02:30:00"}));
}

TEST(DatetimeFunctionsTest, MakeIntervals) {
  EXPECT_EQ(Call("make_interval", {Int({100}), Int({11}), Int({1}), Int({1}), Int({12}), Int({30}),
                                   Sec(1001001, 18)}),
            (V{"100 years 11 months 8 days 12 hours 30 minutes 1.001001 seconds"}));
  EXPECT_EQ(Call("make_interval", {Int({1}), Int({2})}), (V{"1 years 2 months"}));
  EXPECT_EQ(ErrorOf("make_interval", {Int({INT32_MAX}), Int({1})}), "ARITHMETIC_OVERFLOW");
  EXPECT_EQ(Call("make_interval", {Int({INT32_MAX}), Int({1})}, Zone("UTC", false)), (V{"NULL"}));
  EXPECT_EQ(Call("make_dt_interval", {Int({1}), Int({12}), Int({30}), Sec(1001001, 18)}),
            (V{"INTERVAL '1 12:30:01.001001' DAY TO SECOND"}));
  EXPECT_EQ(Call("make_dt_interval", {Int({2})}), (V{"INTERVAL '2 00:00:00' DAY TO SECOND"}));
  EXPECT_EQ(Call("make_ym_interval", {Int({1}), Int({2})}), (V{"INTERVAL '1-2' YEAR TO MONTH"}));
  EXPECT_EQ(Call("make_ym_interval", {Int({-1}), Int({1})}), (V{"INTERVAL '-0-11' YEAR TO MONTH"}));
}

TEST(DatetimeFunctionsTest, DateArithmetic) {
  EXPECT_EQ(Call("date_add", {Dates({"2016-07-30", std::nullopt}), Int({1})}), (V{"2016-07-31", "NULL"}));
  EXPECT_EQ(Call("date_sub", {Dates({"2016-07-30"}), Int({1})}), (V{"2016-07-29"}));
  EXPECT_EQ(Call("dateadd", {Dates({"2016-02-28"}), Int({1})}), (V{"2016-02-29"}));
  EXPECT_EQ(Call("datediff", {Dates({"2009-07-31"}), Dates({"2009-07-30"})}), (V{"1"}));
  EXPECT_EQ(Call("date_diff", {Dates({"2009-07-30"}), Dates({"2009-07-31"})}), (V{"-1"}));
  EXPECT_EQ(Call("add_months", {Dates({"2016-08-31", "2020-01-31", "2019-01-31", "0001-01-31"}), Int({1})}),
            (V{"2016-09-30", "2020-02-29", "2019-02-28", "0001-02-28"}));
  EXPECT_EQ(Call("add_months", {Dates({"0001-01-01"}), Int({-13})}), (V{"-0001-12-01"}));
  EXPECT_EQ(Call("last_day", {Dates({"2009-01-12", "2020-02-01", "1900-02-01"})}),
            (V{"2009-01-31", "2020-02-29", "1900-02-28"}));
  EXPECT_EQ(Call("next_day", {Dates({"2015-01-14", "2015-01-14"}), Str({"TU", "wednesday"})}),
            (V{"2015-01-20", "2015-01-21"}));
  EXPECT_EQ(ErrorOf("next_day", {Dates({"2015-01-14"}), Str1("xx")}), "ILLEGAL_DAY_OF_WEEK");
  EXPECT_EQ(Call("next_day", {Dates({"2015-01-14"}), Str1("xx")}, Zone("UTC", false)), (V{"NULL"}));
  VectorPtr d = Dates({"2019-08-04"});
  EXPECT_EQ(Call("trunc", {d, Str1("week")}), (V{"2019-07-29"}));
  EXPECT_EQ(Call("trunc", {d, Str1("quarter")}), (V{"2019-07-01"}));
  EXPECT_EQ(Call("trunc", {d, Str1("MM")}), (V{"2019-08-01"}));
  EXPECT_EQ(Call("trunc", {d, Str1("yy")}), (V{"2019-01-01"}));
  EXPECT_EQ(Call("trunc", {d, Str1("day")}), (V{"NULL"}));
  EXPECT_EQ(Call("date_from_unix_date", {Int({1})}), (V{"1970-01-02"}));
  EXPECT_EQ(Call("unix_date", {Dates({"1970-01-02"})}), (V{"1"}));
}

TEST(DatetimeFunctionsTest, MonthsBetween) {
  VectorPtr a = Ts({"1997-02-28 10:30:00"});
  VectorPtr b = Ts({"1996-10-30 00:00:00"});
  EXPECT_EQ(Call("months_between", {a, b}), (V{"3.94959677"}));
  EXPECT_EQ(Call("months_between", {a, b, MakeVector<bool>(DataType::Boolean(), {false})}),
            (V{"3.9495967741935485"}));
  EXPECT_EQ(Call("months_between", {Ts({"2020-02-29 00:00:00"}), Ts({"2020-01-31 12:00:00"})}), (V{"1.0"}));
  EXPECT_EQ(Call("months_between", {Ts({"2020-01-15 00:00:00"}), Ts({"2020-03-15 12:00:00"})}), (V{"-2.0"}));
}

TEST(DatetimeFunctionsTest, DateTrunc) {
  VectorPtr t = Ts({"2015-03-05 09:32:05.359123"});
  EXPECT_EQ(Call("date_trunc", {Str1("YEAR"), t}), (V{"2015-01-01 00:00:00"}));
  EXPECT_EQ(Call("date_trunc", {Str1("MM"), t}), (V{"2015-03-01 00:00:00"}));
  EXPECT_EQ(Call("date_trunc", {Str1("DD"), t}), (V{"2015-03-05 00:00:00"}));
  EXPECT_EQ(Call("date_trunc", {Str1("HOUR"), t}), (V{"2015-03-05 09:00:00"}));
  EXPECT_EQ(Call("date_trunc", {Str1("MILLISECOND"), t}), (V{"2015-03-05 09:32:05.359"}));
  EXPECT_EQ(Call("date_trunc", {Str1("WEEK"), t}), (V{"2015-03-02 00:00:00"}));
  EXPECT_EQ(Call("date_trunc", {Str1("QUARTER"), t}), (V{"2015-01-01 00:00:00"}));
  EXPECT_EQ(Call("date_trunc", {Str1("bogus"), t}), (V{"NULL"}));
  // In Los Angeles, the day starts at 08:00 UTC (PST) or 07:00 UTC (PDT).
  FunctionContext la = Zone("America/Los_Angeles");
  EXPECT_EQ(Call("date_trunc", {Str1("DAY"), Ts({"2020-03-08 20:00:00"})}, la), (V{"2020-03-08 08:00:00"}));
  EXPECT_EQ(Call("date_trunc", {Str1("DAY"), Ts({"2020-03-09 20:00:00"})}, la), (V{"2020-03-09 07:00:00"}));
  // The second 01:xx of the November overlap truncates to its own hour (offset kept).
  EXPECT_EQ(Call("date_trunc", {Str1("HOUR"), Ts({"2020-11-01 09:45:00"})}, la), (V{"2020-11-01 09:00:00"}));
}

TEST(DatetimeFunctionsTest, TimestampAddAndDiff) {
  FunctionContext la = Zone("America/Los_Angeles");
  // 2020-03-08 01:30 PST + 1 hour = 03:30 PDT (exact time).
  EXPECT_EQ(Call("timestampadd", {Str1("HOUR"), Long1(1), Ts({"2020-03-08 09:30:00"})}, la),
            (V{"2020-03-08 10:30:00"}));
  // + 1 day keeps the wall clock: 2020-03-07 10:00 PST → 2020-03-08 10:00 PDT (23 hours later).
  EXPECT_EQ(Call("timestampadd", {Str1("DAY"), Long1(1), Ts({"2020-03-07 18:00:00"})}, la),
            (V{"2020-03-08 17:00:00"}));
  EXPECT_EQ(Call("dateadd", {Str1("MONTH"), Long1(1), Ts({"2020-01-31 00:00:00"})}), (V{"2020-02-29 00:00:00"}));
  EXPECT_EQ(Call("timestampadd", {Str1("YEAR"), Long1(-1), Ntz({"2020-02-29 10:00:00"})}, la),
            (V{"2019-02-28 10:00:00"}));
  EXPECT_EQ(ErrorOf("timestampadd", {Str1("FORTNIGHT"), Long1(1), Ts({"2020-01-31 00:00:00"})}),
            "INVALID_PARAMETER_VALUE.DATETIME_UNIT");
  EXPECT_EQ(Call("timestampdiff", {Str1("HOUR"), Ts({"2022-02-11 20:30:00"}), Ts({"2022-02-12 04:30:00"})}),
            (V{"8"}));
  EXPECT_EQ(Call("timestampdiff", {Str1("MONTH"), Ts({"2022-01-31 00:00:00"}), Ts({"2022-02-28 00:00:00"})}),
            (V{"0"}));
  EXPECT_EQ(Call("datediff", {Str1("YEAR"), Ts({"2020-03-01 00:00:00"}), Ts({"2021-03-01 00:00:00"})}), (V{"1"}));
  EXPECT_EQ(Call("date_diff", {Str1("DAY"), Ts({"2020-01-02 10:00:00"}), Ts({"2020-01-01 11:00:00"})}), (V{"0"}));
  // Across the spring-forward night, wall-clock hours: 00:00 → 04:00 local is 4 hours of wall clock.
  EXPECT_EQ(Call("timestampdiff", {Str1("HOUR"), Ts({"2020-03-08 08:00:00"}), Ts({"2020-03-08 11:00:00"})}, la),
            (V{"4"}));
}

TEST(DatetimeFunctionsTest, UnixConversions) {
  EXPECT_EQ(Call("unix_seconds", {Ts({"1969-12-31 23:59:59.5"})}), (V{"-1"}));
  EXPECT_EQ(Call("unix_millis", {Ts({"1970-01-01 00:00:01.5"})}), (V{"1500"}));
  EXPECT_EQ(Call("unix_micros", {Ts({"1970-01-01 00:00:01"})}), (V{"1000000"}));
  EXPECT_EQ(Call("timestamp_seconds", {Long1(1230219000)}), (V{"2008-12-25 15:30:00"}));
  EXPECT_EQ(Call("timestamp_seconds", {MakeVector<double>(DataType::Double(), {1230219000.123})}),
            (V{"2008-12-25 15:30:00.123"}));
  EXPECT_EQ(Call("timestamp_millis", {Long1(1230219000123)}), (V{"2008-12-25 15:30:00.123"}));
  EXPECT_EQ(Call("timestamp_micros", {Long1(1230219000123123)}), (V{"2008-12-25 15:30:00.123123"}));
  EXPECT_EQ(ErrorOf("timestamp_seconds", {Long1(INT64_MAX / 10)}), "ARITHMETIC_OVERFLOW");
}

TEST(DatetimeFunctionsTest, ZoneConversions) {
  EXPECT_EQ(Call("from_utc_timestamp", {Ts({"2016-08-31 00:00:00"}), Str1("Asia/Seoul")}),
            (V{"2016-08-31 09:00:00"}));
  EXPECT_EQ(Call("to_utc_timestamp", {Ts({"2016-08-31 00:00:00"}), Str1("Asia/Seoul")}),
            (V{"2016-08-30 15:00:00"}));
  EXPECT_EQ(Call("convert_timezone",
                 {Str1("Europe/Brussels"), Str1("America/Los_Angeles"), Ntz({"2021-12-06 00:00:00"})}),
            (V{"2021-12-05 15:00:00"}));
  EXPECT_EQ(Call("convert_timezone", {Str1("Europe/Brussels"), Ntz({"2021-12-05 15:00:00"})},
                 Zone("America/Los_Angeles")),
            (V{"2021-12-06 00:00:00"}));
}

TEST(DatetimeFunctionsTest, CurrentValuesComeFromTheStatement) {
  FunctionContext ctx = Zone("America/Los_Angeles");
  ctx.statement_micros = ParseTimestamp("2020-01-01 05:00:00")->micros;
  EXPECT_EQ(Call("current_date", {}, ctx), (V{"2019-12-31"}));
  EXPECT_EQ(Call("curdate", {}, ctx), (V{"2019-12-31"}));
  EXPECT_EQ(Call("current_timestamp", {}, ctx), (V{"2020-01-01 05:00:00"}));
  EXPECT_EQ(Call("now", {}, ctx), (V{"2020-01-01 05:00:00"}));
  EXPECT_EQ(Call("localtimestamp", {}, ctx), (V{"2019-12-31 21:00:00"}));
  EXPECT_EQ(Call("current_timezone", {}, ctx), (V{"America/Los_Angeles"}));
  EXPECT_EQ(Call("unix_timestamp", {}, ctx), (V{"1577854800"}));
}

TEST(DatetimeFunctionsTest, FormatsWithPatterns) {
  FunctionContext la = Zone("America/Los_Angeles");
  EXPECT_EQ(Call("date_format", {Ts({"2016-04-08 19:00:00"}), Str1("yyyy-MM-dd HH:mm:ss z")}, la),
            (V{"2016-04-08 12:00:00 PDT"}));
  EXPECT_EQ(Call("date_format", {Ts({"2016-01-08 19:00:00"}), Str1("yyyy-MM-dd HH:mm:ss XXX")}, la),
            (V{"2016-01-08 11:00:00 -08:00"}));
  EXPECT_EQ(Call("date_format", {Ts({"2016-04-08 19:00:00", std::nullopt}), Str({"y", "y"})}), (V{"2016", "NULL"}));
  EXPECT_EQ(ErrorOf("date_format", {Ts({"2016-04-08 19:00:00"}), Str1("yyyy-bb")}),
            "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER");
  EXPECT_EQ(Call("from_unixtime", {Long1(0), Str1("yyyy-MM-dd HH:mm:ss")}, la), (V{"1969-12-31 16:00:00"}));
  EXPECT_EQ(Call("from_unixtime", {Long1(0)}), (V{"1970-01-01 00:00:00"}));
}

TEST(DatetimeFunctionsTest, ParsesWithPatterns) {
  FunctionContext la = Zone("America/Los_Angeles");
  FunctionContext legacy = Zone("America/Los_Angeles", false);
  EXPECT_EQ(Call("to_date", {Str1("2016-12-31"), Str1("yyyy-MM-dd")}), (V{"2016-12-31"}));
  EXPECT_EQ(Call("to_date", {Str1("2009-07-30 04:17:52")}), (V{"2009-07-30"}));
  EXPECT_EQ(Call("to_date", {Ts({"2020-01-01 05:00:00"})}, la), (V{"2019-12-31"}));
  EXPECT_EQ(Call("to_timestamp", {Str1("2016-12-31"), Str1("yyyy-MM-dd")}, la), (V{"2016-12-31 08:00:00"}));
  EXPECT_EQ(Call("to_timestamp", {Str1("2016-12-31 00:12:00")}, la), (V{"2016-12-31 08:12:00"}));
  EXPECT_EQ(Call("to_timestamp", {Str1("2016-12-31 00:12:00+01:00"), Str1("yyyy-MM-dd HH:mm:ssXXX")}, la),
            (V{"2016-12-30 23:12:00"}));
  // A wall clock in the spring-forward gap moves forward by the gap.
  EXPECT_EQ(Call("to_timestamp", {Str1("2020-03-08 02:30"), Str1("yyyy-MM-dd HH:mm")}, la),
            (V{"2020-03-08 10:30:00"}));
  EXPECT_EQ(Call("to_timestamp_ntz", {Str1("2020-03-08 02:30"), Str1("yyyy-MM-dd HH:mm")}, la),
            (V{"2020-03-08 02:30:00"}));
  EXPECT_EQ(Call("to_timestamp_ltz", {Str1("2016-12-31"), Str1("yyyy-MM-dd")}), (V{"2016-12-31 00:00:00"}));
  // ANSI: malformed text raises; legacy and try_: NULL.
  EXPECT_EQ(ErrorOf("to_timestamp", {Str1("2016-12-31 abc"), Str1("yyyy-MM-dd")}), "CANNOT_PARSE_TIMESTAMP");
  EXPECT_EQ(ErrorOf("to_date", {Str1("2016-02-30"), Str1("yyyy-MM-dd")}), "CANNOT_PARSE_TIMESTAMP");
  EXPECT_EQ(ErrorOf("to_timestamp", {Str1("abc")}), "CAST_INVALID_INPUT");
  EXPECT_EQ(ErrorOf("to_date", {Str1("abc")}), "CAST_INVALID_INPUT");
  EXPECT_EQ(Call("to_timestamp", {Str1("2016-12-31 abc"), Str1("yyyy-MM-dd")}, legacy), (V{"NULL"}));
  EXPECT_EQ(Call("to_date", {Str1("abc")}, legacy), (V{"NULL"}));
  EXPECT_EQ(Call("try_to_timestamp", {Str1("2016-12-31 abc"), Str1("yyyy-MM-dd")}), (V{"NULL"}));
  EXPECT_EQ(Call("try_to_timestamp", {Str1("abc")}), (V{"NULL"}));
  EXPECT_EQ(Call("try_to_timestamp", {Str1("2016-12-31"), Str1("yyyy-MM-dd")}), (V{"2016-12-31 00:00:00"}));
  // Per-row formats.
  EXPECT_EQ(Call("to_date", {Str({"2016/12/31", "31.12.2016"}), Str({"yyyy/MM/dd", "dd.MM.yyyy"})}),
            (V{"2016-12-31", "2016-12-31"}));
  EXPECT_EQ(Call("unix_timestamp", {Str1("2016-04-08"), Str1("yyyy-MM-dd")}, la), (V{"1460098800"}));
  EXPECT_EQ(Call("to_unix_timestamp", {Str1("2016-04-08 00:00:00")}, la), (V{"1460098800"}));
  EXPECT_EQ(Call("unix_timestamp", {Dates({"2016-04-08"})}, la), (V{"1460098800"}));
  EXPECT_EQ(ErrorOf("unix_timestamp", {Str1("2016-04-08"), Str1("yyyy-MM-dd HH")}), "CANNOT_PARSE_TIMESTAMP");
  EXPECT_EQ(Call("unix_timestamp", {Str1("2016-04-08"), Str1("yyyy-MM-dd HH")}, legacy), (V{"NULL"}));
  EXPECT_EQ(Call("to_timestamp", {Str1("-0044-03-15"), Str1("yyyy-MM-dd")}), (V{"-0044-03-15 00:00:00"}));
}

}  // namespace
}  // namespace tarn
