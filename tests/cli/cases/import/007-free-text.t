Free text through the extractor.
--- args
import --db @TMP@/k.db --format text
--- stdin
We saw 45.77.12.34 beacon to hxxp://update-sync[.]ru/gate.php last week.
--- stdout-contains
"indicators":{"added":3,
