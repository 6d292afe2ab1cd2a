An unknown option exits 2.
--- args
show 1.2.3.4 --colour
--- stderr-contains
unknown option '--colour'
--- exit
2
