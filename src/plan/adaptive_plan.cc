#include "plan/adaptive_plan.h"

#include <sstream>

namespace tarn::plan {
namespace {

bool IsHashJoin(const PhysicalNode& node) {
  return node.kind == PhysicalKind::kBroadcastHashJoin || node.kind == PhysicalKind::kShuffledHashJoin;
}

PhysicalPtr Copy(const PhysicalNode& node,
                 const std::function<std::optional<int64_t>(const PhysicalNode&)>& build_bytes, int64_t threshold,
                 std::map<const PhysicalNode*, const PhysicalNode*>* original) {
  auto copy = std::make_shared<PhysicalNode>(node);
  if (node.kind == PhysicalKind::kShuffledHashJoin && threshold >= 0) {
    std::optional<int64_t> bytes = build_bytes(node);
    if (bytes && *bytes <= threshold) copy->kind = PhysicalKind::kBroadcastHashJoin;
  }
  for (PhysicalPtr& child : copy->children) child = Copy(*child, build_bytes, threshold, original);
  for (PhysicalSubquery& sub : copy->subqueries) sub.plan = Copy(*sub.plan, build_bytes, threshold, original);
  (*original)[copy.get()] = &node;
  return copy;
}

}  // namespace

bool HasAdaptiveWork(const PhysicalNode& root) {
  if (IsHashJoin(root)) return true;
  for (const PhysicalSubquery& sub : root.subqueries)
    if (HasAdaptiveWork(*sub.plan)) return true;
  for (const PhysicalPtr& child : root.children)
    if (HasAdaptiveWork(*child)) return true;
  return false;
}

std::string AdaptiveSparkPlanText(const std::string& tree, bool final_plan) {
  std::string out = std::string("AdaptiveSparkPlan isFinalPlan=") + (final_plan ? "true" : "false");
  std::istringstream lines(tree);
  std::string line;
  bool first = true;
  while (std::getline(lines, line)) {
    out += "\n" + std::string(first ? "+- " : "   ") + line;
    first = false;
  }
  return out;
}

PhysicalPtr FinalAdaptivePlan(const PhysicalNode& root,
                              const std::function<std::optional<int64_t>(const PhysicalNode&)>& build_bytes,
                              int64_t threshold, std::map<const PhysicalNode*, const PhysicalNode*>* original) {
  return Copy(root, build_bytes, threshold, original);
}

}  // namespace tarn::plan
