// Shortest round-trip text of floating-point values, in the two layouts tarn
// prints: ECMAScript's Number.prototype.toString (the canonical JSON of the
// conformance oracles) and Java's Double/Float.toString (what Spark's
// CAST(x AS STRING) and show() print).
//
// Thread safety: pure functions.
#pragma once

#include <string>

namespace tarn {

/// ECMAScript layout of the shortest decimal that round-trips to `value`:
/// 100, 123.45, 0.000123, 1.5e-7, 1e+21. Differences from JavaScript: -0 is
/// "-0"; NaN and ±infinity are "NaN", "Infinity", "-Infinity" (the caller
/// quotes them when writing JSON).
void AppendEcmaNumber(double value, std::string* out);
/// As above, with the shortest digits that round-trip through binary32:
/// float(0.1) → 0.1, 123456789f → 123456790.
void AppendEcmaNumber(float value, std::string* out);

/// Java's Double.toString (JDK 19+ shortest-digits algorithm): 100.0, 0.001,
/// 1.0E7, 1.5E-7, 4.9E-324, NaN, Infinity, -0.0.
void AppendJavaNumber(double value, std::string* out);
/// Java's Float.toString (JDK 19+): 0.1, 1.2345679E8, 3.4028235E38.
void AppendJavaNumber(float value, std::string* out);

}  // namespace tarn
