// Helpers shared by session.cc and statements.cc.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/logical_plan.h"
#include "session/session.h"

namespace tarn {

/// A result of string columns (SHOW, DESCRIBE, SET, EXPLAIN).
StatementResult StringRows(const std::vector<std::string>& columns,
                           const std::vector<std::vector<std::optional<std::string>>>& rows);

/// A scan of every column of `table`.
plan::PlanPtr ScanPlan(std::shared_ptr<const TableProvider> table);

}  // namespace tarn
