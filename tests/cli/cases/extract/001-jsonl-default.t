JSON lines by default, refanged, with offsets, lines and flags.
--- args
extract
--- stdin
C2: hxxp[:]//172.104.72[.]4/gate (AS63949)
lateral 10.0.0.5
--- stdout
{"type":"url","value":"http://172.104.72.4/gate","offset":4,"line":1,"defanged":true,"reference":false}
{"type":"ipv4","value":"172.104.72.4","offset":13,"line":1,"defanged":true,"reference":false}
{"type":"asn","value":"AS63949","offset":34,"line":1,"defanged":false,"reference":false}
{"type":"ipv4","value":"10.0.0.5","offset":51,"line":2,"defanged":false,"reference":true,"reason":"private address"}
--- exit
0
