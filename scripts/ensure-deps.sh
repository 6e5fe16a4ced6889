#!/usr/bin/env bash
# Installs what building, running and testing Assay needs on Debian 12, and nothing when it is all
# there already (one dpkg query, no network). Sourced or run by scripts/run.sh and scripts/test.sh.
set -euo pipefail

ASSAY_DEBIAN_PACKAGES=(
    # toolchain
    g++ cmake ninja-build ccache pkg-config
    # Qt 6.4: core, network, sql drivers, widgets, translation tools (assay-server reads HTTP itself:
    # Qt HttpServer 6.4 has no request limits, see docs/architecture.md)
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    qtkeychain-qt6-dev
    # the lead's health and calibration charts
    qt6-charts-dev libqt6opengl6-dev
    # sqlite3_interrupt, to stop a worker's statement when the server stops
    libsqlite3-dev
    # tests and benchmarks
    libgtest-dev libgmock-dev libbenchmark-dev
    # fuzzing (libFuzzer ships with clang's runtime)
    clang libclang-rt-dev
    # services and tools the test suites start: PostgreSQL, Xvfb for screenshots
    postgresql xvfb xauth
    # the Debian packages and their install test: man pages from --help, PNG icons from the SVG,
    # lintian, AppStream's validator, systemd-analyze for the unit
    help2man librsvg2-bin lintian appstream systemd
    # the reverse-proxy test runs the documented nginx setup
    nginx-light
)

missing_packages() {
    local status
    for pkg in "${ASSAY_DEBIAN_PACKAGES[@]}"; do
        status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
        [ "$status" = "installed" ] || echo "$pkg"
    done
    # Node.js with npm runs the LangSmith SDK compatibility tests. Any Node >= 18 with npm will do;
    # Debian's nodejs and npm are installed only when no node is present at all.
    if ! command -v node >/dev/null 2>&1; then
        echo nodejs
        echo npm
    elif ! command -v npm >/dev/null 2>&1; then
        echo npm
    fi
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "ensure-deps: need root (or sudo) to install: $*" >&2
        exit 1
    fi
}

ensure_deps() {
    local missing
    missing=$(missing_packages | tr '\n' ' ')
    if [ -z "${missing// /}" ]; then
        return 0
    fi
    echo "==> Installing Debian packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -q
    # shellcheck disable=SC2086
    as_root apt-get install -y -q --no-install-recommends $missing
}

# npm packages of the compatibility suite (the official LangSmith SDK), reinstalled only when the lock
# file changed since the last install.
ensure_npm_packages() {
    local dir=tests/compat stamp=tests/compat/node_modules/.assay-lock-sha256 want
    want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    echo "==> Installing npm packages for $dir"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
    echo "$want" >"$stamp"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    ensure_deps
    ensure_npm_packages
fi
