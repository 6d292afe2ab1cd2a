#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Feeds over HTTP on loopback: `kizashi feed add|list|run|remove` against a
local web server (a STIX bundle, a CSV file, a text file with an ETag, a MISP
feed directory), conditional requests on the second pull (nothing imported),
retries (a 500 then a 200), a feed that keeps failing (health), and one
kizashi daemon pulling a TAXII collection from another: B gets exactly A's
TLP:GREEN-or-below indicators, a second pull uses added_after and fetches
nothing, and B's scheduler pulls on its own when --every elapses.

    test_feeds.py KIZASHI
"""
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from srvlib import Checks, Daemon, run, token  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "formats")


class Fixture(http.server.SimpleHTTPRequestHandler):
    """Files from the server's directory (Last-Modified, If-Modified-Since ->
    304), plus /etag.txt (ETag, If-None-Match), /flaky.txt (500 with
    Retry-After, then 200) and /down.txt (always 503). Every request's path
    and headers are kept in server.seen."""

    def log_message(self, *args):
        pass

    def send(self, code, body=b"", headers=None):
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        srv = self.server
        with srv.lock:
            srv.seen.append((self.path, dict(self.headers)))
            srv.hits[self.path] = srv.hits.get(self.path, 0) + 1
            n = srv.hits[self.path]
        if self.path == "/etag.txt":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send(304, headers={"ETag": '"v1"'})
            else:
                self.send(200, b"c2 server 45.77.1.1 and bad-etag-host.xyz\n",
                          {"ETag": '"v1"', "Content-Type": "text/plain"})
        elif self.path == "/flaky.txt":
            if n == 1:
                self.send(500, b"try again", {"Retry-After": "1"})
            else:
                self.send(200, b"45.77.2.2\n", {"Content-Type": "text/plain"})
        elif self.path == "/down.txt":
            self.send(503, b"<html>down</html>", {"Retry-After": "0"})
        else:
            super().do_GET()


def start_fixture(directory):
    def handler(*a, **kw):
        return Fixture(*a, directory=directory, **kw)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    srv.lock = threading.Lock()
    srv.seen = []
    srv.hits = {}
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def feed_run(k, db, *names):
    out = run(k, "feed", "run", "--db", db, *names)
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def feeds(k, db):
    out = run(k, "feed", "list", "--db", db, "--json")
    return {f["name"]: f for f in (json.loads(line) for line in out.splitlines())}


def values(k, db):
    out = run(k, "export", "--db", db, "--format", "jsonl", "--all", "--tlp-max", "red")
    return {json.loads(line)["value"]: json.loads(line) for line in out.splitlines()}


def plain_feeds(k, tmp, c):
    www = os.path.join(tmp, "www")
    os.makedirs(os.path.join(www, "misp"))
    shutil.copy(os.path.join(DATA, "bundle21.json"), os.path.join(www, "bundle.json"))
    with open(os.path.join(www, "iocs.csv"), "w") as f:
        f.write("indicator,type\n45.77.3.3,ipv4\ncsv-evil-host.xyz,domain\n")
    ev = json.load(open(os.path.join(DATA, "misp_event.json")))
    uuid = ev["Event"]["uuid"]
    shutil.copy(os.path.join(DATA, "misp_event.json"),
                os.path.join(www, "misp", uuid + ".json"))
    with open(os.path.join(www, "misp", "manifest.json"), "w") as f:
        json.dump({uuid: {"info": ev["Event"]["info"], "timestamp": "1712052000"}}, f)
    srv = start_fixture(www)
    base = "http://127.0.0.1:%d" % srv.server_address[1]
    db = os.path.join(tmp, "plain.db")
    try:
        for name, path, fmt, extra in [
                ("stix", "/bundle.json", "stix", ["--tlp", "amber"]),
                ("csv", "/iocs.csv", "csv", ["--tlp", "green", "--confidence", "70"]),
                ("etag", "/etag.txt", "text", []),
                ("misp", "/misp/", "misp-feed", []),
                ("flaky", "/flaky.txt", "text", ["--valid-for", "30d"])]:
            run(k, "feed", "add", name, "--db", db, "--url", base + path, "--format", fmt,
                "--every", "1h", *extra)
        first = {r["feed"]: r for r in feed_run(k, db)}
        c.ok(all(r["ok"] for r in first.values()), "first pull: every feed ok: %s" %
             {n: r["error"] for n, r in first.items() if not r["ok"]})
        c.ok(first["stix"]["summary"]["indicators"]["added"] == 4, "stix: 4 indicators added")
        c.ok(first["csv"]["summary"]["indicators"]["added"] == 2, "csv: 2 indicators added")
        c.ok(first["etag"]["summary"]["indicators"]["added"] == 2, "text: 2 indicators added")
        c.ok(first["misp"]["summary"]["indicators"]["added"] == 9 and
             first["misp"]["requests"] == 2, "misp-feed: manifest and one event, 9 added")
        c.ok(first["flaky"]["ok"] and srv.hits.get("/flaky.txt") == 2,
             "a 500 is retried, then the 200 imported (hits: %s)" % srv.hits.get("/flaky.txt"))
        got = values(k, db)
        c.ok(got.get("45.77.3.3", {}).get("tlp") == "green" and
             got.get("45.77.3.3", {}).get("confidence") == 70,
             "csv: the feed's --tlp and --confidence apply: %s" % got.get("45.77.3.3"))
        c.ok(got.get("45.77.3.3", {}).get("source") == "csv", "source is the feed's name")

        n_before = len(srv.seen)
        second = {r["feed"]: r for r in feed_run(k, db, "stix", "csv", "etag", "misp")}
        sent = {p: h for p, h in srv.seen[n_before:]}
        c.ok(all(r["ok"] and r["not_modified"] for r in second.values()),
             "second pull: every feed not modified: %s" % second)
        c.ok(all(r["summary"]["inputs"] == 0 and r["summary"]["indicators"]["unchanged"] == 0
                 for r in second.values()), "second pull imports nothing")
        c.ok("If-Modified-Since" in sent.get("/bundle.json", {}),
             "second pull sends If-Modified-Since")
        c.ok(sent.get("/etag.txt", {}).get("If-None-Match") == '"v1"',
             "second pull sends If-None-Match with the stored ETag")
        c.ok("/misp/manifest.json" in sent and
             not any(p.startswith("/misp/") and "manifest" not in p for p in sent),
             "misp-feed: only the manifest is asked for again: %s" % sorted(sent))

        # a file that changes is fetched again
        time.sleep(1.1)
        with open(os.path.join(www, "iocs.csv"), "a") as f:
            f.write("45.77.4.4,ipv4\n")
        r = feed_run(k, db, "csv")[0]
        c.ok(r["ok"] and not r["not_modified"] and r["summary"]["indicators"]["added"] == 1 and
             r["summary"]["indicators"]["unchanged"] == 2, "a changed file: 1 added, 2 unchanged")

        # a feed that keeps failing: exit 2, health says why
        run(k, "feed", "add", "down", "--db", db, "--url", base + "/down.txt", "--format",
            "text")
        t0 = time.time()
        p = subprocess.run([k, "feed", "run", "--db", db, "csv", "down"], capture_output=True,
                           timeout=60)
        c.ok(p.returncode == 2, "feed run: exit 2 when a feed failed (%d)" % p.returncode)
        r = [json.loads(line) for line in p.stdout.decode().splitlines()][-1]
        c.ok(not r["ok"] and "503" in (r["error"] or ""), "down: fails with the status: %s" % r)
        c.ok(srv.hits.get("/down.txt") == 5 and time.time() - t0 < 30,
             "down: 1 try and 4 retries (%s)" % srv.hits.get("/down.txt"))
        h = feeds(k, db)
        c.ok(h["down"]["failures"] == 1 and not h["down"]["healthy"] and
             "503" in h["down"]["last_error"], "feed list: failures, last error")
        c.ok(h["csv"]["healthy"] and h["csv"]["last_count"] == 0 and h["csv"]["last_success"],
             "feed list: a healthy feed; its last pull (304) added nothing")
        run(k, "feed", "remove", "down", "--db", db)
        c.ok("down" not in feeds(k, db), "feed remove")
    finally:
        srv.shutdown()
        srv.server_close()


def taxii_between_daemons(k, tmp, c):
    db_a = os.path.join(tmp, "a.db")
    db_b = os.path.join(tmp, "b.db")
    green = ["45.60.%d.%d" % (i // 200, i % 200 + 1) for i in range(1050)]
    clear = ["45.61.0.%d" % i for i in range(1, 4)]
    run(k, "import", "--db", db_a, "--format", "plain", "--tlp", "green", "--source", "a-green",
        "-", stdin=("\n".join(green) + "\ngreen-evil-host.xyz\n").encode())
    run(k, "import", "--db", db_a, "--format", "plain", "--tlp", "clear", "--source", "a-clear",
        "-", stdin="\n".join(clear).encode())
    run(k, "import", "--db", db_a, "--format", "plain", "--tlp", "amber", "--source", "a-amber",
        "-", stdin=b"amber-evil-host.xyz\n45.63.0.1\n")
    run(k, "import", "--db", db_a, "--format", "plain", "--tlp", "red", "--source", "a-red",
        "-", stdin=b"red-evil-host.xyz\n")
    want = set(green) | set(clear) | {"green-evil-host.xyz"}
    os.environ["KSZ_TEST_FEED_TOKEN"] = token(k, db_a, "partner-b", "reader", "green")
    with Daemon(k, db_a, "--no-feeds") as a:
        run(k, "feed", "add", "from-a", "--db", db_b, "--url", a.base + "/taxii2/",
            "--format", "taxii", "--collection", "indicators",
            "--token-env", "KSZ_TEST_FEED_TOKEN", "--every", "2s")
        r = feed_run(k, db_b, "from-a")[0]
        c.ok(r["ok"] and r["summary"]["indicators"]["added"] == len(want),
             "taxii: first pull adds A's %d green-or-below indicators: %s" % (len(want), r))
        c.ok(r["requests"] >= 4, "taxii: discovery, collections and two pages (limit 1000)")
        got = values(k, db_b)
        c.ok(set(got) == want, "B holds exactly A's green-or-below values (%d extra, %d missing)"
             % (len(set(got) - want), len(want - set(got))))
        c.ok(all(v["tlp"] in ("clear", "green") for v in got.values()),
             "B keeps A's TLP markings")
        h = feeds(k, db_b)["from-a"]
        c.ok(h["added_after"] and h["healthy"], "added_after kept: %s" % h["added_after"])

        r = feed_run(k, db_b, "from-a")[0]
        s = r["summary"]["indicators"]
        c.ok(r["ok"] and r["not_modified"] and s["added"] == 0 and s["unchanged"] == 0,
             "taxii: second pull uses added_after and fetches nothing: %s" % r)

        time.sleep(1.1)   # date_added has one-second steps
        run(k, "import", "--db", db_a, "--format", "plain", "--tlp", "green", "--source",
            "a-green", "-", stdin=b"45.62.0.9\n")
        run(k, "import", "--db", db_a, "--format", "plain", "--tlp", "amber", "--source",
            "a-amber", "-", stdin=b"45.63.0.9\n")
        admin_b = token(k, db_b, "admin-b", "admin", "amber")
        with Daemon(k, db_b) as b:
            deadline = time.time() + 20
            while time.time() < deadline and "45.62.0.9" not in values(k, db_b):
                time.sleep(0.3)
            got = values(k, db_b)
            c.ok("45.62.0.9" in got, "B's scheduler pulled the new green indicator on its own")
            c.ok("45.63.0.9" not in got and "amber-evil-host.xyz" not in got and
                 "red-evil-host.xyz" not in got, "nothing above green reached B")
            fl = b.json("GET", "/api/v1/feeds", admin_b)["feeds"]
            c.ok(len(fl) == 1 and fl[0]["name"] == "from-a" and fl[0]["healthy"] and
                 fl[0].get("next_due"), "GET /api/v1/feeds: health and next_due: %s" % fl)
            t0 = time.time()
            rc = b.stop()
            c.ok(rc == 0 and time.time() - t0 < 5, "B stops promptly with its scheduler (%.1f s)"
                 % (time.time() - t0))


def main():
    k = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="ksz-feeds-")
    c = Checks()
    try:
        plain_feeds(k, tmp, c)
        taxii_between_daemons(k, tmp, c)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return c.done()


if __name__ == "__main__":
    sys.exit(main())
