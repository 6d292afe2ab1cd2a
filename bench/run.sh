#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# run.sh KIZASHI - every benchmark, then a summary: extraction quality (on the
# labelled corpus, against ioc-extractor) and extraction speed (on the
# generated >= 100 MB corpus, against ioc-extractor). `make bench` runs this.
# Record the figures in bench/RESULTS.md with the machine and the date.
set -eu

kz=$1
here=$(cd "$(dirname "$0")" && pwd)
log="$here/out/run-$(date +%Y%m%d-%H%M%S).log"
mkdir -p "$here/out"

{
    echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "== kizashi: $("$kz" version)"
    echo
    echo "== extraction quality (bench/extract_quality.sh)"
    "$here/extract_quality.sh" "$kz"
    echo
    echo "== extraction speed (bench/extract_speed.sh)"
    "$here/extract_speed.sh" "$kz"
} | tee "$log"

echo
echo "== summary (full log: bench/out/$(basename "$log"))"
grep -E '^  (kizashi|ioc-extractor|ratio|MB/s)|^(quality|extract speed)' "$log"
