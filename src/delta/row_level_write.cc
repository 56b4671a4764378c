#include "delta/row_level_write.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <numeric>
#include <thread>

#include "common/check.h"
#include "common/error.h"
#include "common/strings.h"
#include "delta/deletion_vector.h"
#include "delta/stats.h"
#include "delta/write_util.h"
#include "formats/parquet/compression.h"

namespace tarn::delta {
namespace {


void AppendBigEndian32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((v >> shift) & 0xFF));
}

/// 16 random bytes of a version-4 UUID.
std::string RandomUuidBytes() {
  const std::string text = RandomUuid();
  std::string bytes;
  int high = -1;
  for (char c : text) {
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0) continue;
    if (high < 0) {
      high = v;
    } else {
      bytes.push_back(static_cast<char>(high << 4 | v));
      high = -1;
    }
  }
  return bytes;
}

std::optional<int64_t> NumRecords(const AddFile& file) {
  const std::optional<std::string>& text = file.stats ? file.stats : file.stats_from_checkpoint;
  if (!text) return std::nullopt;
  auto stats = ParseFileStats(*text, {});
  return stats ? stats->num_records : std::nullopt;
}

bool HasFeature(const std::optional<std::vector<std::string>>& features, const std::string& name) {
  return features && std::find(features->begin(), features->end(), name) != features->end();
}

void AddFeature(std::optional<std::vector<std::string>>& features, const std::string& name) {
  if (!features) features.emplace();
  if (!HasFeature(features, name)) features->push_back(name);
}

}  // namespace

bool RowRemovals::Seal() {
  bool repeated = false;
  for (auto& [path, rows] : rows_) {
    std::sort(rows.begin(), rows.end());
    auto end = std::unique(rows.begin(), rows.end());
    repeated = repeated || end != rows.end();
    rows.erase(end, rows.end());
  }
  return repeated;
}

int64_t RowRemovals::num_rows() const {
  int64_t n = 0;
  for (const auto& [path, rows] : rows_) n += static_cast<int64_t>(rows.size());
  return n;
}

bool DeletionVectorsEnabled(const Metadata& metadata) {
  bool enabled = false;
  for (const auto& [key, value] : metadata.configuration) {
    if (AsciiLower(key) == "delta.enabledeletionvectors") enabled = AsciiLower(value) == "true";
  }
  return enabled;
}

bool UsesDeletionVectors(const Metadata& metadata, const Protocol& protocol) {
  return DeletionVectorsEnabled(metadata) && HasFeature(protocol.writer_features, "deletionVectors");
}

Protocol WithDeletionVectors(const Protocol& protocol) {
  Protocol p = protocol;
  if (p.min_writer_version < 7) {
    // Moving to table features lists the features the legacy version implied.
    static const std::pair<int, const char*> kImplied[] = {{2, "appendOnly"},      {2, "invariants"},
                                                           {3, "checkConstraints"}, {4, "changeDataFeed"},
                                                           {4, "generatedColumns"}, {5, "columnMapping"},
                                                           {6, "identityColumns"}};
    std::optional<std::vector<std::string>> writer;
    writer.emplace();
    for (const auto& [version, name] : kImplied) {
      if (p.min_writer_version >= version) writer->push_back(name);
    }
    p.writer_features = writer;
    p.min_writer_version = 7;
  }
  if (p.min_reader_version < 3) {
    std::optional<std::vector<std::string>> reader;
    reader.emplace();
    if (p.min_reader_version >= 2) reader->push_back("columnMapping");
    p.reader_features = reader;
    p.min_reader_version = 3;
  }
  AddFeature(p.reader_features, "deletionVectors");
  AddFeature(p.writer_features, "deletionVectors");
  return p;
}

std::vector<DeletionVectorDescriptor> WriteDeletionVectors(FileSystem& fs, const std::string& table_path,
                                                           const std::vector<std::vector<uint64_t>>& bitmaps) {
  std::vector<DeletionVectorDescriptor> out;
  if (bitmaps.empty()) return out;
  const std::string uuid = RandomUuidBytes();
  DeletionVectorDescriptor base;
  base.storage_type = 'u';
  base.path_or_inline_dv = EncodeZ85(uuid);
  const std::string path = DeletionVectorPath(table_path, base);
  std::string bytes(1, '\x01');  // format version
  for (const std::vector<uint64_t>& rows : bitmaps) {
    const std::string bitmap = SerializeRoaringBitmapArray(rows);
    DeletionVectorDescriptor dv = base;
    dv.offset = static_cast<int32_t>(bytes.size());
    dv.size_in_bytes = static_cast<int32_t>(bitmap.size());
    dv.cardinality = static_cast<int64_t>(rows.size());
    AppendBigEndian32(&bytes, static_cast<uint32_t>(bitmap.size()));
    bytes += bitmap;
    AppendBigEndian32(&bytes, parquet::Crc32(reinterpret_cast<const uint8_t*>(bitmap.data()), bitmap.size()));
    out.push_back(std::move(dv));
  }
  ThrowIfError(fs.PutIfAbsent(path, bytes));
  return out;
}

RowRemovalStats ApplyRowRemovals(const DeltaTable& table, const RowRemovals& removals, bool use_deletion_vectors,
                                 TableWriter& writer, Transaction& txn, int64_t now_ms, int threads) {
  const auto start = std::chrono::steady_clock::now();
  RowRemovalStats stats;
  const Snapshot& snapshot = table.snapshot();
  std::map<std::string, const AddFile*> by_path;
  for (const AddFile& f : snapshot.files()) by_path[f.path] = &f;

  std::vector<AddFile> touched;
  std::vector<const std::vector<uint64_t>*> touched_rows;
  for (const auto& [path, rows] : removals.rows()) {
    auto it = by_path.find(path);
    TARN_CHECK(it != by_path.end());
    touched.push_back(*it->second);
    touched_rows.push_back(&rows);
  }
  txn.ReadFiles(touched);

  if (use_deletion_vectors) {
    std::vector<std::vector<uint64_t>> bitmaps;
    std::vector<size_t> kept;  // touched files that keep rows
    for (size_t i = 0; i < touched.size(); ++i) {
      const AddFile& file = touched[i];
      std::vector<uint64_t> rows = *touched_rows[i];
      if (file.deletion_vector) {
        std::vector<uint64_t> old = LoadDeletionVector(snapshot.fs(), snapshot.table_path(), *file.deletion_vector);
        std::vector<uint64_t> merged;
        std::set_union(old.begin(), old.end(), rows.begin(), rows.end(), std::back_inserter(merged));
        rows = std::move(merged);
      }
      txn.RemoveFile(RemovalOf(file, now_ms));
      const std::optional<int64_t> records = NumRecords(file);
      if (records && static_cast<int64_t>(rows.size()) >= *records) {
        // Nothing left: the file goes (only this counts as a removed file, as in Delta's metrics).
        ++stats.removed_files;
        stats.removed_bytes += file.size;
        if (file.deletion_vector) ++stats.dvs_removed;
        continue;
      }
      bitmaps.push_back(std::move(rows));
      kept.push_back(i);
    }
    std::vector<DeletionVectorDescriptor> dvs = WriteDeletionVectors(snapshot.fs(), snapshot.table_path(), bitmaps);
    for (size_t k = 0; k < kept.size(); ++k) {
      AddFile add = touched[kept[k]];
      if (add.deletion_vector) {
        ++stats.dvs_updated;
      } else {
        ++stats.dvs_added;
      }
      add.deletion_vector = dvs[k];
      add.data_change = true;
      add.modification_time = now_ms;
      add.stats_from_checkpoint.reset();
      txn.AddFile(std::move(add));
    }
  } else {
    // Copy-on-write: every table column plus the row position.
    ScanSpec spec;
    for (size_t c = 0; c < table.num_table_columns(); ++c) spec.columns.push_back(static_cast<int>(c));
    const bool has_row_index = table.schema().size() == table.num_table_columns() + 2;
    TARN_CHECK(has_row_index);
    spec.columns.push_back(static_cast<int>(table.num_table_columns()) + 1);
    // The writer's schema may have grown (MERGE schema evolution): new columns are NULL.
    const Schema& out_schema = writer.schema();
    // Writes the kept rows of touched file i; returns how many.
    const auto copy_file = [&](size_t i, TableWriter& out) {
      const std::vector<uint64_t>& rows = *touched_rows[i];
      std::unique_ptr<BatchStream> stream = table.ScanFiles({by_path.at(touched[i].path)}, spec);
      int64_t copied = 0;
      Batch batch;
      while (stream->Next(&batch)) {
        const size_t n = batch.num_rows();
        const Vector& positions = batch.column(table.num_table_columns());
        SelectionVector keep;
        keep.reserve(n);
        // Positions mostly ascend within a file: walk the sorted removed rows alongside.
        auto removed = rows.begin();
        for (size_t r = 0; r < n; ++r) {
          const auto pos = static_cast<uint64_t>(positions.ValueAt<int64_t>(r));
          // `removed` stays the first removed row >= pos (a jump back searches again).
          if (removed != rows.end() && *removed < pos) {
            removed = std::lower_bound(removed, rows.end(), pos);
          } else if (removed != rows.begin() && *(removed - 1) >= pos) {
            removed = std::lower_bound(rows.begin(), removed, pos);
          }
          if (removed == rows.end() || *removed != pos) keep.push_back(static_cast<uint32_t>(r));
        }
        if (keep.empty()) continue;
        std::vector<VectorPtr> columns(batch.columns().begin(),
                                       batch.columns().begin() + static_cast<long>(table.num_table_columns()));
        for (size_t c = 0; c < columns.size(); ++c) columns[c] = WidenStruct(columns[c], out_schema[c].type);
        for (size_t c = columns.size(); c < out_schema.size(); ++c) columns.push_back(Vector::MakeNull(out_schema[c].type, n));
        Batch data(out_schema, std::move(columns), n);
        out.Write(keep.size() == n ? data : data.Select(keep));
        copied += static_cast<int64_t>(keep.size());
      }
      return copied;
    };
    // Files are rewritten in parallel, each worker with its own writer; the
    // workers take the largest files first.
    std::vector<size_t> by_size(touched.size());
    std::iota(by_size.begin(), by_size.end(), size_t{0});
    std::stable_sort(by_size.begin(), by_size.end(), [&](size_t a, size_t b) { return touched[a].size > touched[b].size; });
    const size_t workers = std::min(static_cast<size_t>(std::max(1, threads)), touched.size());  // 0 with no files
    std::vector<int64_t> copied(touched.size(), 0);
    if (workers <= 1) {
      for (size_t i = 0; i < touched.size(); ++i) copied[i] = copy_file(i, writer);
    } else {
      std::atomic<size_t> next{0};
      std::vector<std::unique_ptr<TableWriter>> outs;
      std::vector<std::exception_ptr> failures(workers);
      std::vector<std::vector<AddFile>> finished(workers);
      for (size_t w = 0; w < workers; ++w) outs.push_back(writer.NewSibling());
      std::vector<std::thread> threads_running;
      for (size_t w = 0; w < workers; ++w) {
        threads_running.emplace_back([&, w] {
          try {
            for (size_t k = next++; k < by_size.size(); k = next++) copied[by_size[k]] = copy_file(by_size[k], *outs[w]);
            finished[w] = outs[w]->Finish();  // closing the last files is work too
          } catch (...) {
            failures[w] = std::current_exception();
            next = by_size.size();  // the others stop after their current file
          }
        });
      }
      for (std::thread& t : threads_running) t.join();
      for (const std::exception_ptr& failure : failures) {
        if (failure) std::rethrow_exception(failure);
      }
      for (std::vector<AddFile>& adds : finished) writer.Adopt(std::move(adds));
    }
    for (size_t i = 0; i < touched.size(); ++i) {
      const AddFile& file = touched[i];
      stats.copied_rows += copied[i];
      txn.RemoveFile(RemovalOf(file, now_ms));
      ++stats.removed_files;
      stats.removed_bytes += file.size;
      if (file.deletion_vector) ++stats.dvs_removed;
    }
  }
  stats.rewrite_time_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  return stats;
}

VectorPtr WidenStruct(const VectorPtr& column, const DataType& to) {
  const DataType& from = column->type();
  if (from == to || from.id() != TypeId::kStruct || to.id() != TypeId::kStruct) return column;
  VectorPtr flat = Vector::Flatten(column);
  const size_t n = flat->size();
  VectorPtr out = Vector::Make(to, n);
  for (size_t r = 0; r < n; ++r) {
    if (flat->IsNull(r)) out->SetNull(r);
  }
  for (size_t k = 0; k < to.fields().size(); ++k) {
    const Field& field = to.fields()[k];
    VectorPtr child;
    for (size_t i = 0; i < from.fields().size() && !child; ++i) {
      if (EqualsIgnoreCase(from.fields()[i].name, field.name)) child = WidenStruct(flat->child_ptr(i), field.type);
    }
    out->set_child(k, child ? child : Vector::MakeNull(field.type, n));
  }
  return out;
}

}  // namespace tarn::delta
