#!/usr/bin/env bash
# Localisation and faithfulness of explanations on the runs of mammo-methods.sh (same WORKDIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
W="${1:-bench/results/mammo}"
S="sqlite:$W/store.db"
id() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['runId'])" "$W/$1.json"; }
npx protoscope evaluate --run "$(id mm-global)" --store "$S" --suite classification,localisation,faithfulness --methods gradcam,mdm,rise --limit 45 --json | tail -n 1 > "$W/eval-global.json"
for r in mm-protopnet mm-braix; do
  npx protoscope evaluate --run "$(id $r)" --store "$S" --suite classification,localisation,prototypes --methods prototypes,gradcam --limit 90 --json | tail -n 1 > "$W/eval-$r.json"
done
