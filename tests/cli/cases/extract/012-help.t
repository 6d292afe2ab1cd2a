--help prints the usage on stdout.
--- args
extract --help
--- stdout-contains
usage: kizashi extract [options] [FILE...]
--no-context
--include-reserved
