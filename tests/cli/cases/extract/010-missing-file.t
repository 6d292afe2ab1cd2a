A missing file is named, and the exit status is 2.
--- args
extract no-such-file.txt
--- exit
2
--- stderr-contains
no-such-file.txt
