Searching a store that does not exist is an error naming the path; nothing is created.
--- args
search 1.2.3.4 --db @TMP@/none.db
--- stderr-contains
none.db: no store there
--- exit
2
