Without --snapshot the store is compiled in memory, with the same context as a
compiled file: threat names and report titles, not their STIX ids.
--- files
+++ iocs.csv
value,type,source,confidence,tlp,valid_from,valid_until,threats,tags,description,usage
198.51.100.0/24,cidr4,feedA,80,green,2024-01-01T00:00:00Z,2099-01-01T00:00:00Z,Emotet,botnet,Emotet C2 range,block-fw-outbound
evil.example.net,domain,feedA,80,clear,2024-01-01T00:00:00Z,2099-01-01T00:00:00Z,,phishing,Credential phishing kit,block-dns
+++ events.jsonl
{"ts":"2024-06-01T00:00:00Z","src":"198.51.100.7","q":"www.evil.example.net"}
--- setup
import --format csv --report "Lantern report" iocs.csv
--- args
hunt --log-format jsonl --field ts=time --field src=ip --field q=domain events.jsonl
--- stdout-contains
"field":"src","value":"198.51.100.7","match":"cidr","indicator":{"type":"cidr4","value":"198.51.100.0/24"
"threats":["Emotet"],"report":"Lantern report","source":"feedA"
"field":"q","value":"www.evil.example.net","match":"parent-domain","indicator":{"type":"domain","value":"evil.example.net"
--- stderr-contains
1 lines
2 hits
--- exit
1
