#include "columnar/row_compare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tarn {
namespace {

VectorPtr DoubleVector(const std::vector<double>& values) {
  VectorPtr out = Vector::Make(DataType::Double(), values.size());
  for (size_t i = 0; i < values.size(); ++i) out->values<double>()[i] = values[i];
  return out;
}

TEST(RowCompareTest, DoublesFollowSparkOrdering) {
  double nan = std::numeric_limits<double>::quiet_NaN();
  VectorPtr v = DoubleVector({1.0, nan, -0.0, 0.0, std::numeric_limits<double>::infinity(), -nan});
  v->Resize(7);
  v->SetNull(6);
  EXPECT_LT(CompareRows(*v, 0, *v, 1), 0);  // 1 < NaN
  EXPECT_GT(CompareRows(*v, 1, *v, 4), 0);  // NaN > +inf
  EXPECT_EQ(CompareRows(*v, 1, *v, 5), 0);  // NaN == NaN (any payload)
  EXPECT_EQ(CompareRows(*v, 2, *v, 3), 0);  // -0.0 == 0.0
  EXPECT_LT(CompareRows(*v, 6, *v, 2), 0);  // NULL smallest
  EXPECT_TRUE(RowsEqual(*v, 1, *v, 5));
  EXPECT_TRUE(RowsEqual(*v, 2, *v, 3));
  EXPECT_EQ(HashRow(*v, 1), HashRow(*v, 5));
  EXPECT_EQ(HashRow(*v, 2), HashRow(*v, 3));
  EXPECT_FALSE(RowsEqual(*v, 0, *v, 6));
}

TEST(RowCompareTest, StringsByUnsignedBytesAnyEncoding) {
  VectorPtr v = Vector::Make(DataType::String(), 4);
  v->SetString(0, "abc");
  v->SetString(1, "ab");
  v->SetString(2, "\xc3\xa9 a long string beyond twelve bytes");
  v->SetString(3, "z");
  EXPECT_GT(CompareRows(*v, 0, *v, 1), 0);
  EXPECT_GT(CompareRows(*v, 2, *v, 3), 0);  // 0xc3 > 'z' unsigned
  VectorPtr c = Vector::MakeConstant(v, 2, 5);
  EXPECT_EQ(CompareRows(*c, 4, *v, 2), 0);
  EXPECT_TRUE(RowsEqual(*c, 0, *v, 2));
  EXPECT_EQ(HashRow(*c, 3), HashRow(*v, 2));
}

TEST(RowCompareTest, ArraysAndStructsLexicographic) {
  DataType arr = DataType::Array(DataType::Long());
  VectorPtr v = Vector::Make(arr, 3);
  // [1, 2], [1], [1, NULL]
  v->child(0).Resize(5);
  int64_t* e = v->child(0).values<int64_t>();
  e[0] = 1; e[1] = 2; e[2] = 1; e[3] = 1;
  v->child(0).SetNull(4);
  v->offsets()[1] = 2; v->offsets()[2] = 3; v->offsets()[3] = 5;
  EXPECT_GT(CompareRows(*v, 0, *v, 1), 0);  // longer with equal prefix
  EXPECT_LT(CompareRows(*v, 2, *v, 0), 0);  // NULL element smallest
  EXPECT_FALSE(RowsEqual(*v, 0, *v, 2));
  DataType st = DataType::Struct({{"a", DataType::Long(), true}, {"b", DataType::String(), true}});
  VectorPtr s = Vector::Make(st, 2);
  s->child(0).values<int64_t>()[0] = 1;
  s->child(0).values<int64_t>()[1] = 1;
  s->child(1).SetString(0, "x");
  s->child(1).SetString(1, "y");
  EXPECT_LT(CompareRows(*s, 0, *s, 1), 0);
}

TEST(RowCompareTest, HashColumnMatchesHashRow) {
  VectorPtr a = Vector::Make(DataType::Long(), 3);
  a->values<int64_t>()[0] = 5;
  a->SetNull(1);
  a->values<int64_t>()[2] = -7;
  VectorPtr b = Vector::Make(DataType::String(), 3);
  b->SetString(0, "x");
  b->SetString(1, "yy");
  b->SetNull(2);
  uint64_t hashes[3];
  HashColumn(*a, 3, hashes, false);
  HashColumn(*b, 3, hashes, true);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(hashes[i], HashRow(*b, i, HashRow(*a, i, 0)));
  // Dictionary-encoded input hashes like the flat rows it points at.
  Buffer idx(2 * sizeof(int32_t));
  idx.as<int32_t>()[0] = 2;
  idx.as<int32_t>()[1] = 0;
  VectorPtr d = Vector::MakeDictionary(a, std::move(idx), 2);
  uint64_t dh[2];
  HashColumn(*d, 2, dh, false);
  EXPECT_EQ(dh[0], HashRow(*a, 2));
  EXPECT_EQ(dh[1], HashRow(*a, 0));
}

}  // namespace
}  // namespace tarn
