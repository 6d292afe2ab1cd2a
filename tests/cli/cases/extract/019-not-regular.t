A file that is not a regular file (a device, a pipe) is read, not mapped.
--- args
extract -f text /dev/null in.txt
--- files
+++ in.txt
see 1.1.1.1
--- stdout
ipv4	1.1.1.1
--- exit
0
