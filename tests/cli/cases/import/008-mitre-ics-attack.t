MITRE ATT&CK for ICS (STIX 2.0): 95 techniques, 30 malware, 16 groups and
8 campaigns, with their relationships.
--- args
import --db @TMP@/k.db @SHARED@/mitre-cti/ics-attack/ics-attack.json
--- stdout-contains
"threats":{"added":149,"updated":0,"unchanged":0}
"relationships":{"added":1373,
