A missing file is named, the others are still read, and the exit status is 2.
--- files
+++ ok.txt
evil[.]top
--- args
refang nope.txt ok.txt
--- exit
2
--- stdout
evil.top
--- stderr-contains
kizashi refang: nope.txt: No such file or directory
