Loading the same version again changes nothing; the bad cidr entry is counted as skipped.
--- setup
warninglist load @DATA@/warn/lists/nets/list.json
--- args
warninglist load @DATA@/warn/lists/nets
--- stdout
{"name":"test-nets","file":"@DATA@/warn/lists/nets/list.json","kind":"cidr","version":2,"entries":5,"skipped":1,"result":"unchanged"}
--- exit
0
