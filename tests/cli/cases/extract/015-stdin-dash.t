"-" reads standard input, and several inputs restart offsets.
--- args
extract -f csv - in.txt
--- files
+++ in.txt
5.6.7.8
--- stdin
1.2.3.4
--- stdout
type,value,offset,line,defanged,file,reference,reason
ipv4,1.2.3.4,0,1,false,,false,
ipv4,5.6.7.8,0,1,false,in.txt,false,
