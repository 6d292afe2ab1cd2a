--- args
export --db @TMP@/k.db --format text
--- stderr-contains
--format: expected stix, misp, csv, jsonl or plain, found 'text'
--- exit
2
