// Plan statistics for EXPLAIN COST and the physical planner's broadcast
// decision. Rows come from EstimateRows (optimizer.cc); bytes follow Spark's
// size-only estimate of a row, 8 bytes of overhead plus each column's
// DataType.defaultSize, times the rows. Without column statistics this is
// what Spark's EstimationUtils.getSizePerRow assumes as well.
#include <algorithm>
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

std::optional<double> DistinctCount(const PlanNode& plan, int column) {
  if (column < 0 || static_cast<size_t>(column) >= plan.schema.size()) return std::nullopt;
  switch (plan.kind) {
    case PlanKind::kScan: {
      if (!plan.table || static_cast<size_t>(column) >= plan.scan_columns.size()) return std::nullopt;
      auto stats = plan.table->column_statistics(static_cast<size_t>(plan.scan_columns[column]));
      if (!stats || !stats->distinct_count) return std::nullopt;
      return static_cast<double>(*stats->distinct_count);
    }
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kLimit: {
      auto ndv = DistinctCount(*plan.children[0], column);
      if (!ndv) return std::nullopt;
      return std::min(*ndv, std::max(1.0, EstimateRows(plan)));
    }
    case PlanKind::kProject: {
      const ExprPtr& e = plan.exprs[column];
      if (e->kind != ExprKind::kColumnRef) return std::nullopt;
      return DistinctCount(*plan.children[0], e->column);
    }
    case PlanKind::kJoin: {
      const int left_columns = static_cast<int>(plan.children[0]->schema.size());
      if (column < left_columns) return DistinctCount(*plan.children[0], column);
      if (plan.join_type == JoinType::kLeftSemi || plan.join_type == JoinType::kLeftAnti) return std::nullopt;
      return DistinctCount(*plan.children[1], column - left_columns);
    }
    case PlanKind::kAggregate: {
      if (static_cast<size_t>(column) >= plan.group_by.size()) return std::nullopt;
      const ExprPtr& e = plan.group_by[column];
      if (e->kind != ExprKind::kColumnRef) return std::nullopt;
      return DistinctCount(*plan.children[0], e->column);
    }
    default: return std::nullopt;
  }
}

double EstimateAggregateRows(const PlanNode& aggregate, double input_rows) {
  double groups = 1;
  for (const ExprPtr& key : aggregate.group_by) {
    std::optional<double> ndv = key->kind == ExprKind::kColumnRef ? DistinctCount(*aggregate.children[0], key->column) : std::nullopt;
    if (!ndv) return std::max(1.0, input_rows * 0.3);
    groups *= std::max(1.0, *ndv);
  }
  return std::max(1.0, std::min(groups, input_rows));
}

double EstimateJoinRows(const PlanNode& join, double left, double right) {
  const double fallback = std::max(left, right);
  if (join.left_keys.empty() || join.left_keys.size() != join.right_keys.size()) return fallback;
  double divisor = 1;
  for (size_t k = 0; k < join.left_keys.size(); ++k) {
    const ExprPtr& l = join.left_keys[k];
    const ExprPtr& r = join.right_keys[k];
    if (l->kind != ExprKind::kColumnRef || r->kind != ExprKind::kColumnRef) return fallback;
    auto ndv_l = DistinctCount(*join.children[0], l->column);
    auto ndv_r = DistinctCount(*join.children[1], r->column);
    if (!ndv_l || !ndv_r) return fallback;
    divisor *= std::max(1.0, std::max(*ndv_l, *ndv_r));
  }
  const double inner = left * right / divisor;
  switch (join.join_type) {
    case JoinType::kInner: return inner;
    case JoinType::kLeft: return std::max(inner, left);
    case JoinType::kRight: return std::max(inner, right);
    case JoinType::kFull: return std::max(inner, left + right);
    default: return fallback;
  }
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
