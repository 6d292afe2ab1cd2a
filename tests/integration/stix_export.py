#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Build a store from fixtures with `kizashi import`, export it as STIX 2.1
with `kizashi export`, and validate every object against the OASIS schemas
(validate_stix.py). Also checks that the export is deterministic and that the
TLP ceiling holds.

    stix_export.py KIZASHI SCHEMA_DIR TEST_DATA SHARED_DATA
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def run(argv):
    p = subprocess.run(argv, capture_output=True, timeout=300)
    if p.returncode != 0:
        sys.stderr.write("failed: %s\n%s" % (" ".join(argv), p.stderr.decode()))
        sys.exit(1)
    return p.stdout


def main():
    exe, schemas, data, shared = sys.argv[1:5]
    now = ["--now", "2024-04-24T00:00:00Z"]
    with tempfile.TemporaryDirectory(prefix="ksz-stix-") as tmp:
        db = ["--db", os.path.join(tmp, "k.db")]
        inputs = [os.path.join(data, "formats", "bundle21.json"),
                  os.path.join(data, "formats", "misp_event.json"),
                  os.path.join(data, "formats", "list.txt"),
                  os.path.join(shared, "misp-samples", "generated-feed"),
                  os.path.join(shared, "mitre-cti", "ics-attack", "ics-attack.json")]
        run([exe, "import"] + db + now + inputs)
        red = os.path.join(tmp, "red.csv")
        with open(red, "w") as f:
            f.write("value,tlp\n45.77.12.99,red\n")
        run([exe, "import"] + db + now + [red])
        everything = run([exe, "export"] + db + now +
                         ["--format", "stix", "--all", "--tlp-max", "red",
                          "--include-warninglisted"])
        again = run([exe, "export"] + db + now +
                    ["--format", "stix", "--all", "--tlp-max", "red", "--include-warninglisted"])
        if everything != again:
            print("two exports of the same store differ")
            return 1
        default = run([exe, "export"] + db + now + ["--format", "stix", "--all"])
        if b"45.77.12.99" in default or b"e828b379-4e03-4974-9ac4-e53a884c97c1" in default:
            print("a TLP:RED indicator left without --tlp-max red")
            return 1
        if b"45.77.12.99" not in everything:
            print("--tlp-max red did not export the red indicator")
            return 1
        ok = True
        for name, body, expect in (("all", everything, ["indicator=143", "malware=9",
                                                        "relationship=1189", "report=6",
                                                        "sighting=8", "identity=4",
                                                        "marking-definition=4"]),
                                   ("default", default, ["indicator=142", "report=6"])):
            path = os.path.join(tmp, name + ".json")
            with open(path, "wb") as f:
                f.write(body)
            argv = [sys.executable, os.path.join(HERE, "validate_stix.py"), schemas, path]
            for e in expect:
                argv += ["--expect", e]
            p = subprocess.run(argv, capture_output=True, timeout=300)
            sys.stdout.write("%s: %s" % (name, p.stdout.decode()))
            ok = ok and p.returncode == 0
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
