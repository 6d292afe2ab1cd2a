A CSV whose columns are named by --column; a defanged URL is refanged.
--- args
import --db @TMP@/k.db --now 2024-04-24T00:00:00Z --column value=ioc,type=kind,confidence=conf @DATA@/formats/mapped.csv
--- stdout
{"inputs":1,"indicators":{"added":2,"updated":0,"unchanged":0},"threats":{"added":0,"updated":0,"unchanged":0},"reports":{"added":0,"updated":0,"unchanged":0},"relationships":{"added":0,"updated":0,"unchanged":0},"sightings":{"added":0,"updated":0,"unchanged":0},"flagged":0,"blocked":0,"refused":0,"patterns_unparsed":0,"skipped":0}
--- exit
0
