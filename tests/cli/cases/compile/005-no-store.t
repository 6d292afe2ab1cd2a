Compiling from a store that does not exist is an error, and writes nothing.
--- args
compile --db @TMP@/missing.db -o @TMP@/out.snap
--- stderr-contains
missing.db: no such store (give --db)
--- exit
2
