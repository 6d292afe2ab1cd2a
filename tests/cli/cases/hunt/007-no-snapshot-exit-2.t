--- args
hunt --db @TMP@/none.db @DATA@/logs/squid.log
--- stderr-contains
none.db: no such store (give --snapshot or --db)
--- exit
2
