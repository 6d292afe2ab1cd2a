--unique prints each value once.
--- args
extract --unique -f text
--- stdin
1.2.3.4 and 1.2.3.4
again 1[.]2.3.4
--- stdout
ipv4	1.2.3.4
