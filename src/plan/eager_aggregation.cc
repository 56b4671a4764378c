// Eager aggregation below a LEFT OUTER join: counts of right-side columns,
// grouped by left-side columns, are computed per join key on the right side
// before the join, so the join builds one row per key instead of one per
// right row and feeds the aggregate one row per left row instead of one per
// match. TPC-H q13 (customers LEFT JOIN their 15 M orders, count per customer)
// is the case: the join's build shrinks from every order to one row per
// customer that has orders.
//
//   Aggregate [g(L)] [count(r1), ...]                Aggregate [g(L)] [sum(coalesce(c1, 0)), ...]
//   +- Join LeftOuter L.k = R.k           =>        +- Join LeftOuter L.k = P.k
//      :- L                                            :- L
//      +- R                                            +- Aggregate [R.k] [count(r1) AS c1, ...]
//                                                         +- R
//
// A left row without matches gets NULL counts from the padding, hence the
// coalesce to 0 (count over the padding's NULLs is 0); a left row matching a
// key gets that key's count; the sum adds up the left rows of one group.
// Only plain equality keys (NULL keys never match, in either plan) and no
// residual condition; count(*) is left alone (it counts the padded row), and
// so is an aggregate without GROUP BY (over no left rows count is 0, sum NULL).
#include "plan/optimizer.h"

#include "functions/registry.h"

namespace tarn::plan {
namespace {

// Keys whose equality is equality of their values, so the join matches a left
// row with exactly the group of its key (floats' -0.0 / NaN and nested types
// may compare otherwise in a join than in grouping).
bool IsPlainKeyType(const DataType& type) {
  switch (type.id()) {
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kCalendarInterval:
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct:
    case TypeId::kNull:
      return false;
    default:
      return true;
  }
}

bool IsColumnIn(const ExprPtr& e, int begin, int end) {
  return e->kind == ExprKind::kColumnRef && e->column >= begin && e->column < end;
}

// Counts of right columns grouped by left columns over a plain LEFT JOIN.
bool Matches(const PlanNode& aggregate, int left_width, int width) {
  const PlanNode& join = *aggregate.children[0];
  if (join.kind != PlanKind::kJoin || join.join_type != JoinType::kLeft || join.condition) return false;
  if (join.left_keys.empty()) return false;
  for (bool null_safe : join.null_safe) {
    if (null_safe) return false;
  }
  for (const ExprPtr& key : join.right_keys) {
    if (!key->deterministic() || !IsPlainKeyType(key->type)) return false;
  }
  // A global aggregate over no rows gives count 0 but sum NULL: grouped only.
  if (aggregate.group_by.empty()) return false;
  for (const ExprPtr& g : aggregate.group_by) {
    if (!IsColumnIn(g, 0, left_width)) return false;
  }
  if (aggregate.aggregates.empty()) return false;
  for (size_t i = 0; i < aggregate.aggregates.size(); ++i) {
    const AggregateCall& call = aggregate.aggregates[i];
    if (call.name != "count" || call.distinct || call.filter || call.args.empty()) return false;
    for (const ExprPtr& arg : call.args) {
      if (!IsColumnIn(arg, left_width, width)) return false;
    }
    if (aggregate.schema[aggregate.group_by.size() + i].type != DataType::Long()) return false;
  }
  return true;
}

PlanPtr PreAggregateRightSide(const PlanNode& aggregate) {
  if (aggregate.kind != PlanKind::kAggregate || aggregate.children.size() != 1) return nullptr;
  const PlanNode& join = *aggregate.children[0];
  if (join.kind != PlanKind::kJoin || join.children.size() != 2) return nullptr;
  const PlanPtr& left = join.children[0];
  const PlanPtr& right = join.children[1];
  const int left_width = static_cast<int>(left->schema.size());
  const int width = left_width + static_cast<int>(right->schema.size());
  if (!Matches(aggregate, left_width, width)) return nullptr;

  const FunctionInfo* sum_info = FunctionRegistry::Builtin().Find("sum");
  if (!sum_info || !sum_info->aggregate) return nullptr;
  std::shared_ptr<const AggregateFunction> sum =
      sum_info->aggregate({ArgType{DataType::Long(), false, nullptr}}, FunctionContext{});
  if (!sum || sum->result_type() != DataType::Long()) return nullptr;

  // The right side's counts per join key.
  auto counts = std::make_shared<PlanNode>();
  counts->kind = PlanKind::kAggregate;
  counts->children = {right};
  counts->group_by = join.right_keys;
  for (const ExprPtr& key : join.right_keys) {
    std::string name = key->kind == ExprKind::kColumnRef ? right->schema[key->column].name : ToString(*key, &right->schema);
    counts->schema.push_back(Field{std::move(name), key->type, key->nullable, ""});
  }
  for (size_t i = 0; i < aggregate.aggregates.size(); ++i) {
    AggregateCall call = aggregate.aggregates[i];
    for (ExprPtr& arg : call.args) arg = ColumnRef(arg->column - left_width, arg->type, arg->nullable);
    counts->aggregates.push_back(std::move(call));
    counts->schema.push_back(aggregate.schema[aggregate.group_by.size() + i]);
  }

  auto new_join = std::make_shared<PlanNode>(join);
  new_join->children = {left, counts};
  new_join->right_keys.clear();
  for (size_t k = 0; k < join.right_keys.size(); ++k) {
    new_join->right_keys.push_back(ColumnRef(static_cast<int>(k), join.right_keys[k]->type, join.right_keys[k]->nullable));
  }
  new_join->schema = JoinOutputSchema(JoinType::kLeft, left->schema, counts->schema);

  auto result = std::make_shared<PlanNode>(aggregate);
  result->children = {new_join};
  const int first_count = left_width + static_cast<int>(join.right_keys.size());
  for (size_t i = 0; i < aggregate.aggregates.size(); ++i) {
    ExprPtr padded = ColumnRef(first_count + static_cast<int>(i), DataType::Long(), true);
    AggregateCall call;
    call.name = "sum";
    call.function = sum;
    call.args = {MakeExpr(ExprKind::kCoalesce, DataType::Long(), {padded, Int64Literal(0)})};
    result->aggregates[i] = std::move(call);
  }
  return result;
}

}  // namespace

PlanPtr PreAggregateBelowOuterJoins(const PlanPtr& plan) {
  std::shared_ptr<PlanNode> copy;
  for (size_t i = 0; i < plan->children.size(); ++i) {
    PlanPtr child = PreAggregateBelowOuterJoins(plan->children[i]);
    if (child == plan->children[i]) continue;
    if (!copy) copy = std::make_shared<PlanNode>(*plan);
    copy->children[i] = child;
  }
  const PlanNode& node = copy ? *copy : *plan;
  if (PlanPtr rewritten = PreAggregateRightSide(node)) return rewritten;
  return copy ? PlanPtr(copy) : plan;
}

}  // namespace tarn::plan
