#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# run.sh KIZASHI [NAME...] - run the benchmarks (all of them, or the NAMEs
# given), each beside its peer where the issue names one, then a summary.
# `make bench` runs every one; `make bench BENCH="hunt http"` a few.
#
#   extract-quality  labelled corpus, kizashi vs ioc-extractor (score.py)
#   extract-speed    100 MB dense report text, kizashi vs ioc-extractor
#   extract-prose    100 MB prose-heavy text, kizashi vs ioc-extractor
#   warn             1M values against every MISP warninglist
#   import           1M indicators from CSV and JSON lines, ATT&CK, 1M-object STIX
#   store-show       `kizashi show` in a 5M-indicator store, raw put rate
#   defense          `export --to TARGET` on 1M active indicators, every target
#   hunt             1 GiB Squid log vs 4M indicators, exactness, 1 and 2 cores,
#                    `grep -F -f` on the same data
#   http             indicator lookups over HTTP with wrk, TAXII paging, 1M store
#
# Generated data goes to bench/out/ (git-ignored) and is reused. Record the
# figures in bench/RESULTS.md with the machine, the date and the load average.
set -eu

build=$(cd "$(dirname "$1")" && pwd)
kz=$build/$(basename "$1")
shift
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."   # some benchmarks name bench/out relative to the repository
names=${*:-extract-quality extract-speed extract-prose warn import store-show defense hunt http}
log="$here/out/run-$(date +%Y%m%d-%H%M%S).log"
mkdir -p "$here/out"

run_one() {
    echo "== $1"
    case $1 in
    extract-quality) "$here/extract_quality.sh" "$kz" ;;
    extract-speed) "$here/extract_speed.sh" "$kz" ;;
    extract-prose) KSZ_BENCH_PROFILE=prose "$here/extract_speed.sh" "$kz" ;;
    warn) sh "$here/bench_warn.sh" "$build" ;;
    import) "$here/bench_import.sh" "$kz" ;;
    store-show) sh "$here/bench_store_show.sh" "$build" ;;
    defense) sh "$here/bench_defense.sh" "$kz" ;;
    hunt)
        hb="$here/out/hunt"
        if [ ! -f "$hb/indicators.snap" ]; then
            python3 "$here/gen_hunt.py" "$hb"
            "$build/bench/bench_hunt_build" "$hb/indicators.tsv" "$hb/indicators.snap"
        fi
        sh "$here/check_hunt.sh" "$hb" "$kz"
        sh "$here/hunt_bench.sh" "$hb" "$kz" 60
        ;;
    http) BENCH_OUT="$here/out" sh "$here/bench_http.sh" "$build" ;;
    *) echo "run.sh: unknown benchmark '$1'" >&2; return 2 ;;
    esac
    echo
}

{
    echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "== kizashi: $("$kz" version)"
    echo
    for n in $names; do
        run_one "$n"
    done
} 2>&1 | tee "$log"
echo "== full log: bench/out/$(basename "$log")"
