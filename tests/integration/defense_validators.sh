#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# defense_validators.sh CHECK KIZASHI - export a blocklist from a
# store built with `kizashi import` and hand it to the device's own
# validator:
#   rpz       named-checkzone loads the zone (also with rpz-ip triggers and a
#             walled-garden target)
#   nftables  nft -c -f accepts the script (it refuses overlapping intervals)
#   squid     squid -k parse accepts a squid.conf that includes the snippet
# The export runs as `kizashi export --to`. Exit 0 pass, 1 fail, 77 skip
# (the validator is missing or cannot run here; the reason is printed).
set -u

check=$1
kz=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
now=2025-01-01T00:00:00Z

skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }

export_to() { "$kz" export "$@"; }

# A store with overlapping and touching networks (nft refuses overlaps),
# a parent and a child domain (squid warns about the pair), URLs with
# regex metacharacters, both families, and values that must stay out.
cat >"$tmp/in.csv" <<'CSV'
value,type,confidence,tlp,valid_from,valid_until,threat,source,usage
evil-c2.com,domain,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Emotet,feedA,
a.b.evil-c2.com,domain,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Emotet,feedA,
bad-dns.net,domain,80,amber,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Qakbot,feedB,
xn--80ak6aa92e.com,domain,80,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Qakbot,feedB,
expired-domain.org,domain,90,green,2020-01-01T00:00:00Z,2021-01-01T00:00:00Z,Emotet,feedA,
45.33.32.156,ipv4,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Emotet,feedA,
45.33.32.0/24,cidr4,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Emotet,feedA,
45.33.33.0/24,cidr4,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Emotet,feedA,
45.33.34.7,ipv4,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Emotet,feedA,
45.33.34.8,ipv4,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Emotet,feedA,
2a03:b0c0:3:d0::1,ipv6,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Emotet,feedA,
2a03:b0c0:3::/48,cidr6,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Emotet,feedA,
10.0.0.1,ipv4,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Emotet,feedA,
http://evil-c2.com/gate.php?id=1&x=(a)|[b]*+,url,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Emotet,feedA,
https://phish.example-bank.co/login,url,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Phish,feedA,
http://45.33.40.1:8080/x.exe,url,90,green,2024-01-01T00:00:00Z,2030-01-01T00:00:00Z,Phish,feedA,
CSV
"$kz" import --db "$tmp/k.db" --now "$now" "$tmp/in.csv" >/dev/null || fail "import"
exp() { export_to --db "$tmp/k.db" --now "$now" "$@"; }

case $check in
rpz)
    command -v named-checkzone >/dev/null || skip "named-checkzone not installed (bind9-utils)"
    exp --to rpz -o "$tmp/z1.rpz" || fail "export rpz"
    exp --to rpz --rpz-ip --usage all --rpz-zone rpz.example.net \
        --rpz-target walled.example.net -o "$tmp/z2.rpz" || fail "export rpz --rpz-ip"
    named-checkzone -k fail rpz.kizashi "$tmp/z1.rpz" || fail "named-checkzone z1"
    named-checkzone -k fail rpz.example.net "$tmp/z2.rpz" || fail "named-checkzone z2"
    grep -q '^\*\.evil-c2\.com	CNAME	\.$' "$tmp/z1.rpz" || fail "no wildcard entry"
    grep -q 'a\.b\.evil-c2' "$tmp/z1.rpz" && fail "a child of a listed domain"
    grep -q '^32\.156\.32\.33\.45\.rpz-ip	CNAME	walled\.example\.net\.$' "$tmp/z2.rpz" \
        || fail "no rpz-ip trigger"
    grep -q '^48\.zz\.3\.b0c0\.2a03\.rpz-ip' "$tmp/z2.rpz" || fail "no IPv6 rpz-ip trigger"
    ;;
nftables)
    command -v nft >/dev/null || skip "nft not installed (nftables)"
    exp --to nftables -o "$tmp/k.nft" || fail "export nftables"
    out=$(nft -c -f "$tmp/k.nft" 2>&1)
    rc=$?
    if [ $rc -ne 0 ] && echo "$out" | grep -qiE 'Operation not permitted|netlink|cache initialization'; then
        skip "nft -c cannot reach netlink here: $out"
    fi
    [ $rc -eq 0 ] || fail "nft -c -f: $out"
    # the overlapping 45.33.32.156 and touching /24s became one interval
    grep -q '^			45\.33\.32\.0/23' "$tmp/k.nft" || fail "networks not merged"
    grep -q '^			45\.33\.34\.7-45\.33\.34\.8' "$tmp/k.nft" || fail "range not merged"
    exp --to nftables --direction in --nft-table blk -o "$tmp/in.nft" || fail "export in"
    nft -c -f "$tmp/in.nft" || fail "nft -c -f (inbound only)"
    ;;
squid)
    command -v squid >/dev/null || skip "squid not installed"
    mkdir -p "$tmp/acl"
    exp --to squid -o "$tmp/acl" --acl-dir "$tmp/acl" || fail "export squid"
    printf 'http_port 3128\ninclude %s/kizashi-squid.conf\nhttp_access deny all\n' "$tmp/acl" \
        >"$tmp/squid.conf"
    out=$(squid -k parse -f "$tmp/squid.conf" 2>&1)
    rc=$?
    echo "$out" | grep -iE 'warning|error|fatal|bungled' | grep -v 'WARNING: because of' && \
        fail "squid -k parse complained"
    [ $rc -eq 0 ] || fail "squid -k parse: $out"
    grep -q '^\.evil-c2\.com$' "$tmp/acl/kizashi-domains.acl" || fail "no dstdomain entry"
    grep -q 'a\.b\.evil' "$tmp/acl/kizashi-domains.acl" && fail "a child of a listed domain"
    grep -q '^45\.33\.32\.0/23$' "$tmp/acl/kizashi-ips.acl" || fail "dst not merged"
    ;;
*)
    fail "unknown check $check"
    ;;
esac
echo "PASS: $check"
exit 0
