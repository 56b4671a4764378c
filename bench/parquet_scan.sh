#!/usr/bin/env bash
# Parquet scan benchmark: lineitem-shaped data (tarn's generator), written once
# by tarn and once by DuckDB, fully decoded by tarn and by DuckDB with 1 and 2
# threads, in one run on this machine. Each engine computes count(*) and min() of
# every column, so both decode every value, and their answers must match.
# Prints one line per (file, engine, threads).
#   bench/parquet_scan.sh [scale=1] [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
scale="${1:-1}"
runs="${2:-3}"
build=build-bench
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTARN_BUILD_TESTS=OFF >/dev/null
ninja -C "$build" tarn_parquet_bench >/dev/null
peers="$build/peers"
bash scripts/setup-peers.sh "$build"
cp bench/duckdb_scan.mjs "$peers/"
data="$build/data"
mkdir -p "$data"
tarn_file="$data/lineitem_sf${scale}_tarn.parquet"
duck_file="$data/lineitem_sf${scale}_duckdb.parquet"
[ -f "$tarn_file" ] || "$build/bench/tarn_parquet_bench" generate --scale "$scale" --out "$tarn_file"
[ -f "$duck_file" ] || node "$peers/duckdb_scan.mjs" rewrite "$(realpath "$tarn_file")" "$(realpath -m "$duck_file")"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for file in "$tarn_file" "$duck_file"; do
  echo "== $(basename "$file") ($(stat -c %s "$file") bytes)"
  for threads in 1 2; do
    "$build/bench/tarn_parquet_bench" scan "$file" --threads "$threads" --runs "$runs" | tee "$data/tarn.out" | grep -v '^answer'
    node "$peers/duckdb_scan.mjs" scan "$(realpath "$file")" --threads "$threads" --runs "$runs" | tee "$data/duckdb.out" | grep -v '^answer'
    # Both engines computed count(*) and min() of every column: the answers must agree.
    if [ "$(grep '^answer' "$data/tarn.out" | cut -d: -f2-)" = "$(grep '^answer' "$data/duckdb.out" | cut -d: -f2-)" ]; then
      echo "answers match: $(grep '^answer' "$data/tarn.out" | cut -d: -f2- | cut -c1-100)…"
    else
      echo "ANSWERS DIFFER:"; grep '^answer' "$data/tarn.out" "$data/duckdb.out"; exit 1
    fi
  done
done
