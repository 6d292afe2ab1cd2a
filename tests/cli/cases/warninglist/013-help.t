--help prints the usage and exits 0.
--- args
warninglist --help
--- stdout-contains
usage: kizashi warninglist load [options] PATH...
  --db PATH
--- exit
0
