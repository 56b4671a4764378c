// Runtime filter planning (see RuntimeFilterTarget in physical_plan.h): the
// last step of physical planning.
#pragma once

#include "plan/physical_plan.h"

namespace tarn::plan {

/// Adds a RuntimeFilterTarget to the probe side's scan for every hash-join
/// key that can filter it, and the filters' ids to their joins. `root` and
/// everything below it must be freshly planned (not yet shared).
void PlanRuntimeFilters(const PhysicalPtr& root);

}  // namespace tarn::plan
