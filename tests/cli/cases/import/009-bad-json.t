A broken bundle: the byte offset of the object that does not parse.
--- args
import --db @TMP@/k.db @TMP@/bad.json
--- files
+++ bad.json
{"type": "bundle", "objects": [
 {"type": "indicator", "pattern": "[ipv4-addr:value = '45.77.12.34']", "valid_from": "2024-01-01T00:00:00Z"},
 {"type": "indicator", "pattern": oops}
]}
--- stderr-contains
bad.json: byte offset 143: bad JSON in the object starting here
--- exit
2
