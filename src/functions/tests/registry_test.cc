#include "functions/registry.h"

#include <gtest/gtest.h>

namespace tarn {
namespace {

TEST(FunctionRegistryTest, FindsByAnyCase) {
  FunctionRegistry registry;
  FunctionInfo info;
  info.name = "Upper";
  registry.Add(info);
  registry.AddAlias("ucase", "upper");
  ASSERT_NE(registry.Find("UPPER"), nullptr);
  EXPECT_EQ(registry.Find("upper")->name, "upper");
  EXPECT_EQ(registry.Find("UCase")->name, "ucase");
  EXPECT_EQ(registry.Find("lower"), nullptr);
  EXPECT_EQ(registry.Names(), (std::vector<std::string>{"ucase", "upper"}));
}

TEST(FunctionRegistryTest, BuiltinsAreLowerCaseAndDescribed) {
  for (const std::string& name : FunctionRegistry::Builtin().Names()) {
    const FunctionInfo* info = FunctionRegistry::Builtin().Find(name);
    ASSERT_NE(info, nullptr);
    EXPECT_FALSE(info->usage.empty()) << name;
    switch (info->kind) {
      case FunctionKind::kScalar: EXPECT_TRUE(static_cast<bool>(info->scalar)) << name; break;
      case FunctionKind::kAggregate: EXPECT_TRUE(static_cast<bool>(info->aggregate)) << name; break;
      case FunctionKind::kGenerator: EXPECT_TRUE(static_cast<bool>(info->generator)) << name; break;
      default: break;
    }
  }
}

}  // namespace
}  // namespace tarn
