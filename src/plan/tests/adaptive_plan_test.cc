// Adaptive execution's plan text and final plan: AdaptiveSparkPlan's root
// line, and ShuffledHashJoins switched to broadcast by their actual build size.
#include "plan/adaptive_plan.h"

#include <gtest/gtest.h>

namespace tarn::plan {
namespace {

PhysicalPtr Node(PhysicalKind kind, std::vector<PhysicalPtr> children = {}) {
  auto node = std::make_shared<PhysicalNode>();
  node->kind = kind;
  node->children = std::move(children);
  return node;
}

TEST(AdaptivePlanTest, RootLineIndentsTheTree) {
  EXPECT_EQ(AdaptiveSparkPlanText("A\n+- B\n   +- C", false),
            "AdaptiveSparkPlan isFinalPlan=false\n+- A\n   +- B\n      +- C");
  EXPECT_EQ(AdaptiveSparkPlanText("A", true), "AdaptiveSparkPlan isFinalPlan=true\n+- A");
}

TEST(AdaptivePlanTest, OnlyPlansWithHashJoinsAreAdaptive) {
  EXPECT_FALSE(HasAdaptiveWork(*Node(PhysicalKind::kExchange, {Node(PhysicalKind::kScan)})));
  EXPECT_TRUE(HasAdaptiveWork(*Node(PhysicalKind::kExchange, {Node(PhysicalKind::kShuffledHashJoin)})));
  auto with_subquery = std::make_shared<PhysicalNode>();
  with_subquery->kind = PhysicalKind::kProject;
  with_subquery->subqueries.push_back({nullptr, Node(PhysicalKind::kBroadcastHashJoin)});
  EXPECT_TRUE(HasAdaptiveWork(*with_subquery));
}

TEST(AdaptivePlanTest, SmallActualBuildsBecomeBroadcast) {
  PhysicalPtr small = Node(PhysicalKind::kShuffledHashJoin, {Node(PhysicalKind::kScan), Node(PhysicalKind::kScan)});
  PhysicalPtr large = Node(PhysicalKind::kShuffledHashJoin, {small, Node(PhysicalKind::kScan)});
  PhysicalPtr unbuilt = Node(PhysicalKind::kShuffledHashJoin);
  PhysicalPtr root = Node(PhysicalKind::kUnion, {large, unbuilt});
  auto bytes = [&](const PhysicalNode& node) -> std::optional<int64_t> {
    if (&node == small.get()) return 100;
    if (&node == large.get()) return 1 << 30;
    return std::nullopt;
  };
  std::map<const PhysicalNode*, const PhysicalNode*> original;
  PhysicalPtr final_root = FinalAdaptivePlan(*root, bytes, 1024, &original);
  const PhysicalNode& final_large = *final_root->children[0];
  EXPECT_EQ(final_large.kind, PhysicalKind::kShuffledHashJoin);
  EXPECT_EQ(final_large.children[0]->kind, PhysicalKind::kBroadcastHashJoin);
  EXPECT_EQ(final_root->children[1]->kind, PhysicalKind::kShuffledHashJoin);  // never built
  EXPECT_EQ(original.at(final_large.children[0].get()), small.get());
  EXPECT_EQ(original.at(final_root.get()), root.get());
  // The plan that ran is untouched; a negative threshold switches nothing.
  EXPECT_EQ(small->kind, PhysicalKind::kShuffledHashJoin);
  original.clear();
  EXPECT_EQ(FinalAdaptivePlan(*root, bytes, -1, &original)->children[0]->children[0]->kind,
            PhysicalKind::kShuffledHashJoin);
}

}  // namespace
}  // namespace tarn::plan
