// Temporary: operators not written yet.
#include "common/error.h"
#include "exec/operators/operators.h"

namespace tarn::exec {
#define PENDING(name) ThrowError(ErrorClass::kUnsupportedFeature, {{"feature", name}})
OperatorPtr MakeDistinct(const plan::PlanNode&, QueryContext*, OperatorPtr) { PENDING("distinct"); }
OperatorPtr MakeSetOperation(const plan::PlanNode&, QueryContext*, OperatorPtr, OperatorPtr) { PENDING("set"); }
OperatorPtr MakeHashJoin(const plan::PlanNode&, QueryContext*, OperatorPtr, OperatorPtr) { PENDING("join"); }
OperatorPtr MakeNestedLoopJoin(const plan::PlanNode&, QueryContext*, OperatorPtr, OperatorPtr) { PENDING("join"); }
OperatorPtr MakeSort(const plan::PlanNode&, QueryContext*, OperatorPtr, int64_t) { PENDING("sort"); }
OperatorPtr MakeWindow(const plan::PlanNode&, QueryContext*, OperatorPtr) { PENDING("window"); }
OperatorPtr MakeGenerate(const plan::PlanNode&, QueryContext*, OperatorPtr) { PENDING("generate"); }
OperatorPtr MakeExpand(const plan::PlanNode&, QueryContext*, OperatorPtr) { PENDING("expand"); }
OperatorPtr MakeSample(const plan::PlanNode&, QueryContext*, OperatorPtr) { PENDING("sample"); }
}  // namespace tarn::exec
