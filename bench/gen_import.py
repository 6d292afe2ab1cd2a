#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generate deterministic import inputs from the shared indicator sets.

    gen_import.py FORMAT N OUT
      FORMAT  csv | jsonl | stix
      N       how many indicators (taken in order: IPv4, then domains, URLs, hashes)

Reads /work/shared/data/indicators/*.tsv.zst through `zstd -dc` (nothing is
copied into the repository). The same N gives the same bytes. A STIX bundle
holds one indicator object per value (ids derived from the value), written
as a stream.
"""
import os
import re
import subprocess
import sys
import uuid

DATA = os.environ.get("KSZ_SHARED_DATA", "/work/shared/data") + "/indicators"
FILES = ["ipv4.tsv.zst", "domains.tsv.zst", "urls.tsv.zst", "hashes.tsv.zst"]
KIND = {"ipv4.tsv.zst": "ipv4", "domains.tsv.zst": "domain", "urls.tsv.zst": "url"}
# values kizashi refuses as bad input (v2 onion names, underscores, ...) are
# left out, so the benchmark measures imports that succeed
DOMAIN_OK = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")


def tlds():
    out, icann = set(), False
    with open("/usr/share/publicsuffix/public_suffix_list.dat", encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if "BEGIN ICANN DOMAINS" in line:
                icann = True
            elif "END ICANN DOMAINS" in line:
                icann = False
            elif icann and line and not line.startswith("//") and "." not in line:
                out.add(line.lstrip("*!."))
    return out


TLDS = tlds()
NS = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")


def values(n):
    left = n
    for name in FILES:
        p = subprocess.Popen(["zstd", "-dc", os.path.join(DATA, name)], stdout=subprocess.PIPE)
        for line in p.stdout:
            if left == 0:
                break
            parts = line.decode("utf-8", "replace").rstrip("\n").split("\t")
            v = parts[0]
            kind = KIND.get(name) or {32: "md5", 40: "sha1", 64: "sha256"}.get(len(v))
            if not v or kind is None:
                continue
            if kind == "domain" and (not DOMAIN_OK.match(v) or v.rsplit(".", 1)[-1] not in TLDS
                                   or v.endswith(".onion")):
                continue
            if kind == "url" and (" " in v or "\\" in v):
                continue
            yield kind, v
            left -= 1
        p.stdout.close()
        p.kill()
        p.wait()
        if left == 0:
            return


def pattern(kind, v):
    v = v.replace("\\", "\\\\").replace("'", "\\'")
    path = {"ipv4": "ipv4-addr:value", "domain": "domain-name:value", "url": "url:value",
            "md5": "file:hashes.MD5", "sha1": "file:hashes.'SHA-1'",
            "sha256": "file:hashes.'SHA-256'"}[kind]
    return "[%s = '%s']" % (path, v)


def jstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    fmt, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(out, "w", buffering=1 << 20) as f:
        if fmt == "csv":
            f.write("value,type,confidence,tlp,valid_from,valid_until\n")
            for i, (k, v) in enumerate(values(n)):
                if "," in v or '"' in v:
                    v = '"' + v.replace('"', '""') + '"'
                f.write("%s,%s,%d,%s,2024-01-01T00:00:00Z,2099-01-01T00:00:00Z\n" % (
                    v, k, 50 + i % 50, "green" if i % 3 else "amber"))
        elif fmt == "jsonl":
            for i, (k, v) in enumerate(values(n)):
                f.write('{"type":"%s","value":%s,"confidence":%d,"tlp":"%s",'
                        '"valid_from":"2024-01-01T00:00:00Z","valid_until":"2099-01-01T00:00:00Z"}\n'
                        % (k, jstr(v), 50 + i % 50, "green" if i % 3 else "amber"))
        elif fmt == "stix":
            f.write('{"type":"bundle","id":"bundle--%s","objects":[\n' % uuid.uuid5(NS, str(n)))
            for i, (k, v) in enumerate(values(n)):
                f.write('%s{"type":"indicator","spec_version":"2.1","id":"indicator--%s",'
                        '"created":"2024-01-01T00:00:00.000Z","modified":"2024-01-01T00:00:00.000Z",'
                        '"pattern":%s,"pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z",'
                        '"confidence":%d}' % ("," if i else "", uuid.uuid5(NS, k + "|" + v),
                                             jstr(pattern(k, v)), 50 + i % 50))
                f.write("\n")
            f.write("]}\n")
        else:
            sys.exit("format: csv, jsonl or stix")


if __name__ == "__main__":
    main()
