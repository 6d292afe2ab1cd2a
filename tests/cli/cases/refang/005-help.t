--- args
refang --help
--- stdout-contains
usage: kizashi refang [FILE...]
  --help
