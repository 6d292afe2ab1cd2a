#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# install-deps.sh - install every Debian package kizashi's build, tests and
# benchmarks need. Idempotent: apt-get update runs only when a package is
# missing, and nothing is installed twice. Runs apt-get as root (or via sudo).
set -eu

PACKAGES="
build-essential cmake pkg-config make
clang libclang-rt-14-dev llvm
libcmocka-dev
libpsl-dev publicsuffix libidn2-dev
libsqlite3-dev sqlite3
libjansson-dev
zlib1g-dev libzstd-dev zstd
libssl-dev
python3 python3-jsonschema
nodejs
hyperfine
bind9-utils nftables ipset squid
libmicrohttpd-dev libsodium-dev libcurl4-openssl-dev wrk curl openssl
"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

# npm comes with some builds of nodejs and is a package of its own in Debian's;
# only the benchmarks use it (to measure the ioc-extractor peer).
if ! command -v npm >/dev/null 2>&1 && apt-cache show npm >/dev/null 2>&1 \
    && ! dpkg-query -W -f='${Provides}' nodejs 2>/dev/null | grep -q npm; then
    missing="$missing npm"
fi

if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
echo "install-deps: installing:$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
