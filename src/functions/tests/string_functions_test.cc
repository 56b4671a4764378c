#include <gtest/gtest.h>

#include "common/error.h"
#include "functions/tests/string_test_util.h"

namespace tarn {
namespace {

VectorPtr CallScalar(const std::string& name, std::vector<VectorPtr> args, const FunctionContext& ctx = {}) {
  return testing::CallText(name, std::move(args), ctx);
}
using testing::MakeVector;
using testing::Texts;
using Strs = std::vector<std::optional<std::string_view>>;
using Ints = std::vector<std::optional<int32_t>>;
using Out = std::vector<std::string>;

VectorPtr S(Strs values) { return MakeVector<std::string_view>(DataType::String(), values); }
VectorPtr S1(std::string_view value) { return S({value}); }
VectorPtr B(Strs values) { return MakeVector<std::string_view>(DataType::Binary(), values); }
VectorPtr I(Ints values) { return MakeVector<int32_t>(DataType::Int(), values); }
VectorPtr I1(int32_t value) { return I({value}); }
VectorPtr L1(int64_t value) { return MakeVector<int64_t>(DataType::Long(), {value}); }
VectorPtr NullStr() { return S({std::nullopt}); }

/// The single row of `name(args...)` as text.
std::string Call1(const std::string& name, std::vector<VectorPtr> args, const FunctionContext& ctx = {}) {
  VectorPtr out = CallScalar(name, std::move(args), ctx);
  if (out == nullptr) return "<no function>";
  return testing::TextAt(*out, 0);
}

ErrorClass CallError(const std::string& name, std::vector<VectorPtr> args, const FunctionContext& ctx = {}) {
  try {
    CallScalar(name, std::move(args), ctx);
  } catch (const Error& e) {
    return e.info().error_class;
  }
  ADD_FAILURE() << name << " did not fail";
  return ErrorClass::kInternalError;
}

TEST(StringFunctionsTest, Length) {
  EXPECT_EQ(Texts(*CallScalar("length", {S({"Spark SQL ", "", std::nullopt, "héllo", "😀"})})),
            (Out{"10", "0", "NULL", "5", "1"}));
  EXPECT_EQ(Call1("char_length", {S1("héllo")}), "5");
  EXPECT_EQ(Call1("character_length", {S1("abc")}), "3");
  EXPECT_EQ(Call1("length", {B({"h\xC3\xA9"})}), "3");
  EXPECT_EQ(Call1("bit_length", {S1("Spark SQL")}), "72");
  EXPECT_EQ(Call1("octet_length", {S1("héllo")}), "6");
}

TEST(StringFunctionsTest, Case) {
  EXPECT_EQ(Call1("lower", {S1("SparkSql ÄÖÜ")}), "sparksql äöü");
  EXPECT_EQ(Call1("upper", {S1("SparkSql äöü")}), "SPARKSQL ÄÖÜ");
  EXPECT_EQ(Call1("ucase", {S1("straße")}), "STRASSE");
  EXPECT_EQ(Call1("lcase", {S1("ABC")}), "abc");
  EXPECT_EQ(Call1("initcap", {S1("sPark sql")}), "Spark Sql");
  EXPECT_EQ(Call1("initcap", {S1("élan vital")}), "Élan Vital");
  EXPECT_EQ(Call1("upper", {NullStr()}), "NULL");
}

TEST(StringFunctionsTest, Substring) {
  EXPECT_EQ(Call1("substring", {S1("Spark SQL"), I1(5)}), "k SQL");
  EXPECT_EQ(Call1("substring", {S1("Spark SQL"), I1(-3)}), "SQL");
  EXPECT_EQ(Call1("substring", {S1("Spark SQL"), I1(5), I1(1)}), "k");
  EXPECT_EQ(Call1("substr", {S1("Spark SQL"), I1(0), I1(2)}), "Sp");
  EXPECT_EQ(Call1("substr", {S1("Spark SQL"), I1(1), I1(2)}), "Sp");
  EXPECT_EQ(Call1("substr", {S1("Spark SQL"), I1(-20), I1(13)}), "Sp");  // the length counts from before the start
  EXPECT_EQ(Call1("substr", {S1("Spark SQL"), I1(3), I1(-1)}), "");
  EXPECT_EQ(Call1("substr", {S1("Spark SQL"), I1(100)}), "");
  EXPECT_EQ(Call1("substr", {S1("héllo wörld"), I1(2), I1(4)}), "éllo");
  EXPECT_EQ(Call1("substr", {S1("abc"), I1(2), I1(INT32_MAX)}), "bc");
  EXPECT_EQ(Call1("substr", {S1("abc"), I1(INT32_MIN), I1(INT32_MAX)}), "ab");
  EXPECT_EQ(Call1("substr", {B({"abcd"}), I1(2), I1(2)}), "[62 63]");
  EXPECT_EQ(Call1("substr", {NullStr(), I1(1)}), "NULL");
  EXPECT_EQ(Call1("left", {S1("Spark SQL"), I1(3)}), "Spa");
  EXPECT_EQ(Call1("left", {S1("Spark SQL"), I1(-1)}), "");
  EXPECT_EQ(Call1("right", {S1("Spark SQL"), I1(3)}), "SQL");
  EXPECT_EQ(Call1("right", {S1("Spark SQL"), I1(0)}), "");
  EXPECT_EQ(Call1("right", {S1("ab"), I1(10)}), "ab");
}

TEST(StringFunctionsTest, SubstringIndexAndSplitPart) {
  EXPECT_EQ(Call1("substring_index", {S1("www.apache.org"), S1("."), I1(2)}), "www.apache");
  EXPECT_EQ(Call1("substring_index", {S1("www.apache.org"), S1("."), I1(-2)}), "apache.org");
  EXPECT_EQ(Call1("substring_index", {S1("www.apache.org"), S1("."), I1(0)}), "");
  EXPECT_EQ(Call1("substring_index", {S1("www.apache.org"), S1("."), I1(5)}), "www.apache.org");
  EXPECT_EQ(Call1("substring_index", {S1("www.apache.org"), S1("."), I1(-5)}), "www.apache.org");
  EXPECT_EQ(Call1("substring_index", {S1("www.apache.org"), S1(""), I1(1)}), "");
  EXPECT_EQ(Call1("split_part", {S1("11.12.13"), S1("."), I1(3)}), "13");
  EXPECT_EQ(Call1("split_part", {S1("11.12.13"), S1("."), I1(-1)}), "13");
  EXPECT_EQ(Call1("split_part", {S1("11.12.13"), S1("."), I1(4)}), "");
  EXPECT_EQ(Call1("split_part", {S1("11.12.13"), S1(""), I1(1)}), "11.12.13");
  EXPECT_EQ(Call1("split_part", {S1("a,,b,"), S1(","), I1(4)}), "");
  EXPECT_EQ(Call1("split_part", {S1("a,,b,"), S1(","), I1(3)}), "b");
  EXPECT_EQ(CallError("split_part", {S1("a.b"), S1("."), I1(0)}), ErrorClass::kInvalidIndexOfZero);
}

TEST(StringFunctionsTest, Concat) {
  EXPECT_EQ(Call1("concat", {S1("Spark"), S1("SQL")}), "SparkSQL");
  EXPECT_EQ(Call1("concat", {S1("Spark"), NullStr()}), "NULL");
  EXPECT_EQ(Call1("concat", {}), "");
  EXPECT_EQ(Call1("concat", {B({"a"}), B({"b"})}), "[61 62]");
  EXPECT_EQ(Texts(*CallScalar("concat", {S({"a", "b", std::nullopt}), S1("-")})), (Out{"a-", "b-", "NULL"}));
  EXPECT_EQ(Call1("concat_ws", {S1(" "), S1("Spark"), S1("SQL")}), "Spark SQL");
  EXPECT_EQ(Call1("concat_ws", {S1("s")}), "");
  EXPECT_EQ(Call1("concat_ws", {S1("/"), S1("a"), NullStr(), S1("b")}), "a/b");
  EXPECT_EQ(Call1("concat_ws", {NullStr(), S1("a")}), "NULL");
  VectorPtr array = Vector::Make(DataType::Array(DataType::String()), 1);
  array->child(0).Resize(3);
  array->child(0).SetString(0, "x");
  array->child(0).SetNull(1);
  array->child(0).SetString(2, "y");
  array->offsets()[1] = 3;
  EXPECT_EQ(Call1("concat_ws", {S1(","), S1("a"), array, S1("b")}), "a,x,y,b");
  EXPECT_EQ(Call1("concat", {array, array}), "[x, NULL, y, x, NULL, y]");
}

TEST(StringFunctionsTest, Elt) {
  EXPECT_EQ(Call1("elt", {I1(1), S1("scala"), S1("java")}), "scala");
  EXPECT_EQ(Call1("elt", {I1(2), S1("a"), S1("b")}), "b");
  FunctionContext legacy;
  legacy.ansi = false;
  EXPECT_EQ(Call1("elt", {I1(3), S1("a"), S1("b")}, legacy), "NULL");
  EXPECT_EQ(CallError("elt", {I1(3), S1("a"), S1("b")}), ErrorClass::kInvalidArrayIndex);
}

TEST(StringFunctionsTest, Trim) {
  EXPECT_EQ(Call1("trim", {S1("    SparkSQL   ")}), "SparkSQL");
  EXPECT_EQ(Call1("trim", {S1("\tSparkSQL ")}), "\tSparkSQL");
  EXPECT_EQ(Call1("ltrim", {S1("    SparkSQL   ")}), "SparkSQL   ");
  EXPECT_EQ(Call1("rtrim", {S1("    SparkSQL   ")}), "    SparkSQL");
  EXPECT_EQ(Call1("trim", {S1("SL"), S1("SSparkSQLS")}), "parkSQ");
  EXPECT_EQ(Call1("ltrim", {S1("SL"), S1("SSparkSQLS")}), "parkSQLS");
  EXPECT_EQ(Call1("rtrim", {S1("SL"), S1("SSparkSQLS")}), "SSparkSQ");
  EXPECT_EQ(Call1("btrim", {S1("    SparkSQL   ")}), "SparkSQL");
  EXPECT_EQ(Call1("btrim", {S1("SSparkSQLS"), S1("SL")}), "parkSQ");
  EXPECT_EQ(Call1("trim", {S1("éa"), S1("éaébcaé")}), "bc");
  EXPECT_EQ(Call1("trim", {S1("x"), S1("xxx")}), "");
}

TEST(StringFunctionsTest, Pad) {
  EXPECT_EQ(Call1("lpad", {S1("hi"), I1(5), S1("??")}), "???hi");
  EXPECT_EQ(Call1("lpad", {S1("hi"), I1(1), S1("??")}), "h");
  EXPECT_EQ(Call1("lpad", {S1("hi"), I1(5)}), "   hi");
  EXPECT_EQ(Call1("rpad", {S1("hi"), I1(5), S1("??")}), "hi???");
  EXPECT_EQ(Call1("rpad", {S1("hi"), I1(1), S1("??")}), "h");
  EXPECT_EQ(Call1("rpad", {S1("hi"), I1(-1), S1("??")}), "");
  EXPECT_EQ(Call1("rpad", {S1("hi"), I1(5), S1("")}), "hi");
  EXPECT_EQ(Call1("lpad", {S1("é"), I1(3), S1("ö")}), "ööé");
  EXPECT_EQ(Call1("lpad", {B({"\x01"}), I1(3)}), "[00 00 01]");
  EXPECT_EQ(Call1("rpad", {B({"\x01"}), I1(3), B({"\x02"})}), "[01 02 02]");
  EXPECT_EQ(CallError("lpad", {S1("a"), I1(INT32_MAX), S1("ab")}), ErrorClass::kInvalidParameterValue);
}

TEST(StringFunctionsTest, ReplaceTranslate) {
  EXPECT_EQ(Call1("replace", {S1("ABCabc"), S1("abc"), S1("DEF")}), "ABCDEF");
  EXPECT_EQ(Call1("replace", {S1("ABCabc"), S1("abc")}), "ABC");
  EXPECT_EQ(Call1("replace", {S1("ABC"), S1(""), S1("x")}), "ABC");
  EXPECT_EQ(Call1("translate", {S1("AaBbCc"), S1("abc"), S1("123")}), "A1B2C3");
  EXPECT_EQ(Call1("translate", {S1("AaBbCc"), S1("abc"), S1("1")}), "A1BC");
  EXPECT_EQ(Call1("translate", {S1("aaa"), S1("aa"), S1("xy")}), "xxx");
  EXPECT_EQ(Call1("translate", {S1("héllo"), S1("é"), S1("e")}), "hello");
}

TEST(StringFunctionsTest, Search) {
  EXPECT_EQ(Call1("instr", {S1("SparkSQL"), S1("SQL")}), "6");
  EXPECT_EQ(Call1("instr", {S1("SparkSQL"), S1("x")}), "0");
  EXPECT_EQ(Call1("instr", {S1("héllo"), S1("l")}), "3");
  EXPECT_EQ(Call1("instr", {S1("abc"), S1("")}), "1");
  EXPECT_EQ(Call1("locate", {S1("bar"), S1("foobarbar")}), "4");
  EXPECT_EQ(Call1("locate", {S1("bar"), S1("foobarbar"), I1(5)}), "7");
  EXPECT_EQ(Call1("locate", {S1("bar"), S1("foobarbar"), I1(0)}), "0");
  EXPECT_EQ(Call1("locate", {S1("bar"), S1("foobarbar"), I({std::nullopt})}), "0");
  EXPECT_EQ(Call1("locate", {NullStr(), S1("foobarbar"), I1(1)}), "NULL");
  EXPECT_EQ(Call1("position", {S1("bar"), S1("foobarbar")}), "4");
  EXPECT_EQ(Call1("startswith", {S1("Spark SQL"), S1("Spark")}), "true");
  EXPECT_EQ(Call1("startswith", {S1("Spark SQL"), S1("SQL")}), "false");
  EXPECT_EQ(Call1("startswith", {S1("Spark SQL"), NullStr()}), "NULL");
  EXPECT_EQ(Call1("endswith", {S1("Spark SQL"), S1("SQL")}), "true");
  EXPECT_EQ(Call1("contains", {S1("Spark SQL"), S1("k S")}), "true");
  EXPECT_EQ(Call1("contains", {S1("Spark SQL"), S1("")}), "true");
  EXPECT_EQ(Call1("contains", {B({"\x01\x02"}), B({"\x02"})}), "true");
  EXPECT_EQ(Call1("find_in_set", {S1("ab"), S1("abc,b,ab,c,def")}), "3");
  EXPECT_EQ(Call1("find_in_set", {S1("a,b"), S1("a,b")}), "0");
  EXPECT_EQ(Call1("find_in_set", {S1(""), S1("a,,b")}), "2");
  EXPECT_EQ(Call1("levenshtein", {S1("kitten"), S1("sitting")}), "3");
  EXPECT_EQ(Call1("levenshtein", {S1("kitten"), S1("sitting"), I1(2)}), "-1");
  EXPECT_EQ(Call1("levenshtein", {S1("kitten"), S1("sitting"), I1(4)}), "3");
  EXPECT_EQ(Call1("levenshtein", {S1("é"), S1("e")}), "1");
}

TEST(StringFunctionsTest, Characters) {
  EXPECT_EQ(Call1("repeat", {S1("123"), I1(2)}), "123123");
  EXPECT_EQ(Call1("repeat", {S1("123"), I1(-1)}), "");
  EXPECT_EQ(CallError("repeat", {S1("123"), I1(INT32_MAX)}), ErrorClass::kInvalidParameterValue);
  EXPECT_EQ(Call1("space", {I1(2)}), "  ");
  EXPECT_EQ(Call1("space", {I1(-2)}), "");
  EXPECT_EQ(Call1("ascii", {S1("222")}), "50");
  EXPECT_EQ(Call1("ascii", {S1("")}), "0");
  EXPECT_EQ(Call1("ascii", {S1("é")}), "233");
  EXPECT_EQ(Call1("chr", {L1(65)}), "A");
  EXPECT_EQ(Call1("char", {L1(321)}), "A");
  EXPECT_EQ(Call1("chr", {L1(-1)}), "");
  EXPECT_EQ(Call1("chr", {L1(233)}), "é");
  EXPECT_EQ(Call1("soundex", {S1("Miller")}), "M460");
  EXPECT_EQ(Call1("soundex", {S1("Ashcraft")}), "A261");
  EXPECT_EQ(Call1("soundex", {S1("Tymczak")}), "T522");
  EXPECT_EQ(Call1("soundex", {S1("1abc")}), "1abc");
  EXPECT_EQ(Call1("luhn_check", {S1("8112189876")}), "true");
  EXPECT_EQ(Call1("luhn_check", {S1("79927398713")}), "true");
  EXPECT_EQ(Call1("luhn_check", {S1("79927398714")}), "false");
  EXPECT_EQ(Call1("luhn_check", {S1("")}), "false");
  EXPECT_EQ(Call1("luhn_check", {S1("8112189a76")}), "false");
}

TEST(StringFunctionsTest, Overlay) {
  EXPECT_EQ(Call1("overlay", {S1("Spark SQL"), S1("_"), I1(6)}), "Spark_SQL");
  EXPECT_EQ(Call1("overlay", {S1("Spark SQL"), S1("CORE"), I1(7)}), "Spark CORE");
  EXPECT_EQ(Call1("overlay", {S1("Spark SQL"), S1("ANSI "), I1(7), I1(0)}), "Spark ANSI SQL");
  EXPECT_EQ(Call1("overlay", {S1("Spark SQL"), S1("tructured"), I1(2), I1(4)}), "Structured SQL");
  EXPECT_EQ(Call1("overlay", {B({"Spark SQL"}), B({"_"}), I1(6)}), "[53 70 61 72 6B 5F 53 51 4C]");
}

TEST(StringFunctionsTest, Mask) {
  EXPECT_EQ(Call1("mask", {S1("abcd-EFGH-8765-4321")}), "xxxx-XXXX-nnnn-nnnn");
  EXPECT_EQ(Call1("mask", {S1("abcd-EFGH-8765-4321"), S1("Q")}), "xxxx-QQQQ-nnnn-nnnn");
  EXPECT_EQ(Call1("mask", {S1("AbCD123-@$#"), S1("Q"), S1("q"), S1("d"), S1("o")}), "QqQQdddoooo");
  EXPECT_EQ(Call1("mask", {S1("AbCD123-@$#"), NullStr(), S1("q"), S1("d"), S1("o")}), "AqCDdddoooo");
  EXPECT_EQ(Call1("mask", {S1("abcd-EFGH-8765-@$#"), NullStr(), NullStr(), NullStr(), NullStr()}),
            "abcd-EFGH-8765-@$#");
  EXPECT_EQ(Call1("mask", {NullStr()}), "NULL");
}

TEST(StringFunctionsTest, Codecs) {
  EXPECT_EQ(Call1("base64", {B({"Spark SQL"})}), "U3BhcmsgU1FM");
  EXPECT_EQ(Call1("base64", {B({"ab"})}), "YWI=");
  EXPECT_EQ(Call1("base64", {B({""})}), "");
  EXPECT_EQ(Call1("unbase64", {S1("U3BhcmsgU1FM")}), "[53 70 61 72 6B 20 53 51 4C]");
  EXPECT_EQ(Call1("unbase64", {S1("YWI=")}), "[61 62]");
  EXPECT_EQ(Call1("unbase64", {S1("YW\nI")}), "[61 62]");
  EXPECT_EQ(Call1("hex", {L1(17)}), "11");
  EXPECT_EQ(Call1("hex", {L1(-1)}), "FFFFFFFFFFFFFFFF");
  EXPECT_EQ(Call1("hex", {S1("Spark SQL")}), "537061726B2053514C");
  EXPECT_EQ(Call1("unhex", {S1("537061726B2053514C")}), "[53 70 61 72 6B 20 53 51 4C]");
  EXPECT_EQ(Call1("unhex", {S1("F")}), "[0F]");
  EXPECT_EQ(Call1("unhex", {S1("GG")}), "NULL");
  EXPECT_EQ(Call1("encode", {S1("abc"), S1("utf-8")}), "[61 62 63]");
  EXPECT_EQ(Call1("encode", {S1("é"), S1("ISO-8859-1")}), "[E9]");
  EXPECT_EQ(Call1("encode", {S1("é"), S1("UTF-16BE")}), "[00 E9]");
  EXPECT_EQ(Call1("encode", {S1("é"), S1("UTF-16LE")}), "[E9 00]");
  EXPECT_EQ(Call1("encode", {S1("a"), S1("UTF-16")}), "[FE FF 00 61]");
  EXPECT_EQ(Call1("encode", {S1("😀"), S1("UTF-16BE")}), "[D8 3D DE 00]");
  EXPECT_EQ(CallError("encode", {S1("é"), S1("US-ASCII")}), ErrorClass::kMalformedCharacterCoding);
  EXPECT_EQ(CallError("encode", {S1("a"), S1("utf-9")}), ErrorClass::kInvalidParameterValue);
  EXPECT_EQ(Call1("decode", {B({"\xE9"}), S1("iso-8859-1")}), "é");
  EXPECT_EQ(Call1("decode", {B({std::string_view("\xFF\xFE\x61\x00", 4)}), S1("UTF-16")}), "a");
  EXPECT_EQ(Call1("decode", {B({std::string_view("\xD8\x3D\xDE\x00", 4)}), S1("UTF-16BE")}), "😀");
  EXPECT_EQ(CallError("decode", {B({"\xFF"}), S1("UTF-8")}), ErrorClass::kMalformedCharacterCoding);
  EXPECT_EQ(Call1("to_binary", {S1("abc"), S1("utf-8")}), "[61 62 63]");
  EXPECT_EQ(Call1("to_binary", {S1("537061726B")}), "[53 70 61 72 6B]");
  EXPECT_EQ(Call1("to_binary", {S1("U3Bhcms="), S1("base64")}), "[53 70 61 72 6B]");
  EXPECT_EQ(CallError("to_binary", {S1("GG"), S1("hex")}), ErrorClass::kConversionInvalidInput);
  EXPECT_EQ(Call1("try_to_binary", {S1("GG"), S1("hex")}), "NULL");
  EXPECT_EQ(Call1("try_to_binary", {S1("U3Bhcms"), S1("base64")}), "NULL");
  EXPECT_EQ(CallError("to_binary", {S1("abc"), S1("fmt")}), ErrorClass::kInvalidParameterValue);
  EXPECT_EQ(Call1("is_valid_utf8", {S1("abc")}), "true");
  EXPECT_EQ(Call1("is_valid_utf8", {S1("a\x80")}), "false");
  EXPECT_EQ(Call1("make_valid_utf8", {S1("a\x80")}), "a\xEF\xBF\xBD");
  EXPECT_EQ(Call1("try_validate_utf8", {S1("a\x80")}), "NULL");
}

VectorPtr D1(double value) { return MakeVector<double>(DataType::Double(), {value}); }

TEST(StringFunctionsTest, FormatNumber) {
  EXPECT_EQ(Call1("format_number", {D1(12332.123456), I1(4)}), "12,332.1235");
  EXPECT_EQ(Call1("format_number", {D1(12332.123456), S1("##################.###")}), "12332.123");
  EXPECT_EQ(Call1("format_number", {D1(0.125), I1(2)}), "0.12");
  EXPECT_EQ(Call1("format_number", {D1(-1234567.891), I1(0)}), "-1,234,568");
  EXPECT_EQ(Call1("format_number", {L1(1234567), I1(2)}), "1,234,567.00");
  EXPECT_EQ(Call1("format_number", {D1(1.5), I1(-1)}), "NULL");
  EXPECT_EQ(Call1("format_number", {D1(0.5), S1("#.##")}), ".5");
  EXPECT_EQ(Call1("format_number", {D1(1234.5), S1("")}), "1,234");
}

TEST(StringFunctionsTest, FormatString) {
  EXPECT_EQ(Call1("format_string", {S1("Hello World %d %s"), I1(100), S1("days")}), "Hello World 100 days");
  EXPECT_EQ(Call1("printf", {S1("%.2f|%5d|%-5d|%05d"), D1(1.005), I1(42), I1(42), I1(-42)}), "1.01|   42|42   |-0042");
  EXPECT_EQ(Call1("printf", {S1("%x %X %o"), I1(255), I1(-1), I1(8)}), "ff FFFFFFFF 10");
  EXPECT_EQ(Call1("printf", {S1("%e"), D1(12.3456)}), "1.234560e+01");
  EXPECT_EQ(Call1("printf", {S1("%2$s %1$s"), S1("a"), S1("b")}), "b a");
  EXPECT_EQ(Call1("printf", {S1("%s %<s %%"), S1("x")}), "x x %");
  EXPECT_EQ(Call1("printf", {S1("%b %b"), MakeVector<bool>(DataType::Boolean(), {false}), NullStr()}), "false false");
  EXPECT_EQ(Call1("printf", {S1("%,d %+d %(d"), L1(1234567), I1(5), I1(-5)}), "1,234,567 +5 (5)");
  EXPECT_EQ(Call1("printf", {S1("%s"), NullStr()}), "null");
  EXPECT_EQ(Call1("printf", {S1("%S %.3s"), S1("abc"), S1("abcdef")}), "ABC abc");
  EXPECT_EQ(Call1("printf", {S1("%c"), I1(65)}), "A");
  EXPECT_EQ(Call1("printf", {S1("%10.3f|"), D1(3.14159)}), "     3.142|");
  EXPECT_EQ(Call1("printf", {S1("%g"), D1(0.0001234)}), "0.000123400");
  EXPECT_EQ(Call1("printf", {NullStr(), I1(1)}), "NULL");
  EXPECT_EQ(CallError("printf", {S1("%d"), D1(1.5)}), ErrorClass::kInvalidParameterValue);
  EXPECT_EQ(CallError("printf", {S1("%d %d"), I1(1)}), ErrorClass::kInvalidParameterValue);
}

TEST(StringFunctionsTest, ConstantFoldingAndColumns) {
  // A column and a constant mixed: one row per input row.
  VectorPtr out = CallScalar("substr", {S({"abc", "defg", std::nullopt}), I1(2), I1(2)});
  EXPECT_EQ(Texts(*out), (Out{"bc", "ef", "NULL"}));
  out = CallScalar("lpad", {S({"a", "bb"}), I({3, std::nullopt}), S1("-")});
  EXPECT_EQ(Texts(*out), (Out{"--a", "NULL"}));
}

}  // namespace
}  // namespace tarn
