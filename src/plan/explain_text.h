// Text pieces EXPLAIN shares between the logical plan (explain.cc) and the
// physical plan (physical_explain.cc). Columns print as name#position, the
// position in the operator's input (Spark prints name#exprId).
#pragma once

#include <string>
#include <vector>

#include "plan/logical_plan.h"

namespace tarn::plan::explain {

std::string Join(const std::vector<std::string>& parts, const char* separator = ", ");
/// "name#i" for every column of `schema`.
std::vector<std::string> ColumnTexts(const Schema& schema);
/// "key#0 ASC NULLS FIRST".
std::string SortKeyText(const SortKey& key, const Schema* input);
/// "max(v#1)", "count(DISTINCT a#0) FILTER (WHERE (b#1 > 0))".
std::string AggregateText(const AggregateCall& call, const Schema* input);
/// "row_number() windowspecdefinition(b#1, a#0 ASC NULLS FIRST, range)".
std::string WindowCallText(const WindowCall& call, const Schema* input);
/// "(a#0 = c#0)" per equi key of a join, over the left and right inputs.
std::vector<std::string> JoinKeyConditions(const PlanNode& join);
/// The input of a join condition: left columns, then right columns.
Schema JoinPairSchema(const PlanNode& join);
/// "struct<a:int,b:string>" (Spark's ReadSchema).
std::string StructText(const Schema& schema);

}  // namespace tarn::plan::explain
