Load a directory: every list.json under it, in name order.
--- args
warninglist load --format text @DATA@/warn/lists
--- stdout
added     hostname        2 entries  test-hosts
added     cidr            5 entries  test-nets
added     string          2 entries  test-strings
added     substring       2 entries  test-subs
--- exit
0
