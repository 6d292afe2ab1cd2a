--- args
defang --brackets curly
--- exit
2
--- stderr-contains
kizashi defang: --brackets: expected 'square' or 'paren', got 'curly'
