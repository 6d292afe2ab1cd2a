The store's active indicators up to amber, with their context, into a file
that --verify accepts; the red one and the CVE stay out.
--- files
+++ iocs.csv
value,type,source,confidence,tlp,valid_from,valid_until,threats,tags,description,usage
198.51.100.0/24,cidr4,feedA,80,green,2024-01-01T00:00:00Z,2099-01-01T00:00:00Z,Emotet,botnet,Emotet C2 range,block-fw-outbound
198.51.100.7,ipv4,feedB,60,red,2024-01-01T00:00:00Z,2099-01-01T00:00:00Z,,,,
evil.example.net,domain,feedA,80,clear,2024-01-01T00:00:00Z,2099-01-01T00:00:00Z,,phishing,Credential phishing kit,block-dns
CVE-2024-3094,cve,feedA,80,clear,2024-01-01T00:00:00Z,2099-01-01T00:00:00Z,,,,
--- setup
import --format csv iocs.csv
compile -o out.snap
--- args
compile --verify out.snap
--- stdout-contains
out.snap: ok
indicators 2, string bytes
  cidr4    1 records, 1 keys
  domain   1 records, 1 keys
--- exit
0
