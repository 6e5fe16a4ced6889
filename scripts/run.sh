#!/usr/bin/env bash
# Builds Assay (optimized) and runs it: assay-server on 127.0.0.1:1984 with the demo project (a RAG help
# bot's traces routed into the queue production-rag-review) and a SQLite database in the user's data
# directory, and the desktop reviewer connected to it as demo-reviewer. Closing the window stops the
# server. Without a display, the server alone runs until Ctrl+C. Installs what is missing first.
# Usage: scripts/run.sh [extra options for assay-server serve]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
ensure_deps

cmake --preset release >/dev/null
cmake --build --preset release --target assay assay-server

# The admin key: made once (random) and kept for this user only, handed over in a file, not argv.
key_dir=${XDG_DATA_HOME:-$HOME/.local/share}/assay
key_file=$key_dir/run-admin-key
tmp_key=
if [ -n "${ASSAY_BOOTSTRAP_ADMIN_KEY:-}" ]; then
    admin_key=$ASSAY_BOOTSTRAP_ADMIN_KEY
    tmp_key=$(mktemp)
    key_file=$tmp_key
    printf '%s\n' "$admin_key" >"$key_file"
else
    if [ ! -s "$key_file" ]; then
        mkdir -p "$key_dir"
        (umask 077 && head -c 30 /dev/urandom | base64 | tr -d '/+=\n' >"$key_file")
    fi
    admin_key=$(cat "$key_file")
fi
reviewer_key=${ASSAY_DEMO_REVIEWER_KEY:-assay-demo-reviewer-key}
listen=${ASSAY_LISTEN:-127.0.0.1:1984}
api="http://$listen/api/v1"

build/release/src/server/assay-server serve --demo --listen "$listen" \
    --bootstrap-admin-key-file "$key_file" --demo-reviewer-key "$reviewer_key" "$@" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$tmp_key"' EXIT INT TERM

# Wait until it answers (or has died: the port may be taken by another assay-server).
host=${listen%:*}
port=${listen##*:}
until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do
    if ! kill -0 "$server" 2>/dev/null; then
        echo "run.sh: assay-server did not start (is $listen in use? set ASSAY_LISTEN=127.0.0.1:PORT)" >&2
        exit 1
    fi
    sleep 0.2
done

cat <<INFO
==> assay-server is up on $api with the demo project.
    Review it:         the Assay window (as demo-reviewer, key $reviewer_key)
    Send it traces:    export LANGSMITH_ENDPOINT=$api LANGSMITH_API_KEY=$admin_key
INFO

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "==> No display here: the desktop reviewer cannot open. The server runs until Ctrl+C."
    wait "$server"
    exit $?
fi
ASSAY_API_KEY="$reviewer_key" build/release/src/app/assay --server "$api"
