--types keeps only the listed types.
--- args
extract --types ip,hash -f text
--- stdin
http://evil.com/ 1.2.3.4 0ac63e7d754beec9946df13cad63179a CVE-2021-44228
--- stdout
ipv4	1.2.3.4
md5	0ac63e7d754beec9946df13cad63179a
