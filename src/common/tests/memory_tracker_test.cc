// MemoryTracker::CountBufferMemory: the limit covers the columnar buffers
// allocated since the call, whether or not an operator accounts them.
#include <gtest/gtest.h>

#include "common/allocator.h"
#include "common/error.h"
#include "common/memory_tracker.h"

namespace tarn {
namespace {

TEST(MemoryTrackerTest, LimitCoversBuffersNobodyAccounts) {
  MemoryTracker query("query", 1000);
  query.CountBufferMemory();
  MemoryTracker op("sort", 0, &query);
  ASSERT_TRUE(op.Reserve(400).ok());
  CountBufferBytes(700);  // e.g. scan pages: 700 bytes of buffers, accounted by nobody
  Status refused = op.Reserve(400);
  EXPECT_EQ(refused.info().error_class, ErrorClass::kMemoryLimitExceeded);
  EXPECT_NE(refused.info().ToString().find("buffers: 700"), std::string::npos) << refused.info().ToString();
  EXPECT_EQ(op.current(), 400);  // nothing accounted by the refused call
  EXPECT_EQ(query.current(), 400);
  // Accounted and buffer bytes overlap: the larger counts, not the sum.
  ASSERT_TRUE(op.Reserve(200).ok());
  CountBufferBytes(-700);
  EXPECT_TRUE(op.Reserve(300).ok());
  op.Release(900);
}

TEST(MemoryTrackerTest, WithoutCountBufferMemoryOnlyAccountedBytesCount) {
  MemoryTracker query("query", 1000);
  CountBufferBytes(5000);
  EXPECT_TRUE(query.Reserve(900).ok());
  CountBufferBytes(-5000);
  query.Release(900);
}

TEST(AllocatorTest, BufferBytesFollowReports) {
  int64_t before = BufferBytes();
  CountBufferBytes(int64_t{3} << 20);
  EXPECT_EQ(BufferBytes() - before, int64_t{3} << 20);
  CountBufferBytes(-(int64_t{3} << 20));
  EXPECT_EQ(BufferBytes(), before);
  ReleaseFreeMemory();  // safe at any time
}

}  // namespace
}  // namespace tarn
