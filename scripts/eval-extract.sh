#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# eval-extract.sh KIZASHI_BINARY [OUTDIR] [score.py options...]
#
# Run `kizashi extract` on every document of the labelled extraction corpus,
# convert the JSON lines to score.py's input (cidr4/cidr6 -> cidr,
# attack-technique -> attack) and print the overall scores, then the scores
# of the Japanese documents (those holding hiragana or katakana).
# KSZ_EVAL_DIR overrides the corpus location (default /work/shared/eval/extract).
set -eu
bin=${1:?usage: eval-extract.sh KIZASHI_BINARY [OUTDIR] [score.py options...]}
out=${2:-$(mktemp -d /tmp/ksz-eval.XXXXXX)}
[ $# -ge 2 ] && shift 2 || shift $#
corpus=${KSZ_EVAL_DIR:-/work/shared/eval/extract}
mkdir -p "$out/pred"
for doc in "$corpus"/docs/*.txt; do
    id=$(basename "$doc" .txt)
    "$bin" extract "$doc" >"$out/$id.jsonl"
done
python3 - "$corpus" "$out" <<'PY'
import json, os, re, sys
corpus, out = sys.argv[1], sys.argv[2]
rename = {"cidr4": "cidr", "cidr6": "cidr", "attack-technique": "attack"}
kana = re.compile("[\u3040-\u30ff]")
ja = []
for name in sorted(os.listdir(os.path.join(corpus, "docs"))):
    if not name.endswith(".txt"):
        continue
    doc = name[:-4]
    preds = []
    with open(os.path.join(out, doc + ".jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                preds.append({"type": rename.get(r["type"], r["type"]), "value": r["value"]})
    with open(os.path.join(out, "pred", doc + ".json"), "w", encoding="utf-8") as f:
        json.dump(preds, f, ensure_ascii=False)
    with open(os.path.join(corpus, "docs", name), encoding="utf-8") as f:
        if kana.search(f.read()):
            ja.append(doc)
split = {"dev": ja, "holdout": []}
with open(os.path.join(out, "split-ja.json"), "w") as f:
    json.dump(split, f)
PY
echo "== all documents"
python3 "$corpus/score.py" "$out/pred" "$@"
echo
echo "== Japanese documents: $(python3 -c "import json,sys; print(' '.join(json.load(open(sys.argv[1]))['dev']))" "$out/split-ja.json")"
python3 "$corpus/score.py" "$out/pred" --split-file "$out/split-ja.json" "$@"
echo
echo "predictions in $out"
