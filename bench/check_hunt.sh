#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# check_hunt.sh DATADIR [KIZASHI] [SNAPSHOT]
# Run `kizashi hunt` over the generated logs and compare every reported
# (file, line, indicator type, indicator value) with DATADIR/expected.tsv:
# exact, so a false hit or a miss fails. SNAPSHOT defaults to
# DATADIR/indicators.snap (bench_hunt_build writes it).
set -eu
dir=$1
k=${2:-build-match/kizashi}
snap=${3:-$dir/indicators.snap}
got=$dir/got.tsv
: > "$got"
for f in access.log combined.log dns.log eve.json; do
    [ -f "$dir/$f" ] || continue
    "$k" hunt --snapshot "$snap" "$dir/$f" 2>"$dir/hunt-$f.err" |
        python3 -c '
import json, os, sys
for l in sys.stdin:
    h = json.loads(l)
    print("%s\t%d\t%s\t%s" % (os.path.basename(h["file"]), h["line"], h["indicator"]["type"], h["indicator"]["value"]))
' >> "$got" || true
done
sort -u "$got" -o "$got"
sort -u "$dir/expected.tsv" > "$dir/expected.sorted"
miss=$(comm -23 "$dir/expected.sorted" "$got" | wc -l)
false=$(comm -13 "$dir/expected.sorted" "$got" | wc -l)
echo "expected $(wc -l < "$dir/expected.sorted"), reported $(wc -l < "$got"), missed $miss, false $false"
if [ "$miss" -ne 0 ] || [ "$false" -ne 0 ]; then
    comm -23 "$dir/expected.sorted" "$got" | head -5 | sed 's/^/missed: /'
    comm -13 "$dir/expected.sorted" "$got" | head -5 | sed 's/^/false:  /'
    exit 1
fi
