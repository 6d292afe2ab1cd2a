Types that logs cannot contain are refused by --type.
--- args
compile --type cve
--- stderr-contains
kizashi compile: --type: none of 'cve' can be matched in logs
--- exit
2
