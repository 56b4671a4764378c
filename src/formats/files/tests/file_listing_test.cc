#include "formats/files/file_listing.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/error.h"

namespace tarn {
namespace {

class FileListingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string temp = ::testing::TempDir();
    if (!temp.empty() && temp.back() == '/') temp.pop_back();
    root_ = temp + "/tarn_file_listing_" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_TRUE(fs_->Delete(root_).ok());
    ASSERT_TRUE(fs_->CreateDirectories(root_).ok());
  }
  void TearDown() override { (void)fs_->Delete(root_); }

  void Write(const std::string& relative, const std::string& contents = "x") {
    ASSERT_TRUE(fs_->WriteFile(root_ + "/" + relative, contents).ok()) << relative;
  }
  std::vector<std::string> Relative(const FileListing& listing) {
    std::vector<std::string> out;
    for (const InputFile& f : listing.files) out.push_back(f.path.substr(root_.size() + 1));
    return out;
  }
  std::string ErrorClassOf(const std::string& path, const ListOptions& options = {}) {
    try {
      ListInputFiles(*fs_, path, options);
    } catch (const Error& e) {
      return std::string(ErrorClassName(e.info().error_class));
    }
    return "no error";
  }

  std::shared_ptr<FileSystem> fs_ = LocalFileSystem();
  std::string root_;
};

TEST_F(FileListingTest, SingleFileAndDirectory) {
  Write("a.csv", "12345");
  Write("b.csv");
  FileListing one = ListInputFiles(*fs_, root_ + "/a.csv");
  ASSERT_EQ(one.files.size(), 1u);
  EXPECT_EQ(one.files[0].path, root_ + "/a.csv");
  EXPECT_EQ(one.files[0].size, 5u);
  EXPECT_TRUE(one.partition_schema.empty());

  FileListing dir = ListInputFiles(*fs_, root_ + "/");
  EXPECT_EQ(Relative(dir), (std::vector<std::string>{"a.csv", "b.csv"}));
}

TEST_F(FileListingTest, SkipsHiddenFilesAndDescendsIntoSubdirectories) {
  Write("b.csv");
  Write("_SUCCESS");
  Write(".a.csv.crc");
  Write("x.csv._COPYING_");
  Write("_temporary/0/part.csv");
  Write("sub/c.csv");
  Write("sub/.hidden/d.csv");
  FileListing listing = ListInputFiles(*fs_, root_);
  EXPECT_EQ(Relative(listing), (std::vector<std::string>{"b.csv", "sub/c.csv"}));
  EXPECT_TRUE(listing.partition_schema.empty());
}

TEST_F(FileListingTest, MissingPathIsPathNotFound) {
  EXPECT_EQ(ErrorClassOf(root_ + "/nope"), "PATH_NOT_FOUND");
  EXPECT_EQ(ErrorClassOf(root_ + "/*.json"), "PATH_NOT_FOUND");
  EXPECT_EQ(ErrorClassOf(""), "PATH_NOT_FOUND");
}

TEST_F(FileListingTest, GlobPatterns) {
  Write("d1/a.csv");
  Write("d1/b.json");
  Write("d2/c.csv");
  Write("e3/d.csv");
  Write("d2/_hidden.csv");
  EXPECT_EQ(Relative(ListInputFiles(*fs_, root_ + "/d*/*.csv")),
            (std::vector<std::string>{"d1/a.csv", "d2/c.csv"}));
  EXPECT_EQ(Relative(ListInputFiles(*fs_, root_ + "/{d1,e3}")),
            (std::vector<std::string>{"d1/a.csv", "d1/b.json", "e3/d.csv"}));
  EXPECT_EQ(Relative(ListInputFiles(*fs_, root_ + "/[de][13]/?.csv")),
            (std::vector<std::string>{"d1/a.csv", "e3/d.csv"}));
  EXPECT_EQ(Relative(ListInputFiles(*fs_, root_ + "/[^e]2")), (std::vector<std::string>{"d2/c.csv"}));
  ListOptions filter;
  filter.path_glob_filter = "*.json";
  EXPECT_EQ(Relative(ListInputFiles(*fs_, root_, filter)), (std::vector<std::string>{"d1/b.json"}));
}

TEST_F(FileListingTest, GlobMatchSegments) {
  EXPECT_TRUE(GlobMatch("*.csv", "a.csv"));
  EXPECT_FALSE(GlobMatch("*.csv", "a.csvx"));
  EXPECT_TRUE(GlobMatch("a?c", "abc"));
  EXPECT_TRUE(GlobMatch("[a-c]x", "bx"));
  EXPECT_FALSE(GlobMatch("[!a-c]x", "bx"));
  EXPECT_TRUE(GlobMatch("{x,y{1,2}}.z", "y2.z"));
  EXPECT_FALSE(GlobMatch("{x,y{1,2}}.z", "y3.z"));
  EXPECT_TRUE(GlobMatch("a\\*b", "a*b"));
  EXPECT_FALSE(GlobMatch("a\\*b", "axb"));
  EXPECT_TRUE(GlobMatch("[abc", "[abc"));  // unclosed: literal
  EXPECT_FALSE(GlobMatch("{a,b", "a"));
  EXPECT_TRUE(GlobMatch("**a*", "bba"));
  // Pathological brace nesting stays bounded.
  std::string big;
  for (int i = 0; i < 20; ++i) big += "{a,b}";
  EXPECT_FALSE(GlobMatch(big, "c"));
}

TEST_F(FileListingTest, HivePartitionsWithTypes) {
  Write("year=2024/month=01/day=2024-01-05/ts=2024-01-05 10%3A00%3A00/p=1.5/s=a%2Fb/big=12345678901/f.csv");
  Write("year=2023/month=12/day=2023-12-31/ts=2023-12-31 23%3A59%3A59/p=2/s=x/big=7/g.csv");
  FileListing listing = ListInputFiles(*fs_, root_);
  ASSERT_EQ(listing.files.size(), 2u);
  std::vector<std::string> names, types;
  for (const Field& f : listing.partition_schema) {
    names.push_back(f.name);
    types.push_back(f.type.ToString());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"year", "month", "day", "ts", "p", "s", "big"}));
  EXPECT_EQ(types, (std::vector<std::string>{"int", "int", "date", "timestamp", "double", "string", "bigint"}));
  // Sorted by path: year=2023 first.
  EXPECT_EQ(listing.files[0].partition_values[0], "2023");
  EXPECT_EQ(listing.files[1].partition_values[1], "01");
  EXPECT_EQ(listing.files[1].partition_values[3], "2024-01-05 10:00:00");
  EXPECT_EQ(listing.files[1].partition_values[5], "a/b");

  ListOptions no_inference;
  no_inference.infer_partition_column_types = false;
  FileListing strings = ListInputFiles(*fs_, root_, no_inference);
  for (const Field& f : strings.partition_schema) EXPECT_EQ(f.type.ToString(), "string") << f.name;
}

TEST_F(FileListingTest, DefaultPartitionIsNullAndNullOnlyIsString) {
  Write("a=__HIVE_DEFAULT_PARTITION__/b=__HIVE_DEFAULT_PARTITION__/f.csv");
  Write("a=3/b=__HIVE_DEFAULT_PARTITION__/g.csv");
  FileListing listing = ListInputFiles(*fs_, root_);
  ASSERT_EQ(listing.files.size(), 2u);
  EXPECT_EQ(listing.partition_schema[0].type.ToString(), "int");
  EXPECT_EQ(listing.partition_schema[1].type.ToString(), "string");
  EXPECT_EQ(listing.files[1].partition_values[0], std::nullopt);  // a=__HIVE... sorts after a=3
  EXPECT_EQ(listing.files[0].partition_values[0], "3");
  EXPECT_EQ(listing.files[0].partition_values[1], std::nullopt);
}

TEST_F(FileListingTest, PartitionTypeInferenceAndMerging) {
  EXPECT_EQ(InferPartitionValueType("10").ToString(), "int");
  EXPECT_EQ(InferPartitionValueType("-007").ToString(), "int");
  EXPECT_EQ(InferPartitionValueType("3000000000").ToString(), "bigint");
  EXPECT_EQ(InferPartitionValueType("123456789012345678901234").ToString(), "decimal(24,0)");
  EXPECT_EQ(InferPartitionValueType("1.5").ToString(), "double");
  EXPECT_EQ(InferPartitionValueType("1e10").ToString(), "double");
  EXPECT_EQ(InferPartitionValueType("2024-02-30").ToString(), "string");
  EXPECT_EQ(InferPartitionValueType("2024-02-29").ToString(), "date");
  EXPECT_EQ(InferPartitionValueType("2024-02-29 01:02:03.5").ToString(), "timestamp");
  EXPECT_EQ(InferPartitionValueType("abc").ToString(), "string");
  EXPECT_EQ(InferPartitionValueType("").ToString(), "string");
  EXPECT_EQ(InferPartitionValueType("__HIVE_DEFAULT_PARTITION__").ToString(), "void");

  EXPECT_EQ(MergePartitionTypes(DataType::Int(), DataType::Long()).ToString(), "bigint");
  EXPECT_EQ(MergePartitionTypes(DataType::Long(), DataType::Double()).ToString(), "double");
  EXPECT_EQ(MergePartitionTypes(DataType::Int(), DataType::Decimal(24, 0)).ToString(), "decimal(24,0)");
  EXPECT_EQ(MergePartitionTypes(DataType::Decimal(24, 0), DataType::Double()).ToString(), "string");
  EXPECT_EQ(MergePartitionTypes(DataType::Date(), DataType::Timestamp()).ToString(), "timestamp");
  EXPECT_EQ(MergePartitionTypes(DataType::Int(), DataType::Date()).ToString(), "string");
  EXPECT_EQ(MergePartitionTypes(DataType::Null(), DataType::Date()).ToString(), "date");

  EXPECT_EQ(UnescapePathName("a%3Ab%2"), "a:b%2");
  EXPECT_EQ(UnescapePathName("%zz%41"), "%zzA");
}

TEST_F(FileListingTest, FilesAtRootOfPartitionedLayoutAreIgnored) {
  Write("x=1/a.csv");
  Write("root.csv");
  FileListing listing = ListInputFiles(*fs_, root_);
  EXPECT_EQ(Relative(listing), (std::vector<std::string>{"x=1/a.csv"}));
}

TEST_F(FileListingTest, ConflictingLayouts) {
  Write("x=1/a.csv");
  Write("y=2/b.csv");
  EXPECT_EQ(ErrorClassOf(root_), "CONFLICTING_PARTITION_COLUMN_NAMES");
  ASSERT_TRUE(fs_->Delete(root_ + "/y=2").ok());
  Write("x=2/z=3/c.csv");
  EXPECT_EQ(ErrorClassOf(root_), "CONFLICTING_PARTITION_COLUMN_NAMES");
  ASSERT_TRUE(fs_->Delete(root_ + "/x=2").ok());
  Write("plain/c.csv");
  EXPECT_EQ(ErrorClassOf(root_), "CONFLICTING_DIRECTORY_STRUCTURES");
  // Case-insensitively equal names agree.
  ASSERT_TRUE(fs_->Delete(root_ + "/plain").ok());
  Write("X=2/c.csv");
  EXPECT_EQ(ListInputFiles(*fs_, root_).files.size(), 2u);
}

TEST_F(FileListingTest, BasePathAndRecursiveFileLookup) {
  Write("k=1/a.csv");
  Write("k=2/b.csv");
  // A partition directory as the path: no column without basePath (it is the root).
  FileListing plain = ListInputFiles(*fs_, root_ + "/k=1");
  EXPECT_TRUE(plain.partition_schema.empty());
  ListOptions with_base;
  with_base.base_path = root_;
  FileListing based = ListInputFiles(*fs_, root_ + "/k=1", with_base);
  ASSERT_EQ(based.partition_schema.size(), 1u);
  EXPECT_EQ(based.files[0].partition_values[0], "1");
  // A glob over partition directories with basePath.
  FileListing globbed = ListInputFiles(*fs_, root_ + "/k=*", with_base);
  EXPECT_EQ(globbed.files.size(), 2u);

  Write("plain/c.csv");
  ListOptions recursive;
  recursive.recursive_file_lookup = true;
  FileListing all = ListInputFiles(*fs_, root_, recursive);
  EXPECT_EQ(Relative(all), (std::vector<std::string>{"k=1/a.csv", "k=2/b.csv", "plain/c.csv"}));
  EXPECT_TRUE(all.partition_schema.empty());
}

}  // namespace
}  // namespace tarn
