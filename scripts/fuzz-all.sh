#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# fuzz-all.sh BUILD_DIR SECONDS - run every fuzz target for SECONDS on its saved
# corpus; new interesting inputs are added to fuzz/corpus/<target>/. Stops at
# the first crash (libFuzzer leaves crash-* with the input).
set -eu
build=$1
secs=${2:-30}
here=$(cd "$(dirname "$0")/.." && pwd)
for bin in "$build"/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    corpus="$here/fuzz/corpus/$name"
    mkdir -p "$corpus"
    echo "fuzz: $name for ${secs}s"
    "$bin" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$here/fuzz/" "$corpus" 2>&1 | tail -n 3
done
