No store: exit 2, the path named.
--- args
stats --db @TMP@/nothing.db
--- stderr-contains
nothing.db: no store there
--- exit
2
