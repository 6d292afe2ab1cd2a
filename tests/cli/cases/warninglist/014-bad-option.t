An unknown option is a usage error.
--- args
warninglist list --frobnicate
--- stderr-contains
unknown option '--frobnicate'
--- exit
2
