// Plan statistics for EXPLAIN COST and the physical planner's broadcast
// decision. Rows come from EstimateRows (optimizer.cc); bytes follow Spark's
// size-only estimate of a row, 8 bytes of overhead plus each column's
// DataType.defaultSize, times the rows. Without column statistics this is
// what Spark's EstimationUtils.getSizePerRow assumes as well.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "columnar/value_text.h"
#include "plan/optimizer.h"
#include "types/datetime.h"

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
      // One decimal, half up as Spark's BigDecimal rounds (31.25 -> 31.3).
      std::snprintf(text, sizeof(text), "%.1f %s", std::floor(size / unit * 10 + 0.5) / 10, u.unit);
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

namespace {

// The scan column that output column `column` of `plan` passes through
// unchanged (filters, sorts, limits, plain projections, either side of a
// join, group keys); null when it is computed.
const PlanNode* TraceToScanColumn(const PlanNode& plan, int column, int* scan_column) {
  if (column < 0 || static_cast<size_t>(column) >= plan.schema.size()) return nullptr;
  switch (plan.kind) {
    case PlanKind::kScan:
      if (!plan.table || static_cast<size_t>(column) >= plan.scan_columns.size()) return nullptr;
      *scan_column = plan.scan_columns[column];
      return &plan;
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kLimit: return TraceToScanColumn(*plan.children[0], column, scan_column);
    case PlanKind::kProject: {
      const ExprPtr& e = plan.exprs[column];
      if (e->kind != ExprKind::kColumnRef) return nullptr;
      return TraceToScanColumn(*plan.children[0], e->column, scan_column);
    }
    case PlanKind::kJoin: {
      const int left_columns = static_cast<int>(plan.children[0]->schema.size());
      if (column < left_columns) return TraceToScanColumn(*plan.children[0], column, scan_column);
      if (plan.join_type == JoinType::kLeftSemi || plan.join_type == JoinType::kLeftAnti ||
          plan.join_type == JoinType::kNullAwareAnti || plan.join_type == JoinType::kMark)
        return nullptr;
      return TraceToScanColumn(*plan.children[1], column - left_columns, scan_column);
    }
    case PlanKind::kAggregate: {
      if (static_cast<size_t>(column) >= plan.group_by.size()) return nullptr;
      const ExprPtr& e = plan.group_by[column];
      if (e->kind != ExprKind::kColumnRef) return nullptr;
      return TraceToScanColumn(*plan.children[0], e->column, scan_column);
    }
    default: return nullptr;
  }
}

}  // namespace

namespace {

// Column `column` of `table`: ANALYZE's statistics, completed by what the
// files record (min / max / null count), and for integers and dates without
// an NDV the most distinct values they can have: max - min + 1, at most one per row.
std::optional<ColumnStatistics> TableColumnStatistics(const TableProvider& table, int column) {
  auto stats = table.column_statistics(static_cast<size_t>(column));
  if (auto files = table.file_column_statistics(static_cast<size_t>(column))) {
    if (!stats) stats = ColumnStatistics{};
    if (!stats->min || !stats->max) stats->min = files->min, stats->max = files->max;
    if (!stats->null_count) stats->null_count = files->null_count;
  }
  if (!stats || stats->distinct_count || !stats->min || !stats->max) return stats;
  const DataType& type = table.schema()[static_cast<size_t>(column)].type;
  if (!type.is_integral() && type.id() != TypeId::kDate) return stats;
  auto number = [&](const std::string& text) -> std::optional<int64_t> {
    if (type.id() == TypeId::kDate) {
      auto days = ParseDate(text);
      return days ? std::optional<int64_t>(*days) : std::nullopt;
    }
    char* end = nullptr;
    long long value = std::strtoll(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0') return std::nullopt;
    return value;
  };
  auto lo = number(*stats->min), hi = number(*stats->max);
  if (!lo || !hi || *hi < *lo) return stats;
  double values = static_cast<double>(*hi) - static_cast<double>(*lo) + 1;
  if (auto rows = table.row_count()) values = std::min(values, static_cast<double>(std::max<int64_t>(*rows, 1)));
  stats->distinct_count = static_cast<int64_t>(values);
  return stats;
}

}  // namespace

std::optional<ColumnStatistics> ColumnStatisticsOf(const PlanNode& plan, int column) {
  int scan_column = 0;
  const PlanNode* scan = TraceToScanColumn(plan, column, &scan_column);
  if (!scan) return std::nullopt;
  return TableColumnStatistics(*scan->table, scan_column);
}

std::optional<double> DistinctCount(const PlanNode& plan, int column) {
  if (column < 0 || static_cast<size_t>(column) >= plan.schema.size()) return std::nullopt;
  switch (plan.kind) {
    case PlanKind::kScan: {
      if (!plan.table || static_cast<size_t>(column) >= plan.scan_columns.size()) return std::nullopt;
      auto stats = TableColumnStatistics(*plan.table, plan.scan_columns[column]);
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

namespace {

// Defaults when statistics cannot tell (the old flat estimate was 25 % per
// filter): an equality keeps a tenth, a range comparison a third, a pattern
// match a tenth, IS NULL a tenth, anything else a quarter.
constexpr double kDefaultEquality = 0.1;
constexpr double kDefaultRange = 1.0 / 3;
constexpr double kDefaultPattern = 0.1;
constexpr double kDefaultIsNull = 0.1;
constexpr double kDefaultOther = 0.25;

// A value of a numeric, date or timestamp-free type as a number that orders
// like it (dates: days since the epoch), from Spark's text of the value.
std::optional<double> NumberFromText(const DataType& type, const std::string& text) {
  if (type.id() == TypeId::kDate) {
    auto days = ParseDate(text);
    if (!days) return std::nullopt;
    return static_cast<double>(*days);
  }
  if (!type.is_numeric()) return std::nullopt;
  char* end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || std::isnan(value)) return std::nullopt;
  return value;
}

std::optional<double> LiteralNumber(const Expr& literal) {
  if (literal.kind != ExprKind::kLiteral || !literal.literal || literal.literal->IsNull(0)) return std::nullopt;
  std::string text;
  AppendSparkText(*literal.literal, 0, &text);
  return NumberFromText(literal.type, text);
}

// The input of a filter, with its estimated rows (computed once: estimates
// of deep join trees are not free).
struct FilterInput {
  const PlanNode& plan;
  double rows;
};

double Selectivity(const FilterInput& input, const Expr& condition);

// What the statistics say about one column of the filter's input.
struct ColumnFacts {
  double rows = 0;
  std::optional<double> ndv;
  std::optional<double> null_fraction;
  std::optional<double> min, max;  // numbers ordering like the values
  bool integral = false;           // integers and dates: max - min + 1 values at most
};

ColumnFacts FactsOf(const FilterInput& input, const Expr& column) {
  ColumnFacts facts;
  facts.rows = input.rows;
  if (column.kind != ExprKind::kColumnRef) return facts;
  if (!column.nullable) facts.null_fraction = 0.0;
  int scan_column = 0;
  const PlanNode* scan = TraceToScanColumn(input.plan, column.column, &scan_column);
  if (!scan) return facts;
  auto stats = TableColumnStatistics(*scan->table, scan_column);
  if (!stats) return facts;
  facts.integral = column.type.is_integral() || column.type.id() == TypeId::kDate;
  if (stats->min && stats->max) {
    facts.min = NumberFromText(column.type, *stats->min);
    facts.max = NumberFromText(column.type, *stats->max);
    if (!facts.min || !facts.max || *facts.max < *facts.min) facts.min = facts.max = std::nullopt;
  }
  if (stats->distinct_count) facts.ndv = std::max(1.0, std::min(facts.rows, static_cast<double>(*stats->distinct_count)));
  auto table_rows = scan->table->row_count();
  if (stats->null_count && table_rows && *table_rows > 0)
    facts.null_fraction = std::min(1.0, static_cast<double>(*stats->null_count) / static_cast<double>(*table_rows));
  return facts;
}

double EqualitySelectivity(const ColumnFacts& facts, const std::optional<double>& value) {
  if (value && facts.min && (*value < *facts.min || *value > *facts.max)) return 0;
  if (facts.ndv) return (1 - facts.null_fraction.value_or(0)) / *facts.ndv;
  return kDefaultEquality;
}

// column `op` value, op one of < <= > >=: the share of [min, max] on the
// matching side, values spread evenly.
double RangeSelectivity(const ColumnFacts& facts, const std::string& op, std::optional<double> value) {
  if (!value || !facts.min) return kDefaultRange;
  const double lo = *facts.min, hi = *facts.max;
  // Integers: the values lo..hi are hi - lo + 1 points; `x < v` keeps v - lo of them.
  const double width = facts.integral ? hi - lo + 1 : hi - lo;
  if (width <= 0) {
    bool keeps = (op == "<" && lo < *value) || (op == "<=" && lo <= *value) || (op == ">" && lo > *value) ||
                 (op == ">=" && lo >= *value);
    return keeps ? 1 : 0;
  }
  double below;  // values that are < value (or <= value)
  if (op == "<" || op == ">=") below = *value - lo;
  else below = *value - lo + (facts.integral ? 1 : 0);
  double fraction = std::clamp(below / width, 0.0, 1.0);
  double keep = op == "<" || op == "<=" ? fraction : 1 - fraction;
  return keep * (1 - facts.null_fraction.value_or(0));
}

const std::string& FlippedComparison(const std::string& op) {
  static const std::string kLt = "<", kLe = "<=", kGt = ">", kGe = ">=";
  if (op == "<") return kGt;
  if (op == "<=") return kGe;
  if (op == ">") return kLt;
  if (op == ">=") return kLe;
  return op;
}

double ComparisonSelectivity(const FilterInput& input, const Expr& e) {
  const Expr* column = e.args[0].get();
  const Expr* other = e.args[1].get();
  std::string op = e.name == "==" ? "=" : e.name;
  if (column->kind != ExprKind::kColumnRef && other->kind == ExprKind::kColumnRef) {
    std::swap(column, other);
    op = FlippedComparison(op);
  }
  const bool equality = op == "=" || op == "<=>";
  const bool inequality = op == "!=" || op == "<>";
  const bool range = op == "<" || op == "<=" || op == ">" || op == ">=";
  if (other->kind == ExprKind::kColumnRef) {
    // Two columns: equal values meet with 1 / the larger NDV (as an equi-join).
    if (!equality && !inequality) return kDefaultRange;
    ColumnFacts a = FactsOf(input, *column), b = FactsOf(input, *other);
    double eq = a.ndv && b.ndv ? 1 / std::max(*a.ndv, *b.ndv) : kDefaultEquality;
    return equality ? eq : 1 - eq;
  }
  if (other->kind == ExprKind::kLiteral && other->literal && other->literal->IsNull(0) && op != "<=>") return 0;
  ColumnFacts facts = FactsOf(input, *column);
  std::optional<double> value = other->kind == ExprKind::kLiteral ? LiteralNumber(*other) : std::nullopt;
  if (equality) return EqualitySelectivity(facts, value);
  if (inequality) return (1 - facts.null_fraction.value_or(0)) - EqualitySelectivity(facts, value);
  if (range) return RangeSelectivity(facts, op, value);
  return kDefaultOther;
}

bool IsPatternMatch(const std::string& name) {
  return name == "like" || name == "ilike" || name == "rlike" || name == "startswith" || name == "endswith" ||
         name == "contains" || name == "regexp" || name == "regexp_like";
}

void SplitConjuncts(const Expr& e, std::vector<const Expr*>* out) {
  if (e.kind == ExprKind::kAnd) {
    SplitConjuncts(*e.args[0], out);
    SplitConjuncts(*e.args[1], out);
  } else {
    out->push_back(&e);
  }
}

// `column op literal` with op one of < <= > >= (either way round): the
// column, the operator as seen from the column, and the literal.
bool AsColumnRange(const Expr& e, const Expr** column, std::string* op, const Expr** literal) {
  if (e.kind != ExprKind::kCall || e.args.size() != 2) return false;
  if (e.name != "<" && e.name != "<=" && e.name != ">" && e.name != ">=") return false;
  *column = e.args[0].get();
  *literal = e.args[1].get();
  *op = e.name;
  if ((*column)->kind == ExprKind::kLiteral && (*literal)->kind == ExprKind::kColumnRef) {
    std::swap(*column, *literal);
    *op = FlippedComparison(*op);
  }
  return (*column)->kind == ExprKind::kColumnRef && (*literal)->kind == ExprKind::kLiteral;
}

// AND: independent conjuncts multiply, except a lower and an upper bound of
// the same column with known min / max, which together keep the share of
// [min, max] between them (x >= a AND x < b), not the product of both halves.
double ConjunctionSelectivity(const FilterInput& input, const Expr& condition) {
  std::vector<const Expr*> conjuncts;
  SplitConjuncts(condition, &conjuncts);
  struct Bounds {
    ColumnFacts facts;
    std::optional<double> lower, upper;  // the tightest selectivity of each side
  };
  std::map<int, Bounds> ranges;
  double s = 1;
  for (const Expr* c : conjuncts) {
    const Expr* column = nullptr;
    const Expr* literal = nullptr;
    std::string op;
    if (AsColumnRange(*c, &column, &op, &literal)) {
      ColumnFacts facts = FactsOf(input, *column);
      std::optional<double> value = LiteralNumber(*literal);
      if (facts.min && value) {
        Bounds& b = ranges.try_emplace(column->column, Bounds{facts, {}, {}}).first->second;
        std::optional<double>& side = op == "<" || op == "<=" ? b.upper : b.lower;
        double keep = RangeSelectivity(facts, op, value);
        side = side ? std::min(*side, keep) : keep;
        continue;
      }
    }
    s *= Selectivity(input, *c);
  }
  for (const auto& [column, b] : ranges) {
    if (b.lower && b.upper) {
      // P(x >= a) + P(x < b) - P(x is not null): the rows inside both.
      s *= std::max(0.0, *b.lower + *b.upper - (1 - b.facts.null_fraction.value_or(0)));
    } else {
      s *= b.lower ? *b.lower : *b.upper;
    }
  }
  return s;
}

double Selectivity(const FilterInput& input, const Expr& condition) {
  double s = kDefaultOther;
  switch (condition.kind) {
    case ExprKind::kAnd: s = ConjunctionSelectivity(input, condition); break;
    case ExprKind::kOr: {
      double a = Selectivity(input, *condition.args[0]), b = Selectivity(input, *condition.args[1]);
      s = a + b - a * b;
      break;
    }
    case ExprKind::kNot: s = 1 - Selectivity(input, *condition.args[0]); break;
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull: {
      ColumnFacts facts = FactsOf(input, *condition.args[0]);
      double nulls = facts.null_fraction.value_or(kDefaultIsNull);
      s = condition.kind == ExprKind::kIsNull ? nulls : 1 - nulls;
      break;
    }
    case ExprKind::kIn: {
      // One equality per listed value (a NULL in the list matches nothing).
      ColumnFacts facts = FactsOf(input, *condition.args[0]);
      s = 0;
      for (size_t i = 1; i < condition.args.size(); ++i) {
        const Expr& item = *condition.args[i];
        if (item.kind == ExprKind::kLiteral && item.literal && item.literal->IsNull(0)) continue;
        s += EqualitySelectivity(facts, item.kind == ExprKind::kLiteral ? LiteralNumber(item) : std::nullopt);
      }
      break;
    }
    case ExprKind::kLiteral:
      if (condition.literal && condition.type.id() == TypeId::kBoolean) {
        std::string text;
        AppendSparkText(*condition.literal, 0, &text);
        s = text == "true" ? 1 : 0;
      }
      break;
    case ExprKind::kCall:
      if (condition.args.size() == 2 && (condition.name == "=" || condition.name == "==" || condition.name == "<=>" ||
                                         condition.name == "!=" || condition.name == "<>" || condition.name == "<" ||
                                         condition.name == "<=" || condition.name == ">" || condition.name == ">=")) {
        s = ComparisonSelectivity(input, condition);
      } else if (IsPatternMatch(condition.name)) {
        s = kDefaultPattern;
      }
      break;
    default: break;
  }
  return std::clamp(s, 0.0, 1.0);
}

}  // namespace

double EstimateSelectivity(const PlanNode& input, const Expr& condition, std::optional<double> input_rows) {
  return Selectivity(FilterInput{input, std::max(1.0, input_rows ? *input_rows : EstimateRows(input))}, condition);
}

Statistics EstimateStatistics(const PlanNode& plan) {
  Statistics stats;
  // Whole rows; a product of selectivities a hair above an integer is that integer.
  stats.rows = std::ceil(std::max(0.0, EstimateRows(plan)) * (1 - 1e-12));
  double row_size = 8;
  for (const Field& f : plan.schema) row_size += static_cast<double>(DefaultSize(f.type));
  stats.size_in_bytes = stats.rows * row_size;
  return stats;
}

std::string ToString(const Statistics& stats) {
  return "Statistics(sizeInBytes=" + BytesText(stats.size_in_bytes) + ", rowCount=" + ThreeDigitText(stats.rows) + ")";
}

}  // namespace tarn::plan
