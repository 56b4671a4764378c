// EXPLAIN text of the physical plan, in Spark's shapes: the simple tree
//   TakeOrderedAndProject(limit=5, orderBy=[q#1 DESC NULLS LAST], output=[k#0,q#1])
//   +- Filter (l_quantity#1 > 10)
//      +- FileScan parquet [/data/t.parquet][k#0,l_quantity#1] PushedFilters: [...], ReadSchema: struct<...>
// and FORMATTED's numbered outline followed by one block per operator.
#include <cstdio>
#include <functional>
#include <map>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/check.h"
#include "plan/explain_text.h"
#include "plan/physical_plan.h"

namespace tarn::plan {
namespace {

using explain::ColumnTexts;
using explain::Join;

std::string List(const std::vector<std::string>& items, const char* separator = ", ") {
  return "[" + Join(items, separator) + "]";
}

// "Output [2]: [a#0, b#1]", or "Output: []" for none (Spark's layout).
std::string CountedList(const std::string& label, const std::vector<std::string>& items) {
  if (items.empty()) return label + ": []";
  return label + " [" + std::to_string(items.size()) + "]: " + List(items);
}

// Shortest text that reads back as the same double (0.5, 0.1, 1e-05).
std::string DoubleText(double value) {
  char text[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(text, sizeof(text), "%.*g", precision, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

const PlanNode& Logical(const PhysicalNode& node) {
  TARN_CHECK(node.logical != nullptr, "physical node without its logical node");
  return *node.logical;
}

// The columns the operator's expressions refer to: its first input (a join's
// conditions use JoinPairSchema instead).
const Schema* InputSchema(const PhysicalNode& node) {
  if (node.kind == PhysicalKind::kTakeOrderedAndProject) return &node.sort->children[0]->schema;
  const PlanNode& logical = Logical(node);
  return logical.children.empty() ? nullptr : &logical.children[0]->schema;
}

std::vector<std::string> InputColumns(const PhysicalNode& node) {
  const Schema* input = InputSchema(node);
  return input ? ColumnTexts(*input) : std::vector<std::string>{};
}

// Spark's projection list: a column kept under its name prints as itself,
// anything else as "expr AS name#position".
std::vector<std::string> ProjectList(const PlanNode& project) {
  const Schema* input = project.children.empty() ? nullptr : &project.children[0]->schema;
  std::vector<std::string> parts;
  for (size_t i = 0; i < project.exprs.size() && i < project.schema.size(); ++i) {
    const Expr& e = *project.exprs[i];
    const std::string& name = project.schema[i].name;
    bool same_column = e.kind == ExprKind::kColumnRef && input && e.column >= 0 &&
                       static_cast<size_t>(e.column) < input->size() && (*input)[e.column].name == name;
    parts.push_back(same_column ? ToString(e, input) : ToString(e, input) + " AS " + name + "#" + std::to_string(i));
  }
  return parts;
}

// A file table describes itself as "<format> [<location>]" (TableProvider).
bool IsFileScan(const TableProvider& table) {
  std::string d = table.description();
  size_t space = d.find(" [");
  return space != std::string::npos && space > 0 && d.back() == ']' && d.find(' ') == space;
}

std::string PushedFilterText(const TableProvider& table, const ScanFilter& filter) {
  const Schema& schema = table.schema();
  std::string column = filter.column >= 0 && static_cast<size_t>(filter.column) < schema.size()
                           ? schema[filter.column].name
                           : "#" + std::to_string(filter.column);
  switch (filter.op) {
    case ScanFilter::Op::kEq: return "EqualTo(" + column + "," + filter.literal + ")";
    case ScanFilter::Op::kLt: return "LessThan(" + column + "," + filter.literal + ")";
    case ScanFilter::Op::kLe: return "LessThanOrEqual(" + column + "," + filter.literal + ")";
    case ScanFilter::Op::kGt: return "GreaterThan(" + column + "," + filter.literal + ")";
    case ScanFilter::Op::kGe: return "GreaterThanOrEqual(" + column + "," + filter.literal + ")";
    case ScanFilter::Op::kIsNull: return "IsNull(" + column + ")";
    case ScanFilter::Op::kIsNotNull: return "IsNotNull(" + column + ")";
  }
  return "?";
}

std::vector<std::string> PushedFilters(const PlanNode& scan) {
  std::vector<std::string> out;
  for (const ScanFilter& f : scan.scan_filters) out.push_back(PushedFilterText(*scan.table, f));
  return out;
}

// A scan's runtime filters as Spark prints dynamic partition pruning:
// "dynamicpruningexpression(k#0 IN rf3)", rf3 naming the join that builds it.
std::vector<std::string> RuntimeFilters(const PhysicalNode& scan) {
  std::vector<std::string> columns = ColumnTexts(scan.logical->schema);
  std::vector<std::string> out;
  for (const RuntimeFilterTarget& f : scan.runtime_filters) {
    std::string column = static_cast<size_t>(f.column) < columns.size() ? columns[f.column] : "?";
    out.push_back("dynamicpruningexpression(" + column + " IN rf" + std::to_string(f.id) + ")");
  }
  return out;
}

// What a hash join's build side produces: " RuntimeFilters: [rf0, rf1]".
std::string ProducedRuntimeFilters(const PhysicalNode& join) {
  if (join.runtime_filters.empty()) return "";
  std::vector<std::string> ids;
  for (const RuntimeFilterTarget& f : join.runtime_filters) ids.push_back("rf" + std::to_string(f.id));
  return " RuntimeFilters: " + List(ids);
}

std::string BuildSideName(BuildSide side) { return side == BuildSide::kLeft ? "BuildLeft" : "BuildRight"; }

bool IsHashJoin(PhysicalKind kind) {
  return kind == PhysicalKind::kBroadcastHashJoin || kind == PhysicalKind::kShuffledHashJoin;
}

std::vector<std::string> JoinKeys(const PlanNode& join, bool left) {
  const Schema& input = join.children[left ? 0 : 1]->schema;
  std::vector<std::string> keys;
  for (const ExprPtr& k : left ? join.left_keys : join.right_keys) keys.push_back(ToString(*k, &input));
  return keys;
}

std::string JoinCondition(const PlanNode& join) {
  if (!join.condition) return "";
  Schema both = explain::JoinPairSchema(join);
  return ToString(*join.condition, &both);
}

std::vector<std::string> SortKeys(const PlanNode& sort) {
  const Schema* input = sort.children.empty() ? nullptr : &sort.children[0]->schema;
  std::vector<std::string> keys;
  for (const SortKey& k : sort.sort_keys) keys.push_back(explain::SortKeyText(k, input));
  return keys;
}

// HashAggregate: keys, functions, and the results (output columns).
struct AggregateParts {
  std::vector<std::string> keys, functions, results;
};

// The partial half of an aggregate names its functions as Spark does
// ("partial_sum(x#1)"); its results are the keys and those partial values.
AggregateParts Aggregate(const PlanNode& node, AggregateMode mode = AggregateMode::kComplete) {
  AggregateParts parts;
  const Schema* input = node.children.empty() ? nullptr : &node.children[0]->schema;
  if (node.kind == PlanKind::kDistinct) {
    parts.keys = ColumnTexts(node.schema);
    parts.results = parts.keys;
    return parts;
  }
  std::vector<std::string> outputs = ColumnTexts(node.schema);
  for (size_t k = 0; k < node.group_by.size(); ++k) {
    parts.keys.push_back(ToString(*node.group_by[k], input));
    if (k < outputs.size()) parts.results.push_back(outputs[k]);
  }
  for (size_t a = 0; a < node.aggregates.size(); ++a) {
    std::string call = explain::AggregateText(node.aggregates[a], input);
    if (mode == AggregateMode::kPartial) call = "partial_" + call;
    parts.functions.push_back(call);
    if (mode == AggregateMode::kPartial) {
      parts.results.push_back(call);
      continue;
    }
    size_t col = node.group_by.size() + a;
    parts.results.push_back(call + " AS " + (col < outputs.size() ? outputs[col] : "?"));
  }
  return parts;
}

std::vector<std::string> WindowCalls(const PlanNode& node) {
  const Schema* input = node.children.empty() ? nullptr : &node.children[0]->schema;
  size_t first = input ? input->size() : 0;
  std::vector<std::string> outputs = ColumnTexts(node.schema);
  std::vector<std::string> calls;
  for (size_t w = 0; w < node.windows.size(); ++w) {
    size_t col = first + w;
    calls.push_back(explain::WindowCallText(node.windows[w], input) + " AS " + (col < outputs.size() ? outputs[col] : "?"));
  }
  return calls;
}

std::string GenerateArguments(const PlanNode& node) {
  const Schema* input = node.children.empty() ? nullptr : &node.children[0]->schema;
  std::vector<std::string> args;
  for (const ExprPtr& a : node.generator_args) args.push_back(ToString(*a, input));
  std::vector<std::string> outputs = ColumnTexts(node.schema);
  size_t first = input ? input->size() : 0;
  std::vector<std::string> kept(outputs.begin(), outputs.begin() + std::min(first, outputs.size()));
  std::vector<std::string> generated(outputs.begin() + std::min(first, outputs.size()), outputs.end());
  return node.generator_name + "(" + Join(args) + "), " + List(kept) + ", " + (node.outer ? "true" : "false") + ", " +
         List(generated);
}

std::string ExpandArguments(const PlanNode& node) {
  const Schema* input = node.children.empty() ? nullptr : &node.children[0]->schema;
  std::vector<std::string> projections;
  for (const auto& p : node.projections) {
    std::vector<std::string> exprs;
    for (const ExprPtr& e : p) exprs.push_back(ToString(*e, input));
    projections.push_back(List(exprs));
  }
  return List(projections) + ", " + List(ColumnTexts(node.schema));
}

std::string SampleArguments(const PlanNode& node) {
  if (node.sample_rows >= 0) return std::to_string(node.sample_rows) + " ROWS";
  return "0.0, " + DoubleText(node.sample_fraction) + ", false, " + std::to_string(node.sample_seed);
}

std::string SetOperationName(const PlanNode& node) {
  if (node.set_op == "UNION") return "Union Distinct";
  std::string op = node.set_op == "INTERSECT" ? "Intersect" : "Except";
  return op + (node.all ? " All" : " Distinct");
}

std::string LimitArguments(const PlanNode& node) {
  std::string out = std::to_string(node.limit);
  if (node.offset > 0) out += ", " + std::to_string(node.offset);
  return out;
}

// Spark's Sort arguments: keys, global, spill test frequency. A worker's
// local top-N is not global and says how many rows it keeps.
std::string SortArguments(const PhysicalNode& node) {
  std::string keys = List(SortKeys(Logical(node)));
  if (node.top_n < 0) return keys + ", true, 0";
  return keys + ", false, 0, limit=" + std::to_string(node.top_n);
}

std::vector<std::string> TopNOutput(const PhysicalNode& node) {
  return node.project ? ProjectList(*node.project) : ColumnTexts(node.sort->schema);
}

// The one-line text of EXPLAIN's tree.
std::string NodeLine(const PhysicalNode& node) {
  const PlanNode& logical = Logical(node);
  std::string name = PhysicalNodeName(node);
  switch (node.kind) {
    case PhysicalKind::kScan: {
      std::string out = name + " " + logical.table->description() + List(ColumnTexts(logical.schema), ",") +
                        " PushedFilters: " + List(PushedFilters(logical));
      if (!node.runtime_filters.empty()) out += ", RuntimeFilters: " + List(RuntimeFilters(node));
      return out + ", ReadSchema: " + explain::StructText(logical.schema);
    }
    case PhysicalKind::kLocalTableScan:
      if (logical.schema.empty()) return name + "[]";
      return name + " " + List(ColumnTexts(logical.schema));
    case PhysicalKind::kFilter: return name + " " + ToString(*logical.condition, InputSchema(node));
    case PhysicalKind::kProject: return name + " " + List(ProjectList(logical));
    case PhysicalKind::kHashAggregate: {
      AggregateParts parts = Aggregate(logical, node.aggregate_mode);
      return name + "(keys=" + List(parts.keys) + ", functions=" + List(parts.functions) + ")";
    }
    case PhysicalKind::kBroadcastHashJoin:
    case PhysicalKind::kShuffledHashJoin: {
      std::string out = name + " " + List(JoinKeys(logical, true)) + ", " + List(JoinKeys(logical, false)) + ", " +
                        JoinTypeName(logical.join_type) + ", " + BuildSideName(node.build_side);
      std::string cond = JoinCondition(logical);
      return (cond.empty() ? out : out + ", " + cond) + ProducedRuntimeFilters(node);
    }
    case PhysicalKind::kBroadcastNestedLoopJoin: {
      std::string out = name + " " + BuildSideName(node.build_side) + ", " + JoinTypeName(logical.join_type);
      std::string cond = JoinCondition(logical);
      return cond.empty() ? out : out + ", " + cond;
    }
    case PhysicalKind::kCartesianProduct: {
      std::string cond = JoinCondition(logical);
      return cond.empty() ? name : name + " " + cond;
    }
    case PhysicalKind::kSort: return name + " " + SortArguments(node);
    case PhysicalKind::kTakeOrderedAndProject: {
      std::string out = name + "(limit=" + std::to_string(logical.limit);
      if (logical.offset > 0) out += ", offset=" + std::to_string(logical.offset);
      return out + ", orderBy=" + List(SortKeys(*node.sort)) + ", output=" + List(TopNOutput(node), ",") + ")";
    }
    case PhysicalKind::kCollectLimit:
    case PhysicalKind::kGlobalLimit: return name + " " + LimitArguments(logical);
    case PhysicalKind::kWindow: return name + " " + List(WindowCalls(logical));
    case PhysicalKind::kGenerate: return name + " " + GenerateArguments(logical);
    case PhysicalKind::kExpand: return name + " " + ExpandArguments(logical);
    case PhysicalKind::kUnion: return name;
    case PhysicalKind::kHashSetOperation: return name + " " + SetOperationName(logical);
    case PhysicalKind::kSample: return name + " " + SampleArguments(logical);
    case PhysicalKind::kExchange: return name + " SinglePartition";
    case PhysicalKind::kReusedExchange: return name + " " + List(ColumnTexts(logical.schema)) + ", " + NodeLine(*node.reused);
  }
  return name;
}

using LineFn = std::function<std::string(const PhysicalNode&)>;

// Spark's tree layout. With `subqueries`, a node's subquery plans print as
// inner children above its children (":  +- Subquery scalar-subquery").
// With `annotation`, its text is a second line under each node's line.
void Tree(const PhysicalNode& node, const std::string& prefix, const LineFn& line, bool subqueries,
          std::vector<std::string>* out, const LineFn* annotation = nullptr) {
  out->push_back(line(node));
  if (annotation != nullptr) out->push_back(prefix + (node.children.empty() ? "   " : ":  ") + (*annotation)(node));
  if (subqueries) {
    std::string inner = prefix + (node.children.empty() ? "   " : ":  ");
    for (size_t i = 0; i < node.subqueries.size(); ++i) {
      bool last = i + 1 == node.subqueries.size();
      out->push_back(inner + (last ? "+- " : ":- ") + "Subquery scalar-subquery");
      std::string below = inner + (last ? "   " : ":  ");
      size_t at = out->size();
      Tree(*node.subqueries[i].plan, below + "   ", line, subqueries, out, annotation);
      (*out)[at] = below + "+- " + (*out)[at];
    }
  }
  for (size_t i = 0; i < node.children.size(); ++i) {
    bool last = i + 1 == node.children.size();
    size_t at = out->size();
    Tree(*node.children[i], prefix + (last ? "   " : ":  "), line, subqueries, out, annotation);
    (*out)[at] = prefix + (last ? "+- " : ":- ") + (*out)[at];
  }
}

std::string TreeText(const PhysicalNode& root, const LineFn& line, bool subqueries) {
  std::vector<std::string> out;
  Tree(root, "", line, subqueries, &out);
  return Join(out, "\n");
}

// Operator ids as Spark numbers them: children first, left to right.
void PostOrder(const PhysicalNode& node, std::vector<const PhysicalNode*>* out) {
  for (const PhysicalPtr& child : node.children) PostOrder(*child, out);
  out->push_back(&node);
}

// FORMATTED's title of a node: its name, the source of a scan, the type and
// build side of a join.
std::string Title(const PhysicalNode& node) {
  const PlanNode& logical = Logical(node);
  if (node.kind == PhysicalKind::kScan) return "Scan " + logical.table->description();
  if (IsHashJoin(node.kind) || node.kind == PhysicalKind::kBroadcastNestedLoopJoin)
    return PhysicalNodeName(node) + " " + JoinTypeName(logical.join_type) + " " + BuildSideName(node.build_side);
  if (node.kind == PhysicalKind::kCartesianProduct) return PhysicalNodeName(node) + " " + JoinTypeName(logical.join_type);
  return PhysicalNodeName(node);
}

// FORMATTED's block of one node: "(n) Title" and its details.
std::string Block(const PhysicalNode& node, size_t id) {
  const PlanNode& logical = Logical(node);
  // The outline's title shows a join's type and build side; the block names
  // them on lines of their own (Spark's layout).
  std::string header = node.kind == PhysicalKind::kScan ? Title(node) : PhysicalNodeName(node);
  std::vector<std::string> lines = {"(" + std::to_string(id) + ") " + header};
  auto input = [&] { lines.push_back(CountedList("Input", InputColumns(node))); };
  switch (node.kind) {
    case PhysicalKind::kScan: {
      lines.push_back(CountedList("Output", ColumnTexts(logical.schema)));
      std::vector<std::string> pushed = PushedFilters(logical);
      if (!pushed.empty()) lines.push_back("PushedFilters: " + List(pushed));
      if (!node.runtime_filters.empty()) lines.push_back("RuntimeFilters: " + List(RuntimeFilters(node)));
      lines.push_back("ReadSchema: " + explain::StructText(logical.schema));
      break;
    }
    case PhysicalKind::kLocalTableScan:
      lines.push_back(CountedList("Output", ColumnTexts(logical.schema)));
      lines.push_back("Arguments: " + std::to_string(logical.num_values_rows) + " rows");
      break;
    case PhysicalKind::kFilter:
      input();
      lines.push_back("Condition : " + ToString(*logical.condition, InputSchema(node)));
      break;
    case PhysicalKind::kProject:
      lines.push_back(CountedList("Output", ProjectList(logical)));
      input();
      break;
    case PhysicalKind::kHashAggregate: {
      AggregateParts parts = Aggregate(logical, node.aggregate_mode);
      input();
      lines.push_back(CountedList("Keys", parts.keys));
      lines.push_back(CountedList("Functions", parts.functions));
      lines.push_back(CountedList("Results", parts.results));
      break;
    }
    case PhysicalKind::kBroadcastHashJoin:
    case PhysicalKind::kShuffledHashJoin:
    case PhysicalKind::kBroadcastNestedLoopJoin:
    case PhysicalKind::kCartesianProduct: {
      if (IsHashJoin(node.kind)) {
        lines.push_back(CountedList("Left keys", JoinKeys(logical, true)));
        lines.push_back(CountedList("Right keys", JoinKeys(logical, false)));
      }
      lines.push_back("Join type: " + JoinTypeName(logical.join_type));
      lines.push_back("Build side: " + BuildSideName(node.build_side));
      std::string cond = JoinCondition(logical);
      lines.push_back("Join condition: " + (cond.empty() ? std::string("None") : cond));
      std::string produced = ProducedRuntimeFilters(node);
      if (!produced.empty()) lines.push_back(produced.substr(1));  // without the leading space
      break;
    }
    case PhysicalKind::kSort:
      input();
      lines.push_back("Arguments: " + SortArguments(node));
      break;
    case PhysicalKind::kTakeOrderedAndProject: {
      input();
      std::string args = std::to_string(logical.limit);
      if (logical.offset > 0) args += ", " + std::to_string(logical.offset);
      lines.push_back("Arguments: " + args + ", " + List(SortKeys(*node.sort)) + ", " + List(TopNOutput(node)));
      break;
    }
    case PhysicalKind::kCollectLimit:
    case PhysicalKind::kGlobalLimit:
      input();
      lines.push_back("Arguments: " + LimitArguments(logical));
      break;
    case PhysicalKind::kWindow:
      input();
      lines.push_back("Arguments: " + List(WindowCalls(logical)));
      break;
    case PhysicalKind::kGenerate:
      input();
      lines.push_back("Arguments: " + GenerateArguments(logical));
      break;
    case PhysicalKind::kExpand:
      input();
      lines.push_back("Arguments: " + ExpandArguments(logical));
      break;
    case PhysicalKind::kUnion: break;
    case PhysicalKind::kHashSetOperation: lines.push_back("Arguments: " + SetOperationName(logical)); break;
    case PhysicalKind::kSample:
      input();
      lines.push_back("Arguments: " + SampleArguments(logical));
      break;
    case PhysicalKind::kExchange:
      // Its logical node is the pipeline's top: the columns pass through.
      lines.push_back(CountedList("Input", ColumnTexts(logical.schema)));
      lines.push_back("Arguments: SinglePartition");
      break;
    case PhysicalKind::kReusedExchange:
      lines.push_back(CountedList("Output", ColumnTexts(logical.schema)));
      lines.push_back("Arguments: " + NodeLine(*node.reused));
      break;
  }
  return Join(lines, "\n");
}

}  // namespace

std::string PhysicalNodeName(const PhysicalNode& node) {
  switch (node.kind) {
    case PhysicalKind::kScan: return node.logical && node.logical->table && IsFileScan(*node.logical->table) ? "FileScan" : "Scan";
    case PhysicalKind::kLocalTableScan:
      // SELECT without FROM: Spark's one-row relation.
      return node.logical && node.logical->schema.empty() ? "Scan OneRowRelation" : "LocalTableScan";
    case PhysicalKind::kFilter: return "Filter";
    case PhysicalKind::kProject: return "Project";
    case PhysicalKind::kHashAggregate: return "HashAggregate";
    case PhysicalKind::kBroadcastHashJoin: return "BroadcastHashJoin";
    case PhysicalKind::kShuffledHashJoin: return "ShuffledHashJoin";
    case PhysicalKind::kBroadcastNestedLoopJoin: return "BroadcastNestedLoopJoin";
    case PhysicalKind::kCartesianProduct: return "CartesianProduct";
    case PhysicalKind::kSort: return "Sort";
    case PhysicalKind::kTakeOrderedAndProject: return "TakeOrderedAndProject";
    case PhysicalKind::kCollectLimit: return "CollectLimit";
    case PhysicalKind::kGlobalLimit: return "GlobalLimit";
    case PhysicalKind::kWindow: return "Window";
    case PhysicalKind::kGenerate: return "Generate";
    case PhysicalKind::kExpand: return "Expand";
    case PhysicalKind::kUnion: return "Union";
    case PhysicalKind::kHashSetOperation: return "HashSetOperation";
    case PhysicalKind::kSample: return "Sample";
    case PhysicalKind::kExchange: return "Exchange";
    case PhysicalKind::kReusedExchange: return "ReusedExchange";
  }
  return "?";
}

std::string ExplainPhysical(const PhysicalNode& root) {
  return TreeText(root, NodeLine, /*subqueries=*/true);
}

std::string ExplainPhysicalAnnotated(const PhysicalNode& root,
                                     const std::function<std::string(const PhysicalNode&)>& annotation) {
  std::vector<std::string> out;
  LineFn line = NodeLine;
  Tree(root, "", line, /*subqueries=*/true, &out, &annotation);
  return Join(out, "\n");
}

// The outline and blocks of the plan, then a "===== Subqueries =====" section
// with each subquery's outline and blocks, operator ids numbering on.
std::string ExplainPhysicalFormatted(const PhysicalNode& root) {
  std::map<const PhysicalNode*, size_t> ids;
  struct Hosted {
    const PhysicalSubquery* subquery;
    size_t host_id;
  };
  std::vector<Hosted> pending;
  auto section = [&](const PhysicalNode& plan) {
    std::vector<const PhysicalNode*> nodes;
    PostOrder(plan, &nodes);
    for (const PhysicalNode* n : nodes) {
      size_t id = ids.size() + 1;
      ids[n] = id;
    }
    std::string outline = TreeText(
        plan, [&](const PhysicalNode& n) { return Title(n) + " (" + std::to_string(ids[&n]) + ")"; }, false);
    std::vector<std::string> blocks;
    for (const PhysicalNode* n : nodes) {
      blocks.push_back(Block(*n, ids[n]));
      for (const PhysicalSubquery& sub : n->subqueries) pending.push_back({&sub, ids[n]});
    }
    return outline + "\n\n\n" + Join(blocks, "\n\n");
  };
  std::string out = section(root);
  if (!pending.empty()) out += "\n\n===== Subqueries =====";
  for (size_t i = 0; i < pending.size(); ++i) {  // pending grows with nested subqueries
    Hosted hosted = pending[i];
    out += "\n\nSubquery:" + std::to_string(i + 1) + " Hosting operator id = " + std::to_string(hosted.host_id) +
           " Hosting Expression = scalar-subquery\n" + section(*hosted.subquery->plan);
  }
  return out;
}

}  // namespace tarn::plan
