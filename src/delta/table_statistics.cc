#include "delta/table_statistics.h"

#include "common/error.h"
#include "common/strings.h"
#include "delta/delta_table.h"
#include "delta/json_util.h"
#include "delta/snapshot.h"
#include "delta/table_writer.h"
#include "delta/write_util.h"

namespace tarn::delta {

std::optional<TableStatistics> TableStatisticsOf(const Snapshot& snapshot) {
  auto it = snapshot.domain_metadata().find(kTableStatisticsDomain);
  if (it == snapshot.domain_metadata().end()) return std::nullopt;
  simdjson::dom::parser parser;
  const std::string file = std::string("domainMetadata ") + kTableStatisticsDomain;
  json::Where where{file, 0};
  json::Object o = json::AsObject(json::Parse(parser, it->second.configuration, where), "configuration", where);
  TableStatistics out;
  out.table_version = json::OptLong(o, "tableVersion", where).value_or(-1);
  out.size_in_bytes = json::OptLong(o, "sizeInBytes", where).value_or(0);
  out.num_rows = json::OptLong(o, "numRows", where);
  if (auto columns = json::Member(o, "columns")) {
    json::Object by_name = json::AsObject(*columns, "columns", where);
    for (auto [key, value] : by_name) {
      json::Object c = json::AsObject(value, "column statistics", where);
      ColumnStatistics stats;
      stats.distinct_count = json::OptLong(c, "distinctCount", where);
      stats.null_count = json::OptLong(c, "nullCount", where);
      stats.min = json::OptString(c, "min", where);
      stats.max = json::OptString(c, "max", where);
      stats.avg_len = json::OptLong(c, "avgLen", where);
      stats.max_len = json::OptLong(c, "maxLen", where);
      out.columns[AsciiLower(std::string(key))] = stats;
    }
  }
  return out;
}

DomainMetadata TableStatisticsDomain(const TableStatistics& s) {
  std::string text;
  json::ObjectWriter w(&text);
  w.Long("tableVersion", s.table_version);
  w.Long("sizeInBytes", s.size_in_bytes);
  if (s.num_rows) w.Long("numRows", *s.num_rows);
  std::string columns;
  json::ObjectWriter cw(&columns);
  for (const auto& [name, c] : s.columns) {
    std::string one;
    json::ObjectWriter ow(&one);
    if (c.distinct_count) ow.Long("distinctCount", *c.distinct_count);
    if (c.null_count) ow.Long("nullCount", *c.null_count);
    if (c.min) ow.String("min", *c.min);
    if (c.max) ow.String("max", *c.max);
    if (c.avg_len) ow.Long("avgLen", *c.avg_len);
    if (c.max_len) ow.Long("maxLen", *c.max_len);
    ow.End();
    cw.Raw(name, one);
  }
  cw.End();
  w.Raw("columns", columns);
  w.End();
  DomainMetadata domain;
  domain.domain = kTableStatisticsDomain;
  domain.configuration = text;
  return domain;
}

std::vector<AddFile> RecomputeFileStatistics(const Snapshot& snapshot) {
  for (const AddFile& f : snapshot.files()) {
    if (f.deletion_vector) ThrowError(ErrorClass::kDeltaUnsupportedStatsRecomputeWithDeletionVectors, {});
  }
  std::shared_ptr<DeltaTable> table = DeltaTable::Open(std::const_pointer_cast<Snapshot>(snapshot.shared_from_this()));
  const DeltaSchema& schema = snapshot.schema();
  // The data columns (partition values are not in the files) under their physical names.
  ScanSpec spec;
  Schema physical;
  for (size_t c = 0; c < schema.fields.size(); ++c) {
    if (table->is_partition_column(c)) continue;
    spec.columns.push_back(static_cast<int>(c));
    const DeltaField& f = schema.fields[c];
    physical.push_back({f.physical_name.empty() ? f.name : f.physical_name, f.type.type, f.nullable, ""});
  }
  const int indexed = WriteOptionsFor(snapshot.metadata()).num_indexed_cols;
  std::vector<AddFile> out;
  for (const AddFile& file : snapshot.files()) {
    FileStatsCollector collector(physical, indexed);
    auto stream = table->ScanFiles({&file}, spec);
    Batch batch;
    while (stream->Next(&batch)) collector.Add(Batch(physical, batch.columns(), batch.num_rows()));
    AddFile add = file;
    add.data_change = false;
    add.stats = collector.ToJson();
    add.stats_from_checkpoint.reset();
    out.push_back(std::move(add));
  }
  return out;
}

}  // namespace tarn::delta
