#!/usr/bin/env bash
# The packages' install test (docs/operations.md, "Installing from the Debian packages"): builds both
# Debian packages from a release build, checks them with lintian and AppStream's validator, installs
# them with apt, verifies the systemd unit, runs the installed server as its system user under the
# unit's settings, sends runs with the LangSmith SDK, then removes (data and configuration stay) and
# purges (both go). Run by scripts/test.sh after the suites; needs root or sudo. The machine is left as
# it was: the packages are purged on every exit.
#
# Where systemd is not PID 1 (CI containers) the service cannot be started by systemctl: the server is
# started as the unit would start it — its User/Group, NoNewPrivileges, no capabilities, its
# EnvironmentFile and working in its StateDirectory — and the unit's sandboxing is checked offline by
# `systemd-analyze verify` and `systemd-analyze security --offline`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh

# It installs and purges system packages: on a machine where Assay is installed (or left data behind),
# it would take that installation's data with it. Such a machine is not touched.
if dpkg-query -W -f='${db:Status-Status}' assay-server assay 2>/dev/null | grep -qv '^not-installed$' ||
    [ -e /var/lib/assay-server ] || [ -e /etc/assay-server.conf ]; then
    echo "==> The install test is SKIPPED: assay or assay-server is installed here (or its data or"
    echo "    configuration is): it would remove them. Run it on a machine without them (CI does)."
    exit 0
fi

echo "==> Building the Debian packages (release build)"
cmake --preset release >/dev/null
cmake --build --preset release --target assay assay-server assay_package_files
packages=build/release/packages
rm -rf "$packages"
(cd build/release && cpack -G DEB -B "$PWD/packages" >/dev/null)
server_deb=$(ls "$packages"/assay-server_*.deb)
desktop_deb=$(ls "$packages"/assay_*.deb)
echo "    $server_deb, $desktop_deb"

echo "==> lintian"
# Exceptions, each with its reason in docs/operations.md ("What lintian says"):
lintian --fail-on error,warning --tag-display-limit 0 \
    --suppress-tags "$(grep -v '^#' packaging/debian/lintian-exceptions | cut -d' ' -f1 | paste -sd,)" \
    "$server_deb" "$desktop_deb"

cleanup() {
    as_root pkill -u assay-server -x assay-server 2>/dev/null || true
    as_root dpkg --purge assay assay-server >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "==> apt install ./assay-server_*.deb ./assay_*.deb"
export DEBIAN_FRONTEND=noninteractive
as_root apt-get install -y -q --no-install-recommends "$PWD/$server_deb" "$PWD/$desktop_deb" >/dev/null

fail() { echo "install test: $*" >&2; exit 1; }
check_file() { [ -e "$1" ] || fail "$1 is missing"; }
for f in /usr/bin/assay /usr/bin/assay-server /usr/share/applications/org.assay.Assay.desktop \
    /usr/share/metainfo/org.assay.Assay.metainfo.xml /usr/share/mime/packages/assay.xml \
    /usr/share/icons/hicolor/scalable/apps/assay.svg /usr/share/icons/hicolor/48x48/apps/assay.png \
    /usr/share/icons/hicolor/128x128/apps/assay.png /usr/share/icons/hicolor/256x256/apps/assay.png \
    /usr/share/man/man1/assay.1.gz /usr/share/man/man1/assay-server.1.gz \
    /lib/systemd/system/assay-server.service /usr/lib/sysusers.d/assay-server.conf \
    /etc/default/assay-server /etc/assay-server.conf; do
    check_file "$f"
done
getent passwd assay-server >/dev/null || fail "no assay-server user"
[ "$(stat -c %U:%a /var/lib/assay-server)" = "assay-server:750" ] || fail "/var/lib/assay-server: $(stat -c %U:%a /var/lib/assay-server)"
assay --version | grep -q "^assay " || fail "assay --version"
appstreamcli validate --no-net /usr/share/metainfo/org.assay.Assay.metainfo.xml >/dev/null
echo "    files, user, state directory: as expected"

echo "==> systemd-analyze verify / security (offline)"
systemd-analyze verify /lib/systemd/system/assay-server.service
exposure=$(systemd-analyze security --offline=true /lib/systemd/system/assay-server.service 2>/dev/null |
    sed -n 's/.*Overall exposure level for assay-server.service: \([0-9.]*\).*/\1/p')
echo "    exposure $exposure (0 = locked down, 10 = exposed)"
awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 3.0) }' || fail "the unit's exposure is $exposure, over 3.0"

echo "==> The installed server, as its user under the unit's settings"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# As the unit: User/Group, NoNewPrivileges, no capabilities, EnvironmentFile, the state directory.
as_service() {
    as_root env -i PATH=/usr/bin:/bin ASSAY_LISTEN="127.0.0.1:$port" \
        setpriv --reuid=assay-server --regid=assay-server --init-groups --no-new-privs --inh-caps=-all \
        --bounding-set=-all sh -c 'set -a; [ -r /etc/default/assay-server ] && . /etc/default/assay-server; set +a; cd /var/lib/assay-server && exec "$@"' sh "$@"
}
# The CLI reads /etc/assay-server.conf: the key goes into the service's database.
key=$(as_service assay-server keys create --name install-test | tail -n 1)
[ -n "$key" ] || fail "keys create printed no key"
log=$(mktemp)
as_service assay-server serve >"$log" 2>&1 &
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/readyz" | grep -q '"ready"' || { cat "$log"; fail "not ready"; }
[ "$(ps -o user= -C assay-server | sort -u)" = "assay-server" ] || fail "the server does not run as assay-server"
LANGSMITH_ENDPOINT="http://127.0.0.1:$port/api/v1" LANGSMITH_API_KEY="$key" \
    node tests/compat/installed-server.mjs
[ -s /var/lib/assay-server/assay.db ] || fail "no database in /var/lib/assay-server"
as_root pkill -TERM -u assay-server -x assay-server
wait || true
grep -q "assay-server: stopped" "$log" || { cat "$log"; fail "the server did not stop cleanly"; }

echo "==> apt remove: the data and the configuration stay"
as_root apt-get remove -y -q assay assay-server >/dev/null
[ ! -e /usr/bin/assay-server ] && [ ! -e /usr/bin/assay ] || fail "binaries left after remove"
check_file /var/lib/assay-server/assay.db
check_file /etc/assay-server.conf

echo "==> apt purge: they go too"
# dpkg: apt does not know packages installed from files once they are removed. assay has no conffiles,
# so `remove` already took all of it; what purge leaves is checked below.
as_root dpkg --purge assay-server >/dev/null
! dpkg-query -W -f='${db:Status-Status}' assay assay-server 2>/dev/null | grep -qv '^not-installed$' ||
    fail "a package is still known to dpkg after purge"
[ ! -e /var/lib/assay-server ] || fail "/var/lib/assay-server left after purge"
[ ! -e /etc/assay-server.conf ] && [ ! -e /etc/default/assay-server ] || fail "configuration left after purge"
[ ! -e /lib/systemd/system/assay-server.service ] || fail "unit left after purge"
echo "==> The packages install, run, remove and purge as they should"
