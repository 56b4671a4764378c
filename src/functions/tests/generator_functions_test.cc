#include "functions/tests/function_test_util.h"

namespace tarn {
namespace {

using testing::CallScalar;
using testing::MakeVector;
using testing::Texts;
using Strings = std::vector<std::string>;

VectorPtr Ints(std::vector<std::optional<int32_t>> v) { return MakeVector<int32_t>(DataType::Int(), v); }
VectorPtr Str(std::vector<std::optional<std::string_view>> v) { return MakeVector<std::string_view>(DataType::String(), v); }

GeneratorOutput Generate(const std::string& name, std::vector<VectorPtr> args, std::vector<Field>* fields = nullptr) {
  const FunctionInfo* info = FunctionRegistry::Builtin().Find(name);
  EXPECT_NE(info, nullptr);
  EXPECT_EQ(info->kind, FunctionKind::kGenerator);
  std::vector<ArgType> types;
  size_t rows = 1;
  for (const VectorPtr& a : args) {
    types.push_back({a->type(), true, a->size() == 1 ? a : nullptr});
    rows = std::max(rows, a->size());
  }
  BoundGenerator bound = info->generator(types, {});
  if (fields) *fields = bound.output;
  GeneratorOutput out = bound.kernel(std::span<const VectorPtr>(args), rows, {});
  for (const VectorPtr& c : out.columns) EXPECT_EQ(c->size(), out.parent_rows.size());
  return out;
}

TEST(GeneratorFunctionsTest, ExplodeArraysAndMaps) {
  VectorPtr arrays = CallScalar("array", {Ints({10, 30}), Ints({20, std::nullopt})});
  std::vector<Field> fields;
  GeneratorOutput out = Generate("explode", {arrays}, &fields);
  ASSERT_EQ(fields.size(), 1u);
  EXPECT_EQ(fields[0].name, "col");
  EXPECT_EQ(Texts(*out.columns[0]), (Strings{"10", "20", "30", "NULL"}));
  EXPECT_EQ(out.parent_rows, (std::vector<uint32_t>{0, 0, 1, 1}));
  out = Generate("posexplode_outer", {arrays}, &fields);
  EXPECT_EQ(fields[0].name, "pos");
  EXPECT_EQ(Texts(*out.columns[0]), (Strings{"0", "1", "0", "1"}));
  VectorPtr map = CallScalar("map", {Str({"a"}), Ints({1}), Str({"b"}), Ints({2})});
  out = Generate("explode", {map}, &fields);
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[1].name, "value");
  EXPECT_EQ(Texts(*out.columns[0]), (Strings{"a", "b"}));
  EXPECT_EQ(Texts(*out.columns[1]), (Strings{"1", "2"}));
  // NULL and empty arrays produce no rows (the executor adds the _outer row).
  VectorPtr none = Vector::MakeNull(DataType::Array(DataType::Int()), 2);
  EXPECT_TRUE(Generate("explode_outer", {none}).parent_rows.empty());
}

TEST(GeneratorFunctionsTest, InlineAndStack) {
  VectorPtr structs = CallScalar("array", {CallScalar("named_struct", {Str({"a"}), Ints({1}), Str({"b"}), Str({"x"})}),
                                           CallScalar("named_struct", {Str({"a"}), Ints({2}), Str({"b"}), Str({"y"})})});
  std::vector<Field> fields;
  GeneratorOutput out = Generate("inline", {structs}, &fields);
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[1].name, "b");
  EXPECT_EQ(Texts(*out.columns[0]), (Strings{"1", "2"}));
  EXPECT_EQ(Texts(*out.columns[1]), (Strings{"x", "y"}));
  out = Generate("stack", {Ints({2}), Ints({1}), Ints({2}), Ints({3})}, &fields);
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].name, "col0");
  EXPECT_EQ(Texts(*out.columns[0]), (Strings{"1", "3"}));
  EXPECT_EQ(Texts(*out.columns[1]), (Strings{"2", "NULL"}));
}

}  // namespace
}  // namespace tarn
