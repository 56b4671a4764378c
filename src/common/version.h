// tarn's version, in one place (the CLI prints it, writers record it in files).
#pragma once

namespace tarn {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace tarn
