#!/usr/bin/env bash
# The four single-view methods on synthetic two-view mammography (64 px, 2000 images): val AUC per
# method and the diverse vs plain push. Usage: bench/experiments/mammo-methods.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
W="${1:-bench/results/mammo}"
mkdir -p "$W"
S="sqlite:$W/store.db"
[ -f "$W/data/manifest.json" ] || npx protoscope data generate mammo-two-view --out "$W/data" --n 2000 --seed 7 --size 64
run() { local name=$1; shift; npx protoscope train --data "$W/data" --store "$S" --seed 1 --batch-size 32 --json --name "$name" "$@" | tail -n 1 > "$W/$name.json"; }
run mm-global --method global --epochs 5 --config '{"learningRate":0.002}'
run mm-protopnet --method protopnet --epochs 10 --config '{"prototypeDepth":64,"warmupEpochs":2,"pushStart":6,"pushEvery":4,"lastLayerIterations":3,"jointStepEpochs":6,"learningRates":{"backbone":0.002,"addOn":0.003,"prototypes":0.003,"lastLayer":0.001}}'
run mm-braix --method braix-protopnet-pp --epochs 10 --config '{"prototypeDepth":64,"globalEpochs":3,"prototypeEpochs":2,"globalLearningRate":0.002,"pushStart":6,"pushEvery":4,"lastLayerIterations":3,"jointStepEpochs":6,"learningRates":{"backbone":0.001,"addOn":0.003,"prototypes":0.003,"lastLayer":0.001}}'
run mm-evalprotopnet --method evalprotopnet --epochs 8 --config '{"warmupEpochs":2,"jointStepEpochs":4,"learningRates":{"backbone":0.002,"addOn":0.003,"prototypes":0.003,"aggregation":0.000001}}'
