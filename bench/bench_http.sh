#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# bench_http.sh [BUILD_DIR] - the daemon against a store of 1M indicators:
#   1. indicator lookups over HTTP with wrk: GET /api/v1/indicators?value=...
#      for random values of the store, a reader token, keep-alive
#      connections; requests/s, latency percentiles, errors;
#   2. TAXII paging through the whole "indicators" collection (limit 10000),
#      with the time it takes and the object count.
# The store is built once by bench_store_fill (one third each IPv4, domains,
# SHA-256) under bench/out/ (BENCH_OUT to change). Knobs: THREADS (serve's
# workers, default: CPUs), WRK_THREADS (2), CONNS (64), SECONDS (20), TAXII
# (1; 0 skips the paging). Also printed: the load average before and after,
# and the daemon's CPU time per request (utime + stime of /proc/PID/stat over
# the wrk run divided by the requests wrk completed), the figure that stays
# meaningful on a loaded machine.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$here/build}
OUT=${BENCH_OUT:-$here/bench/out}
K=$B/kizashi
DB=$OUT/http-1m.db
THREADS=${THREADS:-0}
WRK_THREADS=${WRK_THREADS:-2}
CONNS=${CONNS:-64}
SECONDS_=${SECONDS:-20}
mkdir -p "$OUT"
for f in "$K" "$B/bench/bench_store_fill"; do
    [ -x "$f" ] || { echo "bench_http: build first ($f missing)" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "bench_http: wrk is missing (scripts/install-deps.sh)" >&2; exit 2; }
if [ ! -f "$DB" ]; then
    echo "== building the 1M store ($DB)"
    "$B/bench/bench_store_fill" "$DB.tmp" 1000000 --cache 512
    mv "$DB.tmp" "$DB"
    rm -f "$DB.tmp-wal" "$DB.tmp-shm"
fi
TOKEN=$("$K" token create --db "$DB" --role reader --tlp-max amber --name "bench-$$")
PORTF=$OUT/http.port
rm -f "$PORTF"
"$K" serve --db "$DB" --listen 127.0.0.1:0 --port-file "$PORTF" --threads "$THREADS" \
    --access-log "$OUT/http-access.log" --no-feeds --quiet &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT INT TERM
i=0
while [ ! -s "$PORTF" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(cat "$PORTF")
URL=http://127.0.0.1:$PORT

cat >"$OUT/lookup.lua" <<LUA
-- random values that bench_store_fill wrote: i % 3 == 1 is "h<i>.example<i % 1000>.com"
math.randomseed(20240514)
wrk.headers["Authorization"] = "Bearer $TOKEN"
request = function()
  local i = math.random(0, 333332) * 3 + 1
  return wrk.format("GET", "/api/v1/indicators?value=h" .. i .. ".example" .. (i % 1000) .. ".com")
end
done = function(summary, latency, requests)
  io.write(string.format("requests completed: %d\n", summary.requests))
  io.write(string.format("non-2xx or errors: %d\n",
    summary.errors.status + summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
LUA
echo "== check: one lookup"
curl -s -H "Authorization: Bearer $TOKEN" "$URL/api/v1/indicators?value=h4.example4.com" | head -c 200
echo
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
echo "== wrk: ${SECONDS_}s, $WRK_THREADS threads, $CONNS connections, lookups by value"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
c0=$(cpu_ticks)
wrk -t"$WRK_THREADS" -c"$CONNS" -d"${SECONDS_}s" --latency -s "$OUT/lookup.lua" "$URL" |
    tee "$OUT/wrk.out"
c1=$(cpu_ticks)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" '/^requests completed:/ {
    printf "serve CPU: %.2f s for %d requests = %.1f us/request\n", c / hz, $3,
        $3 ? c / hz * 1e6 / $3 : 0 }' "$OUT/wrk.out"
[ "${TAXII:-1}" = 0 ] && { "$K" token revoke "bench-$$" --db "$DB" >/dev/null; exit 0; }

echo "== TAXII: paging through the indicators collection, limit 10000"
python3 - "$URL" "$TOKEN" <<'PY'
import json, sys, time, urllib.request
url, tok = sys.argv[1], sys.argv[2]
H = {"Authorization": "Bearer " + tok, "Accept": "application/taxii+json;version=2.1"}
def get(path):
    with urllib.request.urlopen(urllib.request.Request(url + path, headers=H), timeout=120) as r:
        return json.loads(r.read())
cols = {c["alias"]: c["id"] for c in get("/taxii2/api1/collections/")["collections"]}
base = "/taxii2/api1/collections/%s/objects/?limit=10000" % cols["indicators"]
t0 = time.time(); n = pages = 0; nxt = None; worst = 0.0
while True:
    t = time.time()
    env = get(base + ("&next=" + nxt if nxt else ""))
    worst = max(worst, time.time() - t)
    n += len(env.get("objects", [])); pages += 1
    if not env.get("more"):
        break
    nxt = env["next"]
dt = time.time() - t0
print("objects %d, pages %d, %.1f s, %.0f objects/s, slowest page %.3f s" % (n, pages, dt, n / dt, worst))
PY
"$K" token revoke "bench-$$" --db "$DB" >/dev/null
