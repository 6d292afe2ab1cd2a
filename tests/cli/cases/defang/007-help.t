--- args
defang --help
--- stdout-contains
usage: kizashi defang [OPTIONS] [FILE...]
  --dots all|last
  --brackets square|paren
