list and check never create a store.
--- args
warninglist list --db missing.db
--- exit
2
