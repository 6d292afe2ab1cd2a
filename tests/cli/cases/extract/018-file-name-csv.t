In CSV the file column is quoted when the name holds a comma or quote.
--- args
extract -f csv 'a"b\c.txt' 'x,"y".txt' report-of-the-incident-response-team-on-the-intrusion-set-seen-in-the-third-quarter-with-all-its-indicators.txt
--- files
+++ a"b\c.txt
see 8.8.8.8
+++ x,"y".txt
see 1.1.1.1
+++ report-of-the-incident-response-team-on-the-intrusion-set-seen-in-the-third-quarter-with-all-its-indicators.txt
see 10.0.0.5 and hxxp://evil[.]net/x
--- stdout
type,value,offset,line,defanged,file,reference,reason
ipv4,8.8.8.8,4,1,false,"a""b\c.txt",false,
ipv4,1.1.1.1,4,1,false,"x,""y"".txt",false,
ipv4,10.0.0.5,4,1,false,report-of-the-incident-response-team-on-the-intrusion-set-seen-in-the-third-quarter-with-all-its-indicators.txt,true,private address
url,http://evil.net/x,17,1,true,report-of-the-incident-response-team-on-the-intrusion-set-seen-in-the-third-quarter-with-all-its-indicators.txt,false,
domain,evil.net,24,1,true,report-of-the-incident-response-team-on-the-intrusion-set-seen-in-the-third-quarter-with-all-its-indicators.txt,false,
--- exit
0
