// Temporary: operators not written yet.
#include "common/error.h"
#include "exec/operators/operators.h"

namespace tarn::exec {
#define PENDING(name) ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", name}})
OperatorPtr MakeWindow(const plan::PlanNode&, QueryContext*, OperatorPtr) { PENDING("window"); }
}  // namespace tarn::exec
