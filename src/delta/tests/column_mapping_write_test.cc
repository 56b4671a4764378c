// Writing column-mapped tables (PROTOCOL.md "Column Mapping"): data files name
// columns by their physical names; in mode 'id' every column and struct field
// carries its delta.columnMapping.id as the Parquet field_id.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>

#include "common/memory_file_system.h"
#include "delta/column_mapping.h"
#include "delta/schema.h"
#include "delta/table_writer.h"
#include "formats/parquet/footer.h"

namespace tarn::delta {
namespace {

constexpr const char* kTable = "/warehouse/mapped";

struct Written {
  std::vector<AddFile> adds;
  std::map<std::string, std::optional<int32_t>> field_ids;  // element name -> field id
};

Written WriteOneRow(const std::string& mode) {
  auto fs = std::make_shared<MemoryFileSystem>();
  const Schema schema = {{"id", DataType::Long(), true, ""},
                         {"s", DataType::Struct({{"a", DataType::Int(), true, ""}}), true, ""},
                         {"p", DataType::String(), true, ""}};
  DeltaSchema delta_schema = FromSchema(schema);
  int64_t max_id = 0;
  for (DeltaField& f : delta_schema.fields) AssignColumnMapping(f, &max_id);
  Metadata metadata;
  metadata.id = "mapped";
  metadata.schema_string = SchemaToJson(delta_schema);
  metadata.partition_columns = {"p"};
  metadata.configuration["delta.columnMapping.mode"] = mode;
  TableWriter writer(fs, kTable, metadata, Protocol{2, 5, std::nullopt, std::nullopt}, TableWriteOptions{});

  auto id = Vector::Make(DataType::Long(), 1);
  id->values<int64_t>()[0] = 7;
  auto a = Vector::Make(DataType::Int(), 1);
  a->values<int32_t>()[0] = 8;
  auto s = Vector::Make(schema[1].type, 1);
  s->set_child(0, a);
  auto p = Vector::Make(DataType::String(), 1);
  p->SetString(0, "x");
  writer.Write(Batch(schema, {id, s, p}, 1));

  Written out;
  out.adds = writer.Finish();
  auto file = fs->OpenForRead(std::string(kTable) + "/" + out.adds.at(0).path);
  EXPECT_TRUE(file.ok());
  const parquet::FileMetaData footer = parquet::ReadFooter(**file, out.adds[0].path);
  for (size_t e = 1; e < footer.schema.size(); ++e) out.field_ids[footer.schema[e].name] = footer.schema[e].field_id;
  return out;
}

TEST(ColumnMappingWriteTest, IdModeWritesFieldIdsAndPhysicalNames) {
  const Written w = WriteOneRow("id");
  // Two data columns (id, s) and the struct's field; ids 1 (id), 2 (s), 3 (s.a) in schema order.
  ASSERT_EQ(w.field_ids.size(), 3u);
  std::vector<int32_t> ids;
  for (const auto& [name, field_id] : w.field_ids) {
    EXPECT_EQ(name.rfind("col-", 0), 0u) << name;  // physical names, never id / s / a
    ASSERT_TRUE(field_id.has_value()) << name;
    ids.push_back(*field_id);
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<int32_t>{1, 2, 3}));
  ASSERT_EQ(w.adds[0].partition_values.size(), 1u);
  EXPECT_EQ(w.adds[0].partition_values.begin()->second, "x");
}

TEST(ColumnMappingWriteTest, NameModeWritesNoFieldIds) {
  const Written w = WriteOneRow("name");
  ASSERT_EQ(w.field_ids.size(), 3u);
  for (const auto& [name, field_id] : w.field_ids) {
    EXPECT_EQ(name.rfind("col-", 0), 0u) << name;
    EXPECT_FALSE(field_id.has_value()) << name;
  }
}

}  // namespace
}  // namespace tarn::delta
