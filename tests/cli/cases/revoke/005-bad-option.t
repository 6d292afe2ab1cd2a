An unknown option exits 2.
--- args
revoke 1.2.3.4 --force
--- stderr-contains
unknown option '--force'
--- exit
2
