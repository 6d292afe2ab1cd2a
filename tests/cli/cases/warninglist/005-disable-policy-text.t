disable and policy change the stored settings; list --format text shows them.
--- setup
warninglist load @DATA@/warn/lists
warninglist disable test-hosts test-subs
warninglist policy test-nets block
--- args
warninglist list --format text
--- stdout
disabled warn  hostname         2  test-hosts
enabled  block cidr             5  test-nets
enabled  warn  string           2  test-strings
disabled warn  substring        2  test-subs
--- exit
0
