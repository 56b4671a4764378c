// Plan statistics for EXPLAIN COST and the physical planner's broadcast
// decision. Rows come from EstimateRows (optimizer.cc); bytes follow Spark's
// size-only estimate of a row, 8 bytes of overhead plus each column's
// DataType.defaultSize, times the rows. Without column statistics this is
// what Spark's EstimationUtils.getSizePerRow assumes as well.
#include <cmath>
#include <cstdio>
#include <string>

#include "plan/optimizer.h"

namespace tarn::plan {
namespace {

// Java's BigDecimal(n, MathContext(3, HALF_UP)).toString() for an integer n:
// plain below 1000, else "1.23E+4".
std::string ThreeDigitText(double n) {
  if (n < 1000) return std::to_string(static_cast<int64_t>(n));
  int exponent = static_cast<int>(std::floor(std::log10(n)));
  double scaled = n / std::pow(10.0, exponent - 2);
  auto digits = static_cast<int64_t>(std::floor(scaled + 0.5));  // half up
  if (digits >= 1000) {
    digits /= 10;
    ++exponent;
  }
  std::string d = std::to_string(digits);
  return d.substr(0, 1) + "." + d.substr(1) + "E+" + std::to_string(exponent);
}

// Spark's Utils.bytesToString: the largest unit the size is at least twice of.
std::string BytesText(double size) {
  static const struct {
    const char* unit;
    int shift;
  } kUnits[] = {{"EiB", 60}, {"PiB", 50}, {"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}};
  if (size >= 2048 * std::ldexp(1.0, 60)) return ThreeDigitText(size) + " B";
  char text[64];
  for (const auto& u : kUnits) {
    double unit = std::ldexp(1.0, u.shift);
    if (size >= 2 * unit) {
      std::snprintf(text, sizeof(text), "%.1f %s", size / unit, u.unit);
      return text;
    }
  }
  std::snprintf(text, sizeof(text), "%.1f B", size);
  return text;
}

}  // namespace

int64_t DefaultSize(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull:
    case TypeId::kBoolean:
    case TypeId::kByte: return 1;
    case TypeId::kShort: return 2;
    case TypeId::kInt:
    case TypeId::kFloat:
    case TypeId::kDate:
    case TypeId::kYearMonthInterval: return 4;
    case TypeId::kLong:
    case TypeId::kDouble:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNtz:
    case TypeId::kTime:
    case TypeId::kDayTimeInterval: return 8;
    case TypeId::kDecimal: return type.precision() <= 18 ? 8 : 16;
    case TypeId::kString: return 20;
    case TypeId::kBinary: return 100;
    case TypeId::kCalendarInterval: return 16;
    case TypeId::kArray: return DefaultSize(type.element_type());
    case TypeId::kMap: return DefaultSize(type.key_type()) + DefaultSize(type.value_type());
    case TypeId::kStruct: {
      int64_t total = 0;
      for (const Field& f : type.fields()) total += DefaultSize(f.type);
      return total;
    }
  }
  return 8;
}

Statistics EstimateStatistics(const PlanNode& plan) {
  Statistics stats;
  stats.rows = std::ceil(std::max(0.0, EstimateRows(plan)));
  double row_size = 8;
  for (const Field& f : plan.schema) row_size += static_cast<double>(DefaultSize(f.type));
  stats.size_in_bytes = stats.rows * row_size;
  return stats;
}

std::string ToString(const Statistics& stats) {
  return "Statistics(sizeInBytes=" + BytesText(stats.size_in_bytes) + ", rowCount=" + ThreeDigitText(stats.rows) + ")";
}

}  // namespace tarn::plan
