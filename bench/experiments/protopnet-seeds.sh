#!/usr/bin/env bash
# Prototype methods with their default options over training seeds: `protoscope train --method M
# --data D --store sqlite:… --seed S --json`, nothing else, on 600 mammo-two-view images (data seed 1,
# as defaults-auc.sh) and, when the file is given, on PneumoniaMNIST. One JSON file per run (the last
# line: last-epoch and best val AUC), with the wall seconds and the load average when it ended. Runs
# one at a time, niced. Table: protopnet-seeds-table.mjs WORKDIR.
# Usage: bench/experiments/protopnet-seeds.sh [WORKDIR] [PNEUMONIAMNIST.npz] [METHODS] [MAMMO_SEEDS] [PNEUMONIA_SEEDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
W="${1:-bench/results/protopnet-seeds}"
NPZ="${2:-}"
METHODS="${3:-protopnet}"
MAMMO_SEEDS="${4:-0 1 2 3 4}"
PNEUMONIA_SEEDS="${5:-0 1 2}"
mkdir -p "$W"
[ -f "$W/mammo/manifest.json" ] || npx protoscope data generate mammo-two-view --n 600 --seed 1 --out "$W/mammo"
if [ -n "$NPZ" ] && [ ! -f "$W/pneumoniamnist/manifest.json" ]; then
  npx protoscope data import medmnist "$NPZ" --out "$W/pneumoniamnist"
fi
run() { # set method seed
  local out="$W/$1-$2-seed$3" start end
  start=$(date +%s.%N)
  nice -n 10 npx protoscope train --method "$2" --data "$W/$1" --store "sqlite:$W/store.db" --seed "$3" --json > "$out.json" 2> "$out.log" || true
  end=$(date +%s.%N)
  printf '{"set":"%s","method":"%s","seed":%s,"seconds":%s,"loadAverage":"%s"}\n' "$1" "$2" "$3" "$(echo "$end - $start" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)" > "$out.time.json"
}
for method in $METHODS; do
  for seed in $MAMMO_SEEDS; do run mammo "$method" "$seed"; done
  if [ -n "$NPZ" ]; then
    for seed in $PNEUMONIA_SEEDS; do run pneumoniamnist "$method" "$seed"; done
  fi
done
node bench/experiments/protopnet-seeds-table.mjs "$W"
