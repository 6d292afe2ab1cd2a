--help prints the usage and exits 0.
--- args
expire --help
--- stdout-contains
usage: kizashi expire [options]
--- exit
0
