A plain list on standard input, defanged, with context from flags.
--- args
import --db @TMP@/k.db --tlp clear --source paste --confidence 60 --valid-for 7d --usage block-dns --tag campaign:x
--- stdin
# pasted
45.77.12.34
hxxp://update-sync[.]ru/gate.php
--- stdout-contains
"indicators":{"added":2,"updated":0,"unchanged":0}
