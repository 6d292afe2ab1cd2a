A value that is no indicator is reported; exit 2.
--- setup
warninglist load @DATA@/warn/lists
--- args
warninglist check "not an indicator" 10.0.0.1
--- stdout
{"value":"10.0.0.1","type":"ipv4","warninglists":[{"name":"test-nets","policy":"warn","entry":"10.0.0.0/8"}]}
--- stderr-contains
"not an indicator": not an indicator
--- exit
2
