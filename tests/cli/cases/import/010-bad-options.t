--- args
import --db @TMP@/k.db --tlp purple @DATA@/formats/list.txt
--- stderr-contains
--tlp: expected clear, green, amber, amber+strict or red, found 'purple'
--- exit
2
