--- args
import --help
--- stdout-contains
usage: kizashi import [options] [FILE|DIR|-]...
--dry-run
--- exit
0
