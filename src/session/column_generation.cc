#include "session/column_generation.h"

#include <algorithm>

#include "common/error.h"
#include "common/strings.h"
#include "delta/table_features.h"
#include "session/delta_statement_util.h"
#include "sql/expression_parser.h"

namespace tarn {
namespace {

// Delta names a generated column's check constraint this way (Constraints.scala).
constexpr const char* kGeneratedColumnConstraint = "Generated Column";

// The analyzed plan's expressions and operators a generation expression may not use.
void CheckGenerationPlan(const plan::PlanNode& node, const std::string& expression) {
  if (node.kind == plan::PlanKind::kAggregate) {
    ThrowError(ErrorClass::kDeltaAggregateInGeneratedColumn, {{"sqlExpr", expression}});
  }
  // Windows, generators and (decorrelated) subqueries.
  if (node.kind == plan::PlanKind::kWindow || node.kind == plan::PlanKind::kGenerate ||
      node.kind == plan::PlanKind::kJoin) {
    ThrowError(ErrorClass::kDeltaUnsupportedExpressionGeneratedColumn, {{"expression", expression}});
  }
  const std::function<void(const plan::Expr&)> check = [&](const plan::Expr& e) {
    if (e.kind == plan::ExprKind::kScalarSubquery) {
      ThrowError(ErrorClass::kDeltaUnsupportedExpressionGeneratedColumn, {{"expression", expression}});
    }
    for (const plan::ExprPtr& a : e.args) {
      if (a) check(*a);
    }
  };
  for (const plan::ExprPtr& e : node.exprs) {
    check(*e);
    if (!e->deterministic()) {
      ThrowError(ErrorClass::kDeltaNonDeterministicExpressionInGeneratedColumn, {{"expr", expression}});
    }
  }
  for (const plan::PlanPtr& child : node.children) CheckGenerationPlan(*child, expression);
}

// Whether the expression `text` names column `column` (bare or qualified).
bool ReadsColumn(const std::string& text, const std::string& column) {
  sql::ExprPtr expr;
  try {
    expr = sql::ExpressionParser::Parse(text);
  } catch (const Error&) {
    return AsciiLower(text).find(AsciiLower(column)) != std::string::npos;  // cannot tell: assume it does
  }
  const std::function<bool(const sql::Expr&)> reads = [&](const sql::Expr& e) {
    if (e.kind == sql::ExprKind::kColumn && !e.names.empty() && EqualsIgnoreCase(e.names.back(), column)) return true;
    for (const sql::ExprPtr& child : e.children) {
      if (child && reads(*child)) return true;
    }
    return false;
  };
  return reads(*expr);
}

}  // namespace

GeneratedColumns GeneratedColumns::Of(const delta::DeltaSchema& schema, const delta::Protocol& protocol) {
  const bool generation = delta::HasWriterFeature(protocol, "generatedColumns");
  const bool identity = delta::HasWriterFeature(protocol, "identityColumns");
  GeneratedColumns out;
  for (const delta::DeltaField& f : schema.fields) {
    out.names.push_back(f.name);
    out.expressions.push_back(generation ? delta::GenerationExpression(f) : std::nullopt);
    out.identities.push_back(identity ? delta::IdentityOf(f) : std::nullopt);
  }
  return out;
}

void GeneratedColumns::Extend(const Schema& table) {
  for (size_t i = names.size(); i < table.size(); ++i) {
    names.push_back(table[i].name);
    expressions.emplace_back();
    identities.emplace_back();
  }
}

bool GeneratedColumns::any() const {
  return any_identity() || std::any_of(expressions.begin(), expressions.end(), [](const auto& e) { return e.has_value(); });
}

bool GeneratedColumns::any_identity() const {
  return std::any_of(identities.begin(), identities.end(), [](const auto& i) { return i.has_value(); });
}

void CheckExplicitIdentityValue(const GeneratedColumns& generated, size_t column) {
  if (generated.is_identity(column) && !generated.identities[column]->allow_explicit_insert) {
    ThrowError(ErrorClass::kDeltaIdentityColumnsExplicitInsertNotSupported, {{"colName", generated.names[column]}});
  }
}

void CheckIdentityNotUpdated(const GeneratedColumns& generated, size_t column) {
  if (generated.is_identity(column)) {
    ThrowError(ErrorClass::kDeltaIdentityColumnsUpdateNotSupported, {{"colName", generated.names[column]}});
  }
}

std::string WithGeneratedValues(const std::string& shaped, const GeneratedColumns& generated,
                                const std::vector<std::string>& given, const std::vector<std::string>& extra_columns) {
  bool computes = false;
  for (size_t i = 0; i < generated.names.size(); ++i) computes = computes || (generated.is_generated(i) && given[i] != "true");
  if (!computes) return shaped;
  std::string select;
  for (size_t i = 0; i < generated.names.size(); ++i) {
    const std::string name = QuoteName(generated.names[i]);
    std::string value = name;
    if (generated.is_generated(i) && given[i] != "true") {
      const std::string expression = "(" + *generated.expressions[i] + ")";
      value = given[i] == "false" ? expression : "CASE WHEN " + given[i] + " THEN " + name + " ELSE " + expression + " END";
    }
    select += (select.empty() ? "" : ", ") + value + " AS " + name;
  }
  for (const std::string& extra : extra_columns) select += ", " + extra;
  return "SELECT " + select + " FROM (" + shaped + ") AS __generating";
}

std::vector<CheckConstraint> GeneratedColumnChecks(const GeneratedColumns& generated, const std::vector<std::string>& given) {
  std::vector<CheckConstraint> out;
  for (size_t i = 0; i < generated.names.size(); ++i) {
    if (!generated.is_generated(i) || given[i] == "false") continue;
    out.push_back({kGeneratedColumnConstraint,
                   "(" + QuoteName(generated.names[i]) + " <=> (" + *generated.expressions[i] + "))"});
  }
  return out;
}

void CheckAssignedIdentitiesNotRead(const GeneratedColumns& generated, const std::vector<size_t>& assigned,
                                    const std::vector<CheckConstraint>& checks) {
  for (size_t i : assigned) {
    const std::string& name = generated.names[i];
    const auto refuse = [&](const std::string& what) {
      ThrowError(ErrorClass::kUnsupportedFeature,
                 {{"feature", what + " that reads the identity column " + QuoteName(name) + " on a write that assigns its values"}});
    };
    for (size_t g = 0; g < generated.names.size(); ++g) {
      if (generated.is_generated(g) && ReadsColumn(*generated.expressions[g], name)) {
        refuse("the generated column " + QuoteName(generated.names[g]));
      }
    }
    for (const CheckConstraint& c : checks) {
      if (ReadsColumn(c.second, name)) refuse("the CHECK constraint " + c.first);
    }
  }
}

IdentityValues::IdentityValues(const GeneratedColumns& generated)
    : identities_(generated.identities), moved_(generated.identities.size(), false) {}

void IdentityValues::Assign(VectorPtr& column, size_t table_column, size_t num_rows, const std::vector<bool>* rows) {
  delta::IdentityInfo& info = *identities_[table_column];
  int64_t count = 0;
  for (size_t r = 0; r < num_rows; ++r) count += !rows || (*rows)[r];
  if (count == 0) return;
  const delta::IdentityRange range = delta::AllocateIdentityValues(info, count);
  VectorPtr out = Vector::Make(DataType::Long(), num_rows);
  int64_t next = range.first;
  bool first = true;
  for (size_t r = 0; r < num_rows; ++r) {
    if (!rows || (*rows)[r]) {
      if (!first) next += info.step;  // stays within the range AllocateIdentityValues checked
      first = false;
      out->values<int64_t>()[r] = next;
    } else if (column->IsNull(r)) {
      out->SetNull(r);
    } else {
      out->values<int64_t>()[r] = column->ValueAt<int64_t>(r);
    }
  }
  info.high_water_mark = range.high_water_mark;
  moved_[table_column] = true;
  assigned_ = true;
  column = std::move(out);
}

delta::Metadata IdentityValues::WithHighWaterMarks(delta::Metadata metadata) const {
  delta::DeltaSchema schema = delta::ParseSchemaString(metadata.schema_string, "the table's metadata");
  for (size_t i = 0; i < schema.fields.size() && i < moved_.size(); ++i) {
    if (moved_[i]) delta::SetIdentity(schema.fields[i], *identities_[i]);
  }
  metadata.schema_string = delta::SchemaToJson(schema);
  return metadata;
}

std::optional<delta::IdentityInfo> IdentitySpec(const sql::ColumnDefinition& column, const DataType& type,
                                                const std::vector<std::string>& partition_columns) {
  if (!column.identity) return std::nullopt;
  if (!column.generation_expression.empty()) ThrowError(ErrorClass::kDeltaIdentityColumnsWithGeneratedExpression);
  if (type.id() != TypeId::kLong) {
    ThrowError(ErrorClass::kDeltaIdentityColumnsUnsupportedDataType, {{"dataType", type.ToSql()}});
  }
  if (column.identity_step == 0) ThrowError(ErrorClass::kDeltaIdentityColumnsIllegalStep);
  for (const std::string& p : partition_columns) {
    if (EqualsIgnoreCase(p, column.name)) {
      ThrowError(ErrorClass::kDeltaIdentityColumnsPartitionNotSupported, {{"colName", column.name}});
    }
  }
  delta::IdentityInfo info;
  info.start = column.identity_start;
  info.step = column.identity_step;
  info.allow_explicit_insert = !column.identity_always;
  return info;
}

void ValidateGeneratedColumns(const Schema& schema, const std::vector<std::optional<std::string>>& expressions,
                              const std::function<plan::PlanPtr(const std::string&)>& analyze) {
  // The expressions see the table's other, non-generated columns (Delta: a
  // relation of the normal columns), as NULLs of their types.
  std::string base;
  for (size_t i = 0; i < schema.size(); ++i) {
    if (expressions[i]) continue;
    base += (base.empty() ? "" : ", ") + std::string("CAST(NULL AS ") + schema[i].type.ToSql() + ") AS " +
            QuoteName(schema[i].name);
  }
  if (base.empty()) base = "1 AS __tarn_no_columns";
  for (size_t i = 0; i < schema.size(); ++i) {
    if (!expressions[i]) continue;
    const std::string& text = *expressions[i];
    plan::PlanPtr plan;
    try {
      plan = analyze("SELECT (" + text + ") AS __generated FROM (SELECT " + base + ") AS __columns");
    } catch (const Error& e) {
      if (ErrorClassName(e.info().error_class).rfind("UNRESOLVED_COLUMN", 0) == 0) {
        ThrowError(ErrorClass::kDeltaInvalidGeneratedColumnReferences);
      }
      throw;
    }
    CheckGenerationPlan(*plan, text);
    const DataType& type = plan->schema.at(0).type;
    if (type != schema[i].type) {
      ThrowError(ErrorClass::kDeltaGeneratedColumnsExprTypeMismatch,
                 {{"columnName", QuoteName(schema[i].name)}, {"expressionType", type.ToSql()},
                  {"columnType", schema[i].type.ToSql()}});
    }
  }
}

delta::Protocol DeclareGeneratedColumns(const std::vector<sql::ColumnDefinition>& columns, const Schema& schema,
                                        const std::vector<std::string>& partition_columns,
                                        delta::DeltaSchema& delta_schema, delta::Protocol protocol,
                                        const std::function<plan::PlanPtr(const std::string&)>& analyze) {
  std::vector<std::optional<std::string>> expressions(schema.size());
  bool any_expression = false, any_identity = false;
  for (size_t i = 0; i < columns.size() && i < schema.size(); ++i) {
    const sql::ColumnDefinition& c = columns[i];
    if (std::optional<delta::IdentityInfo> identity = IdentitySpec(c, schema[i].type, partition_columns)) {
      delta::SetIdentity(delta_schema.fields[i], *identity);
      any_identity = true;
    } else if (!c.generation_expression.empty()) {
      expressions[i] = c.generation_expression;
      delta::SetGenerationExpression(delta_schema.fields[i], c.generation_expression);
      any_expression = true;
    }
  }
  if (any_expression) {
    ValidateGeneratedColumns(schema, expressions, analyze);
    protocol = delta::WithFeature(protocol, "generatedColumns");
  }
  if (any_identity) protocol = delta::WithFeature(protocol, "identityColumns");
  return protocol;
}

}  // namespace tarn
