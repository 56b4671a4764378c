#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "common/config.h"
#include "common/file_system.h"
#include "common/memory_tracker.h"
#include "common/thread_pool.h"

namespace tarn {
namespace {

TEST(ConfigTest, DefaultsAndValidation) {
  Config config;
  EXPECT_TRUE(config.GetBool("spark.sql.ansi.enabled"));
  ASSERT_TRUE(config.Set("spark.sql.ansi.enabled", "FALSE").ok());
  EXPECT_FALSE(config.GetBool("spark.sql.ansi.enabled"));
  Status bad = config.Set("spark.sql.ansi.enabled", "maybe");
  EXPECT_EQ(bad.info().error_class, ErrorClass::kInvalidConfValue);
  ASSERT_TRUE(config.Set("spark.tarn.memory.limit", "2g").ok());
  EXPECT_EQ(config.GetBytes("spark.tarn.memory.limit"), int64_t{2} << 30);
  ASSERT_TRUE(config.Set("spark.some.unknown.key", "x").ok());
  EXPECT_EQ(config.Get("spark.some.unknown.key"), "x");
}

TEST(FileSystemTest, PutIfAbsentIsExclusive) {
  auto fs = LocalFileSystem();
  std::string dir = ::testing::TempDir() + "/tarn_fs_test";
  ASSERT_TRUE(fs->Delete(dir).ok());
  std::string path = dir + "/_delta_log/00000000000000000000.json";
  ASSERT_TRUE(fs->PutIfAbsent(path, "first").ok());
  Status second = fs->PutIfAbsent(path, "second");
  EXPECT_EQ(second.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(*fs->ReadFile(path), "first");
  auto listing = fs->List(dir + "/_delta_log");
  ASSERT_TRUE(listing.ok());
  ASSERT_EQ(listing->size(), 1u);  // no temporary files left behind
  EXPECT_EQ(fs->ReadFile(dir + "/missing").status().code(), StatusCode::kNotFound);
}

TEST(ThreadPoolTest, ParallelForRunsEveryIndexAndReportsFailure) {
  ThreadPool pool(2);
  std::atomic<int> sum{0};
  ASSERT_TRUE(ParallelFor(&pool, 100, [&](size_t i) {
                sum += static_cast<int>(i);
                return Status::Ok();
              }).ok());
  EXPECT_EQ(sum.load(), 4950);
  Status failed = ParallelFor(&pool, 10, [&](size_t i) {
    if (i == 7) return Status::Internal("seven");
    return Status::Ok();
  });
  EXPECT_EQ(failed.code(), StatusCode::kInternal);
}

TEST(MemoryTrackerTest, LimitIsEnforcedThroughParents) {
  MemoryTracker query("query", 100);
  MemoryTracker op("hash join", 0, &query);
  ASSERT_TRUE(op.Reserve(60).ok());
  EXPECT_EQ(op.Reserve(60).info().error_class, ErrorClass::kMemoryLimitExceeded);
  EXPECT_EQ(op.current(), 60);
  EXPECT_EQ(query.current(), 60);
  op.Release(60);
  EXPECT_EQ(query.current(), 0);
  EXPECT_EQ(query.peak(), 60);
}

}  // namespace
}  // namespace tarn
