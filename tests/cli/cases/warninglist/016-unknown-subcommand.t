An unknown subcommand is a usage error.
--- args
warninglist frob
--- stderr-contains
unknown subcommand 'frob'
--- exit
2
