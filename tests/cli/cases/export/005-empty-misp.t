An empty selection is still a valid MISP event.
--- args
export --db @TMP@/k.db --format misp --type ip,domain --since 30d
--- stdout-contains
{"Event":{"uuid":"efe5f2ee-dffe-54ba-ba3d-647ce394b441","info":"kizashi export","date":"1970-01-01",
"Attribute":[
