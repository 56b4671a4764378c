#include "delta/file_reader.h"

#include <algorithm>
#include <cstring>

#include "columnar/batch.h"
#include "columnar/bitmap.h"
#include "common/error.h"
#include "common/strings.h"
#include "formats/parquet/metadata.h"
#include "formats/parquet/reader.h"
#include "types/decimal.h"

namespace tarn::delta {
namespace {

/// The Parquet schema as a tree (for field ids, which the Spark types lack).
struct FileNode {
  std::string name;
  std::optional<int32_t> field_id;
  std::vector<FileNode> children;
};

FileNode BuildTree(const std::vector<parquet::SchemaElement>& elements, size_t* pos) {
  FileNode node;
  const parquet::SchemaElement& element = elements[(*pos)++];
  node.name = element.name;
  node.field_id = element.field_id;
  int children = element.num_children.value_or(0);
  for (int i = 0; i < children && *pos < elements.size(); ++i) node.children.push_back(BuildTree(elements, pos));
  return node;
}

/// The node of a list's element: 3-level lists nest it in the repeated
/// group; legacy 2-level lists repeat the element itself.
const FileNode* ListElement(const FileNode* list) {
  if (!list || list->children.empty()) return nullptr;
  const FileNode& repeated = list->children[0];
  const std::string& name = repeated.name;
  bool is_element = repeated.children.size() != 1 || name == "array" ||
                    (name.size() > 6 && name.compare(name.size() - 6, 6, "_tuple") == 0);
  return is_element ? &repeated : &repeated.children[0];
}

const FileNode* MapEntry(const FileNode* map, size_t i) {
  if (!map || map->children.empty() || map->children[0].children.size() != 2) return nullptr;
  return &map->children[0].children[i];
}

/// Index of the file struct field holding `field`, or -1.
int FindField(const DataType& file_struct, const FileNode* node, const DeltaField& field, ColumnMappingMode mode) {
  const std::vector<Field>& fields = file_struct.fields();
  if (mode == ColumnMappingMode::kId && field.column_mapping_id && node && node->children.size() == fields.size()) {
    for (size_t i = 0; i < node->children.size(); ++i) {
      const auto& id = node->children[i].field_id;
      if (id && *id == *field.column_mapping_id) return static_cast<int>(i);
    }
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (EqualsIgnoreCase(fields[i].name, field.physical_name)) return static_cast<int>(i);
  }
  return -1;
}

/// `rows` rows, all NULL, flat (nested children null too).
VectorPtr AllNull(const DataType& type, size_t rows) {
  VectorPtr v = Vector::Make(type, rows);
  if (type.id() == TypeId::kNull || rows == 0) return v;
  bitmap::SetRange(v->mutable_validity(), 0, rows, false);
  if (type.id() == TypeId::kStruct) {
    for (size_t i = 0; i < v->num_children(); ++i) v->set_child(i, AllNull(type.fields()[i].type, rows));
  }
  return v;
}

void CopyValidity(const Vector& from, Vector* to) {
  if (from.validity() == nullptr) return;
  std::memcpy(to->mutable_validity(), from.validity(), bitmap::BytesFor(from.size()));
}

[[noreturn]] void TypeMismatch(const std::string& column, const DataType& from, const DataType& to) {
  ThrowError(ErrorClass::kParquetColumnTypeMismatch,
             {{"column", column}, {"expectedType", to.ToSql()}, {"actualType", from.ToSql()}});
}

/// A file vector as a vector of the table type `target` (see the header).
VectorPtr Adapt(const VectorPtr& v, const FileNode* node, const DeltaType& target, ColumnMappingMode mode,
                const std::string& column) {
  const DataType& from = v->type();
  const TypeId to = target.type.id();
  if (to != TypeId::kStruct && to != TypeId::kArray && to != TypeId::kMap) {
    if (from == target.type) return v;
    return WidenVector(v, target.type, column);
  }
  if (from.id() != to) TypeMismatch(column, from, target.type);
  VectorPtr flat = Vector::Flatten(v);
  const size_t rows = flat->size();
  auto out = std::make_shared<Vector>(target.type);
  out->Resize(rows);
  bool unchanged = from == target.type;
  if (to == TypeId::kStruct) {
    for (size_t i = 0; i < target.fields.size(); ++i) {
      const DeltaField& field = target.fields[i];
      int j = FindField(from, node, field, mode);
      VectorPtr child;
      if (j < 0) {
        child = AllNull(field.type.type, rows);
      } else {
        const FileNode* child_node = node && static_cast<size_t>(j) < node->children.size() ? &node->children[j] : nullptr;
        child = Adapt(flat->child_ptr(static_cast<size_t>(j)), child_node, field.type, mode, column + "." + field.name);
      }
      unchanged &= j == static_cast<int>(i) && child == flat->child_ptr(static_cast<size_t>(j));
      out->set_child(i, std::move(child));
    }
  } else {
    std::memcpy(out->offsets(), flat->offsets(), (rows + 1) * sizeof(int32_t));
    for (size_t i = 0; i < target.children.size(); ++i) {
      const FileNode* child_node = to == TypeId::kArray ? ListElement(node) : MapEntry(node, i);
      VectorPtr child = Adapt(flat->child_ptr(i), child_node, target.children[i], mode,
                              column + (to == TypeId::kArray ? ".element" : i == 0 ? ".key" : ".value"));
      unchanged &= child == flat->child_ptr(i);
      out->set_child(i, std::move(child));
    }
  }
  if (unchanged) return v;
  CopyValidity(*flat, out.get());
  return out;
}

/// Reads every value of a numeric/temporal vector as int128 (integers,
/// unscaled decimals, days, micros) or double.
struct NumericReader {
  const Vector& v;
  int128_t Integer(size_t row) const {
    switch (v.type().physical_type()) {
      case PhysicalType::kBool: return v.ValueAt<uint8_t>(row);
      case PhysicalType::kInt8: return v.ValueAt<int8_t>(row);
      case PhysicalType::kInt16: return v.ValueAt<int16_t>(row);
      case PhysicalType::kInt32: return v.ValueAt<int32_t>(row);
      case PhysicalType::kInt64: return v.ValueAt<int64_t>(row);
      case PhysicalType::kInt128: return v.ValueAt<int128_t>(row);
      default: return 0;
    }
  }
  double Floating(size_t row) const {
    switch (v.type().id()) {
      case TypeId::kFloat: return v.ValueAt<float>(row);
      case TypeId::kDouble: return v.ValueAt<double>(row);
      case TypeId::kDecimal: return static_cast<double>(Integer(row)) / static_cast<double>(PowerOfTen128(v.type().scale()));
      default: return static_cast<double>(Integer(row));
    }
  }
};

}  // namespace

VectorPtr WidenVector(const VectorPtr& vector, const DataType& to, const std::string& column) {
  const DataType& from = vector->type();
  const size_t rows = vector->size();
  if (from.id() == TypeId::kNull) return AllNull(to, rows);
  // Which changes PROTOCOL.md "Type Widening" allows (plus the zone-less and
  // string/binary reinterpretations that some writers' files need).
  enum class Kind { kInteger, kDouble, kDecimal, kDateToTimestamp, kSameMicros, kBytes } kind;
  if (IsSupportedTypeWidening(from, to)) {
    kind = to.id() == TypeId::kDouble    ? Kind::kDouble
           : to.id() == TypeId::kDecimal ? Kind::kDecimal
           : from.id() == TypeId::kDate  ? Kind::kDateToTimestamp
                                         : Kind::kInteger;
  } else if (from.is_timestamp() && to.is_timestamp()) {
    kind = Kind::kSameMicros;  // writers that mark a timestamp's zone-adjustment differently
  } else if (from.is_string_like() && to.is_string_like()) {
    kind = Kind::kBytes;
  } else {
    TypeMismatch(column, from, to);
  }
  VectorPtr out = Vector::Make(to, rows);
  NumericReader in{*vector};
  const int128_t scale_up = to.id() == TypeId::kDecimal
                                ? PowerOfTen128(to.scale() - (from.id() == TypeId::kDecimal ? from.scale() : 0))
                                : 1;
  for (size_t r = 0; r < rows; ++r) {
    if (vector->IsNull(r)) {
      out->SetNull(r);
      continue;
    }
    switch (kind) {
      case Kind::kInteger: {
        int128_t value = in.Integer(r);
        switch (to.id()) {
          case TypeId::kShort: out->values<int16_t>()[r] = static_cast<int16_t>(value); break;
          case TypeId::kInt: out->values<int32_t>()[r] = static_cast<int32_t>(value); break;
          case TypeId::kLong: out->values<int64_t>()[r] = static_cast<int64_t>(value); break;
          default: out->values<int8_t>()[r] = static_cast<int8_t>(value); break;
        }
        break;
      }
      case Kind::kDouble: out->values<double>()[r] = in.Floating(r); break;
      case Kind::kDecimal: {
        int128_t value = in.Integer(r) * scale_up;
        if (to.precision() <= kMaxInt64DecimalPrecision) {
          out->values<int64_t>()[r] = static_cast<int64_t>(value);
        } else {
          out->values<int128_t>()[r] = value;
        }
        break;
      }
      case Kind::kDateToTimestamp:
        out->values<int64_t>()[r] = static_cast<int64_t>(vector->ValueAt<int32_t>(r)) * 86400 * 1000000;
        break;
      case Kind::kSameMicros: out->values<int64_t>()[r] = vector->ValueAt<int64_t>(r); break;
      case Kind::kBytes: out->SetString(r, vector->StringAt(r).view()); break;
    }
  }
  return out;
}

namespace {

class ParquetDataFileReader : public DataFileReader {
 public:
  ParquetDataFileReader(FileSystem& fs, const std::string& path, const std::vector<const DeltaField*>& fields,
                        const DataFileReadOptions& options)
      : path_(path), fields_(fields), options_(options) {
    auto probe = parquet::ParquetReader::Open(OpenFile(fs));
    const auto& elements = probe->metadata().schema;
    size_t pos = 0;
    if (!elements.empty()) root_ = BuildTree(elements, &pos);
    const Schema& file_schema = probe->file_schema();
    total_rows_ = probe->num_rows();
    DataType file_struct = DataType::Struct(file_schema);
    const FileNode* root = root_.children.size() == file_schema.size() ? &root_ : nullptr;
    parquet::ParquetReadOptions read;
    read.threads = options.threads;
    read.batch_size = options.batch_size;
    for (const DeltaField* field : fields_) {
      int index = FindField(file_struct, root, *field, options.mapping);
      int projected = -1;
      if (index >= 0) {
        const std::string& name = file_schema[index].name;
        auto it = std::find(read.columns.begin(), read.columns.end(), name);
        projected = static_cast<int>(it - read.columns.begin());
        if (it == read.columns.end()) read.columns.push_back(name);
        file_nodes_.push_back(root ? &root_.children[index] : nullptr);
      } else {
        file_nodes_.push_back(nullptr);
      }
      projection_.push_back(projected);
    }
    // Row-group and page pruning only where it cannot shift row positions
    // (deletion vectors address rows by position) and the file type is the table's.
    if (!options.deleted_rows && !options.with_row_index) {
      for (const ScanFilter& f : options.filters) {
        int p = projection_[f.column];
        if (p < 0 || fields_[f.column]->type.type.is_nested()) continue;
        int index = FindField(file_struct, root, *fields_[f.column], options.mapping);
        if (file_schema[index].type != fields_[f.column]->type.type) continue;
        parquet::ColumnPredicate predicate;
        predicate.column = read.columns[p];
        predicate.op = static_cast<parquet::ColumnPredicate::Op>(f.op);
        predicate.literal = f.literal;
        read.predicates.push_back(std::move(predicate));
      }
    }
    if (!read.columns.empty()) {
      // The probe read the footer already; the projected reader reads it again (small next to the data).
      reader_ = parquet::ParquetReader::Open(OpenFile(fs), read);
    }
  }

  bool Next(std::vector<VectorPtr>* columns, size_t* rows) override {
    for (;;) {
      Batch batch;
      size_t n;
      if (reader_) {
        if (!reader_->Next(&batch)) return false;
        n = batch.num_rows();
      } else {
        // Only missing columns or none at all: the footer's row count says how many rows.
        if (next_row_ >= total_rows_) return false;
        n = static_cast<size_t>(std::min<int64_t>(total_rows_ - next_row_, static_cast<int64_t>(options_.batch_size)));
      }
      const int64_t first_row = next_row_;
      next_row_ += static_cast<int64_t>(n);
      columns->clear();
      for (size_t i = 0; i < fields_.size(); ++i) {
        const DeltaType& type = fields_[i]->type;
        if (projection_[i] < 0) {
          columns->push_back(type.type.is_nested() ? AllNull(type.type, n) : Vector::MakeNull(type.type, n));
        } else {
          columns->push_back(Adapt(batch.column_ptr(static_cast<size_t>(projection_[i])), file_nodes_[i], type,
                                   options_.mapping, fields_[i]->name));
        }
      }
      if (options_.with_row_index) {
        VectorPtr positions = Vector::Make(DataType::Long(), n);
        int64_t* out = positions->values<int64_t>();
        for (size_t i = 0; i < n; ++i) out[i] = first_row + static_cast<int64_t>(i);
        columns->push_back(std::move(positions));
      }
      *rows = ApplyDeletionVector(first_row, n, columns);
      if (*rows > 0) return true;
    }
  }

 private:
  std::unique_ptr<RandomAccessFile> OpenFile(FileSystem& fs) {
    auto file = fs.OpenForRead(path_);
    if (!file.ok() && file.status().code() == StatusCode::kNotFound) ThrowError(ErrorClass::kFileNotExist, {{"path", path_}});
    return ValueOrThrow(std::move(file));
  }

  /// Drops the deleted rows among file rows [first, first + n); returns the rows left.
  size_t ApplyDeletionVector(int64_t first, size_t n, std::vector<VectorPtr>* columns) {
    const std::vector<uint64_t>* deleted = options_.deleted_rows;
    if (!deleted) return n;
    while (next_deleted_ < deleted->size() && (*deleted)[next_deleted_] < static_cast<uint64_t>(first)) ++next_deleted_;
    const uint64_t end = static_cast<uint64_t>(first) + n;
    if (next_deleted_ == deleted->size() || (*deleted)[next_deleted_] >= end) return n;
    SelectionVector keep;
    keep.reserve(n);
    size_t d = next_deleted_;
    for (size_t i = 0; i < n; ++i) {
      uint64_t row = static_cast<uint64_t>(first) + i;
      while (d < deleted->size() && (*deleted)[d] < row) ++d;
      if (d < deleted->size() && (*deleted)[d] == row) continue;
      keep.push_back(static_cast<uint32_t>(i));
    }
    next_deleted_ = d;
    Schema schema;
    for (const VectorPtr& c : *columns) schema.push_back({"", c->type(), true, ""});
    Batch selected = Batch(std::move(schema), *columns, n).Select(keep);
    *columns = selected.columns();
    return keep.size();
  }

  std::string path_;
  std::vector<const DeltaField*> fields_;
  DataFileReadOptions options_;
  FileNode root_;
  std::vector<const FileNode*> file_nodes_;  // per field: its file node (id mapping), or null
  std::vector<int> projection_;              // per field: column of the projected read, or -1
  std::unique_ptr<parquet::ParquetReader> reader_;
  int64_t total_rows_ = 0;
  int64_t next_row_ = 0;
  size_t next_deleted_ = 0;
};

}  // namespace

std::unique_ptr<DataFileReader> DataFileReader::Open(FileSystem& fs, const std::string& path,
                                                     const std::vector<const DeltaField*>& fields,
                                                     const DataFileReadOptions& options) {
  return std::make_unique<ParquetDataFileReader>(fs, path, fields, options);
}

}  // namespace tarn::delta
