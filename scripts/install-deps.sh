#!/bin/sh
# Install the Debian packages wiretrace builds and tests with. Idempotent:
# installs only what is missing. Runs apt-get as root, else through sudo.
#   scripts/install-deps.sh           build + test dependencies
#   scripts/install-deps.sh --check   exit 1 if anything is missing
# Opt-in extras (environment): WT_WITH_CLANG=1 for make fuzz,
# WT_WITH_CHROMIUM=1 for the browser test of the HTML report
# (tests/e2e/html.sh, skipped without it).
set -eu
PKGS="gcc make pkg-config libxxhash-dev libsodium-dev libjemalloc-dev
libutf8proc-dev zlib1g-dev liblmdb-dev libzstd-dev libjansson-dev libcmocka-dev
python3 time"
[ "${WT_WITH_CLANG:-0}" = 1 ] && PKGS="$PKGS clang libclang-rt-14-dev"
[ "${WT_WITH_CHROMIUM:-0}" = 1 ] && PKGS="$PKGS chromium"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
[ "${1:-}" = "--check" ] && { echo "missing:$missing"; exit 1; }

if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: need root or sudo to install:$missing" >&2
	echo "install-deps: run as root: apt-get install$missing" >&2
	exit 1
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
