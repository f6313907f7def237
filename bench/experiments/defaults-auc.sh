#!/usr/bin/env bash
# Every method with its default options (`protoscope train --method M --data D --store sqlite:… --json`,
# nothing else) on 600 mammo-two-view images and, when the file is given, on PneumoniaMNIST: one JSON
# line per run (last-epoch and best val AUC), the wall seconds of the whole command and the load
# average when it ended. Runs one at a time, niced. Summary: defaults-table.mjs WORKDIR.
# Usage: bench/experiments/defaults-auc.sh [WORKDIR] [PNEUMONIAMNIST.npz] [METHODS]
set -euo pipefail
cd "$(dirname "$0")/../.."
W="${1:-bench/results/defaults}"
NPZ="${2:-}"
METHODS="${3:-global adacam protopnet braix-protopnet-pp evalprotopnet multiview}"
mkdir -p "$W"
[ -f "$W/mammo/manifest.json" ] || npx protoscope data generate mammo-two-view --n 600 --seed 1 --out "$W/mammo"
sets=(mammo)
if [ -n "$NPZ" ]; then
  [ -f "$W/pneumoniamnist/manifest.json" ] || npx protoscope data import medmnist "$NPZ" --out "$W/pneumoniamnist"
  sets+=(pneumoniamnist)
fi
for set in "${sets[@]}"; do
  for method in $METHODS; do
    # multiview needs CC/MLO pairs, which PneumoniaMNIST does not have.
    if [ "$method" = multiview ] && [ "$set" = pneumoniamnist ]; then continue; fi
    out="$W/$set-$method"
    start=$(date +%s.%N)
    nice -n 10 npx protoscope train --method "$method" --data "$W/$set" --store "sqlite:$W/store.db" --json > "$out.json" 2> "$out.log"
    end=$(date +%s.%N)
    printf '{"set":"%s","method":"%s","seconds":%s,"loadAverage":"%s"}\n' "$set" "$method" "$(echo "$end - $start" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)" > "$out.time.json"
  done
done
node bench/experiments/defaults-table.mjs "$W"
