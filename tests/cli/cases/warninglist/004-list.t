The stored lists as JSON lines, by name.
--- setup
warninglist load @DATA@/warn/lists
--- args
warninglist list
--- stdout
{"name":"test-hosts","kind":"hostname","version":1,"entries":2,"policy":"warn","enabled":true,"types":["domain","url"]}
{"name":"test-nets","kind":"cidr","version":2,"entries":5,"policy":"warn","enabled":true,"types":["ipv4","ipv6","cidr4","cidr6","domain"]}
{"name":"test-strings","kind":"string","version":1,"entries":2,"policy":"warn","enabled":true,"types":["domain","md5"]}
{"name":"test-subs","kind":"substring","version":1,"entries":2,"policy":"warn","enabled":true,"types":["domain","email"]}
--- exit
0
