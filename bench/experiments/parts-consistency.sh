#!/usr/bin/env bash
# EvalProtoPNet's consistency and stability of a ProtoPNet trained on synthetic part data.
set -euo pipefail
cd "$(dirname "$0")/../.."
W="${1:-bench/results/parts}"
mkdir -p "$W"
S="sqlite:$W/store.db"
[ -f "$W/data/manifest.json" ] || npx protoscope data generate parts --out "$W/data" --n 1200 --seed 5 --size 48
npx protoscope train --data "$W/data" --store "$S" --seed 1 --batch-size 32 --json --method protopnet --epochs 20 \
  --config '{"prototypeDepth":64,"warmupEpochs":3,"pushStart":10,"pushEvery":10,"lastLayerIterations":5,"jointStepEpochs":12,"learningRates":{"backbone":0.003,"addOn":0.003,"prototypes":0.003,"lastLayer":0.001}}' | tail -n 1 > "$W/protopnet.json"
RUN=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['runId'])" "$W/protopnet.json")
npx protoscope evaluate --run "$RUN" --store "$S" --suite classification,prototypes --json | tail -n 1 > "$W/eval.json"
