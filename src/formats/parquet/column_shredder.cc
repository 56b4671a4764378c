#include "formats/parquet/column_shredder.h"

#include <string>

#include "common/check.h"
#include "common/error.h"

namespace tarn::parquet {

void LeafSlice::Clear() {
  def_levels.clear();
  rep_levels.clear();
  num_levels = 0;
  num_rows = 0;
  values = nullptr;
  value_rows.clear();
}

namespace {

class Shredder {
 public:
  Shredder(const std::vector<WriteLeaf>& leaves, std::vector<LeafSlice>* out, const std::string& path)
      : leaves_(leaves), out_(*out), path_(path) {}

  void Value(const WriteNode& node, const Vector& vector, size_t row, int16_t parent_def, int16_t rep) {
    if (node.is_null_type || vector.IsNull(row)) {
      if (!node.optional) NotNullViolated(node);
      Nulls(node, parent_def, rep);
      return;
    }
    const Vector& base = vector.Base();
    const size_t at = vector.RowIndex(row);
    switch (node.kind) {
      case WriteNode::Kind::kPrimitive: {
        LeafSlice& slice = Push(node.leaf, node.def_level, rep);
        if (slice.values == nullptr) slice.values = &base;
        TARN_DCHECK(slice.values == &base, "a leaf's values come from one vector");
        slice.value_rows.push_back(static_cast<uint32_t>(at));
        return;
      }
      case WriteNode::Kind::kStruct:
        for (size_t c = 0; c < node.children.size(); ++c) {
          Value(node.children[c], base.child(c), at, node.def_level, rep);
        }
        return;
      case WriteNode::Kind::kList:
      case WriteNode::Kind::kMap: {
        const int32_t begin = base.offsets()[at], end = base.offsets()[at + 1];
        if (begin == end) {
          Nulls(node, node.def_level, rep);  // an empty list: defined up to the list itself
          return;
        }
        for (int32_t i = begin; i < end; ++i) {
          const int16_t r = i == begin ? rep : node.rep_level;
          for (size_t c = 0; c < node.children.size(); ++c) {
            Value(node.children[c], base.child(c), static_cast<size_t>(i), node.def_level + 1, r);
          }
        }
        return;
      }
    }
  }

  /// A row of a top-level primitive column without repetition: the hot path.
  void FlatValues(const WriteNode& node, const Vector& vector, size_t begin, size_t end) {
    LeafSlice& slice = out_[node.leaf];
    const Vector& base = vector.Base();
    const bool has_def = leaves_[node.leaf].max_def_level > 0;
    slice.value_rows.reserve(slice.value_rows.size() + (end - begin));
    if (has_def) slice.def_levels.reserve(slice.def_levels.size() + (end - begin));
    if (node.is_null_type) {
      slice.def_levels.insert(slice.def_levels.end(), end - begin, 0);
    } else {
      if (slice.values == nullptr) slice.values = &base;
      const bool nulls = vector.may_have_nulls();
      for (size_t row = begin; row < end; ++row) {
        if (nulls && vector.IsNull(row)) {
          if (!node.optional) NotNullViolated(node);
          slice.def_levels.push_back(0);
          continue;
        }
        if (has_def) slice.def_levels.push_back(1);
        slice.value_rows.push_back(static_cast<uint32_t>(vector.RowIndex(row)));
      }
    }
    slice.num_levels += end - begin;
    slice.num_rows += end - begin;
  }

 private:
  LeafSlice& Push(int leaf, int16_t def, int16_t rep) {
    LeafSlice& slice = out_[leaf];
    if (leaves_[leaf].max_def_level > 0) slice.def_levels.push_back(def);
    if (leaves_[leaf].max_rep_level > 0) slice.rep_levels.push_back(rep);
    ++slice.num_levels;
    if (rep == 0) ++slice.num_rows;
    return slice;
  }

  void Nulls(const WriteNode& node, int16_t def, int16_t rep) {
    for (int leaf = node.first_leaf; leaf < node.end_leaf; ++leaf) Push(leaf, def, rep);
  }

  [[noreturn]] void NotNullViolated(const WriteNode& node) const {
    ThrowError(ErrorClass::kFileWriteError,
               {{"path", path_}, {"message", "The non-nullable field `" + node.name + "` holds a null value."}});
  }

  const std::vector<WriteLeaf>& leaves_;
  std::vector<LeafSlice>& out_;
  const std::string& path_;
};

}  // namespace

void ShredColumn(const WriteNode& node, const std::vector<WriteLeaf>& leaves, const Vector& column, size_t begin,
                 size_t end, std::vector<LeafSlice>* out, const std::string& path) {
  Shredder shredder(leaves, out, path);
  if (node.kind == WriteNode::Kind::kPrimitive) {
    shredder.FlatValues(node, column, begin, end);
    return;
  }
  for (size_t row = begin; row < end; ++row) shredder.Value(node, column, row, 0, 0);
}

}  // namespace tarn::parquet
