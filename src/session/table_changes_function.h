// The table-valued function table_changes(table, start [, end]) — Databricks'
// change data feed query: `table` is a table name or a path string
// ('delta.`/p`' or '/p'), `start` / `end` versions (integers) or timestamps
// (TIMESTAMP values, or strings read in the session time zone). The rows come
// from delta::TableChanges (delta/table_changes.h).
#pragma once

#include <string>
#include <vector>

#include "columnar/vector.h"
#include "plan/logical_plan.h"

namespace tarn {

class Session;

/// The scan plan of table_changes(args...); throws WRONG_NUM_ARGS,
/// INVALID_PARAMETER_VALUE / DELTA_INVALID_TIMESTAMP_FORMAT for bad
/// arguments, TABLE_OR_VIEW_NOT_FOUND, and the feed's errors.
plan::PlanPtr ResolveTableChanges(Session& session, const std::vector<VectorPtr>& args, const std::string& time_zone);

}  // namespace tarn
