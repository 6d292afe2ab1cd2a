Files are read in turn and concatenated; "-" is standard input.
--- files
+++ a.txt
first: evil[.]top
+++ b.txt
second: hxxp://bad[.]xyz/
--- args
refang a.txt - b.txt
--- stdin
middle: 91.215.85[.]47
--- stdout
first: evil.top
middle: 91.215.85.47
second: http://bad.xyz/
