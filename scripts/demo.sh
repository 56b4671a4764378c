#!/usr/bin/env bash
# The README's main job: installs dependencies, builds tarn, generates a
# sample Parquet file with tarn's own writer and inspects it with the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target tarn_cli
tarn=build/src/cli/tarn
sample=build/sample/lineitem.parquet
mkdir -p build/sample
"$tarn" generate lineitem --scale 0.01 --out "$sample"
"$tarn" parquet schema "$sample"
"$tarn" parquet meta "$sample" | head -n 40
"$tarn" parquet cat "$sample" --limit 10
"$tarn" parquet cat "$sample" --limit 3 --format json
