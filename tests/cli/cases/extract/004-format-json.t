--format json prints one array; the file name is given.
--- args
extract -f json in.txt
--- files
+++ in.txt
T1059.001
--- stdout
[
{"type":"attack-technique","value":"T1059.001","offset":0,"line":1,"defanged":false,"file":"in.txt","reference":false}
]
