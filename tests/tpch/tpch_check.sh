#!/usr/bin/env bash
# TPC-H answers: generates the tables at a scale factor with tarn's generator,
# runs the 22 queries of ../shared/bench/tpch/queries on tarn and on DuckDB
# (through the peer harness in build/peers), and has the harness compare the
# answers (`run.mjs --check`). Timing is not checked. tarn runs with two
# worker threads, so the parallel pipelines are checked too.
#
# usage: tpch_check.sh TARN PEERS_DIR QUERIES_DIR WORK_DIR [SF]
set -euo pipefail
tarn=$1 peers=$2 queries=$3 work=$4 sf=${5:-0.1}
if [ ! -f "$peers/run.mjs" ] || [ ! -d "$peers/node_modules" ]; then
  echo "peer harness not installed in $peers (run scripts/setup-peers.sh)"; exit 1
fi
mkdir -p "$work"
data="$work/sf$sf"
if [ ! -f "$data/lineitem.parquet" ]; then
  "$tarn" bench tpch generate --sf "$sf" --out "$data"
fi
"$tarn" bench tpch run --data "$data" --queries "$queries" --runs 0 --threads 2 --out "$work/tarn.json"
node "$peers/run.mjs" --engine duckdb --data "$data" --queries "$queries" --runs 1 --threads 2 --out "$work/duckdb.json" > /dev/null
node "$peers/run.mjs" --check "$work/duckdb.json" "$work/tarn.json"
