An unknown option is a usage error.
--- args
extract --bogus
--- exit
2
--- stderr-contains
kizashi extract: unknown option '--bogus'
