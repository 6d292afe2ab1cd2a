--no-context drops private addresses and reference links.
--- args
extract --no-context -f text
--- stdin
10.1.2.3 see https://attack.mitre.org/techniques/T1059/ C2 45.77.28.124
--- stdout
ipv4	45.77.28.124
