The file name is escaped for JSON once per input, however long.
--- args
extract 'a"b\c.txt' 'x,"y".txt' report-of-the-incident-response-team-on-the-intrusion-set-seen-in-the-third-quarter-with-all-its-indicators.txt
--- files
+++ a"b\c.txt
see 8.8.8.8
+++ x,"y".txt
see 1.1.1.1
+++ report-of-the-incident-response-team-on-the-intrusion-set-seen-in-the-third-quarter-with-all-its-indicators.txt
see 10.0.0.5 and hxxp://evil[.]net/x
--- stdout
{"type":"ipv4","value":"8.8.8.8","offset":4,"line":1,"defanged":false,"file":"a\"b\\c.txt","reference":false}
{"type":"ipv4","value":"1.1.1.1","offset":4,"line":1,"defanged":false,"file":"x,\"y\".txt","reference":false}
{"type":"ipv4","value":"10.0.0.5","offset":4,"line":1,"defanged":false,"file":"report-of-the-incident-response-team-on-the-intrusion-set-seen-in-the-third-quarter-with-all-its-indicators.txt","reference":true,"reason":"private address"}
{"type":"url","value":"http://evil.net/x","offset":17,"line":1,"defanged":true,"file":"report-of-the-incident-response-team-on-the-intrusion-set-seen-in-the-third-quarter-with-all-its-indicators.txt","reference":false}
{"type":"domain","value":"evil.net","offset":24,"line":1,"defanged":true,"file":"report-of-the-incident-response-team-on-the-intrusion-set-seen-in-the-third-quarter-with-all-its-indicators.txt","reference":false}
--- exit
0
