// How rows are shaped into a Delta table's columns before they are written —
// shared by INSERT (table_statements.cc) and UPDATE / MERGE
// (dml_statements.cc), so every write follows the same rules:
//
//  - a value goes into a column through Spark's ANSI store assignment: as is
//    when the types are equal, else a CAST, and only between the type pairs
//    Cast.canANSIStoreAssign allows (INCOMPATIBLE_DATA_FOR_TABLE otherwise);
//  - NOT NULL columns refuse NULLs (DELTA_NOT_NULL_CONSTRAINT_VIOLATED);
//  - each CHECK constraint becomes one boolean column evaluated with the rows
//    (`coalesce((expr), false) AS __check<k>`), and a row for which it is
//    false fails with DELTA_VIOLATE_CONSTRAINT_WITH_VALUES naming the values.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "columnar/batch.h"
#include "delta/actions.h"
#include "types/data_type.h"

namespace tarn {

/// A CHECK constraint: name, expression text.
using CheckConstraint = std::pair<std::string, std::string>;

/// Spark's Cast.canANSIStoreAssign: which value types a write may store in a column.
bool CanStoreAssign(const DataType& from, const DataType& to);

/// The SQL storing `value_sql` (of type `from`) into `column`: the value
/// itself or a CAST to the column's type. Throws
/// INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_SAFELY_CAST naming `table` and the column.
std::string StoreAssigned(const std::string& value_sql, const DataType& from, const Field& column,
                          const std::string& table);

/// The table's CHECK constraints (delta.constraints.<name>), by name.
std::vector<CheckConstraint> TableChecks(const delta::Metadata& metadata);

/// `query` with one boolean column per check after its columns.
std::string WithCheckColumns(const std::string& query, const std::vector<CheckConstraint>& checks);

/// Enforces NOT NULL on columns [0, table.size()) of `batch` and the checks
/// on the boolean columns from `first_check_column` on (default: right after
/// the table's columns).
void CheckWrittenRows(const Batch& batch, const Schema& table, const std::vector<CheckConstraint>& checks,
                      size_t first_check_column = 0);

}  // namespace tarn
