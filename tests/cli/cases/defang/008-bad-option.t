--- args
defang --bogus
--- exit
2
--- stderr-contains
kizashi defang: unknown option '--bogus'
