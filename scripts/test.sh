#!/usr/bin/env bash
# Installs dependencies, builds tarn and runs the whole test suite.
# This is the README's test command; .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build
bash scripts/setup-peers.sh build   # DuckDB for the interoperability test
cd build
ctest --output-on-failure -j"$(nproc)"
