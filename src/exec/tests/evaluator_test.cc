#include <gtest/gtest.h>

#include "common/error.h"
#include "exec/tests/exec_test_util.h"

namespace tarn::exec::testing {
namespace {

using plan::ExprKind;
using plan::MakeExpr;
using Strs = std::vector<std::string>;

TEST(EvaluatorTest, LiteralsAndColumns) {
  PlanPtr in = Values({Longs({1, 2, std::nullopt})});
  EXPECT_EQ(EvalRows(in, plan::Int64Literal(7)), (Strs{"7", "7", "7"}));
  EXPECT_EQ(EvalRows(in, Add(Col(in, 0), plan::Int64Literal(1))), (Strs{"2", "3", "NULL"}));
}

TEST(EvaluatorTest, AndOrThreeValued) {
  // a x b over {true, false, NULL}^2
  VectorPtr a = Vector::Make(DataType::Boolean(), 9), b = Vector::Make(DataType::Boolean(), 9);
  for (int i = 0; i < 9; ++i) {
    int x = i / 3, y = i % 3;  // 0 true, 1 false, 2 null
    if (x == 2) a->SetNull(i); else a->values<uint8_t>()[i] = x == 0;
    if (y == 2) b->SetNull(i); else b->values<uint8_t>()[i] = y == 0;
  }
  PlanPtr in = Values({a, b});
  auto and_ = MakeExpr(ExprKind::kAnd, DataType::Boolean(), {Col(in, 0), Col(in, 1)});
  auto or_ = MakeExpr(ExprKind::kOr, DataType::Boolean(), {Col(in, 0), Col(in, 1)});
  EXPECT_EQ(EvalRows(in, and_), (Strs{"true", "false", "NULL", "false", "false", "false", "NULL", "false", "NULL"}));
  EXPECT_EQ(EvalRows(in, or_), (Strs{"true", "true", "true", "true", "false", "NULL", "true", "NULL", "NULL"}));
  auto not_ = MakeExpr(ExprKind::kNot, DataType::Boolean(), {Col(in, 0)});
  EXPECT_EQ(EvalRows(in, not_)[0], "false");
  EXPECT_EQ(EvalRows(in, not_)[8], "NULL");
}

TEST(EvaluatorTest, AndSkipsRowsTheLeftSideDecides) {
  // x <> 0 AND 10 / x > 1: no DIVIDE_BY_ZERO for x = 0.
  PlanPtr in = Values({Longs({0, 2, 20, std::nullopt})});
  auto x = Col(in, 0);
  auto nonzero = MakeExpr(ExprKind::kNot, DataType::Boolean(), {Eq(x, plan::Int64Literal(0))});
  auto cond = MakeExpr(ExprKind::kAnd, DataType::Boolean(), {nonzero, Gt(Div(plan::Int64Literal(10), x), plan::Int64Literal(1))});
  EXPECT_EQ(EvalRows(in, cond), (Strs{"false", "true", "false", "NULL"}));
  auto or_ = MakeExpr(ExprKind::kOr, DataType::Boolean(), {Eq(x, plan::Int64Literal(0)), Gt(Div(plan::Int64Literal(10), x), plan::Int64Literal(1))});
  EXPECT_EQ(EvalRows(in, or_), (Strs{"true", "true", "false", "NULL"}));
  // Without the guard the error fires.
  EXPECT_THROW(EvalRows(in, Div(plan::Int64Literal(10), x)), Error);
}

TEST(EvaluatorTest, CaseEvaluatesBranchesOnlyOnTheirRows) {
  PlanPtr in = Values({Longs({0, 5, std::nullopt, -2})});
  auto x = Col(in, 0);
  // CASE WHEN x = 0 THEN -1 WHEN x > 0 THEN 10 / x END
  auto c = MakeExpr(ExprKind::kCase, DataType::Long(),
                    {Eq(x, plan::Int64Literal(0)), plan::Int64Literal(-1), Gt(x, plan::Int64Literal(0)), Div(plan::Int64Literal(10), x)});
  EXPECT_EQ(EvalRows(in, c), (Strs{"-1", "2", "NULL", "NULL"}));
  auto with_else = MakeExpr(ExprKind::kCase, DataType::Long(),
                            {Eq(x, plan::Int64Literal(0)), plan::Int64Literal(-1), Div(plan::Int64Literal(10), x)});
  std::const_pointer_cast<plan::Expr>(with_else)->has_else = true;
  EXPECT_EQ(EvalRows(in, with_else), (Strs{"-1", "2", "NULL", "-5"}));
}

TEST(EvaluatorTest, CoalesceIsLazy) {
  PlanPtr in = Values({Longs({1, std::nullopt, std::nullopt}), Longs({0, 5, std::nullopt})});
  // COALESCE(a, 10 / b, 99): 10 / b only where a is NULL (b = 0 only where a is set).
  auto c = MakeExpr(ExprKind::kCoalesce, DataType::Long(), {Col(in, 0), Div(plan::Int64Literal(10), Col(in, 1)), plan::Int64Literal(99)});
  EXPECT_EQ(EvalRows(in, c), (Strs{"1", "2", "99"}));
}

TEST(EvaluatorTest, InWithNulls) {
  PlanPtr in = Values({Longs({1, 2, std::nullopt})});
  auto x = Col(in, 0);
  auto in_list = MakeExpr(ExprKind::kIn, DataType::Boolean(), {x, plan::Int64Literal(1), plan::NullLiteral(DataType::Long())});
  EXPECT_EQ(EvalRows(in, in_list), (Strs{"true", "NULL", "NULL"}));
  auto in_plain = MakeExpr(ExprKind::kIn, DataType::Boolean(), {x, plan::Int64Literal(1), plan::Int64Literal(3)});
  EXPECT_EQ(EvalRows(in, in_plain), (Strs{"true", "false", "NULL"}));
  // Long constant list: hash set path.
  std::vector<ExprPtr> args{x};
  for (int i = 2; i < 20; ++i) args.push_back(plan::Int64Literal(i));
  EXPECT_EQ(EvalRows(in, MakeExpr(ExprKind::kIn, DataType::Boolean(), args)), (Strs{"false", "true", "NULL"}));
  args.push_back(plan::NullLiteral(DataType::Long()));
  EXPECT_EQ(EvalRows(in, MakeExpr(ExprKind::kIn, DataType::Boolean(), args)), (Strs{"NULL", "true", "NULL"}));
}

TEST(EvaluatorTest, IsNull) {
  PlanPtr in = Values({Longs({1, std::nullopt})});
  EXPECT_EQ(EvalRows(in, MakeExpr(ExprKind::kIsNull, DataType::Boolean(), {Col(in, 0)})), (Strs{"false", "true"}));
  EXPECT_EQ(EvalRows(in, MakeExpr(ExprKind::kIsNotNull, DataType::Boolean(), {Col(in, 0)})), (Strs{"true", "false"}));
}

ExprPtr Lambda(int first, ExprPtr body) {
  auto l = std::make_shared<plan::Expr>();
  l->kind = ExprKind::kLambda;
  l->column = first;
  l->type = body->type;
  l->args = {body};
  return l;
}
ExprPtr Var(int index, DataType type) {
  auto v = std::make_shared<plan::Expr>();
  v->kind = ExprKind::kLambdaVariable;
  v->column = index;
  v->type = type;
  return v;
}
ExprPtr HigherOrder(const std::string& name, DataType type, std::vector<ExprPtr> args) {
  auto e = std::make_shared<plan::Expr>();
  e->kind = ExprKind::kHigherOrder;
  e->name = name;
  e->type = type;
  e->args = std::move(args);
  return e;
}

TEST(EvaluatorTest, HigherOrderFunctions) {
  using Arr = std::vector<std::optional<int64_t>>;
  PlanPtr in = Values({LongArrays({Arr{1, 2, 3}, std::nullopt, Arr{}, Arr{4, std::nullopt}}), Longs({10, 20, 30, 40})});
  DataType arr = DataType::Array(DataType::Long());
  auto x = Var(0, DataType::Long());
  // transform(a, x -> x + c1): outer column inside the lambda.
  EXPECT_EQ(EvalRows(in, HigherOrder("transform", arr, {Col(in, 0), Lambda(0, Add(x, Col(in, 1)))})),
            (Strs{"[11, 12, 13]", "NULL", "[]", "[44, NULL]"}));
  // transform with index.
  auto i = Var(1, DataType::Int());
  auto idx_as_long = Call<int64_t, int32_t>("cast", DataType::Long(), {i}, [](int32_t v) { return int64_t{v}; });
  EXPECT_EQ(EvalRows(in, HigherOrder("transform", arr, {Col(in, 0), Lambda(0, Add(x, idx_as_long))})),
            (Strs{"[1, 3, 5]", "NULL", "[]", "[4, NULL]"}));
  EXPECT_EQ(EvalRows(in, HigherOrder("filter", arr, {Col(in, 0), Lambda(0, Gt(x, plan::Int64Literal(1)))})),
            (Strs{"[2, 3]", "NULL", "[]", "[4]"}));
  EXPECT_EQ(EvalRows(in, HigherOrder("exists", DataType::Boolean(), {Col(in, 0), Lambda(0, Gt(x, plan::Int64Literal(3)))})),
            (Strs{"false", "NULL", "false", "true"}));
  EXPECT_EQ(EvalRows(in, HigherOrder("forall", DataType::Boolean(), {Col(in, 0), Lambda(0, Gt(x, plan::Int64Literal(3)))})),
            (Strs{"false", "NULL", "true", "NULL"}));
  // aggregate(a, 0, (acc, x) -> acc + x, acc -> acc + 1000)
  auto acc = Var(0, DataType::Long());
  auto elem = Var(1, DataType::Long());
  EXPECT_EQ(EvalRows(in, HigherOrder("aggregate", DataType::Long(),
                                     {Col(in, 0), plan::Int64Literal(0), Lambda(0, Add(acc, elem)), Lambda(0, Add(acc, plan::Int64Literal(1000)))})),
            (Strs{"1006", "NULL", "1000", "NULL"}));
  // zip_with(a, a, (x, y) -> x + y)
  EXPECT_EQ(EvalRows(in, HigherOrder("zip_with", arr, {Col(in, 0), Col(in, 0), Lambda(0, Add(Var(0, DataType::Long()), Var(1, DataType::Long())))})),
            (Strs{"[2, 4, 6]", "NULL", "[]", "[8, NULL]"}));
  // array_sort(a, (l, r) -> r - l): descending
  auto cmp = Call<int32_t, int64_t, int64_t>("cmp", DataType::Int(), {Var(0, DataType::Long()), Var(1, DataType::Long())},
                                             [](int64_t l, int64_t r) { return r < l ? -1 : (r > l ? 1 : 0); });
  PlanPtr in2 = Values({LongArrays({Arr{3, 1, 2}, Arr{5}})});
  EXPECT_EQ(EvalRows(in2, HigherOrder("array_sort", arr, {Col(in2, 0), Lambda(0, cmp)})), (Strs{"[3, 2, 1]", "[5]"}));
}

TEST(EvaluatorTest, NestedLambdas) {
  using Arr = std::vector<std::optional<int64_t>>;
  PlanPtr in = Values({LongArrays({Arr{1, 2}})});
  DataType arr = DataType::Array(DataType::Long());
  DataType arr2 = DataType::Array(arr);
  // transform(a, x -> transform(a, y -> x + y))
  auto inner = HigherOrder("transform", arr, {Col(in, 0), Lambda(1, Add(Var(0, DataType::Long()), Var(1, DataType::Long())))});
  EXPECT_EQ(EvalRows(in, HigherOrder("transform", arr2, {Col(in, 0), Lambda(0, inner)})), (Strs{"[[2, 3], [3, 4]]"}));
}


TEST(EvaluatorTest, MapHigherOrderFunctions) {
  // map<bigint,bigint> rows: {1:10, 2:20}, NULL, {3:30}
  DataType map = DataType::Map(DataType::Long(), DataType::Long());
  VectorPtr m = Vector::Make(map, 3);
  m->set_child(0, Longs({1, 2, 3}));
  m->set_child(1, Longs({10, 20, 30}));
  m->offsets()[1] = 2;
  m->offsets()[2] = 2;
  m->offsets()[3] = 3;
  m->SetNull(1);
  VectorPtr m2 = Vector::Make(map, 3);
  m2->set_child(0, Longs({2, 5, 3}));
  m2->set_child(1, Longs({200, 500, 300}));
  m2->offsets()[1] = 2;
  m2->offsets()[2] = 2;
  m2->offsets()[3] = 3;
  PlanPtr in = Values({m, m2});
  auto k = Var(0, DataType::Long());
  auto v = Var(1, DataType::Long());
  EXPECT_EQ(EvalRows(in, HigherOrder("map_filter", map, {Col(in, 0), Lambda(0, Gt(k, plan::Int64Literal(1)))})),
            (Strs{"{2 -> 20}", "NULL", "{3 -> 30}"}));
  EXPECT_EQ(EvalRows(in, HigherOrder("transform_values", map, {Col(in, 0), Lambda(0, Add(k, v))})),
            (Strs{"{1 -> 11, 2 -> 22}", "NULL", "{3 -> 33}"}));
  EXPECT_EQ(EvalRows(in, HigherOrder("transform_keys", map, {Col(in, 0), Lambda(0, Add(k, v))})),
            (Strs{"{11 -> 10, 22 -> 20}", "NULL", "{33 -> 30}"}));
  // map_zip_with(m, m2, (k, v1, v2) -> coalesce(v1, 0) + coalesce(v2, 0))
  auto v1 = MakeExpr(ExprKind::kCoalesce, DataType::Long(), {Var(1, DataType::Long()), plan::Int64Literal(0)});
  auto v2 = MakeExpr(ExprKind::kCoalesce, DataType::Long(), {Var(2, DataType::Long()), plan::Int64Literal(0)});
  EXPECT_EQ(EvalRows(in, HigherOrder("map_zip_with", map, {Col(in, 0), Col(in, 1), Lambda(0, Add(v1, v2))})),
            (Strs{"{1 -> 10, 2 -> 220, 5 -> 500}", "NULL", "{3 -> 330}"}));
}

}  // namespace
}  // namespace tarn::exec::testing
