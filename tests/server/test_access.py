#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Every access rule of the daemon, over HTTP on loopback.

    test_access.py KIZASHI

A store holds indicators at TLP clear, green, amber and red. Then: a reader
never sees TLP:RED (even with --tlp-max red but no --allow-red); an analyst
with --tlp-max green never sees amber; a token without write rights gets
403; a bad or missing token 401; /health needs none; an admin created with
--allow-red sees red; what a token may not see is 404 by id; exports and
searches are cut alike; writes land in the audit log.
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from srvlib import Checks, Daemon, run, token  # noqa: E402

LEVELS = {"clear": "198.51.100.1\n", "green": "green.example.org\n",
          "amber": "amber.example.org\n", "red": "red.example.org\n"}


def values(doc):
    return {i["value"]: i["tlp"] for i in doc["indicators"]}


def main():
    k = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="ksz-access-")
    db = os.path.join(tmp, "k.db")
    for tlp, data in LEVELS.items():
        run(k, "import", "--db", db, "--format", "plain", "--tlp", tlp, "--source", "s-" + tlp,
            "-", stdin=data.encode())
    admin = token(k, db, "admin", "admin", "red", "--allow-red")
    reader = token(k, db, "reader", "reader", "amber")
    reader_red = token(k, db, "reader-red", "reader", "red")   # no --allow-red
    analyst_g = token(k, db, "analyst-green", "analyst", "green")
    revoked = token(k, db, "gone", "analyst", "amber")
    run(k, "token", "revoke", "gone", "--db", db)
    c = Checks()
    with Daemon(k, db, "--no-feeds") as d:
        st, _, body = d.get("/health")
        c.ok(st == 200 and json.loads(body)["status"] == "ok", "/health needs no token")

        # 401: none, malformed, unknown, revoked
        for name, tok in (("no token", None), ("unknown token", "ksz_nope"),
                          ("revoked token", revoked)):
            st, hdrs, _ = d.get("/api/v1/indicators", token=tok)
            c.ok(st == 401, "%s gets 401 (got %d)" % (name, st))
            c.ok("Bearer" in hdrs.get("WWW-Authenticate", ""), "%s: WWW-Authenticate" % name)
        st, _, _ = d.get("/api/v1/indicators", headers={"Authorization": "Basic eDp5"})
        c.ok(st == 401, "a Basic header gets 401")

        seen = {}
        for name, tok in (("admin", admin), ("reader", reader), ("reader-red", reader_red),
                          ("analyst-green", analyst_g)):
            seen[name] = values(d.json("GET", "/api/v1/indicators?limit=100", tok))
        c.ok(set(seen["admin"].values()) == {"clear", "green", "amber", "red"},
             "admin with --allow-red sees every level: %s" % seen["admin"])
        c.ok("red" not in seen["reader"].values() and "amber" in seen["reader"].values(),
             "reader (amber) never sees red, sees amber: %s" % seen["reader"])
        c.ok("red" not in seen["reader-red"].values(),
             "reader with tlp-max red but no --allow-red never sees red: %s" % seen["reader-red"])
        c.ok(set(seen["analyst-green"].values()) == {"clear", "green"},
             "analyst with tlp-max green never sees amber or red: %s" % seen["analyst-green"])

        # by value and by id: what a token may not see does not exist for it
        red = d.json("GET", "/api/v1/indicators?value=red.example.org", admin)["indicators"]
        c.ok(len(red) == 1, "admin finds the red indicator by value")
        rid = red[0]["id"]
        c.ok(d.json("GET", "/api/v1/indicators?value=red.example.org", reader)["count"] == 0,
             "reader finds no red indicator by value")
        for tok, name in ((reader, "reader"), (reader_red, "reader-red")):
            st, _, _ = d.get("/api/v1/indicators/%d" % rid, token=tok)
            c.ok(st == 404, "%s gets 404 for a red indicator by id (got %d)" % (name, st))
            st, _, _ = d.get("/api/v1/indicators/%s" % red[0]["stix_id"], token=tok)
            c.ok(st == 404, "%s gets 404 for a red indicator by STIX id (got %d)" % (name, st))
        amber = d.json("GET", "/api/v1/indicators?value=amber.example.org", admin)["indicators"][0]
        st, _, _ = d.get("/api/v1/indicators/%d" % amber["id"], token=analyst_g)
        c.ok(st == 404, "analyst-green gets 404 for an amber indicator (got %d)" % st)
        doc = d.json("GET", "/api/v1/indicators/%d" % amber["id"], reader)
        c.ok(doc["indicator"]["value"] == "amber.example.org", "reader reads an amber indicator")

        # exports: cut by the token, RED only when named and allowed
        for tok, name, banned in ((reader, "reader", ("red.example.org",)),
                                  (analyst_g, "analyst-green",
                                   ("red.example.org", "amber.example.org"))):
            for q in ("", "?tlp_max=red"):
                st, _, body = d.get("/api/v1/export/plain" + q, token=tok)
                text = body.decode()
                c.ok(st == 200 and not any(b in text for b in banned),
                     "%s export%s leaves out %s" % (name, q, banned))
        st, _, body = d.get("/api/v1/export/plain", token=admin)
        c.ok("red.example.org" not in body.decode(), "admin export leaves red out unless named")
        st, _, body = d.get("/api/v1/export/plain?tlp_max=red", token=admin)
        c.ok("red.example.org" in body.decode(), "admin export with tlp_max=red has red")
        st, _, body = d.get("/api/v1/export/stix?tlp_max=red", token=reader_red)
        c.ok(st == 200 and "red.example.org" not in body.decode(),
             "reader-red STIX export has no red")

        # write rights: 403 for readers, fine for analysts
        for path, body in (("/api/v1/import?format=plain", "203.0.113.9\n"),
                           ("/api/v1/sightings", '{"value":"green.example.org"}'),
                           ("/api/v1/indicators", '{"value":"x.example.net"}'),
                           ("/api/v1/indicators/%d/revoke" % amber["id"], "")):
            st, _, _ = d.post(path, token=reader, body=body)
            c.ok(st == 403, "reader POST %s gets 403 (got %d)" % (path, st))
        for path in ("/api/v1/tokens", "/api/v1/audit"):
            st, _, _ = d.get(path, token=analyst_g)
            c.ok(st == 403, "analyst GET %s gets 403 (got %d)" % (path, st))
        st, _, body = d.post("/api/v1/import?format=plain&tlp=green", token=analyst_g,
                             body="203.0.113.9\n")
        c.ok(st == 200 and json.loads(body)["indicators"]["added"] == 1,
             "analyst imports (got %d %s)" % (st, body[:200]))
        st, _, body = d.post("/api/v1/sightings", token=analyst_g,
                             body='[{"value":"green.example.org","kind":"hit","where":"proxy1"}]')
        c.ok(st == 200, "analyst posts a sighting (got %d %s)" % (st, body[:200]))
        st, _, body = d.post("/api/v1/import?format=stix", token=analyst_g, body="{not json")
        c.ok(st == 422, "bad import body gets 422 (got %d)" % st)
        audit = d.json("GET", "/api/v1/audit", admin)["audit"]
        c.ok([a["action"] for a in audit][:2] == ["import", "sighting"] and
             audit[0]["actor"] == "analyst-green", "writes are in the audit log: %s" % audit)
        # a reader's token list request is 403, an admin sees hashes never
        doc = d.json("GET", "/api/v1/tokens", admin)
        c.ok(all("hash" not in t and "token" not in t for t in doc["tokens"]) and
             len(doc["tokens"]) == 5, "token list has no secrets")
        log = open(d.log).read().splitlines()
        c.ok(all(json.loads(line)["status"] > 0 for line in log) and len(log) > 10,
             "access log lines are JSON")
    return c.done()


if __name__ == "__main__":
    sys.exit(main())
