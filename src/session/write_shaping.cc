#include "session/write_shaping.h"

#include "columnar/value_text.h"
#include "common/error.h"
#include "common/strings.h"

namespace tarn {
namespace {

constexpr const char* kConstraintPrefix = "delta.constraints.";

std::string Quoted(std::string_view name) {
  std::string out = "`";
  for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

// The row values named by a constraint, for DELTA_VIOLATE_CONSTRAINT_WITH_VALUES.
std::string ConstraintValues(const Batch& batch, const Schema& schema, size_t row, const std::string& expression) {
  std::string out;
  const std::string lower = AsciiLower(expression);
  for (size_t c = 0; c < schema.size(); ++c) {
    if (lower.find(AsciiLower(schema[c].name)) == std::string::npos) continue;
    std::string value;
    if (batch.column(c).IsNull(row)) {
      value = "null";
    } else {
      AppendSparkText(batch.column(c), row, &value);
    }
    out += (out.empty() ? "" : "\n") + std::string(" - ") + schema[c].name + " : " + value;
  }
  return out;
}

}  // namespace

bool CanStoreAssign(const DataType& from, const DataType& to) {
  if (from == to || from.id() == TypeId::kNull) return true;
  const auto numeric = [](const DataType& t) { return t.is_numeric(); };
  if (numeric(from) && numeric(to)) return true;
  if (to.id() == TypeId::kString) return !from.is_nested() && from.id() != TypeId::kBinary;
  const auto datetime = [](TypeId id) {
    return id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampNtz;
  };
  if (datetime(from.id()) && datetime(to.id())) return true;
  if (from.id() == TypeId::kArray && to.id() == TypeId::kArray) return CanStoreAssign(from.element_type(), to.element_type());
  if (from.id() == TypeId::kMap && to.id() == TypeId::kMap) {
    return CanStoreAssign(from.key_type(), to.key_type()) && CanStoreAssign(from.value_type(), to.value_type());
  }
  if (from.id() == TypeId::kStruct && to.id() == TypeId::kStruct) {
    if (from.fields().size() != to.fields().size()) return false;
    for (size_t i = 0; i < from.fields().size(); ++i) {
      if (!CanStoreAssign(from.fields()[i].type, to.fields()[i].type)) return false;
    }
    return true;
  }
  return false;
}

std::string StoreAssigned(const std::string& value_sql, const DataType& from, const Field& column,
                          const std::string& table) {
  if (!CanStoreAssign(from, column.type)) {
    ThrowError(ErrorClass::kIncompatibleDataCannotSafelyCast,
               {{"tableName", table}, {"colName", Quoted(column.name)},
                {"srcType", "\"" + from.ToSql() + "\""}, {"targetType", "\"" + column.type.ToSql() + "\""}});
  }
  return from == column.type ? value_sql : "CAST(" + value_sql + " AS " + column.type.ToSql() + ")";
}

std::vector<CheckConstraint> TableChecks(const delta::Metadata& metadata) {
  std::vector<CheckConstraint> out;
  const size_t prefix = std::string(kConstraintPrefix).size();
  for (const auto& [key, value] : metadata.configuration) {
    if (AsciiLower(key).rfind(kConstraintPrefix, 0) == 0) out.push_back({key.substr(prefix), value});
  }
  return out;
}

std::string WithCheckColumns(const std::string& query, const std::vector<CheckConstraint>& checks) {
  if (checks.empty()) return query;
  std::string outer = "SELECT *";
  for (size_t k = 0; k < checks.size(); ++k) {
    outer += ", coalesce((" + checks[k].second + "), false) AS __check" + std::to_string(k);
  }
  return outer + " FROM (" + query + ") AS __checked";
}

void CheckWrittenRows(const Batch& batch, const Schema& table, const std::vector<CheckConstraint>& checks,
                      size_t first_check_column) {
  const size_t n = table.size();
  const size_t first_check = first_check_column ? first_check_column : n;
  for (size_t c = 0; c < n; ++c) {
    if (!table[c].nullable && batch.column(c).CountNulls() > 0) {
      ThrowError(ErrorClass::kDeltaNotNullConstraintViolated, {{"columnName", table[c].name}});
    }
  }
  for (size_t k = 0; k < checks.size(); ++k) {
    const Vector& ok = batch.column(first_check + k);
    for (size_t r = 0; r < batch.num_rows(); ++r) {
      if (ok.IsNull(r) || ok.ValueAt<uint8_t>(r) == 0) {
        ThrowError(ErrorClass::kDeltaViolateConstraintWithValues,
                   {{"constraintName", checks[k].first},
                    {"expression", checks[k].second},
                    {"values", ConstraintValues(batch, table, r, checks[k].second)}});
      }
    }
  }
}

}  // namespace tarn
