#include "formats/parquet/reader.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <deque>
#include <optional>

#include "common/error.h"
#include "common/strings.h"
#include "common/thread_pool.h"
#include "formats/parquet/column_reader.h"
#include "formats/parquet/footer.h"
#include "formats/parquet/metadata.h"
#include "formats/parquet/page_filter.h"
#include "formats/parquet/record_assembly.h"
#include "formats/parquet/schema.h"
#include "formats/parquet/statistics_filter.h"

namespace tarn::parquet {

namespace {


std::vector<std::string> SplitDots(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

/// Rebuilds a nested node's Spark type from its (possibly pruned) children.
void RetypeNested(SchemaNode* node) {
  const DataType& type = node->field.type;
  switch (type.id()) {
    case TypeId::kArray:
      node->field.type = DataType::Array(node->children[0].field.type, type.contains_null());
      break;
    case TypeId::kMap:
      node->field.type = DataType::Map(node->children[0].field.type, node->children[1].field.type,
                                       type.value_contains_null());
      break;
    default: {
      std::vector<Field> fields;
      for (const SchemaNode& child : node->children) fields.push_back(child.field);
      node->field.type = DataType::Struct(std::move(fields));
    }
  }
}

/// `node` keeping only the struct fields on `parts` (a nested projection).
/// Like Spark's schema pruning, a path goes through arrays (into their
/// elements) and maps (into their values).
SchemaNode Prune(const SchemaNode& node, const std::vector<std::string>& parts, size_t depth, const std::string& name) {
  if (depth == parts.size()) return node;
  SchemaNode pruned = node;
  switch (node.field.type.id()) {
    case TypeId::kArray: pruned.children[0] = Prune(node.children[0], parts, depth, name); break;
    case TypeId::kMap: pruned.children[1] = Prune(node.children[1], parts, depth, name); break;
    case TypeId::kStruct: {
      auto child = std::find_if(node.children.begin(), node.children.end(),
                                [&](const SchemaNode& c) { return EqualsIgnoreCase(c.field.name, parts[depth]); });
      if (child == node.children.end()) {
        ThrowError(ErrorClass::kUnresolvedColumnNoSuggestion, {{"objectName", "`" + name + "`"}});
      }
      pruned.children = {Prune(*child, parts, depth + 1, name)};
      break;
    }
    default: ThrowError(ErrorClass::kUnresolvedColumnNoSuggestion, {{"objectName", "`" + name + "`"}});
  }
  RetypeNested(&pruned);
  return pruned;
}

/// Two prunings of the same field merged ("s.a" and "s.b" read as s<a, b>),
/// keeping the file's field order.
SchemaNode Merge(const SchemaNode& full, const SchemaNode& a, const SchemaNode& b) {
  if (full.children.empty()) return a;  // a primitive: both sides are the same
  SchemaNode merged = a;
  switch (full.field.type.id()) {
    case TypeId::kArray: merged.children[0] = Merge(full.children[0], a.children[0], b.children[0]); break;
    case TypeId::kMap: merged.children[1] = Merge(full.children[1], a.children[1], b.children[1]); break;
    case TypeId::kStruct: {
      merged.children.clear();
      for (const SchemaNode& field : full.children) {
        auto find = [&](const SchemaNode& side) -> const SchemaNode* {
          for (const SchemaNode& c : side.children) {
            if (c.field.name == field.field.name) return &c;
          }
          return nullptr;
        };
        const SchemaNode* from_a = find(a);
        const SchemaNode* from_b = find(b);
        if (from_a && from_b) merged.children.push_back(Merge(field, *from_a, *from_b));
        else if (from_a || from_b) merged.children.push_back(from_a ? *from_a : *from_b);
      }
      break;
    }
    default: return a;
  }
  RetypeNested(&merged);
  return merged;
}

void CollectLeaves(const SchemaNode& node, std::vector<int>* leaves) {
  if (node.leaf >= 0) leaves->push_back(node.leaf);
  for (const SchemaNode& child : node.children) CollectLeaves(child, leaves);
}

class FileReader final : public ParquetReader {
 public:
  FileReader(std::unique_ptr<RandomAccessFile> file, std::string path, ParquetReadOptions options)
      : file_(std::move(file)), path_(std::move(path)), options_(std::move(options)) {
    metadata_ = ReadFooter(*file_, path_);
    file_schema_ = std::make_unique<FileSchema>(metadata_.schema, path_);
    Project();
    if (options_.threads > 1) pool_ = std::make_unique<ThreadPool>(options_.threads);
    auto total = static_cast<int64_t>(metadata_.row_groups.size());
    next_row_group_ = static_cast<size_t>(std::clamp<int64_t>(options_.first_row_group, 0, total));
    int64_t end = options_.row_group_count < 0 ? total : options_.first_row_group + options_.row_group_count;
    end_row_group_ = static_cast<size_t>(std::clamp<int64_t>(end, static_cast<int64_t>(next_row_group_), total));
  }

  const Schema& schema() const override { return schema_; }
  const Schema& file_schema() const override { return file_schema_->spark_schema(); }
  const FileMetaData& metadata() const override { return metadata_; }
  int64_t num_rows() const override { return metadata_.num_rows; }
  int64_t row_groups_skipped() const override { return row_groups_skipped_; }
  int64_t pages_skipped() const override { return pages_skipped_.load(); }
  std::vector<int64_t> MatchingRowGroups() const override {
    std::vector<int64_t> out;
    for (size_t g = next_row_group_; g < end_row_group_; ++g)
      if (RowGroupMayMatch(metadata_.row_groups[g])) out.push_back(static_cast<int64_t>(g));
    return out;
  }

  bool Next(Batch* batch) override {
    while (true) {
      if (current_ && batch_offset_ < current_->num_rows()) {
        *batch = NextSlice();
        return true;
      }
      current_.reset();
      Prefetch();
      if (pending_.empty()) return false;
      std::unique_ptr<PendingRowGroup> next = std::move(pending_.front());
      pending_.pop_front();
      current_ = std::make_unique<Batch>(Finish(*next));
      batch_offset_ = 0;
      Prefetch();  // keep the pool busy while the caller works on this batch
    }
  }

 private:
  /// A row group whose leaf columns are being decoded (on the pool, if any).
  struct PendingRowGroup {
    const RowGroup* group;
    std::optional<RowRanges> ranges;  // rows the page index leaves (flat columns only)
    int64_t num_rows = 0;             // rows the batch will have
    std::vector<LeafData> leaves;  // by leaf index; only projected ones are filled
    std::unique_ptr<TaskGroup> decoding;
  };

  /// Starts decoding the next row groups that survive pruning: one task per
  /// (row group, leaf), up to `threads + 2` row groups ahead (measured best on
  /// lineitem: enough queued work that a long column never runs alone), so
  /// columns and row groups decode in parallel while memory stays bounded.
  void Prefetch() {
    const size_t window = pool_ ? static_cast<size_t>(options_.threads) + 2 : 1;
    while (pending_.size() < window && next_row_group_ < end_row_group_) {
      const RowGroup& group = metadata_.row_groups[next_row_group_++];
      if (!RowGroupMayMatch(group)) {
        ++row_groups_skipped_;
        continue;
      }
      if (group.num_rows < 0) Corrupt("a row group has a negative row count");
      if (group.columns.size() != file_schema_->leaves().size()) {
        Corrupt("a row group does not have one column chunk per schema leaf");
      }
      auto pending = std::make_unique<PendingRowGroup>();
      pending->group = &group;
      pending->num_rows = group.num_rows;
      if (!options_.predicates.empty() && all_leaves_flat_) {
        pending->ranges = MatchingRowRanges(*file_, *file_schema_, group, options_.predicates, path_);
        if (pending->ranges && pending->ranges->empty()) {
          ++row_groups_skipped_;
          continue;
        }
        if (pending->ranges) pending->num_rows = CountRows(*pending->ranges);
        if (pending->num_rows == group.num_rows) pending->ranges.reset();
      }
      pending->leaves.resize(file_schema_->leaves().size());
      PendingRowGroup* target = pending.get();
      if (pool_) {
        pending->decoding = std::make_unique<TaskGroup>(pool_.get());
        // Biggest chunks first, so the long ones do not finish last alone.
        std::vector<int> order = leaves_;
        auto bytes = [&](int leaf) {
          const ColumnChunk& chunk = group.columns[leaf];
          return chunk.meta_data ? chunk.meta_data->total_compressed_size : 0;
        };
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return bytes(a) > bytes(b); });
        for (int leaf : order) {
          pending->decoding->Spawn([this, target, leaf] {
            DecodeLeaf(target, leaf);
            return Status::Ok();
          });
        }
      }
      pending_.push_back(std::move(pending));
    }
  }

  void DecodeLeaf(PendingRowGroup* pending, int leaf_index) {
    const LeafColumn& leaf = file_schema_->leaves()[leaf_index];
    ColumnReadContext context{file_.get(), static_cast<int64_t>(file_->size()), path_, options_.verify_checksums};
    int64_t skipped = 0;
    pending->leaves[leaf_index] =
        ReadColumnChunk(context, leaf, pending->group->columns[leaf_index], pending->group->num_rows,
                        pending->ranges ? &*pending->ranges : nullptr, &skipped);
    pages_skipped_ += skipped;
  }

  /// Waits for (or does) the decoding of a row group, then assembles its fields.
  Batch Finish(PendingRowGroup& pending) {
    if (pending.decoding) {
      ThrowIfError(pending.decoding->Wait());
    } else {
      for (int leaf : leaves_) DecodeLeaf(&pending, leaf);
    }
    const int64_t num_rows = pending.num_rows;
    std::vector<VectorPtr> columns(fields_.size());
    auto assemble = [&](size_t i) {
      columns[i] = AssembleField(fields_[i], pending.leaves, num_rows, path_);
      return Status::Ok();
    };
    if (pool_ && fields_.size() > 1) {
      ThrowIfError(ParallelFor(pool_.get(), fields_.size(), assemble));
    } else {
      for (size_t i = 0; i < fields_.size(); ++i) assemble(i);
    }
    return Batch(schema_, std::move(columns), num_rows);
  }

  void Project() {
    if (options_.columns.empty()) {
      fields_ = file_schema_->fields();
    } else {
      std::vector<const SchemaNode*> sources;  // the file field each projected field comes from
      for (const std::string& column : options_.columns) {
        std::vector<std::string> parts = SplitDots(column);
        const SchemaNode* source = file_schema_->FindField(parts[0]);
        if (source == nullptr) {
          ThrowError(ErrorClass::kUnresolvedColumnNoSuggestion, {{"objectName", "`" + column + "`"}});
        }
        SchemaNode pruned = Prune(*source, parts, 1, column);
        auto seen = std::find(sources.begin(), sources.end(), source);
        if (seen != sources.end()) {
          SchemaNode& earlier = fields_[seen - sources.begin()];
          earlier = Merge(*source, earlier, pruned);
        } else {
          sources.push_back(source);
          fields_.push_back(std::move(pruned));
        }
      }
    }
    for (const SchemaNode& field : fields_) {
      schema_.push_back(field.field);
      CollectLeaves(field, &leaves_);
    }
    for (int leaf : leaves_) all_leaves_flat_ &= file_schema_->leaves()[leaf].max_rep_level == 0;
    std::sort(leaves_.begin(), leaves_.end());
    leaves_.erase(std::unique(leaves_.begin(), leaves_.end()), leaves_.end());
  }

  bool RowGroupMayMatch(const RowGroup& group) const {
    for (const ColumnPredicate& predicate : options_.predicates) {
      const LeafColumn* leaf = file_schema_->FindTopLevelLeaf(predicate.column);
      if (leaf == nullptr) continue;  // nested or unknown: cannot prune
      if (static_cast<size_t>(leaf->index) >= group.columns.size()) continue;
      const ColumnChunk& chunk = group.columns[leaf->index];
      if (!chunk.meta_data || !chunk.meta_data->statistics) continue;
      if (!StatisticsMayMatch(*leaf, *chunk.meta_data->statistics, chunk.meta_data->num_values, predicate)) return false;
    }
    return true;
  }

  /// The next batch_size rows of the current row group, without copying.
  Batch NextSlice() {
    size_t rows = current_->num_rows() - batch_offset_;
    if (options_.batch_size > 0) rows = std::min(rows, options_.batch_size);
    if (batch_offset_ == 0 && rows == current_->num_rows()) {
      batch_offset_ = rows;
      return *current_;
    }
    Batch slice = current_->Slice(batch_offset_, rows);
    batch_offset_ += rows;
    return slice;
  }

  [[noreturn]] void Corrupt(const std::string& message) const {
    ThrowError(ErrorClass::kCorruptFile, {{"path", path_}, {"message", message}});
  }

  std::unique_ptr<RandomAccessFile> file_;
  std::string path_;
  ParquetReadOptions options_;
  FileMetaData metadata_;
  std::unique_ptr<FileSchema> file_schema_;
  std::vector<SchemaNode> fields_;  // projected
  Schema schema_;
  std::vector<int> leaves_;  // projected leaf indices, ascending
  std::unique_ptr<ThreadPool> pool_;
  size_t next_row_group_ = 0;
  size_t end_row_group_ = 0;
  int64_t row_groups_skipped_ = 0;
  std::atomic<int64_t> pages_skipped_{0};
  bool all_leaves_flat_ = true;  // page pruning keeps columns row-aligned only without repetition
  std::deque<std::unique_ptr<PendingRowGroup>> pending_;
  std::unique_ptr<Batch> current_;
  size_t batch_offset_ = 0;
};

}  // namespace

std::unique_ptr<ParquetReader> ParquetReader::Open(FileSystem& fs, const std::string& path,
                                                   ParquetReadOptions options) {
  auto file = fs.OpenForRead(path);
  if (!file.ok()) {
    if (file.status().code() == StatusCode::kNotFound) ThrowError(ErrorClass::kPathNotFound, {{"path", path}});
    ThrowIfError(file.status());
  }
  return std::make_unique<FileReader>(std::move(file).value(), path, std::move(options));
}

std::unique_ptr<ParquetReader> ParquetReader::Open(std::unique_ptr<RandomAccessFile> file, ParquetReadOptions options) {
  std::string path = file->path();
  return std::make_unique<FileReader>(std::move(file), std::move(path), std::move(options));
}

Batch ReadParquetFile(FileSystem& fs, const std::string& path, ParquetReadOptions options) {
  options.batch_size = 0;
  std::unique_ptr<ParquetReader> reader = ParquetReader::Open(fs, path, std::move(options));
  std::vector<Batch> batches;
  Batch batch;
  while (reader->Next(&batch)) batches.push_back(std::move(batch));
  if (batches.size() == 1) return std::move(batches[0]);
  const Schema& schema = reader->schema();
  std::vector<VectorPtr> columns;
  size_t total = 0;
  for (const Batch& b : batches) total += b.num_rows();
  for (size_t c = 0; c < schema.size(); ++c) {
    VectorPtr column = std::make_shared<Vector>(schema[c].type);
    column->Reserve(total);
    for (const Batch& b : batches) {
      for (size_t r = 0; r < b.num_rows(); ++r) column->AppendFrom(b.column(c), r);
    }
    columns.push_back(std::move(column));
  }
  return Batch(schema, std::move(columns), total);
}

}  // namespace tarn::parquet
