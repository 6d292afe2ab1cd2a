No value on any list: exit 0, like grep.
--- setup
warninglist load @DATA@/warn/lists
--- args
warninglist check 203.0.113.9 evil.example.io
--- stdout
{"value":"203.0.113.9","type":"ipv4","warninglists":[]}
{"value":"evil.example.io","type":"domain","warninglists":[]}
--- exit
0
