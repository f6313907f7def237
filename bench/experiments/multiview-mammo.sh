#!/usr/bin/env bash
# multiview against a single-view global CNN trained on the same images (mammo-two-view, 48 px, 600
# images): test AUC (multiview over pair examples, each image once as the main view), pointing game
# of its per-view Grad-CAM and of its cross-attention maps on the lesion of the other view (from the
# whole main view, and from the main view's lesion), overall and per view (CC, MLO).
# Usage: bench/experiments/multiview-mammo.sh [WORKDIR] [EPOCHS] [SEEDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
export PROTOSCOPE_BACKEND="${PROTOSCOPE_BACKEND:-wasm}"
W="${1:-bench/results/multiview-mammo}"
E="${2:-4}"
SEEDS="${3:-1 2 3}"
mkdir -p "$W"
S="sqlite:$W/store.db"
[ -f "$W/data/manifest.json" ] || npx protoscope data generate mammo-two-view --out "$W/data" --n 600 --seed 7 --size 48
id() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['runId'])" "$W/$1.json"; }
for seed in $SEEDS; do
  for method in global multiview; do
    name="$method-s$seed"
    [ -s "$W/$name.json" ] || npx protoscope train --method "$method" --data "$W/data" --store "$S" --seed "$seed" --batch-size 32 --epochs "$E" --json --name "$name" | tail -n 1 > "$W/$name.json"
  done
  [ -s "$W/eval-global-s$seed.json" ] || npx protoscope evaluate --run "$(id global-s$seed)" --store "$S" --images split:test --suite classification,localisation --methods gradcam --json | tail -n 1 > "$W/eval-global-s$seed.json"
  [ -s "$W/eval-multiview-s$seed.json" ] || npx protoscope evaluate --run "$(id multiview-s$seed)" --store "$S" --images split:test --suite classification,localisation --methods gradcam,cross-attention --json | tail -n 1 > "$W/eval-multiview-s$seed.json"
done
T=bench/experiments/seed-table.mjs
for m in global multiview; do
  files=(); for seed in $SEEDS; do files+=("$W/eval-$m-s$seed.json"); done
  node $T "AUC $m=auc" "${files[@]}" -- "pointing game Grad-CAM on $m=pointingGame.gradcam" "${files[@]}"
done
files=(); for seed in $SEEDS; do files+=("$W/eval-multiview-s$seed.json"); done
node $T "pointing game cross-attention (other view's lesion)=pointingGame.cross-attention" "${files[@]}" -- "pointing game cross-attention from the main lesion (other view's lesion)=pointingGame.[cross-attention@lesion]" "${files[@]}"
for method in gradcam cross-attention cross-attention@lesion; do
  for view in CC MLO; do
    node $T "pointing game $method on $view=pointingGameByView.[$method].$view" "${files[@]}" -- "IoU $method on $view=iouByView.[$method].$view" "${files[@]}"
  done
done
# Baseline: one fixed point per view (the peak of the training lesions' mean mask) on the same test images.
echo "fixed-point baseline (peak of the training lesion masks, per view): $(node bench/experiments/lesion-prior-pointing.mjs "$W/data")"
