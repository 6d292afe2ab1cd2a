Like grep: nothing found exits 1 and prints nothing.
--- files
+++ iocs.csv
value,type,source,confidence,tlp,valid_from,valid_until,threats,tags,description,usage
198.51.100.0/24,cidr4,feedA,80,green,2024-01-01T00:00:00Z,2099-01-01T00:00:00Z,Emotet,botnet,Emotet C2 range,block-fw-outbound
198.51.100.7,ipv4,feedA,90,amber,2024-01-01T00:00:00Z,2099-01-01T00:00:00Z,Emotet,botnet,Emotet loader host,block-fw-outbound
198.51.100.7,ipv4,feedB,60,red,2024-01-01T00:00:00Z,2099-01-01T00:00:00Z,,,,
evil.example.net,domain,feedA,80,clear,2024-01-01T00:00:00Z,2099-01-01T00:00:00Z,,phishing,Credential phishing kit,block-dns
login.evil.example.net,domain,feedB,70,green,2024-01-01T00:00:00Z,2099-01-01T00:00:00Z,,,,
old.example.org,domain,feedA,80,green,2020-01-01T00:00:00Z,2020-02-01T00:00:00Z,,,,
--- setup
import --format csv iocs.csv
--- args
search 203.0.113.9
--- stdout
--- exit
1
