--help prints the usage and exits 0.
--- args
unmark --help
--- stdout-contains
usage: kizashi unmark ID|VALUE [options]
--- exit
0
