Bad JSON: the message names the file, line, column and byte; exit 2; nothing is loaded.
--- args
warninglist load @DATA@/warn/lists/hosts @DATA@/warn/bad
--- stdout
--- stderr-contains
warn/bad/list.json: line 4, column 25 (byte 65): unexpected token near ']'
nothing loaded: the store is unchanged
--- exit
2
