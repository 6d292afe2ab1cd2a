#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# bench_import.sh KIZASHI [N] - import speed and memory (formats area):
#   1. N (default 1,000,000) indicators from CSV and from JSON lines into a
#      fresh store: indicators per second (target >= 200,000/s);
#   2. the ATT&CK Enterprise bundle (33 MB, STIX 2.0): seconds (target < 10);
#   3. an N-object STIX 2.1 bundle: peak RSS from /usr/bin/time -v
#      (target <= 300 MB).
# Inputs are generated deterministically from /work/shared/data/indicators
# (bench/gen_import.py) into bench/out/, never into the repository.
set -eu

kz=$1
n=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
out="$here/out/import"
shared=${KSZ_SHARED_DATA:-/work/shared/data}
mkdir -p "$out"

for f in csv jsonl stix; do
    [ -s "$out/$n.$f" ] || python3 "$here/gen_import.py" "$f" "$n" "$out/$n.$f"
done

echo "== machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"

measure() {   # label, then the command; prints wall seconds and max RSS
    label=$1
    shift
    /usr/bin/time -v "$@" > "$out/last.json" 2> "$out/time.txt" || {
        cat "$out/time.txt" >&2
        exit 1
    }
    wall=$(grep 'Elapsed (wall clock)' "$out/time.txt" | sed 's/.*: //')
    rss=$(grep 'Maximum resident' "$out/time.txt" | sed 's/.*: //')
    secs=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    echo "$label: wall ${secs}s, max RSS $((rss / 1024)) MB, $(cat "$out/last.json")"
    echo "$secs"  > "$out/secs"
}

for f in csv jsonl; do
    rm -f "$out/bench.db" "$out/bench.db-wal" "$out/bench.db-shm"
    measure "import $n $f" "$kz" import --db "$out/bench.db" "$out/$n.$f"
    secs=$(cat "$out/secs")
    echo "  => $(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') indicators/s"
done

rm -f "$out/bench.db" "$out/bench.db-wal" "$out/bench.db-shm"
measure "import enterprise-attack.json" "$kz" import --db "$out/bench.db" \
    "$shared/mitre-cti/enterprise-attack/enterprise-attack.json"

rm -f "$out/bench.db" "$out/bench.db-wal" "$out/bench.db-shm"
measure "import $n-object STIX bundle ($(du -m "$out/$n.stix" | cut -f1) MB)" "$kz" import \
    --db "$out/bench.db" "$out/$n.stix"
secs=$(cat "$out/secs")
echo "  => $(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }') objects/s"
rm -f "$out/bench.db" "$out/bench.db-wal" "$out/bench.db-shm"
