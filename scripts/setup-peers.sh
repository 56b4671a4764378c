#!/usr/bin/env bash
# Copies ../shared/bench/peers (DuckDB and Polars for Node.js) into a build
# directory and installs its npm packages there, once.
#   scripts/setup-peers.sh [build-dir=build]
set -euo pipefail
cd "$(dirname "$0")/.."
peers="${1:-build}/peers"
if [ -d "$peers/node_modules/@duckdb/node-api" ]; then exit 0; fi
mkdir -p "$peers"
cp -r ../shared/bench/peers/. "$peers/"
(cd "$peers" && npm install --no-audit --no-fund --loglevel=error)
