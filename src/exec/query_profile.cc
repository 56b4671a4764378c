#include "exec/query_profile.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

#include "plan/adaptive_plan.h"

namespace tarn::exec {
namespace {

using plan::PhysicalKind;
using plan::PhysicalNode;

// Operators that hold rows or hash tables (and will spill): the others
// stream and their memory line would always read 0.
bool HoldsMemory(PhysicalKind kind) {
  switch (kind) {
    case PhysicalKind::kHashAggregate:
    case PhysicalKind::kBroadcastHashJoin:
    case PhysicalKind::kShuffledHashJoin:
    case PhysicalKind::kBroadcastNestedLoopJoin:
    case PhysicalKind::kCartesianProduct:
    case PhysicalKind::kSort:
    case PhysicalKind::kTakeOrderedAndProject:
    case PhysicalKind::kWindow:
    case PhysicalKind::kHashSetOperation: return true;
    default: return false;
  }
}

std::string Milliseconds(int64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.3f ms", static_cast<double>(ns) / 1e6);
  return buf;
}

std::string Bytes(int64_t bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f %s", value, kUnits[unit]);
  return buf;
}

}  // namespace

OperatorStats QueryProfile::Stats(const PhysicalNode& node) const {
  auto it = operators.find(&node);
  return it == operators.end() ? OperatorStats{} : it->second;
}

int64_t QueryProfile::SelfTimeNs(const PhysicalNode& node) const {
  int64_t self = Stats(node).time_ns;
  for (const plan::PhysicalPtr& child : node.children) self -= Stats(*child).time_ns;
  for (const plan::PhysicalSubquery& sub : node.subqueries) self -= Stats(*sub.plan).time_ns;
  return std::max<int64_t>(self, 0);
}

int64_t QueryProfile::RowsIn(const PhysicalNode& node) const {
  int64_t rows = 0;
  for (const plan::PhysicalPtr& child : node.children) rows += Stats(*child).rows_out;
  return rows;
}

// One line per operator, Spark UI's metric names shortened:
//   time=12.345 ms, self=1.234 ms, rows in=100, rows out=10, batches=1, peak memory=1.0 KiB, spill=0 B
// Under adaptive execution the tree is the final plan (AdaptiveSparkPlan
// isFinalPlan=true): joins re-planned from their actual build sizes show
// their new strategy and what they were planned as.
std::string FormatQueryProfile(const QueryProfile& profile) {
  const PhysicalNode& root = *profile.plan.root;
  std::map<const PhysicalNode*, const PhysicalNode*> original;  // final plan's node → the node that ran
  plan::PhysicalPtr final_root;
  if (profile.plan.adaptive) {
    auto build_bytes = [&](const PhysicalNode& node) -> std::optional<int64_t> {
      int64_t bytes = profile.Stats(node).build_bytes;
      return bytes >= 0 ? std::optional<int64_t>(bytes) : std::nullopt;
    };
    final_root = plan::FinalAdaptivePlan(root, build_bytes, profile.plan.adaptive_broadcast_join_threshold, &original);
  }
  auto ran = [&](const PhysicalNode& node) -> const PhysicalNode& {
    auto it = original.find(&node);
    return it == original.end() ? node : *it->second;
  };
  auto metrics = [&](const PhysicalNode& shown) {
    const PhysicalNode& node = ran(shown);
    OperatorStats stats = profile.Stats(node);
    std::string text = "time=" + Milliseconds(stats.time_ns) + ", self=" + Milliseconds(profile.SelfTimeNs(node));
    if (!node.children.empty()) text += ", rows in=" + std::to_string(profile.RowsIn(node));
    text += ", rows out=" + std::to_string(stats.rows_out) + ", batches=" + std::to_string(stats.batches_out);
    if (HoldsMemory(node.kind)) {
      text += ", peak memory=" + Bytes(stats.peak_memory_bytes) + ", spill=" + Bytes(stats.spill_bytes);
    }
    if (stats.build_rows >= 0) {
      text += ", build rows=" + std::to_string(stats.build_rows) + ", build size=" + Bytes(stats.build_bytes);
    }
    if (shown.kind != node.kind) text += ", planned as " + plan::PhysicalNodeName(node);
    if (!node.runtime_filters.empty() && node.kind == PhysicalKind::kScan) {
      text += ", runtime filter rows dropped=" + std::to_string(stats.runtime_filter_rows_dropped) +
              ", tasks pruned=" + std::to_string(stats.runtime_filter_tasks_pruned);
    }
    return text;
  };
  OperatorStats total = profile.Stats(root);
  std::string tree = final_root ? plan::AdaptiveSparkPlanText(plan::ExplainPhysicalAnnotated(*final_root, metrics),
                                                              /*final_plan=*/true)
                                : plan::ExplainPhysicalAnnotated(root, metrics);
  return "== Physical Plan (analyzed) ==\n" + tree + "\n\nQuery: time=" + Milliseconds(total.time_ns) +
         ", rows=" + std::to_string(total.rows_out) + ", peak memory=" + Bytes(profile.peak_memory_bytes) + "\n";
}

}  // namespace tarn::exec
