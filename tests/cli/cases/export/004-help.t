--- args
export --help
--- stdout-contains
--tlp-max TLP
--include-warninglisted
--- exit
0
