--- args
import --db @TMP@/k.db @TMP@/missing.csv
--- stderr-contains
missing.csv: No such file or directory
--- exit
2
