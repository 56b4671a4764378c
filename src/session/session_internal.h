// Helpers shared by session.cc and statements.cc.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/config.h"
#include "plan/logical_plan.h"
#include "plan/physical_plan.h"
#include "session/session.h"

namespace tarn {

/// A result of string columns (SHOW, DESCRIBE, SET, EXPLAIN).
StatementResult StringRows(const std::vector<std::string>& columns,
                           const std::vector<std::vector<std::optional<std::string>>>& rows);

/// The physical planner's settings from the session config (queries and EXPLAIN plan alike).
plan::PhysicalPlanOptions PlannerOptions(const Config& config);

/// A scan of every column of `table`.
plan::PlanPtr ScanPlan(std::shared_ptr<const TableProvider> table);

}  // namespace tarn
