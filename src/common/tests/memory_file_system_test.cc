#include "common/memory_file_system.h"

#include <gtest/gtest.h>

namespace tarn {
namespace {

std::vector<std::string> Names(const std::vector<FileInfo>& infos) {
  std::vector<std::string> names;
  for (const FileInfo& info : infos) names.push_back(info.path + (info.is_directory ? "/" : ""));
  return names;
}

TEST(MemoryFileSystemTest, WritesBecomeVisibleAtClose) {
  MemoryFileSystem fs;
  auto file = fs.OpenForWrite("/t/a.txt");
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE((*file)->Append("hello").ok());
  EXPECT_FALSE(fs.Exists("/t/a.txt"));
  ASSERT_TRUE((*file)->Close().ok());
  auto text = fs.ReadFile("/t/a.txt");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "hello");
}

TEST(MemoryFileSystemTest, ListsDirectChildrenSortedWithImplicitDirectories) {
  MemoryFileSystem fs;
  ASSERT_TRUE(fs.WriteFile("/t/_delta_log/00.json", "{}").ok());
  ASSERT_TRUE(fs.WriteFile("/t/b.parquet", "x").ok());
  ASSERT_TRUE(fs.WriteFile("/t/a.parquet", "y").ok());
  ASSERT_TRUE(fs.CreateDirectories("/t/empty/inner").ok());
  auto listing = fs.List("/t");
  ASSERT_TRUE(listing.ok());
  EXPECT_EQ(Names(*listing), (std::vector<std::string>{"/t/_delta_log/", "/t/a.parquet", "/t/b.parquet", "/t/empty/"}));
  auto stat = fs.Stat("/t/_delta_log");
  ASSERT_TRUE(stat.ok());
  EXPECT_TRUE(stat->is_directory);
  EXPECT_EQ(fs.List("/missing").status().code(), StatusCode::kNotFound);
}

TEST(MemoryFileSystemTest, PutIfAbsentLosesToAnExistingFile) {
  MemoryFileSystem fs;
  ASSERT_TRUE(fs.PutIfAbsent("/t/_delta_log/00000000000000000000.json", "first").ok());
  Status second = fs.PutIfAbsent("/t/_delta_log/00000000000000000000.json", "second");
  EXPECT_EQ(second.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(*fs.ReadFile("/t/_delta_log/00000000000000000000.json"), "first");
}

TEST(MemoryFileSystemTest, InjectedFailuresChangeNothing) {
  MemoryFileSystem fs;
  fs.FailAfterWrites(1);
  ASSERT_TRUE(fs.WriteFile("/t/one", "1").ok());
  EXPECT_EQ(fs.PutIfAbsent("/t/two", "2").code(), StatusCode::kIoError);
  EXPECT_EQ(fs.Delete("/t/one").code(), StatusCode::kIoError);
  EXPECT_FALSE(fs.Exists("/t/two"));
  EXPECT_TRUE(fs.Exists("/t/one"));
  fs.FailAfterWrites(-1);
  EXPECT_TRUE(fs.Delete("/t/one").ok());
  EXPECT_FALSE(fs.Exists("/t/one"));
}

TEST(MemoryFileSystemTest, ReadersKeepTheBytesTheyOpened) {
  MemoryFileSystem fs;
  fs.SetClock(1000);
  ASSERT_TRUE(fs.WriteFile("/f", "old").ok());
  auto reader = fs.OpenForRead("/f");
  ASSERT_TRUE(reader.ok());
  ASSERT_TRUE(fs.WriteFile("/f", "newer").ok());
  std::string bytes(3, '\0');
  ASSERT_TRUE((*reader)->ReadAt(0, 3, reinterpret_cast<uint8_t*>(bytes.data())).ok());
  EXPECT_EQ(bytes, "old");
  EXPECT_EQ(fs.Stat("/f")->modification_time_ms, 1000);
}

}  // namespace
}  // namespace tarn
