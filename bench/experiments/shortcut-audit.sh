#!/usr/bin/env bash
# The prototype shortcut audit on synthetic multi-source chest images (800 images, 48 px, seed 0 data):
# prevalence 0.2 / 0.8 — audited as given and, in the same command, retrained on its prevalence-balanced
# subset — and prevalence 0.5 / 0.5 as given; ProtoPNet on the small CNN, 6 epochs, seeds 0 and 1.
# Reports: WORKDIR/report-*.md; metrics: WORKDIR/*.json (one JSON line each).
# Usage: bench/experiments/shortcut-audit.sh [WORKDIR] [EPOCHS]
set -euo pipefail
cd "$(dirname "$0")/../.."
W="${1:-bench/results/shortcut-audit}"
E="${2:-6}"
mkdir -p "$W"
S="sqlite:$W/store.db"
CONFIG='{"backbone":{"name":"small-cnn"}}'
for prevalence in 0.2,0.8 0.5,0.5; do
  [ -f "$W/cxr-$prevalence/manifest.json" ] || npx protoscope data generate cxr-multisource --out "$W/cxr-$prevalence" --n 800 --seed 0 --size 48 --prevalence "$prevalence"
done
for seed in 0 1; do
  npx protoscope audit shortcut --data "$W/cxr-0.2,0.8" --balanced-out "$W/balanced-s$seed" --method protopnet --config "$CONFIG" \
    --epochs "$E" --seed "$seed" --store "$S" --report "$W/report-0.2,0.8-s$seed.md" --json | tail -n 1 > "$W/0.2,0.8-s$seed.json"
  npx protoscope audit shortcut --data "$W/cxr-0.5,0.5" --no-balanced --method protopnet --config "$CONFIG" \
    --epochs "$E" --seed "$seed" --store "$S" --report "$W/report-0.5,0.5-s$seed.md" --json | tail -n 1 > "$W/0.5,0.5-s$seed.json"
done
cat "$W"/report-*.md
