#!/usr/bin/env bash
# lesion-linked against the global CNN on synthetic fundus images (48 px, 600 images), 3 seeds: test
# grade accuracy and AUC, per-lesion presence AUC, lesion-map Dice and pointing game against the masks.
# Usage: bench/experiments/lesion-fundus.sh [WORKDIR] [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PROTOSCOPE_BACKEND="${PROTOSCOPE_BACKEND:-wasm}"
W="${1:-bench/results/lesion-fundus}"
E="${2:-10}"
mkdir -p "$W"
S="sqlite:$W/store.db"
[ -f "$W/data/manifest.json" ] || npx protoscope data generate fundus-lesions --out "$W/data" --n 600 --seed 11 --size 48
id() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['runId'])" "$W/$1.json"; }
for seed in 1 2 3; do
  for method in global lesion-linked; do
    name="$method-s$seed"
    [ -s "$W/$name.json" ] || npx protoscope train --method "$method" --data "$W/data" --store "$S" --seed "$seed" --batch-size 32 --epochs "$E" --json --name "$name" | tail -n 1 > "$W/$name.json"
  done
  [ -s "$W/eval-global-s$seed.json" ] || npx protoscope evaluate --run "$(id global-s$seed)" --store "$S" --images split:test --suite classification,localisation --methods gradcam --json | tail -n 1 > "$W/eval-global-s$seed.json"
  [ -s "$W/eval-lesion-linked-s$seed.json" ] || npx protoscope evaluate --run "$(id lesion-linked-s$seed)" --store "$S" --images split:test --suite classification,localisation,lesions --methods gradcam,finding-maps --json | tail -n 1 > "$W/eval-lesion-linked-s$seed.json"
done
T=bench/experiments/seed-table.mjs
for m in global lesion-linked; do
  node $T "grade accuracy $m=accuracy" "$W"/eval-$m-s{1,2,3}.json -- "grade AUC $m=auc" "$W"/eval-$m-s{1,2,3}.json -- "pointingGame gradcam on $m=pointingGame.gradcam" "$W"/eval-$m-s{1,2,3}.json
done
node $T "pointingGame finding-maps (union) on lesion-linked=pointingGame.finding-maps" "$W"/eval-lesion-linked-s{1,2,3}.json
for k in drusen haemorrhage exudate scar; do
  node $T "presence AUC $k=lesionPresenceAuc.$k" "$W"/eval-lesion-linked-s{1,2,3}.json -- "Dice $k=lesionDice.$k" "$W"/eval-lesion-linked-s{1,2,3}.json -- "IoU $k=lesionIou.$k" "$W"/eval-lesion-linked-s{1,2,3}.json -- "pointing game $k=lesionPointingGame.$k" "$W"/eval-lesion-linked-s{1,2,3}.json
done
