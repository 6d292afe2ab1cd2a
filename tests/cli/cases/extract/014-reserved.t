Documentation values are dropped unless --include-reserved.
--- args
extract -f text --include-reserved
--- stdin
192.0.2.1 and 45.77.28.124
--- stdout
ipv4	192.0.2.1
ipv4	45.77.28.124
