#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# bench_warn.sh BUILD_DIR [N] - check N values (default 1,000,000) drawn from the
# shared indicator sets against every MISP warninglist; prints bench_warn's figures.
# The values are decompressed into a temporary file, never into the repository.
set -eu
build=${1:?usage: bench_warn.sh BUILD_DIR [N]}
n=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
data=${KSZ_SHARED_DATA:-$here/../../shared/data}
ind=$data/indicators
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A mix shaped like an import: addresses, networks, domains (malicious and
# popular), URLs and hashes, shuffled with a fixed seed.
take() { zstdcat "$ind/$1" | cut -f1 | head -n "$2"; }
{
    take ipv4.tsv.zst $((n * 30 / 100))
    take ipv4_cidr.tsv.zst $((n * 3 / 100))
    take ipv6.tsv.zst $((n * 1 / 100))
    take domains.tsv.zst $((n * 30 / 100))
    take benign_top100k.txt.zst $((n * 10 / 100))
    take urls.tsv.zst $((n * 16 / 100))
    take hashes.tsv.zst $((n * 107 / 1000))
} > "$tmp/pool"
if [ ! -s "$tmp/pool" ]; then
    echo "bench_warn.sh: no values read from $ind (set KSZ_SHARED_DATA)" >&2
    exit 2
fi
awk 'BEGIN { srand(42) } { printf "%.9f\t%s\n", rand(), $0 }' "$tmp/pool" |
    sort -t "$(printf '\t')" -k1,1 | cut -f2- | head -n "$n" > "$tmp/values"
"$build/bench/bench_warn" "$data/misp-warninglists/lists" "$tmp/values"
