#include <gtest/gtest.h>

#include <string>

#include "columnar/batch.h"
#include "columnar/vector.h"

namespace tarn {
namespace {

TEST(Vector, FlatValuesAndNulls) {
  VectorPtr v = Vector::Make(DataType::Long(), 4);
  for (int i = 0; i < 4; ++i) v->values<int64_t>()[i] = i * 10;
  EXPECT_FALSE(v->may_have_nulls());
  v->SetNull(2);
  EXPECT_TRUE(v->IsNull(2));
  EXPECT_FALSE(v->IsNull(3));
  EXPECT_EQ(v->CountNulls(), 1u);
  v->Resize(100);
  EXPECT_FALSE(v->IsNull(99));
  EXPECT_EQ(v->CountNulls(), 1u);
  EXPECT_EQ(v->ValueAt<int64_t>(3), 30);
}

TEST(Vector, StringsInlineAndHeap) {
  VectorPtr v = Vector::Make(DataType::String(), 3);
  std::string longer(100, 'x');
  v->SetString(0, "short");
  {
    std::string temp = longer;
    v->SetString(1, temp);
  }  // the vector owns its copy
  v->SetNull(2);
  EXPECT_EQ(v->StringAt(0).view(), "short");
  EXPECT_EQ(v->StringAt(1).view(), longer);
  EXPECT_TRUE(v->StringAt(0) == StringView("short"));
  EXPECT_FALSE(v->StringAt(1) == StringView(std::string(100, 'y')));
}

TEST(Vector, ListsMapsStructs) {
  DataType list_type = DataType::Array(DataType::Int());
  VectorPtr source = Vector::Make(list_type, 0);
  // [1,2], null, []
  Vector& elements = source->child(0);
  elements.Resize(2);
  elements.values<int32_t>()[0] = 1;
  elements.values<int32_t>()[1] = 2;
  source->Resize(3);
  source->offsets()[1] = 2;
  source->offsets()[2] = 2;
  source->offsets()[3] = 2;
  source->SetNull(1);

  VectorPtr copy = Vector::Flatten(Vector::MakeConstant(source, 0, 2));
  ASSERT_EQ(copy->size(), 2u);
  EXPECT_EQ(copy->offsets()[2], 4);
  EXPECT_EQ(copy->child(0).values<int32_t>()[3], 2);

  VectorPtr sliced = source->Slice(1, 2);
  EXPECT_TRUE(sliced->IsNull(0));
  EXPECT_EQ(sliced->offsets()[2], 0);

  DataType struct_type = DataType::Struct({{"a", DataType::Int()}, {"s", DataType::String()}});
  VectorPtr st = Vector::Make(struct_type, 2);
  st->child(0).Resize(2);
  st->child(1).Resize(2);
  st->child(1).SetString(1, std::string(40, 'z'));
  st->SetNull(0);
  VectorPtr st_copy = st->Slice(0, 2);
  EXPECT_TRUE(st_copy->IsNull(0));
  EXPECT_EQ(st_copy->child(1).StringAt(1).view(), std::string(40, 'z'));
}

TEST(Vector, ViewSharesBuffers) {
  VectorPtr ints = Vector::Make(DataType::Int(), 10);
  for (int i = 0; i < 10; ++i) ints->values<int32_t>()[i] = i;
  ints->SetNull(7);
  VectorPtr view = Vector::View(ints, 5, 4);
  ASSERT_EQ(view->size(), 4u);
  EXPECT_EQ(view->values<int32_t>(), ints->values<int32_t>() + 5);  // no copy
  EXPECT_EQ(view->ValueAt<int32_t>(0), 5);
  EXPECT_TRUE(view->IsNull(2));
  EXPECT_FALSE(view->IsNull(3));

  DataType type = DataType::Struct({{"l", DataType::Array(DataType::String())}, {"n", DataType::Long()}});
  VectorPtr rows = Vector::Make(type, 0);
  VectorPtr source = Vector::Make(DataType::Array(DataType::String()), 1);
  source->child(0).Resize(2);
  source->child(0).SetString(0, "first");
  source->child(0).SetString(1, std::string(30, 'q'));
  source->offsets()[1] = 2;
  VectorPtr row = Vector::Make(type, 1);
  row->set_child(0, source);
  row->child(1).values<int64_t>()[0] = 42;
  for (int i = 0; i < 3; ++i) rows->AppendFrom(*row, 0);
  rows->SetNull(1);
  VectorPtr tail;
  {
    VectorPtr temp = Vector::View(rows, 1, 2);
    tail = temp;
  }
  rows.reset();  // the view keeps the source alive
  ASSERT_EQ(tail->size(), 2u);
  EXPECT_TRUE(tail->IsNull(0));
  const Vector& list = tail->child(0);
  EXPECT_EQ(list.offsets()[2] - list.offsets()[1], 2);
  EXPECT_EQ(list.child(0).StringAt(list.offsets()[1] + 1).view(), std::string(30, 'q'));
  EXPECT_EQ(tail->child(1).ValueAt<int64_t>(1), 42);
}

TEST(Batch, SelectBuildsDictionaryVectors) {
  VectorPtr v = Vector::Make(DataType::Int(), 5);
  for (int i = 0; i < 5; ++i) v->values<int32_t>()[i] = i;
  v->SetNull(4);
  Batch batch({{"x", DataType::Int()}}, {v}, 5);
  Batch picked = batch.Select({1, 3, 4});
  ASSERT_EQ(picked.num_rows(), 3u);
  EXPECT_EQ(picked.column(0).ValueAt<int32_t>(1), 3);
  EXPECT_TRUE(picked.column(0).IsNull(2));
  Batch twice = picked.Select({1});
  EXPECT_EQ(twice.column(0).ValueAt<int32_t>(0), 3);
  EXPECT_EQ(twice.column(0).base_ptr(), v);
}

}  // namespace
}  // namespace tarn
