--help prints the usage and exits 0.
--- args
revoke --help
--- stdout-contains
usage: kizashi revoke ID|VALUE [options]
--- exit
0
