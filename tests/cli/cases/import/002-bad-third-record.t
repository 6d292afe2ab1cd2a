The list commits; the CSV whose third record is bad is refused whole, with
the file, the line and what was expected; exit 2.
--- args
import --db @TMP@/k.db @DATA@/formats/list.txt @DATA@/formats/bad_third.csv
--- stderr-contains
bad_third.csv:4: value: expected ipv4, found "300.1.2.3"
--- exit
2
