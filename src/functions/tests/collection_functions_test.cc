#include "common/error.h"
#include "types/datetime.h"
#include "functions/tests/function_test_util.h"

namespace tarn {
namespace {

using testing::CallScalar;
using testing::MakeVector;
using testing::Texts;
using Strings = std::vector<std::string>;
using IntList = std::optional<std::vector<std::optional<int32_t>>>;

VectorPtr Ints(std::vector<std::optional<int32_t>> v) { return MakeVector<int32_t>(DataType::Int(), v); }
VectorPtr Str(std::vector<std::optional<std::string_view>> v) { return MakeVector<std::string_view>(DataType::String(), v); }

VectorPtr IntArrays(const std::vector<IntList>& rows) {
  VectorPtr out = Vector::Make(DataType::Array(DataType::Int()), rows.size());
  int32_t offset = 0;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r]) out->SetNull(r);
    else
      for (const auto& e : *rows[r]) {
        out->child(0).AppendFrom(*Ints({e}), 0);
        ++offset;
      }
    out->offsets()[r + 1] = offset;
  }
  return out;
}
std::vector<std::optional<int32_t>> L(std::initializer_list<std::optional<int32_t>> v) { return v; }
constexpr std::nullopt_t N = std::nullopt;

FunctionContext Legacy() {
  FunctionContext ctx;
  ctx.ansi = false;
  return ctx;
}

TEST(CollectionFunctionsTest, ArrayConstructionAndSearch) {
  VectorPtr a = CallScalar("array", {Ints({1, 2}), Ints({N, 3})});
  EXPECT_EQ(Texts(*a), (Strings{"[1, NULL]", "[2, 3]"}));
  VectorPtr arr = IntArrays({L({1, 2, 3}), L({1, N}), N, L({})});
  EXPECT_EQ(Texts(*CallScalar("array_contains", {arr, Ints({2, 3, 1, 1})})), (Strings{"true", "NULL", "NULL", "false"}));
  EXPECT_EQ(Texts(*CallScalar("array_position", {arr, Ints({3, 1, 1, 1})})), (Strings{"3", "1", "NULL", "0"}));
  EXPECT_EQ(Texts(*CallScalar("array_remove", {IntArrays({L({1, 2, 3, N, 3})}), Ints({3})})), (Strings{"[1, 2, NULL]"}));
  EXPECT_EQ(Texts(*CallScalar("size", {arr})), (Strings{"3", "2", "NULL", "0"}));
  EXPECT_EQ(Texts(*CallScalar("cardinality", {arr}, Legacy())), (Strings{"3", "2", "-1", "0"}));
  EXPECT_EQ(Texts(*CallScalar("array_size", {arr}, Legacy())), (Strings{"3", "2", "NULL", "0"}));
}

TEST(CollectionFunctionsTest, SetOperations) {
  VectorPtr x = IntArrays({L({1, 2, 2, 3, N, N})});
  VectorPtr y = IntArrays({L({1, 3, 5, N})});
  EXPECT_EQ(Texts(*CallScalar("array_distinct", {x})), (Strings{"[1, 2, 3, NULL]"}));
  EXPECT_EQ(Texts(*CallScalar("array_union", {x, y})), (Strings{"[1, 2, 3, NULL, 5]"}));
  EXPECT_EQ(Texts(*CallScalar("array_intersect", {x, y})), (Strings{"[1, 3, NULL]"}));
  EXPECT_EQ(Texts(*CallScalar("array_except", {x, y})), (Strings{"[2]"}));
  EXPECT_EQ(Texts(*CallScalar("arrays_overlap", {IntArrays({L({1, 2}), L({1, N}), L({}), L({1})}),
                                                 IntArrays({L({2, 5}), L({3}), L({N}), L({2})})})),
            (Strings{"true", "NULL", "false", "false"}));
  EXPECT_EQ(Texts(*CallScalar("array_compact", {x})), (Strings{"[1, 2, 2, 3]"}));
}

TEST(CollectionFunctionsTest, MinMaxSortReverse) {
  VectorPtr x = IntArrays({L({3, N, 1, 2}), L({N}), N});
  EXPECT_EQ(Texts(*CallScalar("array_max", {x})), (Strings{"3", "NULL", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("array_min", {x})), (Strings{"1", "NULL", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("sort_array", {x})), (Strings{"[NULL, 1, 2, 3]", "[NULL]", "NULL"}));
  VectorPtr desc = MakeVector<bool>(DataType::Boolean(), {false});
  EXPECT_EQ(Texts(*CallScalar("sort_array", {x, desc})), (Strings{"[3, 2, 1, NULL]", "[NULL]", "NULL"}));
  // reverse is this group's only while the string group does not register its own (string-only) one.
  if (FunctionRegistry::Builtin().Find("reverse")->usage.find("array") != std::string::npos) {
    EXPECT_EQ(Texts(*CallScalar("reverse", {x})), (Strings{"[2, 1, NULL, 3]", "[NULL]", "NULL"}));
    EXPECT_EQ(Texts(*CallScalar("reverse", {Str({"Spark SQL", "a\xc3\xb1" "b", ""})})), (Strings{"LQS krapS", "b\xc3\xb1" "a", ""}));
  }
  VectorPtr shuffled = CallScalar("shuffle", {IntArrays({L({1, 2, 3, 4})})});
  EXPECT_EQ(Texts(*CallScalar("sort_array", {shuffled})), (Strings{"[1, 2, 3, 4]"}));
}

TEST(CollectionFunctionsTest, ElementAccess) {
  VectorPtr x = IntArrays({L({1, 2, 3})});
  EXPECT_EQ(Texts(*CallScalar("element_at", {x, Ints({2})})), (Strings{"2"}));
  EXPECT_EQ(Texts(*CallScalar("element_at", {x, Ints({-1})})), (Strings{"3"}));
  try {
    CallScalar("element_at", {x, Ints({4})});
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(ErrorClassName(e.info().error_class), "INVALID_ARRAY_INDEX_IN_ELEMENT_AT");
  }
  EXPECT_EQ(Texts(*CallScalar("element_at", {x, Ints({4})}, Legacy())), (Strings{"NULL"}));
  EXPECT_EQ(Texts(*CallScalar("try_element_at", {x, Ints({4})})), (Strings{"NULL"}));
  EXPECT_THROW(CallScalar("element_at", {x, Ints({0})}, Legacy()), Error);
  EXPECT_EQ(Texts(*CallScalar("get", {x, Ints({0})})), (Strings{"1"}));
  EXPECT_EQ(Texts(*CallScalar("get", {x, Ints({3})})), (Strings{"NULL"}));
  EXPECT_EQ(Texts(*CallScalar("get", {x, Ints({-1})})), (Strings{"NULL"}));
}

TEST(CollectionFunctionsTest, BuildingArrays) {
  VectorPtr x = IntArrays({L({1, 2, 3, 4})});
  EXPECT_EQ(Texts(*CallScalar("slice", {x, Ints({2}), Ints({2})})), (Strings{"[2, 3]"}));
  EXPECT_EQ(Texts(*CallScalar("slice", {x, Ints({-2}), Ints({5})})), (Strings{"[3, 4]"}));
  EXPECT_EQ(Texts(*CallScalar("slice", {x, Ints({9}), Ints({1})})), (Strings{"[]"}));
  EXPECT_THROW(CallScalar("slice", {x, Ints({0}), Ints({1})}), Error);
  EXPECT_EQ(Texts(*CallScalar("array_repeat", {Str({"123"}), Ints({2})})), (Strings{"[123, 123]"}));
  EXPECT_EQ(Texts(*CallScalar("array_repeat", {Ints({1}), Ints({-1})})), (Strings{"[]"}));
  EXPECT_EQ(Texts(*CallScalar("array_append", {IntArrays({L({1}), N}), Ints({N, 2})})), (Strings{"[1, NULL]", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("array_prepend", {IntArrays({L({1})}), Ints({0})})), (Strings{"[0, 1]"}));
  VectorPtr y = IntArrays({L({5, 3, 2, 1})});
  EXPECT_EQ(Texts(*CallScalar("array_insert", {IntArrays({L({1, 2, 3, 4})}), Ints({5}), Ints({5})})),
            (Strings{"[1, 2, 3, 4, 5]"}));
  EXPECT_EQ(Texts(*CallScalar("array_insert", {y, Ints({-4}), Ints({4})})), (Strings{"[5, 4, 3, 2, 1]"}));
  EXPECT_EQ(Texts(*CallScalar("array_insert", {IntArrays({L({1, 2})}), Ints({5}), Ints({9})})),
            (Strings{"[1, 2, NULL, NULL, 9]"}));
  EXPECT_EQ(Texts(*CallScalar("array_insert", {IntArrays({L({1, 2, 3})}), Ints({-5}), Ints({4})})),
            (Strings{"[4, NULL, 1, 2, 3]"}));
  EXPECT_THROW(CallScalar("array_insert", {y, Ints({0}), Ints({4})}), Error);
  VectorPtr strs = CallScalar("array", {Str({"hello"}), Str({N}), Str({"world"})});
  EXPECT_EQ(Texts(*CallScalar("array_join", {strs, Str({" "})})), (Strings{"hello world"}));
  EXPECT_EQ(Texts(*CallScalar("array_join", {strs, Str({" "}), Str({","})})), (Strings{"hello , world"}));
}

TEST(CollectionFunctionsTest, FlattenAndZip) {
  VectorPtr inner = IntArrays({L({1, 2}), L({3}), N});
  VectorPtr nested = CallScalar("array", {inner->Slice(0, 1), inner->Slice(1, 1)});
  EXPECT_EQ(Texts(*CallScalar("flatten", {nested})), (Strings{"[1, 2, 3]"}));
  VectorPtr with_null = CallScalar("array", {inner->Slice(0, 1), inner->Slice(2, 1)});
  EXPECT_EQ(Texts(*CallScalar("flatten", {with_null})), (Strings{"NULL"}));
  VectorPtr zipped = CallScalar("arrays_zip", {IntArrays({L({1, 2})}), IntArrays({L({2, 3, 4})})});
  EXPECT_EQ(Texts(*zipped), (Strings{"[{1, 2}, {2, 3}, {NULL, 4}]"}));
}

TEST(CollectionFunctionsTest, Maps) {
  VectorPtr m = CallScalar("map", {Ints({1, 2}), Str({"a", "b"}), Ints({3, 4}), Str({"c", N})});
  EXPECT_EQ(Texts(*m), (Strings{"{1 -> a, 3 -> c}", "{2 -> b, 4 -> NULL}"}));
  EXPECT_EQ(Texts(*CallScalar("map_keys", {m})), (Strings{"[1, 3]", "[2, 4]"}));
  EXPECT_EQ(Texts(*CallScalar("map_values", {m})), (Strings{"[a, c]", "[b, NULL]"}));
  EXPECT_EQ(Texts(*CallScalar("map_entries", {m})), (Strings{"[{1, a}, {3, c}]", "[{2, b}, {4, NULL}]"}));
  EXPECT_EQ(Texts(*CallScalar("element_at", {m, Ints({3, 3})})), (Strings{"c", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("map_contains_key", {m, Ints({3, 3})})), (Strings{"true", "false"}));
  EXPECT_EQ(Texts(*CallScalar("size", {m})), (Strings{"2", "2"}));
  try {
    CallScalar("map", {Ints({1}), Str({"a"}), Ints({1}), Str({"b"})});
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(ErrorClassName(e.info().error_class), "DUPLICATED_MAP_KEY");
  }
  EXPECT_THROW(CallScalar("map", {Ints({N}), Str({"a"})}), Error);
  VectorPtr fa = CallScalar("map_from_arrays", {IntArrays({L({1, 2})}), CallScalar("array", {Str({"x"}), Str({"y"})})});
  EXPECT_EQ(Texts(*fa), (Strings{"{1 -> x, 2 -> y}"}));
  EXPECT_THROW(CallScalar("map_from_arrays", {IntArrays({L({1})}), IntArrays({L({1, 2})})}), Error);
  VectorPtr concat = CallScalar("map_concat", {CallScalar("map", {Ints({1}), Str({"a"})}), CallScalar("map", {Ints({2}), Str({"b"})})});
  EXPECT_EQ(Texts(*concat), (Strings{"{1 -> a, 2 -> b}"}));
  VectorPtr entries = CallScalar("array", {CallScalar("struct", {Ints({1}), Str({"a"})}), CallScalar("struct", {Ints({2}), Str({"b"})})});
  EXPECT_EQ(Texts(*CallScalar("map_from_entries", {entries})), (Strings{"{1 -> a, 2 -> b}"}));
  EXPECT_EQ(Texts(*CallScalar("str_to_map", {Str({"a:1,b:2,c:3", "a", N})})), (Strings{"{a -> 1, b -> 2, c -> 3}", "{a -> NULL}", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("str_to_map", {Str({"a=1;b=2"}), Str({";"}), Str({"="})})), (Strings{"{a -> 1, b -> 2}"}));
}

TEST(CollectionFunctionsTest, Structs) {
  VectorPtr s = CallScalar("struct", {Ints({1, 2}), Str({"a", N})});
  EXPECT_EQ(s->type().fields()[0].name, "col1");
  EXPECT_EQ(Texts(*s), (Strings{"{1, a}", "{2, NULL}"}));
  VectorPtr ns = CallScalar("named_struct", {Str({"x"}), Ints({1, 2}), Str({"y"}), Ints({3, 4})});
  EXPECT_EQ(ns->type().fields()[1].name, "y");
  EXPECT_EQ(Texts(*ns), (Strings{"{1, 3}", "{2, 4}"}));
}

TEST(CollectionFunctionsTest, Sequence) {
  EXPECT_EQ(Texts(*CallScalar("sequence", {Ints({1, 5}), Ints({5, 1})})), (Strings{"[1, 2, 3, 4, 5]", "[5, 4, 3, 2, 1]"}));
  EXPECT_EQ(Texts(*CallScalar("sequence", {Ints({1}), Ints({10}), Ints({4})})), (Strings{"[1, 5, 9]"}));
  EXPECT_THROW(CallScalar("sequence", {Ints({1}), Ints({5}), Ints({-1})}), Error);
  VectorPtr d = MakeVector<int32_t>(DataType::Date(), {DaysFromCivil(2018, 1, 1)});
  VectorPtr e = MakeVector<int32_t>(DataType::Date(), {DaysFromCivil(2018, 3, 1)});
  VectorPtr month = MakeVector<int32_t>(DataType::YearMonthInterval(IntervalField::kMonth, IntervalField::kMonth), {1});
  EXPECT_EQ(Texts(*CallScalar("sequence", {d, e, month})), (Strings{"[2018-01-01, 2018-02-01, 2018-03-01]"}));
  VectorPtr e2 = MakeVector<int32_t>(DataType::Date(), {DaysFromCivil(2018, 1, 3)});
  EXPECT_EQ(Texts(*CallScalar("sequence", {d, e2})), (Strings{"[2018-01-01, 2018-01-02, 2018-01-03]"}));
}

}  // namespace
}  // namespace tarn
