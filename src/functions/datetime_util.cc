#include "functions/datetime_util.h"

#include "common/error.h"
#include "types/datetime.h"
#include "types/time_zone.h"

namespace tarn::dtutil {

std::shared_ptr<const TimeZone> FindZone(std::string_view id) {
  std::shared_ptr<const TimeZone> zone = TimeZone::Find(id);
  if (!zone) ThrowError(ErrorClass::kInvalidTimeZone, {{"timeZone", std::string(id)}});
  return zone;
}

std::shared_ptr<const TimeZone> SessionZone(const FunctionContext& ctx) { return FindZone(ctx.time_zone); }

const TimeZone* ZoneCache::Get(std::string_view id) {
  if (!zone_ || id != id_) {
    zone_ = FindZone(id);
    id_ = std::string(id);
  }
  return zone_.get();
}

VectorPtr LocalMicrosVector(const VectorPtr& arg, size_t rows, const FunctionContext& ctx) {
  TypeId id = arg->type().id();
  if (id == TypeId::kTimestampNtz) return arg;
  std::shared_ptr<const TimeZone> zone;
  if (id == TypeId::kTimestamp) zone = SessionZone(ctx);
  bool constant = arg->encoding() == VectorEncoding::kConstant;
  size_t count = constant ? 1 : rows;
  VectorPtr out = Vector::Make(DataType::TimestampNtz(), count);
  int64_t* values = out->values<int64_t>();
  for (size_t row = 0; row < count; ++row) {
    if (arg->IsNull(row)) {
      out->SetNull(row);
      continue;
    }
    if (id == TypeId::kDate) values[row] = static_cast<int64_t>(arg->ValueAt<int32_t>(row)) * kMicrosPerDay;
    else values[row] = zone->UtcToLocal(arg->ValueAt<int64_t>(row));
  }
  if (constant && rows != 1) return Vector::MakeConstant(out, 0, rows);
  return out;
}

}  // namespace tarn::dtutil
