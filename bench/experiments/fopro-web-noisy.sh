#!/usr/bin/env bash
# FoPro against the global CNN on web-noisy data over `parts` (400 images, 32 px, 4 classes; 5 clean
# few-shot images per class; 10 % out-of-distribution web images) at 20 % and 40 % label noise:
# test accuracy of both, and precision / recall of FoPro's cleaning step (web images relabelled or
# dropped vs the generator's true noise flags) at the last epoch. `fopro` switches to the relation
# module's cleaning at epoch 10 (of 15); `fopro-soft` keeps the soft-target cleaning to the end.
# Usage: bench/experiments/fopro-web-noisy.sh [WORKDIR] [EPOCHS] [SEEDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
W="${1:-bench/results/fopro-web-noisy}"
E="${2:-15}"
SEEDS="${3:-1 2 3}"
mkdir -p "$W"
S="sqlite:$W/store.db"
CONFIG='{"warmupEpochs":4,"relationFromEpoch":10}'
SOFT_ONLY='{"warmupEpochs":4,"relationFromEpoch":1000}'
id() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['runId'])" "$W/$1.json"; }
for noise in 0.2 0.4; do
  D="$W/data-$noise"
  [ -f "$D/manifest.json" ] || npx protoscope data generate web-noisy --base parts --out "$D" --n 400 --seed 21 --size 32 --label-noise "$noise" --ood-fraction 0.1 --few-shot 5
  for seed in $SEEDS; do
    for variant in global fopro fopro-soft; do
      name="$variant-$noise-s$seed"
      method="${variant%-soft}"
      config='{}'
      [ "$variant" = fopro ] && config="$CONFIG"
      [ "$variant" = fopro-soft ] && config="$SOFT_ONLY"
      [ -s "$W/$name.json" ] || nice -n 10 npx protoscope train --method "$method" --data "$D" --store "$S" --seed "$seed" --batch-size 32 --epochs "$E" --config "$config" --json --name "$name" | tail -n 1 > "$W/$name.json"
      [ -s "$W/eval-$name.json" ] || npx protoscope evaluate --run "$(id "$name")" --store "$S" --images split:test --suite classification --json | tail -n 1 > "$W/eval-$name.json"
    done
  done
done
# The cleaning counts of epoch 9 too, the last one before `fopro` hands the cleaning to the relation module.
python3 - "$W" <<'PY'
import json, pathlib, sqlite3, sys
w = pathlib.Path(sys.argv[1])
db = sqlite3.connect(w / "store.db")
for f in w.glob("fopro*-s*.json"):
    run = json.loads(f.read_text().strip().splitlines()[-1])["runId"]
    rows = db.execute("select key, value from metrics where run_id = ? and epoch = 9 and key like 'cleaning/%' order by id", (run,)).fetchall()
    (w / f"epoch9-{f.name}").write_text(json.dumps({"metrics": dict(rows)}))
PY
T=bench/experiments/seed-table.mjs
for noise in 0.2 0.4; do
  files() { for s in $SEEDS; do echo "$W/$1-$noise-s$s.json"; done; }
  efiles() { for s in $SEEDS; do echo "$W/eval-$1-$noise-s$s.json"; done; }
  # shellcheck disable=SC2046
  node $T "noise $noise global test accuracy=accuracy" $(efiles global)
  for v in fopro fopro-soft; do
    node $T "noise $noise $v test accuracy=accuracy" $(efiles $v) \
      -- "noise $noise $v cleaning precision=metrics.[cleaning/precision]" $(files $v) -- "noise $noise $v cleaning recall=metrics.[cleaning/recall]" $(files $v) \
      -- "noise $noise $v web images kept=metrics.[cleaning/kept]" $(files $v) -- "noise $noise $v relabelled=metrics.[cleaning/relabelled]" $(files $v) -- "noise $noise $v dropped=metrics.[cleaning/dropped]" $(files $v)
    # shellcheck disable=SC2046
    node $T "noise $noise $v epoch 9 cleaning precision=metrics.[cleaning/precision]" $(files $v | sed "s#$W/#$W/epoch9-#") \
      -- "noise $noise $v epoch 9 cleaning recall=metrics.[cleaning/recall]" $(files $v | sed "s#$W/#$W/epoch9-#") \
      -- "noise $noise $v epoch 9 dropped=metrics.[cleaning/dropped]" $(files $v | sed "s#$W/#$W/epoch9-#") -- "noise $noise $v epoch 9 relabelled=metrics.[cleaning/relabelled]" $(files $v | sed "s#$W/#$W/epoch9-#")
  done
done
