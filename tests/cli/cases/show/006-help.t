--help prints the usage and exits 0.
--- args
show --help
--- stdout-contains
usage: kizashi show ID|VALUE [options]
--- exit
0
