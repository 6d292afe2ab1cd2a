--- args
refang --bogus
--- exit
2
--- stderr-contains
kizashi refang: unknown option '--bogus'
