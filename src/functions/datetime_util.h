// Shared pieces of the datetime function kernels: time zones by name (with
// a per-call cache) and wall-clock views of DATE / TIMESTAMP / TIMESTAMP_NTZ
// arguments.
//
// Thread safety: ZoneCache is per kernel call; the rest are pure functions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "columnar/vector.h"
#include "functions/function.h"

namespace tarn {

class TimeZone;

namespace dtutil {

/// "\"spark.sql.ansi.enabled\"", the ansiConfig parameter of Spark's datetime errors.
inline std::string AnsiConfig() { return "\"spark.sql.ansi.enabled\""; }

/// The zone named `id` (region or offset id); throws INVALID_TIMEZONE when unknown.
std::shared_ptr<const TimeZone> FindZone(std::string_view id);
/// The session zone (ctx.time_zone).
std::shared_ptr<const TimeZone> SessionZone(const FunctionContext& ctx);

/// Remembers the last zone looked up (zone arguments are nearly always constant).
class ZoneCache {
 public:
  const TimeZone* Get(std::string_view id);

 private:
  std::string id_;
  std::shared_ptr<const TimeZone> zone_;
};

/// `arg` (DATE, TIMESTAMP or TIMESTAMP_NTZ, any encoding) as wall-clock micros
/// in the session zone: a TIMESTAMP_NTZ-typed vector of `rows` rows, NULLs kept.
VectorPtr LocalMicrosVector(const VectorPtr& arg, size_t rows, const FunctionContext& ctx);

}  // namespace dtutil
}  // namespace tarn
