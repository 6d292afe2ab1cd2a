#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# bench_store_show.sh - `kizashi show VALUE` in a store of 5 million
# indicators, and the store's raw put rate.
#
#   bench/bench_store_show.sh [BUILD_DIR]      (from the repository root;
#                                              default build-store, Release)
#
# The 5M store is built once by bench_store_fill (one transaction of puts:
# a third IPv4, a third domains, a third SHA-256, four sources) and cached
# as bench/out/store-5m.db; delete it to rebuild. The put rate is measured
# on a fresh 1M store each run. Figures go to bench/RESULTS.md by hand.
set -eu
B=${1:-build-store}
OUT=bench/out
DB=$OUT/store-5m.db
mkdir -p "$OUT"
for f in "$B/kizashi" "$B/bench/bench_store_fill"; do
    [ -x "$f" ] || { echo "bench_store_show: $f missing: cmake --build $B" >&2; exit 2; }
done

echo "== put rate: 1M indicators, one transaction"
rm -f "$OUT/store-1m.db" "$OUT/store-1m.db-wal" "$OUT/store-1m.db-shm"
"$B/bench/bench_store_fill" "$OUT/store-1m.db" 1000000 --read
rm -f "$OUT/store-1m.db" "$OUT/store-1m.db-wal" "$OUT/store-1m.db-shm"

if [ ! -f "$DB" ]; then
    echo "== building $DB (5M indicators, once)"
    rm -f "$DB.tmp" "$DB.tmp-wal" "$DB.tmp-shm"
    "$B/bench/bench_store_fill" "$DB.tmp" 5000000 --cache 2048
    mv "$DB.tmp" "$DB"
fi
ls -l "$DB"

# values bench_store_fill wrote: i = 4000000 (a domain), 4999998 (an IPv4)
DOMAIN=h4000000.example0.com
"$B/kizashi" show --db "$DB" "$DOMAIN" >/dev/null || { echo "bench_store_show: $DOMAIN not found" >&2; exit 2; }
IP=$("$B/kizashi" search --db "$DB" --type ipv4 --limit 1 --format text | awk '{print $2}')

echo "== kizashi show in a 5M store"
if command -v hyperfine >/dev/null 2>&1; then
    hyperfine -N --warmup 10 --runs 200 \
        "$B/kizashi show --db $DB $DOMAIN" \
        "$B/kizashi show --db $DB $IP" \
        "$B/kizashi show --db $DB 203.0.113.254" -i \
        --export-json "$OUT/store_show.json"
else
    for v in "$DOMAIN" "$IP"; do
        s=$(date +%s%N)
        for i in $(seq 200); do "$B/kizashi" show --db "$DB" "$v" >/dev/null; done
        e=$(date +%s%N)
        echo "show $v: $(( (e - s) / 200000 )) us per run (mean of 200)"
    done
fi
