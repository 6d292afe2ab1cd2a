An empty store gives an empty bundle whose id depends on its content only.
--- args
export --db @TMP@/k.db --format stix
--- stdout
{"type":"bundle","objects":[

],"id":"bundle--4bfe28a1-2891-5c86-b4e6-fcc6ca064e72"}
