#include "common/error.h"
#include "functions/tests/function_test_util.h"

namespace tarn {
namespace {

using testing::CallScalar;
using testing::MakeVector;
using testing::Texts;
using Strings = std::vector<std::string>;

TEST(MiscFunctionsTest, Names) {
  EXPECT_EQ(Texts(*CallScalar("current_catalog", {})), (Strings{"spark_catalog"}));
  EXPECT_EQ(Texts(*CallScalar("current_database", {})), (Strings{"default"}));
  EXPECT_EQ(Texts(*CallScalar("current_schema", {})), (Strings{"default"}));
  EXPECT_EQ(Texts(*CallScalar("current_user", {})), (Strings{"tarn"}));
  EXPECT_EQ(Texts(*CallScalar("version", {})), (Strings{"0.1.0 tarn"}));
  EXPECT_EQ(Texts(*CallScalar("spark_partition_id", {})), (Strings{"0"}));
  EXPECT_EQ(Texts(*CallScalar("input_file_name", {})), (Strings{""}));
}

TEST(MiscFunctionsTest, Typeof) {
  VectorPtr d = MakeVector<int64_t>(DataType::Decimal(10, 2), {1});
  EXPECT_EQ(Texts(*CallScalar("typeof", {d})), (Strings{"decimal(10,2)"}));
  VectorPtr a = Vector::Make(DataType::Array(DataType::Int()), 1);
  EXPECT_EQ(Texts(*CallScalar("typeof", {a})), (Strings{"array<int>"}));
}

TEST(MiscFunctionsTest, UuidIsRandomV4) {
  const FunctionInfo* info = FunctionRegistry::Builtin().Find("uuid");
  BoundScalar bound = info->scalar({}, {});
  EXPECT_FALSE(bound.deterministic);
  VectorPtr out = bound.kernel({}, 2, {});
  std::string a(out->StringAt(0).view()), b(out->StringAt(1).view());
  EXPECT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(a, b);
}

TEST(MiscFunctionsTest, AssertAndRaise) {
  VectorPtr ok = MakeVector<bool>(DataType::Boolean(), {true, true});
  EXPECT_EQ(Texts(*CallScalar("assert_true", {ok})), (Strings{"NULL", "NULL"}));
  VectorPtr bad = MakeVector<bool>(DataType::Boolean(), {true, false});
  try {
    CallScalar("assert_true", {bad});
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(ErrorClassName(e.info().error_class), "USER_RAISED_EXCEPTION");
  }
  VectorPtr message = MakeVector<std::string_view>(DataType::String(), {"custom"});
  try {
    CallScalar("raise_error", {message});
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.info().message, "custom");
  }
}

}  // namespace
}  // namespace tarn
