#include "formats/parquet/record_assembly.h"

#include <cstring>

#include "common/check.h"
#include "common/error.h"

namespace tarn::parquet {

namespace {

[[noreturn]] void Corrupt(std::string_view path, const std::string& message) {
  ThrowError(ErrorClass::kCorruptFile, {{"path", std::string(path)}, {"message", message}});
}

const LeafData& FirstLeaf(const SchemaNode& node, const std::vector<LeafData>& leaves) {
  const SchemaNode* n = &node;
  while (n->leaf < 0) n = &n->children[0];
  return leaves[n->leaf];
}

/// Walks the slots of one node in a leaf's level stream.
class SlotCursor {
 public:
  SlotCursor(const SchemaNode& node, const LeafData& leaf) : node_(node), leaf_(leaf) {}

  int16_t def(size_t e) const { return leaf_.def_levels.empty() ? leaf_.max_def_level : leaf_.def_levels[e]; }
  int16_t rep(size_t e) const { return leaf_.rep_levels.empty() ? 0 : leaf_.rep_levels[e]; }
  bool IsSlot(size_t e) const { return rep(e) <= node_.rep_level && def(e) >= node_.slot_def_level; }
  size_t size() const { return leaf_.num_levels; }

 private:
  const SchemaNode& node_;
  const LeafData& leaf_;
};

class Assembler {
 public:
  Assembler(const std::vector<LeafData>& leaves, std::string_view path) : leaves_(leaves), path_(path) {}

  VectorPtr Build(const SchemaNode& node) {
    switch (node.field.type.id()) {
      case TypeId::kArray:
      case TypeId::kMap: return BuildList(node);
      case TypeId::kStruct: return BuildStruct(node);
      default: return BuildPrimitive(node);
    }
  }

 private:
  VectorPtr BuildPrimitive(const SchemaNode& node) {
    const LeafData& leaf = leaves_[node.leaf];
    const Vector& dense = *leaf.values;
    SlotCursor cursor(node, leaf);
    const bool all_slots = leaf.rep_levels.empty() && node.slot_def_level == 0;
    if (all_slots && (leaf.def_levels.empty() || dense.size() == leaf.num_levels)) {
      if (dense.size() != leaf.num_levels) Corrupt(path_, "column '" + node.field.name + "' has fewer values than rows");
      return leaf.values;  // no nulls: the dense values are the column
    }
    std::vector<uint8_t> present;
    present.reserve(leaf.num_levels);
    for (size_t e = 0; e < leaf.num_levels; ++e) {
      if (all_slots || cursor.IsSlot(e)) present.push_back(cursor.def(e) >= node.def_level);
    }
    return Scatter(node, dense, present);
  }

  /// Spreads dense values over slots, nulls where present[i] == 0.
  VectorPtr Scatter(const SchemaNode& node, const Vector& dense, const std::vector<uint8_t>& present) {
    // Dictionary-vector leaves are null-free and never need spreading.
    TARN_CHECK(dense.is_flat(), "scattering an encoded leaf vector");
    size_t slots = present.size();
    VectorPtr out = Vector::Make(node.field.type, slots);
    size_t width = node.field.type.fixed_width();
    const uint8_t* in = dense.values<uint8_t>();
    uint8_t* dst = out->values<uint8_t>();
    size_t next = 0;
    for (size_t i = 0; i < slots; ++i) {
      if (!present[i]) {
        out->SetNull(i);
        continue;
      }
      if (next >= dense.size()) Corrupt(path_, "column '" + node.field.name + "' has fewer values than its levels say");
      if (width > 0) std::memcpy(dst + i * width, in + next * width, width);
      ++next;
    }
    if (next != dense.size()) Corrupt(path_, "column '" + node.field.name + "' has more values than its levels say");
    if (node.field.type.physical_type() == PhysicalType::kString) out->ShareStringMemory(dense);
    return out;
  }

  VectorPtr BuildStruct(const SchemaNode& node) {
    const LeafData& leaf = FirstLeaf(node, leaves_);
    SlotCursor cursor(node, leaf);
    std::vector<uint8_t> present;
    for (size_t e = 0; e < cursor.size(); ++e) {
      if (cursor.IsSlot(e)) present.push_back(cursor.def(e) >= node.def_level);
    }
    VectorPtr out = std::make_shared<Vector>(node.field.type);
    out->Resize(present.size());
    for (size_t i = 0; i < present.size(); ++i) {
      if (!present[i]) out->SetNull(i);
    }
    for (size_t c = 0; c < node.children.size(); ++c) {
      VectorPtr child = Build(node.children[c]);
      if (child->size() != present.size()) {
        Corrupt(path_, "the fields of struct '" + node.field.name + "' have different numbers of values");
      }
      out->set_child(c, std::move(child));
    }
    return out;
  }

  VectorPtr BuildList(const SchemaNode& node) {
    const LeafData& leaf = FirstLeaf(node, leaves_);
    SlotCursor cursor(node, leaf);
    VectorPtr out = std::make_shared<Vector>(node.field.type);
    std::vector<int32_t> offsets{0};
    std::vector<uint8_t> present;
    int64_t elements = 0;
    size_t e = 0;
    const size_t n = cursor.size();
    while (e < n) {
      if (!cursor.IsSlot(e)) {
        ++e;  // an entry of an empty or null enclosing list: no slot here
        continue;
      }
      bool is_present = cursor.def(e) >= node.def_level;
      if (cursor.def(e) >= node.element_def_level) ++elements;
      size_t next = e + 1;
      for (; next < n && cursor.rep(next) > node.rep_level; ++next) {
        if (cursor.rep(next) == node.element_rep_level) {
          if (cursor.def(next) < node.element_def_level) {
            Corrupt(path_, "column '" + node.field.name + "' continues a list with an undefined element");
          }
          ++elements;
        }
      }
      if (elements > INT32_MAX) Corrupt(path_, "list column '" + node.field.name + "' has more than 2^31 elements");
      present.push_back(is_present);
      offsets.push_back(static_cast<int32_t>(elements));
      e = next;
    }
    out->Resize(present.size());
    std::memcpy(out->offsets(), offsets.data(), offsets.size() * sizeof(int32_t));
    for (size_t i = 0; i < present.size(); ++i) {
      if (!present[i]) out->SetNull(i);
    }
    for (size_t c = 0; c < node.children.size(); ++c) {
      VectorPtr child = Build(node.children[c]);
      if (static_cast<int64_t>(child->size()) != elements) {
        Corrupt(path_, "the elements of '" + node.field.name + "' disagree with its repetition levels");
      }
      out->set_child(c, std::move(child));
    }
    return out;
  }

  const std::vector<LeafData>& leaves_;
  std::string_view path_;
};

}  // namespace

VectorPtr AssembleField(const SchemaNode& node, const std::vector<LeafData>& leaves, size_t num_rows,
                        std::string_view path) {
  VectorPtr out = Assembler(leaves, path).Build(node);
  if (out->size() != num_rows) {
    Corrupt(path, "column '" + node.field.name + "' has " + std::to_string(out->size()) + " rows, the row group " +
                      std::to_string(num_rows));
  }
  return out;
}

}  // namespace tarn::parquet
