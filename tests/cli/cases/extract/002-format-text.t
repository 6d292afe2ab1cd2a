--format text prints type TAB value.
--- args
extract --format text
--- stdin
evil[.]com and 45.77.28[.]124
--- stdout
domain	evil.com
ipv4	45.77.28.124
