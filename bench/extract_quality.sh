#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# extract_quality.sh KIZASHI - extraction quality of `kizashi extract` and, in
# the same run on the same documents, of the npm package ioc-extractor, scored
# by the labelled corpus's own score.py (KSZ_EVAL_DIR, default
# ../shared/eval/extract next to the repository).
#
# Prints, for both: micro precision/recall/F1 over every document (all types of
# the schema, --mode all), and recall over the Japanese documents (those with
# kana or kanji in them). scripts/eval-extract.sh, the extractor's own
# evaluation, runs first when present, and its report is shown as it is.
# Predictions and score reports are kept under bench/out/quality/.
set -eu

kz=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
eval_dir=${KSZ_EVAL_DIR:-$(cd "$root/.." && pwd)/shared/eval/extract}
out="$here/out/quality"
rm -rf "$out"
mkdir -p "$out/kizashi" "$out/ioc-extractor"

if [ ! -d "$here/node_modules/ioc-extractor" ]; then
    echo "extract_quality: installing ioc-extractor into bench/node_modules..." >&2
    npm install --prefix "$here" --no-audit --no-fund --silent >&2
fi

if [ -x "$root/scripts/eval-extract.sh" ]; then
    echo "-- scripts/eval-extract.sh"
    "$root/scripts/eval-extract.sh" "$kz" | sed 's/^/   /'
fi

# kizashi: one JSON-lines run per document, turned into score.py's format.
for doc in "$eval_dir"/docs/*.txt; do
    id=$(basename "$doc" .txt)
    "$kz" extract "$doc" >"$out/kizashi/$id.jsonl"
done
# ioc-extractor: its own runner writes score.py's format directly.
(cd "$here" && node ioc_extractor_eval.js "$eval_dir/docs" "$out/ioc-extractor") >/dev/null

peer_version=$(node -p "require('$here/node_modules/ioc-extractor/package.json').version")
python3 - "$eval_dir" "$out" "$peer_version" <<'EOF'
import json, os, re, subprocess, sys

eval_dir, out, peer_version = sys.argv[1:4]
score = os.path.join(eval_dir, "score.py")
# kizashi's type names -> the score.py schema
TYPES = {"cidr4": "cidr", "cidr6": "cidr", "attack-technique": "attack"}

for name in sorted(os.listdir(os.path.join(out, "kizashi"))):
    if not name.endswith(".jsonl"):
        continue
    pred = {}
    with open(os.path.join(out, "kizashi", name), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                t = TYPES.get(rec["type"], rec["type"])
                pred.setdefault(t, []).append(rec["value"])
    with open(os.path.join(out, "kizashi", name[:-6] + ".json"), "w", encoding="utf-8") as f:
        json.dump(pred, f, ensure_ascii=False)

split = json.load(open(os.path.join(eval_dir, "split.json")))
ids = sorted(split["dev"] + split["holdout"])
cjk = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
ja = [i for i in ids
      if cjk.search(open(os.path.join(eval_dir, "docs", i + ".txt"), encoding="utf-8").read())]
ja_split = os.path.join(out, "split-japanese.json")
json.dump({"version": 1, "dev": ja, "holdout": []}, open(ja_split, "w"))


def run(pred, extra, tag):
    report = os.path.join(out, "score-%s-%s.json" % (os.path.basename(pred), tag))
    p = subprocess.run([sys.executable, score, pred, "--json", report] + extra,
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("extract_quality: score.py failed: " + p.stderr)
    open(report[:-5] + ".txt", "w").write(p.stdout)
    return json.load(open(report))["micro"]


print("quality: %s, %d documents (Japanese: %s), score.py --mode all"
      % (eval_dir, len(ids), " ".join(ja)))
for label, d in (("kizashi extract", "kizashi"),
                 ("ioc-extractor %s" % peer_version, "ioc-extractor")):
    pred = os.path.join(out, d)
    a = run(pred, [], "all")
    j = run(pred, ["--split", "dev", "--split-file", ja_split], "japanese")
    print("  %-20s micro-F1 %.3f  (P %.3f R %.3f)  Japanese recall %.3f"
          % (label, a["f1"], a["precision"], a["recall"], j["recall"]))
EOF
