Without a VALUE or an option there is nothing to search for.
--- args
search
--- stderr-contains
nothing to search for
--- exit
2
