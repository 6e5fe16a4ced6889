#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the test suites and prints the URL to reach it.
#   eval "$(scripts/postgres-test-cluster.sh start)"   # exports ASSAY_TEST_POSTGRES_URL, ASSAY_TEST_PGDATA
#   scripts/postgres-test-cluster.sh stop "$ASSAY_TEST_PGDATA"
# The cluster lives in a temporary directory, listens on 127.0.0.1 only, on a free port, and runs as the
# unprivileged 'postgres' user when started by root (initdb refuses to run as root).
set -euo pipefail

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] || { echo "postgres-test-cluster: PostgreSQL server binaries not found" >&2; exit 1; }
    echo "$dir"
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 - <<'PY' 2>/dev/null || echo 55432
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

start() {
    local bin data port
    bin=$(pg_bin)
    data=$(mktemp -d /tmp/assay-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
    port=$(free_port)
    as_owner "$bin/initdb" -D "$data/db" -U assay --auth=trust -E UTF8 --no-locale >"$data/initdb.log" 2>&1 ||
        { cat "$data/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w \
        -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$data/server.log" >&2; exit 1; }
    echo "export ASSAY_TEST_POSTGRES_URL=postgresql://assay@127.0.0.1:$port/postgres"
    echo "export ASSAY_TEST_PGDATA=$data"
}

stop() {
    local data=${1:?data directory}
    as_owner "$(pg_bin)/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$data"
}

case "${1:-}" in
    start) start ;;
    stop) stop "${2:-}" ;;
    *) echo "usage: $0 start | stop <data-dir>" >&2; exit 2 ;;
esac
