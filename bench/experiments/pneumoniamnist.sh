#!/usr/bin/env bash
# ProtoPNet on PneumoniaMNIST (a MedMNIST npz file, e.g. pneumoniamnist.npz): val AUC and time per epoch.
set -euo pipefail
cd "$(dirname "$0")/../.."
NPZ="${1:?usage: pneumoniamnist.sh PATH/TO/pneumoniamnist.npz [WORKDIR]}"
W="${2:-bench/results/pneumoniamnist}"
mkdir -p "$W"
[ -f "$W/data/manifest.json" ] || npx protoscope data import medmnist "$NPZ" --out "$W/data"
npx protoscope train --data "$W/data" --store "sqlite:$W/store.db" --seed 1 --batch-size 64 --json --method protopnet --epochs 12 \
  --config '{"prototypeDepth":64,"warmupEpochs":2,"pushStart":6,"pushEvery":5,"lastLayerIterations":6,"jointStepEpochs":8,"learningRates":{"backbone":0.002,"addOn":0.003,"prototypes":0.003,"lastLayer":0.001}}' | tail -n 1 > "$W/protopnet.json"
