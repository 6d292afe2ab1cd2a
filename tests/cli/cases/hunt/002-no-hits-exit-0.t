The only indicator in this log was seen before its window opened: no hit, exit 0.
--- args
hunt --snapshot @DATA@/logs/hunt.snap @DATA@/logs/clf.log
--- stdout
--- stderr-contains
2 lines
0 hits
--- exit
0
