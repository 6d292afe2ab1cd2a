#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Many requests at once on every worker thread, with the feed scheduler up.

    test_concurrency.py KIZASHI

Eight clients hit a daemon with four workers at the same time with a mix of
reads (indicators, one indicator, stats, TAXII objects, an export, health)
and writes (imports, sightings, a token revoked through the API while other
tokens are in use), so that every piece of state the workers share is
touched from several threads at once. Every answer must be the expected
one, and the daemon must exit 0 after SIGTERM with nothing on its stderr
from a sanitizer (srvlib checks it): under ThreadSanitizer (`make
test-tsan`) this is the test that finds data races in the daemon.
"""
import json
import os
import shutil
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from srvlib import Checks, Daemon, run, token  # noqa: E402

CLIENTS = 8
ROUNDS = 6
TAXII = {"Accept": "application/taxii+json;version=2.1"}


def client(d, n, toks, out):
    """One client's requests; (what, status, expected statuses) for each."""
    reader, analyst, victim = toks["reader"], toks["analyst"], toks["victim"]
    for i in range(ROUNDS):
        mix = [
            ("health", d.get("/health")[0], (200,)),
            ("list", d.get("/api/v1/indicators?limit=20", token=reader)[0], (200,)),
            ("one", d.get("/api/v1/indicators?value=198.51.100.%d" % (i + 1),
                          token=reader)[0], (200,)),
            ("stats", d.get("/api/v1/stats", token=reader)[0], (200,)),
            ("export", d.get("/api/v1/export/plain", token=reader)[0], (200,)),
            ("taxii", d.get("/taxii2/api1/collections/", token=reader, headers=TAXII)[0],
             (200,)),
            ("import", d.post("/api/v1/import?format=plain&tlp=green", token=analyst,
                              body="203.0.%d.%d\n" % (n, i + 1))[0], (200,)),
            ("sighting", d.post("/api/v1/sightings", token=analyst,
                                body='[{"value":"198.51.100.%d","kind":"hit","where":"c%d"}]'
                                % (i + 1, n))[0], (200,)),
            # revoked by client 0 at some point: before, 200; after, 401
            ("victim", d.get("/api/v1/indicators?limit=1", token=victim)[0], (200, 401)),
        ]
        if n == 0 and i == ROUNDS // 2:
            mix.append(("revoke", d.request("DELETE", "/api/v1/tokens?name=victim",
                                            token=toks["admin"])[0], (200,)))
        out.extend(mix)


def main():
    k = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="ksz-conc-")
    db = os.path.join(tmp, "k.db")
    ips = "".join("198.51.100.%d\n" % i for i in range(1, 51))
    run(k, "import", "--db", db, "--format", "plain", "--tlp", "green", "--source", "feed-a",
        "-", stdin=ips.encode())
    toks = {"admin": token(k, db, "admin", "admin", "amber"),
            "reader": token(k, db, "reader", "reader", "amber"),
            "analyst": token(k, db, "analyst", "analyst", "amber"),
            "victim": token(k, db, "victim", "reader", "amber")}
    c = Checks()
    # feeds on (none registered): the scheduler thread runs beside the workers
    with Daemon(k, db, "--threads", "4") as d:
        results = [[] for _ in range(CLIENTS)]
        errors = []

        def body(n):
            try:
                client(d, n, toks, results[n])
            except Exception as e:  # a dropped connection: the daemon died?
                errors.append("client %d: %r" % (n, e))

        ts = [threading.Thread(target=body, args=(n,)) for n in range(CLIENTS)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        c.ok(not errors, "every client finished: %s" % errors)
        bad = [(n, what, st) for n, res in enumerate(results) for what, st, want in res
               if st not in want]
        c.ok(not bad, "every answer as expected: %s" % bad[:10])
        st, _, _ = d.get("/api/v1/indicators?limit=1", token=toks["victim"])
        c.ok(st == 401, "the revoked token fails on every thread afterwards (got %d)" % st)
        doc = d.json("GET", "/api/v1/indicators?limit=1000", toks["reader"])
        c.ok(doc["count"] >= 50 + CLIENTS * ROUNDS,
             "every import is in the store (%d indicators)" % doc["count"])
        print(json.dumps({"requests": sum(len(r) for r in results)}))
    shutil.rmtree(tmp, ignore_errors=True)
    return c.done()


if __name__ == "__main__":
    sys.exit(main())
