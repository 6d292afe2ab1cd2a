#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# hunt_bench.sh DATADIR [KIZASHI] [GREP_SECONDS]
# Throughput of `kizashi hunt` on DATADIR/access.log (gen_hunt.py) against
# DATADIR/indicators.snap (bench_hunt_build), on one core and on two, then
# `grep -F -f patterns.txt` on the same file in the same run, capped at
# GREP_SECONDS (default 120) and reported with what it got through.
set -eu
dir=$1
k=${2:-build-match/kizashi}
cap=${3:-120}
log=$dir/access.log
mb=$(( $(stat -c %s "$log") / 1048576 ))
cat "$log" > /dev/null   # warm the page cache: measure the matcher, not the disk
for cpus in 0 0,1; do
    start=$(date +%s.%N)
    taskset -c "$cpus" "$k" hunt --snapshot "$dir/indicators.snap" "$log" > "$dir/hits.json" 2> "$dir/hunt.err" || true
    end=$(date +%s.%N)
    python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print('kizashi hunt, cpus %s: %d MB in %.2f s = %.0f MB/s, %d hit lines' % (sys.argv[3], int(sys.argv[4]), s, int(sys.argv[4])/s, int(sys.argv[5])))" \
        "$start" "$end" "$cpus" "$mb" "$(wc -l < "$dir/hits.json")"
    tail -1 "$dir/hunt.err"
done
start=$(date +%s.%N)
timeout "$cap" grep -F -c -f "$dir/patterns.txt" "$log" > "$dir/grep.out" 2>&1 && rc=0 || rc=$?
end=$(date +%s.%N)
python3 -c "import sys; print('grep -F -f (%d patterns): exit %s after %.1f s (%s)' % (int(sys.argv[4]), sys.argv[3], float(sys.argv[2])-float(sys.argv[1]), 'timed out: still compiling or scanning' if sys.argv[3]=='124' else 'finished'))" \
    "$start" "$end" "$rc" "$(wc -l < "$dir/patterns.txt")"
cat "$dir/grep.out"
