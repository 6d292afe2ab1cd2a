policy takes warn or block.
--- setup
warninglist load @DATA@/warn/lists
--- args
warninglist policy test-nets drop
--- stderr-contains
expected warn or block, not 'drop'
--- exit
2
