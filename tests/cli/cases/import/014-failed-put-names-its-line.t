A record the store refuses (a threat with a kind but no name) while the
reader's thread parses ahead: the file and the record's line, exit 2.
--- args
import --db @TMP@/k.db @TMP@/threats.csv
--- files
+++ threats.csv
value,threat
198.51.100.1,malware:Otter
198.51.100.2,
198.51.100.3,malware:
198.51.100.4,
--- stderr-contains
threats.csv:4: store: threat: no name
--- exit
2
