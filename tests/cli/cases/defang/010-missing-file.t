--- args
defang missing.txt
--- exit
2
--- stderr-contains
kizashi defang: missing.txt: No such file or directory
