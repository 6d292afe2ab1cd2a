An empty result is an empty JSON array.
--- args
extract --format json
--- stdin
nothing to see here.
--- stdout
[]
