#!/usr/bin/env bash
# HAM against the global CNN on synthetic multi-finding chest images (48 px, 600 images, three finding
# types, boxes on 30 % of diseased images, no site signature), 3 seeds: test AUC, T(IoU)/T(IoR) of
# HAM's maps vs Grad-CAM and HAM-style CAM on `global`, and the constraint terms per epoch.
# Usage: bench/experiments/ham-cxr.sh [WORKDIR] [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/../.."
# One backend for every run of the table (the figures were measured on wasm).
export PROTOSCOPE_BACKEND="${PROTOSCOPE_BACKEND:-wasm}"
W="${1:-bench/results/ham-cxr}"
E="${2:-12}"
mkdir -p "$W"
S="sqlite:$W/store.db"
[ -f "$W/data/manifest.json" ] || npx protoscope data generate cxr-multisource --out "$W/data" --n 600 --seed 11 --size 48 \
  --finding-types 3 --box-fraction 0.3 --prevalence 0.6 --signature-strength 0
id() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['runId'])" "$W/$1.json"; }
for seed in 1 2 3; do
  for method in global ham; do
    name="$method-s$seed"
    [ -s "$W/$name.json" ] || npx protoscope train --method "$method" --data "$W/data" --store "$S" --seed "$seed" --batch-size 32 --epochs "$E" --json --name "$name" | tail -n 1 > "$W/$name.json"
    [ -s "$W/eval-$name.json" ] || npx protoscope evaluate --run "$(id "$name")" --store "$S" --images split:test --suite classification,localisation --methods gradcam,ham --json | tail -n 1 > "$W/eval-$name.json"
  done
done
# The HAM runs' constraint terms per epoch (train/bound, train/union), from the store.
python3 - "$W" <<'PY'
import json, sqlite3, sys
w = sys.argv[1]
db = sqlite3.connect(f"{w}/store.db")
out = {}
for seed in (1, 2, 3):
    run = json.load(open(f"{w}/ham-s{seed}.json"))["runId"]
    rows = db.execute("select key, epoch, value from metrics where run_id = ? and key in ('train/bound', 'train/union', 'train/box', 'train/classification') order by epoch, id", (run,)).fetchall()
    series = {}
    for key, epoch, value in rows:
        series.setdefault(key, {})[epoch] = value
    out[f"ham-s{seed}"] = {k: [v[e] for e in sorted(v)] for k, v in series.items()}
json.dump(out, open(f"{w}/constraint-terms.json", "w"), indent=1)
PY
T=bench/experiments/seed-table.mjs
for m in global ham; do
  node $T "auc $m=auc" "$W"/eval-$m-s{1,2,3}.json -- "pointingGame gradcam on $m=pointingGame.gradcam" "$W"/eval-$m-s{1,2,3}.json -- "pointingGame ham on $m=pointingGame.ham" "$W"/eval-$m-s{1,2,3}.json
  for t in 0.1 0.3 0.5 0.7; do node $T "T(IoU) $t gradcam on $m=tIoU.gradcam.[$t]" "$W"/eval-$m-s{1,2,3}.json -- "T(IoU) $t ham on $m=tIoU.ham.[$t]" "$W"/eval-$m-s{1,2,3}.json; done
  for t in 0.1 0.25 0.5 0.75 0.9; do node $T "T(IoR) $t gradcam on $m=tIoR.gradcam.[$t]" "$W"/eval-$m-s{1,2,3}.json -- "T(IoR) $t ham on $m=tIoR.ham.[$t]" "$W"/eval-$m-s{1,2,3}.json; done
done
# Per finding: presence AUC, Dice and HAM's T(IoU)/T(IoR) of the HAM runs' own per-disease maps.
for seed in 1 2 3; do
  [ -s "$W/lesions-ham-s$seed.json" ] || npx protoscope evaluate --run "$(id "ham-s$seed")" --store "$S" --images split:test --suite lesions --json | tail -n 1 > "$W/lesions-ham-s$seed.json"
done
for k in opacity nodule effusion; do
  node $T "presence AUC $k=lesionPresenceAuc.$k" "$W"/lesions-ham-s{1,2,3}.json -- "pointing game $k=lesionPointingGame.$k" "$W"/lesions-ham-s{1,2,3}.json -- "T(IoU) 0.3 $k=lesionTIoU.$k.[0.3]" "$W"/lesions-ham-s{1,2,3}.json -- "T(IoR) 0.25 $k=lesionTIoR.$k.[0.25]" "$W"/lesions-ham-s{1,2,3}.json
done
