#!/usr/bin/env bash
# Builds Assay (optimized) and runs it. Installs what is missing first.
# Usage: scripts/run.sh [arguments for assay]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
ensure_deps

cmake --preset release >/dev/null
cmake --build --preset release --target assay assay-server
build/release/src/server/assay-server --version
exec build/release/src/app/assay "$@"
