// Small helpers of the Delta write path: random UUIDs (file names, txnId,
// table ids), JSON string quoting and the system clock.
//
// Thread safety: pure functions (RandomUuid uses a thread-local generator).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tarn::delta {

/// A random (version 4) UUID in its canonical 36-character text.
std::string RandomUuid();
/// `text` as a JSON string literal (quotes included).
std::string JsonQuote(std::string_view text);
/// Milliseconds since the epoch.
int64_t SystemNowMs();

}  // namespace tarn::delta
