#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Validate a STIX 2.1 bundle against the OASIS STIX 2.1 JSON schemas.

    validate_stix.py SCHEMA_DIR BUNDLE.json [--expect TYPE=N ...]

SCHEMA_DIR is the "schemas" directory of oasis-open/cti-stix2-json-schemas.
Every schema is loaded by its $id into a local registry (no network), the
bundle is checked against common/bundle.json, and every object against the
schema of its type (SDOs, SROs, SCOs, marking-definition). Also checks what
the schemas cannot: each object_marking_refs entry and each created_by_ref
names an object of the bundle, and modified >= created. --expect TYPE=N
asserts at least N objects of TYPE. Exits 0 when all is valid, 1 otherwise.
"""
import json
import os
import sys

import jsonschema

try:
    from referencing import Registry, Resource
except ImportError:  # older jsonschema: RefResolver store
    Registry = None


def load_schemas(root):
    by_id, by_path = {}, {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".json"):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as f:
                schema = json.load(f)
            by_id[schema["$id"]] = schema
            by_path[os.path.relpath(path, root)] = schema
    return by_id, by_path


def validator_for(schema, by_id):
    cls = jsonschema.validators.validator_for(schema)
    if Registry is not None:
        registry = Registry().with_resources(
            (sid, Resource.from_contents(s)) for sid, s in by_id.items())
        return cls(schema, registry=registry)
    resolver = jsonschema.RefResolver.from_schema(schema, store=by_id)
    return cls(schema, resolver=resolver)


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    root, bundle_path = sys.argv[1], sys.argv[2]
    expects = {}
    args = sys.argv[3:]
    while args:
        if args[0] == "--expect" and len(args) > 1:
            t, _, n = args[1].partition("=")
            expects[t] = int(n)
            args = args[2:]
        else:
            print("unknown argument %r" % args[0])
            return 2
    by_id, by_path = load_schemas(root)
    with open(bundle_path, encoding="utf-8") as f:
        bundle = json.load(f)
    problems = []
    for err in validator_for(by_path["common/bundle.json"], by_id).iter_errors(bundle):
        problems.append("bundle: %s" % err.message)
    per_type = {}
    for sub in ("sdos", "sros", "observables"):
        for rel, schema in by_path.items():
            if rel.startswith(sub + "/"):
                per_type[os.path.basename(rel)[:-5]] = schema
    per_type["marking-definition"] = by_path["common/marking-definition.json"]
    validators = {}
    ids = {o.get("id") for o in bundle.get("objects", [])}
    counts = {}
    for i, obj in enumerate(bundle.get("objects", [])):
        t = obj.get("type")
        counts[t] = counts.get(t, 0) + 1
        schema = per_type.get(t)
        if schema is None:
            problems.append("object %d: no schema for type %r" % (i, t))
            continue
        if t not in validators:
            validators[t] = validator_for(schema, by_id)
        for err in validators[t].iter_errors(obj):
            problems.append("object %d (%s): %s at %s" % (
                i, obj.get("id"), err.message, "/".join(map(str, err.absolute_path))))
        for ref in obj.get("object_marking_refs", []):
            if ref not in ids:
                problems.append("object %d: marking %s not in the bundle" % (i, ref))
        ref = obj.get("created_by_ref")
        if ref is not None and ref not in ids:
            problems.append("object %d: created_by_ref %s not in the bundle" % (i, ref))
        if "created" in obj and "modified" in obj and obj["modified"] < obj["created"]:
            problems.append("object %d: modified before created" % i)
    for t, n in expects.items():
        if counts.get(t, 0) < n:
            problems.append("expected at least %d %s objects, found %d" % (n, t, counts.get(t, 0)))
    for p in problems[:50]:
        print(p)
    if problems:
        print("%d problems in %d objects" % (len(problems), len(bundle.get("objects", []))))
        return 1
    print("valid: %d objects (%s)" % (len(bundle.get("objects", [])),
                                      ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
