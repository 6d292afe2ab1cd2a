--dry-run parses, checks and counts, then keeps nothing.
--- args
import --db @TMP@/k.db --dry-run @DATA@/formats/misp_event.json
--- stdout-contains
"indicators":{"added":9,
"refused":1,
"dry_run":true}
