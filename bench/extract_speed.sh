#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# extract_speed.sh KIZASHI - extraction throughput of `kizashi extract` and,
# in the same run on the same text, of the npm package ioc-extractor.
#
# The corpus (bench/out/extract-corpus.txt, >= 100 MB of mixed report text,
# see gen_extract_corpus.py; bench/out/extract-corpus-prose.txt for the prose
# profile) is built first if missing. Each extractor runs
# on one core (taskset -c 0 when available), three times; the best wall time
# counts, and MB/s = corpus bytes / 10^6 / wall seconds. Output goes to
# /dev/null for kizashi; ioc-extractor prints only its counts.
# Environment: KSZ_BENCH_RUNS (default 3), KSZ_BENCH_CORPUS_MB (default 100),
# KSZ_BENCH_PROFILE (ioc-dense, the default, or prose: report paragraphs,
# about 2% of them with an indicator).
set -eu

kz=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
runs=${KSZ_BENCH_RUNS:-3}
size_mb=${KSZ_BENCH_CORPUS_MB:-100}
profile=${KSZ_BENCH_PROFILE:-ioc-dense}
out="$here/out"
case $profile in
ioc-dense) corpus="$out/extract-corpus.txt" ;;
prose) corpus="$out/extract-corpus-prose.txt" ;;
*) echo "extract_speed: unknown profile $profile" >&2; exit 2 ;;
esac
mkdir -p "$out"

if [ ! -s "$corpus" ]; then
    echo "extract_speed: building the corpus ($size_mb MB)..." >&2
    python3 "$here/gen_extract_corpus.py" "$corpus" --size-mb "$size_mb" --profile "$profile" >&2
fi
if [ ! -d "$here/node_modules/ioc-extractor" ]; then
    echo "extract_speed: installing ioc-extractor into bench/node_modules..." >&2
    npm install --prefix "$here" --no-audit --no-fund --silent >&2
fi

pin=""
cpu="any CPU"
if command -v taskset >/dev/null 2>&1; then
    pin="taskset -c 0"
    cpu="CPU 0"
fi

# best_of N CMD...: run CMD N times; print the best wall time and the best
# CPU time (user + system) in seconds. On a busy machine the CPU time says
# what the program costs, the wall time what it took.
best_of() {
    python3 - "$@" <<'EOF'
import resource, subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
wall = cpu = None
for _ in range(n):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    t = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    c = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    wall = t if wall is None or t < wall else wall
    cpu = c if cpu is None or c < cpu else cpu
print("%.4f %.4f" % (wall, cpu))
EOF
}

bytes=$(wc -c <"$corpus")
peer_version=$(node -p "require('$here/node_modules/ioc-extractor/package.json').version")

kz_hits=$($kz extract "$corpus" | wc -l)
kz_distinct=$($kz extract --unique "$corpus" | wc -l)
# shellcheck disable=SC2086
kz_s=$(best_of "$runs" $pin "$kz" extract "$corpus")
peer_counts=$(cd "$here" && node ioc_extractor_run.js "$corpus")
# shellcheck disable=SC2086
peer_s=$(cd "$here" && best_of "$runs" $pin node ioc_extractor_run.js "$corpus")

python3 - "$bytes" "$kz_s" "$peer_s" "$kz_hits" "$peer_counts" "$peer_version" "$cpu" \
    "$runs" "$corpus" "$(cut -d' ' -f1 /proc/loadavg)" "$kz_distinct" <<'EOF'
import sys
b = int(sys.argv[1])
kz_wall, kz_cpu = map(float, sys.argv[2].split())
peer_wall, peer_cpu = map(float, sys.argv[3].split())
hits, counts, ver, cpu, runs, corpus, load, distinct = sys.argv[4:12]
mb = b / 1e6
print("extract speed: %s, %.1f MB, best of %s on %s (load average %s)"
      % (corpus, mb, runs, cpu, load))
print("  %-20s %8s %8s" % ("MB/s by", "wall", "CPU"))
print("  kizashi extract      %8.1f %8.1f  (%.2f s wall, %s hits, distinct %s)"
      % (mb / kz_wall, mb / kz_cpu, kz_wall, hits, distinct))
print("  ioc-extractor %-7s%8.1f %8.1f  (%.2f s wall, %s)"
      % (ver, mb / peer_wall, mb / peer_cpu, peer_wall, counts))
print("  ratio                %7.1fx %7.1fx" % (peer_wall / kz_wall, peer_cpu / kz_cpu))
EOF
