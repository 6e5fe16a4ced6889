#!/usr/bin/env bash
# Builds Assay and runs every test: the suites under AddressSanitizer + UBSan, then a time-boxed
# libFuzzer run over the filter language, the id/time parsers and the HTTP reader. Installs what is missing first.
# Last, the Debian packages' install test (packaging/test-install.sh; needs root or sudo).
# Usage: scripts/test.sh            (ASSAY_FUZZ_SECONDS=0 skips the fuzzing step, default 30;
#                                    ASSAY_INSTALL_TEST=0 skips the install test)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
ensure_deps
ensure_npm_packages

fuzz_seconds=${ASSAY_FUZZ_SECONDS:-30}
# fuzz TARGET CORPUS: runs one libFuzzer target for $fuzz_seconds; a failure prints the input and stops.
fuzz() {
    local target=$1 corpus=$2 work
    work=$(mktemp -d)
    build/fuzz/tests/fuzz/"$target" -max_total_time="$fuzz_seconds" -timeout=5 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$work/" "$work" "$corpus" 2>"$work/fuzz.log" || {
        tail -n 60 "$work/fuzz.log"
        echo "fuzzing $target found a failure; the input is in the lines above" >&2
        exit 1
    }
    grep -E '^(Done|stat::number_of_executed_units)' "$work/fuzz.log" || true
    rm -rf "$work"
}
if [ "$fuzz_seconds" -gt 0 ]; then
    echo "==> Fuzzing the filter language and the HTTP reader, ${fuzz_seconds}s each (libFuzzer, clang, ASan+UBSan)"
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz --target assay_fuzz_filter assay_fuzz_http
    fuzz assay_fuzz_filter tests/fuzz/corpus
    fuzz assay_fuzz_http tests/fuzz/corpus-http
fi

echo "==> Building the test suites (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake --preset asan >/dev/null
cmake --build --preset asan

# The server suites run on SQLite and again on PostgreSQL: a throwaway cluster, stopped on exit.
eval "$(scripts/postgres-test-cluster.sh start)"
trap 'scripts/postgres-test-cluster.sh stop "$ASSAY_TEST_PGDATA"' EXIT
echo "==> Running the test suites (PostgreSQL at ${ASSAY_TEST_POSTGRES_URL})"
ctest --preset asan

# The Debian packages: built, linted, installed, run as the service would run, removed and purged.
if [ "${ASSAY_INSTALL_TEST:-1}" != "0" ]; then
    bash packaging/test-install.sh
fi
