// Runtime filter planning (see RuntimeFilterTarget in physical_plan.h): the
// last step of physical planning.
#pragma once

#include <vector>

#include "plan/physical_plan.h"

namespace tarn::plan {

/// Adds a RuntimeFilterTarget to the probe side's scan for every hash-join
/// key that can filter it, and the filters' ids to their joins. `root` and
/// everything below it must be freshly planned (not yet shared).
void PlanRuntimeFilters(const PhysicalPtr& root);

/// The hash joins of one pipeline (`joins`, top down) in the order their
/// builds must run: a join whose build side reads another one's runtime
/// filter (a semi-join reduction, see runtime_filter_planner.cc) after that
/// one; otherwise in the order given.
std::vector<const PhysicalNode*> OrderJoinBuilds(const std::vector<const PhysicalNode*>& joins);

}  // namespace tarn::plan
