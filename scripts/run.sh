#!/usr/bin/env bash
# Builds Assay (optimized) and runs it: assay-server on 127.0.0.1:1984 with a SQLite database in the
# user's data directory, until Ctrl+C. Installs what is missing first.
# Usage: scripts/run.sh [extra options for assay-server serve]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
ensure_deps

cmake --preset release >/dev/null
cmake --build --preset release --target assay assay-server

key=${ASSAY_BOOTSTRAP_ADMIN_KEY:-assay-local-admin-key}
cat <<INFO
==> Starting assay-server. Point the LangSmith SDK at it with:
      export LANGSMITH_ENDPOINT=http://127.0.0.1:1984/api/v1
      export LANGSMITH_API_KEY=$key
    (the desktop reviewer arrives with a later issue: build/release/src/app/assay --help)
INFO
exec env ASSAY_BOOTSTRAP_ADMIN_KEY="$key" build/release/src/server/assay-server serve "$@"
