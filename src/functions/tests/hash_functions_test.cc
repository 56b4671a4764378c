#include "functions/tests/function_test_util.h"

namespace tarn {
namespace {

using testing::CallScalar;
using testing::MakeVector;
using testing::Texts;
using Strings = std::vector<std::string>;

VectorPtr Str(std::vector<std::optional<std::string_view>> v) { return MakeVector<std::string_view>(DataType::String(), v); }
VectorPtr Ints(std::vector<std::optional<int32_t>> v) { return MakeVector<int32_t>(DataType::Int(), v); }

VectorPtr IntArrays(const std::vector<std::optional<std::vector<std::optional<int32_t>>>>& rows) {
  VectorPtr out = Vector::Make(DataType::Array(DataType::Int()), 0);
  VectorPtr elements = Vector::Make(DataType::Int(), 0);
  VectorPtr one = Vector::Make(DataType::Array(DataType::Int()), rows.size());
  int32_t offset = 0;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r]) {
      one->SetNull(r);
    } else {
      for (const auto& e : *rows[r]) {
        if (e) {
          VectorPtr v = Ints({e});
          one->child(0).AppendFrom(*v, 0);
        } else {
          VectorPtr v = Ints({std::nullopt});
          one->child(0).AppendFrom(*v, 0);
        }
        ++offset;
      }
    }
    one->offsets()[r + 1] = offset;
  }
  return one;
}

TEST(HashFunctionsTest, DigestsMatchSparkExamples) {
  EXPECT_EQ(Texts(*CallScalar("md5", {Str({"Spark", std::nullopt})})), (Strings{"8cde774d6f7333752ed72cacddb05126", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("sha1", {Str({"Spark"})})), (Strings{"85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c"}));
  EXPECT_EQ(Texts(*CallScalar("sha", {Str({"Spark"})})), (Strings{"85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c"}));
  EXPECT_EQ(Texts(*CallScalar("sha2", {Str({"Spark", "Spark", "Spark"}), Ints({256, 0, 100})})),
            (Strings{"529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b",
                     "529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b", "NULL"}));
  EXPECT_EQ(Texts(*CallScalar("sha2", {Str({""}), Ints({224})})),
            (Strings{"d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f"}));
  EXPECT_EQ(Texts(*CallScalar("crc32", {Str({"Spark", ""})})), (Strings{"1557323817", "0"}));
}

TEST(HashFunctionsTest, HashMatchesSpark) {
  EXPECT_EQ(Texts(*CallScalar("hash", {Str({"Spark"}), IntArrays({std::vector<std::optional<int32_t>>{123}}), Ints({2})})),
            (Strings{"-1321691492"}));
  EXPECT_EQ(
      Texts(*CallScalar("xxhash64", {Str({"Spark"}), IntArrays({std::vector<std::optional<int32_t>>{123}}), Ints({2})})),
      (Strings{"5602566077635097486"}));
  // NULL arguments leave the seed as it is.
  EXPECT_EQ(Texts(*CallScalar("hash", {Ints({std::nullopt})})), (Strings{"42"}));
  EXPECT_EQ(Texts(*CallScalar("xxhash64", {Ints({std::nullopt})})), (Strings{"42"}));
  // -0.0 and 0.0 hash alike.
  VectorPtr d = MakeVector<double>(DataType::Double(), {0.0, -0.0});
  VectorPtr h = CallScalar("hash", {d});
  EXPECT_EQ(h->ValueAt<int32_t>(0), h->ValueAt<int32_t>(1));
  VectorPtr map = Vector::Make(DataType::Map(DataType::Int(), DataType::Int()), 1);
  EXPECT_THROW(CallScalar("hash", {map}), FunctionBindError);
}

}  // namespace
}  // namespace tarn
