An unknown option or an argument exits 2.
--- args
stats extra
--- stderr-contains
unknown option or argument 'extra'
--- exit
2
