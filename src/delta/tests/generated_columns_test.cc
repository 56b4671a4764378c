// Generated and identity column metadata (delta/generated_columns.h): the
// field metadata round-trips through the schema JSON as Delta writes it,
// identity values and high water marks (positive and negative steps, the
// BIGINT edge), SYNC IDENTITY, and the conflict that keeps two concurrent
// writers from handing out the same identity values.
#include "delta/generated_columns.h"

#include <gtest/gtest.h>

#include <memory>

#include "common/error.h"
#include "common/memory_file_system.h"
#include "delta/delta_table.h"
#include "delta/snapshot.h"
#include "delta/table_writer.h"
#include "delta/transaction.h"

namespace tarn::delta {
namespace {

DeltaField LongField(const std::string& name) {
  return FromSchema({{name, DataType::Long(), true, ""}}).fields[0];
}

ErrorClass ClassOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.info().error_class;
  }
  return ErrorClass::kInternalError;
}

TEST(GeneratedColumnsTest, GenerationExpressionRoundTripsAsJsonString) {
  DeltaField f = LongField("d");
  EXPECT_FALSE(GenerationExpression(f).has_value());
  SetGenerationExpression(f, "CAST(ts AS DATE) || \"x\"");
  EXPECT_NE(f.metadata_json.find(R"("delta.generationExpression":"CAST(ts AS DATE) || \"x\"")"), std::string::npos)
      << f.metadata_json;
  const DeltaSchema parsed = ParseSchemaString(SchemaToJson(DeltaSchema{{f}}), "test");
  EXPECT_EQ(GenerationExpression(parsed.fields[0]), "CAST(ts AS DATE) || \"x\"");
}

TEST(GeneratedColumnsTest, IdentityMetadataIsDeltas) {
  DeltaField f = LongField("id");
  EXPECT_FALSE(IdentityOf(f).has_value());
  IdentityInfo info;
  info.start = -5;
  info.step = -10;
  info.allow_explicit_insert = true;
  SetIdentity(f, info);
  // Numbers and a boolean, as Delta's MetadataBuilder.putLong / putBoolean write them; no mark yet.
  EXPECT_NE(f.metadata_json.find(R"("delta.identity.start":-5)"), std::string::npos) << f.metadata_json;
  EXPECT_NE(f.metadata_json.find(R"("delta.identity.step":-10)"), std::string::npos);
  EXPECT_NE(f.metadata_json.find(R"("delta.identity.allowExplicitInsert":true)"), std::string::npos);
  EXPECT_EQ(f.metadata_json.find("highWaterMark"), std::string::npos);
  const DeltaSchema parsed = ParseSchemaString(SchemaToJson(DeltaSchema{{f}}), "test");
  const std::optional<IdentityInfo> back = IdentityOf(parsed.fields[0]);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->start, -5);
  EXPECT_EQ(back->step, -10);
  EXPECT_FALSE(back->high_water_mark.has_value());
  EXPECT_TRUE(back->allow_explicit_insert);
}

TEST(GeneratedColumnsTest, IncompleteIdentityMetadataIsAnError) {
  DeltaField f = LongField("id");
  SetFieldMetadata(f, "delta.identity.start", "1");
  EXPECT_EQ(ClassOf([&] { IdentityOf(f); }), ErrorClass::kDeltaIdentityColumnInconsistentMetadata);
}

TEST(GeneratedColumnsTest, AllocationStartsAtStartThenContinuesAfterTheMark) {
  IdentityInfo info;
  info.start = 10;
  info.step = 5;
  IdentityRange r = AllocateIdentityValues(info, 3);  // 10, 15, 20
  EXPECT_EQ(r.first, 10);
  EXPECT_EQ(r.high_water_mark, 20);
  info.high_water_mark = r.high_water_mark;
  r = AllocateIdentityValues(info, 1);
  EXPECT_EQ(r.first, 25);
  EXPECT_EQ(r.high_water_mark, 25);

  IdentityInfo down;
  down.start = -5;
  down.step = -10;
  r = AllocateIdentityValues(down, 2);  // -5, -15
  EXPECT_EQ(r.first, -5);
  EXPECT_EQ(r.high_water_mark, -15);
}

TEST(GeneratedColumnsTest, AllocationPastBigintFails) {
  IdentityInfo info;
  info.start = INT64_MAX - 1;
  info.step = 1;
  const IdentityRange r = AllocateIdentityValues(info, 2);
  EXPECT_EQ(r.high_water_mark, INT64_MAX);
  info.high_water_mark = r.high_water_mark;
  EXPECT_EQ(ClassOf([&] { AllocateIdentityValues(info, 1); }), ErrorClass::kArithmeticOverflow);
  IdentityInfo fresh;
  fresh.start = INT64_MAX - 1;
  EXPECT_EQ(ClassOf([&] { AllocateIdentityValues(fresh, 3); }), ErrorClass::kArithmeticOverflow);
}

TEST(GeneratedColumnsTest, SyncIdentityRoundsToTheNextValueAndNeverGoesBack) {
  DeltaField f = LongField("id");
  IdentityInfo info;
  info.start = -5;
  info.step = -10;
  info.high_water_mark = -25;
  SetIdentity(f, info);
  SyncIdentityHighWaterMark(f, -100);  // -5 - 10n <= -100 first at n = 10
  EXPECT_EQ(IdentityOf(f)->high_water_mark, -105);
  SyncIdentityHighWaterMark(f, -30);  // would be -35: the mark stays
  EXPECT_EQ(IdentityOf(f)->high_water_mark, -105);
  SyncIdentityHighWaterMark(f, std::nullopt);  // no rows: unchanged
  EXPECT_EQ(IdentityOf(f)->high_water_mark, -105);
}

// Two writers that read the same high water mark hand out the same values; the
// mark is metaData, so the second commit sees a concurrent metadata change and
// fails (Delta without identity conflict resolution does the same).
TEST(GeneratedColumnsTest, ConcurrentIdentityWritersConflict) {
  auto fs = std::make_shared<MemoryFileSystem>();
  const std::string path = "/warehouse/identity";
  DeltaField id = LongField("id");
  IdentityInfo info;
  SetIdentity(id, info);
  Metadata metadata;
  metadata.id = "identity-table";
  metadata.schema_string = SchemaToJson(DeltaSchema{{id}});
  {
    Transaction create(fs, path, "CREATE TABLE");
    create.UpdateProtocol(Protocol{1, 6, std::nullopt, std::nullopt});
    create.UpdateMetadata(metadata);
    create.Commit();
  }
  const std::shared_ptr<const Snapshot> read = Snapshot::Load(fs, path);
  const auto writer = [&](int64_t rows) {
    DeltaSchema schema = read->schema();
    IdentityInfo current = *IdentityOf(schema.fields[0]);
    current.high_water_mark = AllocateIdentityValues(current, rows).high_water_mark;
    SetIdentity(schema.fields[0], current);
    Metadata m = read->metadata();
    m.schema_string = SchemaToJson(schema);
    auto txn = std::make_unique<Transaction>(read, "WRITE");
    txn->UpdateMetadata(m);
    return txn;
  };
  auto first = writer(3), second = writer(2);
  EXPECT_EQ(first->Commit().version, 1);
  EXPECT_EQ(ClassOf([&] { second->Commit(); }), ErrorClass::kDeltaMetadataChanged);
  EXPECT_EQ(IdentityOf(Snapshot::Load(fs, path)->schema().fields[0])->high_water_mark, 3);
}

TEST(GeneratedColumnsTest, RestoreKeepsTheFurthestHighWaterMark) {
  const auto schema_with = [](int64_t step, std::optional<int64_t> mark) {
    DeltaField f = LongField("id");
    IdentityInfo info;
    info.step = step;
    info.high_water_mark = mark;
    SetIdentity(f, info);
    return DeltaSchema{{f}};
  };
  DeltaSchema restored = schema_with(1, 2);
  MergeHighWaterMarks(restored, schema_with(1, 3));
  EXPECT_EQ(IdentityOf(restored.fields[0])->high_water_mark, 3);
  MergeHighWaterMarks(restored, schema_with(1, 1));  // never back
  EXPECT_EQ(IdentityOf(restored.fields[0])->high_water_mark, 3);
  DeltaSchema down = schema_with(-10, -5);
  MergeHighWaterMarks(down, schema_with(-10, -25));
  EXPECT_EQ(IdentityOf(down.fields[0])->high_water_mark, -25);
  DeltaSchema fresh = schema_with(1, std::nullopt);  // restored to before the first value
  MergeHighWaterMarks(fresh, schema_with(1, 7));
  EXPECT_EQ(IdentityOf(fresh.fields[0])->high_water_mark, 7);
}

TEST(GeneratedColumnsTest, DateOfColumnRecognisesDatePartitionExpressions) {
  EXPECT_EQ(DateOfColumn("CAST(ts AS DATE)"), "ts");
  EXPECT_EQ(DateOfColumn(" cast( `event time` as date ) "), "event time");
  EXPECT_EQ(DateOfColumn("to_date(ts)"), "ts");
  EXPECT_FALSE(DateOfColumn("CAST(ts AS TIMESTAMP)").has_value());
  EXPECT_FALSE(DateOfColumn("to_date(ts, 'yyyy')").has_value());
  EXPECT_FALSE(DateOfColumn("CAST(ts + INTERVAL 1 DAY AS DATE)").has_value());
}

// A filter on ts prunes the partitions of d = CAST(ts AS DATE) even when the
// files have no statistics on ts; the bounds are a day wider than the filter
// (the writer's time zone is unknown), never narrower.
TEST(GeneratedColumnsTest, FilterOnSourcePrunesGeneratedDatePartitions) {
  auto fs = std::make_shared<MemoryFileSystem>();
  const std::string path = "/warehouse/events";
  const Schema schema = {{"ts", DataType::Timestamp(), true, ""}, {"d", DataType::Date(), true, ""}};
  DeltaSchema delta_schema = FromSchema(schema);
  SetGenerationExpression(delta_schema.fields[1], "CAST(ts AS DATE)");
  Metadata metadata;
  metadata.id = "events";
  metadata.schema_string = SchemaToJson(delta_schema);
  metadata.partition_columns = {"d"};
  const Protocol protocol{1, 4, std::nullopt, std::nullopt};
  TableWriteOptions options;
  options.num_indexed_cols = 0;  // no statistics: only the partitions can prune
  TableWriter writer(fs, path, metadata, protocol, options);
  constexpr int64_t kDay = int64_t{86'400} * 1'000'000;
  const int32_t days[] = {19723, 19727, 19732};  // 2024-01-01, 2024-01-05, 2024-01-10
  for (int32_t day : days) {
    auto ts = Vector::Make(DataType::Timestamp(), 1);
    ts->values<int64_t>()[0] = day * kDay + 12 * 3'600'000'000LL;  // noon UTC
    auto d = Vector::Make(DataType::Date(), 1);
    d->values<int32_t>()[0] = day;
    writer.Write(Batch(schema, {ts, d}, 1));
  }
  Transaction txn(fs, path, "CREATE TABLE AS SELECT");
  txn.UpdateProtocol(protocol);
  txn.UpdateMetadata(metadata);
  for (AddFile& a : writer.Finish()) txn.AddFile(std::move(a));
  txn.Commit();
  const auto table = DeltaTable::Open(Snapshot::Load(fs, path));
  const auto files = [&](ScanFilter::Op op, const std::string& literal) {
    return table->PlanFiles({ScanFilter{0, op, literal}}).size();
  };
  EXPECT_EQ(files(ScanFilter::Op::kGe, "2024-01-07 00:00:00"), 1u);  // d >= 01-06: 01-10
  EXPECT_EQ(files(ScanFilter::Op::kGe, "2024-01-06 00:00:00"), 2u);  // d >= 01-05 (a day's margin)
  EXPECT_EQ(files(ScanFilter::Op::kLt, "2024-01-03 00:00:00"), 1u);  // d <= 01-04: 01-01
  EXPECT_EQ(files(ScanFilter::Op::kEq, "2024-01-10 12:00:00"), 1u);  // 01-09 <= d <= 01-11
  EXPECT_EQ(files(ScanFilter::Op::kIsNotNull, ""), 3u);
  // Without the generatedColumns feature the expression is no generated column: nothing pruned.
  Transaction downgrade(Snapshot::Load(fs, path), "SET TBLPROPERTIES");
  Metadata plain = metadata;
  downgrade.UpdateMetadata(plain);
  downgrade.UpdateProtocol(Protocol{1, 2, std::nullopt, std::nullopt});
  downgrade.Commit();
  const auto unfeatured = DeltaTable::Open(Snapshot::Load(fs, path));
  EXPECT_EQ(unfeatured->PlanFiles({ScanFilter{0, ScanFilter::Op::kGe, "2024-01-07 00:00:00"}}).size(), 3u);
}

}  // namespace
}  // namespace tarn::delta
