A file that cannot be opened is named and the others are still hunted; exit 2.
--- args
hunt --snapshot @DATA@/logs/hunt.snap @TMP@/missing.log @DATA@/logs/squid.log
--- stderr-contains
missing.log: cannot open: No such file or directory
--- stdout-contains
"match":"cidr"
--- exit
2
