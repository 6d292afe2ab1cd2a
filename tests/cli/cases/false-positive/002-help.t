--help prints the usage and exits 0.
--- args
false-positive --help
--- stdout-contains
usage: kizashi false-positive ID|VALUE [options]
--- exit
0
