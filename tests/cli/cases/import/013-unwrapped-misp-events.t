MISP events not wrapped in "Event": PyMISP's existing_event.json and
japanese_test.json (one text attribute: no observable, skipped).
--- args
import --db @TMP@/k.db @SHARED@/misp-samples/PyMISP/tests/mispevent_testfiles/existing_event.json @SHARED@/misp-samples/PyMISP/tests/reportlab_testfiles/japanese_test.json
--- stdout-contains
{"inputs":2,"indicators":{"added":83,"updated":0,"unchanged":0},"threats":{"added":15,
"reports":{"added":2,
