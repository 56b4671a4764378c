#include "plan/expr.h"

#include "common/check.h"

namespace tarn::plan {

bool Expr::deterministic() const {
  if (kind == ExprKind::kCall && scalar && !scalar->deterministic) return false;
  for (const ExprPtr& arg : args)
    if (!arg->deterministic()) return false;
  return true;
}

bool Expr::is_constant() const {
  switch (kind) {
    case ExprKind::kLiteral: return true;
    case ExprKind::kColumnRef:
    case ExprKind::kLambdaVariable:
    case ExprKind::kScalarSubquery:
    case ExprKind::kOuterRef:
    case ExprKind::kLambda: return false;
    default:
      if (!deterministic()) return false;
      for (const ExprPtr& arg : args)
        if (!arg->is_constant()) return false;
      return true;
  }
}

ExprPtr ColumnRef(int column, DataType type, bool nullable) {
  auto expr = std::make_shared<Expr>();
  expr->kind = ExprKind::kColumnRef;
  expr->column = column;
  expr->type = std::move(type);
  expr->nullable = nullable;
  return expr;
}

ExprPtr Literal(VectorPtr value) {
  TARN_CHECK(value && value->size() == 1, "a literal is a 1-row vector");
  auto expr = std::make_shared<Expr>();
  expr->kind = ExprKind::kLiteral;
  expr->type = value->type();
  expr->nullable = value->IsNull(0);
  expr->literal = std::move(value);
  return expr;
}

ExprPtr NullLiteral(const DataType& type) { return Literal(Vector::MakeNull(type, 1)); }

ExprPtr BoolLiteral(bool value) {
  VectorPtr vector = Vector::Make(DataType::Boolean(), 1);
  vector->values<uint8_t>()[0] = value ? 1 : 0;
  return Literal(vector);
}

ExprPtr Int64Literal(int64_t value) {
  VectorPtr vector = Vector::Make(DataType::Long(), 1);
  vector->values<int64_t>()[0] = value;
  return Literal(vector);
}

ExprPtr MakeExpr(ExprKind kind, DataType type, std::vector<ExprPtr> args) {
  auto expr = std::make_shared<Expr>();
  expr->kind = kind;
  expr->type = std::move(type);
  bool nullable = false;
  for (const ExprPtr& arg : args) nullable |= arg->nullable;
  expr->nullable = nullable || kind == ExprKind::kCase;
  if (kind == ExprKind::kIsNull || kind == ExprKind::kIsNotNull) expr->nullable = false;
  expr->args = std::move(args);
  return expr;
}

ExprPtr Cast(ExprPtr input, const DataType& to, bool try_cast) {
  if (input->type == to) return input;
  auto expr = std::make_shared<Expr>();
  expr->kind = ExprKind::kCast;
  expr->type = to;
  expr->nullable = true;
  expr->try_cast = try_cast;
  expr->args.push_back(std::move(input));
  return expr;
}

void CollectColumns(const Expr& expr, std::vector<int>* columns) {
  if (expr.kind == ExprKind::kColumnRef) columns->push_back(expr.column);
  for (const ExprPtr& arg : expr.args) CollectColumns(*arg, columns);
}

ExprPtr RemapColumns(const ExprPtr& expr, const std::vector<int>& mapping) {
  if (expr->kind == ExprKind::kColumnRef) {
    TARN_CHECK(expr->column >= 0 && static_cast<size_t>(expr->column) < mapping.size() &&
                   mapping[expr->column] >= 0,
               "column remapped to nothing");
    auto copy = std::make_shared<Expr>(*expr);
    copy->column = mapping[expr->column];
    return copy;
  }
  if (expr->args.empty()) return expr;
  auto copy = std::make_shared<Expr>(*expr);
  for (ExprPtr& arg : copy->args) arg = RemapColumns(arg, mapping);
  return copy;
}

}  // namespace tarn::plan
