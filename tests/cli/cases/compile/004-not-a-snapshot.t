Any other file is refused by its magic.
--- files
+++ notes.txt
hello
--- args
compile --verify @TMP@/notes.txt
--- stderr-contains
snapshot: not a kizashi snapshot: bad magic at offset 0
--- exit
2
