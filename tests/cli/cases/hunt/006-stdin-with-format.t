Standard input, a generic JSON lines log mapped with --field, TLP ceiling red.
--- args
hunt --snapshot @DATA@/logs/hunt.snap --log-format jsonl --field event.src=ip --field dns.question.name=domain --at-any-time --tlp-max red
--- stdin
{"@timestamp":"2024-01-01T12:00:00Z","event":{"src":"198.51.100.7"},"dns":{"question":{"name":"x.bad-c2.net"}}}
--- stdout-contains
"time":"2024-01-01T12:00:00Z","file":"<stdin>","line":1,"field":"event.src","value":"198.51.100.7","match":"exact","indicator":{"type":"ipv4"
"field":"dns.question.name","value":"x.bad-c2.net","match":"parent-domain","indicator":{"type":"domain","value":"bad-c2.net"
--- exit
1
