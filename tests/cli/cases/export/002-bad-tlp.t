--- args
export --db @TMP@/k.db --tlp-max white-ish
--- stderr-contains
--tlp-max: expected clear, green, amber, amber+strict or red, found 'white-ish'
--- exit
2
