The message about a missing store names the path given with --db.
--- args
show 1.2.3.4 --db @TMP@/elsewhere.db
--- stderr-contains
elsewhere.db: no store there
--- exit
2
