#include "columnar/arrow_c_data.h"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "columnar/batch.h"
#include "columnar/vector.h"
#include "common/error.h"
#include "types/decimal.h"

namespace tarn {
namespace {

// ---------------------------------------------------------------------------
// Building tarn vectors
// ---------------------------------------------------------------------------

template <typename T>
VectorPtr MakeFixed(const DataType& type, const std::vector<std::optional<T>>& rows) {
  VectorPtr v = Vector::Make(type, rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i]) {
      v->values<T>()[i] = *rows[i];
    } else {
      v->SetNull(i);
    }
  }
  return v;
}

VectorPtr MakeStrings(const DataType& type, const std::vector<std::optional<std::string>>& rows) {
  VectorPtr v = Vector::Make(type, rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i]) {
      v->SetString(i, *rows[i]);
    } else {
      v->SetNull(i);
    }
  }
  return v;
}

/// A list (or map, with two children) vector whose row i has lengths[i] entries.
VectorPtr MakeNested(const DataType& type, std::vector<VectorPtr> children, const std::vector<int>& lengths,
                     const std::vector<size_t>& null_rows = {}) {
  VectorPtr v = Vector::Make(type, lengths.size());
  for (size_t c = 0; c < children.size(); ++c) v->set_child(c, children[c]);
  for (size_t i = 0; i < lengths.size(); ++i) v->offsets()[i + 1] = v->offsets()[i] + lengths[i];
  for (size_t row : null_rows) v->SetNull(row);
  return v;
}

VectorPtr MakeStruct(const DataType& type, std::vector<VectorPtr> children, size_t size,
                     const std::vector<size_t>& null_rows = {}) {
  VectorPtr v = Vector::Make(type, size);
  for (size_t c = 0; c < children.size(); ++c) v->set_child(c, children[c]);
  for (size_t row : null_rows) v->SetNull(row);
  return v;
}

// ---------------------------------------------------------------------------
// Comparing vectors row by row (any encoding)
// ---------------------------------------------------------------------------

void ExpectRowEqual(const Vector& a, size_t ra, const Vector& b, size_t rb, const std::string& path) {
  ASSERT_EQ(a.IsNull(ra), b.IsNull(rb)) << path;
  if (a.IsNull(ra)) return;
  const Vector& base_a = a.Base();
  const Vector& base_b = b.Base();
  size_t ia = a.RowIndex(ra);
  size_t ib = b.RowIndex(rb);
  switch (a.type().physical_type()) {
    case PhysicalType::kNone: return;
    case PhysicalType::kString:
      EXPECT_EQ(base_a.values<StringView>()[ia].view(), base_b.values<StringView>()[ib].view()) << path;
      return;
    case PhysicalType::kList:
    case PhysicalType::kMap: {
      int32_t begin_a = base_a.offsets()[ia], end_a = base_a.offsets()[ia + 1];
      int32_t begin_b = base_b.offsets()[ib], end_b = base_b.offsets()[ib + 1];
      ASSERT_EQ(end_a - begin_a, end_b - begin_b) << path << " length";
      for (size_t c = 0; c < base_a.num_children(); ++c) {
        for (int32_t j = 0; j < end_a - begin_a; ++j) {
          ExpectRowEqual(base_a.child(c), begin_a + j, base_b.child(c), begin_b + j,
                         path + ".child" + std::to_string(c) + "[" + std::to_string(j) + "]");
        }
      }
      return;
    }
    case PhysicalType::kStruct:
      for (size_t c = 0; c < base_a.num_children(); ++c) {
        ExpectRowEqual(base_a.child(c), ia, base_b.child(c), ib, path + "." + a.type().fields()[c].name);
      }
      return;
    default: {
      size_t width = a.type().fixed_width();
      EXPECT_EQ(std::memcmp(base_a.values<uint8_t>() + ia * width, base_b.values<uint8_t>() + ib * width, width), 0)
          << path;
    }
  }
}

void ExpectVectorsEqual(const Vector& expected, const Vector& actual) {
  ASSERT_TRUE(expected.type() == actual.type())
      << expected.type().ToSql() << " vs " << actual.type().ToSql();
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t i = 0; i < expected.size(); ++i) ExpectRowEqual(expected, i, actual, i, "row" + std::to_string(i));
}

/// Export → import through both APIs (schema-driven and type-driven), and the type alone.
void ExpectRoundTrip(const VectorPtr& vector, bool nullable = true) {
  SCOPED_TRACE(vector->type().ToSql());
  Field field{"column", vector->type(), nullable, ""};
  {
    ArrowArray array;
    ArrowSchema schema;
    ExportVector(vector, field, &array, &schema);
    VectorPtr back = ImportVector(&array, &schema);
    EXPECT_EQ(array.release, nullptr);
    EXPECT_EQ(schema.release, nullptr);
    ExpectVectorsEqual(*vector, *back);
  }
  {
    ArrowArray array;
    ExportVector(vector, &array);
    VectorPtr back = ImportVector(&array, vector->type());
    ExpectVectorsEqual(*vector, *back);
  }
  {
    ArrowSchema schema;
    ExportType(field, &schema);
    Field back = ImportField(&schema);
    EXPECT_TRUE(back == field) << back.type.ToSql();
  }
}

// ---------------------------------------------------------------------------
// A hand-written producer: buffers owned by the test, releases counted
// ---------------------------------------------------------------------------

class Producer {
 public:
  ArrowArray* Array(int64_t length, int64_t null_count, int64_t offset, std::vector<const void*> buffers,
                    std::vector<ArrowArray*> children = {}, ArrowArray* dictionary = nullptr) {
    ArrayNode& node = arrays_.emplace_back();
    node.buffers = std::move(buffers);
    node.children = std::move(children);
    node.array.length = length;
    node.array.null_count = null_count;
    node.array.offset = offset;
    node.array.n_buffers = static_cast<int64_t>(node.buffers.size());
    node.array.n_children = static_cast<int64_t>(node.children.size());
    node.array.buffers = node.buffers.data();
    node.array.children = node.children.empty() ? nullptr : node.children.data();
    node.array.dictionary = dictionary;
    node.array.release = &Producer::ReleaseArray;
    node.array.private_data = this;
    return &node.array;
  }

  ArrowSchema* Schema(const char* format, const char* name = "", int64_t flags = ARROW_FLAG_NULLABLE,
                      std::vector<ArrowSchema*> children = {}, ArrowSchema* dictionary = nullptr) {
    SchemaNode& node = schemas_.emplace_back();
    node.children = std::move(children);
    node.schema.format = format;
    node.schema.name = name;
    node.schema.metadata = nullptr;
    node.schema.flags = flags;
    node.schema.n_children = static_cast<int64_t>(node.children.size());
    node.schema.children = node.children.empty() ? nullptr : node.children.data();
    node.schema.dictionary = dictionary;
    node.schema.release = &Producer::ReleaseSchema;
    node.schema.private_data = this;
    return &node.schema;
  }

  int array_releases = 0;
  int schema_releases = 0;

 private:
  static void ReleaseArray(ArrowArray* array) {
    for (int64_t i = 0; i < array->n_children; ++i) {
      if (array->children[i]->release != nullptr) array->children[i]->release(array->children[i]);
    }
    if (array->dictionary != nullptr && array->dictionary->release != nullptr) {
      array->dictionary->release(array->dictionary);
    }
    static_cast<Producer*>(array->private_data)->array_releases++;
    array->release = nullptr;
  }
  static void ReleaseSchema(ArrowSchema* schema) {
    for (int64_t i = 0; i < schema->n_children; ++i) {
      if (schema->children[i]->release != nullptr) schema->children[i]->release(schema->children[i]);
    }
    if (schema->dictionary != nullptr && schema->dictionary->release != nullptr) {
      schema->dictionary->release(schema->dictionary);
    }
    static_cast<Producer*>(schema->private_data)->schema_releases++;
    schema->release = nullptr;
  }

  struct ArrayNode {
    ArrowArray array{};
    std::vector<const void*> buffers;
    std::vector<ArrowArray*> children;
  };
  struct SchemaNode {
    ArrowSchema schema{};
    std::vector<ArrowSchema*> children;
  };
  std::deque<ArrayNode> arrays_;
  std::deque<SchemaNode> schemas_;
};

/// LSB-first validity bits from a string like "1101".
std::vector<uint8_t> Bits(const std::string& pattern) {
  std::vector<uint8_t> bits((pattern.size() + 7) / 8, 0);
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '1') bits[i / 8] |= static_cast<uint8_t>(1u << (i % 8));
  }
  return bits;
}

std::array<uint8_t, 16> InlineView(std::string_view s) {
  std::array<uint8_t, 16> view{};
  int32_t size = static_cast<int32_t>(s.size());
  std::memcpy(view.data(), &size, 4);
  std::memcpy(view.data() + 4, s.data(), s.size());
  return view;
}

std::array<uint8_t, 16> BufferView(std::string_view s, int32_t index, int32_t offset) {
  std::array<uint8_t, 16> view{};
  int32_t size = static_cast<int32_t>(s.size());
  std::memcpy(view.data(), &size, 4);
  std::memcpy(view.data() + 4, s.data(), 4);
  std::memcpy(view.data() + 8, &index, 4);
  std::memcpy(view.data() + 12, &offset, 4);
  return view;
}

template <typename T>
T Read(const void* buffer, size_t index) {
  T value;
  std::memcpy(&value, static_cast<const uint8_t*>(buffer) + index * sizeof(T), sizeof(T));
  return value;
}

ErrorClass ImportErrorClass(const std::function<void()>& import) {
  try {
    import();
  } catch (const Error& error) {
    return error.info().error_class;
  }
  ADD_FAILURE() << "no error";
  return ErrorClass::kInternalError;
}

// ---------------------------------------------------------------------------
// Types and format strings
// ---------------------------------------------------------------------------

TEST(ArrowCData, FormatStringsOfEveryType) {
  struct Case {
    DataType type;
    const char* format;
  };
  const Case cases[] = {
      {DataType::Null(), "n"},
      {DataType::Boolean(), "b"},
      {DataType::Byte(), "c"},
      {DataType::Short(), "s"},
      {DataType::Int(), "i"},
      {DataType::Long(), "l"},
      {DataType::Float(), "f"},
      {DataType::Double(), "g"},
      {DataType::Decimal(9, 2), "d:9,2"},
      {DataType::Decimal(38, 10), "d:38,10"},
      {DataType::String(), "u"},
      {DataType::Binary(), "z"},
      {DataType::Date(), "tdD"},
      {DataType::Timestamp(), "tsu:UTC"},
      {DataType::TimestampNtz(), "tsu:"},
      {DataType::Time(), "ttu"},
      {DataType::YearMonthInterval(), "tiM"},
      {DataType::DayTimeInterval(), "tDu"},
      {DataType::CalendarInterval(), "tin"},
      {DataType::Array(DataType::Int()), "+l"},
      {DataType::Map(DataType::String(), DataType::Int()), "+m"},
      {DataType::Struct({Field{"a", DataType::Int(), true, ""}}), "+s"},
  };
  for (const Case& c : cases) {
    for (bool nullable : {true, false}) {
      ArrowSchema schema;
      ExportType(Field{"col", c.type, nullable, ""}, &schema);
      EXPECT_STREQ(schema.format, c.format);
      EXPECT_STREQ(schema.name, "col");
      EXPECT_EQ(schema.metadata, nullptr);
      EXPECT_EQ(schema.dictionary, nullptr);
      EXPECT_EQ(schema.flags, nullable ? ARROW_FLAG_NULLABLE : 0);
      Field back = ImportField(&schema);  // releases
      EXPECT_EQ(schema.release, nullptr);
      EXPECT_TRUE(back.type == c.type) << c.format << " → " << back.type.ToSql();
      EXPECT_EQ(back.nullable, nullable);
    }
  }
}

TEST(ArrowCData, NestedSchemaChildren) {
  DataType type = DataType::Map(DataType::String(), DataType::Array(DataType::Int(), false), true);
  ArrowSchema schema;
  ExportType(Field{"m", type, false, ""}, &schema);
  EXPECT_STREQ(schema.format, "+m");
  EXPECT_EQ(schema.flags & ARROW_FLAG_MAP_KEYS_SORTED, 0);
  ASSERT_EQ(schema.n_children, 1);
  const ArrowSchema* entries = schema.children[0];
  EXPECT_STREQ(entries->format, "+s");
  EXPECT_STREQ(entries->name, "entries");
  EXPECT_EQ(entries->flags, 0);
  ASSERT_EQ(entries->n_children, 2);
  EXPECT_STREQ(entries->children[0]->name, "key");
  EXPECT_STREQ(entries->children[0]->format, "u");
  EXPECT_EQ(entries->children[0]->flags, 0);  // keys are never null
  EXPECT_STREQ(entries->children[1]->name, "value");
  EXPECT_STREQ(entries->children[1]->format, "+l");
  EXPECT_EQ(entries->children[1]->flags, ARROW_FLAG_NULLABLE);
  ASSERT_EQ(entries->children[1]->n_children, 1);
  EXPECT_STREQ(entries->children[1]->children[0]->name, "element");
  EXPECT_STREQ(entries->children[1]->children[0]->format, "i");
  EXPECT_EQ(entries->children[1]->children[0]->flags, 0);  // array<int NOT NULL>
  schema.release(&schema);
  EXPECT_EQ(schema.release, nullptr);
}

TEST(ArrowCData, SchemaOfABatch) {
  Schema fields = {Field{"id", DataType::Long(), false, ""},
                   Field{"s", DataType::Struct({Field{"x", DataType::Double(), true, ""}}), true, ""}};
  ArrowSchema schema;
  ExportSchema(fields, &schema);
  EXPECT_STREQ(schema.format, "+s");
  EXPECT_EQ(schema.flags, 0);
  ASSERT_EQ(schema.n_children, 2);
  EXPECT_STREQ(schema.children[0]->name, "id");
  EXPECT_EQ(schema.children[0]->flags, 0);
  EXPECT_STREQ(schema.children[1]->children[0]->name, "x");
  Schema back = ImportSchema(&schema);
  EXPECT_EQ(schema.release, nullptr);
  EXPECT_EQ(back, fields);
}

// ---------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------

TEST(ArrowCData, RoundTripFixedWidthTypes) {
  ExpectRoundTrip(MakeFixed<uint8_t>(DataType::Boolean(), {1, 0, std::nullopt, 1, 1, 0, 0, 1, 1, std::nullopt}));
  ExpectRoundTrip(MakeFixed<int8_t>(DataType::Byte(), {-128, 127, std::nullopt, 0}));
  ExpectRoundTrip(MakeFixed<int16_t>(DataType::Short(), {-32768, std::nullopt, 32767}));
  ExpectRoundTrip(MakeFixed<int32_t>(DataType::Int(), {1, std::nullopt, -7, INT32_MAX}), false);
  ExpectRoundTrip(MakeFixed<int64_t>(DataType::Long(), {INT64_MIN, std::nullopt, 42}));
  ExpectRoundTrip(MakeFixed<float>(DataType::Float(), {1.5f, std::nullopt, -0.0f}));
  ExpectRoundTrip(MakeFixed<double>(DataType::Double(), {3.25, std::nullopt, 1e300}));
  ExpectRoundTrip(MakeFixed<int32_t>(DataType::Date(), {0, -719162, std::nullopt, 2932896}));
  ExpectRoundTrip(MakeFixed<int64_t>(DataType::Timestamp(), {0, -1, std::nullopt, 1700000000123456}));
  ExpectRoundTrip(MakeFixed<int64_t>(DataType::TimestampNtz(), {std::nullopt, -62135596800000000}));
  ExpectRoundTrip(MakeFixed<int64_t>(DataType::Time(), {0, 86399999999, std::nullopt}));
  ExpectRoundTrip(MakeFixed<int32_t>(DataType::YearMonthInterval(), {14, -3, std::nullopt}));
  ExpectRoundTrip(MakeFixed<int64_t>(DataType::DayTimeInterval(), {86400000000, -1, std::nullopt}));
  ExpectRoundTrip(MakeFixed<IntervalValue>(DataType::CalendarInterval(),
                                           {IntervalValue{1, 2, 3}, std::nullopt, IntervalValue{-13, -40, -5000001}}));
  // Empty and all-valid vectors.
  ExpectRoundTrip(Vector::Make(DataType::Int(), 0));
  ExpectRoundTrip(MakeFixed<int64_t>(DataType::Long(), {1, 2, 3}));
}

TEST(ArrowCData, RoundTripDecimals) {
  ExpectRoundTrip(MakeFixed<int64_t>(DataType::Decimal(9, 2), {123456789, -987654321, std::nullopt, -1, 0}));
  ExpectRoundTrip(
      MakeFixed<int64_t>(DataType::Decimal(18, 0), {999999999999999999, -999999999999999999, std::nullopt}));
  int128_t big = PowerOfTen128(38) - 1;
  ExpectRoundTrip(MakeFixed<int128_t>(DataType::Decimal(38, 10), {big, -big, std::nullopt, -1, int128_t{5}}));
}

TEST(ArrowCData, RoundTripStringsAndBinary) {
  std::string long_string(1000, 'q');
  ExpectRoundTrip(MakeStrings(DataType::String(), {"", "short", "exactly12byt", "thirteen byte", std::nullopt,
                                                   long_string, "ünïcødé strings longer than twelve"}));
  ExpectRoundTrip(MakeStrings(DataType::Binary(), {std::string("\0\1\2", 3), std::nullopt, std::string(40, '\0')}));
  ExpectRoundTrip(MakeStrings(DataType::String(), {std::nullopt, std::nullopt}));
}

TEST(ArrowCData, RoundTripNullType) {
  ExpectRoundTrip(Vector::MakeNull(DataType::Null(), 5));
  VectorPtr flat = Vector::Make(DataType::Null(), 3);
  for (size_t i = 0; i < 3; ++i) flat->SetNull(i);
  ExpectRoundTrip(flat);
}

TEST(ArrowCData, RoundTripArrayOfStructWithNullsAtEveryLevel) {
  DataType element =
      DataType::Struct({Field{"a", DataType::Int(), true, ""}, Field{"b", DataType::String(), true, ""}});
  DataType type = DataType::Array(element, true);
  // Elements: {1,"x"}, null, {null,"a string longer than 12"}, {4,null}, {5,"e"}
  VectorPtr a = MakeFixed<int32_t>(DataType::Int(), {1, 0, std::nullopt, 4, 5});
  VectorPtr b = MakeStrings(DataType::String(), {"x", "", "a string longer than 12", std::nullopt, "e"});
  VectorPtr structs = MakeStruct(element, {a, b}, 5, {1});
  // Rows: [e0, e1], null, [], [e2, e3, e4], []
  VectorPtr lists = MakeNested(type, {structs}, {2, 0, 0, 3, 0}, {1});
  ExpectRoundTrip(lists);
}

TEST(ArrowCData, RoundTripMapOfStringToArrayOfInt) {
  DataType ints = DataType::Array(DataType::Int(), true);
  DataType type = DataType::Map(DataType::String(), ints, true);
  VectorPtr elements = MakeFixed<int32_t>(DataType::Int(), {1, 2, std::nullopt, 4});
  // Values: [1, 2], null, [], [null, 4]
  VectorPtr values = MakeNested(ints, {elements}, {2, 0, 0, 2}, {1});
  VectorPtr keys = MakeStrings(DataType::String(), {"k1", "k2", "key number three!", "k4"});
  // Maps: {k1:[1,2], k2:null}, null, {}, {key number three!:[], k4:[null,4]}
  VectorPtr maps = MakeNested(type, {keys, values}, {2, 0, 0, 2}, {1});
  ExpectRoundTrip(maps);
  ExpectRoundTrip(maps, false);
}

TEST(ArrowCData, RoundTripStructWithTrailingNullRows) {
  // Null struct rows are null rows in the (row-aligned) children too.
  DataType type = DataType::Struct({Field{"x", DataType::Long(), false, ""}, Field{"s", DataType::String(), true, ""}});
  VectorPtr source = MakeStruct(type, {MakeFixed<int64_t>(DataType::Long(), {7}),
                                       MakeStrings(DataType::String(), {"seven is more than 12 chars"})},
                                1);
  auto built = std::make_shared<Vector>(type);
  built->AppendFrom(*source, 0);
  built->AppendFrom(*Vector::MakeNull(type, 1), 0);
  built->AppendFrom(*Vector::MakeNull(type, 1), 0);
  ASSERT_EQ(built->size(), 3u);
  ASSERT_EQ(built->child(0).size(), 3u);
  EXPECT_TRUE(built->child(1).IsNull(2));
  ExpectRoundTrip(built);

  ArrowArray array;
  ExportVector(built, &array);
  EXPECT_EQ(array.null_count, 2);
  EXPECT_EQ(array.children[0]->length, 3);
  EXPECT_EQ(array.children[1]->length, 3);
  array.release(&array);
}

TEST(ArrowCData, RoundTripDeeplyNested) {
  DataType inner = DataType::Struct({Field{"d", DataType::Decimal(20, 4), true, ""},
                                     Field{"flag", DataType::Boolean(), false, ""}});
  DataType map_type = DataType::Map(DataType::Int(), inner, true);
  DataType type = DataType::Array(DataType::Array(map_type, true), false);
  VectorPtr d = MakeFixed<int128_t>(DataType::Decimal(20, 4), {int128_t{-12345}, std::nullopt, PowerOfTen128(19)});
  VectorPtr flag = MakeFixed<uint8_t>(DataType::Boolean(), {1, 0, 1});
  VectorPtr structs = MakeStruct(inner, {d, flag}, 3, {});
  VectorPtr keys = MakeFixed<int32_t>(DataType::Int(), {10, 20, 30});
  VectorPtr maps = MakeNested(map_type, {keys, structs}, {1, 0, 2}, {1});
  VectorPtr middle = MakeNested(DataType::Array(map_type, true), {maps}, {3, 0}, {});
  VectorPtr outer = MakeNested(type, {middle}, {1, 1, 0}, {});
  ExpectRoundTrip(outer);
}

TEST(ArrowCData, EncodedVectorsAreFlattened) {
  VectorPtr strings = MakeStrings(DataType::String(), {"alpha", std::nullopt, "a longer string value"});
  VectorPtr constant = Vector::MakeConstant(strings, 2, 4);
  ExpectRoundTrip(constant);
  Batch batch({Field{"s", DataType::String(), true, ""}}, {strings}, 3);
  Batch selected = batch.Select({2, 1, 0, 2});
  ASSERT_FALSE(selected.column(0).is_flat());
  ExpectRoundTrip(selected.column_ptr(0));
  ExpectRoundTrip(Vector::MakeNull(DataType::Array(DataType::Int()), 2));

  // A flat struct whose child is a constant vector.
  DataType type = DataType::Struct({Field{"c", DataType::Int(), true, ""}});
  VectorPtr with_constant_child =
      MakeStruct(type, {Vector::MakeConstant(MakeFixed<int32_t>(DataType::Int(), {9}), 0, 3)}, 3);
  ExpectRoundTrip(with_constant_child);
}

TEST(ArrowCData, RoundTripBatch) {
  Schema fields = {Field{"id", DataType::Long(), false, ""}, Field{"name", DataType::String(), true, ""},
                   Field{"tags", DataType::Array(DataType::String()), true, ""}};
  VectorPtr ids = MakeFixed<int64_t>(DataType::Long(), {1, 2, 3});
  VectorPtr names = MakeStrings(DataType::String(), {"ann", std::nullopt, "a name longer than twelve"});
  VectorPtr tags = MakeNested(fields[2].type, {MakeStrings(DataType::String(), {"t1", "t2"})}, {2, 0, 0}, {2});
  Batch batch(fields, {ids, names, tags}, 3);

  ArrowArray array;
  ArrowSchema schema;
  ExportBatch(batch, &array, &schema);
  EXPECT_STREQ(schema.format, "+s");
  EXPECT_EQ(array.length, 3);
  EXPECT_EQ(array.null_count, 0);
  EXPECT_EQ(array.n_buffers, 1);
  EXPECT_EQ(array.buffers[0], nullptr);
  ASSERT_EQ(array.n_children, 3);
  Batch back = ImportBatch(&array, &schema);
  EXPECT_EQ(back.schema(), fields);
  ASSERT_EQ(back.num_rows(), 3u);
  for (size_t i = 0; i < 3; ++i) ExpectVectorsEqual(batch.column(i), back.column(i));

  // Separate schema export + array-only batch export agree.
  ExportSchema(fields, &schema);
  ExportBatch(batch.Select({2, 0}), &array);
  Batch selected = ImportBatch(&array, &schema);
  ASSERT_EQ(selected.num_rows(), 2u);
  EXPECT_EQ(selected.column(1).StringAt(0).view(), "a name longer than twelve");
  EXPECT_TRUE(selected.column(2).IsNull(0));
}

// ---------------------------------------------------------------------------
// The exported C structs
// ---------------------------------------------------------------------------

TEST(ArrowCData, ExportedIntsShareTheVectorsBuffers) {
  VectorPtr v = MakeFixed<int32_t>(DataType::Int(), {10, std::nullopt, 30});
  ArrowArray array;
  ExportVector(v, &array);
  EXPECT_EQ(array.length, 3);
  EXPECT_EQ(array.offset, 0);
  EXPECT_EQ(array.null_count, 1);
  EXPECT_EQ(array.n_buffers, 2);
  EXPECT_EQ(array.n_children, 0);
  EXPECT_EQ(array.dictionary, nullptr);
  EXPECT_EQ(array.buffers[1], v->values<int32_t>());
  EXPECT_EQ(static_cast<const uint8_t*>(array.buffers[0])[0] & 0x7, 0x5);
  EXPECT_EQ(Read<int32_t>(array.buffers[1], 2), 30);
  array.release(&array);

  VectorPtr no_nulls = MakeFixed<int32_t>(DataType::Int(), {1, 2});
  ExportVector(no_nulls, &array);
  EXPECT_EQ(array.null_count, 0);
  EXPECT_EQ(array.buffers[0], nullptr);
  array.release(&array);
}

TEST(ArrowCData, ExportedBooleansAreBitPacked) {
  VectorPtr v = MakeFixed<uint8_t>(DataType::Boolean(), {1, 0, 1, 1, 0, 0, 0, 1, 1, std::nullopt});
  ArrowArray array;
  ArrowSchema schema;
  ExportVector(v, Field{"b", DataType::Boolean(), true, ""}, &array, &schema);
  EXPECT_STREQ(schema.format, "b");
  EXPECT_EQ(array.n_buffers, 2);
  EXPECT_EQ(array.null_count, 1);
  const auto* bits = static_cast<const uint8_t*>(array.buffers[1]);
  EXPECT_EQ(bits[0], 0x8D);  // 1,0,1,1,0,0,0,1 LSB first
  EXPECT_EQ(bits[1] & 0x1, 0x1);
  const auto* validity = static_cast<const uint8_t*>(array.buffers[0]);
  EXPECT_EQ(validity[0], 0xFF);
  EXPECT_EQ(validity[1] & 0x3, 0x1);
  array.release(&array);
  schema.release(&schema);
}

TEST(ArrowCData, ExportedStringsHaveOffsetsAndData) {
  std::string long_string(20, 'L');
  VectorPtr v = MakeStrings(DataType::String(), {"abc", std::nullopt, "", long_string});
  ArrowArray array;
  ArrowSchema schema;
  ExportVector(v, Field{"s", DataType::String(), true, ""}, &array, &schema);
  EXPECT_STREQ(schema.format, "u");
  ASSERT_EQ(array.n_buffers, 3);
  EXPECT_EQ(array.null_count, 1);
  std::vector<int32_t> offsets;
  for (size_t i = 0; i < 5; ++i) offsets.push_back(Read<int32_t>(array.buffers[1], i));
  EXPECT_EQ(offsets, (std::vector<int32_t>{0, 3, 3, 3, 23}));
  EXPECT_EQ(std::string(static_cast<const char*>(array.buffers[2]), 23), "abc" + long_string);
  array.release(&array);
  schema.release(&schema);
}

TEST(ArrowCData, LargeStringsWhenDataExceedsTheThreshold) {
  VectorPtr v = MakeStrings(DataType::Binary(), {"0123456789", std::nullopt, "abcdefghijklmnopq"});
  ArrowExportOptions options;
  options.max_int32_offset_bytes = 10;  // stands in for 2^31-1
  ArrowArray array;
  ArrowSchema schema;
  ExportVector(v, Field{"bin", DataType::Binary(), true, ""}, &array, &schema, options);
  EXPECT_STREQ(schema.format, "Z");
  EXPECT_EQ(Read<int64_t>(array.buffers[1], 3), 27);
  VectorPtr back = ImportVector(&array, &schema);
  ExpectVectorsEqual(*v, *back);

  // Within the threshold: int32 offsets.
  options.max_int32_offset_bytes = 27;
  ExportVector(v, Field{"bin", DataType::Binary(), true, ""}, &array, &schema, options);
  EXPECT_STREQ(schema.format, "z");
  array.release(&array);
  schema.release(&schema);

  // Nested: the schema reflects the layout chosen for the child only.
  DataType list_type = DataType::Array(DataType::String());
  VectorPtr list = MakeNested(list_type, {MakeStrings(DataType::String(), {"long enough to be large"})}, {1});
  options.max_int32_offset_bytes = 0;
  ExportVector(list, Field{"l", list_type, true, ""}, &array, &schema, options);
  EXPECT_STREQ(schema.format, "+l");
  EXPECT_STREQ(schema.children[0]->format, "U");
  ExpectVectorsEqual(*list, *ImportVector(&array, &schema));
}

TEST(ArrowCData, ExportedDecimalsAreWidenedTo128Bits) {
  VectorPtr v = MakeFixed<int64_t>(DataType::Decimal(9, 2), {-5, 700});
  ArrowArray array;
  ArrowSchema schema;
  ExportVector(v, Field{"d", v->type(), true, ""}, &array, &schema);
  EXPECT_STREQ(schema.format, "d:9,2");
  EXPECT_EQ(Read<uint64_t>(array.buffers[1], 0), static_cast<uint64_t>(-5));
  EXPECT_EQ(Read<uint64_t>(array.buffers[1], 1), ~uint64_t{0});  // sign extension
  EXPECT_EQ(Read<uint64_t>(array.buffers[1], 2), 700u);
  EXPECT_EQ(Read<uint64_t>(array.buffers[1], 3), 0u);
  array.release(&array);
  schema.release(&schema);
}

TEST(ArrowCData, ExportedCalendarIntervalsAreMonthDayNano) {
  VectorPtr v = MakeFixed<IntervalValue>(DataType::CalendarInterval(), {IntervalValue{2, -3, 1500}});
  ArrowArray array;
  ExportVector(v, &array);
  EXPECT_EQ(Read<int32_t>(array.buffers[1], 0), 2);
  EXPECT_EQ(Read<int32_t>(array.buffers[1], 1), -3);
  EXPECT_EQ(Read<int64_t>(array.buffers[1], 1), 1500000);
  array.release(&array);

  VectorPtr too_big = MakeFixed<IntervalValue>(DataType::CalendarInterval(), {IntervalValue{0, 0, INT64_MAX / 10}});
  EXPECT_EQ(ImportErrorClass([&] { ExportVector(too_big, &array); }), ErrorClass::kCastOverflow);
}

TEST(ArrowCData, ExportedMapAndNullLayouts) {
  DataType type = DataType::Map(DataType::String(), DataType::Int(), true);
  VectorPtr maps = MakeNested(type, {MakeStrings(DataType::String(), {"a", "b", "c"}),
                                     MakeFixed<int32_t>(DataType::Int(), {1, std::nullopt, 3})},
                              {2, 0, 1}, {1});
  ArrowArray array;
  ExportVector(maps, &array);
  EXPECT_EQ(array.n_buffers, 2);
  EXPECT_EQ(array.null_count, 1);
  EXPECT_EQ(Read<int32_t>(array.buffers[1], 3), 3);
  ASSERT_EQ(array.n_children, 1);
  const ArrowArray* entries = array.children[0];
  EXPECT_EQ(entries->length, 3);
  EXPECT_EQ(entries->null_count, 0);
  EXPECT_EQ(entries->n_buffers, 1);
  ASSERT_EQ(entries->n_children, 2);
  EXPECT_EQ(entries->children[1]->null_count, 1);
  array.release(&array);

  VectorPtr nulls = Vector::MakeNull(DataType::Null(), 4);
  ExportVector(nulls, &array);
  EXPECT_EQ(array.n_buffers, 0);
  EXPECT_NE(array.buffers, nullptr);
  EXPECT_EQ(array.null_count, 4);
  array.release(&array);
}

// ---------------------------------------------------------------------------
// Release callbacks
// ---------------------------------------------------------------------------

TEST(ArrowCData, ReleaseFreesEverythingAndKeepsTheSourceAliveUntilThen) {
  VectorPtr elements = MakeFixed<int64_t>(DataType::Long(), {1, 2, 3});
  DataType type = DataType::Array(DataType::Long());
  VectorPtr lists = MakeNested(type, {elements}, {1, 2});
  long elements_uses = elements.use_count();
  ArrowArray array;
  ExportVector(lists, &array);
  EXPECT_GT(elements.use_count(), elements_uses);  // the child array keeps the elements alive
  lists.reset();
  elements.reset();
  // Still readable: the exported array owns its memory.
  EXPECT_EQ(Read<int64_t>(array.children[0]->buffers[1], 2), 3);
  array.release(&array);
  EXPECT_EQ(array.release, nullptr);
}

TEST(ArrowCData, ReleaseReleasesChildrenUnlessMovedOut) {
  VectorPtr ints = MakeFixed<int32_t>(DataType::Int(), {1, 2});
  VectorPtr strings = MakeStrings(DataType::String(), {"first long string", "second long string"});
  long ints_uses = ints.use_count();
  long strings_uses = strings.use_count();
  Batch batch({Field{"i", DataType::Int(), true, ""}, Field{"s", DataType::String(), true, ""}}, {ints, strings}, 2);
  ArrowArray array;
  ExportBatch(batch, &array);

  // Move the string column out (bitwise copy, mark the original released).
  ArrowArray moved = *array.children[1];
  array.children[1]->release = nullptr;
  array.release(&array);
  EXPECT_EQ(array.release, nullptr);
  EXPECT_EQ(std::string(static_cast<const char*>(moved.buffers[2]), 17), "first long string");
  VectorPtr imported = ImportVector(&moved, DataType::String());
  EXPECT_EQ(moved.release, nullptr);
  EXPECT_EQ(imported->StringAt(1).view(), "second long string");

  batch = Batch();
  EXPECT_EQ(ints.use_count(), ints_uses);
  EXPECT_EQ(strings.use_count(), strings_uses);
}

TEST(ArrowCData, ImportReleasesEveryStructureOnSuccessAndOnError) {
  std::vector<int32_t> values = {1, 2, 3};
  {
    Producer producer;
    ArrowArray* array = producer.Array(3, 0, 0, {nullptr, values.data()});
    ArrowSchema* schema = producer.Schema("i");
    VectorPtr v = ImportVector(array, schema);
    EXPECT_EQ(producer.array_releases, 1);
    EXPECT_EQ(producer.schema_releases, 1);
    EXPECT_EQ(v->ValueAt<int32_t>(2), 3);
  }
  {
    Producer producer;
    ArrowArray* child = producer.Array(3, 0, 0, {nullptr, values.data()});
    ArrowArray* parent = producer.Array(3, 0, 0, {nullptr}, {child});
    ArrowSchema* schema = producer.Schema("+s", "", 0, {producer.Schema("C", "u8")});
    EXPECT_EQ(ImportErrorClass([&] { ImportVector(parent, schema); }), ErrorClass::kUnsupportedDataType);
    EXPECT_EQ(producer.array_releases, 2);  // the parent released its child
    EXPECT_EQ(producer.schema_releases, 2);
    EXPECT_EQ(parent->release, nullptr);
  }
}

// ---------------------------------------------------------------------------
// Importing what other producers write
// ---------------------------------------------------------------------------

TEST(ArrowCData, ImportWithOffsetsAndNullCountVariants) {
  std::vector<int32_t> values = {100, 101, 102, 103, 104, 105};
  std::vector<uint8_t> validity = Bits("111011");
  Producer producer;
  // Rows 2..5 of the buffers; row 3 is null; null_count not computed.
  VectorPtr v = ImportVector(producer.Array(4, -1, 2, {validity.data(), values.data()}), DataType::Int());
  ASSERT_EQ(v->size(), 4u);
  EXPECT_EQ(v->ValueAt<int32_t>(0), 102);
  EXPECT_TRUE(v->IsNull(1));
  EXPECT_EQ(v->ValueAt<int32_t>(3), 105);
  EXPECT_EQ(v->CountNulls(), 1u);

  // null_count 0 or -1 with no validity buffer: all valid.
  for (int64_t null_count : {0, -1}) {
    VectorPtr all = ImportVector(producer.Array(3, null_count, 1, {nullptr, values.data()}), DataType::Int());
    EXPECT_EQ(all->CountNulls(), 0u);
    EXPECT_EQ(all->ValueAt<int32_t>(0), 101);
  }
  // null_count 0 with a bitmap full of zeros: the count wins.
  std::vector<uint8_t> zeros(1, 0);
  EXPECT_EQ(ImportVector(producer.Array(3, 0, 0, {zeros.data(), values.data()}), DataType::Int())->CountNulls(), 0u);

  // A byte-aligned offset (the bitmap is copied bytewise).
  std::vector<int16_t> shorts(20);
  for (size_t i = 0; i < shorts.size(); ++i) shorts[i] = static_cast<int16_t>(i);
  std::vector<uint8_t> sparse = Bits("11111111" "01111111" "1110");
  VectorPtr aligned = ImportVector(producer.Array(12, 2, 8, {sparse.data(), shorts.data()}), DataType::Short());
  ASSERT_EQ(aligned->size(), 12u);
  EXPECT_TRUE(aligned->IsNull(0));
  EXPECT_EQ(aligned->ValueAt<int16_t>(1), 9);
  EXPECT_TRUE(aligned->IsNull(11));
  EXPECT_EQ(aligned->CountNulls(), 2u);

  // Booleans at a bit offset.
  std::vector<uint8_t> bools = Bits("0010110");
  VectorPtr b = ImportVector(producer.Array(4, 0, 3, {nullptr, bools.data()}), DataType::Boolean());
  EXPECT_EQ(b->ValueAt<uint8_t>(0), 0);
  EXPECT_EQ(b->ValueAt<uint8_t>(1), 1);
  EXPECT_EQ(b->ValueAt<uint8_t>(2), 1);
  EXPECT_EQ(b->ValueAt<uint8_t>(3), 0);
}

TEST(ArrowCData, ImportStringsAtAnOffsetAndLargeStrings) {
  std::string data = "zeroonetwo and a longer threethree";
  std::vector<int32_t> offsets32 = {0, 4, 7, 7, 34};
  std::vector<int64_t> offsets64 = {0, 4, 7, 7, 34};
  std::vector<uint8_t> validity = Bits("1101");
  Producer producer;
  ArrowArray* small = producer.Array(3, 1, 1, {validity.data(), offsets32.data(), data.data()});
  VectorPtr s = ImportVector(small, producer.Schema("u"));
  ASSERT_EQ(s->size(), 3u);
  EXPECT_EQ(s->StringAt(0).view(), "one");
  EXPECT_TRUE(s->IsNull(1));
  EXPECT_EQ(s->StringAt(2).view(), "two and a longer threethree");

  ArrowArray* large = producer.Array(4, 0, 0, {nullptr, offsets64.data(), data.data()});
  VectorPtr l = ImportVector(large, producer.Schema("Z"));
  EXPECT_TRUE(l->type() == DataType::Binary());
  EXPECT_EQ(l->StringAt(0).view(), "zero");
  EXPECT_EQ(l->StringAt(2).view(), "");
  EXPECT_EQ(l->StringAt(3).view(), "two and a longer threethree");
}

TEST(ArrowCData, ImportStringViews) {
  std::string buffer0 = "xxthis one lives in buffer zero";
  std::string buffer1 = "and this one in buffer one";
  std::vector<std::array<uint8_t, 16>> views = {
      InlineView("skipped"), InlineView("inline"), BufferView(buffer0.substr(2), 0, 2), InlineView(""),
      BufferView(buffer1, 1, 0), InlineView("twelve bytes")};
  std::vector<int64_t> sizes = {static_cast<int64_t>(buffer0.size()), static_cast<int64_t>(buffer1.size())};
  std::vector<uint8_t> validity = Bits("111011");
  Producer producer;
  ArrowArray* array =
      producer.Array(5, 1, 1, {validity.data(), views.data(), buffer0.data(), buffer1.data(), sizes.data()});
  VectorPtr v = ImportVector(array, producer.Schema("vu"));
  ASSERT_EQ(v->size(), 5u);
  EXPECT_EQ(v->StringAt(0).view(), "inline");
  EXPECT_EQ(v->StringAt(1).view(), "this one lives in buffer zero");
  EXPECT_TRUE(v->IsNull(2));
  EXPECT_EQ(v->StringAt(3).view(), "and this one in buffer one");
  EXPECT_EQ(v->StringAt(4).view(), "twelve bytes");

  // Binary views without variadic buffers.
  std::vector<std::array<uint8_t, 16>> inline_only = {InlineView(std::string("\0b", 2))};
  VectorPtr b = ImportVector(producer.Array(1, 0, 0, {nullptr, inline_only.data(), nullptr}), producer.Schema("vz"));
  EXPECT_TRUE(b->type() == DataType::Binary());
  EXPECT_EQ(b->StringAt(0).view(), std::string_view("\0b", 2));

  // A view reaching past its buffer is rejected.
  std::vector<std::array<uint8_t, 16>> bad = {BufferView(buffer1, 1, 5)};
  ArrowArray* out_of_range =
      producer.Array(1, 0, 0, {nullptr, bad.data(), buffer0.data(), buffer1.data(), sizes.data()});
  EXPECT_EQ(ImportErrorClass([&] { ImportVector(out_of_range, producer.Schema("vu")); }),
            ErrorClass::kInvalidParameterValue);
  std::vector<std::array<uint8_t, 16>> bad_index = {BufferView(buffer1, 2, 0)};
  ArrowArray* no_such_buffer =
      producer.Array(1, 0, 0, {nullptr, bad_index.data(), buffer0.data(), buffer1.data(), sizes.data()});
  EXPECT_EQ(ImportErrorClass([&] { ImportVector(no_such_buffer, producer.Schema("vu")); }),
            ErrorClass::kInvalidParameterValue);
}

TEST(ArrowCData, ImportTemporalUnits) {
  Producer producer;
  std::vector<int64_t> seconds = {1, -1};
  VectorPtr ts = ImportVector(producer.Array(2, 0, 0, {nullptr, seconds.data()}), producer.Schema("tss:UTC"));
  EXPECT_TRUE(ts->type() == DataType::Timestamp());
  EXPECT_EQ(ts->ValueAt<int64_t>(0), 1000000);
  EXPECT_EQ(ts->ValueAt<int64_t>(1), -1000000);

  std::vector<int64_t> millis = {1500, -1};
  VectorPtr ms = ImportVector(producer.Array(2, 0, 0, {nullptr, millis.data()}), producer.Schema("tsm:"));
  EXPECT_TRUE(ms->type() == DataType::TimestampNtz());
  EXPECT_EQ(ms->ValueAt<int64_t>(0), 1500000);
  EXPECT_EQ(ms->ValueAt<int64_t>(1), -1000);

  std::vector<int64_t> nanos = {1999, -1, -1000};
  VectorPtr ns = ImportVector(producer.Array(3, 0, 0, {nullptr, nanos.data()}), producer.Schema("tsn:Europe/Paris"));
  EXPECT_TRUE(ns->type() == DataType::Timestamp());
  EXPECT_EQ(ns->ValueAt<int64_t>(0), 1);
  EXPECT_EQ(ns->ValueAt<int64_t>(1), -1);  // rounds toward the past
  EXPECT_EQ(ns->ValueAt<int64_t>(2), -1);

  std::vector<int64_t> date64 = {86400000 * 3, -1};
  VectorPtr dates = ImportVector(producer.Array(2, 0, 0, {nullptr, date64.data()}), producer.Schema("tdm"));
  EXPECT_TRUE(dates->type() == DataType::Date());
  EXPECT_EQ(dates->ValueAt<int32_t>(0), 3);
  EXPECT_EQ(dates->ValueAt<int32_t>(1), -1);

  std::vector<int64_t> duration_ns = {-1999, 5000};
  VectorPtr durations = ImportVector(producer.Array(2, 0, 0, {nullptr, duration_ns.data()}), producer.Schema("tDn"));
  EXPECT_TRUE(durations->type() == DataType::DayTimeInterval());
  EXPECT_EQ(durations->ValueAt<int64_t>(0), -1);  // toward zero
  EXPECT_EQ(durations->ValueAt<int64_t>(1), 5);

  std::vector<int32_t> time_ms = {1234};
  VectorPtr times = ImportVector(producer.Array(1, 0, 0, {nullptr, time_ms.data()}), producer.Schema("ttm"));
  EXPECT_TRUE(times->type() == DataType::Time());
  EXPECT_EQ(times->ValueAt<int64_t>(0), 1234000);

  std::vector<int32_t> day_time = {3, -250};  // days, millis
  VectorPtr intervals = ImportVector(producer.Array(1, 0, 0, {nullptr, day_time.data()}), producer.Schema("tiD"));
  EXPECT_EQ(intervals->ValueAt<IntervalValue>(0), (IntervalValue{0, 3, -250000}));

  // Seconds beyond the microsecond range overflow; null slots are not converted.
  std::vector<int64_t> huge = {INT64_MAX / 10, 0};
  std::vector<uint8_t> second_only = Bits("01");
  VectorPtr masked =
      ImportVector(producer.Array(2, 1, 0, {second_only.data(), huge.data()}), producer.Schema("tss:"));
  EXPECT_TRUE(masked->IsNull(0));
  EXPECT_EQ(ImportErrorClass([&] {
              ImportVector(producer.Array(2, 0, 0, {nullptr, huge.data()}), producer.Schema("tss:"));
            }),
            ErrorClass::kCastOverflow);
}

TEST(ArrowCData, ImportDecimalBitWidths) {
  Producer producer;
  std::vector<int128_t> wide = {int128_t{-12345}, PowerOfTen128(30)};
  VectorPtr d128 = ImportVector(producer.Array(2, 0, 0, {nullptr, wide.data()}), producer.Schema("d:38,2,128"));
  EXPECT_TRUE(d128->type() == DataType::Decimal(38, 2));
  EXPECT_TRUE(d128->ValueAt<int128_t>(0) == -12345);
  EXPECT_TRUE(d128->ValueAt<int128_t>(1) == PowerOfTen128(30));

  // A short decimal arriving as 128 bits is narrowed to tarn's int64.
  std::vector<int128_t> narrow = {int128_t{-99999}, int128_t{5}};
  VectorPtr d5 = ImportVector(producer.Array(1, 0, 1, {nullptr, narrow.data()}), producer.Schema("d:5,2"));
  EXPECT_EQ(d5->ValueAt<int64_t>(0), 5);

  std::vector<int32_t> d32 = {-7};
  EXPECT_EQ(ImportVector(producer.Array(1, 0, 0, {nullptr, d32.data()}), producer.Schema("d:9,0,32"))
                ->ValueAt<int64_t>(0),
            -7);

  std::vector<int128_t> d256 = {int128_t{-3}, int128_t{-1}, int128_t{4}, int128_t{0}};  // two 256-bit values
  VectorPtr big = ImportVector(producer.Array(2, 0, 0, {nullptr, d256.data()}), producer.Schema("d:20,0,256"));
  EXPECT_TRUE(big->ValueAt<int128_t>(0) == -3);
  EXPECT_TRUE(big->ValueAt<int128_t>(1) == 4);

  EXPECT_EQ(ImportErrorClass([&] { ImportField(producer.Schema("d:40,2")); }), ErrorClass::kUnsupportedDataType);
  EXPECT_EQ(ImportErrorClass([&] { ImportField(producer.Schema("d:10,-2")); }), ErrorClass::kUnsupportedDataType);
  EXPECT_EQ(ImportErrorClass([&] { ImportField(producer.Schema("d:10")); }), ErrorClass::kInvalidParameterValue);
}

TEST(ArrowCData, ImportNestedArraysWithOffsets) {
  // list<int> rows (buffer rows 1..3 via offset 1): [3,4], null, [5]
  // over a child that itself starts at offset 2.
  std::vector<int32_t> elements = {-1, -1, 1, 2, 3, 4, 5};
  std::vector<int32_t> list_offsets = {0, 2, 4, 4, 5};
  std::vector<uint8_t> list_validity = Bits("1101");
  Producer producer;
  ArrowArray* child = producer.Array(5, 0, 2, {nullptr, elements.data()});
  ArrowArray* list = producer.Array(3, 1, 1, {list_validity.data(), list_offsets.data()}, {child});
  ArrowSchema* schema = producer.Schema("+l", "l", ARROW_FLAG_NULLABLE, {producer.Schema("i", "item")});
  VectorPtr v = ImportVector(list, schema);
  EXPECT_EQ(producer.array_releases, 2);
  ASSERT_EQ(v->size(), 3u);
  EXPECT_TRUE(v->type() == DataType::Array(DataType::Int(), true));
  EXPECT_EQ(v->offsets()[0], 0);
  EXPECT_EQ(v->offsets()[1], 2);
  EXPECT_EQ(v->child(0).ValueAt<int32_t>(0), 3);
  EXPECT_EQ(v->child(0).ValueAt<int32_t>(1), 4);
  EXPECT_TRUE(v->IsNull(1));
  EXPECT_EQ(v->child(0).ValueAt<int32_t>(v->offsets()[2]), 5);

  // Large list of a struct at an offset, whose child has its own offset.
  std::vector<int64_t> large_offsets = {0, 1, 3};
  std::vector<int64_t> longs = {0, 10, 20, 30};
  ArrowArray* field = producer.Array(3, 0, 1, {nullptr, longs.data()});
  ArrowArray* structs = producer.Array(3, 0, 0, {nullptr}, {field});
  ArrowArray* large_list = producer.Array(1, 0, 1, {nullptr, large_offsets.data()}, {structs});
  ArrowSchema* large_schema = producer.Schema(
      "+L", "", ARROW_FLAG_NULLABLE, {producer.Schema("+s", "item", 0, {producer.Schema("l", "x", 0)})});
  VectorPtr lv = ImportVector(large_list, large_schema);
  DataType expected = DataType::Array(DataType::Struct({Field{"x", DataType::Long(), false, ""}}), false);
  EXPECT_TRUE(lv->type() == expected) << lv->type().ToSql();
  ASSERT_EQ(lv->size(), 1u);
  ASSERT_EQ(lv->offsets()[1], 2);
  EXPECT_EQ(lv->child(0).child(0).ValueAt<int64_t>(0), 20);
  EXPECT_EQ(lv->child(0).child(0).ValueAt<int64_t>(1), 30);
}

TEST(ArrowCData, ImportMapWithOffset) {
  std::string key_bytes = "abcd";
  std::vector<int32_t> key_offsets = {0, 1, 2, 3, 4};
  std::vector<int64_t> values = {1, 2, 3, 4};
  std::vector<int32_t> map_offsets = {0, 1, 3, 4};
  Producer producer;
  ArrowArray* keys = producer.Array(4, 0, 0, {nullptr, key_offsets.data(), key_bytes.data()});
  ArrowArray* vals = producer.Array(4, 0, 0, {nullptr, values.data()});
  ArrowArray* entries = producer.Array(4, 0, 0, {nullptr}, {keys, vals});
  ArrowArray* map = producer.Array(2, 0, 1, {nullptr, map_offsets.data()}, {entries});
  ArrowSchema* schema = producer.Schema(
      "+m", "m", ARROW_FLAG_NULLABLE,
      {producer.Schema("+s", "entries", 0, {producer.Schema("u", "key", 0), producer.Schema("l", "value")})});
  VectorPtr v = ImportVector(map, schema);
  EXPECT_TRUE(v->type() == DataType::Map(DataType::String(), DataType::Long(), true));
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ(v->offsets()[1], 2);
  EXPECT_EQ(v->offsets()[2], 3);
  EXPECT_EQ(v->child(0).StringAt(0).view(), "b");
  EXPECT_EQ(v->child(1).ValueAt<int64_t>(2), 4);
  EXPECT_EQ(producer.array_releases, 4);
}

TEST(ArrowCData, ImportDictionaryEncoded) {
  std::string bytes = "redgreen and some more blue";
  std::vector<int32_t> offsets = {0, 3, 27};
  std::vector<int8_t> indices = {1, 0, 1, 1};
  std::vector<uint8_t> validity = Bits("1101");
  Producer producer;
  ArrowArray* dictionary = producer.Array(2, 0, 0, {nullptr, offsets.data(), bytes.data()});
  ArrowArray* array = producer.Array(3, 1, 1, {validity.data(), indices.data()}, {}, dictionary);
  ArrowSchema* schema = producer.Schema("c", "colour", ARROW_FLAG_NULLABLE, {}, producer.Schema("u"));
  VectorPtr v = ImportVector(array, schema);
  EXPECT_EQ(producer.array_releases, 2);
  EXPECT_EQ(producer.schema_releases, 2);
  EXPECT_TRUE(v->type() == DataType::String());
  ASSERT_EQ(v->size(), 3u);
  EXPECT_EQ(v->StringAt(0).view(), "red");
  EXPECT_TRUE(v->IsNull(1));
  EXPECT_EQ(v->StringAt(2).view(), "green and some more blue");

  std::vector<int8_t> bad = {2};
  ArrowArray* bad_dictionary = producer.Array(2, 0, 0, {nullptr, offsets.data(), bytes.data()});
  ArrowArray* out_of_range = producer.Array(1, 0, 0, {nullptr, bad.data()}, {}, bad_dictionary);
  ArrowSchema* bad_schema = producer.Schema("c", "", ARROW_FLAG_NULLABLE, {}, producer.Schema("u"));
  EXPECT_EQ(ImportErrorClass([&] { ImportVector(out_of_range, bad_schema); }), ErrorClass::kInvalidParameterValue);
}

TEST(ArrowCData, ImportBatchWithNullStructRows) {
  std::vector<int32_t> ints = {1, 2, 3};
  std::vector<uint8_t> rows_valid = Bits("101");
  Producer producer;
  ArrowArray* column = producer.Array(3, 0, 0, {nullptr, ints.data()});
  ArrowArray* array = producer.Array(3, 1, 0, {rows_valid.data()}, {column});
  ArrowSchema* schema = producer.Schema("+s", "", 0, {producer.Schema("i", "n")});
  Batch batch = ImportBatch(array, schema);
  ASSERT_EQ(batch.num_rows(), 3u);
  EXPECT_EQ(batch.schema()[0].name, "n");
  EXPECT_FALSE(batch.column(0).IsNull(0));
  EXPECT_TRUE(batch.column(0).IsNull(1));
  EXPECT_EQ(batch.column(0).ValueAt<int32_t>(2), 3);

  ArrowArray* not_a_struct = producer.Array(3, 0, 0, {nullptr, ints.data()});
  EXPECT_EQ(ImportErrorClass([&] { ImportBatch(not_a_struct, producer.Schema("i")); }),
            ErrorClass::kInvalidParameterValue);
  EXPECT_EQ(not_a_struct->release, nullptr);
}

TEST(ArrowCData, ImportRejectsMalformedArrays) {
  std::vector<int32_t> ints = {1, 2, 3};
  std::vector<int32_t> decreasing = {0, 3, 2};
  std::string bytes = "abc";
  Producer producer;
  auto error_of = [&](ArrowArray* array, ArrowSchema* schema) {
    return ImportErrorClass([&] { ImportVector(array, schema); });
  };
  EXPECT_EQ(error_of(producer.Array(2, 0, 0, {nullptr, decreasing.data(), bytes.data()}), producer.Schema("u")),
            ErrorClass::kInvalidParameterValue);
  // Wrong buffer count.
  EXPECT_EQ(error_of(producer.Array(3, 0, 0, {ints.data()}), producer.Schema("i")), ErrorClass::kInvalidParameterValue);
  // Nulls claimed without a bitmap.
  EXPECT_EQ(error_of(producer.Array(3, 1, 0, {nullptr, ints.data()}), producer.Schema("i")),
            ErrorClass::kInvalidParameterValue);
  // A list reaching past its child.
  std::vector<int32_t> list_offsets = {0, 5};
  ArrowArray* short_child = producer.Array(3, 0, 0, {nullptr, ints.data()});
  EXPECT_EQ(error_of(producer.Array(1, 0, 0, {nullptr, list_offsets.data()}, {short_child}),
                     producer.Schema("+l", "", ARROW_FLAG_NULLABLE, {producer.Schema("i")})),
            ErrorClass::kInvalidParameterValue);
  // A struct child shorter than the struct.
  ArrowArray* two_rows = producer.Array(2, 0, 0, {nullptr, ints.data()});
  EXPECT_EQ(error_of(producer.Array(3, 0, 0, {nullptr}, {two_rows}),
                     producer.Schema("+s", "", 0, {producer.Schema("i")})),
            ErrorClass::kInvalidParameterValue);
  // An already released array.
  ArrowArray* released = producer.Array(3, 0, 0, {nullptr, ints.data()});
  released->release = nullptr;
  EXPECT_EQ(error_of(released, producer.Schema("i")), ErrorClass::kInvalidParameterValue);
  // Negative length.
  EXPECT_EQ(error_of(producer.Array(-1, 0, 0, {nullptr, ints.data()}), producer.Schema("i")),
            ErrorClass::kInvalidParameterValue);
  // Map with a null key.
  std::vector<uint8_t> key_validity = Bits("10");
  std::vector<int32_t> map_offsets = {0, 2};
  ArrowArray* keys = producer.Array(2, 1, 0, {key_validity.data(), ints.data()});
  ArrowArray* values = producer.Array(2, 0, 0, {nullptr, ints.data()});
  ArrowArray* entries = producer.Array(2, 0, 0, {nullptr}, {keys, values});
  ArrowSchema* map_schema = producer.Schema(
      "+m", "", ARROW_FLAG_NULLABLE,
      {producer.Schema("+s", "entries", 0, {producer.Schema("i", "key", 0), producer.Schema("i", "value")})});
  EXPECT_EQ(error_of(producer.Array(1, 0, 0, {nullptr, map_offsets.data()}, {entries}), map_schema),
            ErrorClass::kInvalidParameterValue);
  // Every structure handed in was released, children by their parents.
  EXPECT_EQ(producer.array_releases, 12);
  EXPECT_EQ(producer.schema_releases, 13);
}

TEST(ArrowCData, ImportRejectsUnsupportedFormats) {
  Producer producer;
  for (const char* format : {"C", "S", "I", "L", "e", "w:16", "?", "tsx:", "tiX"}) {
    EXPECT_EQ(ImportErrorClass([&] { ImportField(producer.Schema(format)); }), ErrorClass::kUnsupportedDataType)
        << format;
  }
  for (const char* format : {"+us:1", "+ud:1", "+w:2", "+vl", "+r"}) {
    EXPECT_EQ(ImportErrorClass([&] {
                ImportField(producer.Schema(format, "", ARROW_FLAG_NULLABLE, {producer.Schema("i")}));
              }),
              ErrorClass::kUnsupportedDataType)
        << format;
  }
  try {
    ImportField(producer.Schema("C"));
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("unsigned"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("UNSUPPORTED_DATATYPE"), std::string::npos) << error.what();
  }
  // Map children must be struct<key, value>.
  EXPECT_EQ(ImportErrorClass([&] {
              ImportField(producer.Schema("+m", "", ARROW_FLAG_NULLABLE, {producer.Schema("i", "entries")}));
            }),
            ErrorClass::kInvalidParameterValue);
}

}  // namespace
}  // namespace tarn
