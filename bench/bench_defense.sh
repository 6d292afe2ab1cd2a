#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# bench_defense.sh KIZASHI - time `export --to TARGET` for every
# target on a store of 1,000,000 active indicators built from the shared
# real-world lists (/work/shared/data/indicators): 450,000 IPv4 addresses,
# 40,000 IPv4 networks, 3,617 IPv6, 400,000 domains, 80,000 URLs, 26,383
# hashes. The store is cached in bench/out/defense-1m.db.
set -eu

kz=$1
ex=$1
here=$(cd "$(dirname "$0")" && pwd)
data=${KSZ_SHARED_DATA:-$here/../../shared/data}/indicators
out=$here/out
db=$out/defense-1m.db
now=2025-06-01T00:00:00Z
mkdir -p "$out"

# Names whose last label is a real TLD (not .onion: only v3 names are
# valid), so that the import, which refuses the whole file on one bad
# value, takes them all. $1 = 1: URLs (the host is checked).
tld_ok() {
    awk -v url="$1" -v tlds="$tlds" 'BEGIN { while ((getline t < tlds) > 0) if (t !~ /\./) ok[t] = 1 }
        { h = $0; if (url) { sub(/^[a-z]+:\/\//, "", h); sub(/[\/?#].*$/, "", h); sub(/:[0-9]+$/, "", h) }
          n = split(h, l, "."); if (n >= 2 && (l[n] in ok) && l[n] != "onion" && h ~ /^[a-z0-9.-]+$/ && h !~ /xn--/ && h !~ /(^|[.])-|-([.]|$)|[.][.]/) print }'
}

if [ ! -s "$db" ]; then
    tlds=$out/tlds.txt
    zstd -dc "$data/public_suffixes.txt.zst" >"$tlds"
    list=$out/defense-1m.csv
    {
        echo "value,type"
        zstd -dc "$data/ipv4.tsv.zst" | cut -f1 | head -n 450000 | sed 's/$/,ipv4/'
        zstd -dc "$data/ipv4_cidr.tsv.zst" | cut -f1 | head -n 40000 | sed 's/$/,cidr4/'
        zstd -dc "$data/ipv6.tsv.zst" | cut -f1 | awk '{print $0 (index($0, "/") ? ",cidr6" : ",ipv6")}'
        zstd -dc "$data/domains.tsv.zst" | cut -f1 | tld_ok 0 | head -n 400000 | sed 's/$/,domain/'
        zstd -dc "$data/urls.tsv.zst" | cut -f1 | grep -v ',' | grep -E '^https?://' | tld_ok 1 | head -n 80000 | sed 's/$/,url/'
        zstd -dc "$data/hashes.tsv.zst" | cut -f1 | head -n 26383 | awk '{t = length($0) == 32 ? "md5" : length($0) == 40 ? "sha1" : "sha256"; print $0 "," t}'
    } >"$list"
    echo "building $db from $(($(wc -l <"$list") - 1)) rows (values that do not parse are refused)"
    /usr/bin/time -f "import: %e s, %M KiB" "$kz" import --db "$db" --format csv \
        --source bench --tlp green --confidence 80 --valid-for 3650d \
        --now 2025-05-01T00:00:00Z "$list"
fi
echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
echo "store: $db ($(du -h "$db" | cut -f1)); machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for t in plain edl zeek-intel rpz nftables ipset squid awswaf suricata snort; do
    dest=$out/defense-$t
    rm -rf "$dest"
    case $t in suricata|squid|awswaf|edl) mkdir -p "$dest"; o=$dest ;; *) o=$dest.out ;; esac
    /usr/bin/time -o "$out/time.txt" -f "%e %U %S %M" \
        "$ex" export --to "$t" --db "$db" --now "$now" --usage all -o "$o"
    read -r real user sys kib <"$out/time.txt"
    printf '%-11s real %6.2f s  cpu %5.2f s  %4d MiB  out %s\n' "$t" "$real" \
        "$(echo "$user + $sys" | bc)" $((kib / 1024)) "$(du -sh "$o" | cut -f1)"
done
