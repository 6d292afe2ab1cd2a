#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# extract_speed.sh KIZASHI - extraction throughput of `kizashi extract` and,
# in the same run on the same text, of the npm package ioc-extractor.
#
# The corpus (bench/out/extract-corpus.txt, >= 100 MB of mixed report text,
# see gen_extract_corpus.py) is built first if missing. Each extractor runs
# on one core (taskset -c 0 when available), three times; the best wall time
# counts, and MB/s = corpus bytes / 10^6 / wall seconds. Output goes to
# /dev/null for kizashi; ioc-extractor prints only its counts.
# Environment: KSZ_BENCH_RUNS (default 3), KSZ_BENCH_CORPUS_MB (default 100).
set -eu

kz=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
runs=${KSZ_BENCH_RUNS:-3}
size_mb=${KSZ_BENCH_CORPUS_MB:-100}
out="$here/out"
corpus="$out/extract-corpus.txt"
mkdir -p "$out"

if [ ! -s "$corpus" ]; then
    echo "extract_speed: building the corpus ($size_mb MB)..." >&2
    python3 "$here/gen_extract_corpus.py" "$corpus" --size-mb "$size_mb" >&2
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

# best_of N CMD...: run CMD N times, print the best wall time in seconds.
best_of() {
    python3 - "$@" <<'EOF'
import subprocess, sys, time
n, cmd = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    t = time.perf_counter() - t
    best = t if best is None or t < best else best
print("%.4f" % best)
EOF
}

bytes=$(wc -c <"$corpus")
peer_version=$(node -p "require('$here/node_modules/ioc-extractor/package.json').version")

kz_hits=$($kz extract "$corpus" | wc -l)
# shellcheck disable=SC2086
kz_s=$(best_of "$runs" $pin "$kz" extract "$corpus")
peer_counts=$(cd "$here" && node ioc_extractor_run.js "$corpus")
# shellcheck disable=SC2086
peer_s=$(cd "$here" && best_of "$runs" $pin node ioc_extractor_run.js "$corpus")

python3 - "$bytes" "$kz_s" "$peer_s" "$kz_hits" "$peer_counts" "$peer_version" "$cpu" \
    "$runs" "$corpus" <<'EOF'
import sys
b, kz, peer = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
hits, counts, ver, cpu, runs, corpus = sys.argv[4:10]
mb = b / 1e6
kz_rate, peer_rate = mb / kz, mb / peer
print("extract speed: %s, %.1f MB, best of %s on %s" % (corpus, mb, runs, cpu))
print("  kizashi extract      %8.1f MB/s  (%.2f s, %s hits)" % (kz_rate, kz, hits))
print("  ioc-extractor %-7s%8.1f MB/s  (%.2f s, %s)" % (ver, peer_rate, peer, counts))
print("  ratio                %8.1fx" % (kz_rate / peer_rate))
EOF
