--format csv has a header and the file column.
--- args
extract --format csv in.txt
--- files
+++ in.txt
see user@evil[.]com
--- stdout
type,value,offset,line,defanged,file,reference,reason
email,user@evil.com,4,1,true,in.txt,false,
domain,evil.com,9,1,true,in.txt,false,
