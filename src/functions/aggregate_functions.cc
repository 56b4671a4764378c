// The agg_funcs group: registration and the helpers aggregate_*.cc share.
#include <cstring>

#include "common/error.h"
#include "functions/aggregate_internal.h"
#include "functions/builtins.h"
#include "functions/registry.h"

namespace tarn {
namespace agg {

void ThrowOverflow(std::string_view message) {
  ThrowError(ErrorClass::kArithmeticOverflow,
             {{"message", std::string(message)}, {"config", "\"spark.sql.ansi.enabled\""}});
}

DataType NumericOrIntervalArg(std::string_view function, const ArgType& arg) {
  const DataType& type = arg.type;
  if (type.is_numeric() || type.id() == TypeId::kYearMonthInterval || type.id() == TypeId::kDayTimeInterval)
    return type;
  if (type.id() == TypeId::kString || type.id() == TypeId::kNull) return DataType::Double();
  ThrowUnexpectedInputType(0, "(\"NUMERIC\" or \"ANSI INTERVAL\")", type);
}

void ExpectDoubleArg(const ArgType& arg, size_t index) {
  const DataType& type = arg.type;
  if (type.is_numeric() || type.id() == TypeId::kString || type.id() == TypeId::kNull) return;
  ThrowUnexpectedInputType(index, "\"DOUBLE\"", type);
}

int CompareRows(const Vector& a, size_t a_row, const Vector& b, size_t b_row) {
  bool a_null = a.IsNull(a_row), b_null = b.IsNull(b_row);
  if (a_null || b_null) return a_null == b_null ? 0 : (a_null ? -1 : 1);
  const DataType& type = a.type();
  switch (type.id()) {
    case TypeId::kArray: {
      const Vector& ab = a.Base();
      const Vector& bb = b.Base();
      size_t ai = a.RowIndex(a_row), bi = b.RowIndex(b_row);
      int32_t a_begin = ab.offsets()[ai], a_end = ab.offsets()[ai + 1];
      int32_t b_begin = bb.offsets()[bi], b_end = bb.offsets()[bi + 1];
      int32_t a_len = a_end - a_begin, b_len = b_end - b_begin;
      for (int32_t i = 0; i < a_len && i < b_len; ++i) {
        int c = CompareRows(ab.child(0), a_begin + i, bb.child(0), b_begin + i);
        if (c != 0) return c;
      }
      return a_len == b_len ? 0 : (a_len < b_len ? -1 : 1);
    }
    case TypeId::kStruct: {
      const Vector& ab = a.Base();
      const Vector& bb = b.Base();
      size_t ai = a.RowIndex(a_row), bi = b.RowIndex(b_row);
      for (size_t f = 0; f < ab.num_children(); ++f) {
        int c = CompareRows(ab.child(f), ai, bb.child(f), bi);
        if (c != 0) return c;
      }
      return 0;
    }
    default: break;
  }
  int result = 0;
  bool atomic = DispatchAtomic(type, [&]<typename T>(std::type_identity<T>) {
    result = CompareValues<T>(ReadValue<T>(a, a_row), ReadValue<T>(b, b_row));
  });
  TARN_CHECK(atomic, "CompareRows on an unorderable type " + type.ToString());
  return result;
}

void HeldValue::Assign(const Vector& vector, size_t row) {
  set_ = true;
  null_ = vector.IsNull(row);
  if (null_) return;
  const DataType& type = vector.type();
  if (type.is_nested()) {
    nested_ = Vector::Make(type, 0);
    nested_->AppendFrom(vector, row);
  } else if (type.physical_type() == PhysicalType::kString) {
    bytes_.assign(vector.StringAt(row).view());
  } else {
    size_t width = type.fixed_width();
    TARN_CHECK(width <= sizeof(fixed_), "HeldValue of a wide type");
    std::memcpy(fixed_, vector.Base().values<uint8_t>() + vector.RowIndex(row) * width, width);
  }
}

void HeldValue::Assign(const HeldValue& other) {
  set_ = other.set_;
  null_ = other.null_;
  std::memcpy(fixed_, other.fixed_, sizeof(fixed_));
  bytes_ = other.bytes_;
  nested_ = other.nested_;  // one-row vectors are never modified: share
}

int HeldValue::CompareWith(const Vector& vector, size_t row, const DataType& type) const {
  if (type.is_nested()) return CompareRows(*nested_, 0, vector, row);
  int result = 0;
  bool atomic = DispatchAtomic(type, [&]<typename T>(std::type_identity<T>) {
    if constexpr (std::is_same_v<T, std::string_view>) {
      result = CompareValues<std::string_view>(bytes_, ReadValue<T>(vector, row));
    } else if constexpr (std::is_same_v<T, bool>) {
      result = CompareValues<bool>(fixed_[0] != 0, ReadValue<T>(vector, row));
    } else {
      T held;
      std::memcpy(&held, fixed_, sizeof(T));
      result = CompareValues<T>(held, ReadValue<T>(vector, row));
    }
  });
  TARN_CHECK(atomic, "HeldValue::CompareWith on an unorderable type");
  return result;
}

void HeldValue::WriteAll(const HeldValue* const* values, size_t count, Vector& out) {
  const DataType& type = out.type();
  if (type.is_nested()) {
    Vector fresh(type);
    fresh.Reserve(count);
    for (size_t i = 0; i < count; ++i) {
      const HeldValue& v = *values[i];
      if (v.set_ && !v.null_) {
        fresh.AppendFrom(*v.nested_, 0);
      } else {
        fresh.Resize(i + 1);
        fresh.SetNull(i);
      }
    }
    out = std::move(fresh);
    return;
  }
  bool is_string = type.physical_type() == PhysicalType::kString;
  size_t width = type.fixed_width();
  for (size_t i = 0; i < count; ++i) {
    const HeldValue& v = *values[i];
    if (!v.set_ || v.null_) out.SetNull(i);
    else if (is_string) out.SetString(i, v.bytes_);
    else if (width > 0) std::memcpy(out.values<uint8_t>() + i * width, v.fixed_, width);
  }
}

FunctionInfo MakeAggregateInfo(std::string name, std::string usage, std::string examples, AggregateBinder binder) {
  FunctionInfo info;
  info.name = std::move(name);
  info.kind = FunctionKind::kAggregate;
  info.group = "agg_funcs";
  info.usage = std::move(usage);
  info.examples = std::move(examples);
  info.aggregate = std::move(binder);
  return info;
}

void RegisterApproxAggregates(FunctionRegistry& registry);  // aggregate_approx.cc: percentile_approx, listagg

}  // namespace agg

void RegisterAggregateFunctions(FunctionRegistry& registry) {
  agg::RegisterBasicAggregates(registry);
  agg::RegisterLogicAggregates(registry);
  agg::RegisterSelectAggregates(registry);
  agg::RegisterStatAggregates(registry);
  agg::RegisterCollectAggregates(registry);
  agg::RegisterSketchAggregates(registry);
  agg::RegisterApproxAggregates(registry);
}

}  // namespace tarn
