#include "session/result_display.h"

#include "functions/cast.h"

namespace tarn {

namespace {

bool HoldsTimestamp(const DataType& type) {
  switch (type.id()) {
    case TypeId::kTimestamp: return true;
    case TypeId::kArray: return HoldsTimestamp(type.element_type());
    case TypeId::kMap: return HoldsTimestamp(type.key_type()) || HoldsTimestamp(type.value_type());
    case TypeId::kStruct:
      for (const auto& field : type.fields())
        if (HoldsTimestamp(field.type)) return true;
      return false;
    default: return false;
  }
}

}  // namespace

StatementResult InSessionTimeZone(const StatementResult& result, const Config& config) {
  std::vector<size_t> zoned;
  for (size_t c = 0; c < result.schema.size(); ++c)
    if (HoldsTimestamp(result.schema[c].type)) zoned.push_back(c);
  if (zoned.empty()) return result;
  FunctionContext context;
  context.ansi = false;
  context.time_zone = config.GetString("spark.sql.session.timeZone");
  StatementResult shown;
  shown.schema = result.schema;
  Schema text_schema = result.schema;
  for (size_t c : zoned) text_schema[c].type = DataType::String();
  for (const Batch& batch : result.batches) {
    std::vector<VectorPtr> columns = batch.columns();
    for (size_t c : zoned)
      columns[c] = CastVector(columns[c], batch.num_rows(), DataType::String(), CastMode::kLegacy, context);
    shown.batches.emplace_back(text_schema, std::move(columns), batch.num_rows());
  }
  return shown;
}

}  // namespace tarn
