--help prints the usage and exits 0.
--- args
stats --help
--- stdout-contains
usage: kizashi stats [options]
--- exit
0
