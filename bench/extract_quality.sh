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
# kana in them, as scripts/eval-extract.sh picks them). kizashi's predictions
# come from scripts/eval-extract.sh, the extractor's own evaluation, whose
# report is shown first. Predictions and score reports are kept under
# bench/out/quality/.
set -eu

kz=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
eval_dir=${KSZ_EVAL_DIR:-$(cd "$root/.." && pwd)/shared/eval/extract}
out="$here/out/quality"
rm -rf "$out"
mkdir -p "$out"

if [ ! -d "$here/node_modules/ioc-extractor" ]; then
    echo "extract_quality: installing ioc-extractor into bench/node_modules..." >&2
    npm install --prefix "$here" --no-audit --no-fund --silent >&2
fi

# kizashi: the extractor's own evaluation writes score.py predictions and the
# list of Japanese documents; its report is shown as it is.
echo "-- scripts/eval-extract.sh"
KSZ_EVAL_DIR="$eval_dir" "$root/scripts/eval-extract.sh" "$kz" "$out/kizashi" | sed 's/^/   /'
# ioc-extractor: its own runner writes score.py's format directly.
(cd "$here" && node ioc_extractor_eval.js "$eval_dir/docs" "$out/ioc-extractor") >/dev/null

peer_version=$(node -p "require('$here/node_modules/ioc-extractor/package.json').version")
python3 - "$eval_dir" "$out" "$peer_version" <<'EOF'
import json, os, subprocess, sys

eval_dir, out, peer_version = sys.argv[1:4]
score = os.path.join(eval_dir, "score.py")
split = json.load(open(os.path.join(eval_dir, "split.json")))
ids = sorted(split["dev"] + split["holdout"])
ja_split = os.path.join(out, "kizashi", "split-ja.json")
ja = json.load(open(ja_split))["dev"]


def run(pred, extra, name):
    report = os.path.join(out, "score-%s.json" % name)
    p = subprocess.run([sys.executable, score, pred, "--json", report] + extra,
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("extract_quality: score.py failed: " + p.stderr)
    open(report[:-5] + ".txt", "w").write(p.stdout)
    return json.load(open(report))["micro"]


print("quality: %s, %d documents (Japanese: %s), score.py --mode all"
      % (eval_dir, len(ids), " ".join(ja)))
for label, name, d in (("kizashi extract", "kizashi", "kizashi/pred"),
                       ("ioc-extractor %s" % peer_version, "ioc-extractor", "ioc-extractor")):
    pred = os.path.join(out, d)
    a = run(pred, [], name + "-all")
    j = run(pred, ["--split-file", ja_split], name + "-japanese")
    print("  %-20s micro-F1 %.3f  (P %.3f R %.3f)  Japanese recall %.3f"
          % (label, a["f1"], a["precision"], a["recall"], j["recall"]))
EOF
