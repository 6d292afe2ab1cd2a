Without VALUEs, check reads one value a line from standard input.
--- setup
warninglist load @DATA@/warn/lists
--- stdin
192.0.2.77

sub.example.net
--- args
warninglist check --format text
--- stdout
192.0.2.77	test-nets	warn	192.0.2.0/24
sub.example.net	test-hosts	warn	example.net
--- exit
1
