A MISP feed directory (manifest.json + event files) is one input.
--- args
import --db @TMP@/k.db @SHARED@/misp-samples/generated-feed
--- stdout-contains
{"inputs":1,"indicators":{"added":125,"updated":0,"unchanged":0},"threats":{"added":15,"updated":0,"unchanged":0},"reports":{"added":4,"updated":0,"unchanged":0},
"sightings":{"added":5,
