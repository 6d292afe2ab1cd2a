A Squid log with hits inside the indicators' windows: one JSON line per hit,
exit 1; the red indicator's hits are withheld under the default ceiling.
--- args
hunt --snapshot @DATA@/logs/hunt.snap @DATA@/logs/squid.log
--- stdout-contains
"line":1,"field":"url","value":"http://www.Evil-Example.com/payload.bin","match":"exact","indicator":{"type":"url","value":"http://www.evil-example.com/payload.bin"
"field":"peer","value":"203.0.113.10","match":"cidr","indicator":{"type":"cidr4","value":"203.0.113.0/24","id":"indicator--00000000-0000-4000-8000-000000000005","threats":["ExampleRAT"],"report":"Test report","source":"unit","confidence":80,"score":70,"tlp":"amber","usage":["block-proxy-outbound","block-dns"],"valid_from":"2024-01-01T00:00:00Z","valid_until":null}}
--- stderr-contains
squid.log:4: squid: expected at least 7 fields
5 lines
1 malformed, 3 hits (3 more above tlp amber withheld)
--- exit
1
