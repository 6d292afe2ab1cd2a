--help prints the usage and exits 0.
--- args
search --help
--- stdout-contains
usage: kizashi search [VALUE] [options]
--- exit
0
