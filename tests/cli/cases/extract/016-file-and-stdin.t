A file named on the command line (mapped) and the same bytes on stdin (read)
give the same records, but for "file": short and long ASCII values, UTF-8
file names, several hits on one line, and a reason.
--- args
extract in.txt -
--- files
+++ in.txt
C2: hxxp[:]//172.104.72[.]4/gate and 10.0.0.5 on one line
| 請.zip |
| 請求書.zip |
| 請求書_2024年度_最終版_report.xlsm |
mail bob@evil[.]com, see https://evil-domain.net/a/very/long/path/segment/index.php?q=1
--- stdin
C2: hxxp[:]//172.104.72[.]4/gate and 10.0.0.5 on one line
| 請.zip |
| 請求書.zip |
| 請求書_2024年度_最終版_report.xlsm |
mail bob@evil[.]com, see https://evil-domain.net/a/very/long/path/segment/index.php?q=1
--- stdout
{"type":"url","value":"http://172.104.72.4/gate","offset":4,"line":1,"defanged":true,"file":"in.txt","reference":false}
{"type":"ipv4","value":"172.104.72.4","offset":13,"line":1,"defanged":true,"file":"in.txt","reference":false}
{"type":"ipv4","value":"10.0.0.5","offset":37,"line":1,"defanged":false,"file":"in.txt","reference":true,"reason":"private address"}
{"type":"filename","value":"請求書.zip","offset":72,"line":3,"defanged":false,"file":"in.txt","reference":false}
{"type":"filename","value":"請求書_2024年度_最終版_report.xlsm","offset":90,"line":4,"defanged":false,"file":"in.txt","reference":false}
{"type":"email","value":"bob@evil.com","offset":140,"line":5,"defanged":true,"file":"in.txt","reference":false}
{"type":"domain","value":"evil.com","offset":144,"line":5,"defanged":true,"file":"in.txt","reference":false}
{"type":"url","value":"https://evil-domain.net/a/very/long/path/segment/index.php?q=1","offset":160,"line":5,"defanged":false,"file":"in.txt","reference":false}
{"type":"domain","value":"evil-domain.net","offset":168,"line":5,"defanged":false,"file":"in.txt","reference":false}
{"type":"url","value":"http://172.104.72.4/gate","offset":4,"line":1,"defanged":true,"reference":false}
{"type":"ipv4","value":"172.104.72.4","offset":13,"line":1,"defanged":true,"reference":false}
{"type":"ipv4","value":"10.0.0.5","offset":37,"line":1,"defanged":false,"reference":true,"reason":"private address"}
{"type":"filename","value":"請求書.zip","offset":72,"line":3,"defanged":false,"reference":false}
{"type":"filename","value":"請求書_2024年度_最終版_report.xlsm","offset":90,"line":4,"defanged":false,"reference":false}
{"type":"email","value":"bob@evil.com","offset":140,"line":5,"defanged":true,"reference":false}
{"type":"domain","value":"evil.com","offset":144,"line":5,"defanged":true,"reference":false}
{"type":"url","value":"https://evil-domain.net/a/very/long/path/segment/index.php?q=1","offset":160,"line":5,"defanged":false,"reference":false}
{"type":"domain","value":"evil-domain.net","offset":168,"line":5,"defanged":false,"reference":false}
--- exit
0
