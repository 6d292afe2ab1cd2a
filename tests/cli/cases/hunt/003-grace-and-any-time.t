--grace widens the window enough for the CLF line of 2023-12-31 15:00 UTC.
--- args
hunt --snapshot @DATA@/logs/hunt.snap --grace 1d @DATA@/logs/clf.log
--- stdout-contains
"time":"2023-12-31T15:00:00Z"
"line":2,"field":"request","value":"http://evil-example.com/x","match":"url-host","indicator":{"type":"domain","value":"evil-example.com"
--- exit
1
