An unknown option exits 2.
--- args
search --bogus 1.2.3.4
--- stderr-contains
kizashi search: unknown option '--bogus'
--- exit
2
