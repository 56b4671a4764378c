#!/usr/bin/env bash
# TPC-H side by side: tarn, DuckDB and Polars (lazy API) on the same Parquet
# files with the same thread count; answers checked; a Markdown table of
# per-query medians, ratios, geomeans and peak memory for BENCHMARKS.md.
#
#   bench/tpch.sh [--sf 1] [--threads 2] [--runs 3] [--engines tarn,duckdb,polars-lazy] [--build DIR]
#                 [--tarn-conf K=V[,K2=V2]]
#
# - builds tarn (Release) in --build (default: build) if needed, and installs
#   the peer harness (../shared/bench/peers) there (scripts/setup-peers.sh);
# - generates the tables with tarn's generator once per scale factor, cached
#   in DIR/bench-tpch/sf<SF> (never committed);
# - runs --runs rounds; each round runs every engine once over the 22 queries
#   (the harness's untimed warm-up, then one timed run), the engines' order
#   rotating from round to round so that drift of a shared machine spreads
#   over all of them; a query's time is the median of its rounds;
# - checks the answers with the harness (`run.mjs --check`): tarn against
#   DuckDB, DuckDB against Polars;
# - prints the table (bench/tpch_report.mjs); peak memory is each engine
#   process's maximum resident set size (peak_rss_mb), the largest of its rounds;
# - --tarn-conf passes session configuration to tarn, e.g.
#   spark.tarn.memory.limit=2g for a run in bounded memory (spilling);
# - keeps tarn's query profiles (EXPLAIN ANALYZE text) of round 1 in
#   RUN_DIR/profiles/qNN.txt, to see where its time goes.
set -euo pipefail
cd "$(dirname "$0")/.."

sf=1 threads=2 runs=3 engines=tarn,duckdb,polars-lazy build=build tarn_conf=
while [ $# -gt 0 ]; do
  case "$1" in
    --sf) sf=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --tarn-conf) tarn_conf=$2; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/tpch.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "bench/tpch.sh: --runs must be a positive integer" >&2; exit 2; }
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || { echo "bench/tpch.sh: --threads must be a positive integer" >&2; exit 2; }
IFS=, read -r -a engine_list <<< "$engines"
for e in "${engine_list[@]}"; do
  case "$e" in tarn|duckdb|polars|polars-lazy) ;; *) echo "bench/tpch.sh: unknown engine '$e'" >&2; exit 2 ;; esac
done

queries=../shared/bench/tpch/queries
[ -d "$queries" ] || { echo "bench/tpch.sh: no queries at $queries" >&2; exit 1; }

# Release build of the CLI (an existing build directory must be Release).
if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")
if [ "$build_type" != Release ]; then
  echo "bench/tpch.sh: $build is a '$build_type' build; benchmark a Release build (--build DIR)" >&2
  exit 1
fi
ninja -C "$build" tarn_cli > /dev/null
tarn="$build/src/cli/tarn"
scripts/setup-peers.sh "$build"
peers="$build/peers"

# The tables, generated once per scale factor.
scratch="$build/bench-tpch"
data="$scratch/sf$sf"
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  echo "generating TPC-H SF$sf into $data ..." >&2
  "$tarn" bench tpch generate --sf "$sf" --out "$data" --threads "$threads" > /dev/null
  touch "$data/.complete"
fi

out="$scratch/run-sf$sf-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/load.txt" >&2

run_engine() {  # engine round
  local engine=$1 round=$2 file="$out/$1-$2.json"
  echo "round $round: $engine" >&2
  if [ "$engine" = tarn ]; then
    # Round 1 also keeps each query's profile (from the untimed warm-up run).
    local profile=()
    [ "$round" = 1 ] && profile=(--profile "$out/profiles")
    local conf=()
    [ -n "$tarn_conf" ] && conf=(--conf "$tarn_conf")
    "$tarn" bench tpch run --data "$data" --queries "$queries" --threads "$threads" --runs 1 --out "$file" \
      "${profile[@]}" "${conf[@]}" > /dev/null
  else
    node "$peers/run.mjs" --engine "$engine" --data "$data" --queries "$queries" --threads "$threads" --runs 1 \
      --out "$file" > /dev/null
  fi
}

n=${#engine_list[@]}
for ((round = 1; round <= runs; round++)); do
  for ((i = 0; i < n; i++)); do
    run_engine "${engine_list[$(((i + round - 1) % n))]}" "$round"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt" >&2

# Answers (the first round's warm-up answers), each check's verdict kept for the report.
has() { [[ ",$engines," == *",$1,"* ]]; }
check() {  # reference other
  local log="$out/check-$1-vs-$2.txt"
  if node "$peers/run.mjs" --check "$out/$1-1.json" "$out/$2-1.json" > "$log" 2>&1; then :; fi
  tail -n 1 "$log" | sed "s/^/check $1 vs $2: /" >&2
}
has duckdb && has tarn && check duckdb tarn
has duckdb && has polars-lazy && check duckdb polars-lazy
has duckdb && has polars && check duckdb polars

node bench/tpch_report.mjs --dir "$out" --engines "$engines" --runs "$runs" --sf "$sf" --threads "$threads" \
  | tee "$out/report.md"
echo "results in $out" >&2
