#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The daemon's limits and TLS, over loopback.

    test_limits.py KIZASHI

- a body over --max-body gets 413, declared (Content-Length) or chunked;
- more connections than --max-connections: 503 with Retry-After: 1;
- a request line and headers over --max-header: 431 from the daemon; past
  libmicrohttpd's own buffer (--max-header + 16 KiB), libmicrohttpd answers
  431 itself (414 for a long URI);
- a request whose store work runs past --request-timeout: 503;
- with --cert and --key (a self-signed certificate made here by openssl):
  HTTPS works, and plain HTTP to the TLS port gets no HTTP answer;
- a token revoked through the API fails at once on every worker thread;
- every daemon exits 0 after SIGTERM (srvlib checks it).
"""
import http.client
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from srvlib import Checks, Daemon, run, token  # noqa: E402


def raw(port, data, timeout=10):
    """Send data on a fresh connection; the answer's status and headers."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        buf = b""
        while b"\r\n\r\n" not in buf:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            buf += chunk
    head = buf.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    if not head[0].startswith("HTTP/1."):
        return 0, {}
    hdrs = {}
    for line in head[1:]:
        k, _, v = line.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    return int(head[0].split()[1]), hdrs


def body_limits(c, k, db, analyst):
    with Daemon(k, db, "--no-feeds", "--max-body", "1000") as d:
        auth = "Authorization: Bearer %s\r\n" % analyst
        small = b"198.51.100.9\n"
        st, _ = raw(d.port, ("POST /api/v1/import?format=plain HTTP/1.1\r\nHost: x\r\n%s"
                             "Content-Length: %d\r\nConnection: close\r\n\r\n"
                             % (auth, len(small))).encode() + small)
        c.ok(st == 200, "a body under --max-body is read (got %d)" % st)
        big = b"198.51.100.10\n" * 200
        st, _ = raw(d.port, ("POST /api/v1/import?format=plain HTTP/1.1\r\nHost: x\r\n%s"
                             "Content-Length: %d\r\nConnection: close\r\n\r\n"
                             % (auth, len(big))).encode() + big)
        c.ok(st == 413, "a declared body over --max-body gets 413 (got %d)" % st)
        chunked = b"".join(b"%x\r\n%s\r\n" % (len(big[i:i + 500]), big[i:i + 500])
                           for i in range(0, len(big), 500)) + b"0\r\n\r\n"
        st, _ = raw(d.port, ("POST /api/v1/import?format=plain HTTP/1.1\r\nHost: x\r\n%s"
                             "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                             % auth).encode() + chunked)
        c.ok(st == 413, "a chunked body growing past --max-body gets 413 (got %d)" % st)


def connection_limit(c, k, db, reader):
    with Daemon(k, db, "--no-feeds", "--max-connections", "2") as d:
        idle = [socket.create_connection(("127.0.0.1", d.port), timeout=10) for _ in range(2)]
        try:
            st, hdrs = raw(d.port, ("GET /api/v1/indicators HTTP/1.1\r\nHost: x\r\n"
                                    "Authorization: Bearer %s\r\nConnection: close\r\n\r\n"
                                    % reader).encode())
            c.ok(st == 503, "a connection past --max-connections gets 503 (got %d)" % st)
            c.ok(hdrs.get("retry-after") == "1", "the 503 says Retry-After: 1 (%r)" % hdrs)
        finally:
            for s in idle:
                s.close()
        # the daemon sees the closes on its next turn of the event loop
        deadline = time.time() + 5
        st, _, _ = d.get("/health")
        while st != 200 and time.time() < deadline:
            time.sleep(0.05)
            st, _, _ = d.get("/health")
        c.ok(st == 200, "with the idle connections gone, requests are served (got %d)" % st)


def header_limits(c, k, db, reader):
    with Daemon(k, db, "--no-feeds", "--max-header", "2048") as d:
        auth = "Authorization: Bearer %s\r\n" % reader
        st, _ = raw(d.port, ("GET /api/v1/indicators HTTP/1.1\r\nHost: x\r\n%sX-Pad: %s\r\n"
                             "Connection: close\r\n\r\n" % (auth, "a" * 1000)).encode())
        c.ok(st == 200, "headers under --max-header are fine (got %d)" % st)
        st, hdrs = raw(d.port, ("GET /api/v1/indicators HTTP/1.1\r\nHost: x\r\n%sX-Pad: %s\r\n"
                                "Connection: close\r\n\r\n" % (auth, "a" * 4000)).encode())
        c.ok(st == 431, "headers over --max-header get 431 from the daemon (got %d)" % st)
        st, _ = raw(d.port, ("GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: %s\r\n"
                             "Connection: close\r\n\r\n" % ("a" * 40000)).encode())
        c.ok(st == 431, "headers past libmicrohttpd's buffer get its 431 (got %d)" % st)
        st, _ = raw(d.port, ("GET /health?%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                             % ("a" * 40000)).encode())
        c.ok(st == 414, "a URI past libmicrohttpd's buffer gets its 414 (got %d)" % st)


def request_deadline(c, k, tmp):
    db = os.path.join(tmp, "big.db")
    lines = "".join("10.%d.%d.%d\n" % (i >> 16, (i >> 8) & 255, i & 255) for i in range(100000))
    run(k, "import", "--db", db, "--format", "plain", "--source", "bulk", "-",
        stdin=lines.encode())
    reader = token(k, db, "reader", "reader", "amber")
    # a tag filter is checked row by row: a scan of all 100,000 indicators
    slow = "/api/v1/indicators?tag=none&all=1"
    with Daemon(k, db, "--no-feeds", "--request-timeout", "5") as d:
        st, _, body = d.get(slow, token=reader)
        c.ok(st == 503 and b"longer than 5 ms" in body,
             "a request past --request-timeout gets 503 (got %d: %r)" % (st, body[:120]))
    with Daemon(k, db, "--no-feeds", "--request-timeout", "0") as d:
        st, _, body = d.get(slow, token=reader)
        c.ok(st == 200, "--request-timeout 0: no limit (got %d: %r)" % (st, body[:120]))


def tls(c, k, db, tmp, reader):
    if shutil.which("openssl") is None:
        c.ok(False, "openssl is missing (scripts/install-deps.sh)")
        return
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    with Daemon(k, db, "--no-feeds", "--cert", cert, "--key", key) as d:
        ctx = ssl.create_default_context(cafile=cert)
        conn = http.client.HTTPSConnection("127.0.0.1", d.port, context=ctx, timeout=10)
        conn.request("GET", "/api/v1/indicators", headers={"Authorization": "Bearer " + reader})
        r = conn.getresponse()
        body = r.read()
        c.ok(r.status == 200 and b"indicators" in body, "HTTPS works (got %d)" % r.status)
        conn.close()
        st, _ = raw(d.port, b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        c.ok(st == 0, "plain HTTP to the TLS port gets no HTTP answer (got %d)" % st)


def revoke_everywhere(c, k, db, admin):
    victim = token(k, db, "victim", "reader", "amber")
    with Daemon(k, db, "--no-feeds", "--threads", "4") as d:
        # new connections spread over the worker threads: each caches the token
        for _ in range(16):
            st, _, _ = d.get("/api/v1/indicators?limit=1", token=victim)
            c.ok(st == 200, "the token works before its revocation (got %d)" % st)
        st, _, _ = d.request("DELETE", "/api/v1/tokens?name=victim", token=admin)
        c.ok(st == 200, "revoke through the API (got %d)" % st)
        bad = [st for st in (d.get("/api/v1/indicators?limit=1", token=victim)[0]
                             for _ in range(16)) if st != 401]
        c.ok(not bad, "a revoked token fails at once on every thread (got %r)" % bad)


def main():
    k = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="ksz-limits-")
    db = os.path.join(tmp, "k.db")
    run(k, "import", "--db", db, "--format", "plain", "-", stdin=b"198.51.100.1\n")
    admin = token(k, db, "admin", "admin", "amber")
    analyst = token(k, db, "analyst", "analyst", "amber")
    reader = token(k, db, "reader", "reader", "amber")
    c = Checks()
    body_limits(c, k, db, analyst)
    connection_limit(c, k, db, reader)
    header_limits(c, k, db, reader)
    tls(c, k, db, tmp, reader)
    revoke_everywhere(c, k, db, admin)
    request_deadline(c, k, tmp)
    shutil.rmtree(tmp, ignore_errors=True)
    return c.done()


if __name__ == "__main__":
    sys.exit(main())
