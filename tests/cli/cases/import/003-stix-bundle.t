A STIX 2.1 bundle: one pattern of three observables, two patterns outside
the subset counted (never dropped silently), one course-of-action skipped.
--- args
import --db @TMP@/k.db --now 2024-04-24T00:00:00Z @DATA@/formats/bundle21.json
--- stdout
{"inputs":1,"indicators":{"added":4,"updated":0,"unchanged":0},"threats":{"added":3,"updated":0,"unchanged":0},"reports":{"added":1,"updated":0,"unchanged":0},"relationships":{"added":4,"updated":0,"unchanged":0},"sightings":{"added":1,"updated":0,"unchanged":0},"flagged":0,"blocked":0,"refused":0,"patterns_unparsed":2,"skipped":1}
