#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Deterministic data for the hunt benchmark: indicators, logs, ground truth.

    gen_hunt.py OUTDIR [--seed N] [--squid-mb MB] [--sample-lines N]

Reads the real indicator sets under /work/shared/data/indicators (see their
README.md; nothing is copied into the repository) and writes to OUTDIR:

  indicators.tsv      type<TAB>value<TAB>valid_from<TAB>valid_until<TAB>source<TAB>threat
                      (bench_hunt_build compiles it; one line per claim)
  indicators.csv      the same for `kizashi import` (value,type,valid_from,...)
  patterns.txt        every indicator value, for the `grep -F -f` comparison
  access.log          Squid native log of about --squid-mb MB
  combined.log        Apache combined log sample
  dns.log             Zeek dns.log (TSV) sample
  eve.json            Suricata EVE sample (dns, http, fileinfo)
  expected.tsv        file<TAB>line<TAB>type<TAB>value: every (line, indicator)
                      pair that must be reported, sorted; nothing else may be

About 0.1% of lines are planted hits: a URL indicator as written, a host
under an indicator domain (hitting it and every listed ancestor), an
indicator IP, an address inside a listed network (hitting every containing
one). Decoys that must not hit sit next to them: label-glued names
(x<domain>), a domain with a suffix appended (<domain>.<benign>), a
neighbouring IP outside every network, a listed value used outside its
validity window, a hash one hex digit off. Background traffic uses the
Cloudflare top-100k minus anything that matches. A few proxy clients are
internal indicators (64 addresses in 10.66/16 and the network 10.99/16);
every other client is in 10/8 outside them.

Only values the canonicaliser keeps are written: names must end in a real
TLD (the ICANN section of the Public Suffix List, as src/lib/ioc/domain.c
reads it) and their punycode labels must be valid IDNA 2008, so that no
planted value is refused at build time and reported as a false miss.
"""
import argparse
import ipaddress
import idna
import os
import random
import re
import subprocess
import sys
import zlib

DATA = os.environ.get("KSZ_INDICATORS", "/work/shared/data/indicators")
PSL = os.environ.get("KSZ_PSL_FILE", "/usr/share/publicsuffix/public_suffix_list.dat")
LOG_START = 1717200000            # 2024-06-01T00:00:00Z
LOG_SPAN = 86400                  # the logs cover one day
WIN_FROM = LOG_START - 30 * 86400
WIN_UNTIL = LOG_START + 90 * 86400
EXPIRED_UNTIL = LOG_START - 86400  # windows that ended before the logs
INTERNAL_HOSTS = 64               # ipv4 indicators 10.66.x.y
INTERNAL_NET = "10.99.0.0/16"     # and one internal network

DOMAIN_RE = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
URL_RE = re.compile(r"^(https?)://([a-z0-9.-]+)(:[0-9]{1,5})?(/[\x21-\x7e]*)?$")
HEX_RE = re.compile(r"^[0-9a-f]+$")


def zlines(name):
    p = subprocess.Popen(["zstd", "-dc", os.path.join(DATA, name)], stdout=subprocess.PIPE)
    for raw in p.stdout:
        yield raw.decode("utf-8", "replace").rstrip("\n")
    p.wait()


def url_canon(u):
    """The subset of ksz_url_canon the generator needs (simple URLs only)."""
    m = URL_RE.match(u)
    if not m:
        return None
    scheme, host, port, path = m.group(1), m.group(2), m.group(3), m.group(4) or ""
    if host.endswith(".") or ".." in host:
        return None
    if port:
        p = int(port[1:])
        if p == 0 or p > 65535:
            return None
        if (scheme, p) in (("http", 80), ("https", 443)):
            port = ""
        else:
            port = ":%d" % p
    else:
        port = ""
    if path == "/":
        path = ""
    if all(c.isdigit() or c == "." for c in host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return None
    elif not DOMAIN_RE.match(host):
        return None
    return "%s://%s%s%s" % (scheme, host, port, path), host


def psl_tlds(path=PSL):
    """The top-level labels of the PSL's ICANN section, as the canonicaliser
    reads them (src/lib/ioc/domain.c): the last label of each rule, IDN ones
    in punycode."""
    out, icann = set(), False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "===BEGIN ICANN DOMAINS===" in line:
                icann = True
            elif "===END ICANN DOMAINS===" in line:
                icann = False
            elif icann and not line.startswith("/") and line.split():
                label = line.split()[0].rsplit(".", 1)[-1].lower()
                try:
                    out.add(label if label.isascii() else idna.encode(label, uts46=False).decode())
                except idna.IDNAError:
                    pass
    return out


def domain_ok(name, tlds):
    """Would the canonicaliser keep this lower-case ASCII name as written?
    A real TLD, and every punycode label valid IDNA 2008 (libidn2 refuses
    the rest, emoji included), so nothing planted can be refused at build
    time and show up as a false miss."""
    if not DOMAIN_RE.match(name) or name.rsplit(".", 1)[1] not in tlds:
        return False
    for label in name.split("."):
        if label.startswith("xn--"):
            try:
                idna.decode(label)
            except (idna.IDNAError, UnicodeError):
                return False
    return True


class Truth:
    """A reference matcher over Python sets, for planting and checking."""

    def __init__(self):
        self.domains = {}      # value -> list of (from, until)
        self.urls = {}
        self.ips = {}          # int -> windows
        self.cidrs = {}        # prefix -> {net int -> windows}
        self.hashes = {}

    def hits_domain(self, name):
        out, labels = [], name.split(".")
        for i in range(len(labels) - 1):
            d = ".".join(labels[i:])
            if d in self.domains:
                out.append(("domain", d, self.domains[d]))
        return out

    def hits_ip(self, ip):
        out = []
        if ip in self.ips:
            out.append(("ipv4", str(ipaddress.IPv4Address(ip)), self.ips[ip]))
        for p, nets in self.cidrs.items():
            net = ip & (0xffffffff << (32 - p)) & 0xffffffff if p else 0
            if net in nets:
                out.append(("cidr4", "%s/%d" % (ipaddress.IPv4Address(net), p), nets[net]))
        return out

    def hits_host(self, host):
        if all(c.isdigit() or c == "." for c in host):
            return self.hits_ip(int(ipaddress.IPv4Address(host)))
        return self.hits_domain(host)


def in_window(t, wins):
    return any(f <= t <= u for f, u in wins)


def load(rng, t, out_tsv, out_csv, out_pat):
    """Read the shared sets; write the indicator files; fill the truth."""
    n = 0
    sources = ["abuse-feed", "partner-cert", "osint", "vendor-x"]
    threats = ["Emotet", "Qakbot", "AsyncRAT", "Cobalt Strike", "phishing", "scanner"]

    def emit(typ, value, src_field):
        nonlocal n
        expired = rng.random() < 0.03
        frm, until = WIN_FROM, EXPIRED_UNTIL if expired else WIN_UNTIL
        src = sources[zlib.crc32(src_field.encode()) % len(sources)]
        thr = threats[rng.randrange(len(threats))]
        out_tsv.write("%s\t%s\t%d\t%d\t%s\t%s\n" % (typ, value, frm, until, src, thr))
        out_csv.write("%s,%s,%d,%d,%s,%s\n" % (value, typ, frm, until, src, thr))
        out_pat.write(value + "\n")
        n += 1
        return (frm, until)

    tlds = psl_tlds()
    out_csv.write("value,type,valid_from,valid_until,source,threat\n")
    for name in ("ipv4.tsv.zst", "ipv4_extra.tsv.zst"):
        for line in zlines(name):
            v, _, srcs = line.partition("\t")
            try:
                ip = int(ipaddress.IPv4Address(v))
            except ValueError:
                continue
            if ip >> 24 == 10:
                continue
            t.ips.setdefault(ip, []).append(emit("ipv4", v, srcs))
    # Internal indicators (a compromised host, a rogue resolver): the proxy
    # log's clients are all in 10/8 and are looked up like any address.
    for k in range(INTERNAL_HOSTS):
        v = "10.66.%d.%d" % (k // 32, 10 + k % 32)
        t.ips.setdefault(int(ipaddress.IPv4Address(v)), []).append(emit("ipv4", v, "internal"))
    net = ipaddress.IPv4Network(INTERNAL_NET)
    t.cidrs.setdefault(net.prefixlen, {}).setdefault(int(net.network_address), []).append(
        emit("cidr4", str(net), "internal"))
    for line in zlines("ipv4_cidr.tsv.zst"):
        v, _, srcs = line.partition("\t")
        try:
            net = ipaddress.IPv4Network(v)
        except ValueError:
            continue
        if net.overlaps(ipaddress.IPv4Network("10.0.0.0/8")) or net.prefixlen < 8:
            continue
        t.cidrs.setdefault(net.prefixlen, {}).setdefault(int(net.network_address), []).append(
            emit("cidr4", str(net), srcs))
    for line in zlines("ipv6.tsv.zst"):
        v, _, srcs = line.partition("\t")
        try:
            if "/" in v:
                emit("cidr6", str(ipaddress.IPv6Network(v)), srcs)
            else:
                emit("ipv6", str(ipaddress.IPv6Address(v)), srcs)
        except ValueError:
            continue
    for line in zlines("domains.tsv.zst"):
        v, _, srcs = line.partition("\t")
        if domain_ok(v, tlds) and not v.endswith(".onion"):
            t.domains.setdefault(v, []).append(emit("domain", v, srcs))
    for line in zlines("urls.tsv.zst"):
        v, _, srcs = line.partition("\t")
        c = url_canon(v)
        if c and not c[1].replace(".", "").isdigit() and (
                not domain_ok(c[1], tlds) or c[1].endswith(".onion")):
            c = None
        if c and "," not in c[0] and '"' not in c[0]:
            t.urls.setdefault(c[0], []).append(emit("url", c[0], srcs))
    for line in zlines("hashes.tsv.zst"):
        parts = line.split("\t")
        v = parts[0]
        kind = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}.get(len(v))
        if kind and HEX_RE.match(v):
            t.hashes.setdefault(v, []).append(emit(kind, v, parts[-1]))
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--squid-mb", type=int, default=1024)
    ap.add_argument("--sample-lines", type=int, default=200000)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    t = Truth()
    with open(os.path.join(a.outdir, "indicators.tsv"), "w") as f1, \
            open(os.path.join(a.outdir, "indicators.csv"), "w") as f2, \
            open(os.path.join(a.outdir, "patterns.txt"), "w") as f3:
        n = load(rng, t, f1, f2, f3)
    print("indicators: %d" % n, file=sys.stderr)

    # Background: benign names (and www. under them) that match nothing.
    benign = [d for d in zlines("benign_top100k.txt.zst") if DOMAIN_RE.match(d)]
    clean = [d for d in benign if not t.hits_domain(d) and not t.hits_domain("www." + d)]
    clean_ips = []
    while len(clean_ips) < 20000:
        ip = rng.randrange(1 << 24, 224 << 24)
        if ip >> 24 != 10 and not t.hits_ip(ip):
            clean_ips.append(ip)
    paths = ["/", "/index.html", "/api/v1/items?id=%d", "/static/app.js", "/img/logo.png",
             "/search?q=weather", "/favicon.ico", "/login", "/cdn/lib-%d.min.js", "/news/%d"]
    mimes = ["text/html", "application/json", "image/png", "application/javascript", "-"]

    # Planted material.
    url_list = sorted(t.urls)
    dom_list = sorted(d for d in t.domains if in_window(LOG_START + 1, t.domains[d]))
    ip_list = sorted(ip for ip in t.ips if in_window(LOG_START + 1, t.ips[ip]))
    expired_dom = sorted(d for d in t.domains if not in_window(LOG_START + 1, t.domains[d]))
    cidr_list = sorted((p, net) for p, nets in t.cidrs.items() for net in nets
                       if in_window(LOG_START + 1, nets[net]) and p <= 30)

    expected = []

    def truth_for(fname, lineno, ts, host, url):
        seen = set()
        for typ, val, wins in t.hits_host(host):
            if in_window(ts, wins):
                seen.add((typ, val))
        if url is not None:
            c = url_canon(url)
            if c and c[0] in t.urls and in_window(ts, t.urls[c[0]]):
                seen.add(("url", c[0]))
        for typ, val in sorted(seen):
            expected.append((fname, lineno, typ, val))
        return len(seen)

    def planted(ts):
        """A (host, url, kind) that hits, or a decoy that must not."""
        k = rng.randrange(100)
        if k < 25:
            u = url_list[rng.randrange(len(url_list))]
            return urlsplit_host(u), u
        if k < 50:
            d = dom_list[rng.randrange(len(dom_list))]
            h = rng.choice(["", "www.", "cdn.", "a.b."]) + d
            return h, "http://%s/%s" % (h, rng.choice(["", "gate.php", "x/y?z=1"]))
        if k < 62:
            ip = ip_list[rng.randrange(len(ip_list))]
            h = str(ipaddress.IPv4Address(ip))
            return h, "http://%s:8080/bot" % h
        if k < 70:
            p, net = cidr_list[rng.randrange(len(cidr_list))]
            ip = net + rng.randrange(1, max(2, (1 << (32 - p)) - 1))
            h = str(ipaddress.IPv4Address(ip))
            return h, "http://%s/" % h
        # decoys
        if k < 78:
            d = dom_list[rng.randrange(len(dom_list))]
            h = "x" + d
        elif k < 86:
            d = dom_list[rng.randrange(len(dom_list))]
            h = d + "." + clean[rng.randrange(len(clean))]
        elif k < 93:
            ip = ip_list[rng.randrange(len(ip_list))] + 1
            h = str(ipaddress.IPv4Address(ip))
        else:
            h = "www." + expired_dom[rng.randrange(len(expired_dom))]
        return h, "http://%s/p" % h

    def urlsplit_host(u):
        return url_canon(u)[1]

    def squid_line(ts, client, url, ip_server):
        return "%d.%03d %6d %s TCP_MISS/200 %d GET %s - HIER_DIRECT/%s %s\n" % (
            ts, rng.randrange(1000), rng.randrange(20, 3000), client,
            rng.randrange(200, 90000), url, ip_server, rng.choice(mimes))

    def background_client():
        """10.a.b.c outside the internal indicators (10.66/16, 10.99/16)."""
        a = rng.randrange(254)
        a += a >= 66
        a += a >= 99
        return "10.%d.%d.%d" % (a, rng.randrange(256), rng.randrange(1, 255))

    internal_ips = sorted(ip for ip in t.ips if ip >> 24 == 10)
    internal_net = int(ipaddress.IPv4Network(INTERNAL_NET).network_address)

    def background():
        d = clean[rng.randrange(len(clean))]
        h = ("www." + d) if rng.random() < 0.5 else d
        p = rng.choice(paths)
        if "%d" in p:
            p = p % rng.randrange(100000)
        return h, "http://%s%s" % (h, p) if rng.random() < 0.8 else "https://%s%s" % (h, p)

    # Squid access.log
    target = a.squid_mb * 1024 * 1024
    written, lineno = 0, 0
    path = os.path.join(a.outdir, "access.log")
    with open(path, "w") as f:
        buf = []
        while written < target:
            lineno += 1
            ts = LOG_START + (lineno * 7) % LOG_SPAN
            if rng.random() < 0.0015:
                host, url = planted(ts)
                # CONNECT-style lines use host:port
                truth_for("access.log", lineno, ts, host, url)
            else:
                host, url = background()
            srv = str(ipaddress.IPv4Address(clean_ips[rng.randrange(len(clean_ips))]))
            client = background_client()
            if rng.random() < 0.0003:
                # an internal host that is an indicator, or inside the internal network
                ip = (internal_ips[rng.randrange(len(internal_ips))] if rng.random() < 0.5
                      else internal_net + rng.randrange(1, 65535))
                client = str(ipaddress.IPv4Address(ip))
                for typ, val, wins in t.hits_ip(ip):
                    if in_window(ts, wins):
                        expected.append(("access.log", lineno, typ, val))
            s = squid_line(ts, client, url, srv)
            buf.append(s)
            written += len(s)
            if len(buf) >= 4096:
                f.write("".join(buf))
                buf = []
        f.write("".join(buf))
    print("access.log: %d lines, %d bytes" % (lineno, written), file=sys.stderr)

    # Combined sample
    with open(os.path.join(a.outdir, "combined.log"), "w") as f:
        for n in range(1, a.sample_lines + 1):
            ts = LOG_START + (n * 3) % LOG_SPAN
            host, url = planted(ts) if rng.random() < 0.002 else background()
            c = url_canon(url)
            path_part = url.split(host, 1)[1] or "/"
            if rng.random() < 0.5:
                path_part = "/"
            tm = __import__("time").strftime("%d/%b/%Y:%H:%M:%S +0000", __import__("time").gmtime(ts))
            f.write('10.0.%d.%d - - [%s] "GET %s HTTP/1.1" 200 %d "http://%s/" "Mozilla/5.0"\n' % (
                rng.randrange(256), rng.randrange(1, 255), tm, path_part, rng.randrange(100, 9000),
                host))
            # the referer holds the host: a hit if the host hits
            seen = set()
            for typ, val, wins in t.hits_host(host):
                if in_window(ts, wins):
                    seen.add((typ, val))
            ref = url_canon("http://%s/" % host)   # the referer is a URL too
            if ref and ref[0] in t.urls and in_window(ts, t.urls[ref[0]]):
                seen.add(("url", ref[0]))
            for typ, val in sorted(seen):
                expected.append(("combined.log", n, typ, val))
            del c

    # Zeek dns.log sample
    with open(os.path.join(a.outdir, "dns.log"), "w") as f:
        f.write("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
                "#path\tdns\n#open\t2024-06-01-00-00-00\n"
                "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id"
                "\tquery\tqtype_name\trcode_name\tanswers\n"
                "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tstring\tstring"
                "\tstring\tvector[string]\n")
        for n in range(1, a.sample_lines + 1):
            ts = LOG_START + (n * 3) % LOG_SPAN
            host, _ = planted(ts) if rng.random() < 0.002 else background()
            if all(ch.isdigit() or ch == "." for ch in host):
                host = "www.example.org"  # a DNS query is a name
            f.write("%d.%06d\tC%08x\t10.0.0.%d\t%d\t10.0.0.53\t53\tudp\t%d\t%s\tA\tNOERROR\t-\n" % (
                ts, rng.randrange(10 ** 6), rng.randrange(1 << 32), rng.randrange(1, 255),
                rng.randrange(1024, 65535), rng.randrange(65536), host))
            for typ, val, wins in t.hits_domain(host):
                if in_window(ts, wins):
                    expected.append(("dns.log", 8 + n, typ, val))

    # EVE sample: http and fileinfo with hashes (one digit off as decoy)
    hash_list = sorted(t.hashes)
    with open(os.path.join(a.outdir, "eve.json"), "w") as f:
        for n in range(1, a.sample_lines + 1):
            ts = LOG_START + (n * 3) % LOG_SPAN
            tm = __import__("time").strftime("%Y-%m-%dT%H:%M:%S.000000+0000", __import__("time").gmtime(ts))
            if rng.random() < 0.002:
                hv = hash_list[rng.randrange(len(hash_list))]
                if rng.random() < 0.3:
                    hv = hv[:-1] + ("0" if hv[-1] != "0" else "1")
                kind = {32: "md5", 40: "sha1", 64: "sha256"}[len(hv)]
                f.write('{"timestamp":"%s","event_type":"fileinfo","src_ip":"10.0.0.5","dest_ip":"10.0.0.9",'
                        '"fileinfo":{"filename":"a.bin","%s":"%s","size":1234}}\n' % (tm, kind, hv))
                if hv in t.hashes and in_window(ts, t.hashes[hv]):
                    expected.append(("eve.json", n, kind, hv))
            else:
                host, _ = background()
                f.write('{"timestamp":"%s","event_type":"dns","src_ip":"10.0.0.5","dest_ip":"10.0.0.53",'
                        '"dns":{"type":"query","rrname":"%s","rrtype":"A"}}\n' % (tm, host))

    expected.sort()
    with open(os.path.join(a.outdir, "expected.tsv"), "w") as f:
        for e in expected:
            f.write("%s\t%d\t%s\t%s\n" % e)
    print("expected: %d (file, line, indicator) pairs" % len(expected), file=sys.stderr)


if __name__ == "__main__":
    main()
