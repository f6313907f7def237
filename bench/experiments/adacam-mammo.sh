#!/usr/bin/env bash
# AdaCAM against the global CNN on the hard mammography setting: mammo-two-view with small,
# low-contrast lesions (48 px, 600 images, radius × 0.6, contrast 0.2), 3 seeds: test accuracy and AUC.
# Usage: bench/experiments/adacam-mammo.sh [WORKDIR] [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PROTOSCOPE_BACKEND="${PROTOSCOPE_BACKEND:-wasm}"
W="${1:-bench/results/adacam-mammo}"
E="${2:-10}"
mkdir -p "$W"
S="sqlite:$W/store.db"
[ -f "$W/data/manifest.json" ] || npx protoscope data generate mammo-two-view --out "$W/data" --n 600 --seed 5 --size 48 --lesion-scale 0.6 --lesion-contrast 0.2
id() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['runId'])" "$W/$1.json"; }
for seed in 1 2 3; do
  for method in global adacam; do
    name="$method-s$seed"
    [ -s "$W/$name.json" ] || npx protoscope train --method "$method" --data "$W/data" --store "$S" --seed "$seed" --batch-size 32 --epochs "$E" --json --name "$name" | tail -n 1 > "$W/$name.json"
    [ -s "$W/eval-$name.json" ] || npx protoscope evaluate --run "$(id "$name")" --store "$S" --images split:test --suite classification --json | tail -n 1 > "$W/eval-$name.json"
  done
done
T=bench/experiments/seed-table.mjs
for m in global adacam; do
  node $T "accuracy $m=accuracy" "$W"/eval-$m-s{1,2,3}.json -- "AUC $m=auc" "$W"/eval-$m-s{1,2,3}.json -- "best val AUC $m=best.value" "$W"/$m-s{1,2,3}.json
done
