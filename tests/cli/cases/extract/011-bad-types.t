An unknown type is a usage error.
--- args
extract --types ipv5
--- exit
2
--- stderr-contains
kizashi extract: --types
