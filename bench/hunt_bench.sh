#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# hunt_bench.sh DATADIR [KIZASHI] [GREP_SECONDS]
# Throughput of `kizashi hunt` on DATADIR/access.log (gen_hunt.py) against
# DATADIR/indicators.snap (bench_hunt_build), on one core and on two, then
# `grep -F -f patterns.txt` on the same file in the same run, capped at
# GREP_SECONDS (default 120) and reported with what it got through.
#
# Each hunt is reported twice: wall-clock MB/s, which depends on what else
# the machine runs (the load average is printed), and MB per CPU second
# (user + system time of all threads), which does not.
set -eu
dir=$1
k=${2:-build-match/kizashi}
cap=${3:-120}
log=$dir/access.log
mb=$(( $(stat -c %s "$log") / 1048576 ))
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
cat "$log" > /dev/null   # warm the page cache: measure the matcher, not the disk
for cpus in 0 0,1; do
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -f "%e %U %S" -o "$dir/hunt.time" \
        taskset -c "$cpus" "$k" hunt --snapshot "$dir/indicators.snap" "$log" > "$dir/hits.json" 2> "$dir/hunt.err" || true
    # the last line: /usr/bin/time says "Command exited with non-zero status 1" first on hits
    read -r wall user sys <<EOT
$(tail -1 "$dir/hunt.time")
EOT
    python3 -c "import sys; w, u, s = map(float, sys.argv[1:4]); mb = int(sys.argv[5]); print('kizashi hunt, cpus %s: %d MB in %.2f s wall = %.0f MB/s; CPU %.2f s (user %.2f + sys %.2f) = %.0f MB per CPU second; %d hit lines' % (sys.argv[4], mb, w, mb / w, u + s, u, s, mb / (u + s), int(sys.argv[6])))" \
        "$wall" "$user" "$sys" "$cpus" "$mb" "$(wc -l < "$dir/hits.json")"
    grep '^kizashi hunt:' "$dir/hunt.err" || true
done
echo "load average before grep: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
timeout "$cap" grep -F -c -f "$dir/patterns.txt" "$log" > "$dir/grep.out" 2>&1 && rc=0 || rc=$?
end=$(date +%s.%N)
python3 -c "import sys; print('grep -F -f (%d patterns): exit %s after %.1f s (%s)' % (int(sys.argv[4]), sys.argv[3], float(sys.argv[2])-float(sys.argv[1]), 'timed out: still compiling or scanning' if sys.argv[3]=='124' else 'finished'))" \
    "$start" "$end" "$rc" "$(wc -l < "$dir/patterns.txt")"
cat "$dir/grep.out"
