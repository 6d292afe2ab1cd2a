#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""TAXII 2.1 over HTTP on loopback: discovery, API root, collections,
objects with paging (limit, next) and filters (added_after, match[id],
match[type], match[version], match[spec_version]), manifest, object by id,
versions, POST of an envelope with its status resource, the media types
and error codes (401, 403, 404, 406, 415, 422), and TLP cut per token.

    test_taxii.py KIZASHI
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from srvlib import Checks, Daemon, run, token  # noqa: E402

TAXII = "application/taxii+json;version=2.1"
H = {"Accept": TAXII}


def main():
    k = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="ksz-taxii-")
    db = os.path.join(tmp, "k.db")
    ips = "".join("198.51.100.%d\n" % i for i in range(1, 51))
    run(k, "import", "--db", db, "--format", "plain", "--tlp", "green", "--source", "feed-a",
        "-", stdin=ips.encode())
    run(k, "import", "--db", db, "--format", "plain", "--tlp", "red", "--source", "feed-r",
        "-", stdin=b"red.example.org\n")
    admin = token(k, db, "admin", "admin", "red", "--allow-red")
    reader = token(k, db, "reader", "reader", "amber")
    analyst = token(k, db, "analyst", "analyst", "amber")
    limited = token(k, db, "limited", "reader", "amber", "--collections", "source-feed-a")
    c = Checks()
    with Daemon(k, db, "--no-feeds") as d:
        st, hdrs, body = d.get("/taxii2/", token=reader, headers=H)
        disc = json.loads(body)
        c.ok(st == 200 and hdrs.get("Content-Type") == TAXII, "discovery: 200, TAXII media type")
        c.ok(disc["api_roots"] == [disc["default"]] and disc["default"].endswith("/taxii2/api1/"),
             "discovery names the API root")
        st, _, body = d.get("/taxii2/", headers=H)
        err = json.loads(body)
        c.ok(st == 401 and err.get("http_status") == "401" and "title" in err,
             "no token: 401 as a TAXII error resource")
        st, _, _ = d.get("/taxii2/", token=reader, headers={"Accept": "application/json"})
        c.ok(st == 406, "Accept without TAXII: 406 (got %d)" % st)
        st, _, _ = d.get("/taxii2/", token=reader,
                         headers={"Accept": "application/taxii+json;version=2.0"})
        c.ok(st == 406, "Accept TAXII 2.0: 406 (got %d)" % st)
        root = d.json("GET", "/taxii2/api1/", reader, headers=H)
        c.ok(root["versions"] == [TAXII], "API root lists TAXII 2.1")
        st, _, _ = d.get("/taxii2/nope/", token=reader, headers=H)
        c.ok(st == 404, "unknown API root: 404")

        cols = {x["alias"]: x for x in d.json("GET", "/taxii2/api1/collections/", reader,
                                               headers=H)["collections"]}
        c.ok({"indicators", "reports", "source-feed-a", "source-feed-r"} <= set(cols),
             "collections: indicators, reports, one per source: %s" % sorted(cols))
        c.ok(cols["indicators"]["can_write"] is False, "reader: indicators not writable")
        lim = d.json("GET", "/taxii2/api1/collections/", limited, headers=H)["collections"]
        c.ok([x["alias"] for x in lim] == ["source-feed-a"], "--collections limits the list")
        ind = cols["indicators"]["id"]
        st, _, _ = d.get("/taxii2/api1/collections/%s/objects/" % ind, token=limited, headers=H)
        c.ok(st == 404, "a collection outside the token's list: 404 (got %d)" % st)
        st, _, _ = d.get("/taxii2/api1/collections/0000/", token=reader, headers=H)
        c.ok(st == 404, "unknown collection: 404")

        base = "/taxii2/api1/collections/%s/" % ind
        # paging: 50 green objects, 7 a page, every one once, in date_added order
        seen, nxt, pages = [], None, 0
        while True:
            q = "?limit=7" + ("&next=" + nxt if nxt else "")
            st, hdrs, body = d.get(base + "objects/" + q, token=reader, headers=H)
            env = json.loads(body)
            pages += 1
            seen += [o["id"] for o in env.get("objects", [])]
            c.ok(all(o["spec_version"] == "2.1" and o["type"] == "indicator"
                     for o in env.get("objects", [])), "page %d: STIX 2.1 indicators" % pages)
            if env.get("objects"):
                c.ok("X-TAXII-Date-Added-First" in hdrs and "X-TAXII-Date-Added-Last" in hdrs,
                     "page %d: date-added headers" % pages)
            if not env["more"]:
                break
            nxt = env["next"]
            if pages > 20:
                break
        c.ok(len(seen) == 50 and len(set(seen)) == 50 and pages == 8,
             "paging: 50 objects in 8 pages, none twice (got %d in %d)" % (len(seen), pages))
        all_admin = d.json("GET", base + "objects/?limit=1000", admin, headers=H)["objects"]
        c.ok(len(all_admin) == 51 and any("e828b379" in json.dumps(o) for o in all_admin),
             "admin (allow-red) sees the red object too")
        c.ok(not any("red.example.org" in json.dumps(o) for o in
                     d.json("GET", base + "objects/?limit=1000", reader, headers=H)["objects"]),
             "reader never gets the red object over TAXII")
        red_col = cols["source-feed-r"]["id"]
        env = d.json("GET", "/taxii2/api1/collections/%s/objects/" % red_col, reader, headers=H)
        c.ok(env.get("objects", []) == [], "reader: the red source's collection is empty")

        # filters
        one = seen[3]
        env = d.json("GET", base + "objects/?match[id]=" + one, reader, headers=H)
        c.ok([o["id"] for o in env["objects"]] == [one], "match[id] gives that object")
        env = d.json("GET", base + "objects/?match[type]=malware", reader, headers=H)
        c.ok(env.get("objects", []) == [], "match[type]=malware: nothing in indicators")
        env = d.json("GET", base + "objects/?match[type]=indicator,report&limit=5", reader,
                     headers=H)
        c.ok(len(env["objects"]) == 5, "match[type]=indicator,report: indicators")
        env = d.json("GET", base + "objects/?match[spec_version]=2.0", reader, headers=H)
        c.ok(env.get("objects", []) == [], "match[spec_version]=2.0: nothing")
        ver = d.json("GET", base + "objects/%s/versions/" % one, reader, headers=H)["versions"]
        c.ok(len(ver) == 1, "versions: one version kept")
        env = d.json("GET", base + "objects/?match[id]=%s&match[version]=%s" % (one, ver[0]),
                     reader, headers=H)
        c.ok(len(env["objects"]) == 1, "match[version]=<that version> matches")
        env = d.json("GET", base + "objects/?match[id]=%s&match[version]=2001-01-01T00:00:00Z"
                     % one, reader, headers=H)
        c.ok(env.get("objects", []) == [], "match[version]=<another time> does not")
        env = d.json("GET", base + "objects/?added_after=2999-01-01T00:00:00Z", reader, headers=H)
        c.ok(env.get("objects", []) == [] and env["more"] is False, "added_after in the future")
        env = d.json("GET", base + "objects/?added_after=2000-01-01T00:00:00.000Z&limit=3",
                     reader, headers=H)
        c.ok(len(env["objects"]) == 3, "added_after in the past")
        st, _, _ = d.get(base + "objects/?added_after=yesterday", token=reader, headers=H)
        c.ok(st == 400, "a bad added_after: 400 (got %d)" % st)
        man = d.json("GET", base + "manifest/?limit=4", reader, headers=H)
        c.ok(len(man["objects"]) == 4 and all({"id", "date_added", "version", "media_type"} <=
                                                set(m) for m in man["objects"]),
             "manifest entries")
        obj = d.json("GET", base + "objects/%s/" % one, reader, headers=H)
        c.ok(obj["objects"][0]["id"] == one, "object by id")
        st, _, _ = d.get(base + "objects/indicator--00000000-0000-4000-8000-000000000000/",
                         token=reader, headers=H)
        c.ok(st == 404, "an unknown object: 404")

        # POST
        envl = json.dumps({"objects": [{
            "type": "indicator", "spec_version": "2.1",
            "id": "indicator--1a2b3c4d-0000-4000-8000-00000000abcd",
            "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
            "pattern": "[domain-name:value = 'posted.example.com']", "pattern_type": "stix",
            "valid_from": "2024-01-01T00:00:00Z",
            "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}]})
        ph = dict(H, **{"Content-Type": TAXII})
        st, _, _ = d.post(base + "objects/", token=reader, body=envl, headers=ph)
        c.ok(st == 403, "reader POST: 403 (got %d)" % st)
        st, _, _ = d.post(base + "objects/", token=analyst, body=envl,
                          headers=dict(H, **{"Content-Type": "application/json"}))
        c.ok(st == 415, "POST with a JSON content type: 415 (got %d)" % st)
        st, _, _ = d.post(base + "objects/", token=analyst, body="[1,2]", headers=ph)
        c.ok(st == 422, "POST of no envelope: 422 (got %d)" % st)
        st, _, _ = d.post("/taxii2/api1/collections/%s/objects/" % cols["source-feed-a"]["id"],
                          token=analyst, body=envl, headers=ph)
        c.ok(st == 403, "POST into a read-only collection: 403 (got %d)" % st)
        st, hdrs, body = d.post(base + "objects/", token=analyst, body=envl, headers=ph)
        status = json.loads(body) if body else {}
        c.ok(st == 202 and status.get("status") == "complete" and
             status.get("success_count") == 1 and hdrs.get("Content-Type") == TAXII,
             "POST: 202 with a complete status (got %d %s)" % (st, body[:200]))
        again = d.json("GET", "/taxii2/api1/status/%s/" % status.get("id"), analyst, headers=H)
        c.ok(again.get("id") == status.get("id") and again.get("total_count") == 1,
             "status resource by id")
        env = d.json("GET", base + "objects/?match[id]=indicator--1a2b3c4d-0000-4000-8000-"
                     "00000000abcd", reader, headers=H)
        c.ok(len(env.get("objects", [])) == 1, "the posted object is served")
        st, _, _ = d.request("DELETE", base + "objects/%s/" % one, token=admin, headers=H)
        c.ok(st == 405, "DELETE: 405 (got %d)" % st)
    return c.done()


if __name__ == "__main__":
    sys.exit(main())
