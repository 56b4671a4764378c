// The window_funcs group: ranking and offset functions. The executor
// evaluates them over window frames; the registry only describes them.
#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {
namespace {

FunctionInfo Window(const char* name, const char* usage, const char* examples) {
  FunctionInfo info;
  info.name = name;
  info.kind = FunctionKind::kWindow;
  info.group = "window_funcs";
  info.usage = usage;
  info.examples = examples;
  return info;
}

}  // namespace

void RegisterWindowFunctions(FunctionRegistry& registry) {
  registry.Add(Window(
      "row_number",
      "_FUNC_() - Assigns a unique, sequential number to each row, starting with one, according to the ordering "
      "of rows within the window partition.",
      "> SELECT a, b, _FUNC_() OVER (PARTITION BY a ORDER BY b) FROM VALUES ('A1', 2), ('A1', 1), ('A2', 3), "
      "('A1', 1) tab(a, b);\n A1\t1\t1\n A1\t1\t2\n A1\t2\t3\n A2\t3\t1"));
  registry.Add(Window(
      "rank",
      "_FUNC_() - Computes the rank of a value in a group of values. The result is one plus the number of rows "
      "preceding or equal to the current row in the ordering of the partition. The values will produce gaps in "
      "the sequence.",
      "> SELECT a, b, _FUNC_(b) OVER (PARTITION BY a ORDER BY b) FROM VALUES ('A1', 2), ('A1', 1), ('A2', 3), "
      "('A1', 1) tab(a, b);\n A1\t1\t1\n A1\t1\t1\n A1\t2\t3\n A2\t3\t1"));
  registry.Add(Window(
      "dense_rank",
      "_FUNC_() - Computes the rank of a value in a group of values. The result is one plus the previously "
      "assigned rank value. Unlike the function rank, dense_rank will not produce gaps in the ranking sequence.",
      "> SELECT a, b, _FUNC_(b) OVER (PARTITION BY a ORDER BY b) FROM VALUES ('A1', 2), ('A1', 1), ('A2', 3), "
      "('A1', 1) tab(a, b);\n A1\t1\t1\n A1\t1\t1\n A1\t2\t2\n A2\t3\t1"));
  registry.Add(Window(
      "percent_rank",
      "_FUNC_() - Computes the percentage ranking of a value in a group of values.",
      "> SELECT a, b, _FUNC_(b) OVER (PARTITION BY a ORDER BY b) FROM VALUES ('A1', 2), ('A1', 1), ('A2', 3), "
      "('A1', 1) tab(a, b);\n A1\t1\t0.0\n A1\t1\t0.0\n A1\t2\t1.0\n A2\t3\t0.0"));
  registry.Add(Window(
      "cume_dist",
      "_FUNC_() - Computes the position of a value relative to all values in the partition.",
      "> SELECT a, b, _FUNC_() OVER (PARTITION BY a ORDER BY b) FROM VALUES ('A1', 2), ('A1', 1), ('A2', 3), "
      "('A1', 1) tab(a, b);\n A1\t1\t0.6666666666666666\n A1\t1\t0.6666666666666666\n A1\t2\t1.0\n A2\t3\t1.0"));
  registry.Add(Window(
      "ntile",
      "_FUNC_(n) - Divides the rows for each window partition into `n` buckets ranging from 1 to at most `n`.",
      "> SELECT a, b, _FUNC_(2) OVER (PARTITION BY a ORDER BY b) FROM VALUES ('A1', 2), ('A1', 1), ('A2', 3), "
      "('A1', 1) tab(a, b);\n A1\t1\t1\n A1\t1\t1\n A1\t2\t2\n A2\t3\t1"));
  registry.Add(Window(
      "lag",
      "_FUNC_(input[, offset[, default]]) - Returns the value of `input` at the `offset`th row before the current "
      "row in the window. The default value of `offset` is 1 and the default value of `default` is null. If the "
      "value of `input` at the `offset`th row is null, null is returned. If there is no such offset row (e.g., "
      "when the offset is 1, the first row of the window does not have any previous row), `default` is returned.",
      "> SELECT a, b, _FUNC_(b) OVER (PARTITION BY a ORDER BY b) FROM VALUES ('A1', 2), ('A1', 1), ('A2', 3), "
      "('A1', 1) tab(a, b);\n A1\t1\tNULL\n A1\t1\t1\n A1\t2\t1\n A2\t3\tNULL"));
  registry.Add(Window(
      "lead",
      "_FUNC_(input[, offset[, default]]) - Returns the value of `input` at the `offset`th row after the current "
      "row in the window. The default value of `offset` is 1 and the default value of `default` is null. If the "
      "value of `input` at the `offset`th row is null, null is returned. If there is no such an offset row (e.g., "
      "when the offset is 1, the last row of the window does not have any subsequent row), `default` is "
      "returned.",
      "> SELECT a, b, _FUNC_(b) OVER (PARTITION BY a ORDER BY b) FROM VALUES ('A1', 2), ('A1', 1), ('A2', 3), "
      "('A1', 1) tab(a, b);\n A1\t1\t1\n A1\t1\t2\n A1\t2\tNULL\n A2\t3\tNULL"));
  registry.Add(Window(
      "nth_value",
      "_FUNC_(input[, offset]) - Returns the value of `input` at the row that is the `offset`th row from "
      "beginning of the window frame. Offset starts at 1. If ignoreNulls=true, we will skip nulls when finding "
      "the `offset`th row. Otherwise, every row counts for the `offset`. If there is no such an `offset`th row "
      "(e.g., when the offset is 10, size of the window frame is less than 10), null is returned.",
      "> SELECT a, b, _FUNC_(b, 2) OVER (PARTITION BY a ORDER BY b) FROM VALUES ('A1', 2), ('A1', 1), ('A2', 3), "
      "('A1', 1) tab(a, b);\n A1\t1\t1\n A1\t1\t1\n A1\t2\t1\n A2\t3\tNULL"));
}

}  // namespace tarn
