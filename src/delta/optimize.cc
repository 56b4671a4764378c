#include "delta/optimize.h"

#include <algorithm>
#include <map>
#include <set>
#include <type_traits>

#include "common/error.h"
#include "common/strings.h"
#include "delta/clustering.h"
#include "delta/delta_table.h"
#include "delta/stats.h"
#include "delta/table_writer.h"
#include "delta/write_util.h"
#include "delta/zorder.h"
#include "types/decimal.h"

namespace tarn::delta {
namespace {

enum class Mode { kCompaction, kZOrder, kClustering, kPurge };

std::optional<int64_t> NumRecords(const AddFile& file) {
  const std::optional<std::string>& text = file.stats ? file.stats : file.stats_from_checkpoint;
  if (!text) return std::nullopt;
  auto stats = ParseFileStats(*text, {});
  return stats ? stats->num_records : std::nullopt;
}

std::string JsonList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + JsonQuote(items[i]);
  return out + "]";
}

int64_t CountLeaves(const DataType& type) {
  if (type.id() != TypeId::kStruct) return 1;
  int64_t n = 0;
  for (const auto& f : type.fields()) n += CountLeaves(f.type);
  return n;
}

// Lower-cased top-level data columns that get min/max statistics (Delta's
// StatisticsCollection: delta.dataSkippingStatsColumns, else the first
// delta.dataSkippingNumIndexedCols leaves), and how many table columns those are.
std::set<std::string> ColumnsWithStats(const Snapshot& snapshot) {
  const Metadata& m = snapshot.metadata();
  std::set<std::string> partitions;
  for (const std::string& p : m.partition_columns) partitions.insert(AsciiLower(p));
  std::set<std::string> out;
  if (auto it = m.configuration.find("delta.dataSkippingStatsColumns"); it != m.configuration.end()) {
    std::string item;
    for (char c : it->second + ",") {
      if (c == ',') {
        const size_t begin = item.find_first_not_of(' ');
        const size_t end = item.find_last_not_of(' ');
        std::string name = begin == std::string::npos ? "" : AsciiLower(item.substr(begin, end - begin + 1));
        if (!name.empty()) out.insert(name.substr(0, name.find('.')));
        item.clear();
      } else if (c != '`') {
        item += c;
      }
    }
    return out;
  }
  int64_t budget = WriteOptionsFor(m).num_indexed_cols;
  for (const DeltaField& f : snapshot.schema().fields) {
    if (partitions.count(AsciiLower(f.name))) continue;
    if (budget == 0) break;
    out.insert(AsciiLower(f.name));
    if (budget > 0) budget = std::max<int64_t>(0, budget - CountLeaves(f.type.type));
  }
  return out;
}

void AddSize(FileSizeMetrics& m, int64_t size) {
  m.min = m.min ? std::min(*m.min, size) : size;
  m.max = m.max ? std::max(*m.max, size) : size;
  ++m.total_files;
  m.total_size += size;
  m.avg = static_cast<double>(m.total_size) / static_cast<double>(m.total_files);
}

// Checks the ZORDER BY columns; returns their schema indices.
std::vector<int> ZOrderColumns(const Snapshot& snapshot, const OptimizeSpec& spec) {
  std::vector<int> out;
  std::vector<std::string> without_stats;
  const std::set<std::string> with_stats = ColumnsWithStats(snapshot);
  for (const std::string& name : spec.zorder_by) {
    const int index = snapshot.schema().FieldIndex(name);
    if (index < 0) ThrowError(ErrorClass::kDeltaZorderingColumnDoesNotExist, {{"columnName", name}});
    for (const std::string& p : snapshot.metadata().partition_columns) {
      if (EqualsIgnoreCase(p, name)) ThrowError(ErrorClass::kDeltaZorderingOnPartitionColumn, {{"colName", name}});
    }
    if (!with_stats.count(AsciiLower(name))) without_stats.push_back(name);
    out.push_back(index);
  }
  if (spec.zorder_check_stats && !without_stats.empty()) {
    std::string cols = "[";
    for (size_t i = 0; i < without_stats.size(); ++i) cols += (i ? ", " : "") + without_stats[i];
    ThrowError(ErrorClass::kDeltaZorderingOnColumnWithoutStats,
               {{"cols", cols + "]"}, {"zorderColStatKey", "spark.databricks.delta.optimize.zorder.checkStatsCollection.enabled"}});
  }
  return out;
}

// The schema indices of the (top-level) clustering columns; nested ones
// cluster by their top-level column.
std::vector<int> ClusteringIndices(const Snapshot& snapshot, const std::vector<std::string>& columns) {
  std::vector<int> out;
  for (const std::string& c : columns) {
    const int index = snapshot.schema().FieldIndex(c.substr(0, c.find('.')));
    if (index >= 0 && std::find(out.begin(), out.end(), index) == out.end()) out.push_back(index);
  }
  return out;
}

// Whether a file is clustered by `columns` already.
bool ClusteredBy(const AddFile& file, const std::string& columns_json) {
  if (!file.clustering_provider) return false;
  auto it = file.tags.find("ZCUBE_ZORDER_BY");
  return it != file.tags.end() && it->second == columns_json;
}

struct Bin {
  PartitionValues partition;
  std::vector<const AddFile*> files;
};

template <typename T>
void GatherValues(const std::vector<Batch>& batches, size_t column, const RowRef* refs, size_t count, Vector& out) {
  T* values = out.values<T>();
  for (size_t i = 0; i < count; ++i) {
    const Vector& source = batches[refs[i].batch].column(column);
    if (source.IsNull(refs[i].row)) {
      out.SetNull(i);
    } else if constexpr (std::is_same_v<T, StringView>) {
      values[i] = source.StringAt(refs[i].row);
    } else {
      values[i] = source.ValueAt<T>(refs[i].row);
    }
  }
}

// Rows `refs` of `batches` as one batch of flat columns: fixed-width values
// and string views are copied by type (the views still point into the
// batches' string memory, which the new columns keep alive); nested columns
// row by row.
Batch GatherRows(const std::vector<Batch>& batches, const RowRef* refs, size_t count, const Schema& schema) {
  std::vector<VectorPtr> columns;
  for (size_t c = 0; c < schema.size(); ++c) {
    const DataType& type = schema[c].type;
    VectorPtr out = Vector::Make(type, count);
    switch (type.physical_type()) {
      case PhysicalType::kBool:
      case PhysicalType::kInt8: GatherValues<int8_t>(batches, c, refs, count, *out); break;
      case PhysicalType::kInt16: GatherValues<int16_t>(batches, c, refs, count, *out); break;
      case PhysicalType::kInt32: GatherValues<int32_t>(batches, c, refs, count, *out); break;
      case PhysicalType::kInt64: GatherValues<int64_t>(batches, c, refs, count, *out); break;
      case PhysicalType::kInt128: GatherValues<int128_t>(batches, c, refs, count, *out); break;
      case PhysicalType::kFloat: GatherValues<float>(batches, c, refs, count, *out); break;
      case PhysicalType::kDouble: GatherValues<double>(batches, c, refs, count, *out); break;
      case PhysicalType::kInterval: GatherValues<IntervalValue>(batches, c, refs, count, *out); break;
      case PhysicalType::kString:
        GatherValues<StringView>(batches, c, refs, count, *out);
        for (const Batch& b : batches) out->KeepAlive(b.column_ptr(c));
        break;
      default:
        out = Vector::Make(type, 0);
        for (size_t i = 0; i < count; ++i) out->AppendFrom(batches[refs[i].batch].column(c), refs[i].row);
        break;
    }
    columns.push_back(std::move(out));
  }
  return Batch(schema, std::move(columns), count);
}

// Writes the rows of `bin` again, sorted along `curve` over `keys` when given.
std::vector<AddFile> RewriteBin(const DeltaTable& table, const Bin& bin, const std::vector<int>& keys, Curve curve,
                                const TableWriteOptions& options) {
  const Snapshot& snapshot = table.snapshot();
  ScanSpec spec;
  for (size_t c = 0; c < table.schema().size(); ++c) spec.columns.push_back(static_cast<int>(c));
  std::unique_ptr<BatchStream> stream = table.ScanFiles(bin.files, spec);
  TableWriter writer(snapshot.fs_ptr(), snapshot.table_path(), snapshot.metadata(), snapshot.protocol(), options);
  Batch batch;
  if (keys.empty()) {
    while (stream->Next(&batch)) writer.Write(batch);
    return writer.Finish();
  }
  std::vector<Batch> batches;
  while (stream->Next(&batch)) {
    if (batch.num_rows() > 0) batches.push_back(std::move(batch));
  }
  const std::vector<RowRef> order = CurveOrder(batches, keys, curve);
  // The writer cuts files between batches: batches of ~1/16 of a target file
  // (by the input's bytes per row) end files close to the target size.
  int64_t input_bytes = 0;
  for (const AddFile* f : bin.files) input_bytes += f->size;
  const double bytes_per_row = order.empty() ? 1.0 : std::max(1.0, static_cast<double>(input_bytes) / static_cast<double>(order.size()));
  const size_t kRowsPerBatch = static_cast<size_t>(
      std::clamp(static_cast<double>(options.target_file_size) / bytes_per_row / 16.0, 64.0, 8192.0));
  const Schema& schema = table.schema();
  for (size_t start = 0; start < order.size(); start += kRowsPerBatch) {
    const size_t end = std::min(order.size(), start + kRowsPerBatch);
    writer.Write(GatherRows(batches, order.data() + start, end - start, schema));
  }
  return writer.Finish();
}

}  // namespace

OptimizeResult Optimize(std::shared_ptr<const Snapshot> snapshot, const OptimizeSpec& spec) {
  OptimizeResult result;
  OptimizeMetrics& metrics = result.metrics;
  const int64_t now = spec.transaction.clock ? spec.transaction.clock() : SystemNowMs();
  metrics.start_time_ms = now;
  metrics.num_table_columns = static_cast<int64_t>(snapshot->schema().fields.size());
  metrics.num_table_columns_with_stats = static_cast<int64_t>(ColumnsWithStats(*snapshot).size());

  const std::optional<std::vector<std::string>> clustering = ClusteringColumns(*snapshot);
  Mode mode = spec.purge ? Mode::kPurge : Mode::kCompaction;
  std::vector<int> keys;
  Curve curve = Curve::kZOrder;
  if (!spec.purge && clustering) {
    if (!spec.zorder_by.empty()) {
      std::string list;
      for (const std::string& z : spec.zorder_by) list += (list.empty() ? "" : ", ") + z;
      ThrowError(ErrorClass::kDeltaClusteringWithZorderBy, {{"zOrderBy", list}});
    }
    if (!spec.predicates.empty()) {
      std::string list;
      for (const std::string& p : spec.predicates) list += (list.empty() ? "" : ", ") + p;
      ThrowError(ErrorClass::kDeltaClusteringWithPartitionPredicate, {{"predicates", list}});
    }
    mode = Mode::kClustering;
    keys = ClusteringIndices(*snapshot, *clustering);
    curve = Curve::kHilbert;
  } else if (!spec.purge && !spec.zorder_by.empty()) {
    mode = Mode::kZOrder;
    keys = ZOrderColumns(*snapshot, spec);
  }
  const std::string clustering_json = clustering ? JsonList(*clustering) : "";

  TableWriteOptions write_options = WriteOptionsFor(snapshot->metadata());
  int64_t max_file_size = spec.max_file_size;
  if (snapshot->metadata().configuration.count("delta.targetFileSize")) max_file_size = write_options.target_file_size;
  write_options.target_file_size = std::max<int64_t>(1, max_file_size);
  write_options.clock = spec.transaction.clock;
  const int64_t min_file_size = std::min(spec.min_file_size, max_file_size);

  // Candidates, grouped by partition (in the snapshot's file order).
  std::map<PartitionValues, std::vector<const AddFile*>> partitions;
  for (const AddFile& file : snapshot->files()) {
    if (spec.partition_filter && !spec.partition_filter(file)) continue;
    ++metrics.total_considered_files;
    bool take = false;
    switch (mode) {
      case Mode::kPurge: take = file.deletion_vector.has_value() && file.deletion_vector->cardinality > 0; break;
      case Mode::kZOrder: take = true; break;
      case Mode::kClustering: take = spec.full || !ClusteredBy(file, clustering_json); break;
      case Mode::kCompaction: {
        take = file.size < min_file_size;
        if (!take && file.deletion_vector) {
          const std::optional<int64_t> records = NumRecords(file);
          take = records && *records > 0 &&
                 static_cast<double>(file.deletion_vector->cardinality) / static_cast<double>(*records) >
                     spec.max_deleted_rows_ratio;
        }
        break;
      }
    }
    if (take) partitions[file.partition_values].push_back(&file);
  }

  // Bins: compaction and purge pack up to max_file_size; ZORDER and clustering take a partition whole.
  std::vector<Bin> bins;
  for (auto& [partition, files] : partitions) {
    std::vector<Bin> in_partition;
    Bin current{partition, {}};
    int64_t current_size = 0;
    const bool whole = mode == Mode::kZOrder || mode == Mode::kClustering;
    for (const AddFile* file : files) {
      if (!whole && !current.files.empty() && current_size + file->size > max_file_size) {
        in_partition.push_back(std::move(current));
        current = Bin{partition, {}};
        current_size = 0;
      }
      current.files.push_back(file);
      current_size += file->size;
    }
    if (!current.files.empty()) in_partition.push_back(std::move(current));
    bool optimized = false;
    for (Bin& bin : in_partition) {
      const bool has_dv = std::any_of(bin.files.begin(), bin.files.end(), [](const AddFile* f) { return f->deletion_vector.has_value(); });
      if (bin.files.size() > 1 || has_dv || whole) {
        bins.push_back(std::move(bin));
        optimized = true;
      }
    }
    if (optimized) ++metrics.partitions_optimized;
  }
  int64_t files_in_bins = 0;
  for (const Bin& bin : bins) files_in_bins += static_cast<int64_t>(bin.files.size());
  metrics.total_files_skipped = metrics.total_considered_files - files_in_bins;
  metrics.num_bins = static_cast<int64_t>(bins.size());
  metrics.num_batches = bins.empty() ? 0 : 1;
  metrics.zorder = mode == Mode::kZOrder;
  metrics.clustering = mode == Mode::kClustering;
  if (bins.empty()) {
    metrics.end_time_ms = spec.transaction.clock ? spec.transaction.clock() : SystemNowMs();
    return result;
  }

  std::shared_ptr<DeltaTable> table = DeltaTable::Open(snapshot);
  Transaction txn(snapshot, mode == Mode::kPurge ? "REORG" : "OPTIMIZE", spec.transaction);
  std::vector<AddFile> removed_inputs;
  std::set<std::string> input_cubes;
  for (const Bin& bin : bins) {
    std::vector<AddFile> adds = RewriteBin(*table, bin, keys, curve, write_options);
    const std::string zcube = RandomUuid();
    for (AddFile& add : adds) {
      add.data_change = false;
      if (mode == Mode::kClustering) {
        add.clustering_provider = kClusteringProvider;
        add.tags["ZCUBE_ID"] = zcube;
        add.tags["ZCUBE_ZORDER_BY"] = clustering_json;
      }
      AddSize(metrics.files_added, add.size);
      txn.AddFile(std::move(add));
    }
    ++metrics.num_output_cubes;
    for (const AddFile* file : bin.files) {
      removed_inputs.push_back(*file);
      RemoveFile remove = RemovalOf(*file, now);
      remove.data_change = false;
      AddSize(metrics.files_removed, file->size);
      if (mode == Mode::kClustering && ClusteredBy(*file, clustering_json)) {
        ++metrics.input_cube_files;
        metrics.input_cube_bytes += file->size;
        if (auto id = file->tags.find("ZCUBE_ID"); id != file->tags.end()) input_cubes.insert(id->second);
      } else {
        ++metrics.input_other_files;
        metrics.input_other_bytes += file->size;
      }
      if (file->deletion_vector) {
        ++metrics.num_deletion_vectors_removed;
        metrics.num_deletion_vector_rows_removed += file->deletion_vector->cardinality;
      }
      txn.RemoveFile(std::move(remove));
    }
  }
  metrics.input_num_cubes = static_cast<int64_t>(input_cubes.size());
  metrics.num_files_added = metrics.files_added.total_files;
  metrics.num_files_removed = metrics.files_removed.total_files;
  // Only the rewritten files were read: appends commute with this commit, deletes of them conflict.
  txn.ReadFiles(removed_inputs);
  std::string predicates = "[";
  for (size_t i = 0; i < spec.predicates.size(); ++i) predicates += (i ? "," : "") + JsonQuote(spec.predicates[i]);
  predicates += "]";
  txn.SetOperationParameter("predicate", predicates);
  if (mode == Mode::kPurge) {
    txn.SetOperationParameter("applyPurge", "true");
  } else {
    txn.SetOperationParameter("zOrderBy", JsonList(mode == Mode::kZOrder ? spec.zorder_by : std::vector<std::string>{}));
    txn.SetOperationParameter("clusterBy", clustering ? clustering_json : "[]");
    txn.SetOperationParameter("auto", "false");
    if (clustering) txn.SetOperationParameter("isFull", spec.full ? "true" : "false");
  }
  // Delta's OPTIMIZE operation metrics (sizes: the added files' percentiles).
  std::vector<int64_t> sizes;
  for (const AddFile& a : txn.added_files()) sizes.push_back(a.size);
  std::sort(sizes.begin(), sizes.end());
  txn.SetOperationMetric("numRemovedFiles", metrics.num_files_removed);
  txn.SetOperationMetric("numRemovedBytes", metrics.files_removed.total_size);
  txn.SetOperationMetric("numAddedFiles", metrics.num_files_added);
  txn.SetOperationMetric("numAddedBytes", metrics.files_added.total_size);
  txn.SetOperationMetric("numDeletionVectorsRemoved", metrics.num_deletion_vectors_removed);
  if (!sizes.empty()) {
    txn.SetOperationMetric("minFileSize", sizes.front());
    txn.SetOperationMetric("p25FileSize", sizes[sizes.size() / 4]);
    txn.SetOperationMetric("p50FileSize", sizes[sizes.size() / 2]);
    txn.SetOperationMetric("p75FileSize", sizes[sizes.size() * 3 / 4]);
    txn.SetOperationMetric("maxFileSize", sizes.back());
  }
  result.version = txn.Commit().version;
  metrics.end_time_ms = spec.transaction.clock ? spec.transaction.clock() : SystemNowMs();
  return result;
}

}  // namespace tarn::delta
