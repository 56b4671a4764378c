#include <gtest/gtest.h>

#include "common/error.h"
#include "functions/regex_like.h"
#include "functions/tests/string_test_util.h"

namespace tarn {
namespace {

VectorPtr CallScalar(const std::string& name, std::vector<VectorPtr> args, const FunctionContext& ctx = {}) {
  return testing::CallText(name, std::move(args), ctx);
}
using testing::MakeVector;
using testing::Texts;
using Strs = std::vector<std::optional<std::string_view>>;
using Out = std::vector<std::string>;

VectorPtr S(Strs values) { return MakeVector<std::string_view>(DataType::String(), values); }
VectorPtr S1(std::string_view value) { return S({value}); }
VectorPtr I1(int32_t value) { return MakeVector<int32_t>(DataType::Int(), {value}); }
VectorPtr NullStr() { return S({std::nullopt}); }

std::string Call1(const std::string& name, std::vector<VectorPtr> args) {
  VectorPtr out = CallScalar(name, std::move(args));
  return out == nullptr ? "<no function>" : testing::TextAt(*out, 0);
}

ErrorClass CallError(const std::string& name, std::vector<VectorPtr> args) {
  try {
    CallScalar(name, std::move(args));
  } catch (const Error& e) {
    return e.info().error_class;
  }
  ADD_FAILURE() << name << " did not fail";
  return ErrorClass::kInternalError;
}

TEST(RegexFunctionsTest, Rlike) {
  EXPECT_EQ(Call1("rlike", {S1("%SystemDrive%\\Users\\John"), S1("%SystemDrive%\\\\Users.*")}), "true");
  EXPECT_EQ(Call1("regexp", {S1("abc"), S1("^b")}), "false");
  EXPECT_EQ(Call1("regexp_like", {S1("abc"), S1("b")}), "true");
  EXPECT_EQ(Call1("rlike", {NullStr(), S1("b")}), "NULL");
  EXPECT_EQ(Call1("rlike", {S1("abc"), S1("\\p{Lower}+")}), "true");
  EXPECT_EQ(Call1("rlike", {S1("ABC"), S1("^\\p{Lower}+$")}), "false");
  EXPECT_EQ(Call1("rlike", {S1("ab12"), S1("^[\\p{Alpha}\\p{Digit}]+$")}), "true");
  EXPECT_EQ(CallError("rlike", {S1("abc"), S1("(?<=a)b")}), ErrorClass::kInvalidParameterValuePattern);
  EXPECT_EQ(CallError("rlike", {S1("abc"), S1("(unclosed")}), ErrorClass::kInvalidParameterValuePattern);
  // Per-row patterns.
  VectorPtr out = CallScalar("rlike", {S({"abc", "xyz", "a"}), S({"b", "b", "^a$"})});
  EXPECT_EQ(Texts(*out), (Out{"true", "false", "true"}));
}

TEST(RegexFunctionsTest, RegexpReplace) {
  EXPECT_EQ(Call1("regexp_replace", {S1("100-200"), S1("(\\d+)"), S1("num")}), "num-num");
  EXPECT_EQ(Call1("regexp_replace", {S1("100-200"), S1("(\\d+)-(\\d+)"), S1("$2-$1")}), "200-100");
  EXPECT_EQ(Call1("regexp_replace", {S1("abc"), S1("(?<x>b)"), S1("[${x}]")}), "a[b]c");
  EXPECT_EQ(Call1("regexp_replace", {S1("a.b"), S1("\\."), S1("\\$")}), "a$b");
  EXPECT_EQ(Call1("regexp_replace", {S1("abc"), S1("x*"), S1("-")}), "-a-b-c-");
  EXPECT_EQ(Call1("regexp_replace", {S1("abc"), S1("b*"), S1("-")}), "-a--c-");
  EXPECT_EQ(Call1("regexp_replace", {S1("aaa"), S1("a"), S1("b"), I1(2)}), "abb");
  EXPECT_EQ(Call1("regexp_replace", {S1("aaa"), S1("a"), S1("b"), I1(10)}), "aaa");
  EXPECT_EQ(Call1("regexp_replace", {S1("héé"), S1("é"), S1("e")}), "hee");
  EXPECT_EQ(CallError("regexp_replace", {S1("abc"), S1("b"), S1("$2")}), ErrorClass::kInvalidParameterValue);
  EXPECT_EQ(CallError("regexp_replace", {S1("abc"), S1("b"), S1("x"), I1(0)}), ErrorClass::kInvalidParameterValue);
}

TEST(RegexFunctionsTest, Extract) {
  EXPECT_EQ(Call1("regexp_extract", {S1("100-200"), S1("(\\d+)-(\\d+)"), I1(1)}), "100");
  EXPECT_EQ(Call1("regexp_extract", {S1("100-200"), S1("(\\d+)-(\\d+)")}), "100");
  EXPECT_EQ(Call1("regexp_extract", {S1("100-200"), S1("(\\d+)-(\\d+)"), I1(0)}), "100-200");
  EXPECT_EQ(Call1("regexp_extract", {S1("foo"), S1("(\\d+)"), I1(1)}), "");
  EXPECT_EQ(Call1("regexp_extract", {S1("ab"), S1("(a)|(b)"), I1(2)}), "");
  EXPECT_EQ(CallError("regexp_extract", {S1("100-200"), S1("(\\d+)"), I1(2)}), ErrorClass::kInvalidParameterValueRegexGroupIndex);
  EXPECT_EQ(Call1("regexp_extract_all", {S1("100-200, 300-400"), S1("(\\d+)-(\\d+)"), I1(1)}), "[100, 300]");
  EXPECT_EQ(Call1("regexp_extract_all", {S1("100-200, 300-400"), S1("(\\d+)-(\\d+)"), I1(2)}), "[200, 400]");
  EXPECT_EQ(Call1("regexp_extract_all", {S1("abc"), S1("(\\d+)")}), "[]");
  EXPECT_EQ(Call1("regexp_extract_all", {NullStr(), S1("(\\d+)")}), "NULL");
  EXPECT_EQ(Call1("regexp_substr", {S1("1a 2b 14m"), S1("\\d+")}), "1");
  EXPECT_EQ(Call1("regexp_substr", {S1("1a 2b 14m"), S1("\\d+ ")}), "NULL");
  EXPECT_EQ(Call1("regexp_count", {S1("Steven Jones and Stephen Smith are the best players"), S1("Ste(v|ph)en")}),
            "2");
  EXPECT_EQ(Call1("regexp_count", {S1("abcdefghijklmnopqrstuvwxyz"), S1("[a-c]{3}")}), "1");
  EXPECT_EQ(Call1("regexp_count", {S1("abc"), S1("")}), "4");
  EXPECT_EQ(Call1("regexp_instr", {S1("user@spark.apache.org"), S1("@[^.]*")}), "5");
  EXPECT_EQ(Call1("regexp_instr", {S1("héllo"), S1("l+")}), "3");
  EXPECT_EQ(Call1("regexp_instr", {S1("abc"), S1("x")}), "0");
}

TEST(RegexFunctionsTest, Split) {
  EXPECT_EQ(Call1("split", {S1("oneAtwoBthreeC"), S1("[ABC]")}), "[one, two, three, ]");
  EXPECT_EQ(Call1("split", {S1("oneAtwoBthreeC"), S1("[ABC]"), I1(-1)}), "[one, two, three, ]");
  EXPECT_EQ(Call1("split", {S1("oneAtwoBthreeC"), S1("[ABC]"), I1(2)}), "[one, twoBthreeC]");
  EXPECT_EQ(Call1("split", {S1("oneAtwoBthreeC"), S1("[ABC]"), I1(0)}), "[one, two, three, ]");
  EXPECT_EQ(Call1("split", {S1("abc"), S1("")}), "[a, b, c]");
  EXPECT_EQ(Call1("split", {S1("abc"), S1(""), I1(2)}), "[a, bc]");
  EXPECT_EQ(Call1("split", {S1(""), S1(",")}), "[]");
  EXPECT_EQ(Call1("split", {S1(",a,"), S1(",")}), "[, a, ]");
  EXPECT_EQ(Call1("split", {S1("a b"), S1("x")}), "[a b]");
  EXPECT_EQ(Call1("split", {NullStr(), S1(",")}), "NULL");
}

TEST(RegexFunctionsTest, LikeMatcherShapes) {
  EXPECT_EQ(LikeMatcher::Compile("abc").kind(), LikeMatcher::Kind::kExact);
  EXPECT_EQ(LikeMatcher::Compile("abc%").kind(), LikeMatcher::Kind::kPrefix);
  EXPECT_EQ(LikeMatcher::Compile("%abc").kind(), LikeMatcher::Kind::kSuffix);
  EXPECT_EQ(LikeMatcher::Compile("%abc%").kind(), LikeMatcher::Kind::kContains);
  EXPECT_EQ(LikeMatcher::Compile("%%").kind(), LikeMatcher::Kind::kAny);
  EXPECT_EQ(LikeMatcher::Compile("a_c").kind(), LikeMatcher::Kind::kRegex);
  EXPECT_EQ(LikeMatcher::Compile("a\\%").kind(), LikeMatcher::Kind::kExact);
  EXPECT_TRUE(LikeMatcher::Compile("a\\%").Matches("a%"));
  EXPECT_FALSE(LikeMatcher::Compile("a\\%").Matches("ab"));
}

TEST(RegexFunctionsTest, Like) {
  EXPECT_EQ(Call1("like", {S1("Spark"), S1("_park")}), "true");
  EXPECT_EQ(Call1("like", {S1("Spark"), S1("_Park")}), "false");
  EXPECT_EQ(Call1("ilike", {S1("Spark"), S1("_Park")}), "true");
  EXPECT_EQ(Call1("like", {S1("%SystemDrive%\\Users\\John"), S1("\\%SystemDrive\\%\\\\Users%")}), "true");
  EXPECT_EQ(Call1("like", {S1("%SystemDrive%/Users/John"), S1("/%SystemDrive/%//Users%"), S1("/")}), "true");
  EXPECT_EQ(Call1("like", {S1("héllo"), S1("h_llo")}), "true");
  EXPECT_EQ(Call1("like", {S1("a\nb"), S1("a%b")}), "true");
  EXPECT_EQ(Call1("like", {S1("abc"), S1("a%")}), "true");
  EXPECT_EQ(Call1("like", {S1("abc"), S1("%c")}), "true");
  EXPECT_EQ(Call1("like", {S1("abc"), S1("%b%")}), "true");
  EXPECT_EQ(Call1("like", {S1("abc"), S1("%d%")}), "false");
  EXPECT_EQ(Call1("like", {S1(""), S1("")}), "true");
  EXPECT_EQ(Call1("like", {S1("a.c"), S1("a.c")}), "true");
  EXPECT_EQ(Call1("like", {S1("abc"), S1("a.c")}), "false");
  EXPECT_EQ(Call1("like", {S1("a(c"), S1("a(_")}), "true");
  EXPECT_EQ(Call1("like", {NullStr(), S1("a")}), "NULL");
  EXPECT_EQ(Call1("ilike", {S1("ÄBC"), S1("äb%")}), "true");
  EXPECT_EQ(CallError("like", {S1("abc"), S1("a\\b")}), ErrorClass::kInvalidFormatEscInTheMiddle);
  EXPECT_EQ(CallError("like", {S1("abc"), S1("ab\\")}), ErrorClass::kInvalidFormatEscAtTheEnd);
  VectorPtr out = CallScalar("like", {S({"abc", "abd", std::nullopt}), S({"ab_", "%c", "a"})});
  EXPECT_EQ(Texts(*out), (Out{"true", "false", "NULL"}));
}

}  // namespace
}  // namespace tarn
