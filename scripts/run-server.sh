#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# run-server.sh KIZASHI - the platform: the store under ./var (made and filled
# with the bundled sample data on first start), then `kizashi serve` on
# 127.0.0.1:8080 (KIZASHI_LISTEN to change), printing the URL and an admin
# token. The token is made once and kept in var/admin.token (mode 600): the
# store itself keeps only its hash. Ctrl-C or SIGTERM stops the daemon cleanly.
set -eu
kz=$1
here=$(cd "$(dirname "$0")/.." && pwd)
var=${KIZASHI_VAR:-$here/var}
listen=${KIZASHI_LISTEN:-127.0.0.1:8080}
db=$var/kizashi.db
mkdir -p "$var"
if [ ! -f "$db" ]; then
    echo "run-server: first start: making $db from the bundled samples"
    "$kz" import --db "$db" --source examples --tlp amber "$here"/examples/*.txt >/dev/null
    "$kz" import --db "$db" "$here/examples/sample-bundle.json" \
        "$here/examples/sample-misp-event.json" >/dev/null
fi
if [ ! -s "$var/admin.token" ]; then
    umask 077
    "$kz" token create --db "$db" --name "admin-$(date +%Y%m%d%H%M%S)" --role admin \
        --tlp-max red --allow-red >"$var/admin.token"
fi
token=$(cat "$var/admin.token")
url="http://$listen"
cat <<MSG

  kizashi is running at $url
    REST API   $url/api/v1/      TAXII 2.1  $url/taxii2/      health  $url/health
  admin token (also in $var/admin.token):
    $token

  try:
    curl -s -H "Authorization: Bearer $token" '$url/api/v1/indicators?limit=5'
    curl -s -H "Authorization: Bearer $token" '$url/api/v1/export/stix'
    curl -s -H "Authorization: Bearer $token" -H 'Accept: application/taxii+json;version=2.1' $url/taxii2/api1/collections/
  more tokens: $kz token create --db $db --role reader --tlp-max green
  access log: $var/access.log      stop: Ctrl-C

MSG
exec "$kz" serve --db "$db" --listen "$listen" --access-log "$var/access.log"
