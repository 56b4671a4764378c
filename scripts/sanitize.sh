#!/usr/bin/env bash
# Builds tarn with AddressSanitizer + UndefinedBehaviorSanitizer and runs the
# unit and conformance tests (the readers and parsers that see untrusted input).
#   scripts/sanitize.sh [ctest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-asan
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTARN_SANITIZE=ON -DTARN_BUILD_BENCH=OFF >/dev/null
ninja -C "$build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" -L 'unit|conformance' "$@"
